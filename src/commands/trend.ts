import { Command } from 'commander';
import type { Result } from '../analyses/result.js';
import { predatesCodeReason, registerComparability } from '../analyses/comparability.js';
import { type Comparability, TREND_COLUMNS, trendRows } from '../analyses/trend.js';
import { buildSeries } from '../series/build.js';
import { combineLedgers } from '../series/reconcile.js';
import { separabilityNotes } from '../series/separability.js';
import type { LoadedInput } from '../series/types.js';
import { type CategoryId, DEFAULT_CATEGORIES, SEPARATE_CATEGORIES } from '../taxonomy/taxonomy.js';
import { addChartOptions, type ChartOptions, emitWithCharts } from './chartOptions.js';
import { addCommonOptions, type CommonOptions, filterRange, type Io, loadAll } from './shared.js';

export const TREND_EXAMPLES = `
Examples:
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --by fy
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --area Northvale --category stalking,harassment --by year
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --category stalking --by fy --chart
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --by fy --chart-svg trend.svg
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --each-area --from 2020 --format json
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --category stalking --format csv > stalking.csv`;

export function inputSummaries(inputs: LoadedInput[]) {
  return inputs.map((i) => ({ path: i.path, layout: i.layout.id, rows: i.ledger.rowsRead, encoding: i.layout.encoding }));
}

export function inputNotes(inputs: LoadedInput[]): { notes: string[]; warnings: string[] } {
  const notes: string[] = [];
  const warnings: string[] = [];
  for (const i of inputs) {
    const prefix = inputs.length > 1 ? `${i.path.split(/[\\/]/).pop()}: ` : '';
    for (const n of i.notes) notes.push(prefix + n);
    for (const w of i.warnings) warnings.push(prefix + w);
    if (i.ledger.negativeRows > 0) notes.push(`${prefix}${i.ledger.negativeRows} rows hold negative counts (adjustments); they are kept`);
  }
  return { notes, warnings };
}

/** Categories to report: those asked for, else the stalking and harassment ones the data has. */
export function chosenCategories(opts: CommonOptions, inputs: LoadedInput[]): CategoryId[] {
  if (opts.category) return opts.category;
  const present = new Set(inputs.flatMap((i) => i.observations.map((o) => o.category)));
  return DEFAULT_CATEGORIES.filter((c) => present.has(c));
}

export async function trendResult(files: string[], opts: CommonOptions, comparability: Comparability = registerComparability, io?: Io): Promise<Result> {
  const inputs = await loadAll(files, opts, undefined, false, io);
  const categories = chosenCategories(opts, inputs);
  const set = buildSeries(inputs, { areas: opts.area, eachArea: !!opts.eachArea, categories, grain: opts.by });
  const rows = filterRange(
    trendRows(set, comparability, (c, p) => predatesCodeReason(c, p) !== null),
    opts.from,
    opts.to,
  );
  const { notes, warnings } = inputNotes(inputs);
  // Without --category the notes still say what a source cannot give: the separate categories of
  // a combined-only source, or any of them from a file that has none.
  const askedAbout = opts.category
    ? categories
    : categories.length === 0
      ? DEFAULT_CATEGORIES
      : categories.includes('stalking-and-harassment')
        ? [...new Set([...SEPARATE_CATEGORIES, ...categories])]
        : categories;
  notes.push(...separabilityNotes(inputs, askedAbout), ...set.notes);
  notes.push('change is measured against the same period a year earlier; change % is null on a zero base, and bases under 50 are flagged as small');
  for (const r of set.revisions.slice(0, 20)) notes.push(`revision: ${r.area}, ${r.category}, ${r.period}: ${r.values.map((v) => `${v.count} in ${v.path.split(/[\\/]/).pop()}`).join(' vs ')}; kept ${r.kept.split(/[\\/]/).pop()}`);
  if (set.revisions.length > 20) notes.push(`… and ${set.revisions.length - 20} more revisions`);
  notes.push(...predatesNotes(rows));
  if (rows.length === 0) notes.push('no rows: nothing in the data matches the chosen areas, categories and periods');
  return {
    command: 'trend',
    title: 'Trend',
    inputs: inputSummaries(inputs),
    columns: TREND_COLUMNS,
    rows,
    notes,
    warnings,
    reconciliation: combineLedgers(inputs),
  };
}

/** One note per category whose early periods precede its code. */
export function predatesNotes(rows: Result['rows']): string[] {
  const byCategory = new Map<string, string[]>();
  for (const r of rows) if (r.predatesCode === true) (byCategory.get(r.category as string) ?? byCategory.set(r.category as string, []).get(r.category as string)!).push(r.period as string);
  return [...byCategory].map(([c, periods]) => `${c}: ${periods.join(', ')} predate${periods.length === 1 ? 's' : ''} the category's own code, so ${periods.length === 1 ? 'its figure is' : 'their figures are'} not a true count (flagged predatesCode)`);
}

export function trendCommand(io: Io, comparability?: Comparability): Command {
  const cmd = new Command('trend')
    .description('counts per area, category and period, with the change on the same period a year earlier')
    .argument('<files...>', 'CSV files (Home Office, ONS, police force or record-level extracts)');
  addCommonOptions(cmd);
  cmd.addHelpText('after', TREND_EXAMPLES);
  addChartOptions(cmd);
  cmd.action(async (files: string[], opts: CommonOptions & ChartOptions) => {
    await emitWithCharts(await trendResult(files, opts, comparability, io), opts, io);
  });
  return cmd;
}
