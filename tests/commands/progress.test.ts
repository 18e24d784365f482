import { describe, expect, it } from 'vitest';
import type { CommonOptions, Io } from '../../src/commands/options.js';
import { PROGRESS_MIN_BYTES, progressBar } from '../../src/commands/progress.js';

function io(overrides: Partial<Io> = {}): Io & { err: string } {
  const target = {
    err: '',
    stdout: { write: () => true },
    stderr: {
      write: (s: string) => {
        target.err += s;
        return true;
      },
    },
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: true,
    columns: 80,
    ...overrides,
  };
  return target;
}
const opts = { area: [], format: 'json' } as CommonOptions;

describe('progress bar', () => {
  it('draws on a terminal for a large file and erases itself', () => {
    const t = io();
    const bar = progressBar('/data/big.csv', t, opts)!;
    bar.update(PROGRESS_MIN_BYTES / 2, PROGRESS_MIN_BYTES * 2); // 25 %
    bar.update(PROGRESS_MIN_BYTES * 2, PROGRESS_MIN_BYTES * 2); // the end is always drawn
    bar.done();
    expect(t.err).toContain('big.csv [');
    expect(t.err).toContain('25% of 64 MB');
    expect(t.err).toContain('100% of 64 MB');
    expect(t.err.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('stays silent for a small file', () => {
    const t = io();
    const bar = progressBar('small.csv', t, opts)!;
    bar.update(10, 100);
    bar.done();
    expect(t.err).toBe('');
  });

  it('is never drawn when piped, in CI or with --quiet', () => {
    expect(progressBar('a.csv', io({ stderrIsTTY: false }), opts)).toBeNull();
    expect(progressBar('a.csv', io({ env: { CI: 'true' } }), opts)).toBeNull();
    expect(progressBar('a.csv', io(), { ...opts, quiet: true })).toBeNull();
  });
});
