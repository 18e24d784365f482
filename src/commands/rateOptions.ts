import { resolve } from 'node:path';
import type { Command } from 'commander';
import { addRates, labelPopulation, membersOfInputs, missingText, type RateFields } from '../analyses/rates.js';
import type { Result } from '../analyses/result.js';
import { StalkError } from '../core/errors.js';
import { ALL_AREAS, type AreaName, normaliseArea } from '../series/areas.js';
import { loadPopulations, type PopulationTable, populationYearFor, readPopulationFile } from '../series/populations.js';
import type { LoadedInput } from '../series/types.js';
import type { Io } from './options.js';
import { optionParser } from './options.js';
import { parsePer, parsePopulationYear } from './parse.js';

/**
 * `--per N`, `--population-year YYYY` and `--population FILE`, which every command that prints
 * counts takes (defined once, so the help reads the same everywhere), and the populations they ask for.
 */
export interface RateCliOptions {
  per?: number;
  populationYear?: number;
  population?: string;
}

export const CHECK_RATE_HELP = `
Rates per residents:
  A claimed rate per residents ("3.2 per 1,000", "a rate of 4.65 offences per 1,000 people") is
  judged against the count divided by the area's ONS mid-year population (the estimate inside the
  period; --population-year to match a publication, e.g. 2016 for the ONS tables of the year
  ending March 2018), or by your own (--population FILE). --per N is the base of a claimed "rate
  of 3.2" that names none.`;

export const RATE_HELP = `
Rates per residents:
  --per 1000 adds population, populationYear (the mid-year estimate used) and rate (offences per
  1,000 residents) to every row, from the ONS mid-year estimates for England and Wales, regions,
  forces, partnerships and districts (mid-2001 to mid-2020). A period takes the estimate inside
  it (2017/18 and the year ending March 2018 take mid-2017); --population-year 2016 matches the
  ONS tables for the year ending March 2018, which used mid-2016. Areas without residents (British
  Transport Police, Action Fraud) and areas the estimates lack get no rate, with a note;
  --population FILE gives your own (a CSV with the columns area, year, population[, level, code]).`;

/** Adds the three options, and their help after the command's own. */
export function addRateOptions(
  cmd: Command,
  options: { required?: boolean; per?: string; help?: string } = {},
): Command {
  cmd
    .option(
      '--per <n>',
      options.per ??
        (options.required
          ? 'rates per this many residents (default: 1000)'
          : 'add population and rate per N residents, e.g. --per 1000 (default: counts only)'),
      optionParser(parsePer),
    )
    .option(
      '--population-year <year>',
      'take every population from this mid-year, e.g. 2016 to match an ONS publication (default: the mid-year ' +
        'inside each period)',
      optionParser(parsePopulationYear),
    )
    .option(
      '--population <file>',
      'populations from your own CSV (columns area, year, population; optional level, code) instead of the ONS ' +
        'estimates',
    );
  cmd.addHelpText('after', options.help ?? RATE_HELP);
  return cmd;
}

/**
 * The population table the options ask for, or null when no rate is wanted. A mid-year the table
 * does not hold is a usage error naming the years it holds.
 */
export async function populationsFor(opts: RateCliOptions, io?: Io, required = false): Promise<PopulationTable | null> {
  if (opts.per === undefined && !required) {
    const stray = opts.populationYear !== undefined ? '--population-year' : opts.population ? '--population' : null;
    if (stray) throw new StalkError('E_USAGE', `${stray} goes with --per N (rates per N residents)`);
    return null;
  }
  const table = opts.population
    ? await readPopulationFile(resolve(io?.cwd ?? '.', opts.population))
    : loadPopulations();
  const year = opts.populationYear;
  if (year !== undefined) {
    const { first, last } = table.years();
    if (year < first || year > last) {
      throw new StalkError(
        'E_USAGE',
        `--population-year ${year}: ${table.source} holds mid-${first} to mid-${last}; give a year in that range`,
      );
    }
  }
  return table;
}

/**
 * The result with population, mid-year and rate after its count column, and the notes saying where
 * the populations come from and which areas have none. Without --per the result is unchanged.
 */
export function withRates(
  result: Result,
  table: PopulationTable | null,
  loaded: { inputs: LoadedInput[]; areas: AreaName[] },
  opts: RateCliOptions,
  fields: RateFields[] = [{ count: 'count', start: 'start', end: 'end' }],
): Result {
  if (!table || opts.per === undefined) return result;
  const membersOf = membersOfInputs(loaded.inputs, loaded.areas);
  let { rows, columns } = result;
  const notes: string[] = [];
  for (const f of fields) {
    const settings = {
      table,
      per: opts.per,
      populationYear: opts.populationYear,
      ...(opts.population ? { source: opts.population } : {}),
    };
    const rated = addRates(rows, columns, membersOf, settings, f);
    rows = rated.rows;
    columns = rated.columns;
    notes.push(...rated.notes);
  }
  return { ...result, rows, columns, notes: [...result.notes, ...notes], extra: { ...result.extra, per: opts.per } };
}

/**
 * The residents of an area of the inputs (a series' label: one area, or "All areas") at the
 * mid-year a period takes, for checking a claimed rate per residents; or why there is no figure.
 * Without a table of the user's, the bundled estimates are read when a claim first needs them.
 */
export function residentsOf(
  inputs: LoadedInput[],
  table: PopulationTable | null,
  opts: RateCliOptions,
): (area: string, period: { start: string; end: string }) => { population: number; year: number } | { why: string } {
  // The level each name has in the data; a name at two levels is taken as the force, the finer.
  const roles = new Map<string, string>();
  for (const input of inputs) {
    for (const a of input.areas) {
      a.path.forEach((name, i) => {
        const key = normaliseArea(name);
        if (!roles.has(key) || a.roles[i] === 'force') roles.set(key, a.roles[i]);
      });
    }
  }
  return (label, period) => {
    const year = opts.populationYear ?? populationYearFor(period.start, period.end);
    // The checker labels a force named like its region "X (the force)" (West Midlands).
    const force = / \(the force\)$/.exec(label) ? label.slice(0, -' (the force)'.length) : null;
    const named =
      label === ALL_AREAS
        ? []
        : force
          ? [{ name: label, role: 'force' }]
          : [{ name: label, role: roles.get(normaliseArea(label)) ?? 'area' }];
    const members = membersOfInputs(inputs, named)(label).map((m) => (force ? { ...m, name: force } : m));
    const got = labelPopulation(table ?? loadPopulations(), members, year, opts.population);
    return got.population === null ? { why: missingText(label, got.missing) } : { population: got.population, year };
  };
}
