import { dataPath, normaliseHeader, normaliseLabel, readDataJson } from '../core/dataFiles.js';
import { dayNumber, isValidDate } from '../core/dates.js';
import { type ErrorCode, StalkError } from '../core/errors.js';
import { closest } from '../core/similar.js';
import { scanCsv } from '../read/csv.js';
import { normaliseArea } from './areas.js';

/**
 * Population denominators: the bundled ONS mid-year estimates (data/populations.json, built by
 * scripts/build-populations.mjs; see docs/populations.md) or a user's own file, behind one lookup.
 * Levels are kept apart because names are shared: West Midlands is a force and a region with
 * different populations, and Dorset a force, a district and a partnership area.
 */
export type PopulationLevel = 'england-and-wales' | 'country' | 'region' | 'force' | 'csp' | 'district' | 'area';

/** Highest first; when one name gives the same figure at several levels, the highest is reported. */
export const POPULATION_LEVELS: readonly PopulationLevel[] = [
  'england-and-wales',
  'country',
  'region',
  'force',
  'csp',
  'district',
  'area',
];

export interface PopulationHit {
  area: string;
  code: string | null;
  level: PopulationLevel;
  /** The mid-year: the estimate is of usual residents at 30 June of this year. */
  year: number;
  population: number;
  note?: string;
}

/** Why a name gives a population or not, so a rate can be left empty with the reason. */
export type PopulationAnswer =
  | { kind: 'population'; hit: PopulationHit }
  | { kind: 'no-residents'; area: string; note: string }
  | {
      kind: 'superseded';
      area: string;
      level: PopulationLevel;
      code: string | null;
      replacedBy: string[];
      note: string;
    }
  | { kind: 'out-of-range'; area: string; level: PopulationLevel; first: number; last: number; note: string }
  | { kind: 'ambiguous'; area: string; levels: PopulationLevel[]; note: string }
  | { kind: 'unknown'; note: string };

export interface PopulationMatch {
  area: string;
  code: string | null;
  level: PopulationLevel | null;
  kind: 'population' | 'superseded' | 'no-residents';
  /** First and last mid-years the name means this area, where another area bears it at other times. */
  from?: number;
  until?: number;
}

export interface PopulationTable {
  /** Where the figures come from: the bundled estimates or the user's file. */
  readonly source: string;
  /** The population of an area at a mid-year, or null (`resolve` says why). */
  find(name: string, year: number, level?: PopulationLevel): PopulationHit | null;
  resolve(name: string, year: number, level?: PopulationLevel): PopulationAnswer;
  /** Every area, old name and residentless "force" a name can mean, highest level first. */
  matches(name: string): PopulationMatch[];
  years(): { first: number; last: number };
  noResidents(name: string): boolean;
  /** The areas of one level (those its name means at `year`, when given), by name. */
  areas(level: PopulationLevel, year?: number): { area: string; code: string | null }[];
}

interface Area {
  name: string;
  code: string | null;
  level: PopulationLevel;
  alsoLevel?: PopulationLevel;
  names: string[];
  population: Map<number, number>;
  from?: number;
  until?: number;
  note?: string;
}

interface OldName {
  name: string;
  code: string | null;
  level: PopulationLevel;
  names: string[];
  until?: number;
  replacedBy: string[];
  note: string;
}

interface Residentless {
  name: string;
  names: string[];
  note: string;
}

const rank = (l: PopulationLevel) => POPULATION_LEVELS.indexOf(l);
const byLevel = <T extends { level: PopulationLevel }>(a: T, b: T) => rank(a.level) - rank(b.level);

function answersTo(a: { level: PopulationLevel; alsoLevel?: PopulationLevel }, level?: PopulationLevel): boolean {
  // A user's file may not say what its areas are; they answer whatever level is asked for.
  return level === undefined || a.level === level || a.alsoLevel === level || a.level === 'area';
}

function inForce(a: { from?: number; until?: number }, year: number): boolean {
  return (a.from === undefined || year >= a.from) && (a.until === undefined || year <= a.until);
}

class Table implements PopulationTable {
  private readonly index = new Map<string, { areas: Area[]; old: OldName[]; none: Residentless[] }>();
  private readonly span: { first: number; last: number };

