import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileInput } from '../../src/read/byteInput.js';
import { ByteGroupScanner, type ByteScanSpec, scanFile, scannerWasmPath, scanParts } from '../../src/read/bytescan.js';
import { type GroupSpec, groupRows, groupRowsByStrings } from '../../src/read/group.js';
import { REPO_ROOT } from '../helpers/realData.js';
import { plain, scratch } from './csvgen.js';

/**
 * The byte scanner's per-byte work runs in WebAssembly, in memory of its own: its tables grow by
 * reallocation inside that memory, and the memory itself grows (which moves every view of it).
 * These tests drive it past those points, and check what happens where WebAssembly is missing.
 */

const tmp = scratch();
afterAll(() => tmp.cleanup());

/** 30-byte labels, each its own group: `label 00017 ....`. */
const label = (i: number) => `label ${String(i).padStart(5, '0')} ${'abcdefghijklmnopq'.slice(0, 17)}`;

/** `n` rows of distinct labels (label i counts i % 1000, in area i % 7), then a row more of each label whose number is not a multiple of 4 (count 1, area (i + 3) % 11). */
function manyLabels(name: string, n: number): string {
  const lines = ['Label,Area,Count'];
  for (let i = 0; i < n; i++) lines.push(`${label(i)},area ${i % 7},${i % 1000}`);
  for (let i = 0; i < n; i++) if (i % 4 !== 0) lines.push(`${label(i)},area ${(i + 3) % 11},1`);
  return tmp.file(name, `${lines.join('\n')}\n`);
}

describe('byte scanner in WebAssembly', () => {
  it('is found where npm run build writes it', () => {
    expect(scannerWasmPath()).toBe(join(REPO_ROOT, 'dist', 'wasm', 'bytescan.wasm'));
    // The WebAssembly magic number and version 1.
    expect([...readFileSync(scannerWasmPath()).subarray(0, 8)]).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  });

  it('keeps every group while its tables and memory grow many times over', async () => {
    // 40,000 distinct labels (1.2 MB of key bytes), three quarters of them met twice, with a tallied
    // area column, read 4 KB at a time: the group table doubles from 1,024 slots to 131,072, the
    // key arena from 4 KB, and the memory grows several times between and during reads.
    const n = 40_000;
    const path = manyLabels('many.csv', n);
    const spec: GroupSpec = {
      headerLine: 1,
      headerFields: 3,
      keyColumns: [0],
      tallyColumns: [1],
      countColumn: 2,
      delimiter: ',',
    };
    const bytes = await groupRows(path, spec);
    const strings = await groupRowsByStrings(path, spec);
    expect(plain(bytes)).toEqual(plain(strings));
    expect(bytes.groups.size).toBe(n);
    // Label i sums i % 1000, plus 1 when i % 4 is not 0: 40 × (0 + … + 999) + 30,000.
    expect([...bytes.groups.values()].reduce((s, g) => s + g.sum, 0)).toBe(40 * 499_500 + 30_000);
    expect(bytes.groups.get(label(5))).toMatchObject({ sum: 6, rows: 2, firstLine: 7 });
    // Areas 0–6 from the first block, 0–10 from the second.
    expect(bytes.tallies[0].length).toBe(11);

    // Read 4 KB at a time, the tables and the memory grow many times during the read.
    const byteSpec: ByteScanSpec = {
      path,
      delimiter: 44,
      headerLine: 1,
      headerFields: 3,
      keyColumns: [0, 1],
      groupKeyCount: 1,
      countColumn: 2,
      maxRecordBytes: 1 << 20,
    };
    const small = await scanFile(byteSpec, 0, 4096);
    expect(small.groupCount).toBe(n);
    expect(small.keyValues[0].slice(0, 2)).toEqual([label(0), label(1)]);
    expect(small.keyValues[1]).toHaveLength(11);

    // The memory the scanner held, which the loader frees at once when it is large: whole
    // WebAssembly pages of 64 KiB, and more than the tables copied out of it (40,000 groups of two
    // key ids and four numbers: 1,600,000 bytes).
    const { scannerBytes } = await scanParts(byteSpec, [{ input: fileInput(path), start: 0, headerLine: 1 }], 4096);
    expect(scannerBytes % 65_536).toBe(0);
    expect(scannerBytes).toBeGreaterThan(n * (2 * 4 + 4 * 8));
  });

  it('gives scanners of one thread their own state, when their reads take turns', async () => {
    const a = tmp.file('a.csv', `k,n\n${Array.from({ length: 3000 }, (_, i) => `a${i % 30},${i}`).join('\n')}\n`);
    const b = tmp.file('b.csv', `k,n\n${Array.from({ length: 3000 }, (_, i) => `b${i % 7},2`).join('\n')}\n`);
    const spec = (path: string): ByteScanSpec => ({
      path,
      delimiter: 44,
      headerLine: 1,
      headerFields: 2,
      keyColumns: [0],
      countColumn: 1,
      maxRecordBytes: 1 << 20,
    });
    // Reads of 1 KB: each yields to the other now and then (every 16 reads).
    const [ra, rb] = await Promise.all([a, b].map((path) => scanFile(spec(path), 0, 1024)));
    expect(ra.groupCount).toBe(30);
    expect(rb.groupCount).toBe(7);
    // a: 0 + 1 + … + 2999; b: 3000 × 2.
    expect([...ra.groupSum].reduce((s, v) => s + v, 0)).toBe(4_498_500);
    expect([...rb.groupSum].reduce((s, v) => s + v, 0)).toBe(6000);
    expect(rb.keyValues[0]).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6']);
  });

  it('hands back, in order, the rows it cannot finish alone', async () => {
    // A ragged row, a count with a thousands comma, a decimal, a quoted count, a suppression mark:
    // each stops the scan once, and the scan goes on after it.
    const path = tmp.file('events.csv', 'k,n\nx,1\nx,2,extra\nx,"1,200"\nx,2.5\nx,"7"\nx,[x]\ny,4\n');
    const scanner = new ByteGroupScanner({
      path,
      delimiter: 44,
      headerLine: 1,
      headerFields: 2,
      keyColumns: [0],
      countColumn: 1,
      maxRecordBytes: 1 << 20,
    });
    const text = readFileSync(path);
    text.copy(scanner.buffer(text.length));
    expect(scanner.scan(text.length, true)).toBe(text.length);
    const r = scanner.result();
    // x: 1 + 1200 + 2.5 + 7 in 4 rows; [x] tallied at line 7; y: 4.
    expect(r.keyValues[0]).toEqual(['x', 'y']);
    expect([...r.groupSum]).toEqual([1210.5, 4]);
    expect([...r.groupRows]).toEqual([4, 1]);
    expect(r.cells).toEqual([{ group: 0, text: '[x]', raw: false, rows: 1, firstLine: 7 }]);
    expect(r.ragged).toEqual({ rows: 1, firstLine: 3, raw: 'x,2,extra' });
    expect(r.dataRows).toBe(7);
  });

  it('stops at an unterminated quote with its line', async () => {
    const path = tmp.file('open.csv', 'k,n\na,1\n"b\n,2\n');
    const spec: GroupSpec = { headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1, delimiter: ',' };
    await expect(groupRows(path, spec)).rejects.toMatchObject({ code: 'E_CSV_UNTERMINATED_QUOTE', line: 3 });
    await expect(groupRowsByStrings(path, spec)).rejects.toMatchObject({ code: 'E_CSV_UNTERMINATED_QUOTE', line: 3 });
  });
});

