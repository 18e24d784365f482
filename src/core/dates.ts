/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`) through UTC day numbers, so no time zone or
 * daylight-saving shift can move a period boundary.
 */
const MS_PER_DAY = 86_400_000;

export function dayNumber(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function isoFromDayNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Inclusive count of days from start to end. */
export function daysBetweenInclusive(startIso: string, endIso: string): number {
  return dayNumber(endIso) - dayNumber(startIso) + 1;
}

export function addDays(iso: string, n: number): string {
  return isoFromDayNumber(dayNumber(iso) + n);
}

/** The same calendar day `years` earlier or later; 29 February becomes 28 February. */
export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const m = Number(iso.slice(5, 7));
  const d = Math.min(Number(iso.slice(8, 10)), daysInMonth(y, m));
  return isoDate(y, m, d);
}

export function isValidDate(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) &&
    Number.isInteger(m) &&
    Number.isInteger(d) &&
    y >= 1900 &&
    y <= 2200 &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, m)
  );
}

export function isMonthEnd(iso: string): boolean {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return Number(iso.slice(8, 10)) === daysInMonth(y, m);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export function monthAbbrev(m: number): string {
  return MONTHS[m - 1];
}
export const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** "April 2020" for 2020-04-01. */
export function monthYear(iso: string): string {
  const name = MONTH_NAMES[Number(iso.slice(5, 7)) - 1];
  return `${name[0].toUpperCase()}${name.slice(1)} ${iso.slice(0, 4)}`;
}

/**
 * How many whole calendar months the days `start` to `end` (ISO, inclusive) are: 12 for 2019/20,
 * 3 for a quarter. Null when the span does not start on a 1st and end on a month's last day.
 */
export function wholeMonths(start: string, end: string): number | null {
  if (!start.endsWith('-01')) return null;
  const ey = Number(end.slice(0, 4));
  const em = Number(end.slice(5, 7));
  if (Number(end.slice(8, 10)) !== daysInMonth(ey, em)) return null;
  const months = (ey - Number(start.slice(0, 4))) * 12 + em - Number(start.slice(5, 7)) + 1;
  return months > 0 ? months : null;
}
