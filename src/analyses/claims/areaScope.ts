import { normaliseArea } from '../../series/areas.js';
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
    observations: i.observations.filter((o) => o.areaPath.some((p, k) => o.areaRoles[k] === 'force' && normaliseArea(p) === n)),
  }));
}