  constructor(
    readonly source: string,
    private readonly all: Area[],
    old: OldName[],
    none: Residentless[],
  ) {
    const slot = (n: string) => {
      let s = this.index.get(n);
      if (!s) this.index.set(n, (s = { areas: [], old: [], none: [] }));
      return s;
    };
    for (const a of all) for (const n of a.names) slot(n).areas.push(a);
    for (const o of old) for (const n of o.names) slot(n).old.push(o);
    for (const x of none) for (const n of x.names) slot(n).none.push(x);
    let first = Infinity;
    let last = -Infinity;
    for (const a of all) {
      for (const y of a.population.keys()) {
        first = Math.min(first, y);
        last = Math.max(last, y);
      }
    }
    this.span = { first, last };
  }

  years(): { first: number; last: number } {
    return { ...this.span };
  }

  noResidents(name: string): boolean {
    return (this.index.get(normaliseArea(name))?.none.length ?? 0) > 0;
  }

  find(name: string, year: number, level?: PopulationLevel): PopulationHit | null {
    const answer = this.resolve(name, year, level);
    if (answer.kind === 'ambiguous') throw new StalkError('E_USAGE', answer.note);
    return answer.kind === 'population' ? answer.hit : null;
  }

  resolve(name: string, year: number, level?: PopulationLevel): PopulationAnswer {
    const slot = this.index.get(normaliseArea(name));
    const none = slot?.none[0];
    if (none) return { kind: 'no-residents', area: none.name, note: none.note };
    const areas = (slot?.areas ?? []).filter((a) => answersTo(a, level) && inForce(a, year)).sort(byLevel);
    const old = (slot?.old ?? []).filter((o) => answersTo(o, level) && inForce(o, year)).sort(byLevel);
    if (areas.length) {
      const held = areas.filter((a) => a.population.has(year));
      if (!held.length) return outOfRange(areas[0], year);
      const figures = new Set(held.map((a) => a.population.get(year)));
      if (figures.size > 1) {
        const levels = held.map((a) => a.level);
        return {
          kind: 'ambiguous',
          area: held[0].name,
          levels,
          note:
            `'${name}' names areas of different populations at more than one level ` +
            `(${levels.join(', ')}): say which`,
        };
      }
      const a = held[0];
      const population = a.population.get(year)!;
      const hit: PopulationHit = { area: a.name, code: a.code, level: a.level, year, population };
      if (a.note) hit.note = a.note;
      return { kind: 'population', hit };
    }
    if (old.length) {
      const o = old[0];
      return { kind: 'superseded', area: o.name, level: o.level, code: o.code, replacedBy: o.replacedBy, note: o.note };
    }
    return { kind: 'unknown', note: this.unknown(name, level) };
  }

  matches(name: string): PopulationMatch[] {
    const slot = this.index.get(normaliseArea(name));
    if (!slot) return [];
    const match = (x: Area | OldName, kind: 'population' | 'superseded'): PopulationMatch => ({
      area: x.name,
      code: x.code,
      level: x.level,
      kind,
      ...('from' in x && x.from !== undefined ? { from: x.from } : {}),
      ...(x.until === undefined ? {} : { until: x.until }),
    });
    const residentless = slot.none.map(
      (x): PopulationMatch => ({
        area: x.name,
        code: null,
        level: null,
        kind: 'no-residents',
      }),
    );
    return [
      ...residentless,
      ...[...slot.areas.map((a) => match(a, 'population')), ...slot.old.map((o) => match(o, 'superseded'))].sort(
        (a, b) => rank(a.level!) - rank(b.level!),
      ),
    ];
  }

  areas(level: PopulationLevel, year?: number): { area: string; code: string | null }[] {
    return this.all
      .filter((a) => answersTo(a, level) && (year === undefined || inForce(a, year)))
      .map((a) => ({ area: a.name, code: a.code }));
  }

