import { addDays, addYears, daysBetweenInclusive, daysInMonth, isMonthEnd, isoDate, monthAbbrev } from './dates.js';

/**
 * A period with exact bounds. Every count in the tool belongs to one. `days` is inclusive and exact
 * (2019/20 has 366 days), so per-day rates never use a nominal 365.
 */
export type PeriodKind = 'fy' | 'quarter' | 'month' | 'year' | 'rolling' | 'day';

export interface Period {
  kind: PeriodKind;
  /** ISO start date, inclusive. */
  start: string;
  /** ISO end date, inclusive. */
  end: string;
  days: number;
  label: string;
  /** Stable identity: kind, start and end. */
  key: string;
}

/** Grains that `--by` can ask for. */
export type Grain = 'fy' | 'year' | 'quarter' | 'month';

function make(kind: PeriodKind, start: string, end: string, label: string): Period {
  return { kind, start, end, days: daysBetweenInclusive(start, end), label, key: `${kind}:${start}:${end}` };
}

/** Financial year starting 1 April of `startYear` ("2017/18"). */
export function financialYear(startYear: number): Period {
  return make('fy', isoDate(startYear, 4, 1), isoDate(startYear + 1, 3, 31), fyLabel(startYear));
}

export function fyLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** Quarter q (1 = Apr–Jun … 4 = Jan–Mar) of the financial year starting in `fyStartYear`. */
export function fyQuarter(fyStartYear: number, q: number): Period {
  const startMonth = (((q - 1) * 3 + 3) % 12) + 1; // 1→4, 2→7, 3→10, 4→1
  const year = q === 4 ? fyStartYear + 1 : fyStartYear;
  const endMonth = startMonth + 2;
  return make(
    'quarter',
    isoDate(year, startMonth, 1),
    isoDate(year, endMonth, daysInMonth(year, endMonth)),
    `${monthAbbrev(startMonth)}-${monthAbbrev(endMonth)} ${year}`,
  );
}

/** The financial year (start year) and quarter number that contain a calendar month. */
export function fyQuarterOfMonth(year: number, month: number): { fyStartYear: number; quarter: number } {
  const fyStartYear = month >= 4 ? year : year - 1;
  const quarter = month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4;
  return { fyStartYear, quarter };
}

export function month(year: number, m: number): Period {
  return make('month', isoDate(year, m, 1), isoDate(year, m, daysInMonth(year, m)), `${monthAbbrev(m)} ${year}`);
}

export function calendarYear(year: number): Period {
  return make('year', isoDate(year, 1, 1), isoDate(year, 12, 31), String(year));
}

export function day(iso: string): Period {
  return make('day', iso, iso, iso);
}

/** Rolling twelve months ending on `endIso` (inclusive): from the day after `endIso` minus a year. */
export function rollingYearEnding(endIso: string): Period {
  const start = addDays(addYears(endIso, -1), 1);
  const y = Number(endIso.slice(0, 4));
  const m = Number(endIso.slice(5, 7));
  const label = isMonthEnd(endIso) ? `12 months ending ${monthAbbrev(m)} ${y}` : `12 months ending ${endIso}`;
  return make('rolling', start, endIso, label);
}

/** The financial-year start year containing an ISO date. */
export function financialYearOf(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return m >= 4 ? y : y - 1;
}

/** The period of `grain` that contains the ISO date. */
export function periodContaining(grain: Grain, iso: string): Period {
  // Asked for once per point of every series: the few distinct answers are kept (periods are
  // never changed once made).
  let byDate = containing.get(grain);
  if (!byDate) containing.set(grain, (byDate = new Map()));
  let p = byDate.get(iso);
  if (!p) byDate.set(iso, (p = periodContainingOnce(grain, iso)));
  return p;
}

const containing = new Map<Grain, Map<string, Period>>();

/** The periods of `grain` that make up `outer`, in order (the last may run past its end). */
export function periodsWithin(outer: Period, grain: Grain): Period[] {
  const out: Period[] = [];
  let d = outer.start;
  while (d <= outer.end) {
    const p = periodContaining(grain, d);
    out.push(p);
    d = addDays(p.end, 1);
  }
  return out;
}

function periodContainingOnce(grain: Grain, iso: string): Period {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  switch (grain) {
    case 'fy':
      return financialYear(financialYearOf(iso));
    case 'year':
      return calendarYear(y);
    case 'quarter': {
      const { fyStartYear, quarter } = fyQuarterOfMonth(y, m);
      return fyQuarter(fyStartYear, quarter);
    }
    case 'month':
      return month(y, m);
  }
}

/** True when `p` is exactly one period of `grain` (same bounds). */
export function isExactly(grain: Grain, p: Period): boolean {
  const q = periodContaining(grain, p.start);
  return q.start === p.start && q.end === p.end;
}

/** Grain of a period if it has exactly the bounds of one; rolling years ending Mar/Dec count. */
export function exactGrainOf(p: Period): Grain | null {
  for (const g of ['month', 'quarter', 'fy', 'year'] as const) if (isExactly(g, p)) return g;
  return null;
}

export function comparePeriods(a: Period, b: Period): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0;
}

export const GRAIN_NAMES: Record<Grain, string> = {
  fy: 'financial year',
  year: 'calendar year',
  quarter: 'quarter',
  month: 'month',
};

export const PERIOD_KIND_NAMES: Record<PeriodKind, string> = {
  fy: 'financial year',
  quarter: 'financial-year quarter',
  month: 'month',
  year: 'calendar year',
  rolling: 'rolling 12 months',
  day: 'day',
};
