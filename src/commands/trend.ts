import { Command } from 'commander';
import { predatesCodeReason, registerComparability } from '../analyses/comparability.js';
import type { Result, Row } from '../analyses/result.js';
import { type Comparability, TREND_COLUMNS, trendRows } from '../analyses/trend.js';
import type { StalkError } from '../core/errors.js';
import { RowStream } from '../render/stream.js';
import { buildSeries, type SeriesSet } from '../series/build.js';
import { separabilityNotes } from '../series/separability.js';
import { type CategoryId, DEFAULT_CATEGORIES, SEPARATE_CATEGORIES } from '../taxonomy/taxonomy.js';
import {
  addChartOptions,
  addCommonOptions,
  type ChartOptions,
  type CommonOptions,
  chosenCategories,
  emitWithCharts,
  filterRange,
  INPUTS_HELP,
  type Io,
  loadInputs,
  noRowsError,
  predatesNotes,
  resultBase,
  writeNotes,
} from './options.js';
import { addRateOptions, populationsFor, type RateCliOptions, withRates } from './rateOptions.js';

export const TREND_EXAMPLES = `
Examples:
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --by fy
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --area Northvale --category stalking,harassment --by year
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --category stalking --by fy --chart
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --by fy --chart-svg trend.svg
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --each-area --from 2020 --format json
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --category stalking --format csv > stalking.csv
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --each-area --by fy --per 1000 --population \
data/demo/demo-populations.csv`;

/** What a trend's rows are made from: the inputs read, the areas and categories, the series. */
interface TrendRun {
  loaded: Awaited<ReturnType<typeof loadInputs>>;
  categories: CategoryId[];
  set: SeriesSet;
  populations: Awaited<ReturnType<typeof populationsFor>>;
}

async function prepareTrend(files: string[], opts: CommonOptions & RateCliOptions, io?: Io): Promise<TrendRun> {
  const populations = await populationsFor(opts, io);
  const loaded = await loadInputs(files, opts, io, { summed: true });
  const { inputs, areas } = loaded;
  const categories = chosenCategories(opts, inputs);
  const set = buildSeries(inputs, { areas, eachArea: !!opts.eachArea, categories, grain: opts.by });
  return { loaded, categories, set, populations };
}

/** The rows of some of a run's series. */
function rowsOf(series: SeriesSet['series'], run: TrendRun, opts: CommonOptions, comparability: Comparability): Row[] {
  const rows = trendRows({ ...run.set, series }, comparability, (c, p) => predatesCodeReason(c, p) !== null);
  return filterRange(rows, opts.from, opts.to);
}

/** A trend's result around its rows: every note but those on the rows themselves. */
function trendBase(run: TrendRun, opts: CommonOptions): Omit<Result, 'rows'> {
  const { inputs, areas } = run.loaded;
  const { categories, set } = run;
  const base = resultBase(inputs, areas);
  // Without --category the notes still say what a source cannot give: the separate categories of
  // a combined-only source, or any of them from a file that has none.
  const askedAbout = opts.category
    ? categories
    : categories.length === 0
      ? DEFAULT_CATEGORIES
      : categories.includes('stalking-and-harassment')
        ? [...new Set([...SEPARATE_CATEGORIES, ...categories])]
        : categories;
  const notes = [...base.notes, ...separabilityNotes(inputs, askedAbout), ...set.notes];
  notes.push(
    'change is measured against the same period a year earlier; change % is null on a zero base, and bases under ' +
      '50 are flagged as small',
  );
  const file = (p: string) => p.split(/[\\/]/).pop();
  for (const r of set.revisions.slice(0, 20)) {
    notes.push(
      `revision: ${r.area}, ${r.category}, ${r.period}: ` +
        `${r.values.map((v) => `${v.count} in ${file(v.path)}`).join(' vs ')}; kept ${file(r.kept)}`,
    );
  }
  if (set.revisions.length > 20) notes.push(`… and ${set.revisions.length - 20} more revisions`);
  return { command: 'trend', title: 'Trend', ...base, columns: TREND_COLUMNS, notes };
}

function noRows(run: TrendRun): StalkError {
  return noRowsError(run.loaded.inputs, run.categories, 'areas, categories and periods', run.set.notes);
}

export async function trendResult(
  files: string[],
  opts: CommonOptions & RateCliOptions,
  comparability: Comparability = registerComparability,
  io?: Io,
): Promise<Result> {
  const run = await prepareTrend(files, opts, io);
  const rows = rowsOf(run.set.series, run, opts, comparability);
  if (rows.length === 0) throw noRows(run);
  const base = trendBase(run, opts);
  const result: Result = { ...base, rows, notes: [...base.notes, ...predatesNotes(rows)] };
  return withRates(result, run.populations, run.loaded, opts);
}

/**
 * CSV and JSON written series by series as the rows are made, the same bytes as the whole result
 * would give: a file of thousands of areas never holds all its rows, or all their text, at once.
 */
async function streamTrend(
  files: string[],
  opts: CommonOptions & ChartOptions & RateCliOptions & { format: 'csv' | 'json' },
  comparability: Comparability,
  io: Io,
): Promise<void> {
  const run = await prepareTrend(files, opts, io);
  const stream = new RowStream(opts.format, TREND_COLUMNS, io.stdout);
  let base: Omit<Result, 'rows'> | null = null;
  const head = () => (base ??= trendBase(run, opts));
  // The note on periods before a category's code needs each category and period once: the first
  // row of each is kept, not every row of every area.
  const flagged: Row[] = [];
  const seen = new Set<string>();
  for (const s of run.set.series) {
    const rows = rowsOf([s], run, opts, comparability);
    stream.add(rows, head);
    for (const r of rows) {
      if (r.predatesCode !== true) continue;
      const pair = `${r.category}\u0000${r.period}`;
      if (!seen.has(pair)) {
        seen.add(pair);
        flagged.push(r);
      }
    }
  }
  if (stream.count === 0) throw noRows(run);
  const whole = head();
  const result: Result = { ...whole, rows: [], notes: [...whole.notes, ...predatesNotes(flagged)] };
  stream.end(result);
  writeNotes(result, opts, io);
}

export function trendCommand(io: Io, comparability?: Comparability): Command {
  const cmd = new Command('trend')
    .description('counts per area, category and period, with the change on the same period a year earlier')
    .argument('<files...>', INPUTS_HELP);
  addCommonOptions(cmd);
  cmd.addHelpText('after', TREND_EXAMPLES);
  addRateOptions(cmd);
  addChartOptions(cmd);
  cmd.action(async (files: string[], opts: CommonOptions & ChartOptions & RateCliOptions) => {
    const plain = !opts.chart && !opts.chartSvg && opts.per === undefined;
    if (plain && (opts.format === 'csv' || opts.format === 'json'))
      await streamTrend(files, { ...opts, format: opts.format }, comparability ?? registerComparability, io);
    else await emitWithCharts(await trendResult(files, opts, comparability, io), opts, io);
  });
  return cmd;
}