  private unknown(name: string, level?: PopulationLevel): string {
    const names = [...new Set(this.all.filter((a) => answersTo(a, level)).map((a) => a.name))];
    const near = closest(name, names).map((n) => `'${n}'`);
    const what = level ? `no ${level} area` : 'no area';
    return `${what} called '${name}' in ${this.source}${near.length ? `; did you mean ${near.join(', ')}?` : ''}`;
  }
}

function outOfRange(a: Area, year: number): PopulationAnswer {
  const years = [...a.population.keys()].sort((x, y) => x - y);
  const first = years[0];
  const last = years[years.length - 1];
  // A user's file may skip years: then the years it has say more than their range.
  const held =
    years.length === last - first + 1 ? `from mid-${first} to mid-${last}` : years.map((y) => `mid-${y}`).join(', ');
  return {
    kind: 'out-of-range',
    area: a.name,
    level: a.level,
    first,
    last,
    note: `no population for ${a.name} at mid-${year}: the figures held are ${held}`,
  };
}

// ---- The bundled estimates ------------------------------------------------------------------

const FILE = 'populations.json';

interface FileArea {
  name: string;
  code: string | null;
  level: PopulationLevel;
  alsoLevel?: PopulationLevel;
  aliases?: string[];
  population: Record<string, number>;
  from?: number;
  note?: string;
}

interface FileOld {
  name: string;
  code: string | null;
  level: PopulationLevel;
  until?: number;
  replacedBy: string[];
  note: string;
}

interface PopulationsFile {
  version: number;
  years: { first: number; last: number };
  areas: FileArea[];
  superseded: FileOld[];
  noResidents: { name: string; aliases: string[]; note: string }[];
}

function invalid(what: string): never {
  throw new StalkError('E_DATA_FILE', `${FILE}: ${what}`, { file: dataPath(FILE) });
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isYear = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1800 && (v as number) <= 2200;
const isLevel = (v: unknown): v is PopulationLevel => POPULATION_LEVELS.includes(v as PopulationLevel);
const isTextList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isText);

function namesOf(name: string, aliases: string[] = []): string[] {
  return [...new Set([name, ...aliases].map(normaliseArea))];
}

/** Checks the bundled file's shape and figures; a broken file fails here, not in a rate later. */
export function validatePopulations(file: PopulationsFile): PopulationTable {
  if (file?.version !== 1) invalid('"version" must be 1');
  const { first, last } = file.years ?? {};
  if (!isYear(first) || !isYear(last) || first > last) invalid('"years" must hold a first and a last year');
  if (!Array.isArray(file.areas) || !Array.isArray(file.superseded) || !Array.isArray(file.noResidents)) {
    invalid('"areas", "superseded" and "noResidents" must be lists');
  }
  const areas = file.areas.map((a, i): Area => {
    const where = `areas[${i}] (${isText(a?.name) ? a.name : '?'})`;
    if (!isText(a?.name) || !isLevel(a.level) || a.level === 'area') invalid(`${where}: needs a name and a level`);
    if (a.code !== null && !isText(a.code)) invalid(`${where}: "code" must be text or null`);
    if (a.alsoLevel !== undefined && !isLevel(a.alsoLevel)) invalid(`${where}: unknown "alsoLevel"`);
    if (a.aliases !== undefined && !isTextList(a.aliases)) invalid(`${where}: "aliases" must be a list of names`);
    if (a.from !== undefined && !isYear(a.from)) invalid(`${where}: "from" must be a year`);
    const population = new Map<number, number>();
    for (let y = first; y <= last; y++) {
      const n = a.population?.[String(y)];
      if (!Number.isInteger(n) || (n as number) <= 0) invalid(`${where}: no population for mid-${y}`);
      population.set(y, n as number);
    }
    if (Object.keys(a.population).length !== last - first + 1) invalid(`${where}: years outside ${first}-${last}`);
    return {
      name: a.name,
      code: a.code,
      level: a.level,
      ...(a.alsoLevel ? { alsoLevel: a.alsoLevel } : {}),
      names: namesOf(a.name, a.aliases),
      population,
      ...(a.from === undefined ? {} : { from: a.from }),
      ...(a.note ? { note: a.note } : {}),
    };
  });
  const old = file.superseded.map((o, i): OldName => {
    const where = `superseded[${i}] (${isText(o?.name) ? o.name : '?'})`;
    if (!isText(o?.name) || !isLevel(o.level) || !isText(o.note) || !isTextList(o.replacedBy)) {
      invalid(`${where}: needs a name, a level, a note and "replacedBy"`);
    }
    if (o.until !== undefined && !isYear(o.until)) invalid(`${where}: "until" must be a year`);
    return { ...o, code: o.code ?? null, names: namesOf(o.name) };
  });
  const none = file.noResidents.map((x, i): Residentless => {
    if (!isText(x?.name) || !isText(x.note) || !isTextList(x.aliases)) {
      invalid(`noResidents[${i}]: needs a name, aliases and a note`);
    }
    return { name: x.name, names: namesOf(x.name, x.aliases), note: x.note };
  });
  checkOneMeaning(areas, old);
  return new Table('the ONS mid-year estimates (data/populations.json)', areas, old, none);
}

