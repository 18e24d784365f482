import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import { CHECK_EXAMPLES } from '../../src/commands/check.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEMO = path.join(repoRoot, 'data/demo/demo-home-office-quarterly.csv');
const REAL = path.resolve(repoRoot, '../shared/data/real');
const ONS = path.join(REAL, 'ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyB_slashdates.csv');
const CALDERDALE = path.join(REAL, 'calderdale_csp_recorded_crime_2015-16_to_2021-22.csv');
const MET = path.join(REAL, 'met_mps_borough_level_crime_historical_2010-04_to_2023-11.csv');
const haveReal = [ONS, CALDERDALE, MET].every((f) => existsSync(f));

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { NO_COLOR: '1' },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: 200,
    cwd: repoRoot,
  });
  return { code, out, err };
}

interface JsonRow {
  claim: string;
  verdict: string;
  published: string;
  computed: string;
  working: string;
  area: string;
  category: string;
  period: string;
}
async function checkJson(args: string[]): Promise<{ code: number; rows: JsonRow[]; doc: Record<string, unknown> }> {
  const { code, out, err } = await cli(['check', ...args, '--format', 'json']);
  if (!out) throw new Error(`no output (exit ${code}): ${err}`);
  const doc = JSON.parse(out) as { rows: JsonRow[] };
  return { code, rows: doc.rows, doc };
}

