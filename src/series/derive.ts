import { monthYear } from '../core/dates.js';
import type { Period } from '../core/periods.js';
import { subGroupStart } from '../taxonomy/register.js';
import { loadTaxonomy } from '../taxonomy/taxonomy.js';
import { ObservationTable } from './observations.js';
import type { Observation, ObservationKey } from './types.js';

/** The sub-group's codes, each with the date from which it counts in the sub-group ('' always). */
function subGroupCodes(): Map<string, { start: string; label: string }> {
  const codes = new Map<string, { start: string; label: string }>();
  for (const c of loadTaxonomy().categories) {
    const start = subGroupStart(c.id);
    if (start !== null) for (const code of c.codes) codes.set(code, { start, label: c.label });
  }
  return codes;
}

export function inSubGroup(code: string, periodStart: string): boolean {
  const joined = subGroupCodes().get(code);
  return joined !== undefined && periodStart >= joined.start;
}

/**
 * Where a source has the separate codes but no combined row, the combined `stalking-and-harassment`
 * total is derived as the sum of the sub-group's codes in each area and period, so that sources
 * can be compared. A source with only the combined figure keeps it as it is: nothing is split.
 */
export function deriveCombined(
  observations: ObservationTable | Iterable<Observation>,
  hasCombined: boolean,
  codes: Set<string>,
): { observations: ObservationTable; notes: string[] } {
  const sums = new ObservationTable();
  if (hasCombined || !codes.has('8L')) return { observations: sums, notes: [] };
  const table = observations instanceof ObservationTable ? observations : ObservationTable.from(observations);
  const subGroup = subGroupCodes();
  // Keyed by identity: the loader shares one path array per area and one object per period; each
  // area's sums are held by a small period number.
  const byArea = new Map<string[], { key: ObservationKey; byPeriod: number[] }>();
  const periodIds = new Map<Period, number>();
  for (let i = 0; i < table.length; i++) {
    const o = table.key(i);
    const period = table.period(i);
    const joined = o.subcategory ? subGroup.get(o.subcategory) : undefined;
    if (!joined || period.start < joined.start) continue;
    let at = byArea.get(o.areaPath);
    if (!at) {
      const key: ObservationKey = {
        input: o.input,
        areaPath: o.areaPath,
        areaRoles: o.areaRoles,
        category: 'stalking-and-harassment',
        subcategory: null,
        offence: 'Stalking and harassment (derived from the separate codes)',
        code: null,
        derived: true,
      };
      byArea.set(o.areaPath, (at = { key, byPeriod: [] }));
    }
    let p = periodIds.get(period);
    if (p === undefined) periodIds.set(period, (p = periodIds.size));
    const s = at.byPeriod[p];
    if (s !== undefined) sums.addTo(s, table.count(i), table.rows(i));
    else at.byPeriod[p] = sums.push(at.key, period, table.count(i), table.rows(i));
  }
  const all = [...subGroup.keys()].sort();
  const always = all.filter((c) => subGroup.get(c)!.start === '');
  const later = all
    .filter((c) => subGroup.get(c)!.start !== '')
    .map((c) => `plus ${c} from ${monthYear(subGroup.get(c)!.start)}`);
  const missing = all.filter((c) => !codes.has(c));
  const notes = [
    `stalking-and-harassment is derived as the sum of ${always.join(' + ')}, ${later.join(', ')} (when coercive ` +
      `control joined the sub-group)${missing.length ? `; the source has no rows for ${missing.join(', ')}` : ''}`,
  ];
  return { observations: sums, notes };
}
