import { type Command, InvalidArgumentError, Option } from 'commander';
import { basename, resolve } from 'node:path';
import type { Result } from '../analyses/result.js';
import { StalkError } from '../core/errors.js';
import { closest } from '../core/similar.js';
import { daysInMonth, isoDate, isValidDate } from '../core/dates.js';
import type { Grain } from '../core/periods.js';
import { type Format, parseFormat, render } from '../render/index.js';
import { type ColumnMap, parseMapOption } from '../schema/layouts.js';
import { parseFinancialYear } from '../schema/periodCells.js';
import { setMergeOrder } from '../series/build.js';
import type { LoadedInput } from '../series/types.js';
import { type CategoryId, DEFAULT_CATEGORIES, loadTaxonomy } from '../taxonomy/taxonomy.js';

/** What a command may touch: injected so tests run commands in-process. */
export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  columns?: number;
  cwd?: string;
  /** A command whose outcome is not an error (a claim not supported) sets the exit code here. */
  setExitCode?(code: number): void;
}

export interface CommonOptions {
  area: string[];
  eachArea?: boolean;
  category?: CategoryId[];
  from?: string;
  to?: string;
  by?: Grain;
  format: Format;
  map?: ColumnMap;
  /** Input files whose figures win where inputs overlap (the first named wins over the others). */
  prefer?: string[];
  strict?: boolean;
  color?: boolean;
  quiet?: boolean;
  debug?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function wrap<T>(parse: (v: string) => T): (v: string) => T {
  return (v) => {
    try {
      return parse(v);
    } catch (e) {
      // The code goes into commander's message so the error names it, as every other error does.
      if (e instanceof StalkError) throw new InvalidArgumentError(`${e.message} [${e.code}]`);
      throw e;
    }
  };
}

export const GRAINS: Grain[] = ['fy', 'year', 'quarter', 'month'];
export function parseGrain(v: string): Grain {
  const g = v.toLowerCase();
  const aliases: Record<string, Grain> = { fy: 'fy', 'financial-year': 'fy', year: 'year', calendar: 'year', 'calendar-year': 'year', quarter: 'quarter', q: 'quarter', month: 'month' };
  if (aliases[g]) return aliases[g];
  throw new StalkError('E_BAD_OPTION', `--by must be one of ${GRAINS.join(', ')} (got '${v}')`);
}

export function parseCategoryList(v: string): CategoryId[] {
  const tax = loadTaxonomy();
  const out: CategoryId[] = [];
  for (const raw of v.split(',')) {
    const t = raw.trim().toLowerCase().replace(/&/g, ' and ').trim().replace(/[\s_]+/g, '-');
    if (!t) continue;
    const aliases: Record<string, CategoryId> = {
      's-and-h': 'stalking-and-harassment',
      combined: 'stalking-and-harassment',
      'stalking-harassment': 'stalking-and-harassment',
      malicious: 'malicious-communications',
      'malicious-comms': 'malicious-communications',
      coercive: 'coercive-control',
      'controlling-or-coercive-behaviour': 'coercive-control',
      'coercive-controlling-behaviour': 'coercive-control',
    };
    const id = (tax.categoryIds as string[]).includes(t) ? (t as CategoryId) : aliases[t];
    if (!id) {
      const s = closest(raw.trim(), tax.categoryIds);
      throw new StalkError('E_UNKNOWN_CATEGORY', `unknown category '${raw.trim()}'${s.length ? `; did you mean ${s.map((x) => `'${x}'`).join(', ')}?` : ''} (categories: ${tax.categoryIds.join(', ')})`);
    }
    if (!out.includes(id)) out.push(id);
  }
  if (out.length === 0) throw new StalkError('E_UNKNOWN_CATEGORY', '--category needs at least one category');
  return out;
}

/**
 * `--from` / `--to` bounds: a year (2017), a financial year (2017/18), a month (2017-04) or a day.
 * `--from` takes the first day, `--to` the last.
 */
export function parsePeriodBound(v: string, side: 'from' | 'to'): string {
  const t = v.trim();
  const fy = parseFinancialYear(t);
  if (fy !== null) return side === 'from' ? isoDate(fy, 4, 1) : isoDate(fy + 1, 3, 31);
  let m = /^(\d{4})$/.exec(t);
  if (m) return side === 'from' ? isoDate(Number(m[1]), 1, 1) : isoDate(Number(m[1]), 12, 31);
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return side === 'from' ? isoDate(y, mo, 1) : isoDate(y, mo, daysInMonth(y, mo));
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) return t;
  throw new StalkError('E_BAD_OPTION', `--${side} expects a year (2017), financial year (2017/18), month (2017-04) or date (2017-04-01), got '${v}'`);
}

