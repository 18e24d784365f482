#!/usr/bin/env node
// The `stalkstats` command: runs the program as `npm run build` bundled it (dist/bundle). A
// CommonJS file (bin/package.json), as the bundle is: see scripts/bundle.mjs.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'bundle', 'stalkstats.cjs');
if (!existsSync(entry)) {
  process.stderr.write('stalkstats: not built yet: run `npm run build` (or `npm ci`) in the stalkstats folder\n');
  process.exit(70);
}
require(entry).main();
