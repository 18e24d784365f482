import { type Grain, type Period, comparePeriods } from '../core/periods.js';
import { KEY_SEPARATOR } from '../read/group.js';
import type { CategoryId } from '../taxonomy/taxonomy.js';
import { type AreaName, areaIndex, normaliseArea, resolveArea } from './areas.js';
import { regrain } from './regrain.js';
import type { LoadedInput, Observation } from './types.js';

export interface SeriesPoint {
  period: Period;
  count: number;
}

/** Counts of one category in one area over time, at one grain. */
export interface Series {
  area: string;
  category: CategoryId;
  points: SeriesPoint[];
}

export interface SeriesSelection {
  /** Areas named by the user (any level); empty means every area. */
  areas: string[];
  /** One series per finest area instead of one summed series. */
  eachArea: boolean;
  categories: CategoryId[];
  grain?: Grain;
}

export interface Revision {
  area: string;
  category: CategoryId;
  period: string;
  values: { path: string; count: number }[];
  kept: string;
}

export interface SeriesSet {
  series: Series[];
  notes: string[];
  revisions: Revision[];
  /** Finest areas that went into the series. */
  areasUsed: number;
}

export const ALL_AREAS = 'All areas';

/**
 * Observations of the chosen categories, merged across inputs: where two inputs give the same area,
 * category and period (two vintages of one series), the later input wins (`preferOrder` overrides)
 * and differing values are reported as revisions.
 */
function mergeInputs(inputs: LoadedInput[], categories: Set<CategoryId>, preferOrder?: number[]): { merged: Observation[]; revisions: Revision[] } {
  const rank = new Map<number, number>();
  (preferOrder ?? inputs.map((i) => i.index)).forEach((idx, r) => rank.set(idx, r));
  // Sum offences to (input, finest area, category, period) first.
  const perInput = new Map<string, Map<number, Observation>>();
  for (const input of inputs) {
    for (const o of input.observations) {
      if (!categories.has(o.category)) continue;
      const key = `${o.areaPath.join(KEY_SEPARATOR)}\u0002${o.category}\u0002${o.period.key}`;
      let byInput = perInput.get(key);
      if (!byInput) perInput.set(key, (byInput = new Map()));
      const prev = byInput.get(input.index);
      if (prev) byInput.set(input.index, { ...prev, count: prev.count + o.count, rows: prev.rows + o.rows });
      else byInput.set(input.index, o);
    }
  }
  const merged: Observation[] = [];
  const revisions: Revision[] = [];
  const pathOf = (idx: number) => inputs.find((i) => i.index === idx)?.path ?? String(idx);
  for (const byInput of perInput.values()) {
    let best: Observation | null = null;
    for (const o of byInput.values()) if (!best || (rank.get(o.input) ?? 0) > (rank.get(best.input) ?? 0)) best = o;
    merged.push(best!);
    if (byInput.size > 1) {
      const values = [...byInput.values()];
      if (values.some((v) => v.count !== best!.count)) {
        revisions.push({
          area: best!.areaPath[best!.areaPath.length - 1],
          category: best!.category,
          period: best!.period.label,
          values: values.map((v) => ({ path: pathOf(v.input), count: v.count })),
          kept: pathOf(best!.input),
        });
      }
    }
  }
  return { merged, revisions };
}

