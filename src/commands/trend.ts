import { Command } from 'commander';
import { predatesCodeReason, registerComparability } from '../analyses/comparability.js';
import type { Result } from '../analyses/result.js';
import { type Comparability, TREND_COLUMNS, trendRows } from '../analyses/trend.js';
import { buildSeries } from '../series/build.js';
import { separabilityNotes } from '../series/separability.js';
import { DEFAULT_CATEGORIES, SEPARATE_CATEGORIES } from '../taxonomy/taxonomy.js';
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

export async function trendResult(
  files: string[],
  opts: CommonOptions & RateCliOptions,
  comparability: Comparability = registerComparability,
  io?: Io,
): Promise<Result> {
  const populations = await populationsFor(opts, io);
  const loaded = await loadInputs(files, opts, io, { summed: true });
  const { inputs, areas } = loaded;
  const categories = chosenCategories(opts, inputs);
  const set = buildSeries(inputs, { areas, eachArea: !!opts.eachArea, categories, grain: opts.by });
  const rows = filterRange(
    trendRows(set, comparability, (c, p) => predatesCodeReason(c, p) !== null),
    opts.from,
    opts.to,
  );
  if (rows.length === 0) throw noRowsError(inputs, categories, 'areas, categories and periods', set.notes);
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
  notes.push(...predatesNotes(rows));
  const result: Result = { command: 'trend', title: 'Trend', ...base, columns: TREND_COLUMNS, rows, notes };
  return withRates(result, populations, loaded, opts);
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
    await emitWithCharts(await trendResult(files, opts, comparability, io), opts, io);
  });
  return cmd;
}
