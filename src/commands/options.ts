import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Result, Row } from '../analyses/result.js';
import { StalkError } from '../core/errors.js';
import type { Grain } from '../core/periods.js';
import type { SkippedUnit } from '../read/inputs.js';
import type { ChartDataOptions } from '../render/chartData.js';
import { type Format, parseFormat, render } from '../render/index.js';
import { renderNotes } from '../render/notes.js';
import { type ColumnMap, layoutNotes, parseMapOption } from '../schema/layouts.js';
import { type AreaName, resolveAreas } from '../series/areas.js';
import { setMergeOrder } from '../series/build.js';
import { combineLedgers } from '../series/reconcile.js';
import { separabilityNotes } from '../series/separability.js';
import { categoriesOf, type LoadedInput } from '../series/types.js';
import { type CategoryId, DEFAULT_CATEGORIES } from '../taxonomy/taxonomy.js';
import { parseCategoryList, parseCoverage, parseGrain, parsePeriodBound, preferredOrder } from './parse.js';
import { progressBar } from './progress.js';

/**
 * What the commands share: the I/O they are given, the options every data command takes (defined
 * once, so the help reads the same everywhere), loading the inputs with the areas named, the parts
 * of a result every command gives, and writing it with any charts asked for.
 */

/** What a command may touch: injected so tests run commands in-process. */
export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env: Record<string, string | undefined>;
  /** Standard input, read when `-` is given as an input. */
  stdin?: AsyncIterable<Uint8Array>;
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
  /** Read only this sheet of each workbook. */
  sheet?: string;
  /** The span record-level files cover, when it is more than their first and last record. */
  coverage?: { start: string; end: string };
  color?: boolean;
  quiet?: boolean;
  debug?: boolean;
}

export interface ChartOptions {
  chart?: boolean;
  chartSvg?: string;
}

/** What every data command reads, said once. */
export const INPUTS_HELP =
  'CSV files, folders of them, .zip or .gz archives, .xlsx or .ods workbooks, glob patterns, or - for standard input';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** An option's parser whose errors commander reports as usage errors, with their code. */
export function optionParser<T>(parse: (v: string) => T): (v: string) => T {
  return (v) => {
    try {
      return parse(v);
    } catch (e) {
      if (e instanceof StalkError) throw new InvalidArgumentError(`${e.message} [${e.code}]`);
      throw e;
    }
  };
}

/** `--format` and `--no-color`, which every command takes. */
export function addOutputOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('-f, --format <format>', 'output format: table | json | csv | markdown')
        .default('table')
        .argParser(optionParser(parseFormat)),
    )
    .option('--no-color', 'no colour in the table, even on a terminal');
}

