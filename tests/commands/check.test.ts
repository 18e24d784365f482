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
      const argv = words(line.trim().slice(2))
        .slice(1)
        .map((w) => (w === 'data/demo/demo-home-office-quarterly.csv' ? DEMO : w));
      const r = await cli(argv);
      expect(r.code, `${line}\n${r.out}${r.err}`).toBe(0);
      expect(r.out).not.toMatch(/not-supported|cannot-check|unparsed/);
    }
  });

  it('writes the JSON rows in the order of the contract: claimNo, paragraph, sentence, claim, verdict, published, …', async () => {
    // Midshire 2018/19: 1,709 + 1,823 + 1,559 + 1,467 = 6,558
    const { code, rows, doc } = await checkJson([
      DEMO,
      '--area',
      'Midshire',
      '--claim',
      '6,558 stalking and harassment offences in 2018/19',
    ]);
    expect(code).toBe(0);
    expect(Object.keys(rows[0]).slice(0, 15)).toEqual([
      'claimNo',
      'paragraph',
      'sentence',
      'claim',
      'verdict',
      'published',
      'publishedValue',
      'computed',
      'computedValue',
      'area',
      'category',
      'period',
      'comparable',
      'notComparableBecause',
      'working',
    ]);
    expect(Object.keys(doc).slice(0, 5)).toEqual(['command', 'inputs', 'article', 'rows', 'skipped']);
    expect(rows[0]).toMatchObject({
      verdict: 'supported',
      published: '6,558',
      computed: '6,558',
      area: 'Midshire',
      category: 'stalking-and-harassment',
      period: '2018/19',
    });
    expect(rows[0].working).toContain(
      'Apr-Jun 2018 1,709 + Jul-Sep 2018 1,823 + Oct-Dec 2018 1,559 + Jan-Mar 2019 1,467 = 6,558',
    );
    expect(doc).toMatchObject({ command: 'check', passed: true, tolerancePct: 2, asOf: null });
  });

  it('exits 1 when a claim is not supported, and still writes every row', async () => {
    // harassment 2019/20 8,548 → 2020/21 6,226: a fall, so "rose" is not supported
    const { code, rows } = await checkJson([
      DEMO,
      '--claim',
      'harassment rose in 2020/21',
      '--claim',
      'harassment fell in 2020/21',
    ]);
    expect(code).toBe(1);
    expect(rows.map((r) => r.verdict)).toEqual(['not-supported', 'supported']);
  });

  it('shows each claim with its verdict, figures and the working under it, within 80 columns', async () => {
    const { code, out } = await cli([
      'check',
      DEMO,
      '--claim',
      'stalking more than tripled between 2019/20 and 2020/21',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('1. [\u2713 supported] stalking more than tripled between 2019/20 and 2020/21');
    expect(out).toMatch(/published more than ×3 \(triple\) \| data ×3\.09/);
    expect(Math.max(...out.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(out).toContain('1 claim: 1 supported');
    expect(out).toMatch(/3,642 \/ 1,179 = ×3\.09/); // 2019/20 1,179 → 2020/21 3,642
  });

  it('reads claims from a YAML or JSON file, with their own fields', async () => {
    const yaml = path.join(dir, 'claims.yaml');
    writeFileSync(
      yaml,
      '- claim: "6,558 offences in 2018/19"\n  area: Midshire\n  category: stalking and harassment\n- claim: "more than 16 a day"\n  area: Northvale\n  period: 2022\n',
    );
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
    expect(
      (await checkJson([DEMO, '--area', 'Eastwick', '--as-of', '2023-06-30', '--claim', 'stalking rose last year']))
        .rows[0].verdict,
    ).toBe('supported');
    // all areas 3,717 → 3,685 (−0.9%): "rose" is not met, but a rise is within 2% of the data
    expect(
      (await checkJson([DEMO, '--as-of', '2023-06-30', '--claim', 'stalking rose last year'])).rows[0].verdict,
    ).toBe('close');
    const relative = await checkJson([DEMO, '--claim', 'stalking rose last year']);
    expect([relative.code, relative.rows[0].verdict]).toEqual([1, 'unparsed']);
    // Midshire 2018/19 is 6,558: 6,710 is +152 = +2.32%, close only with a tolerance above that
    expect(
      (await checkJson([DEMO, '--area', 'Midshire', '--claim', '6,710 offences in 2018/19'])).rows[0].verdict,
    ).toBe('not-supported');
    const wide = await checkJson([
      DEMO,
      '--area',
      'Midshire',
      '--tolerance',
      '3',
      '--claim',
      '6,710 offences in 2018/19',
    ]);
    expect([wide.code, wide.rows[0].verdict]).toEqual([0, 'close']);
  });
});

describe.skipIf(!haveReal)(
  `stalkstats check on the real files${haveReal ? '' : ` (skipped: ${REAL} not found)`}`,
  () => {
    it('supports "more than six cases a day in 2017" for Dorset and finds "2,339 in 2017" close (data: 2,336)', async () => {
      const { code, rows } = await checkJson([
        ONS,
        '--area',
        'Dorset',
        '--claim',
        'more than six cases a day in 2017',
        '--claim',
        '2,339 in 2017',
      ]);
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
      const { code, rows } = await checkJson([
        CALDERDALE,
        '--claim',
        'stalking rose almost four-fold between 2019/20 and 2020/21',
        '--claim',
        'stalking fell in 2020/21',
      ]);
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
  },
);

describe.skipIf(!haveReal)(
  `stalkstats check --article on the real files${haveReal ? '' : ` (skipped: ${REAL} not found)`}`,
  () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'stalkstats-article-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const article = (name: string, text: string | Buffer) => {
      const p = path.join(dir, name);
      writeFileSync(p, text);
      return p;
    };

    it('reads the periods of two compared figures, and a relative change beside them (Gloucestershire, ONS)', async () => {
      const p = article(
        'glos.txt',
        'Hundreds of stalking cases reported across the county\n\nStalking and harassment offences recorded by Gloucestershire Constabulary were five times higher last year than the same period three years earlier. ' +
          'There were 1,499 recorded offences for the year ending June 2018 - compared to 288 offences during the 12-month period ending June 30, 2015.\n',
      );
      const { code, rows, doc } = await checkJson([ONS, '--article', p, '--as-of', '2019-01-15']);
      // Gloucestershire, 12 months ending Jun 2018: 1,499; ending Jun 2015: 288; 1,499 / 288 = 5.20, within 5% of 5
      expect(rows.map((r) => [r.claim, r.verdict, r.period])).toEqual([
        [
          'five times higher last year than the same period three years earlier',
          'supported',
          '12 months to Jun 2015 → 12 months to Jun 2018',
        ],
        ['1,499 recorded offences for the year ending June 2018', 'supported', '12 months to Jun 2018'],
        ['288 offences during the 12-month period ending June 30, 2015', 'supported', '12 months to Jun 2015'],
      ]);
      expect(doc.article).toEqual({
        path: p,
        title: 'Hundreds of stalking cases reported across the county',
        date: '2019-01-15',
        dateFrom: '--as-of',
      });
      expect((doc.skipped as { text: string }[]).map((s) => s.text)).not.toContain('30, 2015');
      expect(code).toBe(0);
    });

    it('never judges a place the file lacks against another area', async () => {
      const p = article(
        'pboro.txt',
        'More than two stalking or harassment cases were recorded every day in Peterborough last year, figures show.\n',
      );
      const { rows } = await checkJson([ONS, '--article', p, '--as-of', '2018-05-02']);
      expect(rows.map((r) => [r.verdict, r.area])).toEqual([['cannot-check', 'Peterborough']]);
      expect(rows[0].working).toContain('Peterborough is not in this file; it holds police force areas and regions');
    });

    it('skips phone numbers, ages and times, and says where the date came from', async () => {
      const p = article(
        'dateline.md',
        '# Stalking in Dorset\n\nPublished: 7:00 PM March 12, 2018\n\nA 33-year-old woman was among the victims of 2,336 offences of stalking and harassment in Dorset last year. Call 101.\n',
      );
      const { doc, rows } = await checkJson([ONS, '--article', p]);
      // "last year" from the dateline: 2017; Dorset, 12 months ending Dec 2017: 2,336
      expect(rows.map((r) => [r.published, r.verdict, r.period])).toEqual([['2,336', 'supported', '2017']]);
      expect(doc.article).toMatchObject({ date: '2018-03-12', dateFrom: 'text' });
      expect((doc.skipped as { text: string; reason: string }[]).map((s) => [s.text, s.reason])).toEqual([
        ['7:00 PM', 'a clock time'],
        ['12', 'part of a date or period'],
        ['2018', 'a date or year'],
        ['33', 'an age'],
        ['101', 'a phone number'],
      ]);
    });

    it('marks a change across a recording change as not comparable, keeping its verdict (Calderdale)', async () => {
      const { rows } = await checkJson([
        CALDERDALE,
        '--claim',
        'harassment fell by more than half in 2017/18',
        '--claim',
        'stalking nearly quadrupled between 2019/20 and 2020/21',
      ]);
      // harassment (8L + 8M) 2016/17 1,454 + 16 = 1,470 → 2017/18 589 + 10 = 599: ×0.41, a fall of more than half
      // stalking 2019/20 128 → 2020/21 498: ×3.89, nearly four (3.6 to under 4)
      expect(rows.map((r) => [r.verdict, r.comparable])).toEqual([
        ['supported', false],
        ['supported', false],
      ]);
      expect(String(rows[0].notComparableBecause)).toMatch(/2017-04-01/);
      expect(String(rows[1].notComparableBecause)).toMatch(/2020-04-01/);
    });

    it('works out per month from whole months, and says so; leaves out notes that do not apply', async () => {
      const { rows, doc } = await checkJson([
        MET,
        '--claim',
        'an average of 4,546 stalking and harassment offences a month in London in 2019/20',
      ]);
      // Met 2019/20 = 54,555 (12 months): 54,555 / 12 = 4,546.25, which rounds to 4,546
      expect(rows[0].verdict).toBe('supported');
      expect(rows[0].working).toContain('/ 12 months = 4,546.25 a month');
      expect((doc.notes as string[]).some((n) => n.startsWith('close:'))).toBe(false);
    });

    it('prints the article back with each figure marked, and as a web page', async () => {
      const p = article(
        'page.html',
        '<html><body><article><h1>Stalking in Dorset</h1><p>There were 2,336 offences of stalking and harassment in Dorset in 2017. Call 101.</p></article></body></html>',
      );
      const text = await cli(['check', ONS, '--article', p, '--annotate']);
      expect(text.out).toContain('There were 2,336 [\u2713 supported 1] offences');
      expect(text.out).toContain('101 (paragraph 1): a phone number');
      const html = await cli(['check', ONS, '--article', p, '--annotate', '--format', 'html']);
      expect(html.out).toMatch(/^<!DOCTYPE html>/);
      expect(html.out).toContain('<span class="fig v-supported" id="fig-1">');
      expect(html.out).toContain('<span class="skipped" title="not checked: a phone number">101</span>');
      expect((await cli(['check', ONS, '--article', p, '--format', 'html'])).code).toBe(2);
    });

    it('reads a paragraph given to --claim as an article, and a UTF-16 file', async () => {
      const { rows } = await checkJson([
        ONS,
        '--claim',
        'In 2017, Dorset Police recorded 2,336 stalking and harassment offences. That is more than six a day.',
      ]);
      expect(rows.map((r) => [r.published, r.verdict])).toEqual([
        ['2,336', 'supported'],
        ['more than 6 a day', 'supported'], // 2,336 / 365 = 6.40
      ]);
      const p = article(
        'utf16.txt',
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from('Dorset recorded 2,336 stalking and harassment offences in 2017.', 'utf16le'),
        ]),
      );
      expect((await checkJson([ONS, '--article', p])).rows.map((r) => r.verdict)).toEqual(['supported']);
    });
  },
);

