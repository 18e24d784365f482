#!/usr/bin/env node
// Bundles the compiled CLI (dist/src, written by tsc just before) into dist/bundle/, which
// bin/stalkstats.js loads when present: one ES module file per command plus shared chunks, with
// the dependencies (commander, chalk, cli-table3, yaml) inside, so a cold start reads a handful of
// files instead of ~60 modules and the package.json files of each dependency.
//
// Layout (all in one folder, on purpose):
//   dist/bundle/stalkstats.js    the entry: exports main(), as dist/src/main.js does
//   dist/bundle/group-worker.js  the reader's worker thread; src/read/parallel.ts finds it as
//                                new URL('./group-worker.js', import.meta.url) from the chunk that
//                                holds the reader, so it must sit next to the chunks
//   dist/bundle/*-HASH.js        per-command modules and shared chunks, loaded on demand
//   dist/bundle/meta.json        esbuild's metafile: which source went into which file (tests use it)
// Data files are found from import.meta.url by walking up to the package folder, which works from
// dist/bundle as from dist/src.
//
// Usage: node scripts/bundle.mjs [--outdir DIR]   (npm run build runs it after tsc)
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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

/**
 * esbuild options for the CLI bundle. Code splitting keeps each command's code (and the table,
 * chart and loader code behind the dynamic imports in src/) out of a run that does not need it;
 * a single file would be parsed whole on every start.
 */
export function bundleOptions(outdir) {
  return {
    absWorkingDir: root,
    entryPoints: { stalkstats: 'dist/src/main.js', 'group-worker': 'dist/src/read/group-worker.js' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    // commander (CommonJS) requires node:events, node:child_process and friends; an ES module has
    // no `require`, so give the chunks one.
    banner: { js: "import { createRequire as __stalkstatsRequire } from 'node:module';\nconst require = __stalkstatsRequire(import.meta.url);" },
    plugins: [lazyChildProcess],
    metafile: true,
    logLevel: 'warning',
  };
}

export async function bundle(outdir = join(root, 'dist', 'bundle')) {
  if (!existsSync(join(root, 'dist', 'src', 'main.js'))) throw new Error('dist/src/main.js is missing: run tsc first (npm run build does both)');
  const { build } = await import('esbuild');
  // Built beside the old bundle and swapped in at the end, so a run that starts meanwhile finds a
  // whole bundle or none (bin/stalkstats.js then runs dist/src); chunk names carry a hash, so the
  // old folder goes rather than being written over.
  const staging = `${outdir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const result = await build(bundleOptions(staging));
    // esbuild's record of which source went where, with the staging folder's name made the final one.
    const rel = (p) => relative(root, p).split(sep).join('/');
    writeFileSync(join(staging, 'meta.json'), `${JSON.stringify(result.metafile).split(`"${rel(staging)}/`).join(`"${rel(outdir)}/`)}\n`);
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
    return result;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--outdir');
  const outdir = i > 0 ? resolve(process.argv[i + 1]) : undefined;
  try {
    await bundle(outdir);
  } catch (e) {
    console.error(`bundle: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
