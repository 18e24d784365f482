import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hasRealData, REPO_ROOT, readCsvRecords, realPath, warnIfNoRealData } from '../helpers/realData.js';
import { csv, writeTemp } from '../helpers/temp.js';

const DEMO = join(REPO_ROOT, 'data/demo/demo-home-office-quarterly.csv');
const scratch = mkdtempSync(join(tmpdir(), 'stalkstats-summary-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file of a folder, by name, as bytes. */
function folder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = readFileSync(join(dir, f)).toString('base64');
  return out;
}

warnIfNoRealData('summary command tests on the real files');

describe.skipIf(!hasRealData)('summary of Calderdale 2020/21 (real file)', () => {
  const file = hasRealData ? realPath('calderdale') : '';

  it('JSON: one stalking row with 498, its share of 4,058 and a not-comparable change on 2019/20', async () => {
    const r = await runCli(['summary', file, '--year', '2020/21', '--format', 'json']);
    expect(r.code).toBe(0);
    const stalking = r.json.rows.filter((x: { category: string }) => x.category === 'stalking');
    expect(stalking).toHaveLength(1);
    expect(stalking[0]).toMatchObject({
      count: 498,
      shareOf: 4058,
      sharePct: 12.27,
      previousYear: '2019/20',
      comparable: false,
    });
    expect(stalking[0].notComparableBecause).toMatch(/2020-04-01/);
    expect(r.json.year).toMatchObject({ label: '2020/21', start: '2020-04-01', end: '2021-03-31', days: 365 });
    expect(r.json.recordingChanges.map((e: { id: string }) => e.id)).toEqual([
      'ex-partner-stalking-coercive-control-2020',
    ]);
    expect(r.json.coverage.complete).toBe(true);
    expect(r.json.generatedAt).toBeUndefined();
    expect(r.json.inputs[0].path).toBe('calderdale_csp_recorded_crime_2015-16_to_2021-22.csv');
  });

  it('CSV and Markdown carry the same row', async () => {
    const c = await runCli(['summary', file, '--year', '2020/21', '--format', 'csv']);
    expect(c.code).toBe(0);
    const [keys, ...records] = readCsvRecords(writeTemp('calderdale-summary.csv', c.stdout));
    const row = records.find((f) => f[keys.indexOf('category')] === 'stalking')!;
    expect(row[keys.indexOf('count')]).toBe('498');
    expect(row[keys.indexOf('shareOf')]).toBe('4058');
    expect(row[keys.indexOf('comparable')]).toBe('false');
    const m = await runCli(['summary', file, '--year', '2020/21', '--format', 'markdown']);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/^# Stalking and harassment, 2020\/21: Calderdale\n/);
    expect(m.stdout).toMatch(
      /^\| Calderdale \| stalking \| 498 \| 1\.36 \| 128 \| \+370 \| \+289\.1% †1 \| no \| 12\.3 \| complete \|$/m,
    );
    expect(m.stdout).toContain('## Data coverage');
    expect(m.stdout).toMatch(
      /## Recording changes in or near 2020\/21\n\n\| Date \|.*\n.*\n\| 2020-04-01 \| in the year \|/,
    );
    expect(m.stdout).toMatch(/share of S&H: .*Calderdale: 4,058/);
  });

  it('--out writes summary-2020-21.json, .csv and .md, byte-identical on a second run', async () => {
    const a = join(scratch, 'calder-a');
    const b = join(scratch, 'calder-b');
    expect((await runCli(['summary', file, '--year', '2020/21', '--out', a])).code).toBe(0);
    const second = await runCli(['summary', file, '--year', '2020/21', '--out', b]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(readdirSync(a).sort()).toEqual(['summary-2020-21.csv', 'summary-2020-21.json', 'summary-2020-21.md']);
    expect(folder(b)).toEqual(folder(a));
    expect(
      JSON.parse(readFileSync(join(a, 'summary-2020-21.json'), 'utf8')).rows.find(
        (x: { category: string }) => x.category === 'stalking',
      ).count,
    ).toBe(498);
    // Printed Markdown and the written file are the same text.
    const m = await runCli(['summary', file, '--year', '2020/21', '--format', 'markdown']);
    expect(readFileSync(join(a, 'summary-2020-21.md'), 'utf8')).toBe(m.stdout);
  });

  it('--all-years writes each year as it is summarised: the bytes of that year printed alone, marks numbered', async () => {
    const dir = join(scratch, 'calder-all');
    expect((await runCli(['summary', file, '--all-years', '--out', dir])).code).toBe(0);
    for (const [year, stem] of [
      ['2017/18', 'summary-2017-18'],
      ['2020/21', 'summary-2020-21'],
    ])
      for (const [format, ext] of [
        ['json', 'json'],
        ['csv', 'csv'],
        ['markdown', 'md'],
      ]) {
        const one = await runCli(['summary', file, '--year', year, '--format', format]);
        expect(readFileSync(join(dir, `${stem}.${ext}`), 'utf8')).toBe(one.stdout);
      }
    // Two reasons a change is not comparable: the first row's mark, written before the second
    // reason was met, is numbered too.
    const md = readFileSync(join(dir, 'summary-2020-21.md'), 'utf8');
    expect(md).toContain('†1 not comparable:');
    expect(md).toContain('†2 not comparable:');
    expect(md).not.toMatch(/% †( |$)/m);
  });

  it('--stamp adds a generated-at field and line (SOURCE_DATE_EPOCH when set)', async () => {
    const dir = join(scratch, 'stamped');
    const r = await runCli(['summary', file, '--year', '2020/21', '--out', dir, '--stamp'], {
      SOURCE_DATE_EPOCH: '1700000000',
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'summary-2020-21.json'), 'utf8')).generatedAt).toBe(
      '2023-11-14T22:13:20Z',
    );
    expect(readFileSync(join(dir, 'summary-2020-21.md'), 'utf8')).toContain('Generated at 2023-11-14T22:13:20Z.');
  });
});

