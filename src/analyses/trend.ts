import { addYears } from '../core/dates.js';
import type { Period } from '../core/periods.js';
import type { SeriesPoint, SeriesSet } from '../series/build.js';
import type { CategoryId } from '../taxonomy/taxonomy.js';
import { type Column, type Row, round } from './result.js';

/** Bases below this are flagged: a change % on a handful of crimes says little. */
export const SMALL_BASE = 50;

export interface ComparabilityVerdict {
  comparable: boolean;
  because: string | null;
}
export type Comparability = (earlier: Period, later: Period, category: CategoryId) => ComparabilityVerdict;
export const alwaysComparable: Comparability = () => ({ comparable: true, because: null });
/** True when a period's figure for a category precedes the category's own code (not a true zero). */
export type PredatesCode = (category: CategoryId, period: Period) => boolean;

export const TREND_COLUMNS: Column[] = [
  { key: 'area', label: 'Area', kind: 'text', inTable: true },
  { key: 'category', label: 'Category', kind: 'text', inTable: true },
  { key: 'period', label: 'Period', kind: 'text', inTable: true },
  { key: 'start', label: 'Start', kind: 'date' },
  { key: 'end', label: 'End', kind: 'date' },
  { key: 'days', label: 'Days', kind: 'int', inTable: true, optional: true },
  { key: 'count', label: 'Count', kind: 'int', inTable: true },
  { key: 'previousPeriod', label: 'Compared with', kind: 'text' },
  { key: 'previousCount', label: 'A year earlier', kind: 'int', inTable: true },
  { key: 'change', label: 'Change', kind: 'int', inTable: true },
  { key: 'changePct', label: 'Change %', kind: 'pct', digits: 2, inTable: true },
  { key: 'smallBase', label: 'Small base', kind: 'bool' },
  { key: 'predatesCode', label: 'Before its code', kind: 'bool' },
  { key: 'comparable', label: 'Comparable', kind: 'bool' },
  { key: 'notComparableBecause', label: 'Not comparable because', kind: 'text' },
];

/**
 * The period a change is measured against: the same period a year earlier, at every grain. For
 * rolling years this is the year ending twelve months before (never the overlapping one ending a
 * quarter before); for quarters and months it removes seasonality.
 */
export function yearEarlierOf(p: Period, points: Map<string, SeriesPoint>): SeriesPoint | undefined {
  const start = addYears(p.start, -1);
  let end = addYears(p.end, -1);
  let hit = points.get(`${p.kind}:${start}:${end}`);
  if (hit) return hit;
  // A period ending on 29 February (or a month end) a year later still lines up by month end.
  const y = Number(end.slice(0, 4));
  const m = Number(end.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (Number(p.end.slice(8, 10)) >= 28 && Number(end.slice(8, 10)) !== last) {
    end = `${end.slice(0, 8)}${String(last).padStart(2, '0')}`;
    hit = points.get(`${p.kind}:${start}:${end}`);
  }
  if (!hit) for (const q of points.values()) if (q.period.kind === p.kind && q.period.end === end) return q;
  return hit;
}

export function changePct(count: number, previous: number): number | null {
  return previous === 0 ? null : round(((count - previous) / previous) * 100, 2);
}

export function trendRows(
  set: SeriesSet,
  comparability: Comparability = alwaysComparable,
  predates: PredatesCode = () => false,
): Row[] {
  const rows: Row[] = [];
  for (const s of set.series) {
    const byKey = new Map(s.points.map((p) => [p.period.key, p]));
    for (const p of s.points) {
      const prev = yearEarlierOf(p.period, byKey);
      const verdict = prev ? comparability(prev.period, p.period, s.category) : { comparable: true, because: null };
      rows.push({
        area: s.area,
        category: s.category,
        period: p.period.label,
        start: p.period.start,
        end: p.period.end,
        days: p.period.days,
        count: p.count,
        previousPeriod: prev ? prev.period.label : null,
        previousCount: prev ? prev.count : null,
        change: prev ? p.count - prev.count : null,
        changePct: prev ? changePct(p.count, prev.count) : null,
        smallBase: prev ? prev.count < SMALL_BASE : false,
        predatesCode: predates(s.category, p.period),
        comparable: prev ? verdict.comparable : true,
        notComparableBecause: prev ? verdict.because : null,
      });
    }
  }
  return rows;
}