/** Options every data command shares. */
export function addCommonOptions(
  cmd: Command,
  opts: { by?: boolean; range?: boolean; category?: boolean } = {},
): Command {
  cmd
    .addOption(
      new Option(
        '-a, --area <name>',
        'area to report (repeatable; any level: CSP, force, region, borough; aliases such as "Devon & Cornwall")',
      )
        .argParser(collect)
        .default([], 'all areas summed'),
    )
    .option('--each-area', 'one series per area instead of summing them into "All areas"', false);
  if (opts.category !== false) {
    cmd.option(
      '-c, --category <list>',
      'comma list of categories: stalking, harassment, malicious-communications, coercive-control, ' +
        'stalking-and-harassment, harassment-wide, violence-and-sexual-offences, anti-social-behaviour, other ' +
        '(default: those of the sub-group, harassment-wide and violence-and-sexual-offences)',
      optionParser(parseCategoryList),
    );
  }
  if (opts.range !== false) {
    cmd.option(
      '--from <period>',
      'first period to show: 2017, 2017/18, 2017-04 or 2017-04-01 (default: the first in the data)',
      optionParser((v) => parsePeriodBound(v, 'from')),
    );
    cmd.option(
      '--to <period>',
      'last period to show, same forms as --from (default: the last in the data)',
      optionParser((v) => parsePeriodBound(v, 'to')),
    );
    cmd.hook('preAction', (_cmd, action) => {
      const { from, to } = action.opts() as { from?: string; to?: string };
      if (from && to && from > to) {
        throw new StalkError('E_USAGE', `--from (${from}) is after --to (${to}): no period can be in both`);
      }
    });
  }
  if (opts.by !== false) {
    cmd.addOption(
      new Option(
        '--by <grain>',
        "re-aggregate to fy | year | quarter | month, from complete sub-periods only (default: the file's own grain)",
      ).argParser(optionParser(parseGrain)),
    );
  }
  cmd
    .addOption(
      new Option('-f, --format <format>', 'output format: table | json | csv | markdown')
        .default('table')
        .argParser(optionParser(parseFormat)),
    )
    .option(
      '--map <pairs>',
      'name the columns of an unrecognised layout: area=COL,period=COL|date=COL,offence=COL|code=COL,count=COL, ' +
        'or periods=YYYYMM|YYYY/YY for one column per period (default: detect the layout from the header)',
      optionParser(parseMapOption),
    )
    .option(
      '--prefer <file>',
      "where several files give the same area, category and period, take this file's figure (default: the later " +
        'file; repeatable, the first named wins)',
      collect,
    )
    .option('--sheet <name>', 'read only this sheet of each workbook (default: every sheet with a table it knows)')
    .option(
      '--coverage <from..to>',
      'the span record-level files cover, e.g. 2020-01..2020-12 (default: their first to their last record)',
      optionParser(parseCoverage),
    )
    .option('--strict', 'treat any excluded row or cell, or an unmatched stalking/harassment label, as an error', false)
    .option('--no-color', 'no colour in the table, even on a terminal');
  return cmd;
}

export const CHART_HELP = `
Charts:
  --chart draws one bar chart per category after the table (inside a text block after the
  Markdown table); dotted ┊ rules and numbered ▲ marks are recording changes from the register,
  listed under each chart. It fits the terminal width (80 columns when not a terminal). JSON and
  CSV stay machine-readable, so --chart is refused with them; --chart-svg works with any format.`;

/** `--chart` and `--chart-svg FILE`, added after a command's own help text so its examples come first. */
export function addChartOptions(cmd: Command): Command {
  cmd
    .option(
      '--chart',
      'also draw a bar chart per category in the terminal, after the table, with recording changes marked ' +
        '(default: no chart)',
      false,
    )
    .option(
      '--chart-svg <file>',
      'also write a standalone SVG line chart of every category, with recording changes marked, to FILE ' +
        '(default: none)',
    );
  cmd.addHelpText('after', CHART_HELP);
  cmd.hook('preAction', (_cmd, action) => {
    const o = action.opts() as ChartOptions & { format?: string };
    if (o.chart && (o.format === 'json' || o.format === 'csv')) {
      throw new StalkError(
        'E_BAD_OPTION',
        `--chart draws in the terminal and would corrupt --format ${o.format}; use --format table or markdown, ` +
          'or --chart-svg FILE',
      );
    }
    if (o.chartSvg !== undefined && o.chartSvg.trim() === '')
      throw new StalkError('E_BAD_OPTION', '--chart-svg needs a file name');
  });
  return cmd;
}

/** How the inputs are read. */
export interface LoadRequest {
  /** Categories held period by period (default: those asked for, or all but `other`); 'all' keeps every one. */
  keep?: ReadonlySet<CategoryId> | 'all';
  /**
   * Whether the areas of a single large file may be summed as it is read, so memory does not grow
   * with them: only when every area is summed into one series and the areas need not be listed.
   */
  summed?: boolean;
}

export interface Loaded {
  inputs: LoadedInput[];
  /** The areas `--area` names, resolved once against the inputs (empty: every area). */
  areas: AreaName[];
  /** Files and sheets passed over (in folders, archives and workbooks), and why. */
  skipped: SkippedUnit[];
}

/**
 * Loads every input, applies `--prefer` and `--strict`, and resolves the areas `--area` names. The
 * names given are files, folders, archives, workbooks, glob patterns or `-` (standard input); each
 * file or sheet with a known layout is an input, and a folder's files sharing a layout are one.
 */
