import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

let dir: string | null = null;

// Registered when a test file imports this helper, so the folder goes when that file's tests end.
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/**
 * Writes `text` (or bytes) to a file called `name` in a temporary folder of this test file and
 * returns its absolute path. The folder is removed after the importing test file has run.
 */
export function writeTemp(name: string, text: string | Buffer): string {
  dir ??= mkdtempSync(join(tmpdir(), 'stalkstats-test-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Lines joined with LF and ended with one: inline CSV reads like the file it stands for. */
export function csv(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
