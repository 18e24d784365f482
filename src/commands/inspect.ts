import { Command } from 'commander';
import type { Column, Result, Row } from '../analyses/result.js';
import { revisionNote } from '../analyses/summary.js';
import { comparePeriods, PERIOD_KIND_NAMES } from '../core/periods.js';
import { mergeObservations, overlapNotes } from '../series/build.js';
import { unmatchedLabels } from '../series/load.js';
import { categoriesOf, type LoadedInput } from '../series/types.js';
import { addCommonOptions, type CommonOptions, emit, INPUTS_HELP, type Io, loadInputs, resultBase } from './options.js';

const COLUMNS: Column[] = [
  { key: 'file', label: 'File', kind: 'text' },
  { key: 'offence', label: 'Offence label', kind: 'text', inTable: true },
  { key: 'code', label: 'Code', kind: 'text', inTable: true },
  { key: 'category', label: 'Category', kind: 'text', inTable: true },
  { key: 'subcategory', label: 'Sub', kind: 'text', inTable: true },
  { key: 'matchedBy', label: 'Matched by', kind: 'text', inTable: true },
  { key: 'rows', label: 'Rows', kind: 'int', inTable: true },
  { key: 'offences', label: 'Offences', kind: 'int', inTable: true },
];

export const INSPECT_EXAMPLES = `
Examples:
  $ stalkstats inspect data/demo/demo-home-office-quarterly.csv
  $ stalkstats inspect data/demo/demo-home-office-quarterly.csv --format json
  $ stalkstats inspect crimes.csv --map area=District,date=Committed,offence=Crime   (a file of your own)`;

function describe(input: LoadedInput) {
  const l = input.layout;
  const periods = new Map<string, { kind: string; start: string; end: string; label: string }>();
  for (const o of input.observations) if (!o.derived) periods.set(o.period.key, o.period);
  const sorted = [...periods.values()].sort((a, b) => comparePeriods(a as never, b as never));
  const kinds = [...new Set(sorted.map((p) => p.kind))];
  const levels = l.areaLevels.map((lvl) => lvl.role);
  if (l.parentArea) levels.unshift(l.parentArea.level);
  const names: Record<string, Set<string>> = {};
  for (const a of input.areas)
    a.path.forEach((name, i) => {
      (names[a.roles[i]] ??= new Set()).add(name);
    });
  const areasByLevel: Record<string, string[]> = {};
  for (const [role, set] of Object.entries(names)) areasByLevel[role] = [...set].sort();
  const columns: Record<string, string> = {};
  for (const [role, idx] of Object.entries(l.columns)) columns[role] = l.header[idx as number];
  return {
    path: input.path,
    layout: {
      id: l.id,
      name: l.name,
      reason: l.reason,
      headerLine: l.headerLine,
      linesAbove: l.linesAbove,
      encoding: l.encoding,
      bom: l.bom,
      delimiter: l.delimiter,
      columns,
      periodColumns: l.periodColumns.length,
    },
    periods: {
      grain: kinds.map((k) => PERIOD_KIND_NAMES[k as keyof typeof PERIOD_KIND_NAMES]).join(', '),
      count: sorted.length,
      first: sorted[0] ? { label: sorted[0].label, start: sorted[0].start, end: sorted[0].end } : null,
      last: sorted.length
        ? {
            label: sorted[sorted.length - 1].label,
            start: sorted[sorted.length - 1].start,
            end: sorted[sorted.length - 1].end,
          }
        : null,
    },
    areas: areasByLevel,
    combined: input.hasCombined,
    separateCodes: input.separateCodes,
    unmatched: unmatchedLabels(input).map((u) => u.offence),
    negativeCounts: { rows: input.ledger.negativeRows, listed: input.ledger.negatives },
  };
}

const NEGATIVES_IN_PREAMBLE = 5;

/** police.uk: stalking and harassment are inside its violence and sexual offences. */
const insideVso = (input: LoadedInput) => input.labels.some((l) => l.category === 'violence-and-sexual-offences');