export async function loadInputs(
  files: string[],
  opts: CommonOptions,
  io?: Io,
  request: LoadRequest = {},
): Promise<Loaded> {
  if (files.length === 0) throw new StalkError('E_USAGE', 'no input file given');
  const keep =
    request.keep === 'all' ? undefined : (request.keep ?? new Set<CategoryId>(opts.category ?? DEFAULT_CATEGORIES));
  // The loader and the readers behind it are loaded here, when a file is read, not for --help.
  const { assertHasData, assertStrict, loadInput } = await import('../series/load.js');
  const { openInputs } = await import('../read/inputs.js');
  const { planInputs } = await import('../series/plan.js');
  const stdin = files.includes('-') ? await spoolStdin(io) : null;
  try {
    const aliases = stdin ? new Map([['-', { path: stdin.path, name: '-' }]]) : undefined;
    const opened = await openInputs(files, {
      ...(opts.sheet ? { sheet: opts.sheet } : {}),
      ...(aliases ? { aliases } : {}),
    });
    try {
      const { plans, skipped } = await planInputs(opened, opts.map);
      // Several inputs are merged area by area, so they keep the detail.
      const summed =
        request.summed === true &&
        request.keep !== 'all' &&
        plans.length === 1 &&
        opts.area.length === 0 &&
        !opts.eachArea;
      const names = plans.map((p) => p.name);
      const order = opts.prefer?.length ? preferredOrder(names, opts.prefer) : null;
      const load = async (i: number, fineAreas: boolean) => {
        const bar = progressBar(plans[i].name, io, opts);
        try {
          return await loadInput(plans[i], i, {
            map: opts.map,
            keep,
            areaDetail: !summed,
            fineAreas,
            ...(opts.coverage ? { coverage: opts.coverage } : {}),
            ...(bar ? { onProgress: bar.update } : {}),
          });
        } finally {
          bar?.done();
        }
      };
      // Levels read only when asked for (police.uk's LSOAs) are read for --each-area from the
      // start, and for an --area of that level by reading the input again once it is named.
      const inputs: LoadedInput[] = [];
      for (let i = 0; i < plans.length; i++) inputs.push(await load(i, !!opts.eachArea));
      let areas = resolveAreas(inputs, opts.area);
      const asked = new Set(areas.map((a) => a.role));
      let again = false;
      for (let i = 0; i < inputs.length; i++) {
        if (inputs[i].unreadLevels?.some((role) => asked.has(role))) {
          inputs[i] = await load(i, true);
          again = true;
        }
      }
      if (again) areas = resolveAreas(inputs, opts.area);
      if (order) setMergeOrder(inputs, order);
      if (opts.strict) for (const input of inputs) assertStrict(input);
      for (const input of inputs) assertHasData(input);
      skippedBy.set(inputs, skipped);
      return { inputs, areas, skipped };
    } finally {
      await opened.close();
    }
  } finally {
    stdin?.remove();
  }
}

async function spoolStdin(io: Io | undefined): Promise<{ path: string; remove: () => void }> {
  if (!io?.stdin) throw new StalkError('E_USAGE', "'-' reads standard input, which this run does not have");
  const { spoolToFile } = await import('../read/spool.js');
  return spoolToFile(io.stdin);
}

/**
 * Nothing in the data matches what was asked: an error (exit 1), not an empty table, saying why
 * where the data tell (a file with no sub-group figures; one that holds them inside another group).
 */
export function noRowsError(
  inputs: LoadedInput[],
  categories: CategoryId[],
  what: string,
  seriesNotes: string[] = [],
): StalkError {
  // The series' own notes say why a grain or a period gave nothing; not those that describe the areas.
  const gaps = seriesNotes
    .filter((n) => !/^All areas: the sum|^the data have one area|both give \d+ of the same/.test(n))
    .slice(0, 3);
  // A span guessed from the first and last record may be why a period is incomplete.
  const guessed = inputs.flatMap((i) =>
    i.coverage?.guessed
      ? [
          `the span covered is taken as ${i.coverage.start} to ${i.coverage.end}, the first and last record ` +
            '(--coverage FROM..TO states the span when the extract covers more)',
        ]
      : [],
  );
  const why = [...separabilityNotes(inputs, categories.length ? categories : DEFAULT_CATEGORIES), ...gaps, ...guessed];
  return new StalkError(
    'E_NO_DATA',
    `nothing in the data matches the chosen ${what}${why.length ? `: ${why.join('; ')}` : ''}`,
  );
}

