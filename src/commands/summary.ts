import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { Result } from '../analyses/result.js';
import {
  parseSummaryYear,
  SUMMARY_COLUMNS,
  type Summary,
  type SummaryBasis,
  type SummaryOptions,
  type SummaryYear,
  summarise,
  summaryBasis,
  type YearKind,
  yearsInData,
} from '../analyses/summary.js';
import { commitStaged, discardStaged, type Staged, stageFile } from '../core/atomicWrite.js';
import { StalkError } from '../core/errors.js';
import { collectGarbage } from '../core/memory.js';
import { comparabilityFootnotes, markColumn } from '../render/footnotes.js';
import { render } from '../render/index.js';
import { escapeMarkdown, markdownAfterRows, markdownRow, markdownTableHead } from '../render/markdown.js';
import type { AreaName } from '../series/areas.js';
import type { LoadedInput } from '../series/types.js';
import {
  addCommonOptions,
  type CommonOptions,
  chosenCategories,
  colorEnabled,
  INPUTS_HELP,
  type Io,
  inputSummaries,
  loadInputs,
  resultBase,
  writeNotes,
} from './options.js';
import { addRateOptions, populationsFor, type RateCliOptions, withRates } from './rateOptions.js';
import { YearFiles } from './summaryFiles.js';

export const SUMMARY_EXAMPLES = `
Examples (the demo data are invented):
  $ stalkstats summary data/demo/demo-home-office-quarterly.csv --year 2020/21
  $ stalkstats summary data/demo/demo-home-office-quarterly.csv --year 2017 --area Northvale --format markdown
  $ stalkstats summary data/demo/demo-home-office-quarterly.csv --year 2019/20 --each-area --format json
  $ stalkstats summary data/demo/demo-home-office-quarterly.csv --year 2020/21 --out summaries/
  $ stalkstats summary data/demo/demo-home-office-quarterly.csv --all-years --out summaries/
  $ stalkstats summary data/demo/demo-home-office-quarterly.csv --all-years --calendar --out summaries/calendar/
  $ stalkstats summary data/demo/demo-home-office-quarterly.csv --year 2022/23 --each-area --per 1000 --population \
data/demo/demo-populations.csv

Several files are merged: where two give the same area, category and period (two vintages of one
series), the later file's figure is kept, or that of the file named by --prefer, and every value
that differs is reported as a revision. A figure is never counted twice.

--out DIR writes summary-<year>.json, .csv and .md (2017/18 is written 2017-18), each through a
temporary file renamed into place. The same data give byte-identical files on every run: no
timestamps unless --stamp. With --all-years it also writes index.json and index.md.

Exit codes: 0 success; 1 bad or unusable data (including no figures for the year); 2 usage error.`;

interface SummaryCliOptions extends CommonOptions, RateCliOptions {
  year?: SummaryYear;
  allYears?: boolean;
  calendar?: boolean;
  out?: string;
  stamp?: boolean;
}

/** Names the inputs are shown by in summaries: file names, or paths as given where two share a name. */
function displayNames(inputs: LoadedInput[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const i of inputs) counts.set(basename(i.path), (counts.get(basename(i.path)) ?? 0) + 1);
  return new Map(inputs.map((i) => [i.path, counts.get(basename(i.path))! > 1 ? i.path : basename(i.path)]));
}

/**
 * The summary as the one Result shape every renderer takes. File paths are shown as file names,
 * so a committed summary does not change with the folder a CI job downloaded the data into.
 */
