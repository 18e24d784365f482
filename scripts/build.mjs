#!/usr/bin/env node
// Builds the tool into dist/: the byte scanner's WebAssembly (scripts/build-wasm.mjs), the
// TypeScript (dist/src), and the bundle the command runs (scripts/bundle.mjs). dist is emptied
// first, so a module deleted from src/ leaves nothing behind.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run([join(root, 'scripts', 'build-wasm.mjs')]);
run([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
run([join(root, 'scripts', 'bundle.mjs')]);
