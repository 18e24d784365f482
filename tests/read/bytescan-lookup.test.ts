import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ByteScanSpec } from '../../src/read/bytescan.js';
import { groupRows, groupRowsByStrings, rangesPerThread, type GroupSpec } from '../../src/read/group.js';
import { RANGES_PER_THREAD } from '../../src/read/parallel.js';
import { csv, writeTemp } from '../helpers/temp.js';

/**
 * The byte scanner finds a group by a hash of each key field's bytes and confirms every hit byte
 * for byte, and tries first the group that followed the previous record's group last time. These
 * files are made to defeat the shortcuts a scanner might take: values alike at their start, middle
 * and end (which a hash of a few words would not tell apart), and group orders that change from
 * one block to the next.
 */

const plainGroups = (r: Awaited<ReturnType<typeof groupRows>>) =>
  [...r.groups.values()].map((g) => ({ key: g.key, sum: g.sum, rows: g.rows, firstLine: g.firstLine }));

describe('byte scanner lookup', () => {
  it('keeps apart long values alike in their first, middle and last four bytes', async () => {
    // 30-byte labels, same length, same first, middle and last four bytes: only bytes 4..12 differ.
    const label = (x: string) => `AAAA${x.padEnd(9, '-')}MMMM${'-'.repeat(9)}ZZZZ`;
    expect(label('one').length).toBe(30);
    const labels = ['one', 'two', 'three', 'four'].map(label);
    const lines = ['Year,Area,Offence,Count'];
    const expected = new Map<string, number>();
    for (let r = 0; r < 40; r++) {
      const offence = labels[(r * 3) % 4];
      const area = label(`area${r % 3}`);
      lines.push(`2020,${area},${offence},${r + 1}`);
      expected.set(offence, (expected.get(offence) ?? 0) + r + 1);
    }
    const path = writeTemp('collide.csv', csv(...lines));
    const spec: GroupSpec = { headerLine: 1, headerFields: 4, keyColumns: [0, 2], tallyColumns: [1], countColumn: 3, delimiter: ',' };
    const bytes = await groupRows(path, spec);
    expect(bytes.groups.size).toBe(4);
    for (const g of bytes.groups.values()) expect(g.sum).toBe(expected.get(g.key[1]));
    // Rows 1..40: the sums add up to 40 × 41 / 2 = 820, and three distinct areas were tallied.
    expect([...bytes.groups.values()].reduce((s, g) => s + g.sum, 0)).toBe(820);
    expect(bytes.tallies[0].sort()).toEqual([label('area0'), label('area1'), label('area2')]);
    const strings = await groupRowsByStrings(path, spec);
    expect(plainGroups(bytes)).toEqual(plainGroups(strings));
  });

  it('follows a group order that repeats, then breaks, then repeats again', async () => {
    // Blocks of the same four offences; block 3 is in another order and block 5 adds a new one.
    const orders = [
      ['a', 'b', 'c', 'd'],
      ['a', 'b', 'c', 'd'],
      ['d', 'c', 'b', 'a'],
      ['a', 'b', 'c', 'd'],
      ['a', 'e', 'b', 'c', 'd'],
      ['a', 'b', 'c', 'd'],
    ];
    const lines = ['Area,Offence,Count'];
    orders.forEach((order, block) => order.forEach((o, i) => lines.push(`F${block},${o},${block * 10 + i}`)));
    const path = writeTemp('order.csv', csv(...lines));
    const spec: GroupSpec = { headerLine: 1, headerFields: 3, keyColumns: [1], tallyColumns: [0], countColumn: 2, delimiter: ',' };
    const r = await groupRows(path, spec);
    const sums = Object.fromEntries([...r.groups.values()].map((g) => [g.key[0], g.sum]));
    // a: 0 + 10 + 23 + 30 + 40 + 50 = 153; b: 1 + 11 + 22 + 31 + 42 + 51 = 158;
    // c: 2 + 12 + 21 + 32 + 43 + 52 = 162; d: 3 + 13 + 20 + 33 + 44 + 53 = 166; e: 41.
    expect(sums).toEqual({ a: 153, b: 158, c: 162, d: 166, e: 41 });
    expect(r.tallies[0]).toEqual(['F0', 'F1', 'F2', 'F3', 'F4', 'F5']);
    expect(plainGroups(r)).toEqual(plainGroups(await groupRowsByStrings(path, spec)));
  });

  it('matches the string reader on files of long look-alike labels in random order', async () => {
    const stem = 'Stalking and harassment offences';
    // Labels of equal length that differ in one byte somewhere in the middle.
    const label = (i: number) => stem.slice(0, 10) + String.fromCharCode(97 + i) + stem.slice(11);
    const row = fc.record({ year: fc.integer({ min: 2019, max: 2021 }), offence: fc.integer({ min: 0, max: 5 }), area: fc.integer({ min: 0, max: 3 }), count: fc.integer({ min: -5, max: 999 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), async (rows) => {
        const path = writeTemp('lookalike.csv', csv('Year,Area,Offence,Count', ...rows.map((r) => `${r.year},${label(r.area)} area,${label(r.offence)},${r.count}`)));
        const spec: GroupSpec = { headerLine: 1, headerFields: 4, keyColumns: [0, 2], tallyColumns: [1], countColumn: 3, delimiter: ',' };
        const bytes = await groupRows(path, spec);
        const strings = await groupRowsByStrings(path, spec);
        expect(plainGroups(bytes)).toEqual(plainGroups(strings));
        expect([...bytes.tallies[0]].sort()).toEqual([...strings.tallies[0]].sort());
      }),
      { numRuns: 60 },
    );
  });
});

describe('ranges per thread of a parallel read', () => {
  const spec = (path: string): ByteScanSpec => ({ path, delimiter: 44, headerLine: 1, headerFields: 3, keyColumns: [0, 1], groupKeyCount: 2, countColumn: 2, maxRecordBytes: 1 << 20 });

  it('gives several ranges when rows fall into few groups, one when most rows are groups of their own', () => {
    // 400 rows in 4 groups (4 ≤ 400 / 4): several ranges per thread.
    const few = csv('Year,Offence,Count', ...Array.from({ length: 400 }, (_, i) => `2020,${'abcd'[i % 4]},${i}`));
    expect(rangesPerThread(Buffer.from(few), spec('few.csv'))).toBe(RANGES_PER_THREAD);
    // 400 rows, 400 groups (every row its own year): one range per thread.
    const many = csv('Year,Offence,Count', ...Array.from({ length: 400 }, (_, i) => `${1000 + i},a,${i}`));
    expect(rangesPerThread(Buffer.from(many), spec('many.csv'))).toBe(1);
    // 400 rows in 101 groups: just over a quarter, so one range.
    const edge = csv('Year,Offence,Count', ...Array.from({ length: 400 }, (_, i) => `${1000 + Math.floor(i / 4)},${i === 399 ? 'b' : 'a'},${i}`));
    expect(rangesPerThread(Buffer.from(edge), spec('edge.csv'))).toBe(1);
  });
});
