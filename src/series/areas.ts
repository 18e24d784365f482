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
  /** How the output names it when the name alone would not tell it apart ('West Midlands region'). */
  label?: string;
  /** What a reader should know about the choice (a force chosen over a region of the same name). */
  note?: string;
  /** What makes its figures not what the name says (a force held as one of its partnerships only). */
  warning?: string;
}

/** Every area in the data, at every level, by its normalised name (several areas may share one). */
export type AreaIndex = Map<string, AreaName[]>;

export function areaIndex(areas: Iterable<{ path: string[]; roles: string[] }>): AreaIndex {
  const index: AreaIndex = new Map();
  for (const a of areas) {
    for (let i = 0; i < a.path.length; i++) {
      const n = normaliseArea(a.path[i]);
      const list = index.get(n) ?? [];
      if (!list.some((x) => x.role === a.roles[i] && x.name === a.path[i]))
        list.push({ name: a.path[i], role: a.roles[i] });
      index.set(n, list);
    }
  }
  return index;
}

/** Whether an area path (coarse to fine, with its roles) lies in `area`: the same name at the same level. */
export function inArea(path: readonly string[], roles: readonly string[], area: AreaName): boolean {
  const n = normaliseArea(area.name);
  for (let i = 0; i < path.length; i++) if (roles[i] === area.role && normaliseArea(path[i]) === n) return true;
  return false;
}

/** Words after a name that ask for one level: "West Midlands region", "Westminster borough". */
const LEVEL_WORDS: Record<string, string> = {
  region: 'region',
  force: 'force',
  'police force area': 'force',
  pfa: 'force',
  partnership: 'csp',
  'community safety partnership': 'csp',
  csp: 'csp',
  borough: 'borough',
  ward: 'ward',
};
/** "X Police", "X Constabulary", "X Police Service" name force X. */
const POLICE_WORDS = /\b(police service|police force|constabulary|police)\s*$/i;

/** A name and the level it asks for, if it says one. */
function levelAsked(query: string): { name: string; level: string | null } {
  if (POLICE_WORDS.test(query)) return { name: query, level: 'force' };
  for (const [word, level] of Object.entries(LEVEL_WORDS)) {
    const m = new RegExp(`^(.*\\S)\\s+${word.replace(/ /g, '\\s+')}\\s*$`, 'i').exec(query.trim());
    if (m) return { name: m[1], level };
  }
  return { name: query, level: null };
}

/** The areas a name (or any alias of it) matches, at any level. */
function candidates(name: string, index: AreaIndex): AreaName[] {
  const q = normaliseArea(name);
  const found = [...(index.get(q) ?? [])];
  for (const group of aliases()) {
    if (!group.includes(q)) continue;
    for (const alt of group) for (const hit of index.get(alt) ?? []) if (!found.includes(hit)) found.push(hit);
  }
  return found;
}

const article = (role: string) => (/^[aeiou]/.test(role) ? 'an' : 'a');
const LEVEL_NAMES: Record<string, string> = { csp: 'community safety partnership' };
const levelName = (role: string) => LEVEL_NAMES[role] ?? role;

/**
 * Resolves what a user typed to one area in the data. A name the data hold at one level is that
 * area. A name held as a force and as a region (West Midlands; London, another name of the
 * Metropolitan Police) means the force, the file's main area, with a note on how to ask for the
 * region; words after the name ask for a level ("West Midlands region"). Two areas of the same level
 * for one name is a usage error naming both; an unknown name fails with suggestions.
 */
