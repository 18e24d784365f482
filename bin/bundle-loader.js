'use strict';
// Loads the CLI from dist/bundle/stalkstats.cjs: the whole program in one CommonJS file (built by
// scripts/bundle.mjs), compiled with the V8 code cache written beside it at build time
// (stalkstats.cjs.cache, by scripts/code-cache.mjs). With the cache, V8 takes the bytecode of the
// functions a typical run calls from the file instead of parsing and compiling each one when it is
// first called, which is much of a short run's own time.
//
// The bundle's first line names its build ("// stalkstats build ID", ID a hash of the rest), and the
// cache starts with the same line: a cache made from another bundle is not used (V8 itself checks
// only the source's length). V8 refuses a cache made by another Node.js version or under other V8
// flags; the bundle is then compiled as usual. Either way the same code runs: the cache holds
// compiled bytecode, no state.
//
// CommonJS (bin/package.json), as bin/stalkstats.js: a CommonJS entry starts faster than an ES one.
const { isAscii } = require('node:buffer');
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

const BUNDLE_FILE = join(__dirname, '..', 'dist', 'bundle', 'stalkstats.cjs');
const BUILD_LINE = '// stalkstats build ';
const LF = 10;

const cacheFileOf = (file) => `${file}.cache`;

/** The bundle's first line, with its line feed: the build it names. */
function buildLine(bytes) {
  const end = bytes.indexOf(LF);
  if (end < 0 || bytes.latin1Slice(0, BUILD_LINE.length) !== BUILD_LINE) return null;
  return bytes.subarray(0, end + 1);
}

/**
 * The bundle's text inside a function taking what a CommonJS module gets, plus `__stalkstatsUrl`,
 * which stands for `import.meta.url` in the bundled code (the data files and the reader's worker are
 * found from it). The same text for building the cache and for using it.
 */
function wrappedSource(bytes) {
  // esbuild writes ASCII, which makes a one-byte string without decoding.
  const text = isAscii(bytes) ? bytes.latin1Slice(0, bytes.length) : bytes.toString('utf8');
  return `(function (exports, require, module, __filename, __dirname, __stalkstatsUrl) {${text}\n})`;
}

function readCache(file, bytes) {
  const line = buildLine(bytes);
  if (!line) return undefined;
  let data;
  try {
    data = readFileSync(cacheFileOf(file));
  } catch {
    return undefined;
  }
  if (data.length <= line.length || !data.subarray(0, line.length).equals(line)) return undefined;
  return data.subarray(line.length);
}

/**
 * Compiles and runs the bundle `file`; returns its exports, the compiled script (for writing a
 * cache after a run) and whether a code cache was used. `cache: false` compiles without one.
 */
function loadBundle(file = BUNDLE_FILE, { cache = true } = {}) {
  const bytes = readFileSync(file);
  const cachedData = cache ? readCache(file, bytes) : undefined;
  const script = new Script(wrappedSource(bytes), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file), pathToFileURL(file).href);
  return { exports: mod.exports, script, cached: cachedData !== undefined && !script.cachedDataRejected, bytes };
}

/** Writes the code cache of `loaded` (a `loadBundle` result, after the runs it should cover). */
function writeCodeCache(file, loaded) {
  const line = buildLine(loaded.bytes);
  if (!line) throw new Error(`${file} does not start with '${BUILD_LINE.trim()}'`);
  const target = cacheFileOf(file);
  const staging = `${target}.tmp-${process.pid}`;
  writeFileSync(staging, Buffer.concat([line, loaded.script.createCachedData()]));
  renameSync(staging, target);
}

module.exports = { BUNDLE_FILE, BUILD_LINE, cacheFileOf, loadBundle, writeCodeCache };
