import { normaliseLabel } from '../../core/dataFiles.js';
import { isStalkError } from '../../core/errors.js';
import { comparePeriods } from '../../core/periods.js';
import { areaIndex, normaliseArea, resolveArea, withoutDoubleCounting } from '../../series/areas.js';
import { ALL_AREAS, type SeriesPoint } from '../../series/build.js';
import type { LoadedInput } from '../../series/types.js';

/**
 * Series for offence groups outside the stalking-and-harassment sub-group (sexual offences, robbery
 * and the like), which the taxonomy files as `other` but keeps with their labels. buildSeries
 * sums every `other` offence together, so this adapter sums only the observations whose label is
 * exactly the group's. Where several inputs give the same period, the later input's figure is
 * kept, as buildSeries does.
 */
export type GroupSeries = { ok: true; label: string; points: SeriesPoint[] } | { ok: false; why: string };

export function groupSeries(inputs: LoadedInput[], labels: string[], area: string | null): GroupSeries {
  const wanted = new Set(labels.map((l) => normaliseLabel(l)));
  let areaName: string | null = null;
  if (area) {
    try {
      areaName = resolveArea(area, areaIndex(inputs.flatMap((i) => i.areas))).name;
    } catch (e) {
      if (!isStalkError(e)) throw e;
      return { ok: false, why: e.message };
    }
  }
  const wantedArea = areaName ? normaliseArea(areaName) : null;
  const byPeriod = new Map<string, SeriesPoint>();
  for (const input of inputs) {
    const mine = new Map<string, SeriesPoint>();
    for (const o of withoutDoubleCounting(input.observations, areaName ? [areaName] : [])) {
      if (o.category !== 'other' || !wanted.has(normaliseLabel(o.offence))) continue;
      if (wantedArea && !o.areaPath.some((p) => normaliseArea(p) === wantedArea)) continue;
      const p = mine.get(o.period.key);
      if (p) p.count += o.count;
      else mine.set(o.period.key, { period: o.period, count: o.count });
    }
    for (const [k, p] of mine) byPeriod.set(k, p);
  }
  const points = [...byPeriod.values()].sort((a, b) => comparePeriods(a.period, b.period));
  if (points.length === 0) return { ok: false, why: 'no figures' };
  return { ok: true, label: areaName ?? ALL_AREAS, points };
}

/** Whether any input holds one of these offence labels (kept as `other`). */
export function hasGroup(inputs: LoadedInput[], labels: string[]): boolean {
  if (labels.length === 0) return false;
  const wanted = new Set(labels.map((l) => normaliseLabel(l)));
  return inputs.some((i) => i.labels.some((l) => l.category === 'other' && wanted.has(normaliseLabel(l.offence))));
}
