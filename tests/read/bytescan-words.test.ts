import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type ByteScanSpec, scanFile } from '../../src/read/bytescan.js';
import { type GroupSpec, groupRows, groupRowsByStrings } from '../../src/read/group.js';
import { plain, scratch } from './csvgen.js';

/**
 * The byte scanner looks for the end of an unquoted field sixteen bytes at a time: the bytes equal
 * to the delimiter, a line feed or a carriage return are flagged together and the first flag ends
 * the field. Bytes next to those values must not end a field: other control bytes (tab, NUL…) and
 * non-ASCII bytes whose low seven bits are the same (0x80–0x8D, common inside UTF-8: `€` is
 * E2 82 AC, `‘` is E2 80 98). These files are made of exactly such bytes, in fields shorter and
 * longer than one block, with every delimiter the reader accepts, and are checked against the
 * string reader (csv.ts), which reads one character at a time.
 */

const tmp = scratch();
afterAll(() => tmp.cleanup());

// Characters whose bytes sit at or next to the edges of the word test, plus plain letters. Control
// bytes other than 9–13 are left to the next test: a file with more than a few is refused as binary
// before it is read.
const TRICKY = [
  'a',
  'Z',
  ' ',
  '\t',
  '\u000b',
  '\u000c',
  '-',
  '.',
  '€',
  '‘',
  '\u0080',
  '\u008d',
  '\u008e',
  'Ā',
  'é',
  ';',
  '|',
  ',',
  '"',
];

const DELIMITERS = [',', ';', '\t', '|'];