export function summaryResult(
  inputs: LoadedInput[],
  summary: Summary,
  stamp?: string,
  asked: readonly AreaName[] = [],
  decorate: (r: Result) => Result = (r) => r,
): Result {
  const names = displayNames(inputs);
  const name = (p: string) => names.get(p) ?? basename(p);
  const { notes, warnings, reconciliation: rec } = resultBase(inputs, asked);
  const y = summary.year;
  const areas = summary.areas;
  return decorate({
    command: 'summary',
    title: `Stalking and harassment, ${y.label}${areas.length === 1 ? `: ${areas[0]}` : ''}`,
    inputs: namedInputs(inputs),
    columns: summary.columns,
    rows: summary.rows,
    notes: [...notes, ...summary.notes],
    warnings: [...warnings, ...summary.warnings],
    reconciliation: {
      ...rec,
      excluded: rec.excluded.map((e) => (e.file ? { ...e, file: name(e.file) } : e)),
      cellsExcluded: rec.cellsExcluded.map((e) => (e.file ? { ...e, file: name(e.file) } : e)),
    },
    extra: {
      year: {
        label: y.label,
        kind: y.kind === 'fy' ? 'financial year' : 'calendar year',
        start: y.period.start,
        end: y.period.end,
        days: y.period.days,
        previous: { label: y.previous.label, start: y.previous.start, end: y.previous.end, days: y.previous.days },
      },
      coverage: summary.coverage,
      recordingChanges: summary.events,
      revisions: summary.revisions.map((r) => ({
        ...r,
        values: r.values.map((v) => ({ ...v, path: name(v.path) })),
        kept: name(r.kept),
        offences: r.offences.map((o) => ({ ...o, values: o.values.map((v) => ({ ...v, path: name(v.path) })) })),
      })),
      ...(stamp ? { generatedAt: stamp } : {}),
    },
  });
}

/** The inputs as a summary lists them: by file name (see `displayNames`). */
function namedInputs(inputs: LoadedInput[]): Result['inputs'] {
  const names = displayNames(inputs);
  return inputSummaries(inputs).map((i) => ({ ...i, path: names.get(i.path) ?? basename(i.path) }));
}

function yearLine(y: SummaryYear): string {
  return (
    `${y.kind === 'fy' ? 'Financial year' : 'Calendar year'} ${y.label}: ${y.period.start} to ${y.period.end} ` +
    `(${y.period.days} days), compared with ${y.previous.label}.`
  );
}

function coverageLines(summary: Summary): string[] {
  const c = summary.coverage;
  const y = summary.year;
  const out: string[] = [];
  if (c.gaps.length === 0) out.push(`Every figure for ${y.label} is built from complete periods.`);
  for (const g of c.gaps) out.push(`${g.area}, ${g.category}: ${g.detail}`);
  out.push(
    `Areas with figures: ${c.areasThisYear.length} in ${y.label}, ${c.areasPreviousYear.length} in ` +
      `${y.previous.label}.`,
  );
  if (c.areasMissing.length) out.push(`In ${y.previous.label} but not in ${y.label}: ${c.areasMissing.join(', ')}.`);
  if (c.areasNew.length && c.areasPreviousYear.length) out.push(`New in ${y.label}: ${c.areasNew.join(', ')}.`);
  return out;
}

function eventLines(summary: Summary): string[] {
  if (summary.events.length === 0)
    return [`No recording change in the register is dated in ${summary.year.label} or the 12 months before it.`];
  return summary.events.map(
    (e) => `${e.date} (${e.when}): ${e.title}; affects ${e.affects.join(', ')}; ${e.confidence} [${e.id}]`,
  );
}

/** Markdown for a pull request or a README: heading, table and notes, then coverage and recording changes. */
export function summaryMarkdown(result: Result, summary: Summary, stamp?: string): string {
  const cols = result.columns.filter((c) => c.inTable);
  const markKey = markColumn(cols);
  const { marks, footnotes } = comparabilityFootnotes(result.rows);
  const { before, after } = markdownFrame(result, summary, stamp, footnotes);
  const rows = result.rows.map((r) => markdownRow(r, cols, markKey, marks.get(r)));
  return `${[...before, ...rows, ...after].join('\n')}\n`;
}

/**
 * The lines of a summary's Markdown before its table's rows (heading, year, the table's head) and
 * after them (footnotes and notes, without the white space they end with; coverage; recording
 * changes).
 */
