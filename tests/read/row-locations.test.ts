import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { StalkError } from '../../src/core/errors.js';
import { scanFileRange, type ByteScanSpec } from '../../src/read/bytescan.js';
import { parseCsvText } from '../../src/read/csv.js';
import { groupRows } from '../../src/read/group.js';
import { genColumns, genRecords, scratch, serialise } from './csvgen.js';

// With `rowLocations`, the byte scanner notes where each grouped row lies (the first row of each
// group, and every later row), so the rows of repeated keys can be read again alone. Checked on
// random files fed in small buffers, so records straddle every buffer edge.

const tmp = scratch();
afterAll(() => tmp.cleanup());

const genCase = fc.integer({ min: 1, max: 4 }).chain((width) =>
  fc.record({ recs: genRecords(width), cols: genColumns(width), width: fc.constant(width), chunkBytes: fc.integer({ min: 1, max: 40 }) }),
);

describe('row locations', () => {
  it('name every grouped row once, by the bytes of its record and its line', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(genCase, async (c) => {
        const { text, records, offsets } = serialise(c.recs);
        const path = tmp.file(`rows-${n++}.csv`, text);
        const bytes = Buffer.from(text);
        const spec: ByteScanSpec = {
          path,
          delimiter: 44,
          headerLine: records[0].line,
          headerFields: c.width,
          keyColumns: c.cols.keyColumns,
          countColumn: c.cols.countColumn,
          maxRecordBytes: 1 << 20,
          rowLocations: true,
        };
        let partial;
        try {
          partial = await scanFileRange({ spec, start: 0, stop: Number.MAX_SAFE_INTEGER, chunkBytes: c.chunkBytes });
        } catch (e) {
          if (e instanceof StalkError) return; // an unterminated quote: nothing to locate
          throw e;
        }
        const rows = partial.rows!;
        expect(rows.firstStart).toHaveLength(partial.groupCount);
        const located: { group: number; start: number; end: number; line: number }[] = [];
        for (let g = 0; g < partial.groupCount; g++) located.push({ group: g, start: rows.firstStart[g], end: rows.firstEnd[g], line: partial.groupFirstLine[g] });
        for (let i = 0; i < rows.repeats.length; i += 4) located.push({ group: rows.repeats[i], start: rows.repeats[i + 1], end: rows.repeats[i + 2], line: rows.repeats[i + 3] });
        // Every grouped row: those with a count added, and those whose count cell was tallied as text.
        let grouped = 0;
        for (let g = 0; g < partial.groupCount; g++) grouped += partial.groupRows[g];
        for (const cell of partial.cells) grouped += cell.rows;
        expect(located).toHaveLength(grouped);
        expect(new Set(located.map((r) => r.start)).size).toBe(located.length);
        // Byte offset of each record's start, from its offset in the text.
        const byteOffset = (i: number) => Buffer.byteLength(text.slice(0, offsets[i]));
        for (const r of located) {
          const i = records.findIndex((rec) => rec.line === r.line);
          expect(i).toBeGreaterThan(0);
          expect(r.start).toBe(byteOffset(i));
          const parsed = parseCsvText(bytes.subarray(r.start, r.end).toString('utf8'));
          expect(parsed.map((p) => p.fields)).toEqual([records[i].fields]);
        }
        // Later rows belong to a group met before them.
        for (let i = 0; i < rows.repeats.length; i += 4) expect(rows.repeats[i + 1]).toBeGreaterThan(rows.firstStart[rows.repeats[i]]);
      }),
      { numRuns: 300 },
    );
  });

  it('are kept only when asked for, and then the file is read in one thread', async () => {
    const lines = ['k,n'];
    for (let i = 0; i < 3000; i++) lines.push(`k${i % 5},${i % 7}`);
    const path = tmp.file('threads.csv', `${lines.join('\n')}\n`);
    const spec = { headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1, workers: 2, minPartBytes: 1000 };
    expect((await groupRows(path, spec)).rowsOf).toBeUndefined();
    const located = await groupRows(path, { ...spec, rowLocations: true });
    // Every row of k0 (rows 1, 6, 11, … of the data: lines 2, 7, 12, …), in file order.
    const rows = located.rowsOf!((g) => located.values[0][located.keys[g]] === 'k0');
    expect(rows.length / 3).toBe(600);
    for (let j = 0; j < rows.length / 3; j++) expect(rows[j * 3 + 2]).toBe(2 + 5 * j);
  });
});
