import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayNumber, isValidDate } from '../core/dates.js';
import { StalkError } from '../core/errors.js';
import type { Period } from '../core/periods.js';
import { editDistance } from '../core/similar.js';
import { type CategoryId, loadTaxonomy } from './taxonomy.js';

/**
 * The register of recording changes: dated changes to offences and counting rules that make counts
 * before and after them not comparable. It lives in `data/recording-changes.json`, with a source
 * for every date, and is validated on load.
 */

export type { CategoryId };

export const CONFIDENCE_LEVELS = ['confirmed', 'probable', 'uncertain'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

export interface RecordingChangeSource {
  readonly publication: string;
  readonly url: string;
}

export interface RecordingChange {
  readonly id: string;
  /** ISO date from which the change applies. */
  readonly date: string;
  readonly title: string;
  readonly changed: string;
  readonly affects: readonly CategoryId[];
  readonly sources: readonly RecordingChangeSource[];
  readonly confidence: Confidence;
  /** Where sources disagree, or what the date stands for when it is approximate. */
  readonly note?: string;
}

export interface RecordingChangeRegister {
  readonly version: 1;
  /** Sorted by date, then id. */
  readonly events: readonly RecordingChange[];
  /** Where it was loaded from, for messages. */
  readonly file: string;
}

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const EVENT_FIELDS = new Set(['id', 'date', 'title', 'changed', 'affects', 'sources', 'confidence', 'note']);
const SOURCE_FIELDS = new Set(['publication', 'url']);
const TOP_FIELDS = new Set(['version', 'events']);

// ---------------------------------------------------------------------------------------------
// Locating and loading

/**
 * The package's own data file. The module runs from src/taxonomy (tests) or dist/src/taxonomy (the
 * built tool), so walk up to the folder whose package.json is stalkstats' rather than counting `..`.
 */
export function defaultRegisterPath(): string {
  // Every analysis asks for the register; the folder is found once.
  return (registerPath ??= findRegisterPath());
}

let registerPath: string | undefined;
let defaultFile: string | undefined;

function findRegisterPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'stalkstats') {
          return join(dir, 'data', 'recording-changes.json');
        }
      } catch {
        // An unreadable package.json on the way up is not ours; keep climbing.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new StalkError(
    'E_DATA_FILE',
    'cannot locate the stalkstats package folder holding data/recording-changes.json',
  );
}

const cache = new Map<string, RecordingChangeRegister>();

