import type { Result } from '../analyses/result.js';
import { formatInt, stripControl } from './format.js';

/**
 * What a run says besides its result: warnings, notes and the reconciliation of the rows read.
 * They go to stderr in every format (JSON and Markdown documents also carry them), so stdout holds
 * the result alone; `--quiet` leaves out the notes and the reconciliation, never a warning.
 */
export function renderNotes(result: Result, options: { width?: number; quiet?: boolean } = {}): string {
  const wrap = (line: string) => wrapLine(line, options.width);
  const out: string[] = [];
  for (const w of result.warnings) out.push(...wrap(`warning: ${stripControl(w)}`));
  if (!options.quiet) {
    for (const n of result.notes) out.push(...wrap(`note: ${stripControl(n)}`));
    // A listing that reads no file (categories, events) has nothing to reconcile.
    if (result.inputs.length || result.reconciliation.rowsRead) out.push(...wrap(reconciliationLine(result)));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/**
 * A note cut at word boundaries to the terminal width, continuation lines indented two spaces; as
 * it is when no width is known (a pipe keeps one line per note for grep).
 */
export function wrapLine(line: string, width?: number): string[] {
  if (!width || width < 20 || [...line].length <= width) return [line];
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const candidate = current ? `${current} ${word}` : word;
    if ([...candidate].length > width && current) {
      lines.push(current);
      current = `  ${word}`;
    } else current = candidate;
  }
  if (current) lines.push(current);
  return lines;
}

export function reconciliationLine(result: Result): string {
  const rec = result.reconciliation;
  const excluded = rec.excluded.reduce((s, e) => s + e.rows, 0);
  const parts = [
    `rows read ${formatInt(rec.rowsRead)}, used ${formatInt(rec.rowsUsed)}, excluded ${formatInt(excluded)}`,
  ];
  for (const e of rec.excluded) parts.push(`${formatInt(e.rows)} ${stripControl(e.reason)}`);
  const cells = rec.cellsExcluded?.reduce((s, e) => s + e.rows, 0) ?? 0;
  if (cells) parts.push(`${formatInt(cells)} cells without a usable count`);
  return `reconciliation: ${parts.join('; ')}`;
}
