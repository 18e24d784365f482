import { describe, expect, it } from 'vitest';
import { financialYear, fyQuarter } from '../../src/core/periods.js';
import { ObservationTable } from '../../src/series/observations.js';
import { KeyedObservation, type Observation, type ObservationKey } from '../../src/series/types.js';

const key = (area: string, offence: string): ObservationKey => ({
  input: 0,
  areaPath: [area],
  areaRoles: ['csp'],
  category: 'stalking',
  subcategory: '8Q',
  offence,
  code: '8Q',
  derived: false,
});

describe('ObservationTable', () => {
  const kent = key('Kent', 'Stalking');
  const essex = key('Essex', 'Stalking');
  const q1 = fyQuarter(2020, 1);
  const q2 = fyQuarter(2020, 2);

  it('keeps observations in the order added, with their key, period and counts', () => {
    const t = new ObservationTable();
    expect(t.push(kent, q1, 23, 3)).toBe(0);
    expect(t.push(essex, q1, 5, 1)).toBe(1);
    expect(t.push(kent, q2, 7, 2)).toBe(2);
    expect(t.length).toBe(3);
    expect([...t].map((o) => [o.areaPath[0], o.period.label, o.count, o.rows])).toEqual([
      ['Kent', 'Apr-Jun 2020', 23, 3],
      ['Essex', 'Apr-Jun 2020', 5, 1],
      ['Kent', 'Jul-Sep 2020', 7, 2],
    ]);
    // Observations of one key share it, and of one period the period object.
    expect(t.key(0)).toBe(kent);
    expect(t.key(2)).toBe(kent);
    expect(t.period(1)).toBe(q1);
  });

  it('grows past its first room (64) keeping what it held', () => {
    const t = new ObservationTable();
    for (let i = 0; i < 200; i++) t.push(i % 2 ? kent : essex, i % 3 ? q1 : q2, i, 1);
    expect(t.length).toBe(200);
    expect([t.count(0), t.count(63), t.count(64), t.count(199)]).toEqual([0, 63, 64, 199]);
    expect(t.key(63)).toBe(kent);
    expect(t.period(63)).toBe(q2); // 63 % 3 === 0
    expect(t.key(64)).toBe(essex);
    expect(t.period(64)).toBe(q1);
  });

  it('holds more than a page (65,536) without losing or moving any', () => {
    const t = new ObservationTable();
    const n = 65536 * 2 + 10;
    for (let i = 0; i < n; i++) t.push(i % 2 ? kent : essex, i % 3 ? q1 : q2, i, i % 7);
    expect(t.length).toBe(n);
    for (const i of [0, 65535, 65536, 65537, 131071, 131072, n - 1]) {
      expect(t.count(i)).toBe(i);
      expect(t.rows(i)).toBe(i % 7);
      expect(t.key(i)).toBe(i % 2 ? kent : essex);
      expect(t.period(i)).toBe(i % 3 ? q1 : q2);
    }
    t.addTo(65536, 5, 1);
    expect([t.count(65535), t.count(65536), t.count(65537)]).toEqual([65535, 65541, 65537]);
  });

  it('adds to an observation in place', () => {
    const t = new ObservationTable();
    const i = t.push(kent, q1, 23, 3);
    t.addTo(i, 4, 1);
    expect([t.count(i), t.rows(i)]).toEqual([27, 4]);
  });

  it('gives each observation as an object of its own: changing it leaves the table as it was', () => {
    const t = new ObservationTable();
    t.push(kent, q1, 23, 3);
    const o = t.at(0);
    expect(o).toBeInstanceOf(KeyedObservation);
    o.count = 99;
    expect(t.count(0)).toBe(23);
  });

  it('takes plain observations, each with a key of its own fields', () => {
    const plain: Observation = {
      input: 1,
      areaPath: ['Dorset'],
      areaRoles: ['force'],
      category: 'harassment',
      subcategory: '8L',
      offence: 'Harassment',
      code: '8L',
      period: financialYear(2017),
      count: 1466,
      rows: 1,
      derived: false,
      aggregate: false,
    };
    const t = ObservationTable.from([plain, new KeyedObservation(kent, q1, 23, 3)]);
    expect(t.at(0)).toMatchObject({ ...plain });
    expect(t.key(1)).toBe(kent);
  });

  it('appends another table in its order, and filters and tests like an array', () => {
    const a = ObservationTable.from([new KeyedObservation(kent, q1, 23, 3)]);
    const b = new ObservationTable();
    b.push(essex, q1, 5, 1);
    b.push(essex, q2, 6, 1);
    a.append(b);
    expect([...a].map((o) => o.count)).toEqual([23, 5, 6]);
    expect(a.filter((o) => o.areaPath[0] === 'Essex').map((o) => o.count)).toEqual([5, 6]);
    expect(a.some((o) => o.count === 6)).toBe(true);
    expect(a.some((o) => o.count === 7)).toBe(false);
  });
});
