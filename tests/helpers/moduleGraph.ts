import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';
import { REPO_ROOT } from './realData.js';

/** The compiled modules (tsc) and the bundle built from them (scripts/bundle.mjs). */
export const MODULES_ENTRY = join(REPO_ROOT, 'dist/src/main.js');
export const BUNDLE_DIR = join(REPO_ROOT, 'dist/bundle');
export const BUNDLE_ENTRY = join(BUNDLE_DIR, 'stalkstats.js');

/**
 * True when the bundle is there and built from the current compiled modules (not left over from
 * before a plain `tsc` run); bin/stalkstats.js makes the same check before using it.
 */
export function bundleIsFresh(): boolean {
  if (!existsSync(BUNDLE_ENTRY) || !existsSync(MODULES_ENTRY)) return false;
  return statSync(BUNDLE_ENTRY).mtimeMs >= statSync(MODULES_ENTRY).mtimeMs;
}

let dir: string | null = null;
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

export function scratchDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'stalkstats-graph-'));
  return dir;
}

/** A loader hook that appends every file: URL the process loads to a log file. */
function loadLogger(): string {
  const d = scratchDir();
  const register = join(d, 'register.mjs');
  if (!existsSync(register)) {
    writeFileSync(
      join(d, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(log, url + '\\n');
  return next(url, context);
}
`,
    );
    writeFileSync(
      register,
      `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(join(d, 'hooks.mjs')).href)}, { data: { log: process.env.STALKSTATS_TEST_LOAD_LOG } });
`,
    );
  }
  return register;
}

export interface EntryRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A plain environment for a child process: no colour, no CI, nothing of the test runner's. */
function plainEnv(env: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'SYSTEMROOT', 'TMPDIR', 'TEMP', 'TMP']) if (process.env[k] !== undefined) base[k] = process.env[k]!;
  return { ...base, ...env };
}

function spawnNode(nodeArgs: string[], env: Record<string, string>): EntryRun {
  const r = spawnSync(process.execPath, nodeArgs, { cwd: REPO_ROOT, env: plainEnv(env), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function entryScript(entry: string): string {
  return `const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)}); main();`;
}

/**
 * Node's arguments to run `main()` of `entry` with `args`. The placeholder after '--' stands where a
 * script's path would be (main() reads process.argv from the third item on); without it node takes
 * `--version` for its own, and a first argument `inspect` starts node's debugger.
 */
function entryArgs(entry: string, args: string[]): string[] {
  return ['--input-type=module', '-e', entryScript(entry), '--', 'stalkstats', ...args];
}

/**
 * Runs `main()` of an entry module (dist/src/main.js or the bundle) with `args` in a child process,
 * from the project folder, with a plain environment (no colour unless `env` asks for it).
 */
export function runEntry(entry: string, args: string[], env: Record<string, string> = {}): EntryRun {
  return spawnNode(entryArgs(entry, args), env);
}

/** Runs `node NODEARGS` with the load logger; returns the run and the project files it loaded. */
function withLoadLog(nodeArgs: string[], env: Record<string, string>): { run: EntryRun; files: string[] } {
  const log = join(scratchDir(), `load-${Date.now()}-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(log, '');
  const run = spawnNode(['--import', pathToFileURL(loadLogger()).href, ...nodeArgs], { ...env, STALKSTATS_TEST_LOAD_LOG: log });
  const files = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))].map((u) => relative(REPO_ROOT, fileURLToPath(u)).split('\\').join('/'));
  return { run, files };
}

/** The project files (relative to the project folder) a run of `entry` with `args` loaded. */
export function loadedFiles(entry: string, args: string[]): { run: EntryRun; files: string[] } {
  return withLoadLog(entryArgs(entry, args), {});
}

/** The same for `bin/stalkstats.js ARGS`. */
export function binLoadedFiles(args: string[], env: Record<string, string> = {}): { run: EntryRun; files: string[] } {
  return withLoadLog(['bin/stalkstats.js', ...args], env);
}

/** For a bundle run: the sources (relative paths, as esbuild names them) inside the files it loaded. */
export function bundledSources(files: string[]): string[] {
  const meta = JSON.parse(readFileSync(join(BUNDLE_DIR, 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const out = new Set<string>();
  for (const f of files) for (const input of Object.keys(meta.outputs[f]?.inputs ?? {})) out.add(input);
  return [...out];
}