/** A name may mean one area per level in any year: otherwise a lookup would guess. */
function checkOneMeaning(areas: Area[], old: OldName[]): void {
  const spans = new Map<string, [number, number, string][]>();
  const entries: { names: string[]; level: PopulationLevel; from?: number; until?: number; name: string }[] = [
    ...areas,
    ...old,
  ];
  for (const e of entries) {
    for (const n of e.names) {
      const key = `${e.level} ${n}`;
      const span: [number, number, string] = [e.from ?? -Infinity, e.until ?? Infinity, e.name];
      const clash = spans.get(key)?.find((s) => span[0] <= s[1] && s[0] <= span[1]);
      if (clash) invalid(`'${clash[2]}' and '${e.name}' both answer to '${n}' at level ${e.level}`);
      spans.set(key, [...(spans.get(key) ?? []), span]);
    }
  }
}

let bundled: PopulationTable | null = null;

/** The bundled ONS estimates, read and checked once. */
export function loadPopulations(): PopulationTable {
  bundled ??= validatePopulations(readDataJson<PopulationsFile>(FILE));
  return bundled;
}

// ---- A user's own population file -----------------------------------------------------------

/**
 * The code for a bad population file. No dedicated code exists yet; E_DATA_FILE is a data error
 * (exit 1), which is what a bad row in a user's file is.
 */
const BAD_FILE: ErrorCode = 'E_DATA_FILE';

const LEVEL_WORDS: Record<string, PopulationLevel> = {
  'england and wales': 'england-and-wales',
  country: 'country',
  region: 'region',
  force: 'force',
  pfa: 'force',
  'police force area': 'force',
  csp: 'csp',
  'community safety partnership': 'csp',
  partnership: 'csp',
  district: 'district',
  lad: 'district',
  'local authority': 'district',
  'local authority district': 'district',
  area: 'area',
};

// A year as written in population tables: "2017", "mid-2017", "Mid 2017".
const YEAR_CELL = /^(?:mid[-\s]?)?(\d{4})$/i;
// A whole number of people, optionally with thousands separators: "767297", "767,297", "767 297".
const COUNT_CELL = /^\d+$|^\d{1,3}(?:,\d{3})+$|^\d{1,3}(?: \d{3})+$/;

/**
 * A population table from CSV records with the columns area, year and population (and, if
 * wanted, level and code), in any order and any case; other columns are ignored. Pure: the
 * caller reads the file. A bad row stops with one line naming the file and line.
 */
