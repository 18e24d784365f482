import { compareText } from '../core/order.js';
import { comparePeriods, type Grain, type Period } from '../core/periods.js';
import { KEY_SEPARATOR } from '../read/group.js';
import type { CategoryId } from '../taxonomy/taxonomy.js';
import { ALL_AREAS, type AreaName, inArea, normaliseArea } from './areas.js';
import { ObservationTable } from './observations.js';
import { regrain, type SeriesCoverage } from './regrain.js';
import { type LoadedInput, type Observation, type ObservationKey, withCounts } from './types.js';

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
  /** Areas named by the user (any level), resolved (`resolveAreas`); empty means every area. */
  areas: AreaName[];
  /** One series per finest area instead of one summed series. */
  eachArea: boolean;
  categories: CategoryId[];
  grain?: Grain;
}

export interface Revision {
  area: string;
  category: CategoryId;
  period: string;
  /** The period's bounds, so a revision can be placed in a year. */
  start: string;
  end: string;
  values: { path: string; count: number }[];
  kept: string;
  /** The offences whose figures differ between the files (absent from a file: null). */
  offences: { offence: string; code: string | null; values: { path: string; count: number | null }[] }[];
}

export interface SeriesSet {
  series: Series[];
  notes: string[];
  revisions: Revision[];
  /** Finest areas that went into the series. */
  areasUsed: number;
}

export { ALL_AREAS };

/**
 * The order in which inputs take precedence where they overlap (the last wins), recorded on the
 * loaded inputs themselves so every command that builds series from them honours `--prefer`.
 */
const mergeRanks = new WeakMap<LoadedInput, number>();

/** Records `order` (input indices, lowest precedence first) for later `buildSeries` calls on these inputs. */
export function setMergeOrder(inputs: LoadedInput[], order: number[]): void {
  for (const input of inputs) {
    const r = order.indexOf(input.index);
    if (r >= 0) mergeRanks.set(input, r);
  }
}

/** Input indices, lowest precedence first: `preferOrder`, else the recorded order, else argument order. */
export function mergeOrder(inputs: LoadedInput[], preferOrder?: number[]): number[] {
  if (preferOrder) return preferOrder;
  const natural = inputs.map((input, position) => ({ input, rank: mergeRanks.get(input) ?? position }));
  return natural.sort((a, b) => a.rank - b.rank).map((x) => x.input.index);
}

export interface MergeResult {
  merged: ObservationTable;
  revisions: Revision[];
  /** Figures (area, category, period) that more than one input gives, by the inputs involved. */
  overlaps: { paths: string[]; kept: string; figures: number; differing: number }[];
}

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/**
 * Observations of the chosen categories, merged across inputs: where two inputs give the same area,
 * category and period (two vintages of one series), the later input wins (`preferOrder` overrides)
 * and differing values are reported as revisions. A figure given by several inputs is counted once,
 * so two copies of one dataset add up to the dataset, not twice it.
 */
export function mergeObservations(
  inputs: LoadedInput[],
  categories: Set<CategoryId>,
  preferOrder?: number[],
): MergeResult {
  // A command asks for the same merge several times (a summary of every year: for the years, the
  // basis, each year): it is done once per inputs, categories and order.
  const key = `${[...categories].sort().join(',')}|${mergeOrder(inputs, preferOrder).join(',')}`;
  let memo = merges.get(inputs);
  if (!memo) merges.set(inputs, (memo = new Map()));
  const hit = memo.get(key);
  if (hit) return hit;
  const result = mergeOnce(inputs, categories, preferOrder);
  memo.set(key, result);
  return result;
}

const merges = new WeakMap<LoadedInput[], Map<string, MergeResult>>();

/**
 * `mergeObservations`, not kept for later calls: for a caller that holds the merge itself as long
 * as it needs it (a summary's basis), so millions of merged observations are freed after it.
 */