function markdownFrame(
  result: Result,
  summary: Summary,
  stamp: string | undefined,
  footnotes: string[],
): { before: string[]; after: string[] } {
  const before: string[] = [`# ${escapeMarkdown(result.title)}`, '', escapeMarkdown(yearLine(summary.year))];
  if (stamp) before.push('', `Generated at ${stamp}.`);
  before.push('', ...markdownTableHead(result.columns.filter((c) => c.inTable)));
  const after = markdownAfterRows(result, footnotes);
  while (after.length > 0 && after[after.length - 1].trim() === '') after.pop();
  if (after.length > 0) after[after.length - 1] = after[after.length - 1].trimEnd();
  after.push('');
  after.push('## Data coverage', '', ...coverageLines(summary).map((l) => `- ${escapeMarkdown(l)}`), '');
  after.push(`## Recording changes in or near ${summary.year.label}`, '');
  if (summary.events.length === 0) after.push(escapeMarkdown(eventLines(summary)[0]));
  else {
    after.push('| Date | When | Change | Affects | Confidence |', '| --- | --- | --- | --- | --- |');
    for (const e of summary.events)
      after.push(
        `| ${e.date} | ${e.when} | ${escapeMarkdown(e.title)} | ${escapeMarkdown(e.affects.join(', '))} | ` +
          `${e.confidence} |`,
      );
    after.push(
      '',
      'Counts either side of one of these dates were recorded under different rules; the register ' +
        '(`data/recording-changes.json`) cites a source for each.',
    );
  }
  return { before, after };
}

/** "summarising 2017/18 (3 of 15)" on stderr while a long --all-years runs, on a terminal only. */
function yearProgress(io: Io, quiet: boolean, total: number): (label: string | null, done: number) => void {
  if (quiet || !io.stderrIsTTY || io.env.CI || total < 2) return () => {};
  let drawn = false;
  return (label, done) => {
    if (label === null) {
      if (drawn) io.stderr.write('\r\u001b[2K');
      return;
    }
    io.stderr.write(`\rsummarising ${label} (${done + 1} of ${total})`);
    drawn = true;
  };
}

function stampNow(io: Io): string {
  const epoch = io.env.SOURCE_DATE_EPOCH;
  const ms = epoch && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : Date.now();
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface Written {
  year: SummaryYear;
  files: { json: string; csv: string; md: string };
  rows: number;
  complete: boolean;
}

/**
 * Stages a year's three files: of a summary already made, or of the year, summarised here. Without
 * rates each area's rows are then written as they are made; rates (`--per`) are worked out over
 * the whole year's rows, which are then written.
 */
function writeYear(
  dir: string,
  inputs: LoadedInput[],
  target: SummaryYear | Summary,
  sel: SummaryOptions,
  basis: SummaryBasis | undefined,
  stamp: string | undefined,
  asked: readonly AreaName[],
  rates: ((r: Result) => Result) | null,
  staged: Staged[],
): Written {
  const head = () => ({ command: 'summary', inputs: namedInputs(inputs) });
  let files: YearFiles | null = null;
  try {
    let summary: Summary;
    let result: Result;
    const made = 'rows' in target ? target : rates ? summarise(inputs, target, sel, basis) : null;
    if (made) {
      summary = made;
      result = summaryResult(inputs, summary, stamp, asked, rates ?? undefined);
      files = new YearFiles(dir, summary.year.fileLabel, result.columns, head);
      files.add(result.rows);
    } else {
      const streaming = new YearFiles(dir, (target as SummaryYear).fileLabel, SUMMARY_COLUMNS, head);
      files = streaming;
      summary = summarise(inputs, target as SummaryYear, sel, basis, (rows) => streaming.add(rows));
      result = summaryResult(inputs, summary, stamp, asked);
    }
    files.finish(result, (footnotes) => markdownFrame(result, summary, stamp, footnotes), staged);
    return { year: summary.year, files: files.names, rows: summary.rowCount, complete: summary.coverage.complete };
  } catch (e) {
    files?.abort();
    throw e;
  }
}

function writeIndex(
  dir: string,
  inputs: LoadedInput[],
  kind: YearKind,
  written: Written[],
  partial: { year: SummaryYear; detail: string }[],
  stamp: string | undefined,
  staged: Staged[],
): string[] {
  const names = displayNames(inputs);
  const sources = inputs.map((i) => names.get(i.path) ?? basename(i.path));
  const doc = {
    command: 'summary',
    kind: kind === 'fy' ? 'financial year' : 'calendar year',
    inputs: sources,
    years: written.map((w) => ({
      year: w.year.label,
      start: w.year.period.start,
      end: w.year.period.end,
      rows: w.rows,
      complete: w.complete,
      files: w.files,
    })),
    partial: partial.map((p) => ({ year: p.year.label, detail: p.detail })),
    ...(stamp ? { generatedAt: stamp } : {}),
  };
  const md = [`# Stalking and harassment summaries by ${kind === 'fy' ? 'financial' : 'calendar'} year`, ''];
  if (stamp) md.push(`Generated at ${stamp}.`, '');
  md.push('| Year | Coverage | JSON | CSV | Markdown |', '| --- | --- | --- | --- | --- |');
  for (const w of written)
    md.push(
      `| ${w.year.label} | ${w.complete ? 'complete' : 'gaps (see the summary)'} | ` +
        `[${w.files.json}](${w.files.json}) | [${w.files.csv}](${w.files.csv}) | [${w.files.md}](${w.files.md}) |`,
    );
  if (partial.length) {
    md.push('', '**Years the data touch without a complete figure (not summarised)**', '');
    for (const p of partial) md.push(`- ${p.year.label}: ${escapeMarkdown(p.detail)}`);
  }
  md.push('', `Source: ${sources.map(escapeMarkdown).join('; ')}`);
  staged.push(stageFile(join(dir, 'index.json'), `${JSON.stringify(doc, null, 2)}\n`));
  staged.push(stageFile(join(dir, 'index.md'), `${md.join('\n')}\n`));
  return ['index.json', 'index.md'];
}

function makeDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new StalkError('E_WRITE', `cannot create the output folder: ${(e as Error).message}`, { file: dir });
  }
}