describe.skipIf(!haveReal)('stalkstats check: notes and speed', () => {
  it('leaves out the derivation of the combined figure for a claim about stalking alone', async () => {
    const alone = await checkJson([CALDERDALE, '--claim', 'stalking rose in 2020/21']);
    expect((alone.doc.notes as string[]).some((n) => /is derived/.test(n))).toBe(false);
    const combined = await checkJson([CALDERDALE, '--claim', 'stalking and harassment rose in 2020/21']);
    expect((combined.doc.notes as string[]).some((n) => /is derived/.test(n))).toBe(true);
  });

  // Its time is measured by `npm run bench` (bench/article.mjs; target under a second).
  it('checks every figure of a 2,000-word article against the ONS file, and skips the other numbers', async () => {
    const paragraph =
      'Stalking and harassment offences recorded by Dorset Police rose to 2,336 in 2017, more than six a day, figures show. ' +
      'Victims can call 101 or the National Stalking Helpline on 0808 802 0300, and a 33-year-old man was jailed for 16 months. ' +
      'Across England and Wales there were 279,841 offences in the 12 months to December 2017, almost double the figure for 2015. ';
    const text = Array.from({ length: 40 }, () => paragraph).join('\n\n');
    expect(text.split(/\s+/).length).toBeGreaterThanOrEqual(2000);
    const dir = mkdtempSync(path.join(tmpdir(), 'stalkstats-speed-'));
    const p = path.join(dir, 'long.txt');
    writeFileSync(p, text);
    const { rows, doc } = await checkJson([ONS, '--article', p, '--as-of', '2018-04-26']);
    rmSync(dir, { recursive: true, force: true });
    // Per paragraph: 2,336 (a count), six a day (a rate), 279,841 and 'almost double' (England and Wales).
    expect(rows.length).toBe(40 * 4);
    expect(rows.filter((r) => r.publishedValue === 2336).every((r) => r.verdict === 'supported')).toBe(true);
    // 101, the helpline number, the age and the sentence are skipped with their reasons, 40 times each.
    const skipped = doc.skipped as { text: string; reason: string }[];
    const reasons: [string, string][] = [
      ['101', 'a phone number'],
      ['0808 802 0300', 'a phone number'],
      ['33', 'an age'],
      ['16', 'a duration or prison term'],
    ];
    for (const [text, reason] of reasons)
      expect(skipped.filter((x) => x.text === text && x.reason === reason).length, text).toBe(40);
  });
});
