import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { coversEnglandAndWales } from '../analyses/claims/areaScope.js';
import { SKIP_RULES } from '../analyses/claims/article/skips.js';
import type { ArticleDoc } from '../analyses/claims/article/types.js';
import { offenceHelp } from '../analyses/claims/categories.js';
import {
  allPass,
  CHECK_COLUMNS,
  ClaimEvaluator,
  type ClaimInput,
  parseClaim,
  summaryLine,
} from '../analyses/claims/index.js';
import type { ArticleOutput, CheckReport, Style } from '../analyses/claims/report/types.js';
import { registerComparability } from '../analyses/comparability.js';
import type { Result, Row } from '../analyses/result.js';
import type { Comparability } from '../analyses/trend.js';
import { isValidDate } from '../core/dates.js';
import { StalkError } from '../core/errors.js';
import { type Format, parseFormat, render } from '../render/index.js';
import { toJsonDocument } from '../render/json.js';
import { areaIndex } from '../series/areas.js';
import { categoriesOf } from '../series/types.js';
import { type CategoryId, DEFAULT_CATEGORIES } from '../taxonomy/taxonomy.js';
import {
  addCommonOptions,
  type CommonOptions,
  colorEnabled,
  INPUTS_HELP,
  type Io,
  loadInputs,
  resultBase,
  writeNotes,
} from './options.js';
import { addRateOptions, CHECK_RATE_HELP, populationsFor, type RateCliOptions, residentsOf } from './rateOptions.js';

export const CHECK_EXAMPLES = `
Examples:
  $ stalkstats check data/demo/demo-home-office-quarterly.csv --area Eastwick --claim "2,145 cases in 2019 - more than \
five a day - more than triple 2014"
  $ stalkstats check data/demo/demo-home-office-quarterly.csv --area Midshire --claim "6,558 stalking and harassment \
offences in 2018/19"
  $ stalkstats check data/demo/demo-home-office-quarterly.csv --claim "stalking more than tripled between 2019/20 and \
2020/21"
  $ stalkstats check data/demo/demo-home-office-quarterly.csv --area Northvale --claim "more than 16 stalking and \
harassment offences a day in 2022"
  $ stalkstats check data/demo/demo-home-office-quarterly.csv --claim "harassment fell in 2020/21" --claim "a 2 per \
cent rise in stalking in 2021/22" --format json
  $ stalkstats check data/demo/demo-home-office-quarterly.csv --as-of 2023-06-30 --claim "stalking fell last year" \
--claim "malicious communications fell by more than a fifth in 2023/24"
  $ stalkstats check data/demo/demo-home-office-quarterly.csv --area Eastwick --population \
data/demo/demo-populations.csv --claim "5.0 stalking and harassment offences per 1,000 residents in 2022/23"

Whole articles (--article FILE, or - for standard input; a --claim of several sentences too):
    stalkstats check rec-crime-pfa.csv --article story.txt
    stalkstats check rec-crime-pfa.csv --article saved-page.html --annotate --format html > checked.html
  plain text, Markdown or a saved web page (its headline and paragraphs), in UTF-8, UTF-16 or
  Windows-1252. Every number is either a claim (a count, rate, change or multiple of recorded
  offences) or listed as skipped with the reason:
${SKIP_RULES.map((r) => `    ${r.reason}: ${r.examples}`).join('\n')}
  A figure takes its area, offence and period from its sentence, else from the sentences before
  it (the headline included; --area last); a period from the sentence beside it that names the
  periods of the figures compared. Relative periods ("last year") are read against --as-of, else
  the article's dateline ("Published: 12 March 2021"), else they cannot be checked. An area,
  period or offence the data do not hold is cannot-check, never a neighbour; two readings that
  disagree are cannot-check, with both shown.
  --annotate prints the article back with each figure marked [✓ supported], [≈ close],
  [✗ not supported] or [? cannot check] and numbered notes with the working; with --format html,
  a web page.

--claims FILE (YAML or JSON) is a list; each item is a claim's text or a map:
  - claim: "more than six a day"
    area: Dorset
    category: stalking and harassment
    period: 2017

What a claim may say:
  counts   "2,339 cases in 2017", "12,015 across the year" (with a period field)
  rates    "more than six a day", "averaging 1,001 a month", "one every four hours",
           "3.2 per 1,000 residents" (see Rates per residents below)
  changes  "an 81 per cent increase", "rose from 1,213 in 2015 to 2,017 in 2016", "fell",
           "doubled", "almost double", "tripled", "five-fold", "nearly quadrupled", "halved"
  bases    "double the figure from 2015", "compared with 200 a month before April 2020",
           "than the same period three years earlier"
  periods  2017, 2017/18, the year to March 2018, the 12 months to September 2016,
           the 12-month period ending June 30, 2015, October 2015 to September 2016 (one
           12-month period), between 2019/20 and 2020/21, Q1 2020/21, over the past two years,
           last year / last financial year / the past 12 months (against --as-of)
  offences ${offenceHelp()}
Numbers may be words ("six", "a dozen") or have separators ("2,339").

How figures are judged:
  a bare count must match exactly (a round one, 12,000, to its last non-zero digit); a bare rate or
  percentage must round to the figure as written (six a day: 5.5 to under 6.5); doubled, tripled,
  quadrupled and n-fold: a ratio within 5% of n (doubled: 1.9 to 2.1); halved: 1.9 to 2.1 the other way;
  by half, a third, a quarter, a fifth: within 5% of the fraction (a third: 31.67% to under 35%).
  almost, nearly, just under: 90% of the figure up to it (almost double: 1.8 to under 2.0)
  about, around, roughly, approximately: within 10% either side
  more than, over, above: strictly above; at least: the figure or above
  less than, fewer than, under, below: strictly below; at most, up to: the figure or below
  just over: above the figure by at most 10%
  Per month: count / months for a period of whole months, else from days (365.25 / 12 a month).
  A claim naming no period uses its period field, else the 12 complete months before --as-of.
  A claim naming no category uses its category field, else --category, else the combined
  stalking-and-harassment figure (and says so).
  A change with no base period is compared with the period of the same length just before.
  A change across a recording change in the register keeps its verdict and is marked not
  comparable, as in trend.

Verdicts: supported; close (within --tolerance, typically an earlier vintage of the data);
not-supported; cannot-check (the data lack what the claim needs, e.g. a stalking-only claim against a
source with only the combined figure, or a period not covered); unparsed (shows what was recognised).
Exit codes: 0 no claim is contradicted by the data (cannot-check included); 1 a claim is not
supported or not read, or unusable data; 2 usage error.`;

