import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFileRange, type ByteScanSpec, type PlacedPartial } from '../../src/read/bytescan.js';
import { mergeColumns } from '../../src/read/merge.js';
import { findRecordBoundary, groupInParallel, rangeEnds, type RangeRunner } from '../../src/read/parallel.js';
import { groupRows, groupsOf, KEY_SEPARATOR, type GroupSpec } from '../../src/read/group.js';
import { genColumns, genRecord, genRecords, plain, scratch, serialise, type Cell } from './csvgen.js';

/** The merged ranges as a result with a `groups` map (what `plain` compares). */
const merged = (placed: PlacedPartial[], encoding: 'utf-8', delimiter: string, sep: string) => {
  const m = mergeColumns(placed, encoding, delimiter, sep);
  return { ...m, groups: groupsOf(m) };
};

const tmp = scratch();
afterAll(() => tmp.cleanup());

function byteOffset(text: string, at: number): number {
  return Buffer.byteLength(text.slice(0, at));
}

/** Fields heavy in quotes and line breaks, so split points land inside quoted fields. */
const quoteHeavyCell: fc.Arbitrary<Cell> = fc.record({
  v: fc.constantFrom('a\nb', 'a\r\nb', '\r', '\n\n', '"', 'x,y', '""\n""', 'plain', '', '7', '😀\n'),
  q: fc.boolean(),
});

