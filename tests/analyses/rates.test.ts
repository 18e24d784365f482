import { describe, expect, it } from 'vitest';
import {
  addRates,
  insertColumns,
  type MembersOf,
  populationOf,
  rateColumns,
  rateDigits,
  storedRate,
} from '../../src/analyses/rates.js';
import type { Column, Row } from '../../src/analyses/result.js';
import { loadPopulations, populationTableFromRecords } from '../../src/series/populations.js';

/** A user's population table from inline rows (header first). */
function table(...lines: string[][]) {
  return populationTableFromRecords(
    lines.map((fields, i) => ({ fields, line: i + 1 })),
    'test-populations.csv',
  );
}

const COLUMNS: Column[] = [
  { key: 'area', label: 'Area', kind: 'text', inTable: true },
  { key: 'period', label: 'Period', kind: 'text', inTable: true },
  { key: 'count', label: 'Count', kind: 'int', inTable: true },
  { key: 'change', label: 'Change', kind: 'int', inTable: true },
];

const row = (area: string, period: string, start: string, end: string, count: number | null): Row => ({
  area,
  period,
  start,
  end,
  count,
  change: null,
});

describe('populationOf: the level the data give an area decides its population', () => {
  const bundled = loadPopulations();

  it('West Midlands is a force of 2,870,551 and a region of 5,810,773 at mid-2016', () => {
    const force = populationOf(bundled, { name: 'West Midlands', role: 'force' }, 2016);
    const region = populationOf(bundled, { name: 'West Midlands', role: 'region' }, 2016);
    expect(force.kind === 'population' && force.hit.population).toBe(2870551);
    expect(region.kind === 'population' && region.hit.population).toBe(5810773);
  });

  it('a London borough is a district; Wales in a region column is the country', () => {
    const camden = populationOf(bundled, { name: 'Camden', role: 'borough' }, 2017);
    expect(camden.kind === 'population' && camden.hit.level).toBe('district');
    const wales = populationOf(bundled, { name: 'Wales', role: 'region' }, 2017);
    expect(wales.kind).toBe('population');
  });

  it('British Transport Police has no residents, whatever column holds it', () => {
    expect(populationOf(bundled, { name: 'British Transport Police', role: 'force' }, 2017).kind).toBe('no-residents');
    expect(populationOf(bundled, { name: 'British Transport Police', role: 'region' }, 2017).kind).toBe('no-residents');
  });

  it('an area column named by --map is taken as a force first: West Midlands is not ambiguous there', () => {
    const hit = populationOf(bundled, { name: 'West Midlands', role: 'area' }, 2016);
    expect(hit.kind === 'population' && hit.hit.population).toBe(2870551);
  });
});