describe('without WebAssembly', () => {
  const bin = join(REPO_ROOT, 'bin', 'stalkstats.js');
  const demo = join(REPO_ROOT, 'data', 'demo', 'demo-home-office-quarterly.csv');

  it('groups files with the string reader under node --jitless, with the same output', () => {
    const run = (flags: string[]) =>
      spawnSync(process.execPath, [...flags, bin, 'trend', demo, '--by', 'fy', '--format', 'json'], {
        encoding: 'utf8',
      });
    const normal = run([]);
    const jitless = run(['--jitless']);
    expect(normal.status).toBe(0);
    expect(jitless.status).toBe(0);
    expect(jitless.stdout).toBe(normal.stdout);
    expect(JSON.parse(normal.stdout).rows.length).toBeGreaterThan(0);
  });

  it('names the missing file and the fix when the compiled scanner is not there', () => {
    // The reader compiled on its own, with no wasm/ folder anywhere above it.
    const out = join(tmp.dir, 'bare');
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = [
      '--ignoreConfig',
      '--outDir',
      out,
      '--rootDir',
      '.',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--types',
      'node',
      '--skipLibCheck',
      'src/read/group.ts',
    ];
    spawnSync(process.execPath, [tsc, ...args], { cwd: REPO_ROOT, stdio: 'pipe' });
    const path = tmp.file('small.csv', 'k,n\na,1\n');
    const script = `
      const { groupRows } = await import(${JSON.stringify(join(out, 'src', 'read', 'group.js'))});
      try { await groupRows(${JSON.stringify(path)}, { headerLine: 1, headerFields: 2, keyColumns: [0], countColumn: 1, delimiter: ',' }); console.log('read'); }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, file: e.file })); }`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const error = JSON.parse(r.stdout) as { code: string; message: string; file: string };
    expect(error.code).toBe('E_DATA_FILE');
    expect(error.message).toMatch(
      /byte scanner is missing: no dist\/wasm\/bytescan\.wasm above this folder; run npm run build/,
    );
    expect(error.file).toBe(join(out, 'src', 'read'));
    // With the file copied where the reader looks, the same build reads the file.
    cpSync(join(REPO_ROOT, 'dist', 'wasm'), join(out, 'wasm'), { recursive: true });
    expect(spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).stdout.trim()).toBe(
      'read',
    );
  });
});
