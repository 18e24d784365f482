import { ALL_AREAS, type AreaName, normaliseArea } from '../series/areas.js';
import {
  type PopulationAnswer,
  type PopulationLevel,
  type PopulationTable,
  populationYearFor,
} from '../series/populations.js';
import type { LoadedInput } from '../series/types.js';
import type { Column, Row } from './result.js';

/**
 * Rates per N residents beside the counts of any result: each row's area is matched to its
 * population by name and level (West Midlands is a force and a region of different sizes, so the
 * level the data give the area decides), at the mid-year inside the row's period unless one year
 * is asked for. A row whose area has no population keeps its count and gets a null rate, and a
 * note says why.
 */

/** One area of the data behind a result's area label, with the level the data give it. */
export interface AreaMember {
  name: string;
  /** The area's role in the data: region, force, csp, borough or area (a column named by --map). */
  role: string;
}

/** The areas a label stands for: one area, or every area summed into "All areas". */
export type MembersOf = (label: string) => AreaMember[];

export interface RateSettings {
  table: PopulationTable;
  /** Rates are per this many residents. */
  per: number;
  /** Every period takes this mid-year (to match a publication); default the mid-year inside the period. */
  populationYear?: number;
  /** How the notes name the populations' source (default: the table's own description). */
  source?: string;
}

/** Where a row's count and period are, and the names of the columns the rate goes into. */
export interface RateFields {
  count: string;
  start: string;
  end: string;
  /** Prefix of the new columns: '' gives population, populationYear, rate; 'before' gives beforePopulation… */
  prefix?: string;
  /** Every row's period, where rows do not carry one (a summary's year). */
  period?: { start: string; end: string };
}

/**
 * Levels a role's name is looked up at, in turn. A London borough is a district and a partnership;
 * a region column may also hold Wales (a country) or England and Wales; an area column named by
 * --map is taken first as a force (police.uk and record-level files name forces), then at any level.
 */
const LEVELS_OF_ROLE: Record<string, (PopulationLevel | undefined)[]> = {
  region: ['region', 'country', 'england-and-wales'],
  force: ['force'],
  csp: ['csp', 'district'],
  borough: ['district', 'csp'],
  area: ['force', undefined],
};

/** The population answer for one area of the data at a mid-year, trying the levels its role allows. */
export function populationOf(table: PopulationTable, member: AreaMember, year: number): PopulationAnswer {
  let first: PopulationAnswer | null = null;
  for (const level of LEVELS_OF_ROLE[member.role] ?? [undefined]) {
    const answer = table.resolve(member.name, year, level);
    if (answer.kind !== 'unknown') return answer;
    first ??= answer;
  }
  return first ?? table.resolve(member.name, year);
}

/** The population a label has at a mid-year: the sum of its areas', or null with the areas that lack one. */
export interface LabelPopulation {
  population: number | null;
  /** Areas without one: the reason shared with others like them, and the lookup's own note. */
  missing: { name: string; reason: string; note: string }[];
}

/** Why an area has no population, in words several areas can share (the note names the one area). */
function reasonOf(answer: PopulationAnswer, source: string): string {
  if (answer.kind === 'unknown') return `not in ${source}`;
  return noteOf(answer);
}

function noteOf(answer: PopulationAnswer): string {
  if (answer.kind === 'out-of-range') {
    return `the population data hold mid-${answer.first} to mid-${answer.last}`;
  }
  if (answer.kind === 'no-residents') return 'no residents: not a territorial police area';
  return answer.kind === 'population' ? '' : answer.note;
}

/** The population of the areas a label stands for at a mid-year: their sum, only if every one has one. */
export function labelPopulation(
  table: PopulationTable,
  members: readonly AreaMember[],
  year: number,
  source?: string,
): LabelPopulation {
  const answers = members.map((m) => ({ m, a: populationOf(table, m, year) }));
  const missing = answers
    .filter(({ a }) => a.kind !== 'population')
    .map(({ m, a }) => ({ name: m.name, reason: reasonOf(a, source ?? table.source), note: noteOf(a) }));
  const population = missing.length
    ? null
    : answers.reduce((sum, { a }) => sum + (a.kind === 'population' ? a.hit.population : 0), 0);
  return { population, missing };
}

