#!/usr/bin/env node
// Bundles the compiled CLI (dist/src, written by tsc just before) into dist/bundle/, which
// bin/stalkstats.js loads when present, then writes its code cache (scripts/code-cache.mjs):
//
//   dist/bundle/stalkstats.cjs        the whole CLI in one CommonJS file, with its dependencies
//                                     (commander, chalk, cli-table3, yaml); exports main() and run()
//   dist/bundle/stalkstats.cjs.cache  V8's compiled bytecode for it, from training runs over the
//                                     demo data (see bin/bundle-loader.js); and one cache per
//                                     command, stalkstats.cjs.COMMAND.cache, from its runs alone
//   dist/bundle/group-worker.js       the reader's worker thread, on its own; src/read/parallel.ts
//                                     finds it as new URL('./group-worker.js', import.meta.url), so
//                                     it sits next to stalkstats.cjs
//
// One file, not one module per command: V8 can only take a code cache for a script, and with the
// cache nothing is parsed that a run does not call. What a command does not need is still not
// run: the modules behind the dynamic imports in src/ (the table, chart and loader code, each
// command) are initialised only when imported. Data files are found from import.meta.url (here
// the bundle's own URL, passed in by the loader) by walking up to the package folder.
//
// Usage: node scripts/bundle.mjs [--outdir DIR] [--no-cache]   (npm run build runs it after tsc)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * commander requires node:child_process when it loads, for subcommands run as separate programs,
 * which stalkstats never uses; loading it also loads the net and dgram modules (1-2 ms of a cold
 * start). In the bundle, commander gets a stand-in that loads the real module on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "let real;\nmodule.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });\n",
      loader: 'js',
    }));
  },
};

/** Where the bundled code reads `import.meta.url`: a parameter the loader passes (bin/bundle-loader.js). */
const IMPORT_META_URL = '__stalkstatsUrl';

/** esbuild options for the CLI: one CommonJS file exporting main() and run(). */
export function cliOptions(outfile, entry = "export { main } from './dist/src/main.js';\nexport { run } from './dist/src/cli.js';\n") {
  return {
    absWorkingDir: root,
    stdin: { contents: entry, resolveDir: root, sourcefile: 'stalkstats-entry.js', loader: 'js' },
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: { 'import.meta.url': IMPORT_META_URL },
    plugins: [lazyChildProcess],
    logLevel: 'warning',
  };
}

/** esbuild options for the worker thread's own file (an ES module, as worker_threads runs it). */
export function workerOptions(outfile) {
  return {
    absWorkingDir: root,
    entryPoints: ['dist/src/read/group-worker.js'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  };
}

/**
 * Starts the bundle with a line naming its build (a hash of its text), which its code cache repeats
 * (bin/bundle-loader.js): a cache is used only with the bundle it was made from.
 */
function markBuild(file) {
  const text = readFileSync(file);
  const id = createHash('sha256').update(text).digest('hex').slice(0, 32);
  writeFileSync(file, Buffer.concat([Buffer.from(`// stalkstats build ${id}\n`), text]));
}

/** Runs the training runs that write the code caches, in fresh processes (see scripts/code-cache.mjs). */
function writeCache(bundleFile) {
  // V8 takes a cache only under the flags it was made with: NODE_OPTIONS of the build is left out.
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'code-cache.mjs'), bundleFile], { env, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`the code cache could not be written: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`);
}

export async function bundle(outdir = join(root, 'dist', 'bundle'), { cache = true } = {}) {
  if (!existsSync(join(root, 'dist', 'src', 'main.js'))) throw new Error('dist/src/main.js is missing: run tsc first (npm run build does both)');
  const { build } = await import('esbuild');
  // Built beside the old bundle and swapped in at the end, so a run that starts meanwhile finds a
  // whole bundle or none (bin/stalkstats.js then runs dist/src).
  const staging = `${outdir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await build(cliOptions(join(staging, 'stalkstats.cjs')));
    markBuild(join(staging, 'stalkstats.cjs'));
    await build(workerOptions(join(staging, 'group-worker.js')));
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  if (cache) writeCache(join(outdir, 'stalkstats.cjs'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--outdir');
  const outdir = i > 0 ? resolve(process.argv[i + 1]) : undefined;
  try {
    await bundle(outdir, { cache: !process.argv.includes('--no-cache') });
  } catch (e) {
    console.error(`bundle: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
