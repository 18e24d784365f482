import { Command } from 'commander';
import { DAILY_COLUMNS, DAILY_DISPLAY_ONLY, dailyAnalysis } from '../analyses/daily.js';
import type { Result } from '../analyses/result.js';
import { PER_MONTH_CONVENTION } from '../analyses/stats/index.js';
import { buildSeries } from '../series/build.js';
import { separabilityNotes } from '../series/separability.js';
import {
  addChartOptions,
  addCommonOptions,
  type ChartOptions,
  type CommonOptions,
  chosenCategories,
  emitWithCharts,
  INPUTS_HELP,
  type Io,
  loadInputs,
  noRowsError,
  predatesNotes,
  resultBase,
  withoutDisplayColumns,
} from './options.js';
import { addRateOptions, populationsFor, type RateCliOptions, withRates } from './rateOptions.js';

export const DAILY_EXAMPLES = `
Examples (the demo data are invented):
  $ stalkstats daily data/demo/demo-home-office-quarterly.csv --by fy
  $ stalkstats daily data/demo/demo-home-office-quarterly.csv --area Northvale --category stalking --by year
  $ stalkstats daily data/demo/demo-home-office-quarterly.csv --category stalking-and-harassment --from 2019/20 \
--format json
  $ stalkstats daily data/demo/demo-home-office-quarterly.csv --each-area --category coercive-control --format csv > \
per-day.csv
  $ stalkstats daily data/demo/demo-home-office-quarterly.csv --category stalking --by fy --chart
  $ stalkstats daily data/demo/demo-home-office-quarterly.csv --area Midshire --by fy --per 100000 --population \
data/demo/demo-populations.csv

Per day divides by the exact days of each period (2019/20 has 366). Per month is
${PER_MONTH_CONVENTION}.
A period before its category had a code of its own has no rate (flagged predatesCode).`;

export async function dailyResult(files: string[], opts: CommonOptions & RateCliOptions, io?: Io): Promise<Result> {
  const populations = await populationsFor(opts, io);
  const loaded = await loadInputs(files, opts, io, { summed: true });
  const { inputs, areas } = loaded;
  const categories = chosenCategories(opts, inputs);
  const set = buildSeries(inputs, { areas, eachArea: !!opts.eachArea, categories, grain: opts.by });
  const analysis = dailyAnalysis(set, { from: opts.from, to: opts.to });
  if (analysis.rows.length === 0) throw noRowsError(inputs, categories, 'areas, categories and periods', set.notes);
  const base = resultBase(inputs, areas);
  const notes = [
    ...base.notes,
    ...separabilityNotes(inputs, categories),
    ...set.notes,
    ...analysis.notes,
    ...predatesNotes(analysis.rows),
  ];
  const result: Result = {
    command: 'daily',
    title: 'Per day, week and month',
    ...base,
    columns: DAILY_COLUMNS,
    rows: analysis.rows,
    notes,
    extra: { perMonthConvention: PER_MONTH_CONVENTION, cagr: analysis.growth },
  };
  return withRates(result, populations, loaded, opts);
}

export function dailyCommand(io: Io): Command {
  const cmd = new Command('daily')
    .description(
      'per-day, per-week and per-month rates for every period, with the change on the same period a year earlier ' +
        'and compound annual growth',
    )
    .argument('<files...>', INPUTS_HELP);
  addCommonOptions(cmd);
  cmd.addHelpText('after', DAILY_EXAMPLES);
  addRateOptions(cmd);
  addChartOptions(cmd);
  cmd.action(async (files: string[], opts: CommonOptions & ChartOptions & RateCliOptions) => {
    const full = withoutDisplayColumns(await dailyResult(files, opts, io), opts.format, DAILY_DISPLAY_ONLY);
    // The table and Markdown show no rate ratio, so the note that explains it is left out there.
    const shown = opts.format === 'json' || opts.format === 'csv';
    const result = shown ? full : { ...full, notes: full.notes.filter((n) => !n.startsWith('rate ratio = ')) };
    await emitWithCharts(result, opts, io, { valueKey: 'perDay', valueLabel: 'offences per day' });
  });
  return cmd;
}
