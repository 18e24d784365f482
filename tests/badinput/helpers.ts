import { expect } from 'vitest';
import { run } from '../../src/cli.js';

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `stalkstats ARGS` in-process, never on a terminal, with an empty environment. */
export async function runQuiet(args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: {
      write: (s: string) => {
        stdout += s;
        return true;
      },
    },
    stderr: {
      write: (s: string) => {
        stderr += s;
        return true;
      },
    },
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** No stack frame, no internal error, and no raw control character reaches the user's terminal. */
export function expectNoCrash(o: Outcome): void {
  expect(o.code, `internal error: ${o.stderr}`).not.toBe(70);
  expect(o.stderr).not.toMatch(/^\s+at /m);
  expect(o.stderr).not.toMatch(/internal error/);
  // eslint-disable-next-line no-control-regex
  expect(o.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
}

/**
 * A data error: exit 1 (or 2 for usage), nothing on stdout, and a first stderr line of the form
 * `stalkstats: error: FILE[:LINE]: message [CODE]`. Any further lines are the error's hint.
 */
export function expectOneLineError(
  o: Outcome,
  code: string,
  opts: { exit?: number; file?: string; line?: number | null; where?: 'file' | 'none' } = {},
): string {
  expectNoCrash(o);
  expect(o.code, o.stderr).toBe(opts.exit ?? 1);
  expect(o.stdout).toBe('');
  const first = o.stderr.split('\n')[0];
  expect(first.endsWith(`[${code}]`), first).toBe(true);
  expect(o.stderr.match(/\[E_[A-Z_]+\]/g)).toHaveLength(1);
  if ((opts.where ?? 'file') === 'file' && opts.file !== undefined) {
    const line = opts.line === undefined ? '(?::\\d+)?' : opts.line === null ? '' : `:${opts.line}`;
    expect(first).toMatch(new RegExp(`^stalkstats: error: ${escapeRegExp(opts.file)}${line}: \\S.* \\[${code}\\]$`));
  } else {
    expect(first).toMatch(/^(stalkstats: )?error: /);
  }
  return first;
}

export interface ReconciliationDoc {
  rowsRead: number;
  rowsUsed: number;
  excluded: { reason: string; rows: number; offences?: number; line?: number }[];
  cellsExcluded: { reason: string; rows: number; line?: number }[];
  offencesRead: number;
  offencesUsed: number;
  negativeRows: number;
  duplicates: { identicalRows: number; identicalOffences: number; sameKeyRows: number };
  blankLines: number;
}

/** Nothing lost: every row read is used or excluded with a reason, and so is every offence. */
export function expectBalanced(r: ReconciliationDoc): void {
  const rows = r.excluded.reduce((s, e) => s + e.rows, 0);
  const offences = r.excluded.reduce((s, e) => s + (e.offences ?? 0), 0);
  expect(r.rowsRead, 'rows read = rows used + rows excluded').toBe(r.rowsUsed + rows);
  expect(r.offencesRead, 'offences read = offences used + offences excluded').toBe(r.offencesUsed + offences);
}
