import { Command, InvalidArgumentError, Option } from 'commander';
import { BREAKS_COLUMNS, BREAKS_DISPLAY_ONLY, findBreaks } from '../analyses/breaks.js';
import type { Result } from '../analyses/result.js';
import { StalkError } from '../core/errors.js';
import type { Grain } from '../core/periods.js';
import { buildSeries } from '../series/build.js';
import { separabilityNotes } from '../series/separability.js';
import { loadRegister } from '../taxonomy/register.js';
import {
  addCommonOptions,
  type CommonOptions,
  chosenCategories,
  emit,
  type Io,
  loadInputs,
  resultBase,
  withoutDisplayColumns,
} from './options.js';

export const BREAKS_EXAMPLES = `
Examples (the demo data are invented):
  $ stalkstats breaks data/demo/demo-home-office-quarterly.csv --category stalking
  $ stalkstats breaks data/demo/demo-home-office-quarterly.csv --area Midshire --category \
harassment,malicious-communications
  $ stalkstats breaks data/demo/demo-home-office-quarterly.csv --each-area --category stalking-and-harassment --format \
json
  $ stalkstats breaks data/demo/demo-home-office-quarterly.csv --category stalking --penalty 20 --min-segment 4
    stalkstats breaks "MPS Borough Level Crime (Historical).csv"
    stalkstats breaks "MPS Borough Level Crime (Historical).csv" --by quarter --area Westminster

A level shift is a date where the per-day rate steps up or down and stays there. Each monthly or
quarterly series (the data's own grain; --by month or --by quarter builds one from shorter
periods) is cut where that lowers the quasi-Poisson deviance by more than the penalty (2 ln n per
break, a BIC; --penalty N), with month- or quarter-of-year factors so that the usual seasonal
swing is not taken for a shift, and segments at least 6 months or 2 quarters long (--min-segment).
Each shift has its date, the per-day rates before and after, and a rate ratio with a 95% interval.

A shift is explained when the register of recording changes (stalkstats events) has a change
affecting its category within 3 months either side (--within); the rest deserve a look: a force's
new records system, a backlog cleared, a lockdown. Missing periods are never filled in: a series
with a gap is not searched, and the notes say why.`;

interface BreaksCliOptions extends CommonOptions {
  penalty?: 'bic' | number;
  minSegment?: number;
  seasonal: boolean;
  within: number;
}

function parsePenalty(v: string): 'bic' | number {
  const t = v.trim().toLowerCase();
  if (t === 'bic') return 'bic';
  const n = Number(t);
  if (t === '' || !Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError(`--penalty must be bic or a number, 0 or more (got '${v}')`);
  }
  return n;
}

function wholeNumber(option: string, min: number, max: number): (v: string) => number {
  return (v) => {
    const n = Number(v.trim());
    if (!/^\d+$/.test(v.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`${option} must be a whole number from ${min} to ${max} (got '${v}')`);
    }
    return n;
  };
}

export async function breaksResult(files: string[], opts: BreaksCliOptions, io?: Io): Promise<Result> {
  if (opts.by && opts.by !== 'month' && opts.by !== 'quarter') {
    throw new StalkError(
      'E_BAD_OPTION',
      `breaks searches monthly or quarterly series: --by month or quarter (got ${opts.by})`,
    );
  }
  const { inputs, areas } = await loadInputs(files, opts, io, { summed: true });
  const categories = chosenCategories(opts, inputs);
  const set = buildSeries(inputs, {
    areas,
    eachArea: !!opts.eachArea,
    categories,
    grain: opts.by as Grain | undefined,
  });
  // --from and --to cut the series before the search, so a shift is only looked for inside them.
  const inRange = (end: string) => (!opts.from || end >= opts.from) && (!opts.to || end <= opts.to);
  const series = set.series.map((s) => ({ ...s, points: s.points.filter((p) => inRange(p.period.end)) }));
  const register = loadRegister();
  const analysis = findBreaks({ ...set, series }, register.events, {
    ...(opts.penalty !== undefined ? { penalty: opts.penalty } : {}),
    ...(opts.minSegment !== undefined ? { minSegment: opts.minSegment } : {}),
    seasonal: opts.seasonal,
    withinMonths: opts.within,
  });
  const base = resultBase(inputs, areas);
  const notes = [...base.notes, ...separabilityNotes(inputs, categories), ...set.notes, ...analysis.notes];
  if (!series.length) notes.push('no series: nothing in the data matches the chosen areas and categories');
  return {
    command: 'breaks',
    title: 'Level shifts',
    ...base,
    columns: BREAKS_COLUMNS,
    rows: analysis.rows,
    notes,
    extra: { withinMonths: opts.within, series: analysis.searches },
  };
}

export function breaksCommand(io: Io): Command {
  const cmd = new Command('breaks')
    .description(
      'level shifts in monthly or quarterly series: their dates, rate ratios with 95% intervals, and whether a ' +
        'recording change in the register explains them',
    )
    .argument('<files...>', 'CSV files (Home Office, police force or record-level extracts; monthly or quarterly)')
    .addOption(
      new Option('--penalty <bic|n>', 'penalty per break on the χ² scale').default('bic').argParser(parsePenalty),
    )
    .option(
      '--min-segment <periods>',
      'fewest periods between shifts (default: 6 months or 2 quarters)',
      wholeNumber('--min-segment', 1, 120),
    )
    .option('--no-seasonal', 'no month- or quarter-of-year factors (default: allow for the seasons)')
    .option(
      '--within <months>',
      'a recording change this many months either side explains a shift (default: 3)',
      wholeNumber('--within', 0, 24),
      3,
    );
  addCommonOptions(cmd);
  cmd.addHelpText('after', BREAKS_EXAMPLES);
  cmd.action(async (files: string[], opts: BreaksCliOptions) => {
    await emit(withoutDisplayColumns(await breaksResult(files, opts, io), opts.format, BREAKS_DISPLAY_ONLY), opts, io);
  });
  return cmd;
}