/** Why a label has no population, in one phrase: the one area's own note, or the areas grouped by reason. */
export function missingText(label: string, missing: LabelPopulation['missing']): string {
  return missing.length === 1 && missing[0].name === label ? missing[0].note : byReason(missing);
}

/**
 * What each label of a result stands for. A label named by --area is that area at its level;
 * "All areas" is every finest area of the inputs; any other label (one of --each-area, or the one
 * area of a single-area file) is a finest area of the data.
 */
export function membersOfInputs(
  inputs: readonly LoadedInput[],
  named: readonly (AreaName & { label?: string })[],
): MembersOf {
  const finest = new Map<string, AreaMember>();
  for (const input of inputs) {
    for (const a of input.areas) {
      const name = a.path[a.path.length - 1];
      const key = normaliseArea(name);
      if (!finest.has(key)) finest.set(key, { name, role: a.roles[a.roles.length - 1] });
    }
  }
  // A result labels an area by its label where it has one ('West Midlands region'), else its name.
  const byName = new Map(named.map((a) => [a.label ?? a.name, { name: a.name, role: a.role }]));
  return (label) => {
    const hit = byName.get(label);
    if (hit) return [hit];
    if (label === ALL_AREAS) return [...finest.values()];
    const one = finest.get(normaliseArea(label));
    return one ? [one] : [{ name: label, role: 'area' }];
  };
}

const columnKey = (prefix: string, key: string) => (prefix ? `${prefix}${key[0].toUpperCase()}${key.slice(1)}` : key);

/**
 * "1,000" for 1000, "58,744,595" for a population: thousands separated by commas, as the tables
 * print them (written out: Intl's number formatting costs a cold run a dozen milliseconds).
 */
