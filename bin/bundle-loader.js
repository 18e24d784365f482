'use strict';
// Loads the CLI from dist/bundle/stalkstats.cjs: the whole program in one CommonJS file (built by
// scripts/bundle.mjs), compiled with the V8 code cache written beside it at build time
// (stalkstats.cjs.cache, by scripts/code-cache.mjs). With the cache, V8 takes the bytecode of the
// functions a typical run calls from the file instead of parsing and compiling each one when it is
// first called, which is much of a short run's own time.
//
// Each command has a cache of its own (stalkstats.cjs.COMMAND.cache, from runs of that command
// alone), taken when the command is known from the arguments; otherwise, or when it is missing, the
// cache of every training run (stalkstats.cjs.cache). V8 reads the whole of a cache as the bundle is
// compiled, so a smaller one starts faster: a `trend` run took 2-3 ms less with the cache of
// `trend` runs (0.46 MB) than with the cache of every run (0.74 MB).
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

/** The cache of `command`'s runs, or with no command the cache of every training run. */
const cacheFileOf = (file, command = null) => (command ? `${file}.${command}.cache` : `${file}.cache`);

/**
 * The command the arguments name, as far as a cache goes: the first that is not an option (an
 * option's value may stand there instead, and is then a command with no cache of its own).
 */
function commandOf(args) {
  const first = args.find((a) => !a.startsWith('-'));
  return first !== undefined && /^[a-z]+$/.test(first) ? first : null;
}

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

/** V8's data in a cache file made for the bundle `bytes` (null if missing or made for another build). */
function readCache(cacheFile, bytes) {
  const line = buildLine(bytes);
  if (!line) return null;
  let data;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return null;
  }
  if (data.length <= line.length || !data.subarray(0, line.length).equals(line)) return null;
  return data.subarray(line.length);
}

/**
 * Compiles and runs the bundle `file`; returns its exports, the compiled script (for writing a
 * cache after a run), whether a code cache was used and which file it came from. The cache is
 * `command`'s own when there is one, else the cache of every run; `cache: false` compiles without.
 */
function loadBundle(file = BUNDLE_FILE, { cache = true, command = null } = {}) {
  const bytes = readFileSync(file);
  let cacheFile = null;
  let cachedData = null;
  for (const candidate of cache ? (command ? [command, null] : [null]) : []) {
    cachedData = readCache(cacheFileOf(file, candidate), bytes);
    if (cachedData) {
      cacheFile = cacheFileOf(file, candidate);
      break;
    }
  }
  const script = new Script(wrappedSource(bytes), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file), pathToFileURL(file).href);
  const cached = cachedData !== null && !script.cachedDataRejected;
  return { exports: mod.exports, script, cached, cacheFile: cached ? cacheFile : null, bytes };
}

/** Writes the code cache of `loaded` (a `loadBundle` result, after the runs it should cover): `command`'s own, or with none the cache of every run. */
function writeCodeCache(file, loaded, command = null) {
  const line = buildLine(loaded.bytes);
  if (!line) throw new Error(`${file} does not start with '${BUILD_LINE.trim()}'`);
  const target = cacheFileOf(file, command);
  const staging = `${target}.tmp-${process.pid}`;
  writeFileSync(staging, Buffer.concat([line, loaded.script.createCachedData()]));
  renameSync(staging, target);
}

module.exports = { BUNDLE_FILE, BUILD_LINE, cacheFileOf, commandOf, loadBundle, writeCodeCache };
