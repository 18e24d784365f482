#!/usr/bin/env node
// Compiles the byte scanner (src/read/wasm/bytescan.ts, AssemblyScript) into
// dist/wasm/bytescan.wasm, which src/read/bytescan.ts loads. `npm run build` runs it.
//
// Usage: node scripts/build-wasm.mjs
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(resolve(root, 'dist/wasm'), { recursive: true });
const { error, stderr } = await asc.main(
  [
    'src/read/wasm/bytescan.ts',
    '--outFile',
    'dist/wasm/bytescan.wasm',
    '-O3',
    // An allocator that frees (TLSF) and no collection: the module keeps a handful of growing tables.
    '--runtime',
    'minimal',
    '--noAssert',
    '--enable',
    'simd',
    // No host imports at all: a trap ends the scan with a RuntimeError.
    '--use',
    'abort=',
  ],
  { stdout: process.stdout, stderr: process.stderr },
);
if (error) {
  console.error(`build-wasm: ${error.message}\n${stderr.toString()}`);
  process.exit(1);
}
