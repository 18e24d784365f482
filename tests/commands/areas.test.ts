import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePeriodQuery } from '../../src/commands/parse.js';
import { helpExamples, runCli } from '../helpers/cli.js';
import { hasRealData, REPO_ROOT, realPath, warnIfNoRealData } from '../helpers/realData.js';
import { onlyRow } from '../helpers/series.js';
import { writeTemp } from '../helpers/temp.js';

warnIfNoRealData('areas (funnel comparison) on the ONS rolling-year and Met borough files');

const DEMO = join(REPO_ROOT, 'data/demo/demo-home-office-quarterly.csv');
const DEMO_POPULATIONS = join(REPO_ROOT, 'data/demo/demo-populations.csv');
const YE_MAR_2018 = ['--period', '12 months ending Mar 2018'];

interface AreaRow {
  area: string;
  flag: string;
  rate: number;
  [k: string]: unknown;
}

describe.skipIf(!hasRealData)('areas on the ONS rolling-year file, year ending March 2018', () => {
  // Reference: tests/commands/reference/areas.R (R 4.2), which sums force populations from the ONS
  // district estimates and lookup itself (not data/populations.json), mid-2017 (the default):
  // 43 forces, 295,563 offences, 58,744,595 residents, target 5.03132245613405, φ 814.065028807875,
  // τ² 3.1342358554932; Poisson 99.8 % flags 17 above and 25 below (all but West Mercia); additive
  // Durham and City of London above; multiplicative none.
  it('the default allows for over-dispersion (additive): Durham and the City of London above', async () => {
    const r = await runCli(['areas', realPath('onsB'), ...YE_MAR_2018, '--per', '1000', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json.rows).toHaveLength(43);
    expect(r.json).toMatchObject({ level: 'force', category: 'stalking-and-harassment', populationYear: 2017 });
    expect(r.json.period).toEqual({
      label: '12 months ending Mar 2018',
      start: '2017-04-01',
      end: '2018-03-31',
      days: 365,
    });
    expect(r.json.totalCount).toBe(295563);
    expect(r.json.totalPopulation).toBe(58744595);
    expect(r.json.target).toBeCloseTo(5.03132245613405, 4);
    expect(r.json.overdispersion).toMatchObject({ requested: 'additive', used: 'additive' });
    expect(r.json.overdispersion.phi).toBeCloseTo(814.065028807875, 2);
    expect(r.json.overdispersion.tau2).toBeCloseTo(3.1342358554932, 4);
    const flagged = r.json.rows.filter((x: AreaRow) => x.flag !== 'within').map((x: AreaRow) => `${x.area}:${x.flag}`);
    expect(flagged.sort()).toEqual(['City of London:above', 'Durham:above']);
    const durham = onlyRow<AreaRow>(r.json.rows, { area: 'Durham' });
    // R: 7,692 / 630,009 → 12.2093493902468; expected 3169.77842926656; z 80.3225309181068;
    // additive 99.8 % upper limit 10.5091651770723 (the lower falls below zero).
    expect(durham).toMatchObject({ count: 7692, population: 630009, populationYear: 2017, low998: 0, rank: 2 });
    expect(durham.rate).toBeCloseTo(12.2093493902468, 4);
    expect(durham.expected).toBeCloseTo(3169.77842926656, 1);
    expect(durham.z).toBeCloseTo(80.3225309181068, 3);
    expect(durham.high998).toBeCloseTo(10.5091651770723, 4);
    expect(Object.keys(durham)).toEqual([
      'rank',
      'area',
      'count',
      'population',
      'populationYear',
      'rate',
      'expected',
      'z',
      'zAdjusted',
      'low95',
      'high95',
      'low998',
      'high998',
      'flag',
      'rankLow',
      'rankHigh',
    ]);
    expect(r.json.excluded).toEqual([
      { area: 'British Transport Police', reason: 'no residents: not a territorial police area' },
    ]);
  });

  it('with Poisson limits alone 42 of 43 forces are flagged: Durham above, Derbyshire below', async () => {
    const r = await runCli(['areas', realPath('onsB'), ...YE_MAR_2018, '--overdispersion', 'none', '--format', 'json']);
    const rows: AreaRow[] = r.json.rows;
    expect(rows.filter((x) => x.flag === 'above')).toHaveLength(17);
    expect(rows.filter((x) => x.flag === 'below')).toHaveLength(25);
    expect(rows.filter((x) => x.flag === 'within').map((x) => x.area)).toEqual(['West Mercia']);
    expect(onlyRow<AreaRow>(rows, { area: 'Derbyshire' }).flag).toBe('below');
    // R: Dorset's exact Poisson 99.8 % limits [4.78284533820579, 5.28219948934379].
    const dorset = onlyRow<AreaRow>(rows, { area: 'Dorset' });
    expect(dorset.low998).toBeCloseTo(4.78284533820579, 4);
    expect(dorset.high998).toBeCloseTo(5.28219948934379, 4);
    expect(r.json.notes.join('\n')).toMatch(/vary 814 times as much as Poisson noise allows/);
  });

  it('multiplicative over-dispersion flags none', async () => {
    const r = await runCli([
      'areas',
      realPath('onsB'),
      ...YE_MAR_2018,
      '--overdispersion',
      'multiplicative',
      '--format',
      'json',
    ]);
    expect(r.json.rows.filter((x: AreaRow) => x.flag !== 'within')).toEqual([]);
  });

  it('names British Transport Police among the areas left out, and reads the period in any of its forms', async () => {
    const table = await runCli(['areas', realPath('onsB'), '--period', '2017/18']);
    expect(table.code).toBe(0);
    // Notes follow the table, on stdout or stderr as the notes of every command do.
    expect(table.stdout + table.stderr).toMatch(/left out: British Transport Police \(no residents/);
    for (const form of ['2017/18', 'year ending March 2018', '12 months ending Mar 2018']) {
      const r = await runCli(['areas', realPath('onsB'), '--period', form, '--format', 'json']);
      expect(r.json.period.label).toBe('12 months ending Mar 2018');
    }
  });

  it('a period the data do not hold is a usage error listing those they do', async () => {
    const r = await runCli(['areas', realPath('onsB'), '--period', '2019/20']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--period '2019\/20' is not a period of the data: they hold '12 months ending Mar 2003', .*\(52 periods\) \[E_BAD_OPTION\]/,
    );
  });

  it('--level region compares the nine English regions and Wales, never with their forces', async () => {
    const r = await runCli(['areas', realPath('onsB'), ...YE_MAR_2018, '--level', 'region', '--format', 'json']);
    expect(r.json.level).toBe('region');
    expect(r.json.rows).toHaveLength(10);
    // London is the Met (8,817,347) and the City of London (7,654) at mid-2017.
    expect(onlyRow(r.json.rows, { area: 'London' })).toMatchObject({ population: 8817347 + 7654 });
    expect(r.json.excluded.map((e: { area: string }) => e.area)).toContain('British Transport Police');
  });

  it('the Met borough file compares boroughs; the airports and Unknown are left out', async () => {
    const r = await runCli(['areas', realPath('met'), '--period', '2019/20', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json.level).toBe('borough');
    expect(r.json.rows).toHaveLength(32);
    expect(r.json.excluded.map((e: { area: string }) => e.area).sort()).toEqual([
      'London Heathrow and London City Airports',
      'Unknown',
    ]);
  });

  it('--chart-svg writes the funnel plot', async () => {
    const svg = writeTemp('funnel.svg', '');
    const r = await runCli(['areas', realPath('onsB'), ...YE_MAR_2018, '--chart-svg', svg]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('wrote chart');
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg')).toBe(true);
    expect(text).toContain('>Durham</text>');
  });
});

describe('stalkstats areas: help', () => {
  it('has examples, and every one runs on the demo data', async () => {
    const help = await runCli(['areas', '--help']);
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

describe('areas on the demo data', () => {
  const base = ['areas', DEMO, '--period', '2022/23', '--population', DEMO_POPULATIONS];

  it('compares the five invented forces (hand calculation of the target)', async () => {
    const r = await runCli([...base, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json.rows.map((x: AreaRow) => x.area)).toEqual([
      'Westerfold',
      'Northvale',
      'Midshire',
      'Eastwick',
      'Southmere',
    ]);
    // Counts 1,597 + 6,103 + 8,645 + 2,718 + 3,217 = 22,280; populations at mid-2022 from the demo
    // file 257,602 + 1,061,652 + 1,586,925 + 541,178 + 732,536 = 4,179,893; target 22,280 / 4,179,893 × 1,000.
    expect(r.json.totalCount).toBe(22280);
    expect(r.json.totalPopulation).toBe(4179893);
    expect(r.json.target).toBeCloseTo((22280 / 4179893) * 1000, 4);
    // Westerfold: expected 257,602 × 22,280 / 4,179,893 = 1,373.09; rate 1,597 / 257,602 × 1,000 = 6.19949.
    expect(onlyRow(r.json.rows, { area: 'Westerfold' })).toMatchObject({ expected: 1373.09, rate: 6.19949, rank: 1 });
  });

  it('--chart draws the funnel in 80 columns after the table', async () => {
    const r = await runCli([...base, '--chart']);
    expect(r.code).toBe(0);
    const plot = r.stdout.slice(r.stdout.lastIndexOf('\nStalking and harassment per 1,000 residents, 2022/23\n') + 1);
    expect(plot.startsWith('Stalking and harassment per 1,000 residents, 2022/23')).toBe(true);
    expect(plot).toMatch(/Residents \(mid-2022 estimate\), log scale/);
    for (const line of plot.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('refuses what does not apply', async () => {
    expect((await runCli([...base, '--each-area'])).code).toBe(2);
    expect((await runCli([...base, '--category', 'stalking,harassment'])).code).toBe(2);
    expect((await runCli([...base, '--chart', '--format', 'json'])).code).toBe(2);
    expect((await runCli([...base, '--overdispersion', 'lots'])).code).toBe(2);
    const noPeriod = await runCli(['areas', DEMO, '--population', DEMO_POPULATIONS]);
    expect(noPeriod.code).toBe(2);
    expect(noPeriod.stderr).toMatch(/--period/);
  });

  it('without populations for its areas, the demo has nothing to compare and says why', async () => {
    const r = await runCli(['areas', DEMO, '--period', '2019/20', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json.rows).toEqual([]);
    expect(r.json.excluded).toHaveLength(5);
    expect(r.json.excluded[0].reason).toMatch(/no force area called 'Eastwick'/);
  });
});

describe('parsePeriodQuery', () => {
  it('gives bounds and a grain for the forms it knows', () => {
    expect(parsePeriodQuery('2017/18')).toEqual({
      text: '2017/18',
      start: '2017-04-01',
      end: '2018-03-31',
      grain: 'fy',
    });
    expect(parsePeriodQuery('2017')).toMatchObject({ start: '2017-01-01', end: '2017-12-31', grain: 'year' });
    expect(parsePeriodQuery('2020-02')).toMatchObject({ start: '2020-02-01', end: '2020-02-29', grain: 'month' });
    expect(parsePeriodQuery('12 months ending Mar 2018')).toMatchObject({
      start: '2017-04-01',
      end: '2018-03-31',
      grain: 'fy',
    });
    expect(parsePeriodQuery('year ending September 2016')).toEqual({
      text: 'year ending September 2016',
      start: '2015-10-01',
      end: '2016-09-30',
    });
    expect(parsePeriodQuery('Apr-Jun 2017')).toEqual({ text: 'Apr-Jun 2017' });
  });
});
