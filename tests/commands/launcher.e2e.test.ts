import { execFile } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/realData.js';

// bin/stalkstats, the command npm links: a shell script that runs itself with Node.js, leaving out
// NODE_EXTRA_CA_CERTS (Node.js parses the certificates it names as it starts).

const run = promisify(execFile);
const LAUNCHER = join(REPO_ROOT, 'bin', 'stalkstats');
const ENTRY = join(REPO_ROOT, 'bin', 'stalkstats.js');
const DEMO = join(REPO_ROOT, 'data/demo/demo-home-office-quarterly.csv');
const built = existsSync(join(REPO_ROOT, 'dist/src/main.js'));
const posix = process.platform !== 'win32';
if (!built) console.warn('[stalkstats tests] skipping the launcher tests: dist/src/main.js is missing (run `npm run build`)');

type Failure = { code: number; stdout: string; stderr: string };
const outcome = (p: Promise<{ stdout: string; stderr: string }>) =>
  p.then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: Failure) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

/** The environment without the variable, and with it naming a file that does not exist. */
const { NODE_EXTRA_CA_CERTS: _ignored, ...plainEnv } = process.env;
const BOGUS_CERTS = join(tmpdir(), 'stalkstats-no-such-certificates.pem');
const certsEnv = { ...plainEnv, NO_COLOR: '1', NODE_EXTRA_CA_CERTS: BOGUS_CERTS };
const CERTS_WARNING = 'Ignoring extra certs';

const temp = mkdtempSync(join(tmpdir(), 'stalkstats-launcher-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('package.json names the launcher as the command', () => {
  it('bin/stalkstats, an executable shell script', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ stalkstats: 'bin/stalkstats' });
    expect(pkg.files).toContain('bin');
    const text = readFileSync(LAUNCHER, 'utf8');
    expect(text.split('\n')[0]).toBe('#!/bin/sh');
    if (posix) expect(() => accessSync(LAUNCHER, constants.X_OK)).not.toThrow();
  });
});

describe.skipIf(!built || !posix)('bin/stalkstats end to end', () => {
  const args = ['trend', DEMO, '--by', 'fy', '--format', 'json'];

  it('Node.js itself reads NODE_EXTRA_CA_CERTS as it starts (the warning the launcher avoids)', async () => {
    const r = await outcome(run(process.execPath, [ENTRY, ...args], { env: certsEnv }));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(CERTS_WARNING);
  });

  it('runs the program without NODE_EXTRA_CA_CERTS, with the same output as bin/stalkstats.js', async () => {
    const direct = await run(process.execPath, [ENTRY, ...args], { env: { ...plainEnv, NO_COLOR: '1' } });
    const launched = await outcome(run(LAUNCHER, args, { env: certsEnv }));
    expect(launched.stderr).toBe('');
    expect(launched.code).toBe(0);
    expect(launched.stdout).toBe(direct.stdout);
    expect(JSON.parse(launched.stdout).rows.length).toBeGreaterThan(0);
  });

  it('works through a link on the PATH, from another folder, passing arguments unchanged', async () => {
    // npm links node_modules/.bin/stalkstats to the file; spaces, quotes and $ must reach the program as given.
    const binDir = join(temp, '.bin');
    const work = join(temp, 'work');
    for (const d of [binDir, work]) mkdirSync(d);
    symlinkSync(LAUNCHER, join(binDir, 'stalkstats'));
    const odd = `demo $HOME 'single' "double" *.csv`;
    copyFileSync(DEMO, join(work, odd));
    const env = { ...certsEnv, PATH: `${binDir}${delimiter}${process.env.PATH}` };
    const linked = await outcome(run('stalkstats', ['trend', odd, '--by', 'fy', '--format', 'json'], { cwd: work, env }));
    expect(linked.stderr).toBe('');
    expect(linked.code).toBe(0);
    const direct = await run(process.execPath, [ENTRY, ...args], { env: { ...plainEnv, NO_COLOR: '1' } });
    // The same figures; only the file's name differs.
    expect(JSON.parse(linked.stdout).rows).toEqual(JSON.parse(direct.stdout).rows);
    expect(JSON.parse(linked.stdout).inputs.map((i: { path: string }) => i.path)).toEqual([odd]);
  });

  it('passes the exit code and the one-line error on', async () => {
    const r = await outcome(run(LAUNCHER, ['trend', join(temp, 'no such file.csv')], { env: certsEnv }));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no such file.csv');
    expect(r.stderr).toContain('E_FILE_NOT_FOUND');
  });

  it('keeps the rest of the environment (FORCE_COLOR colours a table)', async () => {
    const { NO_COLOR: _n, ...colourable } = certsEnv;
    const r = await outcome(run(LAUNCHER, ['trend', DEMO, '--by', 'fy'], { env: { ...colourable, FORCE_COLOR: '1' } }));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\u001b[');
  });

  it('is a Node.js program too: node bin/stalkstats runs the same command', async () => {
    const asScript = await run(process.execPath, [LAUNCHER, ...args], { env: { ...plainEnv, NO_COLOR: '1' } });
    const direct = await run(process.execPath, [ENTRY, ...args], { env: { ...plainEnv, NO_COLOR: '1' } });
    expect(asScript.stdout).toBe(direct.stdout);
  });
});
