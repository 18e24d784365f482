import { KEY_SEPARATOR } from '../read/group.js';
import type { Observation } from './types.js';

/** Controlling or coercive behaviour (8U) is counted in the sub-group from April 2020. */
export const COERCIVE_CONTROL_IN_SUBGROUP_FROM = '2020-04-01';
const ALWAYS_IN_SUBGROUP = new Set(['8L', '8M', '8Q', '8R']);

export function inSubGroup(code: string, periodStart: string): boolean {
  return ALWAYS_IN_SUBGROUP.has(code) || (code === '8U' && periodStart >= COERCIVE_CONTROL_IN_SUBGROUP_FROM);
}

/**
 * Where a source has the separate codes but no combined row, the combined `stalking-and-harassment`
 * total is derived as the sum of the sub-group's codes in each area and period, so that sources
 * can be compared. A source with only the combined figure keeps it as it is: nothing is split.
 */
export function deriveCombined(observations: Observation[], hasCombined: boolean, codes: Set<string>): { observations: Observation[]; notes: string[] } {
  if (hasCombined || !codes.has('8L')) return { observations: [], notes: [] };
  const sums = new Map<string, Observation>();
  for (const o of observations) {
    if (!o.subcategory || !inSubGroup(o.subcategory, o.period.start)) continue;
    const key = `${o.areaPath.join(KEY_SEPARATOR)}\u0002${o.period.key}`;
    const s = sums.get(key);
    if (s) {
      s.count += o.count;
      s.rows += o.rows;
    } else {
      sums.set(key, {
        input: o.input,
        areaPath: o.areaPath,
        areaRoles: o.areaRoles,
        category: 'stalking-and-harassment',
        subcategory: null,
        offence: 'Stalking and harassment (derived from the separate codes)',
        code: null,
        period: o.period,
        count: o.count,
        rows: o.rows,
        derived: true,
      });
    }
  }
  const missing = ['8L', '8M', '8Q', '8R', '8U'].filter((c) => !codes.has(c));
  const notes = [
    `stalking-and-harassment is derived as the sum of 8L + 8M + 8Q + 8R, plus 8U from April 2020 (when coercive control joined the sub-group)${missing.length ? `; the source has no rows for ${missing.join(', ')}` : ''}`,
  ];
  return { observations: [...sums.values()], notes };
}
