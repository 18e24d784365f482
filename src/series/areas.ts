import { normaliseLabel, readDataJson } from '../core/dataFiles.js';
import { StalkError } from '../core/errors.js';
import { closest } from '../core/similar.js';

/** The one series of a command that sums every area. */
export const ALL_AREAS = 'All areas';

interface AreasFile {
  aliases: string[][];
}

/**
 * How area names are compared: case, punctuation and '&'/'and' ignored, a trailing 'Police',
 * 'Constabulary' or 'Police Service' dropped, and 'London, City of' read as 'City of London'.
 */
export function normaliseArea(name: string): string {
  let s = name.trim();
  const comma = /^([^,]+),\s*([^,]+)$/.exec(s);
  if (comma && /^(city|county|borough|isle) of$/i.test(comma[2].trim())) s = `${comma[2]} ${comma[1]}`;
  let n = normaliseLabel(s);
  n = n.replace(/ (police service|police force|constabulary|police)$/, '');
  return n;
}

let aliasGroups: string[][] | null = null;
function aliases(): string[][] {
  if (!aliasGroups) {
    const file = readDataJson<AreasFile>('areas.json');
    if (!Array.isArray(file.aliases))
      throw new StalkError('E_DATA_FILE', 'areas.json: "aliases" must be a list of lists');
    aliasGroups = file.aliases.map((g) => g.map(normaliseArea));
  }
  return aliasGroups;
}

export interface AreaName {
  name: string;
  role: string;
}

/** Every area name in the data, at every level, keyed by its normalised form. */
export function areaIndex(areas: Iterable<{ path: string[]; roles: string[] }>): Map<string, AreaName> {
  const index = new Map<string, AreaName>();
  for (const a of areas) {
    for (let i = 0; i < a.path.length; i++) {
      const n = normaliseArea(a.path[i]);
      if (!index.has(n)) index.set(n, { name: a.path[i], role: a.roles[i] });
    }
  }
  return index;
}

/**
 * Resolves what a user typed to an area name present in the data: an exact (normalised) name
 * first, then any alias of it. Unknown names fail with suggestions.
 */
export function resolveArea(query: string, index: Map<string, AreaName>): AreaName {
  const q = normaliseArea(query);
  const exact = index.get(q);
  if (exact) return exact;
  for (const group of aliases()) {
    if (!group.includes(q)) continue;
    for (const alt of group) {
      const hit = index.get(alt);
      if (hit) return hit;
    }
  }
  const names = [...new Set([...index.values()].map((a) => a.name))];
  const suggestions = closest(query, names);
  throw new StalkError(
    'E_UNKNOWN_AREA',
    `unknown area '${query}'${suggestions.length ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : ''}`,
    {
      hint: `areas in the data: ${names.slice(0, 12).join(', ')}${names.length > 12 ? `, … (${names.length} in all; 'stalkstats inspect FILE' lists them)` : ''}`,
    },
  );
}

/**
 * The areas a command was asked for, resolved once against every area of the inputs: what the
 * user typed becomes the name the data use, and an unknown name fails before anything else runs.
 */
export function resolveAreas(
  inputs: readonly { areas: { path: string[]; roles: string[] }[] }[],
  names: readonly string[],
): AreaName[] {
  if (names.length === 0) return [];
  const index = areaIndex(inputs.flatMap((i) => i.areas));
  return names.map((n) => resolveArea(n, index));
}

/**
 * Observations that can be summed by area without counting anything twice: a published table's
 * total of other rows (England and Wales, a region) is kept only when it is one of the areas
 * asked for, and then the rows it totals are left out.
 */
export function withoutDoubleCounting<T extends { areaPath: string[]; aggregate?: boolean }>(
  obs: T[],
  wanted: readonly string[],
): T[] {
  if (!obs.some((o) => o.aggregate)) return obs;
  const finest = (o: T) => normaliseArea(o.areaPath[o.areaPath.length - 1]);
  const names = new Set(wanted.map(normaliseArea));
  const own = new Set([...names].filter((n) => obs.some((o) => o.aggregate && finest(o) === n)));
  return obs.filter((o) => (o.aggregate ? own.has(finest(o)) : !o.areaPath.some((p) => own.has(normaliseArea(p)))));
}