export function resolveArea(query: string, index: AreaIndex): AreaName {
  // A name the data hold as written, level words and all, is that name.
  const asked =
    index.has(normaliseArea(query)) && !POLICE_WORDS.test(query) ? { name: query, level: null } : levelAsked(query);
  const all = candidates(asked.name, index);
  const found = asked.level ? all.filter((a) => a.role === asked.level) : all;
  if (found.length === 0) {
    if (asked.level && all.length) {
      const held = [...new Set(all.map((a) => `${article(a.role)} ${levelName(a.role)}`))].join(' and ');
      throw new StalkError(
        'E_UNKNOWN_AREA',
        `no ${levelName(asked.level)} called '${asked.name}' in the data (it is ${held} there)`,
      );
    }
    throw unknownArea(query, index);
  }
  const byRole = new Map<string, AreaName[]>();
  for (const a of found) byRole.set(a.role, [...(byRole.get(a.role) ?? []), a]);
  const same = [...byRole.values()].find((list) => new Set(list.map((a) => a.name)).size > 1);
  if (same) {
    throw new StalkError(
      'E_USAGE',
      `'${query}' names two ${levelName(same[0].role)} areas in the data: ` +
        `${same.map((a) => `'${a.name}'`).join(' and ')}; give the one you mean`,
    );
  }
  if (byRole.size === 1) {
    // A region asked for by name and level, where a force has the name too, is labelled as such.
    const shared = asked.level === 'region' && all.some((a) => a.role === 'force');
    return shared ? { ...found[0], label: `${found[0].name} region` } : found[0];
  }
  const force = byRole.get('force')?.[0];
  if (force) {
    const region = byRole.get('region')?.[0];
    if (!region) return force;
    const how = `'${region.name} region'`;
    const note =
      `${query} is both a police force area and a region in the data: it is taken as the force (${force.name}); ` +
      `ask for ${how} for the region`;
    return { ...force, note };
  }
  // No force among them: the finest level, the data's own areas.
  return found[found.length - 1];
}

function unknownArea(query: string, index: AreaIndex): StalkError {
  const names = [...new Set([...index.values()].flat().map((a) => a.name))];
  const suggestions = closest(query, names);
  const some = names.slice(0, 12).join(', ');
  const more = names.length > 12 ? `, … (${names.length} in all; 'stalkstats inspect FILE' lists them)` : '';
  return new StalkError(
    'E_UNKNOWN_AREA',
    'unknown area ' +
      `'${query}'${suggestions.length ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : ''}`,
    { hint: `areas in the data: ${some}${more}` },
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
  const all = inputs.flatMap((i) => i.areas);
  const index = areaIndex(all);
  return names.map((n) => partOnly(resolveArea(n, index), all));
}

/**
 * An area held above one finer area only (a partnership's file names its force): its figures are
 * that one area's, not the whole of it, and the note says so.
 */
function partOnly(area: AreaName, all: { path: string[]; roles: string[] }[]): AreaName {
  const finer = new Set<string>();
  for (const a of all) {
    if (!inArea(a.path, a.roles, area)) continue;
    const last = a.path.length - 1;
    if (a.roles[last] === area.role && normaliseArea(a.path[last]) === normaliseArea(area.name)) return area;
    finer.add(a.path[last]);
  }
  if (finer.size !== 1) return area;
  const only = [...finer][0];
  const warning =
    `${area.name} is in the data only as the area around ${only}, the one area of it they hold: its figures are ` +
    `${only}'s alone, not the whole of ${area.name}'s`;
  return { ...area, warning };
}

/**
 * Observations that can be summed by area without counting anything twice: a published table's
 * total of other rows (England and Wales, a region) is kept only when it is one of the areas
 * asked for, and then the rows it totals are left out.
 */
export function withoutDoubleCounting<T extends { areaPath: string[]; aggregate?: boolean }>(
  given: Iterable<T>,
  wanted: readonly string[],
): Iterable<T> {
  let aggregates = false;
  for (const o of given) {
    if (!o.aggregate) continue;
    aggregates = true;
    break;
  }
  if (!aggregates) return given;
  const obs = [...given];
  const finest = (o: T) => normaliseArea(o.areaPath[o.areaPath.length - 1]);
  const names = new Set(wanted.map(normaliseArea));
  const own = new Set([...names].filter((n) => obs.some((o) => o.aggregate && finest(o) === n)));
  return obs.filter((o) => (o.aggregate ? own.has(finest(o)) : !o.areaPath.some((p) => own.has(normaliseArea(p)))));
}
