import { normaliseLabel } from '../core/dataFiles.js';
import type { AreaLevel, TableSpec } from './tableSpec.js';

const GSS_CODE = new RegExp(
  [
    '^[EWKSN]', // the nation: England, Wales, a UK-wide grouping (K), Scotland, Northern Ireland
    '\\d{8}$', // entity type (two digits) and serial (six)
  ].join(''),
);

/** A GSS area code such as "E23000039" (Dorset) or "K04000001" (England and Wales). */
export function isAreaCode(text: string): boolean {
  return GSS_CODE.test(text.trim().toUpperCase());
}

/** The level a code means, from its first three characters; unknown prefixes are 'other'. */
export function levelOfCode(code: string, spec: TableSpec): AreaLevel {
  return spec.areaCodePrefixes[code.trim().toUpperCase().slice(0, 3)] ?? 'other';
}

/**
 * The level a name means where a row has no code: England and Wales, a country or a region by the
 * names in the layout file; any other name in a police force area table is a force (British
 * Transport Police has no code in the ONS tables).
 */
export function levelOfName(name: string, spec: TableSpec): AreaLevel {
  const key = normaliseLabel(name);
  for (const [level, names] of Object.entries(spec.areaNames) as [AreaLevel, string[]][]) {
    if (names.some((n) => normaliseLabel(n) === key)) return level;
  }
  return 'force';
}

/**
 * Levels that the order of a table decides, for rows named without a code: ONS lists a region's
 * total before its forces, so where a region name comes a second time ("West Midlands"), that row
 * is the force of that name. Returns the level by line for those rows only.
 */
export function levelsByOrder(uncoded: { line: number; name: string }[], spec: TableSpec): Record<number, AreaLevel> {
  const out: Record<number, AreaLevel> = {};
  const regionsSeen = new Set<string>();
  for (const { line, name } of uncoded) {
    if (levelOfName(name, spec) !== 'region') continue;
    const key = normaliseLabel(name);
    if (regionsSeen.has(key)) out[line] = 'force';
    regionsSeen.add(key);
  }
  return out;
}