export function mergeOnce(inputs: LoadedInput[], categories: Set<CategoryId>, preferOrder?: number[]): MergeResult {
  if (inputs.length === 1) return { merged: sumObservations(inputs[0], categories), revisions: [], overlaps: [] };
  const rank = new Map<number, number>();
  mergeOrder(inputs, preferOrder).forEach((idx, r) => {
    rank.set(idx, r);
  });
  const keyOf = (o: Observation) => `${o.areaPath.join(KEY_SEPARATOR)}\u0002${o.category}\u0002${o.period.key}`;
  // Sum offences to (input, finest area, category, period) first.
  const perInput = new Map<string, Map<number, Observation>>();
  for (const input of inputs) {
    for (const o of input.observations) {
      if (!categories.has(o.category)) continue;
      const key = keyOf(o);
      let byInput = perInput.get(key);
      if (!byInput) perInput.set(key, (byInput = new Map()));
      const prev = byInput.get(input.index);
      if (prev) byInput.set(input.index, withCounts(prev, prev.count + o.count, prev.rows + o.rows));
      else byInput.set(input.index, o);
    }
  }
  const merged: Observation[] = [];
  const revisions: Revision[] = [];
  const differing = new Map<string, Revision>();
  const overlaps = new Map<string, { paths: string[]; kept: string; figures: number; differing: number }>();
  const pathOf = (idx: number) => inputs.find((i) => i.index === idx)?.path ?? String(idx);
  for (const [key, byInput] of perInput) {
    let best: Observation | null = null;
    for (const o of byInput.values()) if (!best || (rank.get(o.input) ?? -1) > (rank.get(best.input) ?? -1)) best = o;
    merged.push(best!);
    if (byInput.size < 2) continue;
    const values = [...byInput.values()];
    const differs = values.some((v) => v.count !== best!.count);
    const paths = values.map((v) => pathOf(v.input));
    const overlapKey = `${paths.join('\u0000')}\u0001${best!.input}`;
    let ov = overlaps.get(overlapKey);
    if (!ov) overlaps.set(overlapKey, (ov = { paths, kept: pathOf(best!.input), figures: 0, differing: 0 }));
    ov.figures++;
    if (!differs) continue;
    ov.differing++;
    const revision: Revision = {
      area: best!.areaPath[best!.areaPath.length - 1],
      category: best!.category,
      period: best!.period.label,
      start: best!.period.start,
      end: best!.period.end,
      values: values.map((v) => ({ path: pathOf(v.input), count: v.count })),
      kept: pathOf(best!.input),
      offences: [],
    };
    revisions.push(revision);
    differing.set(key, revision);
  }
  if (differing.size) addOffenceDetail(inputs, differing, keyOf);
  revisions.sort(
    (a, b) =>
      compareText(a.start, b.start) ||
      compareText(a.end, b.end) ||
      compareText(a.area, b.area) ||
      compareText(a.category, b.category),
  );
  return { merged: ObservationTable.from(merged), revisions, overlaps: [...overlaps.values()] };
}

/**
 * One input's observations summed to (finest area, category, period), in order of first
 * appearance: what `mergeObservations` gives for a single input, where nothing overlaps. An area's
 * path is joined once per path array (the loader shares one array per area), not per observation.
 */
function sumObservations(input: LoadedInput, categories: Set<CategoryId>): ObservationTable {
  // Keyed by identity: the loader shares one path array per area and one object per period. Each
  // area and category holds its observations' places in `merged` by a small period number (a
  // file of thousands of areas has millions of observations, but few periods).
  const obs = input.observations;
  const periodIds = new Map<Period, number>();
  const at = new Map<string[], Map<CategoryId, number[]>>();
  const merged = new ObservationTable();
  for (let i = 0; i < obs.length; i++) {
    const key = obs.key(i);
    if (!categories.has(key.category)) continue;
    let byCategory = at.get(key.areaPath);
    if (!byCategory) at.set(key.areaPath, (byCategory = new Map()));
    let byPeriod = byCategory.get(key.category);
    if (!byPeriod) byCategory.set(key.category, (byPeriod = []));
    const period = obs.period(i);
    let p = periodIds.get(period);
    if (p === undefined) periodIds.set(period, (p = periodIds.size));
    const m = byPeriod[p];
    if (m === undefined) byPeriod[p] = merged.push(key, period, obs.count(i), obs.rows(i));
    else merged.addTo(m, obs.count(i), obs.rows(i));
  }
  // Every observation kept as it was, in its order: the input's own table serves.
  if (merged.length === obs.length) return obs;
  return merged;
}