describe('finding a record boundary from the middle of a file', () => {
  it('never calls a point certain unless a reader starting at the top would be between records there', () => {
    fc.assert(
      fc.property(
        fc.array(genRecord(fc.array(quoteHeavyCell, { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        (recs, cut) => {
          const { text, boundaries } = serialise(recs);
          const bytes = Buffer.from(text);
          const at = cut % (bytes.length + 1);
          const found = findRecordBoundary(bytes.subarray(at), 44);
          if (found?.certain) expect(boundaries.map((b) => byteOffset(text, b))).toContain(at + found.offset);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is certain on ordinary text with some quoted fields, and not certain inside a long quote-free quoted field', () => {
    const rows = 'x,"Going equipped for stealing, etc",1\n'.repeat(50);
    expect(findRecordBoundary(Buffer.from(rows).subarray(17), 44)).toEqual({ offset: 39 - 17, certain: true });
    const inside = Buffer.from('note\nnote\nnote\n",1\na,1\n');
    expect(findRecordBoundary(inside, 44)).toEqual({ offset: 5, certain: false });
  });
});

describe('cutting a file into ranges', () => {
  it('keeps ranges even, except the last one per thread, cut into a half, a quarter, an eighth and two sixteenths', () => {
    // 4 ranges, 2 threads: weights 1, 1, then ½ ½ ¼ ¼ ⅛ ⅛ 1/16 1/16 1/16 1/16 (summing to the 2 they
    // replace); ends are the running sums over 4.
    expect(rangeEnds(4, 2)).toEqual([1, 2, 2.5, 3, 3.25, 3.5, 3.625, 3.75, 3.8125, 3.875, 3.9375, 4].map((w) => w / 4));
    // No tail: equal thirds. A tail longer than the ranges cuts them all.
    expect(rangeEnds(3, 0)).toEqual([1 / 3, 2 / 3, 1]);
    expect(rangeEnds(1, 5)).toEqual([0.5, 0.75, 0.875, 0.9375, 1]);
  });

  it('ends every plan at the end of the data, with rising ends', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 0, max: 8 }), (parts, tail) => {
        const ends = rangeEnds(parts, tail);
        expect(ends[ends.length - 1]).toBe(1);
        for (let k = 1; k < ends.length; k++) expect(ends[k]).toBeGreaterThan(ends[k - 1]);
        // Each cut range becomes five: parts + 4 × min(tail, parts) ranges in all.
        expect(ends.length).toBe(parts + 4 * Math.min(tail, parts));
      }),
    );
  });
});

async function single(path: string, spec: GroupSpec) {
  const r = await groupRows(path, { ...spec, workers: 1 });
  return { ...plain(r), stats: r.stats };
}

async function split(path: string, spec: GroupSpec, parts: number) {
  const r = await groupRows(path, { ...spec, workers: parts, minPartBytes: 1 });
  return { ...plain(r), stats: r.stats };
}

describe('groupRows split into ranges (ranges read in turn here; worker threads below)', () => {
  it('gives the single-range result for any number of ranges, with quoted line breaks around the split points', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }).chain((width) =>
          fc.record({
            width: fc.constant(width),
            cols: genColumns(width),
            recs: fc.array(genRecord(fc.array(quoteHeavyCell, { minLength: width, maxLength: width })), { minLength: 2, maxLength: 40 }),
            parts: fc.integer({ min: 2, max: 9 }),
          }),
        ),
        async ({ width, cols, recs, parts }) => {
          const { text } = serialise(recs);
          const spec = { headerLine: 1, headerFields: width, delimiter: ',', ...cols };
          const path = tmp.file('split.csv', text);
          expect(await split(path, spec, parts)).toEqual(await single(path, spec));
        },
      ),
      { numRuns: 250 },
    );
  });

  it('repairs a wrong guess: a split inside a long quoted field with line breaks and no quotes', async () => {
    const text = 'k,n\n"' + 'line of a long note\n'.repeat(400) + '",1\n' + 'a,1\nb,2\n'.repeat(300);
    const path = tmp.file('long-quote.csv', text);
    const spec = { headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1 };
    for (const parts of [2, 3, 5, 8]) expect(await split(path, spec, parts)).toEqual(await single(path, spec));
    const r = await groupRows(path, { ...spec, workers: 3, minPartBytes: 1 });
    expect(r.groups.get('a')).toMatchObject({ sum: 300, firstLine: 403 });
  });

  it('reads in one piece when the header lies beyond the first range', async () => {
    const text = 'title\n'.repeat(200) + 'k,n\n' + 'a,1\n'.repeat(100);
    const path = tmp.file('deep-header.csv', text);
    const spec = { headerLine: 201, headerFields: 2, keyColumns: [0], countColumn: 1 };
    expect(await split(path, spec, 4)).toEqual(await single(path, spec));
  });

  it('reads a range in this thread when its worker fails for a reason other than the data', async () => {
    const text = 'k,n\n' + 'a,1\n"b\n",2\n'.repeat(200);
    const path = tmp.file('failing-thread.csv', text);
    const spec: ByteScanSpec = { path, delimiter: 44, headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1, maxRecordBytes: 1 << 20 };
    const failing: RangeRunner = async () => {
      throw new Error('cannot start a thread');
    };
    const placed = await groupInParallel(spec, 0, Buffer.byteLength(text), 4, 1 << 12, undefined, failing);
    const whole = await scanFileRange({ spec, start: 0, stop: Number.MAX_SAFE_INTEGER, chunkBytes: 1 << 12 });
    expect(placed).not.toBeNull();
    expect(plain(merged(placed!, 'utf-8', ',', KEY_SEPARATOR))).toEqual(plain(merged([{ partial: whole, lineOffset: 0 }], 'utf-8', ',', KEY_SEPARATOR)));
  });

  it('hands ranges to whichever thread is free, and reads again the range of a thread that stops midway', async () => {
    const text = 'k,n\n' + 'a,1\n"b\n",2\nc,3\n'.repeat(300);
    const path = tmp.file('stopping-thread.csv', text);
    const spec: ByteScanSpec = { path, delimiter: 44, headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1, maxRecordBytes: 1 << 20 };
    // A lane that reads two ranges and then fails as a thread would (not a data error).
    let calls = 0;
    const ranges: number[] = [];
    const flaky: RangeRunner = async (task, onBytes) => {
      if (++calls > 2) throw new Error('thread lost');
      ranges.push(task.start);
      return scanFileRange(task, onBytes);
    };
    const placed = await groupInParallel(spec, 0, Buffer.byteLength(text), 3, 1 << 12, undefined, flaky);
    const whole = await scanFileRange({ spec, start: 0, stop: Number.MAX_SAFE_INTEGER, chunkBytes: 1 << 12 });
    expect(ranges).toHaveLength(2);
    // 3 threads × 8 ranges each, less any split point that fell on the same record start.
    expect(placed!.length).toBeGreaterThan(3);
    expect(placed!.map((p) => p.partial.start)).not.toContain(undefined);
    expect(plain(merged(placed!, 'utf-8', ',', KEY_SEPARATOR))).toEqual(plain(merged([{ partial: whole, lineOffset: 0 }], 'utf-8', ',', KEY_SEPARATOR)));
    // 300 × (1 + 2 + 3) = 1,800 offences in all.
    expect(placed!.reduce((s, p) => s + p.partial.groupSum.reduce((a, b) => a + b, 0), 0)).toBe(1800);
  });

  it('reports errors in a later range at the physical line of the file', async () => {
    const text = 'k,n\n' + 'a,1\n'.repeat(300) + '"open,2\n' + 'b,3\n'.repeat(10);
    const path = tmp.file('late-quote.csv', text);
    const spec = { headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1 };
    await expect(groupRows(path, { ...spec, workers: 3, minPartBytes: 1 })).rejects.toMatchObject({ code: 'E_CSV_UNTERMINATED_QUOTE', line: 302 });
  });
});

