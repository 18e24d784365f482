import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { AREAS_DISPLAY_ONLY, type AreasAnalysis, compareAreas, type PeriodQuery } from '../analyses/areas.js';
import type { Result } from '../analyses/result.js';
import type { OverdispersionMethod } from '../analyses/stats/index.js';
import { StalkError } from '../core/errors.js';
import { baseName, isIllustrativeSource } from '../render/chartData.js';
import { separabilityNotes } from '../series/separability.js';
import {
  addCommonOptions,
  type CommonOptions,
  chosenCategories,
  colorEnabled,
  emit,
  type Io,
  loadInputs,
  optionParser,
  resultBase,
  withoutDisplayColumns,
} from './options.js';
import { parsePeriodQuery } from './parse.js';
import { addRateOptions, populationsFor, type RateCliOptions } from './rateOptions.js';

export const AREAS_EXAMPLES = `
Examples (the demo data and its populations are invented):
  $ stalkstats areas data/demo/demo-home-office-quarterly.csv --period 2022/23 --population \
data/demo/demo-populations.csv
  $ stalkstats areas data/demo/demo-home-office-quarterly.csv --period 2022/23 --population \
data/demo/demo-populations.csv --chart
  $ stalkstats areas data/demo/demo-home-office-quarterly.csv --period 2020/21 --category stalking --population \
data/demo/demo-populations.csv --overdispersion none --format json
  $ stalkstats areas data/demo/demo-home-office-quarterly.csv --period 2022/23 --population \
data/demo/demo-populations.csv --chart-svg funnel.svg
    stalkstats areas rec-crime-pfa.csv --period "12 months ending Mar 2018" --per 1000 --chart

Every area of one level (police force areas, or partnerships, or boroughs: never a mix, so no
area is compared with a total it belongs to; --level chooses) in one period, with its count,
population and rate, the count expected at the overall rate, a z-score, 95% and 99.8% limits,
a flag (above, below or within the 99.8% limits) and its rank with a 95% interval.

Recorded crime varies between areas far more than chance would (recording practice, demography):
with Poisson limits alone nearly every force is "significantly" different. The limits therefore
allow for over-dispersion as Spiegelhalter (2005) sets out: z-scores Winsorised at 10% each tail
give φ; additive (random effects, the default: limits θ ± z √(s² + τ²)) or multiplicative
(limits widened by √φ) over-dispersion; --overdispersion none gives exact Poisson limits.
A rank interval that spans many places is the point: a league table over-reads noise.

Areas that police no residents (British Transport Police, Action Fraud) and areas the population
estimates lack are left out and named in the notes.`;

const AREAS_RATE_HELP = `
Populations:
  The ONS mid-year estimates (forces, regions, partnerships, districts; mid-2001 to mid-2020) at
  the mid-year inside the period (2017/18 and the year ending March 2018 take mid-2017);
  --population-year 2016 matches the ONS tables for the year ending March 2018. --population FILE
  gives your own (a CSV with the columns area, year, population[, level, code]).`;

const FUNNEL_HELP = `
Funnel plot:
  --chart draws it after the table: rate up, residents across on a log scale, the overall rate,
  the 95% (.) and 99.8% (:) limits; areas outside are numbered and listed. --chart-svg FILE
  writes the same picture as a standalone SVG, areas outside the limits named.`;

interface AreasOptions extends CommonOptions, RateCliOptions {
  period: PeriodQuery;
  level?: string;
  overdispersion: OverdispersionMethod;
  flagLevel: 0.95 | 0.998;
  chart?: boolean;
  chartSvg?: string;
}

const LEVELS = ['region', 'force', 'csp', 'borough', 'area'];

function parseLevel(v: string): string {
  const l = v.trim().toLowerCase();
  const level = l === 'partnership' || l === 'partnerships' ? 'csp' : l.replace(/s$/, '');
  if (!LEVELS.includes(level)) {
    throw new StalkError('E_BAD_OPTION', `--level must be one of ${LEVELS.join(', ')} (got '${v}')`);
  }
  return level;
}

function parseOverdispersion(v: string): OverdispersionMethod {
  const m = v.trim().toLowerCase();
  if (m === 'none' || m === 'multiplicative' || m === 'additive') return m;
  throw new StalkError('E_BAD_OPTION', `--overdispersion must be none, multiplicative or additive (got '${v}')`);
}

function parseFlagLevel(v: string): 0.95 | 0.998 {
  const t = v.trim().replace(/%$/, '');
  if (t === '95' || t === '0.95') return 0.95;
  if (t === '99.8' || t === '0.998') return 0.998;
  throw new StalkError('E_BAD_OPTION', `--flag-level must be 95 or 99.8 (got '${v}')`);
}