describe.skipIf(!hasRealData)('summary of the two ONS copies together (real files)', () => {
  const A = hasRealData ? realPath('onsA') : '';
  const B = hasRealData ? realPath('onsB') : '';

  it('Dorset S&H 2017 is still 2,336 (counted once), and the combined-only source is said to be inseparable', async () => {
    const r = await runCli(['summary', A, B, '--year', '2017', '--area', 'Dorset', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json.rows).toHaveLength(1);
    expect(r.json.rows[0]).toMatchObject({
      area: 'Dorset',
      category: 'stalking-and-harassment',
      count: 2336,
      previousCount: 2041,
    });
    expect(r.json.notes.join('\n')).toMatch(/only the combined 'Stalking and harassment' figure/);
    expect(r.json.notes.join('\n')).toMatch(/each is counted once.*none differ/);
    expect(r.json.revisions).toEqual([]);
  });

  it('their differing North Wales fraud figure (YE Dec 2013) is reported as a revision', async () => {
    const r = await runCli([
      'summary',
      A,
      B,
      '--year',
      '2013',
      '--area',
      'North Wales',
      '--category',
      'other',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(r.json.revisions).toHaveLength(1);
    expect(r.json.revisions[0]).toMatchObject({
      area: 'North Wales',
      category: 'other',
      end: '2013-12-31',
      kept: 'ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyB_slashdates.csv',
    });
    expect(r.json.revisions[0].offences).toEqual([
      {
        offence: 'Fraud offences',
        code: null,
        values: [
          { path: 'ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyA_dashdates.csv', count: -120 },
          { path: 'ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyB_slashdates.csv', count: 120 },
        ],
      },
    ]);
    expect(r.json.notes.join('\n')).toMatch(
      /revision: North Wales, other, 12 months ending Dec 2013: .*\(Fraud offences: -120 vs 120\)/,
    );
    const preferA = await runCli([
      'summary',
      A,
      B,
      '--year',
      '2013',
      '--area',
      'North Wales',
      '--category',
      'other',
      '--prefer',
      A,
      '--format',
      'json',
    ]);
    expect(r.json.rows[0].count - preferA.json.rows[0].count).toBe(240);
  });
});

describe('summary on the demo data and inline files', () => {
  it('--all-years writes one set per financial year and an index, byte-identical from run to run', async () => {
    const a = join(scratch, 'all-a');
    const b = join(scratch, 'all-b');
    const first = await runCli([
      'summary',
      DEMO,
      '--all-years',
      '--out',
      a,
      '--category',
      'stalking,stalking-and-harassment',
    ]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/wrote 41 files/);
    expect(
      (await runCli(['summary', DEMO, '--all-years', '--out', b, '--category', 'stalking,stalking-and-harassment']))
        .code,
    ).toBe(0);
    expect(folder(b)).toEqual(folder(a));
    // Each year's files are written in pieces: the same bytes as that year summarised alone.
    for (const [format, ext] of [
      ['json', 'json'],
      ['csv', 'csv'],
      ['markdown', 'md'],
    ]) {
      const one = await runCli([
        'summary',
        DEMO,
        '--year',
        '2020/21',
        '--format',
        format,
        '--category',
        'stalking,stalking-and-harassment',
      ]);
      expect(readFileSync(join(a, `summary-2020-21.${ext}`), 'utf8')).toBe(one.stdout);
    }
    const names = readdirSync(a);
    expect(names).toContain('index.json');
    expect(names).toContain('index.md');
    expect(names).toContain('summary-2012-13.md');
    expect(names).toContain('summary-2024-25.csv');
    const index = JSON.parse(readFileSync(join(a, 'index.json'), 'utf8'));
    expect(index.years.map((y: { year: string }) => y.year)).toEqual([
      '2012/13',
      '2013/14',
      '2014/15',
      '2015/16',
      '2016/17',
      '2017/18',
      '2018/19',
      '2019/20',
      '2020/21',
      '2021/22',
      '2022/23',
      '2023/24',
      '2024/25',
    ]);
    expect(index.years[0].files).toEqual({
      json: 'summary-2012-13.json',
      csv: 'summary-2012-13.csv',
      md: 'summary-2012-13.md',
    });
    expect(readFileSync(join(a, 'index.md'), 'utf8')).toContain(
      '| 2020/21 | complete | [summary-2020-21.json](summary-2020-21.json) |',
    );
  });

  it('--all-years --calendar lists the calendar years and the partial ones it left out', async () => {
    const dir = join(scratch, 'calendar');
    expect((await runCli(['summary', DEMO, '--all-years', '--calendar', '--out', dir, '-q'])).code).toBe(0);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    expect(index.years[0].year).toBe('2013');
    expect(index.years[index.years.length - 1].year).toBe('2024');
    expect(index.partial).toEqual([
      { year: '2012', detail: '3 of 4 quarters present; missing Jan-Mar 2012' },
      { year: '2025', detail: '1 of 4 quarters present; missing Apr-Jun 2025, Jul-Sep 2025, Oct-Dec 2025' },
    ]);
  });

  it('a calendar year that cannot be built says which quarter is missing', async () => {
    const r = await runCli(['summary', DEMO, '--year', '2012', '--area', 'Northvale', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json.coverage.complete).toBe(false);
    expect(r.json.rows.find((x: { category: string }) => x.category === 'harassment')).toMatchObject({
      count: null,
      coverage: 'missing',
      coverageDetail: '3 of 4 quarters present; missing Jan-Mar 2012',
    });
  });

  it('an area missing this year is named in the coverage', async () => {
    const HO =
      'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
    const lines = (fy: string, force: string) =>
      [1, 2, 3, 4].map((q) => `${fy},${q},${force},Stalking,Violence against the person,Stalking and harassment,8Q,5`);
    const file = writeTemp(
      'gone.csv',
      csv(HO, ...lines('2018/19', 'Eastwick'), ...lines('2018/19', 'Westerfold'), ...lines('2019/20', 'Eastwick')),
    );
    const r = await runCli(['summary', file, '--year', '2019/20', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('- In 2018/19 but not in 2019/20: Westerfold.');
    expect(r.stdout).toMatch(/\*\*Warning:\*\* areas in 2018\/19 but not in 2019\/20: Westerfold/);
  });

  it('usage errors exit 2; a year without data exits 1', async () => {
    expect((await runCli(['summary', DEMO])).code).toBe(2);
    expect((await runCli(['summary', DEMO, '--year', 'last'])).code).toBe(2);
    expect((await runCli(['summary', DEMO, '--all-years'])).code).toBe(2);
    expect((await runCli(['summary', DEMO, '--year', '2017', '--all-years', '--out', join(scratch, 'x')])).code).toBe(
      2,
    );
    const none = await runCli(['summary', DEMO, '--year', '2030']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no figures for 2030 .*\[E_NO_DATA\]/);
  });

  it('the help has examples on the demo data, and each of them runs', async () => {
    const help = await runCli(['summary', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples');
    const examples = help.stdout.split('\n').filter((l) => l.trim().startsWith('$ stalkstats summary'));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const line of examples) {
      const args = line.trim().slice('$ stalkstats '.length).split(/\s+/);
      expect(args[1]).toBe('data/demo/demo-home-office-quarterly.csv');
      args[1] = DEMO;
      const out = args.indexOf('--out');
      if (out >= 0) args[out + 1] = join(scratch, 'examples', args[out + 1]);
      const r = await runCli([...args, '-q']);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
    }
  });
});
