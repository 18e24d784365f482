import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseClaim } from '../../src/analyses/claims/parse.js';
import { parsePer, parsePopulationYear } from '../../src/commands/parse.js';
import { StalkError } from '../../src/core/errors.js';
import { runCli } from '../helpers/cli.js';
import { hasRealData, REAL_DIR, REPO_ROOT, realPath, warnIfNoRealData } from '../helpers/realData.js';
import { onlyRow } from '../helpers/series.js';
import { csv, writeTemp } from '../helpers/temp.js';

warnIfNoRealData('rates per residents on the ONS and Home Office files');

const DEMO = join(REPO_ROOT, 'data/demo/demo-home-office-quarterly.csv');
const DEMO_POPULATIONS = join(REPO_ROOT, 'data/demo/demo-populations.csv');
const HO_1718 = join(REAL_DIR, 'homeoffice_prc_pfa_2017-18_all_forces.csv');

describe.skipIf(!hasRealData)('--per on the real files', () => {
  // ONS Table P3 (year ending March 2018, mid-2016 populations) prints Dorset 3.2126 and the
  // Metropolitan Police 4.6548 per 1,000. tests/commands/reference/areas.R derives the same from the
  // ONS district estimates and lookup, without the project's populations: Dorset 2,465 / 767,297 ×
  // 1,000 = 3.21257609504533; the Met 40,787 / 8,762,413 × 1,000 = 4.65476804163419.
  it('reproduces ONS Table P3 with --population-year 2016', async () => {
    const dorset = await runCli([
      'trend',
      realPath('onsB'),
      '--area',
      'Dorset',
      '--per',
      '1000',
      '--population-year',
      '2016',
      '--format',
      'json',
    ]);
    expect(dorset.code).toBe(0);
    const d = onlyRow(dorset.json.rows, { period: '12 months ending Mar 2018' });
    expect(d).toMatchObject({ count: 2465, population: 767297, populationYear: 2016 });
    expect(d.rate).toBeCloseTo(3.21257609504533, 4);
    expect(Math.round(d.rate * 1e4) / 1e4).toBe(3.2126);
    const met = await runCli([
      'trend',
      realPath('onsB'),
      '--area',
      'Metropolitan Police',
      '--per',
      '1000',
      '--population-year',
      '2016',
      '--format',
      'json',
    ]);
    const m = onlyRow(met.json.rows, { period: '12 months ending Mar 2018' });
    expect(m).toMatchObject({ count: 40787, population: 8762413 });
    expect(Math.round(m.rate * 1e4) / 1e4).toBe(4.6548);
  });

  it('takes the mid-year inside the period by default: Met stalking 2017/18 per 100,000 uses mid-2017', async () => {
    const r = await runCli([
      'trend',
      HO_1718,
      '--area',
      'Metropolitan Police',
      '--category',
      'stalking',
      '--by',
      'fy',
      '--per',
      '100000',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    // 1,056 / 8,817,347 × 100,000 = 11.9764 (mid-2017 from areas.R: 8,817,347)
    expect(onlyRow(r.json.rows, { period: '2017/18' })).toMatchObject({
      count: 1056,
      population: 8817347,
      populationYear: 2017,
      rate: 11.9764,
    });
    expect(r.json.per).toBe(100000);
  });

  it('rolling years ending in December take the mid-year inside them (Durham 2015: 913 / 625,345)', async () => {
    const r = await runCli(['trend', realPath('onsB'), '--area', 'Durham', '--per', '1000', '--format', 'json']);
    // areas.R: 1.45999408326604
    expect(onlyRow(r.json.rows, { period: '12 months ending Dec 2015' })).toMatchObject({
      populationYear: 2015,
      rate: 1.45999,
    });
  });

  it('All areas of the ONS file has no rate: British Transport Police and the fraud bodies have no residents', async () => {
    const r = await runCli(['trend', realPath('onsB'), '--per', '1000', '--from', '2018', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json.rows.every((x: { rate: unknown }) => x.rate === null)).toBe(true);
    const note = r.json.notes.find((n: string) => n.startsWith('no rate for All areas'));
    expect(note).toMatch(/British Transport Police, Action Fraud, CIFAS, UK Finance \(no residents/);
  });

  it('--each-area gives each force its rate and British Transport Police a null one', async () => {
    const r = await runCli([
      'trend',
      HO_1718,
      '--each-area',
      '--category',
      'stalking',
      '--by',
      'fy',
      '--per',
      '1000',
      '--format',
      'json',
    ]);
    expect(onlyRow(r.json.rows, { area: 'British Transport Police' })).toMatchObject({ count: 25, rate: null });
    // West Yorkshire 677 stalking offences (SOURCES.md) / 2,307,035 (mid-2017, the areas table) × 1,000
    expect(onlyRow(r.json.rows, { area: 'West Yorkshire' }).rate).toBeCloseTo((677 / 2307035) * 1000, 4);
    expect(r.json.notes.some((n: string) => /^no rate for British Transport Police: no residents/.test(n))).toBe(true);
  });

  it('a year after the populations end gives null with the years held', async () => {
    const r = await runCli([
      'trend',
      realPath('metRecent'),
      '--area',
      'Westminster',
      '--by',
      'fy',
      '--per',
      '1000',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(onlyRow(r.json.rows, { period: '2024/25' })).toMatchObject({ populationYear: 2024, rate: null });
    expect(r.json.notes.join('\n')).toMatch(/no rate for Westminster: the population data hold mid-2001 to mid-2020/);
  });
});

describe('--per on the demo data with an invented population file', () => {
  it('trend: each force per 1,000 (Eastwick 2022/23: 2,718 / 541,178 × 1,000 = 5.0224)', async () => {
    const r = await runCli([
      'trend',
      DEMO,
      '--each-area',
      '--by',
      'fy',
      '--category',
      'stalking-and-harassment',
      '--per',
      '1000',
      '--population',
      DEMO_POPULATIONS,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(onlyRow(r.json.rows, { area: 'Eastwick', period: '2022/23' })).toMatchObject({
      count: 2718,
      population: 541178,
      populationYear: 2022,
      rate: 5.02238,
    });
    expect(r.json.notes.join('\n')).toContain('populations from ');
  });

  it('summary, daily and compare carry the rate too', async () => {
    const s = await runCli([
      'summary',
      DEMO,
      '--year',
      '2022/23',
      '--area',
      'Eastwick',
      '--category',
      'stalking-and-harassment',
      '--per',
      '1000',
      '--population',
      DEMO_POPULATIONS,
      '--format',
      'json',
    ]);
    expect(s.code).toBe(0);
    expect(s.json.rows[0]).toMatchObject({ count: 2718, population: 541178, rate: 5.02238 });
    const d = await runCli([
      'daily',
      DEMO,
      '--area',
      'Eastwick',
      '--by',
      'fy',
      '--category',
      'stalking-and-harassment',
      '--per',
      '1000',
      '--population',
      DEMO_POPULATIONS,
      '--format',
      'csv',
    ]);
    expect(d.stdout.split('\n')[0]).toMatch(/,count,population,populationYear,rate,/);
    const c = await runCli([
      'compare',
      DEMO,
      '--event',
      '2020-04',
      '--area',
      'Eastwick',
      '--category',
      'stalking',
      '--per',
      '1000',
      '--population',
      DEMO_POPULATIONS,
      '--format',
      'json',
    ]);
    expect(c.code).toBe(0);
    // Before: 2019/20, 136 / 534,736 (mid-2019) × 1,000; after: 2020/21, 455 / 536,875 (mid-2020) × 1,000.
    expect(c.json.rows[0]).toMatchObject({ beforePopulation: 534736, afterPopulation: 536875 });
    expect(c.json.rows[0].beforeRate).toBeCloseTo((136 / 534736) * 1000, 5);
    expect(c.json.rows[0].afterRate).toBeCloseTo((455 / 536875) * 1000, 5);
  });

  it('without --per nothing changes', async () => {
    const r = await runCli(['trend', DEMO, '--by', 'fy', '--format', 'json']);
    expect(Object.keys(r.json.rows[0])).not.toContain('rate');
    expect(r.json.per).toBeUndefined();
  });
});

describe('bad input', () => {
  it('a population year outside the data is a usage error naming the years held', async () => {
    const r = await runCli(['trend', DEMO, '--per', '1000', '--population-year', '1990']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--population-year 1990: .* holds mid-2001 to mid-2020; give a year in that range \[E_USAGE\]/,
    );
    const own = await runCli([
      'trend',
      DEMO,
      '--per',
      '1000',
      '--population',
      DEMO_POPULATIONS,
      '--population-year',
      '2030',
    ]);
    expect(own.code).toBe(2);
    expect(own.stderr).toMatch(/holds mid-2012 to mid-2024/);
  });

  it('--population-year and --population need --per', async () => {
    const r = await runCli(['trend', DEMO, '--population-year', '2016']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--population-year goes with --per N .*\[E_USAGE\]/);
  });

  it('--per must be a positive number', async () => {
    for (const bad of ['0', '-5', 'lots']) {
      const r = await runCli(['trend', DEMO, '--per', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/E_BAD_OPTION/);
    }
  });

  it('a population file with a bad row stops with its file and line (exit 1)', async () => {
    const bad = writeTemp(
      'bad-populations.csv',
      csv('area,year,population', 'Eastwick,2022,541178', 'Midshire,2022,many'),
    );
    const r = await runCli(['trend', DEMO, '--per', '1000', '--population', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /bad-populations\.csv:3: population must be a whole number of people above 0, not 'many' \[E_DATA_FILE\]/,
    );
    const noColumn = writeTemp('no-year.csv', csv('area,population', 'Eastwick,541178'));
    const r2 = await runCli(['trend', DEMO, '--per', '1000', '--population', noColumn]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/missing: year/);
  });

  it('areas missing from a population file get null rates and a note naming them', async () => {
    const partial = writeTemp(
      'partial.csv',
      csv('area,year,population', 'Eastwick,2022,541178', 'Midshire,2022,1586925'),
    );
    const r = await runCli([
      'trend',
      DEMO,
      '--each-area',
      '--by',
      'fy',
      '--from',
      '2022/23',
      '--to',
      '2022/23',
      '--category',
      'stalking',
      '--per',
      '1000',
      '--population',
      partial,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(onlyRow(r.json.rows, { area: 'Eastwick' }).rate).not.toBeNull();
    expect(onlyRow(r.json.rows, { area: 'Northvale' }).rate).toBeNull();
    expect(r.json.notes.some((n: string) => /^no rate for Northvale: no force area called 'Northvale'/.test(n))).toBe(
      true,
    );
    // All areas: summed only when every force has a population.
    const all = await runCli([
      'trend',
      DEMO,
      '--by',
      'fy',
      '--from',
      '2022/23',
      '--to',
      '2022/23',
      '--category',
      'stalking',
      '--per',
      '1000',
      '--population',
      partial,
      '--format',
      'json',
    ]);
    expect(all.json.rows[0].rate).toBeNull();
    expect(all.json.notes.join('\n')).toMatch(
      /no rate for All areas: it sums areas without a population: Northvale, Southmere, Westerfold \(not in .*partial\.csv\)/,
    );
  });
});

describe('option parsers', () => {
  it('parsePer reads 1000, 1,000 and 100000', () => {
    expect(parsePer('1000')).toBe(1000);
    expect(parsePer('1,000')).toBe(1000);
    expect(parsePer('100,000')).toBe(100000);
    expect(() => parsePer('0')).toThrow(StalkError);
  });

  it('parsePopulationYear reads 2016 and mid-2016', () => {
    expect(parsePopulationYear('2016')).toBe(2016);
    expect(parsePopulationYear('mid-2016')).toBe(2016);
    expect(() => parsePopulationYear('16')).toThrow(/a year such as 2016/);
  });
});

describe.skipIf(!hasRealData)('check: claimed rates per residents on the real files', () => {
  it('judges "a rate of 3.2 per 1,000" against the count over the population (ONS Table P3: Dorset 3.2126)', async () => {
    const r = await runCli([
      'check',
      realPath('onsB'),
      '--area',
      'Dorset',
      '--population-year',
      '2016',
      '--claim',
      'a rate of 3.2 per 1,000 in the year ending March 2018',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    // 2,465 / 767,297 × 1,000 = 3.21258, which rounds to 3.2.
    expect(r.json.rows[0]).toMatchObject({
      verdict: 'supported',
      published: '3.2 per 1,000 residents',
      computedValue: 3.2126,
    });
    expect(r.json.rows[0].working).toContain('2,465 / 767,297 residents (mid-2016) × 1,000');
  });

  it('an area without residents cannot be checked, and says why', async () => {
    const r = await runCli([
      'check',
      HO_1718,
      '--area',
      'British Transport Police',
      '--claim',
      '2 stalking offences per 100,000 residents in 2017/18',
      '--format',
      'json',
    ]);
    expect(r.json.rows[0].verdict).toBe('cannot-check');
    expect(r.json.rows[0].working).toMatch(/no population to divide by: no residents/);
  });
});

describe('check: claimed rates per residents', () => {
  it('--per gives the base of "a rate of 3.2"; without it the figure is not read as a count', async () => {
    const args = ['check', DEMO, '--area', 'Eastwick', '--population', DEMO_POPULATIONS, '--format', 'json'];
    const claim = 'a rate of 5.0 in 2022/23';
    const withPer = await runCli([...args, '--per', '1000', '--claim', claim]);
    // 2,718 / 541,178 × 1,000 = 5.02: rounds to 5.0.
    expect(withPer.json.rows[0]).toMatchObject({ verdict: 'supported', published: '5 per 1,000 residents' });
    const without = await runCli([...args, '--claim', claim]);
    expect(without.json.rows[0].verdict).toBe('unparsed');
  });

  it('the parser reads the rate, its base and its period', () => {
    const claim = parseClaim({ text: 'about 3.2 stalking offences per 1,000 residents in 2017/18' });
    expect(claim.assertions).toHaveLength(1);
    expect(claim.assertions[0]).toMatchObject({
      kind: 'rate',
      residents: 1000,
      figure: { value: 3.2, qualifier: 'about' },
    });
    expect(claim.recognised[0]).toMatchObject({ what: 'rate', meaning: 'about 3.2 per 1,000 residents' });
    // "per cent" stays a percentage, and "a day" a rate in time.
    expect(parseClaim({ text: 'a 3.2 per cent rise in 2017/18' }).assertions[0]?.kind).toBe('change');
    expect(parseClaim({ text: 'six a day in 2017' }).assertions[0]).not.toHaveProperty('residents');
  });
});

describe('--per on a record-level file whose areas are forces', () => {
  // One row per crime, the area column named by --map (an "area", read first as a force).
  const records = writeTemp(
    'records.csv',
    csv(
      'When,What,Where',
      '2017-04-01,Stalking,Dorset',
      '2017-04-15,Stalking,West Midlands',
      '2017-05-31,Harassment,Dorset',
    ),
  );

  it('gives each force its population: West Midlands the force, not the region', async () => {
    const r = await runCli([
      'trend',
      records,
      '--map',
      'date=When,offence=What,area=Where',
      '--by',
      'month',
      '--each-area',
      '--category',
      'stalking',
      '--per',
      '100000',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    // April 2017 holds no 1 July: it takes mid-2016. Dorset 1 / 767,297 × 100,000 = 0.130328;
    // West Midlands (the force, 2,870,551 at mid-2016; the region has 5,810,773) 1 / 2,870,551 × 100,000.
    expect(onlyRow(r.json.rows, { area: 'Dorset', period: 'Apr 2017' })).toMatchObject({
      populationYear: 2016,
      rate: 0.130328,
    });
    expect(onlyRow(r.json.rows, { area: 'West Midlands', period: 'Apr 2017' })).toMatchObject({ population: 2870551 });
  });
});