export async function areasAnalysis(
  files: string[],
  opts: AreasOptions,
  io?: Io,
): Promise<{ result: Result; analysis: AreasAnalysis }> {
  if (opts.eachArea) {
    throw new StalkError('E_BAD_OPTION', 'areas already gives each area its own row: --each-area does not apply');
  }
  if (opts.category && opts.category.length > 1) {
    throw new StalkError('E_BAD_OPTION', '--category for areas names one category (a funnel compares one rate)');
  }
  const table = (await populationsFor(opts, io, true))!;
  const loaded = await loadInputs(files, opts, io);
  const categories = chosenCategories(opts, loaded.inputs);
  const category = categories.includes('stalking-and-harassment') ? 'stalking-and-harassment' : categories[0];
  if (!category) throw new StalkError('E_NO_DATA', 'no stalking or harassment figures in the data');
  const analysis = compareAreas(loaded.inputs, {
    category,
    period: opts.period,
    ...(opts.level ? { level: opts.level } : {}),
    within: loaded.areas,
    table,
    per: opts.per ?? 1000,
    ...(opts.populationYear !== undefined ? { populationYear: opts.populationYear } : {}),
    overdispersion: opts.overdispersion,
    flagLevel: opts.flagLevel,
    ...(opts.population ? { source: opts.population } : {}),
    inputs: files.map(baseName),
    illustrative: files.some(isIllustrativeSource),
  });
  const base = resultBase(loaded.inputs, loaded.areas);
  const result: Result = {
    command: 'areas',
    title: `Areas compared: ${analysis.plot.title}`,
    ...base,
    columns: analysis.columns,
    rows: analysis.rows,
    notes: [...base.notes, ...separabilityNotes(loaded.inputs, [category]), ...analysis.notes],
    extra: analysis.extra,
  };
  return { result, analysis };
}

export function areasCommand(io: Io): Command {
  const cmd = new Command('areas')
    .description(
      'every area of one level in one period: rate per N residents, expected count, z-score, funnel limits that ' +
        'allow for over-dispersion, a flag and a rank with its 95% interval',
    )
    .argument('<files...>', 'CSV files (Home Office, ONS, police force or record-level extracts)')
    .requiredOption(
      '-p, --period <period>',
      "the period: as printed ('12 months ending Mar 2018', 'Apr-Jun 2017') or 2017/18, 2017, 2017-04",
      optionParser(parsePeriodQuery),
    )
    .option(
      '--level <level>',
      "the areas compared: region, force, csp, borough or area (default: the data's finest level with populations)",
      optionParser(parseLevel),
    )
    .addOption(
      new Option(
        '--overdispersion <method>',
        'how the limits allow for over-dispersion: none, multiplicative, additive',
      )
        .default('additive')
        .argParser(optionParser(parseOverdispersion)),
    )
    .addOption(
      new Option('--flag-level <percent>', 'the limits that flag an area: 95 or 99.8')
        .default(0.998, '99.8')
        .argParser(optionParser(parseFlagLevel)),
    );
  addCommonOptions(cmd, { by: false, range: false });
  cmd.addHelpText('after', AREAS_EXAMPLES);
  addRateOptions(cmd, { required: true, help: AREAS_RATE_HELP });
  cmd
    .option('--chart', 'also draw the funnel plot in the terminal, after the table (default: no plot)')
    .option('--chart-svg <file>', 'also write the funnel plot as a standalone SVG to FILE (default: none)');
  cmd.addHelpText('after', FUNNEL_HELP);
  cmd.action(async (files: string[], opts: AreasOptions) => {
    if (opts.chart && (opts.format === 'json' || opts.format === 'csv')) {
      throw new StalkError(
        'E_BAD_OPTION',
        `--chart draws in the terminal and would corrupt --format ${opts.format}; use --chart-svg FILE`,
      );
    }
    if (opts.chartSvg !== undefined && opts.chartSvg.trim() === '') {
      throw new StalkError('E_BAD_OPTION', '--chart-svg needs a file name');
    }
    const { result, analysis } = await areasAnalysis(files, opts, io);
    if (opts.chartSvg) {
      // The renderers load only when a plot is asked for; the SVG is written whole or not at all.
      const { renderSvgFunnel } = await import('../render/funnel-svg.js');
      const { writeFileAtomic } = await import('../core/atomicWrite.js');
      writeFileAtomic(resolve(io.cwd ?? '.', opts.chartSvg), renderSvgFunnel(analysis.plot));
      if (!opts.quiet) io.stderr.write(`stalkstats: wrote chart ${opts.chartSvg}\n`);
    }
    await emit(withoutDisplayColumns(result, opts.format, AREAS_DISPLAY_ONLY), opts, io);
    if (opts.chart) {
      const { renderTerminalFunnel } = await import('../render/funnel-terminal.js');
      const width = io.columns && io.columns > 0 ? io.columns : 80;
      const text = renderTerminalFunnel(analysis.plot, {
        width,
        color: opts.format === 'table' && colorEnabled(io, opts),
      });
      io.stdout.write(opts.format === 'markdown' ? `\n\`\`\`text\n${text}\`\`\`\n` : `\n${text}`);
    }
  });
  return cmd;
}
