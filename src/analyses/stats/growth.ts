import { wholeMonths } from '../../core/dates.js';

/**
 * Changes, growth rates and per-period averages. Missing or meaningless results are `null`,
 * never NaN or Infinity, so renderers can print them as blanks and JSON stays valid.
 */

/** Bases below this are flagged as unstable: a handful of offences moves the percentage a lot. */
export const SMALL_BASE = 50;

/**
 * One meaning of "per month" everywhere: for a period of whole calendar months (a financial year, a
 * quarter, 12 months ending a month's last day) the count divided by the months, as a reader works
 * it out (54,555 in 2019/20 is 4,546.25 a month); for any other period, the exact per-day rate times
 * the average Gregorian month, 365.25 / 12 = 30.4375 days. Each figure says which it is.
 */
export const DAYS_PER_AVERAGE_MONTH = 365.25 / 12;
export const PER_MONTH_CONVENTION =
  'count / months for a period of whole calendar months; otherwise count / days × 365.25 / 12 ' +
  '(an average month of 30.4375 days)';

function finite(x: number): boolean {
  return typeof x === 'number' && Number.isFinite(x);
}

/** count − prev; null when either is missing. */
export function change(count: number, prev: number): number | null {
  if (!finite(count) || !finite(prev)) return null;
  return count - prev;
}

/**
 * (count − prev) / prev × 100. Null on a zero base (no finite percentage exists) and on a negative
 * base (counts net of adjustments can dip below zero, and a percentage of one means nothing).
 */
export function changePct(count: number, prev: number): number | null {
  if (!finite(count) || !finite(prev) || prev <= 0) return null;
  return ((count - prev) / prev) * 100;
}

/** True when the base of a percentage change is under SMALL_BASE, including zero. */
export function isSmallBase(prev: number): boolean {
  return !finite(prev) || prev < SMALL_BASE;
}

/**
 * Compound annual growth rate in per cent over `years` whole years: ((last / first)^(1 / years) − 1) × 100.
 * Null when first is 0 or negative, last is negative, or years is not a whole number of at least 1.
 */
export function cagr(first: number, last: number, years: number): number | null {
  if (!finite(first) || !finite(last) || !finite(years)) return null;
  if (first <= 0 || last < 0 || years < 1 || !Number.isInteger(years)) return null;
  return ((last / first) ** (1 / years) - 1) * 100;
}

/** count / exact days in the period; null when days is not positive. */
export function perDay(count: number, days: number): number | null {
  if (!finite(count) || !finite(days) || days <= 0) return null;
  return count / days;
}

export function perWeek(count: number, days: number): number | null {
  const rate = perDay(count, days);
  return rate === null ? null : rate * 7;
}

/** How a per-month figure was worked out: by whole months, or from days. */
export type PerMonthBasis = 'months' | 'days';

/** See PER_MONTH_CONVENTION. */
export function perMonth(
  count: number,
  period: { start: string; end: string; days: number },
): { value: number | null; basis: PerMonthBasis; months: number | null } {
  const months = wholeMonths(period.start, period.end);
  if (months !== null) return { value: finite(count) ? count / months : null, basis: 'months', months };
  const rate = perDay(count, period.days);
  return { value: rate === null ? null : rate * DAYS_PER_AVERAGE_MONTH, basis: 'days', months: null };
}
