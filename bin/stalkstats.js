#!/usr/bin/env node
'use strict';
// Runs the bundle (dist/bundle/stalkstats.cjs with its code cache, built by `npm run build` after
// tsc; see bundle-loader.js) when it is there and no older than the compiled modules, else the
// compiled modules themselves (dist/src). A bundle left over from before a plain `tsc` run is
// stale, so it is skipped; STALKSTATS_NO_BUNDLE=1 skips it too.
//
// CommonJS (bin/package.json): a CommonJS entry starts faster than an ES module one.
const { statSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const bundle = join(__dirname, '..', 'dist', 'bundle', 'stalkstats.cjs');
const modules = join(__dirname, '..', 'dist', 'src', 'main.js');

function useBundle() {
  if (process.env.STALKSTATS_NO_BUNDLE) return false;
  const b = statSync(bundle, { throwIfNoEntry: false });
  if (!b) return false;
  const m = statSync(modules, { throwIfNoEntry: false });
  return !m || b.mtimeMs >= m.mtimeMs;
}

if (useBundle()) {
  const loader = require('./bundle-loader.js');
  loader.loadBundle(bundle, { command: loader.commandOf(process.argv.slice(2)) }).exports.main();
} else {
  import(pathToFileURL(modules).href).then(({ main }) => main());
}
