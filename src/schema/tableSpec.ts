import { StalkError } from '../core/errors.js';

/** Where an area row sits: a police force area, an English region, a country, or the whole. */
export type AreaLevel = 'force' | 'region' | 'country' | 'england-and-wales' | 'other';

export const AREA_LEVELS: readonly AreaLevel[] = ['force', 'region', 'country', 'england-and-wales', 'other'];

/** One thing a table can hold (numbers of offences, rates, percentages...), told by words. */
export interface MeasureSpec {
  id: string;
  name: string;
  words: string[];
}

/**
 * The `table` block of a 'wide-groups' layout in data/layouts.json (its "about" documents each
 * field). The words a published table is recognised by live there, not in code.
 */
export interface TableSpec {
  headerSearchRecords: number;
  minOffenceColumns: number;
  areaCodeHeaders: string[];
  offenceGroups: string[];
  /** A total's label and the labels of the offences it adds up. */
  offenceParts: Record<string, string[]>;
  measures: MeasureSpec[];
  countMeasure: string;
  periodWords: { ending: string[]; span: string[] };
  notesStart: string[];
  areaCodePrefixes: Record<string, AreaLevel>;
  areaNames: Partial<Record<AreaLevel, string[]>>;
}

function fail(layoutId: string, field: string, expected: string): never {
  throw new StalkError('E_DATA_FILE', `layouts.json: layout "${layoutId}": table.${field} must be ${expected}`);
}

function isWordList(x: unknown): x is string[] {
  return Array.isArray(x) && x.length > 0 && x.every((w) => typeof w === 'string' && w.trim() !== '');
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x > 0;
}

function checkMeasures(id: string, measures: unknown, countMeasure: unknown): void {
  if (!Array.isArray(measures) || measures.length === 0) fail(id, 'measures', 'a non-empty list');
  const seen = new Set<string>();
  for (const m of measures as Partial<MeasureSpec>[]) {
    if (typeof m?.id !== 'string' || !m.id || typeof m.name !== 'string' || !isWordList(m.words)) {
      fail(id, 'measures', 'a list of { id, name, words: [non-empty strings] }');
    }
    if (seen.has(m.id)) fail(id, 'measures', `a list with distinct ids ("${m.id}" twice)`);
    seen.add(m.id);
  }
  if (typeof countMeasure !== 'string' || !seen.has(countMeasure)) {
    fail(id, 'countMeasure', 'the id of one of its measures');
  }
}

function isLevel(x: unknown): x is AreaLevel {
  return AREA_LEVELS.includes(x as AreaLevel);
}

function checkAreas(id: string, prefixes: unknown, names: unknown): void {
  if (typeof prefixes !== 'object' || prefixes === null || Object.keys(prefixes).length === 0) {
    fail(id, 'areaCodePrefixes', 'an object of code prefix to level');
  }
  for (const [prefix, level] of Object.entries(prefixes as Record<string, unknown>)) {
    if (!/^[A-Z]\d\d$/.test(prefix)) fail(id, 'areaCodePrefixes', `keyed by a letter and two digits (not "${prefix}")`);
    if (!isLevel(level)) fail(id, `areaCodePrefixes.${prefix}`, `one of ${AREA_LEVELS.join(', ')}`);
  }
  if (typeof names !== 'object' || names === null) fail(id, 'areaNames', 'an object of level to names');
  for (const [level, list] of Object.entries(names as Record<string, unknown>)) {
    if (!isLevel(level)) fail(id, 'areaNames', `keyed by ${AREA_LEVELS.join(', ')} (not "${level}")`);
    if (!isWordList(list)) fail(id, `areaNames.${level}`, 'a non-empty list of names');
  }
}

/** Checks the `table` block of layout `layoutId` as loaded from layouts.json, and returns it typed. */
export function validateTableSpec(layoutId: string, raw: unknown): TableSpec {
  if (typeof raw !== 'object' || raw === null) {
    fail(layoutId, '', 'an object (a wide-groups layout needs a "table" block)');
  }
  const t = raw as Record<string, unknown>;
  if (!isCount(t.headerSearchRecords)) fail(layoutId, 'headerSearchRecords', 'a positive whole number');
  if (!isCount(t.minOffenceColumns)) fail(layoutId, 'minOffenceColumns', 'a positive whole number');
  if (!isWordList(t.areaCodeHeaders)) fail(layoutId, 'areaCodeHeaders', 'a non-empty list of column names');
  if (!isWordList(t.offenceGroups)) fail(layoutId, 'offenceGroups', 'a non-empty list of labels');
  if ((t.minOffenceColumns as number) > (t.offenceGroups as string[]).length) {
    fail(layoutId, 'minOffenceColumns', 'at most the number of offenceGroups');
  }
  const parts = t.offenceParts;
  if (typeof parts !== 'object' || parts === null || Array.isArray(parts)) {
    fail(layoutId, 'offenceParts', 'an object of total to the offences it adds up');
  }
  for (const [total, list] of Object.entries(parts as Record<string, unknown>)) {
    if (!isWordList(list)) fail(layoutId, `offenceParts.${total}`, 'a non-empty list of labels');
  }
  checkMeasures(layoutId, t.measures, t.countMeasure);
  const periodWords = t.periodWords as Record<string, unknown> | undefined;
  if (!isWordList(periodWords?.ending)) fail(layoutId, 'periodWords.ending', 'a non-empty list of words');
  if (!isWordList(periodWords?.span)) fail(layoutId, 'periodWords.span', 'a non-empty list of words');
  if (!isWordList(t.notesStart)) fail(layoutId, 'notesStart', 'a non-empty list of words');
  checkAreas(layoutId, t.areaCodePrefixes, t.areaNames);
  return t as unknown as TableSpec;
}
