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
export const BUNDLE_ENTRY = join(BUNDLE_DIR, 'stalkstats.cjs');
export const BUNDLE_LOADER = join(REPO_ROOT, 'bin/bundle-loader.js');

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

/**
 * A script for `--require` that logs what the bundle does: each module it initialises (esbuild
 * names a module's initialiser after its source, and reads the name with the
 * Object.getOwnPropertyNames the bundle captures when it starts) and each .cjs or .cache file read.
 */
function bundleLogger(): string {
  const d = scratchDir();
  const preload = join(d, 'bundle-log.cjs');
  if (!existsSync(preload)) {
    writeFileSync(
      preload,
      `'use strict';
const fs = require('node:fs');
const log = process.env.STALKSTATS_TEST_LOAD_LOG;
const names = Object.getOwnPropertyNames;
Object.getOwnPropertyNames = function (o) {
  const r = names(o);
  if (r.length === 1 && /^(dist\\/src|node_modules)\\//.test(r[0])) fs.appendFileSync(log, 'module:' + r[0] + '\\n');
  return r;
};
const read = fs.readFileSync;
fs.readFileSync = function (p, ...rest) {
  if (typeof p === 'string' && /\\.(cjs|cache)$/.test(p)) fs.appendFileSync(log, 'file:' + p + '\\n');
  return read.call(this, p, ...rest);
};
const before = new Set(process.moduleLoadList);
process.on('exit', () => {
  for (const m of process.moduleLoadList) if (!before.has(m) && m.startsWith('NativeModule ')) fs.appendFileSync(log, 'builtin:' + m.slice(13) + '\\n');
});
`,
    );
  }
  return preload;
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

/**
 * Node's arguments to run `main()` of `entry` with `args`: the compiled modules imported, or the
 * bundle through its loader (with the code cache of the command), as bin/stalkstats.js runs them. The placeholder
 * after '--' stands where a script's path would be (main() reads process.argv from the third item
 * on); without it node takes `--version` for its own, and a first argument `inspect` starts node's
 * debugger.
 */
function entryArgs(entry: string, args: string[]): string[] {
  const script =
    entry === BUNDLE_ENTRY
      ? ['-e', `const l = require(${JSON.stringify(BUNDLE_LOADER)}); l.loadBundle(${JSON.stringify(entry)}, { command: l.commandOf(${JSON.stringify(args)}) }).exports.main();`]
      : ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)}); main();`];
  return [...script, '--', 'stalkstats', ...args];
}

/**
 * Runs `main()` of an entry module (dist/src/main.js or the bundle) with `args` in a child process,
 * from the project folder, with a plain environment (no colour unless `env` asks for it).
 */
export function runEntry(entry: string, args: string[], env: Record<string, string> = {}): EntryRun {
  return spawnNode(entryArgs(entry, args), env);
}

/**
 * Runs `node NODEARGS` with both loggers. Returns the run, the project files it loaded or read
 * (relative to the project folder: ES modules, the bundle and its cache) and the modules the bundle
 * initialised (as esbuild names them: dist/src/…, node_modules/…).
 */
function withLoadLog(nodeArgs: string[], env: Record<string, string>): { run: EntryRun; files: string[]; modules: string[] } {
  const log = join(scratchDir(), `load-${Date.now()}-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(log, '');
  const run = spawnNode(['--require', bundleLogger(), '--import', pathToFileURL(loadLogger()).href, ...nodeArgs], { ...env, STALKSTATS_TEST_LOAD_LOG: log });
  const lines = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
  const rel = (p: string) => relative(REPO_ROOT, p).split('\\').join('/');
  const files = lines.filter((l) => l.startsWith('file:')).map((l) => rel(l.startsWith('file:///') ? fileURLToPath(l) : l.slice('file:'.length)));
  const modules = lines.filter((l) => l.startsWith('module:')).map((l) => l.slice('module:'.length));
  return { run, files, modules };
}

/**
 * What a run of `entry` with `args` loaded: for the compiled modules, the project files; for the
 * bundle, the modules it initialised (one file holds them all, but each runs only when imported).
 */
export function loadedFiles(entry: string, args: string[], env: Record<string, string> = {}): { run: EntryRun; files: string[] } {
  const r = withLoadLog(entryArgs(entry, args), env);
  return { run: r.run, files: entry === BUNDLE_ENTRY ? r.modules : r.files };
}

/**
 * The built-in modules a run of `entry` with `args` loaded beyond those Node starts with. Only the
 * CommonJS logger is preloaded: the ES module loader hook runs in a worker thread of its own.
 */
export function loadedBuiltins(entry: string, args: string[], env: Record<string, string> = {}): { run: EntryRun; builtins: string[] } {
  const log = join(scratchDir(), `builtins-${Date.now()}-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(log, '');
  const run = spawnNode(['--require', bundleLogger(), ...entryArgs(entry, args)], { ...env, STALKSTATS_TEST_LOAD_LOG: log });
  const builtins = readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('builtin:'))
    .map((l) => l.slice('builtin:'.length));
  return { run, builtins };
}

/** The same for `bin/stalkstats.js ARGS`: the files it loaded or read, and the bundle's modules. */
export function binLoadedFiles(args: string[], env: Record<string, string> = {}): { run: EntryRun; files: string[]; modules: string[] } {
  return withLoadLog(['bin/stalkstats.js', ...args], env);
}