interface CheckOptions extends CommonOptions, RateCliOptions {
  claim: string[];
  claims?: string;
  article?: string;
  annotate?: boolean;
  asOf?: string;
  tolerance: number;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseAsOf(v: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.trim());
  if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3])))
    throw new InvalidArgumentError(`--as-of expects a date such as 2019-01-15 (got '${v}')`);
  return v.trim();
}

export function parseTolerance(v: string): number {
  const t = v.trim().replace(/%$/, '');
  const n = Number(t);
  if (t === '' || !Number.isFinite(n) || n < 0 || n > 50)
    throw new InvalidArgumentError(`--tolerance expects a percentage from 0 to 50 (got '${v}')`);
  return n;
}

/** --format for check: the shared formats, and html for --annotate. */
function parseCheckFormat(v: string): string {
  if (v.toLowerCase() === 'html') return 'html';
  try {
    return parseFormat(v);
  } catch (e) {
    if (e instanceof StalkError)
      throw new InvalidArgumentError(
        `--format must be one of table, json, csv, markdown, or html with --annotate (got '${v}') [${e.code}]`,
      );
    throw e;
  }
}

async function readText(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StalkError('E_FILE_NOT_FOUND', `${what} not found`, { file: path });
    if (code === 'EISDIR') throw new StalkError('E_IS_DIRECTORY', `the ${what} is a directory`, { file: path });
    throw new StalkError('E_FILE_UNREADABLE', `cannot read the ${what}: ${(e as Error).message}`, { file: path });
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A --claim of more than one sentence is an excerpt of an article, read as one. */
function isParagraph(text: string): boolean {
  return /\n\s*\S/.test(text.trim()) || /[.!?]["'\u2019\u201d)]*\s+["'\u2018\u201c(]*[A-Z0-9]/.test(text.trim());
}

export async function checkReport(
  files: string[],
  opts: CheckOptions,
  io: Io,
  comparability: Comparability = registerComparability,
): Promise<CheckReport> {
  if (opts.claim.length === 0 && !opts.claims && !opts.article)
    throw new StalkError(
      'E_USAGE',
      'nothing to check: give --article FILE, --claim "TEXT" (repeatable) or --claims FILE',
    );
  if (opts.area.length > 1)
    throw new StalkError('E_BAD_OPTION', 'check takes one --area (give claims their own area in a --claims file)');
  if (opts.eachArea)
    throw new StalkError(
      'E_BAD_OPTION',
      'check compares each claim with one area: --each-area does not apply (give claims their own area in a ' +
        '--claims file)',
    );
  if (opts.category && opts.category.length > 1)
    throw new StalkError('E_BAD_OPTION', '--category for check names one category, used for claims that name none');
  if ((opts.format as string) === 'html' && !opts.annotate)
    throw new StalkError('E_BAD_OPTION', '--format html is for --annotate (the article as a web page)');
  if (opts.annotate && !opts.article && !opts.claim.some(isParagraph))
    throw new StalkError(
      'E_BAD_OPTION',
      '--annotate prints an article back: give --article FILE (or a paragraph to --claim)',
    );

  const claims: ClaimInput[] = opts.claim.filter((t) => !isParagraph(t)).map((text) => ({ text }));
  if (opts.claims) {
    // The YAML parser loads only for a claims file.
    const { parseClaimsFile } = await import('../analyses/claims/file.js');
    const path = opts.claims;
    claims.push(...parseClaimsFile((await readText(path, 'claims file')).toString('utf8'), path));
  }
  const texts: { path: string | null; text: string }[] = [];
  if (opts.article) {
    const { decodeArticle } = await import('../analyses/claims/article/decode.js');
    const path = opts.article;
    texts.push({
      path: path === '-' ? '-' : path,
      text: decodeArticle(
        path === '-' ? await readStdin() : await readText(path, 'article'),
        path === '-' ? '<stdin>' : path,
      ),
    });
  }
  for (const t of opts.claim.filter(isParagraph)) texts.push({ path: null, text: t });
  const docs: { path: string | null; doc: ArticleDoc }[] = [];
  for (const t of texts) {
    const { looksLikeHtml, readHtmlArticle } = await import('../analyses/claims/article/html.js');
    const { readTextArticle } = await import('../analyses/claims/article/document.js');
    const html = (t.path && /\.x?html?$/i.test(t.path)) || looksLikeHtml(t.text);
    docs.push({ path: t.path, doc: html ? await readHtmlArticle(t.text) : readTextArticle(t.text) });
  }

  // Other offence groups (sexual offences…) are kept only when an article names one.
  const { findOffences, isSubGroup } = await import('../analyses/claims/categories.js');
  const { normaliseText } = await import('../analyses/claims/periods.js');
  const otherNamed = docs.some((d) =>
    d.doc.blocks.some((b) => findOffences(normaliseText(b.text)).some((o) => !isSubGroup(o.id))),
  );
  // An unknown --area is a usage error, found as the inputs are loaded, before any claim is judged.
  // Rates per residents ("3.2 per 1,000") need populations: the user's file, or the bundled estimates.
  const asked = opts.per !== undefined || opts.population !== undefined || opts.populationYear !== undefined;
  const populations = asked ? await populationsFor(opts, io, true) : null;
  const { inputs, areas } = await loadInputs(files, opts, io, {
    keep: otherNamed ? 'all' : new Set(DEFAULT_CATEGORIES),
  });
  const evaluator = new ClaimEvaluator(inputs, {
    tolerancePct: opts.tolerance,
    area: opts.area[0],
    category: opts.category?.[0] as Exclude<CategoryId, 'other'> | undefined,
    asOf: opts.asOf,
    comparability,
    residents: residentsOf(inputs, populations, opts),
  });

  const parsed = claims.map((c) => parseClaim(c, { asOf: opts.asOf, per: opts.per }));
  const rows: Row[] = parsed.flatMap((c, i) => evaluator.evaluate(c, i + 1));
  const skipped: CheckReport['skipped'] = [];
  const marks: CheckReport['marks'] = [];
  let article: ArticleOutput | null = null;
  let firstDoc: ArticleDoc | null = null;
  const articleNotes: string[] = [];
  if (docs.length) {
    const { readArticleClaims } = await import('../analyses/claims/article/extract.js');
    const { judgeArticle } = await import('../analyses/claims/article/judge.js');
    const present = new Set(inputs.flatMap((i) => [...categoriesOf(i)]));
    const data = {
      areas: areaIndex(inputs.flatMap((i) => i.areas)),
      onlyCombined: present.has('stalking-and-harassment') && !present.has('harassment'),
      englandAndWales: coversEnglandAndWales(inputs),
      holds: (id: Parameters<ClaimEvaluator['holds']>[0]) => evaluator.holds(id),
    };
    for (const [k, d] of docs.entries()) {
      const read = readArticleClaims(d.doc, { asOf: opts.asOf, area: opts.area[0] }, data);
      const judged = judgeArticle(read.claims, evaluator, rows.length + 1);
      rows.push(...judged);
      for (const s of read.skipped)
        skipped.push({ text: s.text, value: s.value, paragraph: s.paragraph, reason: s.reason });
      if (k === 0) {
        firstDoc = d.doc;
        article = {
          path: d.path,
          title: d.doc.title,
          date: read.date.date,
          dateFrom: read.date.from,
          dateText: read.date.text,
        };
        read.claims.forEach((c, i) => marks.push({ block: c.sentence.block, s: c.s, e: c.e, row: judged[i] }));
        for (const s of read.skipped) marks.push({ block: s.block, s: s.s, e: s.e, row: null, reason: s.reason });
      }
      articleNotes.push(dateNote(read.date, d.path));
    }
  }

  const base = resultBase(inputs, areas);
  const inputNoteList = base.notes;
  // How the combined figure was derived matters only to a claim about the combined figure.
  const combined = rows.some((r) => r.category === 'stalking-and-harassment');
  const notes = inputNoteList.filter((n) => combined || !/stalking-and-harassment is derived/.test(n));
  const checked = claims.length + rows.filter((r) => r.paragraph !== null).length;
  const preamble = [summaryLine(checked, rows)];
  if (skipped.length)
    preamble.push(
      `${skipped.length} other number${skipped.length === 1 ? '' : 's'} skipped (not figures of recorded offences)`,
    );
  if (opts.asOf) preamble.push(`as of ${opts.asOf}`);
  const result: Result = {
    command: 'check',
    title: article?.title ? `Figures checked: ${article.title}` : 'Claims checked',
    inputs: base.inputs,
    columns: CHECK_COLUMNS,
    rows,
    notes: [...articleNotes, ...evaluator.notes(), ...notes],
    warnings: base.warnings,
    reconciliation: base.reconciliation,
    preamble,
    extra: { passed: allPass(rows), tolerancePct: opts.tolerance, asOf: opts.asOf ?? null },
  };
  return { result, article, skipped, doc: firstDoc, marks };
}

/**
 * The report in the format asked for. JSON puts the article and the skipped numbers beside the
 * rows, in the order of its contract; CSV and Markdown list the skipped numbers as rows of their
 * own (verdict 'skipped', the reason as the working), so every number of the article is there.
 */
export async function renderCheck(
  report: CheckReport,
  format: string,
  annotate: boolean,
  width?: number,
  style?: Style,
): Promise<string> {
  if (annotate) {
    if (format === 'html') return (await import('../analyses/claims/report/html.js')).renderAnnotatedHtml(report);
    return (await import('../analyses/claims/report/annotate.js')).renderAnnotated(report, width ?? 80, style);
  }
  const r = report.result;
  if (format === 'json') {
    const doc = toJsonDocument(r);
    const article = report.article
      ? {
          path: report.article.path,
          title: report.article.title,
          date: report.article.date,
          dateFrom: report.article.dateFrom,
        }
      : null;
    const { command, inputs, rows, notes, warnings, reconciliation, ...extra } = doc;
    const ordered = {
      command,
      inputs,
      article,
      rows,
      skipped: report.skipped,
      notes,
      warnings,
      reconciliation,
      ...extra,
    };
    return `${JSON.stringify(ordered, null, 2)}\n`;
  }
  if (format === 'csv' || format === 'markdown') {
    const skippedRows: Row[] = report.skipped.map((s) => ({
      claimNo: null,
      paragraph: s.paragraph,
      claim: s.text,
      verdict: 'skipped',
      publishedValue: s.value,
      working: s.reason,
    }));
    return render({ ...r, rows: [...r.rows, ...skippedRows] }, format as Format, { color: false, width });
  }
  return (await import('../analyses/claims/report/layout.js')).renderLayout(report, width ?? 80, style);
}

function dateNote(
  date: { date: string | null; from: string | null; text: string | null },
  path: string | null,
): string {
  const what = path && path !== '-' ? path.split(/[\\/]/).pop() : 'the article';
  if (date.from === '--as-of') return `${what}: relative periods ("last year") read against --as-of ${date.date}`;
  if (date.from === 'text')
    return (
      `${what}: published ${date.date}, from its dateline '${date.text}'; relative periods ("last year") read ` +
      'against it'
    );
  return (
    `${what}: no publication date found (no dateline, no --as-of): ` +
    'relative periods ("last year") cannot be checked'
  );
}

/** Kept for callers of the claim-only form. */
export async function checkResult(
  files: string[],
  opts: CheckOptions,
  comparability?: Comparability,
  io?: Io,
): Promise<Result> {
  const nullIo: Io = {
    stdout: { write: () => true },
    stderr: { write: () => true },
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  return (await checkReport(files, opts, io ?? nullIo, comparability)).result;
}

export function checkCommand(io: Io, comparability?: Comparability): Command {
  const cmd = new Command('check')
    .description(
      'checks the figures of a published article, or claims ("2,339 cases in 2017 - more than six a day - double ' +
        '2015"), against the data, showing the working',
    )
    .argument('<files...>', INPUTS_HELP)
    .option(
      '--article <file>',
      'an article to check whole: plain text, Markdown or a saved web page (- reads standard input)',
    )
    .option(
      '--annotate',
      'print the article back with each figure marked and numbered notes with the working (--format html: a web page)',
      false,
    )
    .option(
      '--claim <text>',
      'a claim to check, in the words of the story (repeatable); several sentences are read as an article',
      collect,
      [],
    )
    .option('--claims <file>', 'a YAML or JSON list of claims, each with optional area, category and period')
    .option(
      '--as-of <date>',
      'the date relative periods are read against ("last year"), and of claims naming no period (default for an ' +
        'article: its dateline)',
      parseAsOf,
    )
    .option(
      '--tolerance <pct>',
      'how far, in per cent, the data may be from a published figure for "close"',
      parseTolerance,
      2,
    );
  addCommonOptions(cmd, { by: false, range: false });
  for (const o of cmd.options) {
    if (o.long === '--each-area') o.hideHelp();
    if (o.long === '--category')
      o.description = 'the category for claims that name none (default: the combined stalking-and-harassment figure)';
    if (o.long === '--area')
      o.description = 'the area for claims and articles that name none (one; any level: CSP, force, region, borough)';
    if (o.long === '--format') {
      o.description = 'output format: table | json | csv | markdown, and html with --annotate';
      o.argParser(parseCheckFormat);
    }
  }
  cmd.addHelpText('after', CHECK_EXAMPLES);
  addRateOptions(cmd, {
    per: 'the residents a claimed rate is per when it names none ("a rate of 3.2"), e.g. 1000',
    help: CHECK_RATE_HELP,
  });
  cmd.action(async (files: string[], opts: CheckOptions) => {
    const report = await checkReport(files, opts, io, comparability);
    const style =
      opts.format === 'table' && colorEnabled(io, opts)
        ? await (await import('../render/table.js')).colourStyle()
        : undefined;
    io.stdout.write(await renderCheck(report, opts.format as string, !!opts.annotate, io.columns, style));
    writeNotes(report.result, opts, io);
    io.setExitCode?.(report.result.extra?.passed ? 0 : 1);
  });
  return cmd;
}
