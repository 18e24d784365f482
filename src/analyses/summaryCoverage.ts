import { compareText } from '../core/order.js';
import {
  comparePeriods,
  exactGrainOf,
  financialYearOf,
  GRAIN_NAMES,
  PERIOD_KIND_NAMES,
  type Period,
  periodsWithin,
} from '../core/periods.js';
import { KEY_SEPARATOR } from '../read/group.js';
import { inArea, withoutDoubleCounting } from '../series/areas.js';
import { ALL_AREAS, buildSeries, mergeObservations, type SeriesPoint } from '../series/build.js';
import type { ObservationTable } from '../series/observations.js';
import type { LoadedInput, Observation } from '../series/types.js';
import type { CategoryId } from '../taxonomy/taxonomy.js';
import { type NativePoints, PointColumns } from './nativePoints.js';
import { type SummaryOptions, type SummaryYear, summaryYear, type YearKind } from './summaryYear.js';

/**
 * What the data cover: the finest areas and their own periods, which years a summary can be built
 * for, and, for a year it cannot, why (missing quarters, rolling totals that do not end on its last
 * day, records that stop short of it).
 */

export function within(p: Period, outer: Period): boolean {
  return p.start >= outer.start && p.end <= outer.end;
}

export function overlaps(p: Period, outer: Period): boolean {
  return p.start <= outer.end && p.end >= outer.start;
}