/** Loads, validates and caches the register (by absolute path). */
export function loadRegister(path?: string): RecordingChangeRegister {
  // The default is asked for once a row by some analyses: its path is resolved once.
  const file = path === undefined ? (defaultFile ??= resolve(defaultRegisterPath())) : resolve(path);
  const cached = cache.get(file);
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new StalkError('E_DATA_FILE', `cannot read the register of recording changes: ${(e as Error).message}`, {
      file,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new StalkError(
      'E_DATA_FILE',
      `the register of recording changes is not valid JSON: ${(e as Error).message}`,
      { file },
    );
  }
  const register = parseRegister(raw, file);
  cache.set(file, register);
  return register;
}

/** Forgets loaded registers (for tests that rewrite a file). */
export function clearRegisterCache(): void {
  cache.clear();
}

// ---------------------------------------------------------------------------------------------
// Validation: every problem names the field, e.g. `events[3].sources[0].url`.

function fail(file: string, field: string, problem: string): never {
  throw new StalkError('E_DATA_FILE', `register of recording changes: ${field} ${problem}`, { file });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(file: string, field: string, v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') fail(file, field, 'must be a non-empty string');
  return v;
}

function noUnknownFields(file: string, where: string, obj: Record<string, unknown>, allowed: Set<string>): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) fail(file, where ? `${where}.${key}` : key, 'is not a known field');
  }
}

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  return m !== null && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Validates parsed JSON into a register; `file` is only used in messages. */
export function parseRegister(raw: unknown, file = 'recording-changes.json'): RecordingChangeRegister {
  if (!isObject(raw)) fail(file, 'the file', 'must hold a JSON object with "version" and "events"');
  noUnknownFields(file, '', raw, TOP_FIELDS);
  if (raw.version !== 1) fail(file, 'version', `must be 1 (got ${JSON.stringify(raw.version)})`);
  if (!Array.isArray(raw.events) || raw.events.length === 0) fail(file, 'events', 'must be a non-empty array');

  const seen = new Set<string>();
  const events = raw.events.map((e: unknown, i: number): RecordingChange => {
    const at = `events[${i}]`;
    if (!isObject(e)) fail(file, at, 'must be an object');
    noUnknownFields(file, at, e, EVENT_FIELDS);

    const id = text(file, `${at}.id`, e.id);
    if (!ID_PATTERN.test(id)) fail(file, `${at}.id`, `must be lower-case words joined by hyphens (got "${id}")`);
    if (seen.has(id)) fail(file, `${at}.id`, `repeats "${id}"`);
    seen.add(id);

    const date = text(file, `${at}.date`, e.date);
    if (!isIsoDate(date)) fail(file, `${at}.date`, `must be a real date written YYYY-MM-DD (got "${date}")`);

    const title = text(file, `${at}.title`, e.title);
    const changed = text(file, `${at}.changed`, e.changed);

    if (!Array.isArray(e.affects) || e.affects.length === 0)
      fail(file, `${at}.affects`, 'must be a non-empty array of category ids');
    const affects = e.affects.map((c: unknown, j: number): CategoryId => {
      if (typeof c !== 'string' || !categoryIds().includes(c)) {
        fail(file, `${at}.affects[${j}]`, `must be one of ${categoryIds().join(', ')} (got ${JSON.stringify(c)})`);
      }
      return c as CategoryId;
    });
    if (new Set(affects).size !== affects.length) fail(file, `${at}.affects`, 'lists a category twice');

    if (!Array.isArray(e.sources) || e.sources.length === 0)
      fail(file, `${at}.sources`, 'must list at least one source');
    const sources = e.sources.map((s: unknown, j: number): RecordingChangeSource => {
      const sat = `${at}.sources[${j}]`;
      if (!isObject(s)) fail(file, sat, 'must be an object with "publication" and "url"');
      noUnknownFields(file, sat, s, SOURCE_FIELDS);
      const publication = text(file, `${sat}.publication`, s.publication);
      const url = text(file, `${sat}.url`, s.url);
      let parsed: URL | null = null;
      try {
        parsed = new URL(url);
      } catch {
        parsed = null;
      }
      if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || !parsed.hostname.includes('.')) {
        fail(file, `${sat}.url`, `must be a web address starting https:// or http:// (got "${url}")`);
      }
      return Object.freeze({ publication, url });
    });

    if (typeof e.confidence !== 'string' || !(CONFIDENCE_LEVELS as readonly string[]).includes(e.confidence)) {
      fail(
        file,
        `${at}.confidence`,
        `must be one of ${CONFIDENCE_LEVELS.join(', ')} (got ${JSON.stringify(e.confidence)})`,
      );
    }
    const note = e.note === undefined ? undefined : text(file, `${at}.note`, e.note);

    return Object.freeze({
      id,
      date,
      title,
      changed,
      affects: Object.freeze(affects),
      sources: Object.freeze(sources),
      confidence: e.confidence as Confidence,
      ...(note === undefined ? {} : { note }),
    });
  });

  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return Object.freeze({ version: 1 as const, events: Object.freeze(events), file });
}

// ---------------------------------------------------------------------------------------------
// Queries

const categoryIds = (): readonly string[] => loadTaxonomy().categoryIds;

function knownCategory(category: string): CategoryId {
  if (!categoryIds().includes(category)) {
    throw new StalkError('E_UNKNOWN_CATEGORY', `unknown category "${category}"`, {
      hint: `categories: ${categoryIds().join(', ')}`,
    });
  }
  return category as CategoryId;
}

/**
 * An event by id, by date (`YYYY-MM-DD`: the event on that day) or by month (`YYYY-MM`: the event
 * in that month). Anything else, or a date with no event, is E_UNKNOWN_EVENT with suggestions; a
 * month holding two events asks for the id.
 */
export function findEvent(idOrDate: string, register: RecordingChangeRegister = loadRegister()): RecordingChange {
  const wanted = idOrDate.trim();
  const byId = register.events.find((e) => e.id === wanted);
  if (byId) return byId;

  let matches: RecordingChange[] | null = null;
  let pivot: string | null = null;
  if (isIsoDate(wanted)) {
    matches = register.events.filter((e) => e.date === wanted);
    pivot = wanted;
  } else {
    const month = ISO_MONTH.exec(wanted);
    if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
      matches = register.events.filter((e) => e.date.startsWith(`${wanted}-`));
      pivot = `${wanted}-15`;
    }
  }
  if (matches && matches.length === 1) return matches[0];
  if (matches && matches.length > 1) {
    throw new StalkError(
      'E_UNKNOWN_EVENT',
      `more than one recording change in ${wanted}: ${matches.map((e) => e.id).join(', ')}; give the id`,
    );
  }

  const suggestions = pivot ? nearestByDate(register, pivot) : similarIds(register, wanted);
  const list = suggestions.map((e) => `${e.id} (${e.date})`).join(', ');
  throw new StalkError('E_UNKNOWN_EVENT', `no recording change "${wanted}" in the register; did you mean: ${list}?`, {
    hint: 'give an event id, a date YYYY-MM-DD or a month YYYY-MM; `stalkstats events` lists them',
  });
}