/** Options every data command shares, defined once so the help reads the same everywhere. */
export function addCommonOptions(cmd: Command, opts: { by?: boolean; range?: boolean; category?: boolean } = {}): Command {
  cmd
    .addOption(
      new Option('-a, --area <name>', 'area to report (repeatable; any level: CSP, force, region, borough; aliases such as "Devon & Cornwall")')
        .argParser(collect)
        .default([], 'all areas summed'),
    )
    .option('--each-area', 'one series per area instead of summing them into "All areas"', false);
  if (opts.category !== false)
    cmd.option('-c, --category <list>', 'comma list of categories: stalking, harassment, malicious-communications, coercive-control, stalking-and-harassment, harassment-wide, other (default: all but other)', wrap(parseCategoryList));
  if (opts.range !== false) {
    cmd.option('--from <period>', 'first period to show: 2017, 2017/18, 2017-04 or 2017-04-01 (default: the first in the data)', wrap((v) => parsePeriodBound(v, 'from')));
    cmd.option('--to <period>', 'last period to show, same forms as --from (default: the last in the data)', wrap((v) => parsePeriodBound(v, 'to')));
  }
  if (opts.by !== false)
    cmd.addOption(new Option('--by <grain>', 're-aggregate to fy | year | quarter | month, from complete sub-periods only (default: the file\'s own grain)').argParser(wrap(parseGrain)));
  cmd
    .addOption(new Option('-f, --format <format>', 'output format: table | json | csv | markdown').default('table').argParser(wrap(parseFormat)))
    .option('--map <pairs>', 'name the columns of an unrecognised layout: area=COL,period=COL|date=COL,offence=COL|code=COL,count=COL (default: detect the layout from the header)', wrap(parseMapOption))
    .option('--prefer <file>', 'where several files give the same area, category and period, take this file\'s figure (default: the later file; repeatable, the first named wins)', collect)
    .option('--strict', 'treat any excluded row or cell, any row repeating another\'s area, period and offence, or an unmatched stalking/harassment label as an error', false)
    .option('--no-color', 'no colour in the table, even on a terminal');
  return cmd;
}

const SUSPECT_LABEL = /stalk|harass|malicious|coerci|controlling/i;

/**
 * Loads every input. `keep` limits the categories held period by period (default: the ones
 * asked for, or all but `other`); `'all'` keeps everything.
 */
export async function loadAll(files: string[], opts: CommonOptions, keep?: ReadonlySet<CategoryId> | 'all', needAreas = false, io?: Io): Promise<LoadedInput[]> {
  if (files.length === 0) throw new StalkError('E_USAGE', 'no input file given');
  const kept = keep === 'all' ? undefined : (keep ?? new Set<CategoryId>(opts.category ?? DEFAULT_CATEGORIES));
  // One file summed over every area need not be held area by area (a large file is then read in
  // constant memory); several files are merged area by area, so they keep the detail.
  const areaDetail = needAreas || keep === 'all' || files.length > 1 || opts.area.length > 0 || !!opts.eachArea;
  const inputs: LoadedInput[] = [];
  const order = opts.prefer?.length ? preferredOrder(files, opts.prefer) : null;
  // The loader and the readers behind it are loaded here, when a file is read, not for --help.
  const { assertHasData, loadInput } = await import('../series/load.js');
  for (let i = 0; i < files.length; i++) {
    const bar = progressBar(files[i], io, opts);
    try {
      inputs.push(await loadInput(files[i], i, { map: opts.map, keep: kept, areaDetail, ...(bar ? { onProgress: bar.update } : {}) }));
    } finally {
      bar?.done();
    }
  }
  if (order) setMergeOrder(inputs, order);
  if (opts.strict) for (const input of inputs) assertStrict(input);
  for (const input of inputs) assertHasData(input);
  return inputs;
}

/**
 * Input indices from lowest to highest precedence: the files in argument order, then those named
 * by `--prefer` (the first named last, so it wins). A name matches an input by path or, when only
 * one input has it, by file name.
 */
