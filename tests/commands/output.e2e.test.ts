import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/realData.js';
import { csv, writeTemp } from '../helpers/temp.js';

// Output to a file or pipe is written straight to the descriptor (src/main.ts). These runs check
// what a reader of the pipe sees: all of the output, also when the pipe fills up or was left
// non-blocking, and a quiet exit when the reader goes away early.

const BIN = join(REPO_ROOT, 'bin', 'stalkstats.js');

const HO =
  'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
/** 400 forces × 8 quarters of stalking: `trend --each-area --format json` prints about 1.5 MB. */
function bigFile(): string {
  const rows: string[] = [];
  for (let f = 0; f < 400; f++)
    for (const y of ['2019/20', '2020/21'])
      for (let q = 1; q <= 4; q++)
        rows.push(
          `${y},${q},Force ${f},Stalking,Violence against the person,Stalking and harassment,8Q,${(f * 7 + q) % 90}`,
        );
  return writeTemp('many-forces.csv', csv(HO, ...rows));
}

const env = () => {
  const e: Record<string, string> = { PATH: process.env.PATH ?? '' };
  return e;
};

/** Runs the CLI with stdout a pipe that is read only after `delayMs`; `preload` is a --require script. */
function runSlowReader(
  args: string[],
  delayMs: number,
  preload?: string,
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(preload ? ['--require', preload] : []), BIN, ...args], {
      cwd: REPO_ROOT,
      env: env(),
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.pause();
    setTimeout(() => {
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stdout.resume();
    }, delayMs);
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
  });
}

describe('output to a pipe', () => {
  const file = bigFile();
  const args = ['trend', file, '--each-area', '--format', 'json', '--quiet'];
  const whole = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: env(), maxBuffer: 1 << 26 });

  it('is whole when the reader is slow and the pipe fills up', async () => {
    expect(whole!.status).toBe(0);
    expect(whole!.stdout.length).toBeGreaterThan(1 << 20);
    const json = JSON.parse(whole!.stdout.toString());
    // 400 forces × 8 quarters of one category (stalking).
    expect(json.rows.filter((r: { category: string }) => r.category === 'stalking')).toHaveLength(3200);
    const slow = await runSlowReader(args, 300);
    expect(slow.code).toBe(0);
    expect(slow.stderr).toBe('');
    expect(slow.stdout.equals(whole!.stdout)).toBe(true);
  });

  it('is whole when the pipe was left non-blocking (a full pipe refuses writes with EAGAIN)', async () => {
    // Opening process.stdout on a pipe makes its descriptor non-blocking, as a parent Node.js
    // process that shares its own stdout leaves it.
    const preload = writeTemp('nonblocking-stdout.cjs', 'process.stdout;\n');
    const slow = await runSlowReader(args, 300, preload);
    expect(slow.code).toBe(0);
    expect(slow.stderr).toBe('');
    expect(slow.stdout.equals(whole!.stdout)).toBe(true);
  });

  it('ends quietly with 0 when the reader goes away early', async () => {
    const result = await new Promise<{ code: number | null; stderr: string; got: number }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: env() });
      let got = 0;
      let err = '';
      child.stdout.once('data', (b: Buffer) => {
        got = b.length;
        child.stdout.destroy();
      });
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr: err, got }));
    });
    expect(result.got).toBeGreaterThan(0);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});

// Standard input and gzip are read only when an input asks for them (src/main.ts, read/archive/gzip.ts):
// through the built command, both give the bytes that the plain file gives.
describe('inputs read on demand', () => {
  const rows = [
    '2019/20,1,Northvale,Stalking,Violence against the person,Stalking and harassment,8Q,41',
    '2019/20,2,Northvale,Stalking,Violence against the person,Stalking and harassment,8Q,37',
    '2020/21,1,Northvale,Stalking,Violence against the person,Stalking and harassment,8Q,52',
  ];
  const text = csv(HO, ...rows);
  const file = writeTemp('stdin-plain.csv', text);
  const run = (args: string[], input?: Buffer | string) =>
    spawnSync(process.execPath, [BIN, 'trend', ...args, '--format', 'csv', '--quiet'], {
      cwd: REPO_ROOT,
      env: env(),
      ...(input !== undefined ? { input } : {}),
    });
  const plain = run([file]);

  it('reads standard input for -', () => {
    expect(plain.status).toBe(0);
    // The first quarter's count as the file gives it (Northvale, stalking, 2019/20 Q1: 41).
    expect(plain.stdout.toString()).toContain(',41,');
    const piped = run(['-'], text);
    expect(piped.status).toBe(0);
    expect(piped.stdout.toString()).toBe(plain.stdout.toString());
  });

  it('reads a .gz file', () => {
    const gz = writeTemp('stdin-plain.csv.gz', gzipSync(Buffer.from(text)));
    const packed = run([gz]);
    expect(packed.status).toBe(0);
    expect(packed.stdout.toString()).toBe(plain.stdout.toString());
  });
});