/** Which offences make a revised figure differ, so a reader can find the row in each file. */
function addOffenceDetail(
  inputs: LoadedInput[],
  differing: Map<string, Revision>,
  keyOf: (o: Observation) => string,
): void {
  const detail = new Map<string, Map<string, { offence: string; code: string | null; counts: Map<number, number> }>>();
  for (const input of inputs) {
    for (const o of input.observations) {
      if (o.derived) continue;
      const key = keyOf(o);
      if (!differing.has(key)) continue;
      let byOffence = detail.get(key);
      if (!byOffence) detail.set(key, (byOffence = new Map()));
      const ok = `${o.offence}\u0002${o.code ?? ''}`;
      let d = byOffence.get(ok);
      if (!d) byOffence.set(ok, (d = { offence: o.offence, code: o.code, counts: new Map() }));
      d.counts.set(input.index, (d.counts.get(input.index) ?? 0) + o.count);
    }
  }
  for (const [key, revision] of differing) {
    const involved = inputs.filter((i) => revision.values.some((v) => v.path === i.path)).map((i) => i.index);
    for (const d of detail.get(key)?.values() ?? []) {
      const counts = involved.map((idx) => d.counts.get(idx) ?? null);
      if (counts.every((c) => c === counts[0])) continue;
      revision.offences.push({
        offence: d.offence,
        code: d.code,
        values: involved.map((idx, n) => ({ path: inputs.find((i) => i.index === idx)!.path, count: counts[n] })),
      });
    }
    revision.offences.sort((a, b) => compareText(a.offence, b.offence) || compareText(a.code ?? '', b.code ?? ''));
  }
}

/** In words: which figures several inputs share, which one was kept, and that none is counted twice. */
export function overlapNotes(overlaps: MergeResult['overlaps']): string[] {
  return overlaps.map((ov) => {
    const names = ov.paths.map(baseName);
    const others = names.filter((n) => n !== baseName(ov.kept));
    const over = others.length
      ? ` over ${others.join(', ')}'s (the later file wins unless --prefer FILE names another)`
      : '';
    const differ = ov.differing === 0 ? 'none differ' : `${ov.differing} differ (revisions, listed in the notes)`;
    return (
      `${names.join(' and ')} both give ${ov.figures} of the same figures (area, category and period): each is ` +
      `counted once, taking ${baseName(ov.kept)}'s${over}; ${differ}`
    );
  });
}

/**
 * A finest area that is also a coarser level of another area in the data (a force file and a CSP
 * file of that force): summed into "All areas", the smaller area would be counted twice.
 */
function nestedAreaNotes(merged: ObservationTable, parts: Indices): string[] {
  const paths = new Map<string, { path: string[]; roles: string[] }>();
  for (const k of distinctAreas(merged, parts))
    paths.set(k.areaPath.join(KEY_SEPARATOR), { path: k.areaPath, roles: k.areaRoles });
  // Finest areas by name and level: a region named like a force (West Midlands) is another area.
  const finest = new Map<string, { name: string; keys: Set<string> }>();
  for (const [key, { path, roles }] of paths) {
    const n = `${roles[roles.length - 1]} ${normaliseArea(path[path.length - 1])}`;
    const f = finest.get(n) ?? finest.set(n, { name: path[path.length - 1], keys: new Set() }).get(n)!;
    f.keys.add(key);
  }
  const notes = new Set<string>();
  for (const [key, { path, roles }] of paths) {
    for (let n = 0; n < path.length - 1; n++) {
      // A CSP named like its force ('City of London') is one area, not two.
      const outer = finest.get(`${roles[n]} ${normaliseArea(path[n])}`);
      if (outer && [...outer.keys].some((k) => k !== key)) {
        notes.add(
          `${outer.name} and ${path.slice(n).join(' / ')} are both in the data: ${outer.name} already contains ` +
            'it, so a sum of both counts it twice; use --area to pick one',
        );
      }
    }
  }
  return [...notes].sort();
}

/**
 * The series of the selection: one per area (or group of areas) and category, at the grain asked
 * for. `merge` is the inputs' merge of these categories, where the caller has made it.
 */
