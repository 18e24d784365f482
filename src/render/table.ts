import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Column, Result, Row } from '../analyses/result.js';
import { cellText, formatInt, stripControl } from './format.js';

export interface TableOptions {
  color: boolean;
  /** Terminal width; long tables are not wrapped, but notes are. */
  width?: number;
}

const NUMERIC_KINDS = new Set(['int', 'number', 'pct', 'ratio']);
export const NOT_COMPARABLE_MARK = '†';

/**
 * Not-comparable changes get a mark and a numbered reason under the table, so the reader sees
 * them without colour. Shared by the table and Markdown renderers.
 */
export function comparabilityFootnotes(rows: Row[]): { marks: Map<Row, string>; footnotes: string[] } {
  const reasons: string[] = [];
  const marks = new Map<Row, string>();
  for (const r of rows) {
    if (r.comparable === false && typeof r.notComparableBecause === 'string') {
      let i = reasons.indexOf(r.notComparableBecause);
      if (i < 0) i = reasons.push(r.notComparableBecause) - 1;
      marks.set(r, `${NOT_COMPARABLE_MARK}${reasons.length > 1 || i > 0 ? i + 1 : ''}`);
    }
  }
  // Renumber once all reasons are known so the first reason is †1 when there are several.
  if (reasons.length > 1) for (const r of marks.keys()) marks.set(r, `${NOT_COMPARABLE_MARK}${reasons.indexOf(r.notComparableBecause as string) + 1}`);
  const footnotes = reasons.map((why, i) => `${NOT_COMPARABLE_MARK}${reasons.length > 1 ? i + 1 : ''} not comparable: ${why}`);
  return { marks, footnotes };
}

/** The column a not-comparable mark is attached to. */
export function markColumn(cols: Column[]): string | undefined {
  return ['changePct', 'rateRatio', 'change'].find((k) => cols.some((c) => c.key === k));
}

export function renderTable(result: Result, options: TableOptions): string {
  const chalk: ChalkInstance = new Chalk({ level: options.color ? 1 : 0 });
  const cols = result.columns.filter((c) => c.inTable);
  const { marks, footnotes } = comparabilityFootnotes(result.rows);
  const markKey = markColumn(cols);
  const table = new Table({
    head: cols.map((c) => chalk.bold(c.label)),
    colAligns: cols.map((c) => (NUMERIC_KINDS.has(c.kind) ? 'right' : 'left')),
    style: { head: [], border: [], compact: false },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of result.rows) {
    table.push(
      cols.map((c) => {
        let text = stripControl(cellText(r[c.key] ?? null, c));
        if (c.key === markKey && marks.has(r)) text = `${text} ${marks.get(r)}`;
        if (c.kind === 'pct' || c.key === 'change') {
          const v = r[c.key];
          if (typeof v === 'number' && v > 0) return chalk.red(text);
          if (typeof v === 'number' && v < 0) return chalk.green(text);
        }
        return text;
      }),
    );
  }
  const out: string[] = [];
  if (result.title) out.push(chalk.bold(stripControl(result.title)));
  for (const line of result.preamble ?? []) out.push(stripControl(line));
  out.push(result.rows.length ? table.toString() : chalk.dim('(no rows)'));
  for (const f of footnotes) out.push(chalk.yellow(stripControl(f)));
  for (const w of result.warnings) out.push(chalk.yellow(`warning: ${stripControl(w)}`));
  for (const n of result.notes) out.push(chalk.dim(`note: ${stripControl(n)}`));
  out.push(chalk.dim(reconciliationLine(result)));
  return `${out.join('\n')}\n`;
}

export function reconciliationLine(result: Result): string {
  const rec = result.reconciliation;
  const excluded = rec.excluded.reduce((s, e) => s + e.rows, 0);
  const parts = [`rows read ${formatInt(rec.rowsRead)}, used ${formatInt(rec.rowsUsed)}, excluded ${formatInt(excluded)}`];
  for (const e of rec.excluded) parts.push(`${formatInt(e.rows)} ${stripControl(e.reason)}`);
  const cells = rec.cellsExcluded?.reduce((s, e) => s + e.rows, 0) ?? 0;
  if (cells) parts.push(`${formatInt(cells)} cells without a usable count`);
  return `reconciliation: ${parts.join('; ')}`;
}
