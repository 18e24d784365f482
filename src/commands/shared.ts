import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Result } from '../analyses/result.js';
import { StalkError } from '../core/errors.js';
import { closest } from '../core/similar.js';
import { daysInMonth, isoDate, isValidDate } from '../core/dates.js';
import type { Grain } from '../core/periods.js';
import { type Format, parseFormat, render } from '../render/index.js';
import { type ColumnMap, parseMapOption } from '../schema/layouts.js';
import { parseFinancialYear } from '../schema/periodCells.js';
import { loadInput } from '../series/load.js';
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
      if (e instanceof StalkError) throw new InvalidArgumentError(e.message);
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
    const t = raw.trim().toLowerCase().replace(/[\s_&]+/g, '-').replace(/-and-/g, '-and-');
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
    .option('-a, --area <name>', 'area to report (repeatable; any level: CSP, force, region, borough; aliases such as "Devon & Cornwall")', collect, [])
    .option('--each-area', 'one series per area instead of summing them into "All areas"', false);
  if (opts.category !== false)
    cmd.option('-c, --category <list>', 'comma list of categories: stalking, harassment, malicious-communications, coercive-control, stalking-and-harassment, harassment-wide, other (default: all but other)', wrap(parseCategoryList));
  if (opts.range !== false) {
    cmd.option('--from <period>', 'first period to show: 2017, 2017/18, 2017-04 or 2017-04-01', wrap((v) => parsePeriodBound(v, 'from')));
    cmd.option('--to <period>', 'last period to show (same forms as --from)', wrap((v) => parsePeriodBound(v, 'to')));
  }
  if (opts.by !== false)
    cmd.addOption(new Option('--by <grain>', 're-aggregate to fy | year | quarter | month, from complete sub-periods only (default: the file\'s own grain)').argParser(wrap(parseGrain)));
  cmd
    .addOption(new Option('-f, --format <format>', 'output format: table | json | csv | markdown').default('table').argParser(wrap(parseFormat)))
    .option('--map <pairs>', 'name the columns of an unrecognised layout: area=COL,period=COL|date=COL,offence=COL|code=COL,count=COL', wrap(parseMapOption))
    .option('--strict', 'treat any excluded row or unmatched stalking/harassment label as an error', false)
    .option('--no-color', 'no colour in the table, even on a terminal');
  return cmd;
}

const SUSPECT_LABEL = /stalk|harass|malicious|coerci|controlling/i;

/**
 * Loads every input. `keep` limits the categories held period by period (default: the ones
 * asked for, or all but `other`); `'all'` keeps everything.
 */
export async function loadAll(files: string[], opts: CommonOptions, keep?: ReadonlySet<CategoryId> | 'all'): Promise<LoadedInput[]> {
  if (files.length === 0) throw new StalkError('E_USAGE', 'no input file given');
  const kept = keep === 'all' ? undefined : (keep ?? new Set<CategoryId>(opts.category ?? DEFAULT_CATEGORIES));
  const inputs: LoadedInput[] = [];
  for (let i = 0; i < files.length; i++) inputs.push(await loadInput(files[i], i, { map: opts.map, keep: kept }));
  if (opts.strict) {
    for (const input of inputs) {
      const ex = input.ledger.excluded[0] ?? input.ledger.cellsExcluded[0];
      if (ex) throw new StalkError('E_STRICT', `--strict: ${ex.rows} row(s) excluded: ${ex.reason} (e.g. ${ex.example})`, { file: input.path, line: ex.line });
      const unmatched = input.labels.find((l) => l.category === 'other' && SUSPECT_LABEL.test(l.offence));
      if (unmatched) throw new StalkError('E_STRICT', `--strict: offence label '${unmatched.offence}' looks like stalking or harassment but matches no category`, { file: input.path });
    }
  }
  return inputs;
}

export function unmatchedLabels(input: LoadedInput) {
  return input.labels.filter((l) => l.category === 'other' && SUSPECT_LABEL.test(l.offence));
}

export function colorEnabled(io: Io, opts: { color?: boolean }): boolean {
  if (opts.color === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0' && io.env.FORCE_COLOR !== 'false') return true;
  return io.stdoutIsTTY;
}

export function emit(result: Result, opts: CommonOptions, io: Io): void {
  io.stdout.write(render(result, opts.format, { color: opts.format === 'table' && colorEnabled(io, opts), width: io.columns }));
}

export function filterRange<T extends { start?: unknown; end?: unknown }>(rows: T[], from?: string, to?: string): T[] {
  return rows.filter((r) => (!from || String(r.start) >= from) && (!to || String(r.end) <= to));
}