export function longDate(iso: string): string {
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  return `${Number(iso.slice(8, 10))} ${months[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/** Why a year's figure cannot be built from an area's own periods. */
export function gapDetail(
  native: SeriesPoint[],
  target: Period,
  recordSpan: { start: string; end: string } | null,
): string {
  if (recordSpan && native.length)
    return `the data run from ${recordSpan.start} to ${recordSpan.end}, which does not cover all of ${target.label}`;
  const inside = native.filter((p) => p.period.kind !== 'rolling' && within(p.period, target));
  if (inside.length === 0) {
    if (native.some((p) => p.period.kind === 'rolling'))
      return (
        `no 12-month total ending ${longDate(target.end)} ` +
        '(rolling totals overlap, so they are never added or split)'
      );
    const coarse = native.find((p) => overlaps(p.period, target));
    if (coarse)
      return (
        `${PERIOD_KIND_NAMES[coarse.period.kind]} figures cannot be split into ` +
        `${target.kind === 'fy' ? 'financial' : 'calendar'} years`
      );
    return `no figures for ${target.label}`;
  }
  const grain = exactGrainOf(inside[0].period);
  if (!grain) return `${inside.reduce((s, p) => s + p.period.days, 0)} of ${target.days} days covered`;
  const have = new Set(inside.map((p) => p.period.key));
  const parts = periodsWithin(target, grain);
  const missing = parts.filter((p) => !have.has(p.key));
  const list =
    missing.length > 4
      ? `${missing[0].label} … ${missing[missing.length - 1].label}`
      : missing.map((m) => m.label).join(', ');
  return `${parts.length - missing.length} of ${parts.length} ${GRAIN_NAMES[grain]}s present; missing ${list}`;
}

export interface Finest {
  path: string[];
  roles: string[];
  name: string;
  groups: string[];
  /** Own points by category, summed over offences, in order of start. */
  byCategory: Map<CategoryId, NativePoints>;
  /** The path joined with the key separator. */
  key: string;
  /** The path as it is shown: joined with ' / '. */
  shown: string;
}

/** Each finest area of the merged data, with the report groups (rows) it counts towards. */
export function finestAreas(_inputs: LoadedInput[], merged: Iterable<Observation>, opts: SummaryOptions): Finest[] {
  // Each area's counts by category, at a small number per distinct period (by key).
  type Entry = { path: string[]; roles: string[]; key: string; counts: Map<CategoryId, number[]> };
  const byPath = new Map<string, Entry>();
  // Observations of one area share its path array, and of one period its object: each is looked
  // up by identity, and joined or keyed once.
  const byArray = new Map<string[], Entry>();
  const periodIds = new Map<Period, number>();
  const idOfKey = new Map<string, number>();
  const periods: Period[] = [];
  const names = opts.areas.map((w) => w.name);
  let points = 0;
  for (const o of withoutDoubleCounting(merged, names)) {
    let f = byArray.get(o.areaPath);
    if (!f) {
      const key = o.areaPath.join(KEY_SEPARATOR);
      f = byPath.get(key);
      if (!f) byPath.set(key, (f = { path: o.areaPath, roles: o.areaRoles, key, counts: new Map() }));
      byArray.set(o.areaPath, f);
    }
    let id = periodIds.get(o.period);
    if (id === undefined) {
      id = idOfKey.get(o.period.key);
      if (id === undefined) {
        idOfKey.set(o.period.key, (id = idOfKey.size));
        periods.push(o.period);
      }
      periodIds.set(o.period, id);
    }
    let counts = f.counts.get(o.category);
    if (!counts) f.counts.set(o.category, (counts = []));
    // A second observation for the same period adds to its point.
    const c = counts[id];
    if (c === undefined) {
      counts[id] = o.count;
      points++;
    } else counts[id] = c + o.count;
  }
  // Periods ranked by start, then end, then first appearance.
  const rank = new Int32Array(periods.length);
  periods
    .map((_, id) => id)
    .sort((a, b) => comparePeriods(periods[a], periods[b]) || a - b)
    .forEach((id, r) => {
      rank[id] = r;
    });
  const columns = new PointColumns(periods, points);
  const wanted = opts.areas;
  const single = byPath.size === 1 ? [...byPath.values()][0].path : null;
  const out: Finest[] = [];
  for (const f of byPath.values()) {
    const name = f.path[f.path.length - 1];
    let groups: string[];
    if (wanted.length) {
      const hits = wanted.filter((w) => inArea(f.path, f.roles, w));
      groups = opts.eachArea ? (hits.length ? [name] : []) : hits.map((w) => w.label ?? w.name);
    } else groups = [opts.eachArea ? name : single ? single[single.length - 1] : ALL_AREAS];
    if (!groups.length) continue;
    const byCategory = new Map<CategoryId, NativePoints>();
    for (const [c, counts] of f.counts) {
      const ids: number[] = [];
      counts.forEach((_, id) => {
        ids.push(id);
      });
      ids.sort((a, b) => rank[a] - rank[b]);
      byCategory.set(
        c,
        columns.add(
          ids,
          ids.map((id) => counts[id]),
        ),
      );
    }
    const shown = f.path.join(' / ');
    out.push({ path: f.path, roles: f.roles, name, groups: [...new Set(groups)], byCategory, key: f.key, shown });
  }
  return out.sort((a, b) => compareText(a.key, b.key));
}

export function recordSpanOf(inputs: LoadedInput[]): { start: string; end: string } | null {
  let start = '';
  let end = '';
  for (const i of inputs) {
    if (i.layout.shape !== 'records') continue;
    for (const o of i.observations) {
      if (!start || o.period.start < start) start = o.period.start;
      if (!end || o.period.end > end) end = o.period.end;
    }
  }
  return start ? { start, end } : null;
}

/** Whether an area's native points give a complete figure for `period` at the year's grain. */
/**
 * What the summaries of every year of the same inputs, options and kind of year share, worked out
 * once (`summary --all-years` makes one summary per year): the series, the revisions of the
 * merged observations, the finest areas, and which years each area's own figures complete.
 */

export interface YearsFound {
  /** Years with at least one complete figure. */
  years: SummaryYear[];
  /** Years the data touch without a complete figure for any category, and why. */
  partial: { year: SummaryYear; detail: string }[];
}

/** The first and last years of `kind` (by their first calendar year) that merged observations touch. */
export interface YearSpan {
  first: number;
  last: number;
}

export function yearSpanOf(merged: ObservationTable, kind: YearKind): YearSpan {
  // The year (by its first calendar year) a date falls in.
  const yearOf = (iso: string) => (kind === 'fy' ? financialYearOf(iso) : Number(iso.slice(0, 4)));
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < merged.length; i++) {
    const period = merged.period(i);
    const startYear = yearOf(period.start);
    const endYear = yearOf(period.end);
    // Rolling totals only stand for the year they end in when they end on its last day.
    if (period.kind === 'rolling') {
      first = Math.min(first, endYear);
      last = Math.max(last, endYear);
    } else {
      first = Math.min(first, startYear);
      last = Math.max(last, endYear);
    }
  }
  return { first, last };
}

/** The years (by their first calendar year) with a complete figure of some series. */
function completeYearsOf(inputs: LoadedInput[], kind: YearKind, opts: SummaryOptions): Set<number> {
  const set = buildSeries(
    inputs,
    { areas: opts.areas, eachArea: opts.eachArea, categories: opts.categories, grain: kind },
    opts.preferOrder,
  );
  const complete = new Set<number>();
  for (const s of set.series) for (const p of s.points) complete.add(Number(p.period.start.slice(0, 4)));
  return complete;
}

/** The years of `kind` the data give figures for, oldest first. */
export function yearsInData(
  inputs: LoadedInput[],
  kind: YearKind,
  opts: SummaryOptions,
  shared?: { completeYears: Set<number>; finest: Finest[]; span: YearSpan },
): YearsFound {
  // What a summary's basis of the same inputs and options worked out serves, where already made.
  const complete = shared?.completeYears ?? completeYearsOf(inputs, kind, opts);
  const { first, last } =
    shared?.span ?? yearSpanOf(mergeObservations(inputs, new Set(opts.categories), opts.preferOrder).merged, kind);
  const years: SummaryYear[] = [];
  const partial: { year: SummaryYear; detail: string }[] = [];
  if (!Number.isFinite(first)) return { years, partial };
  const finest =
    shared?.finest ??
    finestAreas(inputs, mergeObservations(inputs, new Set(opts.categories), opts.preferOrder).merged, opts);
  const recordSpan = recordSpanOf(inputs);
  for (let y = first; y <= last; y++) {
    const sy = summaryYear(kind, y);
    if (complete.has(y)) {
      years.push(sy);
      continue;
    }
    const details = new Set<string>();
    for (const f of finest)
      for (const pts of f.byCategory.values())
        if (pts.overlaps(sy.period)) details.add(gapDetail(pts.toArray(), sy.period, recordSpan));
    if (details.size) partial.push({ year: sy, detail: [...details].slice(0, 3).join('; ') });
  }
  return { years, partial };
}
