import { resolve } from 'node:path';
import type { Command } from 'commander';
import { addRates, membersOfInputs, type RateFields } from '../analyses/rates.js';
import type { Result } from '../analyses/result.js';
import { StalkError } from '../core/errors.js';
import type { AreaName } from '../series/areas.js';
import { loadPopulations, type PopulationTable, readPopulationFile } from '../series/populations.js';
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
export function addRateOptions(cmd: Command, options: { required?: boolean } = {}): Command {
  cmd
    .option(
      '--per <n>',
      options.required
        ? 'rates per this many residents (default: 1000)'
        : 'add population and rate per N residents, e.g. --per 1000 (default: counts only)',
      optionParser(parsePer),
    )
    .option(
      '--population-year <year>',
      'take every population from this mid-year, e.g. 2016 to match an ONS publication (default: the mid-year inside each period)',
      optionParser(parsePopulationYear),
    )
    .option(
      '--population <file>',
      'populations from your own CSV (columns area, year, population; optional level, code) instead of the ONS estimates',
    );
  cmd.addHelpText('after', RATE_HELP);
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
