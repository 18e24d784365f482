import type { Column, Result, Row } from '../analyses/result.js';
import { comparabilityFootnotes, markColumn } from './footnotes.js';
import { cellText, stripControl } from './format.js';

/** Characters `escapeMarkdown` changes, besides those `stripControl` does. */
const MARKDOWN_SPECIAL = /[\\|\r\n]/;

export function escapeMarkdown(s: string): string {
  const text = stripControl(s);
  if (!MARKDOWN_SPECIAL.test(text)) return text;
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ');
}

/** A Markdown table ready for a pull request or a README, followed by the notes. */
export function renderMarkdown(result: Result): string {
  return `${markdownLines(result).join('\n')}\n`;
}

/** The lines of `renderMarkdown`, none holding a line break. */
export function markdownLines(result: Result): string[] {
  const cols = result.columns.filter((c) => c.inTable);
  const out: string[] = [];
  if (result.title) out.push(`### ${escapeMarkdown(result.title)}`, '');
  if (result.preamble?.length) out.push(...result.preamble.map((l) => `${escapeMarkdown(l)}  `), '');
  out.push(...markdownTableHead(cols));
  const { marks, footnotes } = comparabilityFootnotes(result.rows);
  const markKey = markColumn(cols);
  for (const r of result.rows) out.push(markdownRow(r, cols, markKey, marks.get(r)));
  out.push(...markdownAfterRows(result, footnotes));
  return out;
}

/** The table's header and alignment lines, for the columns shown in tables. */
export function markdownTableHead(cols: Column[]): string[] {
  return [
    `| ${cols.map((c) => escapeMarkdown(c.label)).join(' | ')} |`,
    `| ${cols.map((c) => (['int', 'number', 'pct', 'ratio'].includes(c.kind) ? '---:' : '---')).join(' | ')} |`,
  ];
}

/** A row's line of the table; `mark` (footnote marks) follows the value in column `markKey`. */
export function markdownRow(r: Row, cols: Column[], markKey: string | undefined, mark: string | undefined): string {
  const cell = (c: Column) =>
    escapeMarkdown(cellText(r[c.key] ?? null, c)) + (c.key === markKey && mark !== undefined ? ` ${mark}` : '');
  return `| ${cols.map(cell).join(' | ')} |`;
}

/** What follows the rows: footnotes, warnings and notes, the reconciliation and the sources. */
export function markdownAfterRows(result: Result, footnotes: string[]): string[] {
  const out: string[] = [];
  if (footnotes.length) out.push('', ...footnotes.map((f) => `${escapeMarkdown(f)}  `));
  const notes = [...result.warnings.map((w) => `**Warning:** ${w}`), ...result.notes];
  if (notes.length) {
    out.push('', '**Notes**', '');
    for (const n of notes) out.push(`- ${escapeMarkdown(n)}`);
  }
  const rec = result.reconciliation;
  if (result.inputs.length || rec.rowsRead)
    out.push(
      '',
      `Rows read ${rec.rowsRead}, used ${rec.rowsUsed}, excluded ${rec.excluded.reduce((s, e) => s + e.rows, 0)}.`,
    );
  for (const e of rec.excluded) out.push(`- excluded ${e.rows}: ${escapeMarkdown(e.reason)}`);
  if (result.inputs.length) {
    const sources = result.inputs.map((i) => `${escapeMarkdown(baseName(i.path))} (${escapeMarkdown(i.layout)})`);
    out.push('', `Source: ${sources.join('; ')}`);
  }
  return out;
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