/** The reader compiled to JavaScript, so that worker threads can load it. */
let built = '';

beforeAll(() => {
  const root = join(import.meta.dirname, '..', '..');
  const out = join(tmp.dir, 'build');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = ['--ignoreConfig', '--outDir', out, '--rootDir', '.', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck', 'src/read/group.ts', 'src/read/group-worker.ts'];
  spawnSync(process.execPath, [tsc, ...args], { cwd: root, stdio: 'pipe' });
  // The compiled byte scanner, where the reader looks for it (a wasm/ folder above it).
  cpSync(join(root, 'dist', 'wasm'), join(out, 'wasm'), { recursive: true });
  built = join(out, 'src', 'read', 'group.js');
}, 60_000);

function runBuilt(script: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('worker threads (compiled reader)', () => {
  it('splits a file across worker threads and gives the single-thread result', async () => {
    expect(existsSync(built)).toBe(true);
    expect(existsSync(join(built, '..', 'group-worker.js'))).toBe(true);
    const recs = fc
      .sample(genRecords(4, 40), { numRuns: 150, seed: 7 })
      .flat()
      .map((r) => (r.eol ? r : { ...r, eol: '\n' as const }));
    const path = tmp.file('workers.csv', 'a,b,c,d\n' + serialise(recs).text);
    const spec = { headerLine: 1, headerFields: 4, keyColumns: [0, 2], countColumn: 3, delimiter: ',' };
    const script = `
      const { groupRows } = await import(${JSON.stringify(built)});
      const spec = ${JSON.stringify(spec)};
      const path = ${JSON.stringify(path)};
      const show = (r) => JSON.stringify({ ...r, groups: [...r.groups].map(([k, g]) => [k, { ...g, unparsed: [...g.unparsed] }]) });
      const out = [];
      for (const workers of [1, 2, 3]) out.push(show(await groupRows(path, { ...spec, workers, minPartBytes: 1000 })));
      console.log(JSON.stringify(out));`;
    const r = runBuilt(script);
    expect(r.stderr).toBe('');
    const [one, two, three] = JSON.parse(r.stdout) as string[];
    expect(two).toBe(one);
    expect(three).toBe(one);
    expect(JSON.parse(one).dataRows).toBeGreaterThan(500);
  });

  it('stops a 50 MB line with E_LINE_TOO_LONG in bounded memory', () => {
    expect(existsSync(built)).toBe(true);
    const path = tmp.file('long-line.csv', 'k,n\n');
    const fd = openSync(path, 'a');
    const block = Buffer.alloc(1 << 20, 'x');
    for (let i = 0; i < 50; i++) writeSync(fd, block);
    writeSync(fd, ',1\n');
    closeSync(fd);
    const script = `
      const { groupRows } = await import(${JSON.stringify(built)});
      const before = process.resourceUsage().maxRSS;
      try {
        await groupRows(${JSON.stringify(path)}, { headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1 });
        console.log(JSON.stringify({ code: null }));
      } catch (e) {
        console.log(JSON.stringify({ code: e.code, line: e.line, grewKB: process.resourceUsage().maxRSS - before }));
      }`;
    const r = runBuilt(script);
    const result = JSON.parse(r.stdout) as { code: string; line: number; grewKB: number };
    expect(result).toMatchObject({ code: 'E_LINE_TOO_LONG', line: 2 });
    expect(result.grewKB).toBeLessThan(100 * 1024);
  });
});
