import { normaliseArea } from '../../series/areas.js';
import { ObservationTable } from '../../series/observations.js';
import type { LoadedInput } from '../../series/types.js';

/**
 * A name that is both a police force and another kind of area in the data ("West Midlands" is a
 * force and, in ONS files, the region around it) means the force: "West Midlands Police recorded
 * 11,258" is the force's figure. buildSeries sums every observation with the name anywhere in its
 * geography, which for such a name is the region; this adapter hands it only the force's
 * observations instead. Null when the name is not such a name.
 */
export function forceScoped(inputs: LoadedInput[], area: string): LoadedInput[] | null {
  const n = normaliseArea(area);
  let force = false;
  let other = false;
  for (const i of inputs)
    for (const a of i.areas)
      a.path.forEach((p, k) => {
        if (normaliseArea(p) !== n) return;
        if (a.roles[k] === 'force') force = true;
        else other = true;
      });
  if (!force || !other) return null;
  return inputs.map((i) => ({
    ...i,
    observations: ObservationTable.from(
      i.observations.filter((o) => o.areaPath.some((p, k) => o.areaRoles[k] === 'force' && normaliseArea(p) === n)),
    ),
  }));
}

/**
 * Why the data cannot give an area's figure although they name it: a force whose file holds one
 * of its partnerships only (a Calderdale file says West Yorkshire in its force column), where the
 * sum would be that one partnership's figure. Null when the area is whole or unknown.
 */
export function partialArea(inputs: LoadedInput[], area: string, resolved: string): string | null {
  const n = normaliseArea(resolved);
  const finer = new Set<string>();
  let named = false;
  for (const i of inputs)
    for (const a of i.areas) {
      const k = a.path.findIndex((p) => normaliseArea(p) === n);
      if (k < 0) continue;
      named = true;
      if (k < a.path.length - 1) finer.add(a.path[a.path.length - 1]);
    }
  if (!named || finer.size !== 1) return null;
  const only = [...finer][0];
  return (
    `${area} is in this file only as the area around ${only}, the one area it holds there: ` +
    `the file's figure for ${resolved} would be ${only}'s alone`
  );
}

/**
 * Whether the data hold every police force of England and Wales (43 territorial forces), so that
 * "England and Wales" is their sum.
 */
export function coversEnglandAndWales(inputs: LoadedInput[]): boolean {
  const forces = new Set<string>();
  for (const i of inputs)
    for (const a of i.areas) {
      a.path.forEach((p, k) => {
        if (a.roles[k] === 'force') forces.add(normaliseArea(p));
      });
    }
  return forces.size >= 43;
}
