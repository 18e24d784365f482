import { addDays, addYears } from '../core/dates.js';
import { exactGrainOf, type Period } from '../core/periods.js';
import type { Series, SeriesPoint, SeriesSet } from '../series/build.js';
import { predatesCodeReason, registerComparability } from './comparability.js';
import { type Column, type Row, round } from './result.js';
import {
  cagr,
  changePct,
  PER_MONTH_CONVENTION,
  perDay,
  perMonth,
  perWeek,
  poissonRateRatio,
  SMALL_BASE,
} from './stats/index.js';
import { type Comparability, yearEarlierOf } from './trend.js';

/**
 * Per-day, per-week and per-month rates for every period, with the change on the same period a
 * year earlier and, for series of whole years, compound annual growth over the span.
 *
 * Rates divide by the exact days of each period (2019/20 has 366), never by a nominal 365. A
 * period that starts before its category had a code of its own has no rate: its figure is not a
 * count of that category (see predatesCodeReason).
 */

/** Rates and ratios keep six decimals in JSON and CSV; the table rounds further. */
export const RATE_DIGITS = 6;

export const DAILY_COLUMNS: Column[] = [
  { key: 'area', label: 'Area', kind: 'text', inTable: true },
  { key: 'category', label: 'Category', kind: 'text', inTable: true },
  { key: 'period', label: 'Period', kind: 'text', inTable: true },
  { key: 'start', label: 'Start', kind: 'date', inTable: false },
  { key: 'end', label: 'End', kind: 'date', inTable: false },
  { key: 'days', label: 'Days', kind: 'int', inTable: true, optional: true },
  { key: 'count', label: 'Count', kind: 'int', inTable: true },
  { key: 'perDayText', label: 'Per day', kind: 'text', inTable: true },
  { key: 'perDay', label: 'Per day', kind: 'number', digits: 4, inTable: false },
  { key: 'perWeek', label: 'Per week', kind: 'number', digits: 1, inTable: true, optional: true },
  { key: 'perMonth', label: 'Per month', kind: 'number', digits: 1, inTable: true },
  { key: 'perMonthBy', label: 'Per month by', kind: 'text' },
  { key: 'previousPeriod', label: 'Compared with', kind: 'text', inTable: false },
  { key: 'previousCount', label: 'A year earlier', kind: 'int', inTable: true },
  { key: 'change', label: 'Change', kind: 'int', inTable: false },
  { key: 'changePct', label: 'Change %', kind: 'pct', digits: 2, inTable: true },
  { key: 'changePctMissingBecause', label: 'No change % because', kind: 'text', inTable: false },
  { key: 'rateRatio', label: 'Rate ratio', kind: 'ratio', digits: 4, inTable: false },
  { key: 'ciLow', label: '95% CI low', kind: 'ratio', digits: 4, inTable: false },
  { key: 'ciHigh', label: '95% CI high', kind: 'ratio', digits: 4, inTable: false },
  { key: 'smallBase', label: 'Small base', kind: 'bool', inTable: false },
  { key: 'predatesCode', label: 'Before its code', kind: 'bool', inTable: false },
  { key: 'comparable', label: 'Comparable', kind: 'bool', inTable: false },
  { key: 'notComparableBecause', label: 'Not comparable because', kind: 'text', inTable: false },
];

/** Columns that only phrase other columns for a reader; JSON and CSV leave them out. */
export const DAILY_DISPLAY_ONLY: ReadonlySet<string> = new Set(['perDayText']);

/** Compound annual growth of one series over a span of whole years. */
export interface AnnualGrowth {
  area: string;
  category: string;
  from: string;
  to: string;
  years: number;
  firstCount: number;
  lastCount: number;
  /** Years at the start left out because they precede the category's own code. */
  yearsBeforeCode: number;
  /** Per cent a year; null when it does not exist (see `why`). */
  cagr: number | null;
  comparable: boolean;
  notComparableBecause: string | null;
  why: string | null;
}

