import { Command, InvalidArgumentError } from 'commander';
import {
  COMPARE_COLUMNS,
  COMPARE_DISPLAY_ONLY,
  categoriesBroughtIn,
  compareAnalysis,
  dayLabel,
} from '../analyses/compare.js';
import type { Result, Row } from '../analyses/result.js';
import { buildSeries } from '../series/build.js';
import { separabilityNotes } from '../series/separability.js';
import { findEvent } from '../taxonomy/register.js';
import { DEFAULT_CATEGORIES } from '../taxonomy/taxonomy.js';
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
  resultBase,
  withoutDisplayColumns,
} from './options.js';
import { addRateOptions, populationsFor, type RateCliOptions, withRates } from './rateOptions.js';

export const COMPARE_EXAMPLES = `
Examples (the demo data are invented):
  $ stalkstats compare data/demo/demo-home-office-quarterly.csv --event 2020-04
  $ stalkstats compare data/demo/demo-home-office-quarterly.csv --event ex-partner-stalking-coercive-control-2020 \
--category stalking-and-harassment --window 24
  $ stalkstats compare data/demo/demo-home-office-quarterly.csv --event 2018-04-01 --each-area --format json
  $ stalkstats compare data/demo/demo-home-office-quarterly.csv --event 2017-04 --category \
harassment,malicious-communications --format markdown
  $ stalkstats compare data/demo/demo-home-office-quarterly.csv --event 2020-04 --category stalking --window 24 --chart
  $ stalkstats compare data/demo/demo-home-office-quarterly.csv --event 2020-04 --each-area --per 1000 --population \
data/demo/demo-populations.csv
  $ stalkstats events

The event date D splits equal windows: before = D − N months to D − 1 day, after = D to D + N months
− 1 day, each built from the data's own complete periods (months, quarters, years, or one rolling
year each side). Rates are per day, so a 366-day window compares fairly with a 365-day one; the
rate ratio (after / before) has an exact 95% Poisson interval. Like for like takes out offences the
change brought into the category, where the source has them separately; the step is a segmented
regression (trend and season) on monthly or quarterly data, 8 or more periods each side.`;

export interface CompareCommandOptions extends CommonOptions, ChartOptions, RateCliOptions {
  event: string;
  window: number;
}

export function parseWindow(v: string): number {
  const n = Number(v.trim());
  if (!/^\d+$/.test(v.trim()) || !Number.isInteger(n) || n < 1 || n > 240) {
    throw new InvalidArgumentError(`--window must be a whole number of months from 1 to 240 (got '${v}')`);
  }
  return n;
}

export async function compareResult(
  files: string[],
  opts: CompareCommandOptions,
  io?: Io,
): Promise<Result & { periodRows: Row[] }> {
  const event = findEvent(opts.event);
  const wanted = opts.category ?? DEFAULT_CATEGORIES;
  const extra = categoriesBroughtIn(event, wanted);
  const populations = await populationsFor(opts, io);
  const loaded = await loadInputs(files, opts, io, { keep: new Set([...wanted, ...extra]), summed: true });
  const { inputs, areas } = loaded;
  const categories = chosenCategories(opts, inputs).filter((c) => wanted.includes(c));
  const set = buildSeries(inputs, {
    areas,
    eachArea: !!opts.eachArea,
    categories: [...new Set([...categories, ...extra])],
  });
  const analysis = compareAnalysis(set, categories, { event, windowMonths: opts.window });
  const { before, after } = analysis;
  if (analysis.rows.length === 0) throw noRowsError(inputs, categories, 'areas and categories', set.notes);
  const base = resultBase(inputs, areas);
  const notes = [...base.notes, ...separabilityNotes(inputs, categories), ...set.notes];
  notes.push(
    `windows of ${opts.window} month${opts.window === 1 ? '' : 's'} each side of ${dayLabel(event.date)}: before ` +
      `${dayLabel(before.start)} – ${dayLabel(before.end)} (${before.days} days), after ${dayLabel(after.start)} – ` +
      `${dayLabel(after.end)} (${after.days} days); each is the sum of the data's complete periods inside it, and ` +
      'a window they do not cover has no count',
    'per day = count / days in the window; rate ratio = after per day / before per day, with a 95% exact ' +
      'conditional Poisson interval (recorded crime is a full count: the interval describes random variation, not ' +
      'sampling error)',
  );
  for (const r of analysis.rows) {
    const who = `${r.area}, ${r.category}`;
    if (r.missing) notes.push(`${who}: no ratio: ${r.missing}`);
    notes.push(`${who}: ${r.likeForLikeNote}`);
    notes.push(`${who}: step: ${r.stepNote}`);
  }
  notes.push(...analysis.notes);
  const result = {
    command: 'compare',
    title: `Before and after: ${event.title}`,
    preamble: [`event: ${event.id} (${event.date}, ${event.confidence})`],
    ...base,
    columns: COMPARE_COLUMNS,
    rows: analysis.rows,
    notes,
    extra: {
      event: { id: event.id, date: event.date, title: event.title, confidence: event.confidence },
      windowMonths: opts.window,
      before,
      after,
    },
  };
  const rated = withRates(result, populations, loaded, opts, [
    { count: 'beforeCount', start: 'beforeStart', end: 'beforeEnd', prefix: 'before' },
    { count: 'afterCount', start: 'afterStart', end: 'afterEnd', prefix: 'after' },
  ]);
  return { ...rated, periodRows: analysis.periodRows };
}

export function compareCommand(io: Io): Command {
  const cmd = new Command('compare')
    .description(
      'per-day rates in equal windows before and after a recording change, their ratio with a 95% interval, a ' +
        'like-for-like ratio and a segmented-regression step',
    )
    .argument('<files...>', INPUTS_HELP)
    .requiredOption(
      '-e, --event <id|date>',
      'the recording change: an id from `stalkstats events`, a date YYYY-MM-DD or a month YYYY-MM',
    )
    .option('-w, --window <months>', 'months in each window (default: 12)', parseWindow, 12);
  addCommonOptions(cmd, { by: false, range: false });
  cmd.addHelpText('after', COMPARE_EXAMPLES);
  addRateOptions(cmd);
  addChartOptions(cmd);
  cmd.action(async (files: string[], opts: CompareCommandOptions) => {
    const { periodRows, ...result } = await compareResult(files, opts, io);
    await emitWithCharts(withoutDisplayColumns(result, opts.format, COMPARE_DISPLAY_ONLY), opts, io, {
      rows: periodRows,
      valueKey: 'perDay',
      valueLabel: 'offences per day',
    });
  });
  return cmd;
}