export function thousands(n: number): string {
  const [whole, fraction] = String(n).split('.');
  const digits = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${digits}.${fraction}` : digits;
}

const perText = thousands;

/** The three columns a rate adds (population, its mid-year, the rate), under the given prefix. */
export function rateColumns(per: number, prefix = '', digits = 2): Column[] {
  const lead = prefix ? `${prefix[0].toUpperCase()}${prefix.slice(1)}: ` : '';
  return [
    { key: columnKey(prefix, 'population'), label: `${lead}Population`, kind: 'int', inTable: !prefix },
    { key: columnKey(prefix, 'populationYear'), label: `${lead}Mid-year`, kind: 'text', inTable: false },
    { key: columnKey(prefix, 'rate'), label: `${lead}Per ${perText(per)}`, kind: 'number', digits, inTable: true },
  ];
}

/** Columns with `added` placed after the column `after` (at the end when it is absent). */
export function insertColumns(columns: readonly Column[], after: string, added: readonly Column[]): Column[] {
  const at = columns.findIndex((c) => c.key === after);
  if (at < 0) return [...columns, ...added];
  return [...columns.slice(0, at + 1), ...added, ...columns.slice(at + 1)];
}

/**
 * Decimal places that give the typical rate four significant figures (3.213 per 1,000; 0.03213 per
 * 100), between 1 and 6: the table should not print 0.00 for a rate per resident.
 */
export function rateDigits(rates: readonly number[]): number {
  const positive = rates.filter((r) => r > 0).sort((a, b) => a - b);
  if (!positive.length) return 2;
  const typical = positive[Math.floor(positive.length / 2)];
  return Math.min(6, Math.max(1, 3 - Math.floor(Math.log10(typical))));
}

/** A rate stored to 6 significant figures: enough for any published rate, and stable in JSON. */
export function storedRate(rate: number): number {
  return Number(rate.toPrecision(6));
}

export interface RatedRows {
  rows: Row[];
  columns: Column[];
  notes: string[];
}

/**
 * Adds population, mid-year and rate to every row (after the count column), and the notes that
 * say where the populations come from and which rows have none.
 */
export function addRates(
  rows: readonly Row[],
  columns: readonly Column[],
  membersOf: MembersOf,
  settings: RateSettings,
  fields: RateFields,
): RatedRows {
  const prefix = fields.prefix ?? '';
  const keys = {
    population: columnKey(prefix, 'population'),
    year: columnKey(prefix, 'populationYear'),
    rate: columnKey(prefix, 'rate'),
  };
  const cache = new Map<string, LabelPopulation>();
  const lookup = (label: string, year: number): LabelPopulation => {
    const key = `${label}\u0000${year}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = labelPopulation(settings.table, membersOf(label), year, settings.source);
      cache.set(key, hit);
    }
    return hit;
  };

  const gaps = new Map<string, { label: string; members: number; text: string; periods: string[] }>();
  let shortPeriods = false;
  const out = rows.map((row) => {
    const start = String(fields.period?.start ?? row[fields.start] ?? '');
    const end = String(fields.period?.end ?? row[fields.end] ?? '');
    const count = row[fields.count];
    const label = String(row.area ?? '');
    if (!start || !end) return { ...row, [keys.population]: null, [keys.year]: null, [keys.rate]: null };
    const year = settings.populationYear ?? populationYearFor(start, end);
    const { population, missing } = lookup(label, year);
    if (population === null) {
      const text = missingText(label, missing);
      const gapKey = `${label}\u0000${text}`;
      const gap = gaps.get(gapKey) ?? { label, members: membersOf(label).length, text, periods: [] };
      gap.periods.push(String(row.period ?? row.year ?? `${start} to ${end}`));
      gaps.set(gapKey, gap);
    }
    if (population !== null && typeof count === 'number' && yearShort(start, end)) shortPeriods = true;
    const rate =
      population !== null && typeof count === 'number' ? storedRate((count / population) * settings.per) : null;
    return { ...row, [keys.population]: population, [keys.year]: year, [keys.rate]: rate };
  });

  const digits = rateDigits(out.map((r) => r[keys.rate]).filter((v): v is number => typeof v === 'number'));
  const notes = [sourceNote(settings, shortPeriods, prefix)];
  const rowsOf = new Map<string, number>();
  for (const r of out) rowsOf.set(String(r.area ?? ''), (rowsOf.get(String(r.area ?? '')) ?? 0) + 1);
  for (const g of gaps.values()) {
    const every = g.periods.length === rowsOf.get(g.label);
    const when = every ? '' : ` in ${listed(g.periods)}`;
    const whose = g.members > 1 ? 'it sums areas without a population: ' : '';
    const hint = g.label === ALL_AREAS ? '; --area names one area, --each-area gives each its own rate' : '';
    notes.push(`no rate for ${g.label}${when}: ${whose}${g.text}${hint}`);
  }
  const added = rateColumns(settings.per, prefix, digits);
  return { rows: out, columns: insertColumns(columns, fields.count, added), notes: [...new Set(notes)] };
}

/** "A, B (why); C (why)": the areas that lack a population, grouped by the reason. */
function byReason(missing: readonly { name: string; reason: string }[]): string {
  const groups = new Map<string, string[]>();
  for (const m of missing) groups.set(m.reason, [...(groups.get(m.reason) ?? []), m.name]);
  return [...groups].map(([reason, names]) => `${listed(names, 12)} (${reason})`).join('; ');
}

function yearShort(start: string, end: string): boolean {
  return Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`) < 364 * 86_400_000;
}

function sourceNote(settings: RateSettings, shortPeriods: boolean, prefix: string): string {
  const which = settings.populationYear
    ? `every period takes the mid-${settings.populationYear} estimate (--population-year)`
    : 'each period takes the mid-year estimate inside it (2017/18 and the year ending March 2018 take mid-2017)';
  const what = prefix ? `${prefix} rate` : 'rate';
  const short = shortPeriods ? '; rates of periods shorter than a year are for the period, not annualised' : '';
  return (
    `${what}: offences per ${perText(settings.per)} residents, ` +
    `populations from ${settings.source ?? settings.table.source}; ${which}${short}`
  );
}

function listed(items: readonly string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