export async function runSummary(files: string[], opts: SummaryCliOptions, io: Io, quiet: boolean): Promise<void> {
  if (opts.allYears && opts.year) throw new StalkError('E_USAGE', 'give either --year or --all-years, not both');
  if (!opts.allYears && !opts.year)
    throw new StalkError('E_USAGE', 'summary needs --year YEAR (2017 or 2017/18) or --all-years');
  if (opts.allYears && !opts.out)
    throw new StalkError('E_USAGE', '--all-years writes one set of files per year, so it needs --out DIR');
  if (opts.calendar && !opts.allYears)
    throw new StalkError('E_USAGE', '--calendar goes with --all-years; for one calendar year give --year 2017');
  const populations = await populationsFor(opts, io);
  const loaded = await loadInputs(files, opts, io);
  const { inputs, areas } = loaded;
  const rates = populations ? (r: Result) => withRates(r, populations, loaded, opts) : null;
  const sel = { areas, eachArea: !!opts.eachArea, categories: chosenCategories(opts, inputs) };
  const stamp = opts.stamp ? stampNow(io) : undefined;
  const dir = opts.out ? resolve(io.cwd ?? '.', opts.out) : null;
  const say = (s: string) => {
    if (!quiet) io.stderr.write(`stalkstats: ${s}\n`);
  };

  if (opts.allYears) {
    const kind: YearKind = opts.calendar ? 'year' : 'fy';
    const basis = summaryBasis(inputs, kind, sel);
    collectGarbage();
    const found = yearsInData(inputs, kind, sel, basis);
    if (found.years.length === 0)
      throw new StalkError(
        'E_NO_DATA',
        `no complete ${kind === 'fy' ? 'financial' : 'calendar'} year in the data for the chosen areas and categories`,
      );
    // A year at a time: each is summarised and its files staged beside their places, then dropped,
    // so memory holds one year; the files are renamed into place only once every year is staged,
    // so a failure leaves the folder as it was.
    makeDir(dir!);
    const staged: Staged[] = [];
    const progress = yearProgress(io, quiet, found.years.length);
    let written: Written[];
    try {
      written = found.years.map((y, n) => {
        progress(y.label, n);
        return writeYear(dir!, inputs, y, sel, basis, stamp, areas, rates, staged);
      });
      writeIndex(dir!, inputs, kind, written, found.partial, stamp, staged);
    } catch (e) {
      discardStaged(staged);
      throw e;
    } finally {
      progress(null, found.years.length);
    }
    commitStaged(staged);
    say(
      `wrote ${written.length * 3 + 2} files to ${opts.out}: ${written.map((w) => w.year.label).join(', ')} and ` +
        'index.json, index.md',
    );
    return;
  }

  const summary = summarise(inputs, opts.year!, sel);
  if (summary.rows.length === 0) {
    const found = yearsInData(inputs, opts.year!.kind, sel);
    const have = found.years.length
      ? `; the data give ${found.years[0].label} to ${found.years[found.years.length - 1].label}`
      : '';
    throw new StalkError(
      'E_NO_DATA',
      `no figures for ${opts.year!.label} or the year before in the chosen areas and categories${have}`,
    );
  }
  if (dir) {
    makeDir(dir);
    const staged: Staged[] = [];
    const w = writeYear(dir, inputs, summary, sel, undefined, stamp, areas, rates, staged);
    commitStaged(staged);
    say(`wrote ${[w.files.json, w.files.csv, w.files.md].map((f) => join(opts.out!, f)).join(', ')}`);
    return;
  }
  const result = summaryResult(inputs, summary, stamp, areas, rates ?? undefined);
  writeNotes(result, { quiet }, io);
  if (opts.format === 'markdown') io.stdout.write(summaryMarkdown(result, summary, stamp));
  else {
    const preamble =
      opts.format === 'table'
        ? [
            yearLine(summary.year),
            ...(stamp ? [`Generated at ${stamp}.`] : []),
            ...coverageLines(summary).map((l) => `coverage: ${l}`),
            ...eventLines(summary).map((l) => `recording change: ${l}`),
          ]
        : undefined;
    io.stdout.write(
      await render({ ...result, preamble }, opts.format, {
        color: opts.format === 'table' && colorEnabled(io, opts),
        width: io.columns,
      }),
    );
  }
}