export function buildSeries(
  inputs: LoadedInput[],
  sel: SeriesSelection,
  preferOrder?: number[],
  merge: MergeResult = mergeObservations(inputs, new Set(sel.categories), preferOrder),
): SeriesSet {
  const notes: string[] = [];
  const { merged, revisions, overlaps } = merge;
  notes.push(...overlapNotes(overlaps));
  // Groups: area label → the observations' indices in `merged`.
  const groups = new Map<string, { label: string; obs: Indices }>();
  const finest = new Set<string>();
  let aggregates = false;
  for (let i = 0; i < merged.length && !aggregates; i++) if (merged.key(i).aggregate) aggregates = true;
  const pathOf = (i: number) => merged.key(i).areaPath;
  const areaOf = (i: number) => {
    const path = merged.key(i).areaPath;
    return path[path.length - 1];
  };
  const where = (test: (i: number) => boolean): number[] => {
    const out: number[] = [];
    for (let i = 0; i < merged.length; i++) if (test(i)) out.push(i);
    return out;
  };
  // A published table's totals of other rows (regions, England and Wales) are figures of their own
  // areas: taken when that area is named, never added to the areas they contain.
  const parts: Indices = aggregates ? where((i) => !merged.key(i).aggregate) : countTo(merged.length);
  if (sel.areas.length > 0) {
    for (const w of sel.areas) {
      // Asked once per area path (observations of one area share its path array), not per observation.
      const n = normaliseArea(w.name);
      const inside = perPath(merged, (path, roles) => inArea(path, roles, w));
      const itself = perPath(merged, (path) => normaliseArea(path[path.length - 1]) === n);
      const named = where(inside);
      const own = named.filter((i) => merged.key(i).aggregate && itself(i));
      const under = named.filter((i) => !merged.key(i).aggregate);
      const obs = own.length > 0 && (!sel.eachArea || under.length === 0) ? own : under;
      if (sel.eachArea) {
        for (const [label, list] of groupedBy(obs, areaOf)) addTo(groups, label, list);
      } else groups.set(w.label ?? w.name, { label: w.label ?? w.name, obs });
      addPaths(finest, merged, obs);
    }
  } else {
    addPaths(finest, merged, parts);
    // Areas already summed as a file was read count as many areas as the file had.
    const summed = inputs.find((i) => i.summedAreas !== undefined);
    const areaCount = summed ? summed.summedAreas! : finest.size;
    // A file of one area is labelled with that area's name rather than 'All areas'.
    const single = areaCount === 1 && parts.length ? areaOf(parts[0]) : null;
    if (sel.eachArea) for (const [label, list] of groupedBy(parts, areaOf)) addTo(groups, label, list);
    else if (parts.length) groups.set(single ?? ALL_AREAS, { label: single ?? ALL_AREAS, obs: parts });
    if (!sel.eachArea && areaCount > 1) {
      notes.push(...nestedAreaNotes(merged, parts));
      const roles = summed
        ? new Set(summed.areas.map((a) => a.roles[a.roles.length - 1]).filter((r) => !summed.unreadLevels?.includes(r)))
        : new Set(distinctAreas(merged, parts).map((k) => k.areaRoles[k.areaRoles.length - 1]));
      notes.push(
        `${ALL_AREAS}: the sum of ${areaCount} areas (${[...roles].join(', ')} level); use --area NAME for one ` +
          'area or --each-area for one series each',
      );
    } else if (!sel.eachArea && finest.size === 1) {
      const only = parts.length ? pathOf(parts[0]) : undefined;
      if (only) notes.push(`the data have one area: ${only.join(' / ')}`);
    }
  }
  const series: Series[] = [];
  for (const [label, g] of [...groups.entries()].sort((a, b) => compareText(a[0], b[0]))) {
    for (const category of sel.categories) {
      const sums = new Map<string, SeriesPoint>();
      for (const i of g.obs) {
        if (merged.key(i).category !== category) continue;
        const period = merged.period(i);
        const p = sums.get(period.key);
        if (p) p.count += merged.count(i);
        else sums.set(period.key, { period, count: merged.count(i) });
      }
      if (sums.size === 0) continue;
      const native = [...sums.values()].sort((a, b) => comparePeriods(a.period, b.period));
      const coverage = coverageOf(inputs, g.obs.length);
      const r = regrain(native, sel.grain, coverage);
      for (const n of r.notes) notes.push(`${label}, ${category}: ${n}`);
      if (r.points.length) series.push({ area: label, category, points: r.points });
    }
  }
  const summedCount = inputs.find((i) => i.summedAreas !== undefined)?.summedAreas;
  return { series, notes: dedupeNotes(notes), revisions, areasUsed: summedCount ?? finest.size };
}