function nearestByDate(register: RecordingChangeRegister, iso: string): RecordingChange[] {
  const day = dayNumber(iso);
  return [...register.events]
    .sort((a, b) => Math.abs(dayNumber(a.date) - day) - Math.abs(dayNumber(b.date) - day))
    .slice(0, 3);
}

function similarIds(register: RecordingChangeRegister, wanted: string): RecordingChange[] {
  const w = wanted.toLowerCase();
  const words = w.split(/[^a-z0-9]+/).filter((s) => s.length >= 2);
  const scored = register.events.map((e) => {
    const shared = words.filter((word) => e.id.includes(word)).length;
    return { e, score: shared * 100 - editDistance(w, e.id) };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, 3).map((s) => s.e);
}

/**
 * Events that make a change between two periods not comparable for any of `categories`.
 *
 * An event dated D applies from D onwards, so a period lies wholly before it when it ends before D
 * and wholly after it when it starts on or after D. The two periods are comparable across the event
 * only when both lie on the same side; otherwise — the event falls between them, or inside either —
 * they are not. With the periods in order (the order they are passed in does not matter), that is
 *
 *   earlier.start < D <= later.end.
 *
 * So an event on 1 April 2020 separates 2019/20 from 2020/21 but not 2020/21 from 2021/22, and an
 * event on 1 April 2018 does not separate 2018/19 from 2019/20 (both follow it). A category that
 * contains another (the old Met 'Harassment') is affected by the events of the one it contains.
 */
export function eventsSeparating(
  earlier: Period,
  later: Period,
  categories: readonly string[],
  register: RecordingChangeRegister = loadRegister(),
): RecordingChange[] {
  const wanted = new Set<CategoryId>();
  for (const category of categories.map(knownCategory)) {
    wanted.add(category);
    for (const inner of loadTaxonomy().category(category)?.contains ?? []) wanted.add(inner);
  }
  const first = earlier.start <= later.start ? earlier : later;
  const spanEnd = earlier.end >= later.end ? earlier.end : later.end;
  return register.events.filter(
    (e) => first.start < e.date && e.date <= spanEnd && e.affects.some((c) => wanted.has(c)),
  );
}

/**
 * The date from which a category has figures of its own in Home Office data — stalking 8Q from
 * April 2014, malicious communications 8R from April 2017, controlling or coercive behaviour 8U in
 * the stalking and harassment sub-group from April 2020 — or null when the category has no such
 * start (harassment, the combined sub-group, other).
 */
export function codeStart(category: string, register: RecordingChangeRegister = loadRegister()): string | null {
  const id = loadTaxonomy().category(knownCategory(category))?.ownCodeFrom;
  return id ? eventDate(id, category, register) : null;
}

/**
 * The date from which a category counts in the stalking and harassment sub-group: null when it is
 * not in it, '' when it always was, else the date of the register event that brought it in
 * (controlling or coercive behaviour, April 2020).
 */
export function subGroupStart(category: string, register: RecordingChangeRegister = loadRegister()): string | null {
  const info = loadTaxonomy().category(knownCategory(category));
  if (!info?.inSubGroup) return null;
  return info.inSubGroupFrom ? eventDate(info.inSubGroupFrom, category, register) : '';
}

function eventDate(id: string, category: string, register: RecordingChangeRegister): string {
  const event = register.events.find((e) => e.id === id);
  if (!event) {
    throw new StalkError(
      'E_DATA_FILE',
      `register of recording changes: the event "${id}" that dates ${category} figures is missing`,
      {
        file: register.file,
      },
    );
  }
  return event.date;
}

/**
 * True when the period starts before the category had its own code: all or part of it precedes
 * separate figures, so a count for it is missing or incomplete rather than genuinely low.
 */
export function predatesCode(
  category: string,
  period: Period,
  register: RecordingChangeRegister = loadRegister(),
): boolean {
  const start = codeStart(category, register);
  return start !== null && period.start < start;
}
