import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { StalkError } from '../../src/core/errors.js';
import { type ByteScanSpec, scanFile } from '../../src/read/bytescan.js';
import {
  type GroupResult,
  type GroupSpec,
  groupRows,
  groupRowsByStrings,
  groupsOf,
  KEY_SEPARATOR,
} from '../../src/read/group.js';
import { mergeColumns, type PlacedPartial } from '../../src/read/merge.js';
import { genColumns, genRecords, mutate, mutation, plain, referenceGroups, scratch, serialise } from './csvgen.js';

/** The merged ranges as a result with a `groups` map (what `plain` compares). */
const merged = (placed: PlacedPartial[], encoding: 'utf-8', delimiter: string, sep: string) => {
  const m = mergeColumns(placed, encoding, delimiter, sep);
  return { ...m, groups: groupsOf(m) };
};

const tmp = scratch();
afterAll(() => tmp.cleanup());

const BOM = '\ufeff';

/** A file, a header width and a spec whose header is the first or second record. */
const genCase = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.record({
    recs: genRecords(width),
    cols: genColumns(width),
    headerIndex: fc.integer({ min: 0, max: 1 }),
    bom: fc.boolean(),
    width: fc.constant(width),
  }),
);

function specOf(
  c: { cols: { keyColumns: number[]; countColumn: number | null }; width: number },
  headerLine: number,
): GroupSpec {
  return {
    headerLine,
    headerFields: c.width,
    keyColumns: c.cols.keyColumns,
    countColumn: c.cols.countColumn,
    delimiter: ',',
  };
}

async function outcome(run: () => Promise<GroupResult>): Promise<unknown> {
  try {
    const r = await run();
    const { path: _path, ...stats } = r.stats;
    return { ...plain(r), stats };
  } catch (e) {
    if (e instanceof StalkError) return { error: e.code, line: e.line };
    throw e;
  }
}

/** The byte scanner fed `chunkBytes` at a time, so records straddle every possible buffer edge. */
async function groupInChunks(path: string, spec: GroupSpec, chunkBytes: number, start = 0) {
  const byteSpec: ByteScanSpec = {
    path,
    delimiter: 44,
    headerLine: spec.headerLine,
    headerFields: spec.headerFields,
    keyColumns: spec.keyColumns,
    countColumn: spec.countColumn,
    maxRecordBytes: 1 << 20,
  };
  const partial = await scanFile(byteSpec, start, chunkBytes);
  return {
    ...plain(merged([{ partial, lineOffset: 0 }], 'utf-8', ',', KEY_SEPARATOR)),
    lines: partial.line,
    records: partial.records,
    blankLines: partial.blankLines,
  };
}