export function populationTableFromRecords(
  records: { fields: string[]; line: number }[],
  file: string,
): PopulationTable {
  if (!records.length) throw new StalkError('E_EMPTY_FILE', 'the population file has no rows', { file });
  const [head, ...rows] = records;
  const headers = head.fields.map(normaliseHeader);
  const col = (name: string) => headers.indexOf(name);
  const at = {
    area: col('area'),
    year: col('year'),
    population: col('population'),
    level: col('level'),
    code: col('code'),
  };
  const missing = (['area', 'year', 'population'] as const).filter((k) => at[k] < 0);
  if (missing.length) {
    const what = `a population file needs the columns area, year and population; missing: ${missing.join(', ')}`;
    throw new StalkError(BAD_FILE, what, { file, line: head.line });
  }
  if (!rows.length) {
    throw new StalkError('E_HEADER_ONLY', 'the population file has a header but no rows', { file, line: head.line });
  }
  const byKey = new Map<string, Area>();
  const seen = new Map<string, number>();
  for (const { fields, line } of rows) {
    const bad = (what: string): never => {
      throw new StalkError(BAD_FILE, what, { file, line });
    };
    const cell = (i: number) => (i < 0 ? '' : (fields[i] ?? '').replace(/\u00a0/g, ' ').trim());
    const area = cell(at.area);
    if (!area) bad('no area name');
    const yearText = cell(at.year);
    const year = Number(YEAR_CELL.exec(yearText)?.[1]);
    if (!isYear(year)) bad(`year must be a year such as 2017 or mid-2017, not '${yearText}'`);
    const popText = cell(at.population);
    const population = COUNT_CELL.test(popText) ? Number(popText.replace(/[, ]/g, '')) : NaN;
    if (!Number.isSafeInteger(population) || population <= 0) {
      bad(`population must be a whole number of people above 0, not '${popText}'`);
    }
    const levelText = cell(at.level);
    const level = levelText ? LEVEL_WORDS[normaliseLabel(levelText)] : 'area';
    if (!level) bad(`unknown level '${levelText}' (levels: ${POPULATION_LEVELS.join(', ')})`);
    const key = `${level} ${normaliseArea(area)}`;
    const twice = seen.get(`${key} ${year}`);
    if (twice !== undefined) bad(`${area} mid-${year} is given twice (lines ${twice} and ${line})`);
    seen.set(`${key} ${year}`, line);
    let entry = byKey.get(key);
    if (!entry) {
      entry = { name: area, code: cell(at.code) || null, level, names: namesOf(area), population: new Map() };
      byKey.set(key, entry);
    }
    entry.population.set(year, population);
  }
  return new Table(file, [...byKey.values()], [], []);
}

/** Reads a user's population CSV (see `populationTableFromRecords`). */
export async function readPopulationFile(path: string): Promise<PopulationTable> {
  const records: { fields: string[]; line: number }[] = [];
  await scanCsv(path, (fields, line) => void records.push({ fields, line }));
  return populationTableFromRecords(records, path);
}

// ---- Which mid-year a period takes -----------------------------------------------------------

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkedDay(iso: string, what: string): number {
  const m = ISO.exec(iso);
  if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new StalkError('E_PERIOD_INVALID', `the period's ${what} must be a date such as 2017-04-01, not '${iso}'`);
  }
  return dayNumber(iso);
}

/**
 * The mid-year estimate a period takes by default. An estimate counts the residents at the end of
 * 30 June, the moment 1 July begins; the period, from the start of its first day to the end of
 * its last, takes the estimate whose moment it holds: 2017/18, the year ending March 2018 and the
 * calendar year 2017 take mid-2017, and so does the year ending June 2018 (1 July 2017 to 30 June
 * 2018 holds the moment 1 July 2017 begins, and ends just before 1 July 2018). A period holding
 * none (a quarter, a month) takes the last before its end; one holding several, the one nearest
 * its middle (the earlier on a tie).
 */
export function populationYearFor(start: string, end: string): number {
  const from = checkedDay(start, 'start');
  const to = checkedDay(end, 'end');
  if (to < from) throw new StalkError('E_PERIOD_INVALID', `the period ends (${end}) before it starts (${start})`);
  const julyFirst = (y: number) => dayNumber(`${y}-07-01`);
  const endYear = Number(end.slice(0, 4));
  const inside: number[] = [];
  for (let y = Number(start.slice(0, 4)); y <= endYear; y++) {
    if (julyFirst(y) >= from && julyFirst(y) <= to) inside.push(y);
  }
  if (!inside.length) return julyFirst(endYear) <= to ? endYear : endYear - 1;
  // Twice the middle, in days, so that a period of an even number of days keeps a whole middle.
  const middle2 = from + to + 1;
  let best = inside[0];
  for (const y of inside) if (Math.abs(2 * julyFirst(y) - middle2) < Math.abs(2 * julyFirst(best) - middle2)) best = y;
  return best;
}