export function summaryCommand(io: Io): Command {
  const cmd = new Command('summary')
    .description(
      'a yearly summary per category: count, per day, change on the year before and whether it is comparable, ' +
        'share of the stalking and harassment total, data coverage and the recording changes in or near the year; ' +
        '--out writes byte-stable JSON, CSV and Markdown for CI',
    )
    .argument('<files...>', INPUTS_HELP)
    .option('-y, --year <year>', 'the year: calendar (2017) or financial, April to March (2017/18)', (v: string) => {
      try {
        return parseSummaryYear(v);
      } catch (e) {
        if (e instanceof StalkError) throw new InvalidArgumentError(`${e.message} [${e.code}]`);
        throw e;
      }
    })
    .option(
      '--all-years',
      'one summary per year found in the data (financial years; with --calendar, calendar years), plus an index; ' +
        'needs --out',
      false,
    )
    .option('--calendar', 'with --all-years: calendar years instead of financial years', false)
    .option(
      '-o, --out <dir>',
      'write summary-<year>.json, .csv and .md to DIR (created if needed; all three, whatever --format) instead ' +
        'of printing',
    )
    .option(
      '--stamp',
      'add the time of the run (generatedAt; SOURCE_DATE_EPOCH if set): files then differ from run to run',
      false,
    );
  addCommonOptions(cmd, { by: false, range: false });
  cmd.addHelpText('after', SUMMARY_EXAMPLES);
  addRateOptions(cmd);
  cmd.action(async (files: string[], opts: SummaryCliOptions, self: Command) => {
    const quiet = Boolean((self.optsWithGlobals() as { quiet?: boolean }).quiet);
    await runSummary(files, opts, io, quiet);
  });
  return cmd;
}