export function buildSeries(inputs: LoadedInput[], sel: SeriesSelection, preferOrder?: number[]): SeriesSet {
  const notes: string[] = [];
  const { merged, revisions } = mergeInputs(inputs, new Set(sel.categories), preferOrder);
  // Groups: area label → observations.
  const groups = new Map<string, { label: string; obs: Observation[] }>();
  const finest = new Set<string>();
  if (sel.areas.length > 0) {
    const index = areaIndex(inputs.flatMap((i) => i.observations));
    const wanted: AreaName[] = sel.areas.map((a) => resolveArea(a, index));
    for (const w of wanted) {
      const n = normaliseArea(w.name);
      const obs = merged.filter((o) => o.areaPath.some((p) => normaliseArea(p) === n));
      if (sel.eachArea) {
        for (const o of obs) addTo(groups, o.areaPath[o.areaPath.length - 1], o);
      } else groups.set(w.name, { label: w.name, obs });
      for (const o of obs) finest.add(o.areaPath.join(KEY_SEPARATOR));
    }
  } else {
    for (const o of merged) finest.add(o.areaPath.join(KEY_SEPARATOR));
    // A file of one area is labelled with that area's name rather than 'All areas'.
    const single = finest.size === 1 ? merged[0].areaPath[merged[0].areaPath.length - 1] : null;
    for (const o of merged) addTo(groups, sel.eachArea ? o.areaPath[o.areaPath.length - 1] : (single ?? ALL_AREAS), o);
    if (!sel.eachArea && finest.size > 1) {
      const roles = new Set(merged.map((o) => o.areaRoles[o.areaRoles.length - 1]));
      notes.push(`${ALL_AREAS}: the sum of ${finest.size} areas (${[...roles].join(', ')} level); use --area NAME for one area or --each-area for one series each`);
    } else if (!sel.eachArea && finest.size === 1) {
      const only = merged[0]?.areaPath;
      if (only) notes.push(`the data have one area: ${only.join(' / ')}`);
    }
  }
  const series: Series[] = [];
  for (const [label, g] of [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    for (const category of sel.categories) {
      const sums = new Map<string, SeriesPoint>();
      for (const o of g.obs) {
        if (o.category !== category) continue;
        const p = sums.get(o.period.key);
        if (p) p.count += o.count;
        else sums.set(o.period.key, { period: o.period, count: o.count });
      }
      if (sums.size === 0) continue;
      const native = [...sums.values()].sort((a, b) => comparePeriods(a.period, b.period));
      const coverage = coverageOf(inputs, g.obs);
      const r = regrain(native, sel.grain, coverage);
      for (const n of r.notes) notes.push(`${label}, ${category}: ${n}`);
      if (r.points.length) series.push({ area: label, category, points: r.points });
    }
  }
  return { series, notes: dedupeNotes(notes), revisions, areasUsed: finest.size };
}

function addTo(groups: Map<string, { label: string; obs: Observation[] }>, label: string, o: Observation) {
  let g = groups.get(label);
  if (!g) groups.set(label, (g = { label, obs: [] }));
  g.obs.push(o);
}

/**
 * Record-level files list crimes, not periods: a day without a crime is absent, not missing. Their
 * coverage is taken as the first to the last date present in the input.
 */
function coverageOf(inputs: LoadedInput[], obs: Observation[]): { start: string; end: string } | null {
  const dayInputs = new Set(inputs.filter((i) => i.layout.shape === 'records').map((i) => i.index));
  if (dayInputs.size === 0) return null;
  let start = '9999-12-31';
  let end = '0000-01-01';
  for (const i of inputs) {
    if (!dayInputs.has(i.index)) continue;
    for (const o of i.observations) {
      if (o.period.start < start) start = o.period.start;
      if (o.period.end > end) end = o.period.end;
    }
  }
  return obs.length ? { start, end } : null;
}

/** Notes repeated for every category of an area are said once, naming the categories. */
function dedupeNotes(notes: string[]): string[] {
  const byText = new Map<string, string[]>();
  const order: string[] = [];
  for (const n of notes) {
    const m = /^(.*?), ([a-z-]+): (.*)$/.exec(n);
    if (!m) {
      if (!byText.has(n)) {
        byText.set(n, []);
        order.push(n);
      }
      continue;
    }
    const key = `${m[1]}\u0000${m[3]}`;
    if (!byText.has(key)) {
      byText.set(key, []);
      order.push(key);
    }
    byText.get(key)!.push(m[2]);
  }
  return order.map((k) => {
    const cats = byText.get(k)!;
    if (!k.includes('\u0000')) return k;
    const [area, text] = k.split('\u0000');
    return `${area}, ${cats.join(' and ')}: ${text}`;
  });
}
