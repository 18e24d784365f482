import { dayNumber, daysInMonth, isoDate, isoFromDayNumber, isValidDate, MONTH_NAMES } from '../core/dates.js';
import { calendarYear, day, financialYear, fyQuarter, month, type Period, rollingYearEnding } from '../core/periods.js';

/** "2015/16", "2015-16", "2015/2016", "FY 2015/16", "2015-2016" → 2015; else null. */
export function parseFinancialYear(cell: string): number | null {
  const m = /^\s*(?:fy\s*)?(\d{4})\s*[/\-\u2013]\s*(\d{2}|\d{4})\s*$/i.exec(cell);
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  const endYear = m[2].length === 2 ? Math.floor(start / 100) * 100 + end + (end < start % 100 ? 100 : 0) : end;
  return endYear === start + 1 ? start : null;
}

/** "1".."4", "Q1", "Quarter 1", "Apr-Jun" → quarter number; else null. */
export function parseQuarterNumber(cell: string): number | null {
  const t = cell.trim().toLowerCase();
  const m = /^(?:q|quarter\s*)?([1-4])$/.exec(t);
  if (m) return Number(m[1]);
  const names: Record<string, number> = { 'apr-jun': 1, 'jul-sep': 2, 'oct-dec': 3, 'jan-mar': 4 };
  return names[t.replace(/\s|to/g, '').replace('–', '-')] ?? null;
}

/** `YYYYMM` column headers of the Met files ("201004"). */
export function parseYyyymm(cell: string): Period | null {
  const m = /^\s*(\d{4})(\d{2})\s*$/.exec(cell);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return y >= 1900 && y <= 2200 && mo >= 1 && mo <= 12 ? month(y, mo) : null;
}

export interface ParsedDate {
  iso: string;
}

/**
 * A calendar date as it appears in police and ONS files: `31/03/2003`, `31-03-2003`, `2003-03-31`,
 * with or without a time, or an Excel serial day number (1900 date system). Day-first, never
 * month-first: these are UK sources.
 */
export function parseDateCell(cell: string): string | null {
  const t = cell.trim();
  let m = /^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(t);
  if (m) {
    const d = Number(m[1]);
    const mo = Number(m[2]);
    const y = Number(m[3]);
    return isValidDate(y, mo, d) ? isoDate(y, mo, d) : null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    return isValidDate(y, mo, d) ? isoDate(y, mo, d) : null;
  }
  m = /^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})$/.exec(t);
  if (m) {
    const mo = monthFromName(m[2]);
    const y = Number(m[3]);
    const d = Number(m[1]);
    return mo && isValidDate(y, mo, d) ? isoDate(y, mo, d) : null;
  }
  m = /^(\d{5})(?:\.\d+)?$/.exec(t);
  if (m) {
    const serial = Number(m[1]);
    // Excel's day 1 is 1900-01-01 and it counts a 29 Feb 1900 that never was: serial 25569 is 1970-01-01.
    if (serial >= 20000 && serial <= 80000) return isoFromDayNumber(serial - 25569);
  }
  return null;
}

export function monthFromName(name: string): number | null {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n.length < 3) return null;
  const i = n === 'sept' ? 8 : MONTH_NAMES.findIndex((full) => full.startsWith(n));
  return i >= 0 ? i + 1 : null;
}

export interface RollingEnd {
  period: Period;
  /** Set when the written date was moved to the month end it stands for (ONS's `30/12/2017`). */
  snappedFrom?: string;
}

/**
 * The end of a rolling 12-month period. ONS period ends are month ends; one vintage writes
 * `30/12/2017` for the year ending December 2017, so a date one day short of a month end is read
 * as that month end (and reported).
 */
export function parseRollingEnd(cell: string): RollingEnd | null {
  const iso = parseDateCell(cell);
  if (!iso) return null;
  const y = Number(iso.slice(0, 4));
  const mo = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const last = daysInMonth(y, mo);
  if (d === last) return { period: rollingYearEnding(iso) };
  if (d === last - 1) {
    const snapped = isoDate(y, mo, last);
    return { period: rollingYearEnding(snapped), snappedFrom: iso };
  }
  return { period: rollingYearEnding(iso) };
}

/**
 * Any period label a mapped column may hold: financial year (`2017/18`), quarter (`2017/18 Q1`),
 * month (`2017-04`, `201704`, `Apr 2017`, `April 2017`), calendar year (`2017`), or a date (a day).
 */
export function parsePeriodLabel(cell: string): Period | null {
  const t = cell.trim();
  const fy = parseFinancialYear(t);
  if (fy !== null) return financialYear(fy);
  let m = /^(?:fy\s*)?(\d{4}\s*[/-]\s*\d{2,4})\s*,?\s*(?:q|quarter\s*)([1-4])$/i.exec(t);
  if (m) {
    const y = parseFinancialYear(m[1]);
    if (y !== null) return fyQuarter(y, Number(m[2]));
  }
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return month(Number(m[1]), Number(m[2]));
  const ym = parseYyyymm(t);
  if (ym) return ym;
  m = /^([A-Za-z]{3,9})\.?[ -](\d{4})$/.exec(t);
  if (m) {
    const mo = monthFromName(m[1]);
    if (mo) return month(Number(m[2]), mo);
  }
  m = /^(\d{4})$/.exec(t);
  if (m && Number(m[1]) >= 1900 && Number(m[1]) <= 2200) return calendarYear(Number(m[1]));
  const iso = parseDateCell(t);
  if (iso) return day(iso);
  return null;
}

export { dayNumber };