describe('groupRows from bytes', () => {
  it('groups random files exactly as the records define, and as the string reader does', async () => {
    await fc.assert(
      fc.asyncProperty(genCase, async (c) => {
        const { text, records } = serialise(c.recs);
        const headerLine = records[Math.min(c.headerIndex, records.length - 1)].line;
        const spec = specOf(c, headerLine);
        const path = tmp.file('case.csv', (c.bom ? BOM : '') + text);
        const bytes = await groupRows(path, spec);
        expect(plain(bytes)).toEqual(referenceGroups(records, spec));
        const strings = await groupRowsByStrings(path, spec);
        expect(bytes.stats).toEqual(strings.stats);
        expect(plain(strings)).toEqual(plain(bytes));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same result or the same error as the string reader on mutated files', async () => {
    await fc.assert(
      fc.asyncProperty(genCase, fc.array(mutation, { minLength: 1, maxLength: 4 }), async (c, muts) => {
        const text = mutate(serialise(c.recs).text, muts);
        const spec = { ...specOf(c, 1), delimiter: undefined };
        const path = tmp.file('mutated.csv', (c.bom ? BOM : '') + text);
        expect(await outcome(() => groupRows(path, spec))).toEqual(await outcome(() => groupRowsByStrings(path, spec)));
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on where buffer edges fall', async () => {
    await fc.assert(
      fc.asyncProperty(genCase, fc.integer({ min: 1, max: 40 }), async (c, chunkBytes) => {
        const { text, records } = serialise(c.recs);
        const spec = specOf(c, 1);
        const path = tmp.file('chunks.csv', text);
        const small = await groupInChunks(path, spec, chunkBytes);
        const whole = await groupInChunks(path, spec, 1 << 16);
        expect(small).toEqual(whole);
        const { dataRows, ragged, groups } = small;
        expect({ dataRows, ragged, groups }).toEqual(referenceGroups(records, spec));
      }),
      { numRuns: 200 },
    );
  });

  it('numbers records by physical line: quoted line breaks, CRLF, lone CR and blank lines count', async () => {
    const text = 'fy,code,n\r\n2016/17,"8\r\nQ",1\r\n\r\n2016/17,8L,2\r2017/18,"8\nL",3\n\n\n2016/17,8L,4';
    const path = tmp.file('lines.csv', text);
    const spec = { headerLine: 1, headerFields: 3, keyColumns: [0, 1], countColumn: 2 };
    const r = await groupRows(path, spec);
    expect([...r.groups.values()].map((g) => [g.key, g.sum, g.firstLine])).toEqual([
      [['2016/17', '8\r\nQ'], 1, 2],
      [['2016/17', '8L'], 6, 5],
      [['2017/18', '8\nL'], 3, 6],
    ]);
    expect(r.stats).toMatchObject({ records: 5, blankLines: 3, lines: 11 });
    expect(plain(r)).toEqual(plain(await groupRowsByStrings(path, spec)));
  });

  it('meets the same value quoted and unquoted in one group, and parses counts the string way', async () => {
    const text = 'k,n\nabc,"1,213"\n"abc",7\n"ab""c",x\nabc, -4 \nabc,1.5\nabc,"12\u00a0"\nabc,N/a\n"abc"," N/a "\n';
    const path = tmp.file('variants.csv', text);
    const spec = { headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1 };
    const r = await groupRows(path, spec);
    expect(plain(r)).toEqual(plain(await groupRowsByStrings(path, spec)));
    const g = r.groups.get('abc')!;
    expect(g).toMatchObject({ sum: 1213 + 7 - 4 + 1.5 + 12, rows: 5, negativeRows: 1, firstLine: 2 });
    expect([...g.unparsed]).toEqual([['N/a', { rows: 2, firstLine: 8 }]]);
    expect(r.groups.get('ab"c')!.unparsed.get('x')).toEqual({ rows: 1, firstLine: 4 });
  });

  it('reports an unterminated quote at the line where it opens', async () => {
    const path = tmp.file('open-quote.csv', 'k,n\na,1\n"b\nc,2\nd,3\n');
    const spec = { headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1 };
    await expect(groupRows(path, spec)).rejects.toMatchObject({ code: 'E_CSV_UNTERMINATED_QUOTE', line: 3 });
    await expect(groupRowsByStrings(path, spec)).rejects.toMatchObject({ code: 'E_CSV_UNTERMINATED_QUOTE', line: 3 });
  });

  it('reads a file that is not UTF-8 as Windows-1252, as the string reader does', async () => {
    const text =
      'Force,Offence,Count\r\nDevon & Cornwall,"Stalking, £",5\r\nDevon & Cornwall,"Stalking, £",6\r\nZürich,Café,\u201c7\u201d\r\n';
    const bytes = Buffer.from(
      text.replace(/[\u201c\u201d]/g, (q) => (q === '\u201c' ? '\u0093' : '\u0094')),
      'latin1',
    );
    const spec = { headerLine: 1, headerFields: 3, keyColumns: [0, 1], countColumn: 2 };
    for (const data of [bytes, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])]) {
      const path = tmp.file('cp1252.csv', data);
      const r = await groupRows(path, spec);
      expect(r.stats.encoding).toBe('windows-1252');
      expect(plain(r)).toEqual(plain(await groupRowsByStrings(path, spec)));
      expect(r.stats).toEqual((await groupRowsByStrings(path, spec)).stats);
    }
    const r = await groupRows(tmp.file('cp1252.csv', bytes), spec);
    expect(r.groups.get(`Devon & Cornwall${KEY_SEPARATOR}Stalking, £`)).toMatchObject({ sum: 11, rows: 2 });
    expect(r.groups.get(`Zürich${KEY_SEPARATOR}Café`)!.unparsed.has('\u201c7\u201d')).toBe(true);
  });

  it('leaves UTF-16 to the string reader and matches it for doubled byte-order marks and sniffed delimiters', async () => {
    const text = 'a;b;n\r\nx;"y;z";1\r\nx;"y;z";2\r\n';
    const spec = { headerLine: 1, headerFields: 3, keyColumns: [0, 1], countColumn: 2 };
    const utf16 = tmp.file('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r16 = await groupRows(utf16, spec);
    expect(r16.stats).toMatchObject({ encoding: 'utf-16le', delimiter: ';' });
    expect(r16.groups.get(`x${KEY_SEPARATOR}y;z`)).toMatchObject({ sum: 3 });
    const doubled = tmp.file('two-boms.csv', BOM + BOM + text);
    expect(await outcome(() => groupRows(doubled, { ...spec, headerLine: 0 }))).toEqual(
      await outcome(() => groupRowsByStrings(doubled, { ...spec, headerLine: 0 })),
    );
  });

  it('calls onProgress up to the file size', async () => {
    const path = tmp.file('progress.csv', `k,n\n${'a,1\n'.repeat(1000)}`);
    const seen: [number, number][] = [];
    await groupRows(path, {
      headerLine: 1,
      headerFields: 2,
      keyColumns: [0],
      countColumn: 1,
      onProgress: (d, t) => seen.push([d, t]),
    });
    expect(seen.at(-1)).toEqual([4004, 4004]);
  });
});
