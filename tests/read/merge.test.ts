import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type ByteScanSpec, scanFile } from '../../src/read/bytescan.js';
import {
  type ColumnarGroups,
  type GroupResult,
  type GroupSpec,
  groupRows,
  groupRowsByStrings,
  KEY_SEPARATOR,
} from '../../src/read/group.js';
import { mergeColumns, type PlacedPartial } from '../../src/read/merge.js';
import { genColumns, genRecords, plain, referenceGroups, scratch, serialise } from './csvgen.js';

const tmp = scratch();
afterAll(() => tmp.cleanup());

/** The columns of a result as plain arrays, for comparing two results. */
function columns(r: ColumnarGroups) {
  return {
    values: r.values,
    groupCount: r.groupCount,
    keys: [...r.keys],
    sums: [...r.sums],
    rows: [...r.rows],
    negative: [...r.negative],
    firstLine: [...r.firstLine],
    unparsed: [...r.unparsed].sort((a, b) => a[0] - b[0]).map(([g, cells]) => [g, [...cells]]),
  };
}

/** The groups a columnar result stands for, built here independently of group.ts. */
function groupsOf(r: ColumnarGroups) {
  const width = r.values.length;
  return Array.from({ length: r.groupCount }, (_, g) => {
    const key = r.values.map((vs, k) => vs[r.keys[g * width + k]]);
    return [
      key.join(KEY_SEPARATOR),
      {
        key,
        sum: r.sums[g],
        rows: r.rows[g],
        negativeRows: r.negative[g],
        firstLine: r.firstLine[g],
        unparsed: [...(r.unparsed.get(g) ?? [])],
      },
    ] as const;
  });
}

function byteSpec(path: string, spec: GroupSpec, headerLine = spec.headerLine): ByteScanSpec {
  return {
    path,
    delimiter: 44,
    headerLine,
    headerFields: spec.headerFields,
    keyColumns: [...spec.keyColumns, ...(spec.tallyColumns ?? [])],
    groupKeyCount: spec.keyColumns.length,
    countColumn: spec.countColumn,
    maxRecordBytes: 1 << 20,
  };
}

/**
 * Scans a file in pieces starting at the given byte offsets (record starts), each piece a file of
 * its own after the first (as the files of one folder are read), and places them one after another.
 */
async function scanInRanges(path: string, spec: GroupSpec, starts: number[]): Promise<PlacedPartial[]> {
  const placed: PlacedPartial[] = [];
  const bytes = readFileSync(path);
  let lineOffset = 0;
  for (let k = 0; k < starts.length; k++) {
    const piece =
      k === 0 && starts.length === 1
        ? path
        : tmp.file(`piece-${k}.csv`, bytes.subarray(starts[k], starts[k + 1] ?? bytes.length));
    const partial = await scanFile(byteSpec(piece, spec, k === 0 ? spec.headerLine : 0), 0, 1 << 16);
    placed.push({ partial, lineOffset });
    lineOffset += partial.line - 1;
  }
  return placed;
}

const merge = (placed: PlacedPartial[], spec: GroupSpec, encoding: 'utf-8' | 'windows-1252' = 'utf-8') =>
  mergeColumns(placed, encoding, ',', KEY_SEPARATOR, spec.keyColumns.length);