export async function inspectResult(files: string[], opts: CommonOptions, io?: Io): Promise<Result> {
  const { inputs } = await loadInputs(files, opts, io, { keep: 'all' });
  const rows: Row[] = [];
  const preamble: string[] = [];
  const described = inputs.map(describe);
  for (const [n, input] of inputs.entries()) {
    const d = described[n];
    for (const lab of input.labels)
      rows.push({
        file: input.path,
        offence: lab.offence,
        code: lab.code,
        category: lab.category,
        subcategory: lab.subcategory,
        matchedBy: lab.matchedBy,
        rows: lab.rows,
        // Rolling 12-month totals overlap: added up across periods they would count offences many times.
        offences: input.layout.time === 'rolling-end' ? null : lab.offences,
      });
    preamble.push(`${input.path}`);
    preamble.push(`  layout: ${d.layout.name} [${d.layout.id}]`);
    preamble.push(`  why: ${d.layout.reason}`);
    const above = d.layout.linesAbove ? ` (${d.layout.linesAbove} title or note lines above it skipped)` : '';
    const bom = d.layout.bom ? ' with BOM' : '';
    const encoding = d.layout.delimiter
      ? `encoding ${d.layout.encoding}${bom}; delimiter ${JSON.stringify(d.layout.delimiter)}`
      : 'a workbook sheet';
    preamble.push(`  header on line ${d.layout.headerLine}${above}; ${encoding}`);
    preamble.push(
      `  periods: ${d.periods.count} ${d.periods.grain} periods, ${d.periods.first?.label ?? '-'} to ` +
        `${d.periods.last?.label ?? '-'}`,
    );
    for (const [level, names] of Object.entries(d.areas)) {
      const more = names.length > 10 ? ', …' : '';
      preamble.push(`  ${level} (${names.length}): ${names.slice(0, 10).join(', ')}${more}`);
    }
    const separable = d.combined
      ? 'combined figure only (cannot be separated)'
      : d.separateCodes.length
        ? `separate codes ${d.separateCodes.join(', ')} (combined total derived)`
        : insideVso(input)
          ? "inside 'Violence and sexual offences' (police.uk has no category for them)"
          : 'none found';
    preamble.push(`  stalking and harassment: ${separable}`);
    if (d.unmatched.length)
      preamble.push(`  unmatched labels that look like stalking or harassment: ${d.unmatched.join('; ')}`);
    const neg = d.negativeCounts;
    if (neg.rows > 0) {
      const shown = neg.listed
        .slice(0, NEGATIVES_IN_PREAMBLE)
        .map((x) => `line ${x.line}: ${x.area}, ${x.offence}, ${x.period}: ${x.count}`);
      const more = neg.listed.length - shown.length;
      const rest = more > 0 ? `; … (--format json lists ${neg.listed.length < 100 ? 'all' : 'the first 100'})` : '';
      const rows = `${neg.rows} row${neg.rows === 1 ? '' : 's'}`;
      preamble.push(`  negative counts (adjustments, kept): ${rows}: ${shown.join('; ')}${rest}`);
    }
  }
  const merge = inputs.length > 1 ? revisionsSection(inputs, preamble) : null;
  const base = resultBase(inputs);
  if (inputs.some((i) => i.layout.time === 'rolling-end')) {
    base.notes.push(
      "a rolling-year file's labels show no offences: its 12-month totals overlap (each quarter's figure is in " +
        'four of them), so adding them up would count offences many times',
    );
  }
  return {
    command: 'inspect',
    title: 'Inspect',
    ...base,
    columns: COLUMNS,
    rows,
    preamble,
    extra: { files: described, ...(merge ?? {}) },
  };
}

/**
 * Several files: which figures (area, category, period) more than one gives, which file's figure
 * is kept, and every value that differs between them (a revision), down to the offence.
 */
function revisionsSection(inputs: LoadedInput[], preamble: string[]) {
  const everything = new Set(inputs.flatMap((i) => [...categoriesOf(i)]));
  const { revisions, overlaps } = mergeObservations(inputs, everything);
  preamble.push(
    `revisions between the files: ${revisions.length} figure${revisions.length === 1 ? '' : 's'} ` +
      `differ${revisions.length === 1 ? 's' : ''}`,
  );
  for (const n of overlapNotes(overlaps)) preamble.push(`  ${n}`);
  if (overlaps.length === 0)
    preamble.push('  the files share no figure (area, category and period): nothing is merged');
  for (const r of revisions.slice(0, 20)) preamble.push(`  ${revisionNote(r)}`);
  if (revisions.length > 20) preamble.push(`  … and ${revisions.length - 20} more (--format json lists them all)`);
  return { overlaps, revisions };
}

export function inspectCommand(io: Io): Command {
  const cmd = new Command('inspect')
    .description(
      'what the tool sees in a file: layout and why, columns, periods, areas, every offence label and its ' +
        'category, and what was excluded',
    )
    .argument('<files...>', INPUTS_HELP);
  addCommonOptions(cmd, { by: false, range: false, category: false });
  cmd.addHelpText('after', INSPECT_EXAMPLES);
  cmd.action(async (files: string[], opts: CommonOptions) => emit(await inspectResult(files, opts, io), opts, io));
  return cmd;
}
