import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpExamples, runCli } from '../helpers/cli.js';
import { hasRealData, REPO_ROOT, realPath, warnIfNoRealData } from '../helpers/realData.js';
import { onlyRow } from '../helpers/series.js';
import { writeTemp } from '../helpers/temp.js';

warnIfNoRealData('breaks on the Met borough file');

const DEMO = join(REPO_ROOT, 'data/demo/demo-home-office-quarterly.csv');

interface BreakRow {
  period: string;
  rateRatio: number;
  ciLow: number;
  ciHigh: number;
  explained: boolean;
  explainedBy: string | null;
  nearby: string | null;
}

describe.skipIf(!hasRealData)('breaks on London stalking and harassment, April 2010 – November 2023', () => {
  // Reference: tests/analyses/stats/reference/changepoints.R, an independent R implementation of the
  // same search (docs/statistics-funnel-breaks.md, §2): monthly breaks March 2012 1.308 [1.194,
  // 1.432], April 2014 1.316 [1.200, 1.443], May 2015 1.414 [1.305, 1.531], April 2018 1.327
  // [1.261, 1.398], June 2020 1.250 [1.189, 1.314], June 2022 0.916 [0.868, 0.966].
  it('finds six monthly shifts; the 2015, 2018 and 2020 recording changes explain three', async () => {
    const r = await runCli(['breaks', realPath('met'), '--format', 'json']);
    expect(r.code).toBe(0);
    const rows: BreakRow[] = r.json.rows;
    expect(rows.map((x) => [x.period, x.explained])).toEqual([
      ['Mar 2012', false],
      ['Apr 2014', false],
      ['May 2015', true],
      ['Apr 2018', true],
      ['Jun 2020', true],
      ['Jun 2022', false],
    ]);
    const reference: Record<string, [number, number, number]> = {
      'Mar 2012': [1.308, 1.194, 1.432],
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: a rate ratio from R, not log2(e)
      'Apr 2014': [1.316, 1.2, 1.443],
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: a rate ratio from R, not √2
      'May 2015': [1.414, 1.305, 1.531],
      'Apr 2018': [1.327, 1.261, 1.398],
      'Jun 2020': [1.25, 1.189, 1.314],
      'Jun 2022': [0.916, 0.868, 0.966],
    };
    for (const row of rows) {
      const [ratio, low, high] = reference[row.period];
      expect(row.rateRatio).toBeCloseTo(ratio, 3);
      expect(row.ciLow).toBeCloseTo(low, 3);
      expect(row.ciHigh).toBeCloseTo(high, 3);
    }
    const jun2020 = onlyRow(rows as unknown as Record<string, unknown>[], { period: 'Jun 2020' });
    expect(jun2020.explainedBy).toBe('ex-partner-stalking-coercive-control-2020 (2020-04-01)');
    // 8Q (April 2014) moved stalking inside the sub-group: the register says the total is unchanged.
    expect(onlyRow(rows as unknown as Record<string, unknown>[], { period: 'Apr 2014' }).nearby).toBe(
      'stalking-code-8q-2014 (2014-04-01)',
    );
    expect(r.json.series[0]).toMatchObject({ area: 'All areas', grain: 'month', periods: 164, breaks: 6 });
    expect(r.json.notes.join('\n')).toMatch(
      /not explained by the register: All areas, stalking-and-harassment, Mar 2012/,
    );
  });

  it("in calendar quarters London's shift is at April 2020 itself (1.205 [1.150, 1.262]) and is explained", async () => {
    const r = await runCli(['breaks', realPath('met'), '--by', 'quarter', '--format', 'json']);
    const row = onlyRow(r.json.rows, { period: 'Apr-Jun 2020' }) as unknown as BreakRow;
    expect(row.explained).toBe(true);
    expect(row.rateRatio).toBeCloseTo(1.205, 3);
    expect(row.ciLow).toBeCloseTo(1.15, 3);
    expect(row.ciHigh).toBeCloseTo(1.262, 3);
  });

  it('rolling years are not searched, and the notes say why', async () => {
    const r = await runCli(['breaks', realPath('onsB'), '--area', 'Dorset', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json.rows).toEqual([]);
    expect(r.json.series[0].skipped).toMatch(/not a monthly or quarterly series/);
  });
});

describe('stalkstats breaks: help', () => {
  it('has examples, and every one runs on the demo data', async () => {
    const help = await runCli(['breaks', '--help']);
    expect(help.code).toBe(0);
    const examples = helpExamples(help.stdout);
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const args of examples) {
      // A chart goes to a temporary file, not into the folder the tests run in.
      const svg = args.indexOf('--chart-svg');
      if (svg >= 0) args[svg + 1] = writeTemp('example.svg', '');
      const r = await runCli(args);
      expect({ args, code: r.code }).toEqual({ args, code: 0 });
      expect(r.stdout).not.toBe('');
    }
  });
});

describe('breaks on the demo data', () => {
  it('finds the invented April 2020 tripling of stalking and explains it', async () => {
    const r = await runCli(['breaks', DEMO, '--category', 'stalking', '--format', 'json']);
    expect(r.code).toBe(0);
    const row = onlyRow(r.json.rows, { period: 'Apr-Jun 2020' }) as unknown as BreakRow;
    expect(row.explained).toBe(true);
    expect(row.rateRatio).toBeGreaterThan(3);
  });

  it('--from and --to cut the series before the search', async () => {
    const r = await runCli([
      'breaks',
      DEMO,
      '--category',
      'stalking',
      '--from',
      '2021',
      '--to',
      '2022',
      '--format',
      'json',
    ]);
    expect(r.json.series[0]).toMatchObject({ first: 'Jan-Mar 2021', last: 'Oct-Dec 2022', periods: 8 });
  });

  it('--by fy and bad numbers are usage errors', async () => {
    expect((await runCli(['breaks', DEMO, '--by', 'fy'])).code).toBe(2);
    expect((await runCli(['breaks', DEMO, '--penalty', 'high'])).code).toBe(2);
    expect((await runCli(['breaks', DEMO, '--min-segment', '0'])).code).toBe(2);
  });
});
