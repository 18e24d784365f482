import { addDays } from '../../core/dates.js';
import { PERIOD_KIND_NAMES } from '../../core/periods.js';
import type { SeriesPoint } from '../../series/build.js';
import type { ClaimPeriod } from './types.js';

/**
 * The count for a claim's period from a series at its own grain: one figure whose bounds are exactly
 * the period (a rolling year ending December is calendar year), or complete, non-overlapping
 * figures that tile it (four quarters, twelve months, Oct–Sep from months). Overlapping rolling
 * totals are never added; a period the figures do not tile exactly is not covered, and the reason
 * says which figures are missing.
 */
export type Found = { ok: true; count: number; parts: SeriesPoint[] } | { ok: false; why: string };

export function countFor(
  points: SeriesPoint[],
  target: ClaimPeriod,
  coverage?: { start: string; end: string } | null,
): Found {
  if (points.length === 0) return { ok: false, why: 'no figures' };
  const first = points.reduce((a, p) => (p.period.start < a ? p.period.start : a), points[0].period.start);
  const last = points.reduce((a, p) => (p.period.end > a ? p.period.end : a), points[0].period.end);
  const kinds = [...new Set(points.map((p) => p.period.kind))];
  const extent = `the figures (${kinds.map((k) => PERIOD_KIND_NAMES[k]).join(', ')}) run from ${first} to ${last}`;
  if (kinds.length === 1 && kinds[0] === 'day') {
    // One row per crime: a day with no crime is absent, not missing; the input's span is the coverage.
    const cov = coverage ?? { start: first, end: last };
    if (target.start < cov.start || target.end > cov.end)
      return { ok: false, why: `${target.label} is not covered: the records run from ${cov.start} to ${cov.end}` };
    const parts = points.filter((p) => p.period.start >= target.start && p.period.end <= target.end);
    return { ok: true, count: parts.reduce((s, p) => s + p.count, 0), parts };
  }
  if (target.start < first || target.end > last) return { ok: false, why: `${target.label} is not covered: ${extent}` };

  const byStart = new Map<string, SeriesPoint[]>();
  for (const p of points) {
    if (p.period.start < target.start || p.period.end > target.end) continue;
    const list = byStart.get(p.period.start) ?? [];
    list.push(p);
    byStart.set(p.period.start, list);
  }
  for (const list of byStart.values())
    list.sort((a, b) => (a.period.end < b.period.end ? 1 : a.period.end > b.period.end ? -1 : 0));
  const dead = new Set<string>();
  const tile = (cursor: string): SeriesPoint[] | null => {
    if (cursor > target.end) return [];
    if (dead.has(cursor)) return null;
    for (const p of byStart.get(cursor) ?? []) {
      const rest = tile(addDays(p.period.end, 1));
      if (rest) return [p, ...rest];
    }
    dead.add(cursor);
    return null;
  };
  const parts = tile(target.start);
  if (parts) return { ok: true, count: parts.reduce((s, p) => s + p.count, 0), parts };
  return { ok: false, why: whyNotTiled(points, target, extent) };
}

function whyNotTiled(points: SeriesPoint[], target: ClaimPeriod, extent: string): string {
  const inside = points.filter(
    (p) => p.period.start >= target.start && p.period.end <= target.end && p.period.kind !== 'rolling',
  );
  const coarser = points.filter(
    (p) =>
      p.period.kind !== 'rolling' &&
      p.period.start <= target.end &&
      p.period.end >= target.start &&
      p.period.days > target.days,
  );
  if (inside.length === 0 && coarser.length > 0) {
    const kinds = [...new Set(coarser.map((p) => PERIOD_KIND_NAMES[p.period.kind]))].join(', ');
    return (
      `${target.label} cannot be built: ` +
      `the figures are by ${kinds} (${coarser[0].period.label}), which cannot be split`
    );
  }
  const rolling = points.filter((p) => p.period.kind === 'rolling');
  if (inside.length === 0 && rolling.length > 0) {
    const ends = [...new Set(rolling.map((p) => p.period.end.slice(5, 7)))]
      .sort()
      .map((m) => ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m) - 1]);
    return (
      `${target.label} cannot be built: the data hold rolling 12-month totals ending in ${ends.join(', ')}, ` +
      `none of them for exactly ${target.start} to ${target.end}, and overlapping totals are never added`
    );
  }
  // Days of the target not covered by any complete figure inside it.
  const covered = inside.map((p) => [p.period.start, p.period.end] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const gaps: string[] = [];
  let cursor = target.start;
  for (const [s, e] of covered) {
    if (s > cursor) gaps.push(`${cursor} to ${addDays(s, -1)}`);
    if (addDays(e, 1) > cursor) cursor = addDays(e, 1);
  }
  if (cursor <= target.end) gaps.push(`${cursor} to ${target.end}`);
  if (gaps.length) {
    const more = gaps.length > 3 ? ` and ${gaps.length - 3} more gaps` : '';
    return `${target.label} is not fully covered: no figures for ${gaps.slice(0, 3).join(', ')}${more}; ${extent}`;
  }
  return `${target.label} cannot be built from the data's periods without overlapping figures; ${extent}`;
}
