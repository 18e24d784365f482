#!/usr/bin/env node
// Runs the bundle (dist/bundle, built by `npm run build` after tsc) when it is there and no older
// than the compiled modules, else the compiled modules themselves (dist/src). A bundle left over
// from before a plain `tsc` run is stale, so it is skipped; STALKSTATS_NO_BUNDLE=1 skips it too.
import { statSync } from 'node:fs';

const bundle = new URL('../dist/bundle/stalkstats.js', import.meta.url);
const modules = new URL('../dist/src/main.js', import.meta.url);

function useBundle() {
  if (process.env.STALKSTATS_NO_BUNDLE) return false;
  const b = statSync(bundle, { throwIfNoEntry: false });
  if (!b) return false;
  const m = statSync(modules, { throwIfNoEntry: false });
  return !m || b.mtimeMs >= m.mtimeMs;
}

const { main } = await import(useBundle() ? bundle.href : modules.href);
main();
