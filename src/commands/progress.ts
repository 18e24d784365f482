import { basename } from 'node:path';
import type { CommonOptions, Io } from './options.js';

/** Smallest file that gets a progress bar. */
export const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;

/**
 * A progress bar on stderr for a long read: only on a terminal, never in CI, with `--quiet` or for
 * a small file. It redraws at most every 100 ms and erases itself when done.
 */
export function progressBar(
  file: string,
  io: Io | undefined,
  opts: CommonOptions,
): { update: (done: number, total: number) => void; done: () => void } | null {
  if (!io?.stderrIsTTY || opts.quiet || io.env.CI) return null;
  let drawn = false;
  let last = 0;
  const name = basename(file);
  const width = Math.max(10, Math.min(40, (io.columns ?? 80) - name.length - 30));
  return {
    update(done, total) {
      if (total < PROGRESS_MIN_BYTES) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(share * width);
      io.stderr.write(
        `\r${name} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}% of ` +
          `${Math.round(total / 1048576)} MB`,
      );
      drawn = true;
    },
    done() {
      if (drawn) io.stderr.write('\r\u001b[2K');
    },
  };
}