/** Categories to report: those asked for, else the stalking and harassment ones the data have. */
export function chosenCategories(opts: CommonOptions, inputs: LoadedInput[]): CategoryId[] {
  if (opts.category) return opts.category;
  const present = new Set(inputs.flatMap((i) => [...categoriesOf(i)]));
  return DEFAULT_CATEGORIES.filter((c) => present.has(c));
}

/** What `loadInputs` passed over, by the list of inputs it returned, for every result to say. */
const skippedBy = new WeakMap<LoadedInput[], SkippedUnit[]>();

/**
 * The inputs as every result lists them: each file or sheet read, the files of an input read from
 * several (a folder) each with its own rows and the input they were read as (`partOf`).
 */
export function inputSummaries(inputs: LoadedInput[]) {
  return inputs.flatMap((i) =>
    i.parts
      ? i.parts.map((p) => ({
          path: p.path,
          layout: i.layout.id,
          rows: p.rows,
          encoding: i.layout.encoding,
          partOf: i.path,
        }))
      : [{ path: i.path, layout: i.layout.id, rows: i.ledger.rowsRead, encoding: i.layout.encoding }],
  );
}

/** Most skipped files or sheets named one by one in the notes (JSON lists them all). */
const SKIPPED_IN_NOTES = 12;

/** Notes on what was read from folders, archives and workbooks, and what was passed over and why. */
function readingNotes(inputs: LoadedInput[], skipped: SkippedUnit[]): string[] {
  const notes: string[] = [];
  for (const i of inputs) {
    if (i.parts) notes.push(`${i.path}: ${i.parts.length} files read as one input (${i.layout.name})`);
  }
  for (const s of skipped.slice(0, SKIPPED_IN_NOTES)) notes.push(`skipped ${s.name}: ${s.reason}`);
  if (skipped.length > SKIPPED_IN_NOTES)
    notes.push(`… and ${skipped.length - SKIPPED_IN_NOTES} more skipped (--format json lists them all)`);
  return notes;
}

/** What the loader noted about each input, prefixed with its file name when there are several. */
export function inputNotes(inputs: LoadedInput[]): { notes: string[]; warnings: string[] } {
  const notes: string[] = [];
  const warnings: string[] = [];
  for (const i of inputs) {
    const prefix = inputs.length > 1 ? `${i.path.split(/[\\/]/).pop()}: ` : '';
    for (const n of i.notes) notes.push(prefix + n);
    for (const w of i.warnings) warnings.push(prefix + w);
    if (i.ledger.negativeRows > 0)
      notes.push(`${prefix}${i.ledger.negativeRows} rows hold negative counts (adjustments); they are kept`);
  }
  // What a layout's categories can and cannot tell is said once, however many of its files were read.
  for (const id of new Set(inputs.map((i) => i.layout.id))) notes.push(...layoutNotes(id));
  return { notes, warnings };
}

/**
 * A result's inputs, notes, warnings and reconciliation: the parts every data command gives, with
 * what a reader should know about the areas asked for (a force chosen over a region of its name).
 */
export function resultBase(
  inputs: LoadedInput[],
  areas: readonly AreaName[] = [],
): Pick<Result, 'inputs' | 'notes' | 'warnings' | 'skipped'> & { reconciliation: ReturnType<typeof combineLedgers> } {
  const skipped = skippedBy.get(inputs) ?? [];
  const { notes, warnings } = inputNotes(inputs);
  const areaNotes = areas.flatMap((a) => (a.note ? [a.note] : []));
  const areaWarnings = areas.flatMap((a) => (a.warning ? [a.warning] : []));
  return {
    inputs: inputSummaries(inputs),
    notes: [...areaNotes, ...readingNotes(inputs, skipped), ...notes],
    warnings: [...areaWarnings, ...warnings],
    reconciliation: combineLedgers(inputs),
    ...(skipped.length ? { skipped: skipped.map((s) => ({ path: s.name, reason: s.reason })) } : {}),
  };
}

