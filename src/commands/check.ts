import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import {
  allPass,
  CHECK_COLUMNS,
  type ClaimInput,
  checkClaims,
  parseClaim,
  summaryLine,
} from '../analyses/claims/index.js';
import type { Result } from '../analyses/result.js';
import type { Comparability } from '../analyses/trend.js';
import { isValidDate } from '../core/dates.js';
import { StalkError } from '../core/errors.js';
import { DEFAULT_CATEGORIES } from '../taxonomy/taxonomy.js';
import { addCommonOptions, type CommonOptions, emit, type Io, loadInputs, resultBase } from './options.js';

export const CHECK_EXAMPLES = `
Examples:
  $ stalkstats check data/demo/demo-home-office-quarterly.csv --area Eastwick --claim "2,145 cases in 2019 - more than five a day - more than triple 2014"
  $ stalkstats check data/demo/demo-home-office-quarterly.csv --area Midshire --claim "6,558 stalking and harassment offences in 2018/19"
  $ stalkstats check data/demo/demo-home-office-quarterly.csv --claim "stalking more than tripled between 2019/20 and 2020/21"
  $ stalkstats check data/demo/demo-home-office-quarterly.csv --area Northvale --claim "more than 16 stalking and harassment offences a day in 2022"
  $ stalkstats check data/demo/demo-home-office-quarterly.csv --claim "harassment fell in 2020/21" --claim "a 2 per cent rise in stalking in 2021/22" --format json
  $ stalkstats check data/demo/demo-home-office-quarterly.csv --as-of 2023-06-30 --claim "stalking fell last year" --claim "malicious communications fell by more than a fifth in 2023/24"

--claims FILE (YAML or JSON) is a list; each item is a claim's text or a map:
  - claim: "more than six a day"
    area: Dorset
    category: stalking and harassment
    period: 2017

What a claim may say:
  counts   "2,339 cases in 2017", "12,015 across the year" (with a period field)
  rates    "more than six a day", "averaging 1,001 a month", "one every four hours"
  changes  "an 81 per cent increase", "rose from 1,213 in 2015 to 2,017 in 2016", "fell",
           "doubled", "almost double", "tripled", "five-fold", "nearly quadrupled", "halved"
  bases    "double the figure from 2015", "compared with 200 a month before April 2020"
  periods  2017, 2017/18, the year to March 2018, the 12 months to September 2016,
           October 2015 to September 2016, between 2019/20 and 2020/21, Q1 2020/21,
           last year / last financial year / the past 12 months (against --as-of)
  offences stalking, harassment, malicious communications, coercive control, stalking and harassment
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
  A claim naming no period uses its period field, else the 12 complete months before --as-of.
  A claim naming no category uses its category field, else --category, else the combined
  stalking-and-harassment figure (and says so).
  A change with no base period is compared with the period of the same length just before.

Verdicts: supported; close (within --tolerance, typically an earlier vintage of the data);
not-supported; cannot-check (the data lack what the claim needs, e.g. a stalking-only claim against a
source with only the combined figure, or a period not covered); unparsed (shows what was recognised).
Exit codes: 0 every claim supported or close; 1 otherwise, or unusable data; 2 usage error.`;

interface CheckOptions extends CommonOptions {
  claim: string[];
  claims?: string;
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

async function readClaimsText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StalkError('E_FILE_NOT_FOUND', 'claims file not found', { file: path });
    if (code === 'EISDIR') throw new StalkError('E_IS_DIRECTORY', 'the claims file is a directory', { file: path });
    throw new StalkError('E_FILE_UNREADABLE', `cannot read the claims file: ${(e as Error).message}`, { file: path });
  }
}

export async function checkResult(files: string[], opts: CheckOptions, comparability?: Comparability): Promise<Result> {
  if (opts.claim.length === 0 && !opts.claims)
    throw new StalkError('E_USAGE', 'nothing to check: give --claim "TEXT" (repeatable) or --claims FILE');
  if (opts.area.length > 1)
    throw new StalkError('E_BAD_OPTION', 'check takes one --area (give claims their own area in a --claims file)');
  if (opts.eachArea)
    throw new StalkError(
      'E_BAD_OPTION',
      'check compares each claim with one area: --each-area does not apply (give claims their own area in a --claims file)',
    );
  if (opts.category && opts.category.length > 1)
    throw new StalkError('E_BAD_OPTION', '--category for check names one category, used for claims that name none');
  const claims: ClaimInput[] = opts.claim.map((text) => ({ text }));
  if (opts.claims) {
    // The YAML parser loads only for a claims file.
    const { parseClaimsFile } = await import('../analyses/claims/file.js');
    claims.push(...parseClaimsFile(await readClaimsText(opts.claims), opts.claims));
  }
  // Claims may name any category, whatever --category says for those that name none.
  // An unknown --area is a usage error, found as the inputs are loaded, before any claim is judged.
  const { inputs } = await loadInputs(files, opts, undefined, { keep: new Set(DEFAULT_CATEGORIES) });
  const parsed = claims.map((c) => parseClaim(c, { asOf: opts.asOf }));
  const { rows, notes: checkNotes } = checkClaims(parsed, inputs, {
    tolerancePct: opts.tolerance,
    area: opts.area[0],
    category: opts.category?.[0],
    asOf: opts.asOf,
    comparability,
  });
  const base = resultBase(inputs);
  const preamble = [summaryLine(claims.length, rows)];
  if (opts.asOf) preamble.push(`as of ${opts.asOf}`);
  return {
    command: 'check',
    title: 'Claims checked',
    ...base,
    columns: CHECK_COLUMNS,
    rows,
    notes: [...checkNotes, ...base.notes],
    preamble,
    extra: { passed: allPass(rows), tolerancePct: opts.tolerance, asOf: opts.asOf ?? null },
  };
}

export function checkCommand(io: Io, comparability?: Comparability): Command {
  const cmd = new Command('check')
    .description(
      'checks published claims ("2,339 cases in 2017 - more than six a day - double 2015") against the data, showing the working',
    )
    .argument('<files...>', 'CSV files (Home Office, ONS, police force or record-level extracts)')
    .option('--claim <text>', 'a claim to check, in the words of the story (repeatable)', collect, [])
    .option('--claims <file>', 'a YAML or JSON list of claims, each with optional area, category and period')
    .option(
      '--as-of <date>',
      'the date relative periods are read against ("last year"), and of claims naming no period',
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
  }
  cmd.addHelpText('after', CHECK_EXAMPLES);
  cmd.action(async (files: string[], opts: CheckOptions) => {
    const result = await checkResult(files, opts, comparability);
    await emit(result, opts, io);
    io.setExitCode?.(result.extra?.passed ? 0 : 1);
  });
  return cmd;
}