export interface DailyAnalysis {
  rows: Row[];
  growth: AnnualGrowth[];
  notes: string[];
}

export interface DailyOptions {
  /** ISO bounds on the periods shown (`--from`, `--to`); the year-earlier figure may lie outside them. */
  from?: string;
  to?: string;
  comparability?: Comparability;
}

function r6(x: number | null): number | null {
  return x === null ? null : round(x, RATE_DIGITS);
}

/**
 * "6.4 a day"; below one a day also "one every N days", which is how a reader pictures it.
 */
export function perDayPhrase(rate: number | null): string {
  if (rate === null) return '';
  if (rate === 0) return 'none';
  if (rate < 0) return `${rate.toFixed(2)} a day (net of adjustments)`;
  if (rate >= 1) return `${withThousands(rate.toFixed(1))} a day`;
  const every = 1 / rate;
  const digits = rate >= 0.1 ? 2 : rate >= 0.01 ? 3 : 4;
  const days = every >= 10 ? withThousands(every.toFixed(0)) : every.toFixed(1);
  return `${rate.toFixed(digits)} a day (one every ${days} days)`;
}

/** "12345" → "12,345" (decimals kept). */
export function withThousands(s: string): string {
  const [i, f] = s.split('.');
  return i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (f ? `.${f}` : '');
}

function inRange(p: Period, from?: string, to?: string): boolean {
  return (!from || p.start >= from) && (!to || p.end <= to);
}

function dailyRow(s: Series, p: SeriesPoint, prev: SeriesPoint | undefined, comparability: Comparability): Row {
  const predates = predatesCodeReason(s.category, p.period) !== null;
  const prevPredates = prev ? predatesCodeReason(s.category, prev.period) !== null : false;
  const rate = predates ? null : perDay(p.count, p.period.days);
  const month = perMonth(p.count, p.period);
  const verdict = prev ? comparability(prev.period, p.period, s.category) : { comparable: true, because: null };
  const pct = prev ? changePct(p.count, prev.count) : null;
  let missingBecause: string | null = null;
  if (!prev) missingBecause = 'no figure for the same period a year earlier in the data';
  else if (prev.count === 0) missingBecause = 'zero base: a rise from 0 has no percentage';
  else if (prev.count < 0) missingBecause = 'negative base (net of adjustments): no percentage';
  const rr =
    prev && !predates && !prevPredates ? poissonRateRatio(prev.count, prev.period.days, p.count, p.period.days) : null;
  return {
    area: s.area,
    category: s.category,
    period: p.period.label,
    start: p.period.start,
    end: p.period.end,
    days: p.period.days,
    count: p.count,
    perDayText: predates ? 'n/a: before its own code' : perDayPhrase(rate),
    perDay: r6(rate),
    perWeek: predates ? null : r6(perWeek(p.count, p.period.days)),
    perMonth: predates ? null : r6(month.value),
    perMonthBy: predates ? null : month.basis === 'months' ? `${month.months} months` : 'days',
    previousPeriod: prev ? prev.period.label : null,
    previousCount: prev ? prev.count : null,
    change: prev ? p.count - prev.count : null,
    changePct: pct === null ? null : round(pct, 2),
    changePctMissingBecause: missingBecause,
    rateRatio: rr ? r6(rr.ratio) : null,
    ciLow: rr ? r6(rr.low) : null,
    ciHigh: rr ? r6(rr.high) : null,
    smallBase: prev ? prev.count < SMALL_BASE : false,
    predatesCode: predates,
    comparable: prev ? verdict.comparable : true,
    notComparableBecause: prev ? verdict.because : null,
  };
}

/** True when every point is one financial or calendar year, all of the same kind. */
function wholeYears(points: SeriesPoint[]): boolean {
  if (points.length < 2) return false;
  const grain = exactGrainOf(points[0].period);
  if (grain !== 'fy' && grain !== 'year') return false;
  return points.every(
    (p) => exactGrainOf(p.period) === grain && addYears(p.period.start, 1) === addDays(p.period.end, 1),
  );
}