/** One note per category whose early periods precede its code. */
export function predatesNotes(rows: Result['rows']): string[] {
  // Each period once, however many areas have it.
  const byCategory = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.predatesCode !== true) continue;
    let periods = byCategory.get(r.category as string);
    if (!periods) byCategory.set(r.category as string, (periods = new Set()));
    periods.add(r.period as string);
  }
  return [...byCategory].map(([c, set]) => {
    const periods = [...set];
    const one = periods.length === 1;
    return (
      `${c}: ${periods.join(', ')} predate${one ? 's' : ''} the category's own code, so ` +
      `${one ? 'its figure is' : 'their figures are'} not a true count (flagged predatesCode)`
    );
  });
}

/** JSON and CSV carry the numbers; columns that only phrase them for a reader are left out. */
export function withoutDisplayColumns(result: Result, format: Format, displayOnly: ReadonlySet<string>): Result {
  if (format !== 'json' && format !== 'csv') return result;
  return { ...result, columns: result.columns.filter((c) => !displayOnly.has(c.key)) };
}

/**
 * Keeps rows whose period ends between `from` and `to`: "2017 onwards" includes the year ending
 * March 2017 of a rolling series, and a financial year is in range when it ends in range.
 */
export function filterRange<T extends { start?: unknown; end?: unknown }>(rows: T[], from?: string, to?: string): T[] {
  return rows.filter((r) => (!from || String(r.end) >= from) && (!to || String(r.end) <= to));
}

export function colorEnabled(io: Io, opts: { color?: boolean }): boolean {
  if (opts.color === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR === '0' || io.env.FORCE_COLOR === 'false') return false;
  if (io.env.FORCE_COLOR !== undefined) return true;
  return io.stdoutIsTTY;
}

export async function emit(
  result: Result,
  opts: { format: Format; color?: boolean; quiet?: boolean },
  io: Io,
): Promise<void> {
  io.stdout.write(
    await render(result, opts.format, { color: opts.format === 'table' && colorEnabled(io, opts), width: io.columns }),
  );
  writeNotes(result, opts, io);
}

/** The result's warnings and notes on stderr (see render/notes.ts), wrapped on a terminal. */
export function writeNotes(result: Result, opts: { quiet?: boolean }, io: Io): void {
  const width = io.stderrIsTTY ? (io.columns ?? 80) : undefined;
  const text = renderNotes(result, { ...(width ? { width } : {}), quiet: !!opts.quiet });
  if (text) io.stderr.write(text);
}

/**
 * What to plot when it is not the result's rows and their `count`: e.g. `daily` passes
 * `{ valueKey: 'perDay', valueLabel: 'offences per day' }`; `compare`, whose rows are windows, passes
 * the per-period rows of the series it compared as `rows`.
 */
export type ChartSpec = Pick<ChartDataOptions, 'valueKey' | 'valueLabel' | 'title'> & { rows?: Row[] };

/**
 * Writes the result, then the charts the options ask for. The SVG is written first, atomically (a
 * browser or CI upload never sees half a file, and a failure leaves no output on stdout).
 */
export async function emitWithCharts(
  result: Result,
  opts: CommonOptions & ChartOptions,
  io: Io,
  spec: ChartSpec = {},
): Promise<void> {
  // The chart code (renderers, register, taxonomy labels) is loaded only when a chart is asked for.
  const charts = opts.chart || opts.chartSvg ? await import('./charts.js') : null;
  const data = charts ? charts.chartDataFor(result, spec) : null;
  if (charts && data && opts.chartSvg) {
    const target = resolve(io.cwd ?? '.', opts.chartSvg);
    charts.writeFileAtomic(target, charts.renderSvgChart(data));
    if (!opts.quiet) io.stderr.write(`stalkstats: wrote chart ${opts.chartSvg}\n`);
  }
  await emit(result, opts, io);
  if (charts && data && opts.chart) {
    const width = io.columns && io.columns > 0 ? io.columns : 80;
    if (opts.format === 'markdown')
      io.stdout.write(`\n\`\`\`text\n${charts.renderTerminalChart(data, { width, color: false })}\`\`\`\n`);
    else io.stdout.write(`\n${charts.renderTerminalChart(data, { width, color: colorEnabled(io, opts) })}`);
  }
}
