import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Vitest's global setup: the end-to-end tests run the built command, so the build is brought up to
 * date first (`npm run build`) whenever a source file is newer than it. A test never runs against
 * a missing or stale build, and never skips for want of one.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const built = join(root, 'dist', 'bundle', 'stalkstats.cjs');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export default function setup(): void {
  const sources = Math.max(
    newest(join(root, 'src')),
    newest(join(root, 'scripts')),
    statSync(join(root, 'package.json')).mtimeMs,
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed before the tests:\n${r.stdout}${r.stderr}`);
}