describe('merging scanned ranges in columns', () => {
  it('meets raw variants of one value (abc and "abc") in one group and one value id', async () => {
    const text = 'k,n\n"abc",x\nabc,1\n"ab""c",2\nabc,y\n"abc",x\n"abc",3\n';
    const path = tmp.file('variants.csv', text);
    const spec: GroupSpec = { headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1 };
    const placed = await scanInRanges(path, spec, [0]);
    expect(placed[0].partial.keyValues[0]).toEqual(['"abc"', 'abc', '"ab""c"']);
    const m = merge(placed, spec);
    expect(m.values).toEqual([['abc', 'ab"c']]);
    expect(columns(m)).toEqual({
      values: [['abc', 'ab"c']],
      groupCount: 2,
      keys: [0, 1],
      sums: [4, 2],
      rows: [2, 1],
      negative: [0, 0],
      firstLine: [2, 4],
      // Pieced from two raw variants: unparsed cells back in line order.
      unparsed: [
        [
          0,
          [
            ['x', { rows: 2, firstLine: 2 }],
            ['y', { rows: 1, firstLine: 5 }],
          ],
        ],
      ],
    });
    expect(columns(await groupRowsByStrings(path, spec))).toEqual(columns(m));
  });

  it('takes a single range whose values are all distinct as it is (ids unchanged), tallied columns left out of the keys', async () => {
    const text =
      'year,area,offence,n\n2020,North,Stalking,1\n2020,South,Harassment,2\n2021,North,Stalking,3\n2020,East,Stalking,-4\n';
    const path = tmp.file('fast.csv', text);
    const spec: GroupSpec = { headerLine: 1, headerFields: 4, keyColumns: [0, 2], tallyColumns: [1], countColumn: 3 };
    const placed = await scanInRanges(path, spec, [0]);
    const { partial } = placed[0];
    const m = merge(placed, spec);
    expect(m.values).toEqual([partial.keyValues[0], partial.keyValues[1]]);
    expect([...m.keys]).toEqual([0, 0, 0, 1, 1, 0]);
    expect([...m.sums]).toEqual([-3, 2, 3]);
    expect([...m.negative]).toEqual([1, 0, 0]);
    expect(m.tallies).toEqual([['North', 'South', 'East']]);
    const strings = await groupRowsByStrings(path, spec);
    expect(columns(strings)).toEqual(columns(m));
    expect(strings.tallies).toEqual(m.tallies);
  });

  it('merges the same key found in two ranges, with line numbers of the whole file', async () => {
    const first = 'k,t,n\na,p,1\n"b",q,x\nb,p,2\n';
    const second = 'c,q,5\n"a",r,-1\nb,p,x\nb,p,z\n"b",q,y\n';
    const path = tmp.file('two-ranges.csv', first + second);
    const spec: GroupSpec = { headerLine: 1, headerFields: 3, keyColumns: [0], tallyColumns: [1], countColumn: 2 };
    const placed = await scanInRanges(path, spec, [0, first.length]);
    expect(placed).toHaveLength(2);
    expect(placed[1].lineOffset).toBe(4);
    const m = merge(placed, spec);
    expect(m.values).toEqual([['a', 'b', 'c']]);
    expect(columns(m)).toMatchObject({
      groupCount: 3,
      keys: [0, 1, 2],
      sums: [0, 2, 5],
      rows: [2, 1, 1],
      negative: [1, 0, 0],
      firstLine: [2, 3, 5],
    });
    // Group b is pieced from both ranges: its unparsed cells in line order.
    expect([...m.unparsed.get(1)!]).toEqual([
      ['x', { rows: 2, firstLine: 3 }],
      ['z', { rows: 1, firstLine: 8 }],
      ['y', { rows: 1, firstLine: 9 }],
    ]);
    expect(m.tallies).toEqual([['p', 'q', 'r']]);
    expect(m.dataRows).toBe(8);
    const strings = await groupRowsByStrings(path, spec);
    expect(columns(strings)).toEqual(columns(m));
    expect(columns(await groupRows(path, spec))).toEqual(columns(m));
  });

  it('gives the single-range result for any split of a random file into ranges', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom('a', '"a"', 'b', '"b"', 'é', '"é"', ''),
            fc.constantFrom('1', '-2', 'x', '"3"', ' 4 ', '£'),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        fc.array(fc.nat(), { maxLength: 3 }),
        async (rows, cuts) => {
          const lines = ['k,n', ...rows.map(([k, n]) => `${k},${n}`)];
          const text = `${lines.join('\n')}\n`;
          const path = tmp.file('random-split.csv', text);
          const spec: GroupSpec = { headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1 };
          // Ranges start at line starts after the header.
          const lineStarts: number[] = [];
          let at = 0;
          for (const l of lines) {
            lineStarts.push(Buffer.byteLength(text.slice(0, at)));
            at += l.length + 1;
          }
          const starts = [0, ...new Set(cuts.map((c) => lineStarts[1 + (c % (lines.length - 1))]))].sort(
            (x, y) => x - y,
          );
          const m = merge(await scanInRanges(path, spec, [...new Set(starts)]), spec);
          const whole = merge(await scanInRanges(path, spec, [0]), spec);
          expect(columns(m)).toEqual(columns(whole));
          expect(columns(await groupRowsByStrings(path, spec))).toEqual(columns(m));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('decodes Windows-1252 values (curly quotes, £, é) once, raw variants included', async () => {
    const text =
      'Force,Offence,Count\r\nZürich,\u201cStalking\u201d,5\r\n"Zürich",\u201cStalking\u201d,6\r\nZürich,"Café, £",\u201c7\u201d\r\nZürich,"Café, £",8\r\n';
    const bytes = Buffer.from(
      text.replace(/[\u201c\u201d]/g, (q) => (q === '\u201c' ? '\u0093' : '\u0094')),
      'latin1',
    );
    const path = tmp.file('cp1252.csv', bytes);
    const spec: GroupSpec = { headerLine: 1, headerFields: 3, keyColumns: [0, 1], countColumn: 2 };
    const placed = await scanInRanges(path, spec, [0]);
    expect(placed[0].partial.utf8).toBe(false);
    const m = merge(placed, spec, 'windows-1252');
    expect(m.values).toEqual([['Zürich'], ['\u201cStalking\u201d', 'Café, £']]);
    expect(columns(m)).toMatchObject({ groupCount: 2, keys: [0, 0, 0, 1], sums: [11, 8], rows: [2, 1] });
    expect([...m.unparsed.get(1)!]).toEqual([['\u201c7\u201d', { rows: 1, firstLine: 4 }]]);
    const r = await groupRows(path, spec);
    expect(r.stats.encoding).toBe('windows-1252');
    expect(columns(r)).toEqual(columns(m));
    expect(columns(await groupRowsByStrings(path, spec))).toEqual(columns(m));
  });

  it('merges tuples whose values joined by the key separator are one key, as the string reader does', async () => {
    const text = `a,b,n\nx${KEY_SEPARATOR}y,z,1\nx,y${KEY_SEPARATOR}z,2\nx,y,4\n`;
    const path = tmp.file('separator.csv', text);
    const spec: GroupSpec = { headerLine: 1, headerFields: 3, keyColumns: [0, 1], countColumn: 2 };
    const r = await groupRows(path, spec);
    expect(r.groupCount).toBe(2);
    expect([...r.groups.values()].map((g) => [g.key, g.sum, g.rows])).toEqual([
      [[`x${KEY_SEPARATOR}y`, 'z'], 3, 2],
      [['x', 'y'], 4, 1],
    ]);
    expect(columns(r)).toEqual(columns(await groupRowsByStrings(path, spec)));
  });
});

describe('the groups map of a result', () => {
  const BOM = '\ufeff';
  const genCase = fc
    .integer({ min: 1, max: 4 })
    .chain((width) =>
      fc.record({ recs: genRecords(width), cols: genColumns(width), bom: fc.boolean(), width: fc.constant(width) }),
    );

  it('is the columns keyed by joined values, in order of first line, and the same for both readers', async () => {
    await fc.assert(
      fc.asyncProperty(genCase, async (c) => {
        const { text, records } = serialise(c.recs);
        const spec: GroupSpec = {
          headerLine: 1,
          headerFields: c.width,
          keyColumns: c.cols.keyColumns,
          countColumn: c.cols.countColumn,
          delimiter: ',',
        };
        const path = tmp.file('lazy.csv', (c.bom ? BOM : '') + text);
        const bytes = await groupRows(path, spec);
        const strings = await groupRowsByStrings(path, spec);
        for (const r of [bytes, strings] as GroupResult[]) {
          expect(plain(r).groups).toEqual(groupsOf(r));
          expect(r.values.every((vs) => new Set(vs).size === vs.length)).toBe(true);
          const lines = [...r.firstLine];
          expect(lines).toEqual([...lines].sort((a, b) => a - b));
        }
        expect(plain(bytes)).toEqual(referenceGroups(records, spec));
        expect(columns(bytes)).toEqual(columns(strings));
      }),
      { numRuns: 200 },
    );
  });

  it('is built once, on first use', async () => {
    const path = tmp.file('once.csv', 'k,n\na,1\nb,2\na,3\n');
    const r = await groupRows(path, { headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1 });
    const groups = r.groups;
    expect(r.groups).toBe(groups);
    expect([...groups.keys()]).toEqual(['a', 'b']);
    expect(groups.get('a')).toMatchObject({ key: ['a'], sum: 4, rows: 2, firstLine: 2 });
  });
});