describe('addRates', () => {
  // Invented figures, so every rate is a hand calculation.
  const pops = table(
    ['area', 'year', 'population'],
    ['Northvale', '2017', '400000'],
    ['Northvale', '2018', '500000'],
    ['Eastwick', '2017', '100000'],
  );
  const one: MembersOf = (label) => [{ name: label, role: 'force' }];

  it('divides the count by the mid-year inside the period: 2017/18 takes mid-2017', () => {
    const r = addRates(
      [row('Northvale', '2017/18', '2017-04-01', '2018-03-31', 1234)],
      COLUMNS,
      one,
      {
        table: pops,
        per: 1000,
      },
      { count: 'count', start: 'start', end: 'end' },
    );
    // 1,234 / 400,000 × 1,000 = 3.085
    expect(r.rows[0]).toMatchObject({ population: 400000, populationYear: 2017, rate: 3.085 });
    expect(r.columns.map((c) => c.key)).toEqual([
      'area',
      'period',
      'count',
      'population',
      'populationYear',
      'rate',
      'change',
    ]);
    expect(r.notes[0]).toMatch(/offences per 1,000 residents, populations from test-populations\.csv/);
  });

  it('--population-year takes that mid-year for every period', () => {
    const r = addRates(
      [row('Northvale', '2017/18', '2017-04-01', '2018-03-31', 1234)],
      COLUMNS,
      one,
      {
        table: pops,
        per: 100000,
        populationYear: 2018,
      },
      { count: 'count', start: 'start', end: 'end' },
    );
    // 1,234 / 500,000 × 100,000 = 246.8
    expect(r.rows[0]).toMatchObject({ population: 500000, populationYear: 2018, rate: 246.8 });
    expect(r.notes[0]).toMatch(/every period takes the mid-2018 estimate/);
  });

  it('sums the populations of the areas of "All areas", and gives null with the missing ones named', () => {
    const both: MembersOf = () => [
      { name: 'Northvale', role: 'force' },
      { name: 'Eastwick', role: 'force' },
    ];
    const r = addRates(
      [
        row('All areas', '2017/18', '2017-04-01', '2018-03-31', 1000),
        row('All areas', '2018/19', '2018-04-01', '2019-03-31', 1100),
      ],
      COLUMNS,
      both,
      { table: pops, per: 1000 },
      { count: 'count', start: 'start', end: 'end' },
    );
    // 2017/18: 1,000 / (400,000 + 100,000) × 1,000 = 2; 2018/19: Eastwick has no mid-2018 figure.
    expect(r.rows[0]).toMatchObject({ population: 500000, rate: 2 });
    expect(r.rows[1]).toMatchObject({ population: null, populationYear: 2018, rate: null });
    const note = r.notes.find((n) => n.startsWith('no rate for All areas in 2018/19'));
    expect(note).toMatch(/Eastwick \(the population data hold mid-2017 to mid-2017\)/);
  });

  it('names an area the populations lack, and keeps its count', () => {
    const r = addRates(
      [row('Westerfold', '2017/18', '2017-04-01', '2018-03-31', 77)],
      COLUMNS,
      one,
      {
        table: pops,
        per: 1000,
      },
      { count: 'count', start: 'start', end: 'end' },
    );
    expect(r.rows[0]).toMatchObject({ count: 77, population: null, rate: null });
    expect(r.notes.some((n) => /^no rate for Westerfold: no force area called 'Westerfold'/.test(n))).toBe(true);
  });

  it('says a rate of a quarter is not annualised', () => {
    const r = addRates(
      [row('Northvale', 'Apr-Jun 2017', '2017-04-01', '2017-06-30', 100)],
      COLUMNS,
      one,
      {
        table: pops,
        per: 1000,
      },
      { count: 'count', start: 'start', end: 'end' },
    );
    // Apr–Jun 2017 holds no 1 July, so it takes the last mid-year before its end: mid-2016, which
    // this table lacks.
    expect(r.rows[0]).toMatchObject({ populationYear: 2016, rate: null });
    const july = addRates(
      [row('Northvale', 'Jul-Sep 2017', '2017-07-01', '2017-09-30', 100)],
      COLUMNS,
      one,
      {
        table: pops,
        per: 1000,
      },
      { count: 'count', start: 'start', end: 'end' },
    );
    // 100 / 400,000 × 1,000 = 0.25
    expect(july.rows[0]).toMatchObject({ populationYear: 2017, rate: 0.25 });
    expect(july.notes[0]).toMatch(/not annualised/);
  });

  it('prefixed columns for a comparison of two windows', () => {
    const r = addRates(
      [{ area: 'Northvale', beforeCount: 800, beforeStart: '2017-04-01', beforeEnd: '2018-03-31' }],
      [{ key: 'beforeCount', label: 'Count', kind: 'int', inTable: true }],
      one,
      { table: pops, per: 1000 },
      { count: 'beforeCount', start: 'beforeStart', end: 'beforeEnd', prefix: 'before' },
    );
    expect(r.rows[0]).toMatchObject({ beforePopulation: 400000, beforePopulationYear: 2017, beforeRate: 2 });
    expect(r.columns.map((c) => c.label)).toEqual([
      'Count',
      'Before: Population',
      'Before: Mid-year',
      'Before: Per 1,000',
    ]);
  });
});

describe('rate helpers', () => {
  it('rateDigits gives the typical rate four significant figures', () => {
    expect(rateDigits([3.2126, 4.6, 12])).toBe(3); // 4.600
    expect(rateDigits([11.976, 30])).toBe(2); // 11.98
    expect(rateDigits([0.0321])).toBe(5); // 0.03210
    expect(rateDigits([])).toBe(2);
  });

  it('storedRate keeps six significant figures', () => {
    expect(storedRate(3.2125760950453)).toBe(3.21258);
    expect(storedRate(11.976364)).toBe(11.9764);
  });

  it('insertColumns puts the rate columns after the count', () => {
    const cols = insertColumns(COLUMNS, 'count', rateColumns(1000));
    expect(cols.map((c) => c.key)).toEqual([
      'area',
      'period',
      'count',
      'population',
      'populationYear',
      'rate',
      'change',
    ]);
    expect(insertColumns(COLUMNS, 'missing', rateColumns(1000)).at(-1)?.key).toBe('rate');
  });
});