const field = (delimiter: string) =>
  fc
    .array(fc.constantFrom(...TRICKY), { maxLength: 40 })
    // Unquoted fields only: the delimiter never appears inside, nor does a leading quote (one
    // inside a field is a plain character).
    .map((chars) =>
      chars
        .filter((c) => c !== delimiter)
        .join('')
        .replace(/^"+/, ''),
    );

const genFile = fc.constantFrom(...DELIMITERS).chain((delimiter) =>
  fc.record({
    delimiter: fc.constant(delimiter),
    rows: fc.array(
      fc.tuple(field(delimiter), field(delimiter), field(delimiter), fc.integer({ min: -999, max: 99999 })),
      { minLength: 1, maxLength: 40 },
    ),
    crlf: fc.boolean(),
  }),
);

function fileText(f: { delimiter: string; rows: [string, string, string, number][]; crlf: boolean }): string {
  const eol = f.crlf ? '\r\n' : '\n';
  const lines = [['a', 'b', 'c', 'n'].join(f.delimiter), ...f.rows.map((r) => r.join(f.delimiter))];
  return lines.join(eol) + eol;
}

describe('byte scanner, sixteen bytes at a time', () => {
  it('finds the same fields as the string reader in fields made of bytes next to the ones it looks for', async () => {
    await fc.assert(
      fc.asyncProperty(genFile, fc.boolean(), async (f, tally) => {
        const path = tmp.file('words.csv', fileText(f));
        const spec: GroupSpec = tally
          ? {
              headerLine: 1,
              headerFields: 4,
              keyColumns: [0, 2],
              tallyColumns: [1],
              countColumn: 3,
              delimiter: f.delimiter,
            }
          : { headerLine: 1, headerFields: 4, keyColumns: [0, 1, 2], countColumn: 3, delimiter: f.delimiter };
        const bytes = await groupRows(path, spec);
        const strings = await groupRowsByStrings(path, spec);
        expect(plain(bytes)).toEqual(plain(strings));
        expect(bytes.tallies).toEqual(strings.tallies);
        // Every row is a data row with four fields: nothing ragged, every count summed.
        expect(bytes.ragged).toBeNull();
        expect(bytes.dataRows).toBe(f.rows.length);
        expect([...bytes.groups.values()].reduce((s, g) => s + g.sum, 0)).toBe(f.rows.reduce((s, r) => s + r[3], 0));
      }),
      { numRuns: 300 },
    );
  });

  it('stops at the end of the bytes read, whatever the buffer size', async () => {
    // Buffers of 1 to 12 bytes: the sixteen-byte reads run past the bytes read (the stop mark ends
    // them), and a field longer than the buffer grows it. `€€€` is E2 82 AC ×3; the third value
    // holds a NUL, U+0080 (C2 80) and byte 14.
    const text = 'k,n\n€€€,1\nabcdefgh,2\n€€€,3\na\u0000b\u0080\u000e,4\nabcdefgh,5\n';
    const path = tmp.file('edges.csv', text);
    const spec: ByteScanSpec = {
      path,
      delimiter: 44,
      headerLine: 1,
      headerFields: 2,
      keyColumns: [0],
      countColumn: 1,
      maxRecordBytes: 1 << 20,
    };
    for (let chunkBytes = 1; chunkBytes <= 12; chunkBytes++) {
      const r = await scanFile(spec, 0, chunkBytes);
      const values = r.keyValues[0].map((v) => Buffer.from(v, 'latin1').toString('utf8'));
      const sums = values.map((_, id) => {
        let s = 0;
        for (let g = 0; g < r.groupCount; g++) if (r.groupKeys[g] === id) s += r.groupSum[g];
        return s;
      });
      // €€€: 1 + 3; abcdefgh: 2 + 5; a NUL b U+0080 U+000E: 4.
      expect(Object.fromEntries(values.map((v, i) => [v, sums[i]]))).toEqual({
        '€€€': 4,
        abcdefgh: 7,
        'a\u0000b\u0080\u000e': 4,
      });
      expect(r.dataRows).toBe(5);
    }
  });

  it('keeps apart groups whose values run together the same way', async () => {
    // (ab, c) and (a, bc) have the same bytes one after another; the group comparison must check
    // each value's length. Each row is first tried as the group that followed the previous row's
    // group last time, and in A B A A B B A B that guess is wrong at rows 4, 6 and 7.
    const pattern = 'ABAABBAB';
    const lines = ['x,y,n', ...[...pattern].map((p, r) => (p === 'A' ? `ab,c,${r + 1}` : `a,bc,${r + 1}`))];
    const path = tmp.file('runs.csv', `${lines.join('\n')}\n`);
    const spec: GroupSpec = { headerLine: 1, headerFields: 3, keyColumns: [0, 1], countColumn: 2, delimiter: ',' };
    const r = await groupRows(path, spec);
    // A at rows 1, 3, 4, 7: 15; B at rows 2, 5, 6, 8: 21.
    expect([...r.groups.values()].map((g) => [g.key, g.sum, g.rows])).toEqual([
      [['ab', 'c'], 15, 4],
      [['a', 'bc'], 21, 4],
    ]);
  });
  it('reads plain integer counts itself, and leaves every other cell to the byte rules', async () => {
    // Digits next to the digit range (`/` is 0x2F, `:` is 0x3A) must not pass for digits.
    const cells = [
      '0',
      '9',
      '10',
      '99',
      '100',
      '999',
      '1000',
      '9999',
      '0009',
      '10000',
      '-12',
      '+7',
      '9:',
      ':9',
      '/1',
      '12/3',
      '1 2',
      '1,2',
    ];
    const lines = ['k,n', ...cells.map((c) => (c.includes(',') ? `a,"${c}"` : `a,${c}`))];
    const path = tmp.file('counts.csv', `${lines.join('\n')}\n`);
    const spec: GroupSpec = { headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1, delimiter: ',' };
    const bytes = await groupRows(path, spec);
    expect(plain(bytes)).toEqual(plain(await groupRowsByStrings(path, spec)));
    const g = bytes.groups.get('a')!;
    // 0 + 9 + 10 + 99 + 100 + 999 + 1000 + 9999 + 9 + 10000 − 12 + 7 = 22220, from 12 cells.
    expect(g.sum).toBe(22220);
    expect(g.rows).toBe(12);
    expect(g.negativeRows).toBe(1);
    expect([...g.unparsed.keys()]).toEqual(['9:', ':9', '/1', '12/3', '1 2', '1,2']);
  });
});