/** A test of an observation's area (by its index), made once per area path. */
function perPath(obs: ObservationTable, test: (path: string[], roles: string[]) => boolean): (i: number) => boolean {
  const memo = new Map<string[], boolean>();
  for (let i = 0; i < obs.length; i++) {
    const key = obs.key(i);
    if (!memo.has(key.areaPath)) memo.set(key.areaPath, test(key.areaPath, key.areaRoles));
  }
  return (i) => memo.get(obs.key(i).areaPath)!;
}

/** The key of one observation per area path (the loader shares one path array per area). */
function distinctAreas(obs: ObservationTable, indices: Indices): ObservationKey[] {
  const seen = new Set<string[]>();
  const out: ObservationKey[] = [];
  for (const i of indices) {
    const key = obs.key(i);
    if (seen.has(key.areaPath)) continue;
    seen.add(key.areaPath);
    out.push(key);
  }
  return out;
}

/** Adds the observations' area paths, joined, to `into`: each distinct path joined once. */
function addPaths(into: Set<string>, obs: ObservationTable, indices: Indices): void {
  for (const k of distinctAreas(obs, indices)) into.add(k.areaPath.join(KEY_SEPARATOR));
}

/** Observation indices: a list, or a column of them. */
type Indices = ArrayLike<number> & Iterable<number>;

/** 0, 1, … n − 1, as a column. */
function countTo(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * The indices by their label, each label's in their order, labels in order of first appearance:
 * in columns (a count per label, then one pass to place each), not an array grown per label.
 */
function groupedBy(indices: Indices, labelOf: (i: number) => string): Map<string, Int32Array> {
  const ids = new Map<string, number>();
  const labelIds = new Int32Array(indices.length);
  const counts: number[] = [];
  for (let k = 0; k < indices.length; k++) {
    const label = labelOf(indices[k]);
    let id = ids.get(label);
    if (id === undefined) {
      ids.set(label, (id = counts.length));
      counts.push(0);
    }
    labelIds[k] = id;
    counts[id]++;
  }
  const placed = new Int32Array(indices.length);
  const next = new Int32Array(counts.length);
  for (let id = 1; id < counts.length; id++) next[id] = next[id - 1] + counts[id - 1];
  const starts = next.slice();
  for (let k = 0; k < indices.length; k++) placed[next[labelIds[k]]++] = indices[k];
  const out = new Map<string, Int32Array>();
  for (const [label, id] of ids) out.set(label, placed.subarray(starts[id], starts[id] + counts[id]));
  return out;
}

/** Adds observations to a group (a label met again, as several --area names can give it, adds to it). */
function addTo(groups: Map<string, { label: string; obs: Indices }>, label: string, obs: Indices) {
  const g = groups.get(label);
  if (!g) groups.set(label, { label, obs });
  else g.obs = [...g.obs, ...obs];
}

/**
 * Record-level files list crimes, not periods: a day (or month) without a crime is absent, not
 * missing. Their coverage is the inputs' (see `Coverage`): a span, and for files by month the
 * months they have rows in.
 */
function coverageOf(inputs: LoadedInput[], observations: number): SeriesCoverage | null {
  const dayInputs = new Set(inputs.filter((i) => i.layout.shape === 'records').map((i) => i.index));
  if (dayInputs.size === 0) return null;
  let start = '9999-12-31';
  let end = '0000-01-01';
  let months: Set<string> | undefined;
  for (const i of inputs) {
    if (!dayInputs.has(i.index)) continue;
    if (i.coverage) {
      if (i.coverage.start < start) start = i.coverage.start;
      if (i.coverage.end > end) end = i.coverage.end;
      if (i.coverage.months) for (const m of i.coverage.months) (months ??= new Set()).add(m);
      continue;
    }
    for (let k = 0; k < i.observations.length; k++) {
      const period = i.observations.period(k);
      if (period.start < start) start = period.start;
      if (period.end > end) end = period.end;
    }
  }
  return observations ? { start, end, ...(months ? { months } : {}) } : null;
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
    return `${area}, ${cats.join(', ')}: ${text}`;
  });
}