/**
 * Compound annual growth from the first to the last whole year shown. Years before the category
 * had a code of its own are no base for growth, so the span starts at the first year after them.
 */
export function annualGrowth(
  s: Series,
  points: SeriesPoint[],
  comparability: Comparability = registerComparability,
): AnnualGrowth | null {
  if (!wholeYears(points)) return null;
  const own = points.filter((p) => predatesCodeReason(s.category, p.period) === null);
  const first = own.length >= 2 ? own[0] : points[0];
  const last = points[points.length - 1];
  const years = Number(last.period.start.slice(0, 4)) - Number(first.period.start.slice(0, 4));
  const verdict = comparability(first.period, last.period, s.category);
  let value: number | null = null;
  let why: string | null = null;
  if (own.length < 2) why = `fewer than two years with the category's own code`;
  else if (first.count <= 0)
    why =
      `${first.period.label} has ${first.count === 0 ? 'no offences' : 'a negative net count'}: ` +
      'no growth rate from it';
  else if (last.count < 0) why = `${last.period.label} has a negative net count`;
  else value = cagr(first.count, last.count, years);
  return {
    area: s.area,
    category: s.category,
    from: first.period.label,
    to: last.period.label,
    years,
    firstCount: first.count,
    lastCount: last.count,
    yearsBeforeCode: points.indexOf(first),
    cagr: value === null ? null : round(value, 2),
    comparable: verdict.comparable,
    notComparableBecause: verdict.because,
    why,
  };
}

export function growthNote(g: AnnualGrowth): string {
  const head =
    `${g.area}, ${g.category}: compound annual growth ${g.from} to ${g.to} ` +
    `(${g.years} year${g.years === 1 ? '' : 's'}, ${withThousands(String(g.firstCount))} to ` +
    `${withThousands(String(g.lastCount))})`;
  const skipped = g.yearsBeforeCode
    ? ` (starting after ${g.yearsBeforeCode} year${g.yearsBeforeCode === 1 ? '' : 's'} before the category's own code)`
    : '';
  if (g.cagr === null) return `${head}: none (${g.why})`;
  const sign = g.cagr > 0 ? '+' : g.cagr < 0 ? '−' : '±';
  const rate = `${sign}${Math.abs(g.cagr).toFixed(2)}% a year`;
  return g.comparable
    ? `${head}${skipped}: ${rate}`
    : `${head}${skipped}: ${rate}, but not like for like: ${g.notComparableBecause}`;
}

export function dailyAnalysis(set: SeriesSet, options: DailyOptions = {}): DailyAnalysis {
  const comparability = options.comparability ?? registerComparability;
  const rows: Row[] = [];
  const growth: AnnualGrowth[] = [];
  for (const s of set.series) {
    const byKey = new Map(s.points.map((p) => [p.period.key, p]));
    const shown = s.points.filter((p) => inRange(p.period, options.from, options.to));
    for (const p of shown) rows.push(dailyRow(s, p, yearEarlierOf(p.period, byKey), comparability));
    const g = annualGrowth(s, shown, comparability);
    if (g) growth.push(g);
  }
  const notes = [
    'per day = count / exact days in the period (a financial year with 29 February has 366); per week = per day × 7',
    `per month = ${PER_MONTH_CONVENTION}`,
    'change is measured against the same period a year earlier; change % is null on a zero or negative base ' +
      '(changePctMissingBecause says why), and bases under 50 are flagged as small',
    'rate ratio = per-day rate / per-day rate a year earlier, with a 95% exact (conditional Poisson) interval: ' +
      'recorded crime is a full count, so the interval describes random variation, not sampling error',
  ];
  notes.push(...growth.map(growthNote));
  return { rows, growth, notes };
}