export function preferredOrder(files: string[], prefer: string[]): number[] {
  const base = (p: string) => basename(p);
  const chosen: number[] = [];
  for (const want of prefer) {
    let hit = files.findIndex((f) => resolve(f) === resolve(want));
    if (hit < 0) {
      const byName = files.map((f, i) => (base(f) === base(want) ? i : -1)).filter((i) => i >= 0);
      if (byName.length === 1) hit = byName[0];
      else if (byName.length > 1) throw new StalkError('E_USAGE', `--prefer ${want}: several input files are called ${base(want)}; give its path as in the file list`);
    }
    if (hit < 0) throw new StalkError('E_USAGE', `--prefer ${want}: not one of the input files (${files.map(base).join(', ')})`);
    if (!chosen.includes(hit)) chosen.push(hit);
  }
  return [...files.keys()].filter((i) => !chosen.includes(i)).concat([...chosen].reverse());
}

/**
 * `--strict`: anything the loader set aside or could not place is an error, pointing at the first
 * line concerned: an excluded row or cell, a row repeating another's key, an unmatched label.
 */
export function assertStrict(input: LoadedInput): void {
  const l = input.ledger;
  const rows = l.excluded.reduce((s, e) => s + e.rows, 0);
  const cells = l.cellsExcluded.reduce((s, e) => s + e.rows, 0);
  if (rows + cells > 0) {
    const first = [...l.excluded, ...l.cellsExcluded].reduce((a, b) => ((b.line ?? Infinity) < (a.line ?? Infinity) ? b : a));
    const what = [rows ? `${rows} row(s)` : '', cells ? `${cells} cell(s)` : ''].filter(Boolean).join(' and ');
    throw new StalkError('E_STRICT', `--strict: ${what} excluded; the first: ${first.reason} (${first.example})`, { file: input.path, line: first.line });
  }
  if (l.duplicates.sameKeyRows > 0) {
    throw new StalkError('E_STRICT', `--strict: ${l.duplicates.sameKeyRows} row(s) repeat the area, period and offence of an earlier row; their counts would be added together`, { file: input.path });
  }
  const unmatched = unmatchedLabels(input)[0];
  if (unmatched) throw new StalkError('E_STRICT', `--strict: offence label '${unmatched.offence}' looks like stalking or harassment but matches no category`, { file: input.path });
}

export function unmatchedLabels(input: LoadedInput) {
  return input.labels.filter((l) => l.category === 'other' && SUSPECT_LABEL.test(l.offence));
}

export function colorEnabled(io: Io, opts: { color?: boolean }): boolean {
  if (opts.color === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR === '0' || io.env.FORCE_COLOR === 'false') return false;
  if (io.env.FORCE_COLOR !== undefined) return true;
  return io.stdoutIsTTY;
}

export async function emit(result: Result, opts: CommonOptions, io: Io): Promise<void> {
  io.stdout.write(await render(result, opts.format, { color: opts.format === 'table' && colorEnabled(io, opts), width: io.columns }));
}

/**
 * Keeps rows whose period ends between `from` and `to`: "2017 onwards" includes the year ending
 * March 2017 of a rolling series, and a financial year is in range when it ends in range.
 */
export function filterRange<T extends { start?: unknown; end?: unknown }>(rows: T[], from?: string, to?: string): T[] {
  return rows.filter((r) => (!from || String(r.end) >= from) && (!to || String(r.end) <= to));
}

/** Smallest file that gets a progress bar. */
export const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;

/**
 * A progress bar on stderr for a long read: only on a terminal, never in CI, with `--quiet` or for
 * a small file. It redraws at most every 100 ms and erases itself when done.
 */
export function progressBar(file: string, io: Io | undefined, opts: CommonOptions): { update: (done: number, total: number) => void; done: () => void } | null {
  if (!io || !io.stderrIsTTY || opts.quiet || io.env.CI) return null;
  let drawn = false;
  let last = 0;
  const name = basename(file);
  const width = Math.max(10, Math.min(40, (io.columns ?? 80) - name.length - 30));
  return {
    update(done, total) {
      if (total < PROGRESS_MIN_BYTES) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(share * width);
      io.stderr.write(`\r${name} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}% of ${Math.round(total / 1048576)} MB`);
      drawn = true;
    },
    done() {
      if (drawn) io.stderr.write('\r\u001b[2K');
    },
  };
}