/** The words of one example line, as a shell would split them (double quotes only). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

describe('stalkstats check: options and exit codes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stalkstats-check-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows examples in its help, and every example runs on the demo data with exit 0', async () => {
    const help = await cli(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Examples:');
    expect(help.out).toContain('almost, nearly');
    const examples = CHECK_EXAMPLES.split('\n').filter((l) => l.trim().startsWith('$ stalkstats check'));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const line of examples) {
      const argv = words(line.trim().slice(2)).slice(1).map((w) => (w === 'data/demo/demo-home-office-quarterly.csv' ? DEMO : w));
      const r = await cli(argv);
      expect(r.code, `${line}\n${r.out}${r.err}`).toBe(0);
      expect(r.out).not.toMatch(/not-supported|cannot-check|unparsed/);
    }
  });

  it('writes the JSON rows in the order of the contract: claimNo, paragraph, sentence, claim, verdict, published, …', async () => {
    // Midshire 2018/19: 1,709 + 1,823 + 1,559 + 1,467 = 6,558
    const { code, rows, doc } = await checkJson([DEMO, '--area', 'Midshire', '--claim', '6,558 stalking and harassment offences in 2018/19']);
    expect(code).toBe(0);
    expect(Object.keys(rows[0]).slice(0, 15)).toEqual([
      'claimNo', 'paragraph', 'sentence', 'claim', 'verdict', 'published', 'publishedValue', 'computed', 'computedValue',
      'area', 'category', 'period', 'comparable', 'notComparableBecause', 'working',
    ]);
    expect(Object.keys(doc).slice(0, 5)).toEqual(['command', 'inputs', 'article', 'rows', 'skipped']);
    expect(rows[0]).toMatchObject({ verdict: 'supported', published: '6,558', computed: '6,558', area: 'Midshire', category: 'stalking-and-harassment', period: '2018/19' });
    expect(rows[0].working).toContain('Apr-Jun 2018 1,709 + Jul-Sep 2018 1,823 + Oct-Dec 2018 1,559 + Jan-Mar 2019 1,467 = 6,558');
    expect(doc).toMatchObject({ command: 'check', passed: true, tolerancePct: 2, asOf: null });
  });

  it('exits 1 when a claim is not supported, and still writes every row', async () => {
    // harassment 2019/20 8,548 → 2020/21 6,226: a fall, so "rose" is not supported
    const { code, rows } = await checkJson([DEMO, '--claim', 'harassment rose in 2020/21', '--claim', 'harassment fell in 2020/21']);
    expect(code).toBe(1);
    expect(rows.map((r) => r.verdict)).toEqual(['not-supported', 'supported']);
  });

  it('shows each claim with its verdict, figures and the working under it, within 80 columns', async () => {
    const { code, out } = await cli(['check', DEMO, '--claim', 'stalking more than tripled between 2019/20 and 2020/21']);
    expect(code).toBe(0);
    expect(out).toContain('1. [\u2713 supported] stalking more than tripled between 2019/20 and 2020/21');
    expect(out).toMatch(/published more than ×3 \(triple\) \| data ×3\.09/);
    expect(Math.max(...out.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(out).toContain('1 claim: 1 supported');
    expect(out).toMatch(/3,642 \/ 1,179 = ×3\.09/); // 2019/20 1,179 → 2020/21 3,642
  });

  it('reads claims from a YAML or JSON file, with their own fields', async () => {
    const yaml = path.join(dir, 'claims.yaml');
    writeFileSync(yaml, '- claim: "6,558 offences in 2018/19"\n  area: Midshire\n  category: stalking and harassment\n- claim: "more than 16 a day"\n  area: Northvale\n  period: 2022\n');
    const { code, rows } = await checkJson([DEMO, '--claims', yaml]);
    expect(code).toBe(0);
    expect(rows.map((r) => [r.area, r.verdict])).toEqual([
      ['Midshire', 'supported'],
      ['Northvale', 'supported'], // 6,039 / 365 = 16.55 a day
    ]);
    const json = path.join(dir, 'claims.json');
    writeFileSync(json, JSON.stringify([{ claim: 'harassment fell in 2020/21' }]));
    expect((await checkJson([DEMO, '--claims', json])).code).toBe(0);
  });

  it('reports a broken or missing claims file with its code', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, '- claim: fine\n- claim: fine too\n  catgory: stalking\n');
    const r = await cli(['check', DEMO, '--claims', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.yaml:3');
    expect(r.err).toContain('[E_CLAIMS_FILE]');
    const missing = await cli(['check', DEMO, '--claims', path.join(dir, 'nope.yaml')]);
    expect(missing.err).toContain('[E_FILE_NOT_FOUND]');
  });

  it('exits 2 on usage errors', async () => {
    const cases: [string[], RegExp][] = [
      [['check', DEMO], /E_USAGE|--claim/],
      [['check', DEMO, '--claim', 'x', '--tolerance', 'abc'], /--tolerance/],
      [['check', DEMO, '--claim', 'x', '--tolerance', '-1'], /--tolerance/],
      [['check', DEMO, '--claim', 'x', '--as-of', '2019-13-01'], /--as-of/],
      [['check', DEMO, '--claim', 'x', '--area', 'Atlantis'], /E_UNKNOWN_AREA/],
      [['check', DEMO, '--claim', 'x', '--area', 'Midshire', '--area', 'Northvale'], /one --area/],
      [['check', DEMO, '--claim', 'x', '--each-area'], /--each-area/],
      [['check', DEMO, '--claim', 'x', '--category', 'stalking,harassment'], /one category/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(message);
    }
  });

  it('reads relative periods against --as-of and uses --tolerance for close', async () => {
    // as of 2023-06-30, last year is 2022; Eastwick stalking 2021 459 → 2022 493 rose (+7.4%)
    expect((await checkJson([DEMO, '--area', 'Eastwick', '--as-of', '2023-06-30', '--claim', 'stalking rose last year'])).rows[0].verdict).toBe('supported');
    // all areas 3,717 → 3,685 (−0.9%): "rose" is not met, but a rise is within 2% of the data
    expect((await checkJson([DEMO, '--as-of', '2023-06-30', '--claim', 'stalking rose last year'])).rows[0].verdict).toBe('close');
    const relative = await checkJson([DEMO, '--claim', 'stalking rose last year']);
    expect([relative.code, relative.rows[0].verdict]).toEqual([1, 'unparsed']);
    // Midshire 2018/19 is 6,558: 6,710 is +152 = +2.32%, close only with a tolerance above that
    expect((await checkJson([DEMO, '--area', 'Midshire', '--claim', '6,710 offences in 2018/19'])).rows[0].verdict).toBe('not-supported');
    const wide = await checkJson([DEMO, '--area', 'Midshire', '--tolerance', '3', '--claim', '6,710 offences in 2018/19']);
    expect([wide.code, wide.rows[0].verdict]).toEqual([0, 'close']);
  });
});

describe.skipIf(!haveReal)(`stalkstats check on the real files${haveReal ? '' : ` (skipped: ${REAL} not found)`}`, () => {
  it('supports "more than six cases a day in 2017" for Dorset and finds "2,339 in 2017" close (data: 2,336)', async () => {
    const { code, rows } = await checkJson([ONS, '--area', 'Dorset', '--claim', 'more than six cases a day in 2017', '--claim', '2,339 in 2017']);
    // 2,336 / 365 days = 6.40 a day > 6; 2,339 − 2,336 = 3, 0.13% of 2,336
    expect(rows.map((r) => [r.verdict, r.computed])).toEqual([
      ['supported', '6.40 a day'],
      ['close', '2,336'],
    ]);
    expect(rows[0].working).toContain('2,336 / 365 days = 6.40 a day');
    expect(rows[1].working).toContain('+3 (+0.13%)');
    expect(code).toBe(0);
  });

  it('supports "stalking rose almost four-fold" in Calderdale and rejects "stalking fell in 2020/21"', async () => {
    const { code, rows } = await checkJson([CALDERDALE, '--claim', 'stalking rose almost four-fold between 2019/20 and 2020/21', '--claim', 'stalking fell in 2020/21']);
    // 128 → 498: 498 / 128 = 3.89, in [3.6, 4.0); a rise, not a fall
    expect(rows.map((r) => [r.verdict, r.computed])).toEqual([
      ['supported', '×3.89'],
      ['not-supported', '+370 (+289.1%)'],
    ]);
    expect(code).toBe(1);
  });

  it('cannot check a stalking-only claim against the Met file, which has only the combined figure', async () => {
    const { code, rows } = await checkJson([MET, '--claim', 'more than 1,000 stalking offences a month in 2021/22']);
    expect(rows[0].verdict).toBe('cannot-check');
    expect(rows[0].working).toMatch(/only the combined 'Stalking and harassment' figure/);
    expect(code).toBe(0); // cannot-check is no contradiction: only a not-supported claim fails the run
  });
});
