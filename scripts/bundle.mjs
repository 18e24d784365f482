#!/usr/bin/env node
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// Bundles the compiled program (dist/src) with its dependencies into one CommonJS file,
// dist/bundle/stalkstats.cjs, which bin/stalkstats.js loads. Measured on a cold `trend` of the ONS
// file (docs/speed.md), one CommonJS file starts faster than ES modules (Node.js loads those
// asynchronously, a file at a time, through its module loader) whether split into chunks or not.
// Modules a run loads only when it needs them (each command, the renderers, the workbook and
// archive readers) stay functions not run until then. The HTML parser (parse5) and the YAML parser
// are not bundled: only `check` reading a web page or a claims file loads them, from node_modules,
// and on every other run they would be source to compile for nothing.
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/main.js'],
  outfile: 'dist/bundle/stalkstats.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  external: ['parse5', 'yaml'],
  // Less source to read at start-up; names are kept, so stack traces (--debug) still read.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // The sources are ES modules, which find the data folder and the scanner from their own URL.
  define: { 'import.meta.url': '__moduleUrl' },
  banner: { js: "const __moduleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
