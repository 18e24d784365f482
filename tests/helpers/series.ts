import { type NativePoints, PointColumns } from '../../src/analyses/nativePoints.js';
import type { Row } from '../../src/analyses/result.js';
import { trendRows } from '../../src/analyses/trend.js';
import type { Grain } from '../../src/core/periods.js';
import { resolveAreas } from '../../src/series/areas.js';
import { buildSeries, type SeriesPoint } from '../../src/series/build.js';
import type { LoadedInput } from '../../src/series/types.js';
import type { CategoryId } from '../../src/taxonomy/taxonomy.js';

/** The trend pipeline without the command: inputs → series → rows (every area summed unless `areas`). */
export function trendOf(
  inputs: LoadedInput[],
  sel: { categories: CategoryId[]; areas?: string[]; eachArea?: boolean; grain?: Grain },
): Row[] {
  return trendRows(
    buildSeries(inputs, {
      areas: resolveAreas(inputs, sel.areas ?? []),
      eachArea: sel.eachArea ?? false,
      categories: sel.categories,
      grain: sel.grain,
    }),
  );
}

/** The one row whose fields equal `where`; fails naming what was there when there is not exactly one. */
export function onlyRow<T extends Record<string, unknown>>(rows: T[], where: Partial<Record<string, unknown>>): T {
  const hits = rows.filter((r) => Object.entries(where).every(([k, v]) => r[k] === v));
  if (hits.length !== 1) {
    const seen = rows.slice(0, 8).map((r) =>
      Object.keys(where)
        .map((k) => `${k}=${String(r[k])}`)
        .join(' '),
    );
    throw new Error(
      `expected one row with ${JSON.stringify(where)}, found ${hits.length}; first rows: ${seen.join(' | ')}`,
    );
  }
  return hits[0];
}

/** One finest area's own points, in columns of their own: `points` in order of start. */
export function nativePointsOf(points: readonly SeriesPoint[]): NativePoints {
  const columns = new PointColumns(
    points.map((p) => p.period),
    points.length,
  );
  return columns.add(
    points.map((_, i) => i),
    points.map((p) => p.count),
  );
}
