#!/usr/bin/env node
// The `stalkstats` command: runs the program as `npm run build` bundled it (dist/bundle).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bundle/stalkstats.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('stalkstats: not built yet: run `npm run build` (or `npm ci`) in the stalkstats folder\n');
  process.exit(70);
}
const { main } = await import(entry.href);
main();
