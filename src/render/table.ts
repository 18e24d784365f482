import Table from 'cli-table3';
import tableUtils from 'cli-table3/src/utils.js';
import type { Column, Result } from '../analyses/result.js';
import { comparabilityFootnotes, markColumn } from './footnotes.js';
import { cellText, stripControl } from './format.js';
import { wrapLine } from './notes.js';

/** What the table colours with: chalk's styles (see `colourStyle`), or none. */
export interface TableStyle {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

const same = (s: string) => s;
/** No colour: every style leaves the text as it is. */
export const NO_COLOUR: TableStyle = { bold: same, dim: same, red: same, green: same, yellow: same };

/**
 * chalk's styles, at its basic 16 colours. Loaded only for coloured output: importing chalk asks
 * node:tty whether stdout is a terminal, which loads Node.js's stream and network modules.
 */
export async function colourStyle(): Promise<TableStyle> {
  const { Chalk } = await import('chalk');
  return new Chalk({ level: 1 });
}

export interface TableOptions {
  /** Colours (default none). */
  style?: TableStyle;
  /** Terminal width; long tables are not wrapped, but notes are. */
  width?: number;
}

const NUMERIC_KINDS = new Set(['int', 'number', 'pct', 'ratio']);

export { comparabilityFootnotes, markColumn, NOT_COMPARABLE_MARK } from './footnotes.js';
export { reconciliationLine, wrapLine } from './notes.js';

export function renderTable(result: Result, options: TableOptions): string {
  const chalk = options.style ?? NO_COLOUR;
  const all = result.columns.filter((c) => c.inTable);
  const { marks, footnotes } = comparabilityFootnotes(result.rows);
  const markKey = markColumn(all);
  const allTexts = result.rows.map((r) =>
    all.map((c) => {
      // Line breaks a cell holds on purpose (one source a line) are kept; other controls go.
      const text = cellText(r[c.key] ?? null, c)
        .split('\n')
        .map(stripControl)
        .join('\n');
      return c.key === markKey && marks.has(r) ? `${text} ${marks.get(r)}` : text;
    }),
  );
  const plan = planLayout(all, allTexts, options.width);
  const cols = plan.keep.map((j) => all[j]);
  const texts = allTexts.map((row) => plan.keep.map((j) => row[j]));
  const colWidths = fitColumns(cols, texts, options.width);
  if (options.width && result.rows.length && !fitsWell(cols, texts, colWidths, options.width)) {
    const shown = all.map((_, j) => j).filter((j) => !plan.hoisted.includes(j));
    const said = plan.hoisted.map((j) => `${all[j].label}: ${allTexts[0][j]}`);
    return renderBlocks(
      result,
      said,
      shown.map((j) => all[j]),
      allTexts.map((row) => shown.map((j) => row[j])),
      options.width,
      chalk,
      footnotes,
    );
  }
  const head = cols.map((c) => chalk.bold(c.label));
  const cells = result.rows.map((r, i) =>
    cols.map((c, j) => {
      const text = texts[i][j];
      if (c.kind === 'pct' || c.key === 'change') {
        const v = r[c.key];
        if (typeof v === 'number' && v > 0) return chalk.red(text);
        if (typeof v === 'number' && v < 0) return chalk.green(text);
      }
      return text;
    }),
  );
  const tableOptions: Table.TableConstructorOptions = {
    colAligns: cols.map((c) => (NUMERIC_KINDS.has(c.kind) ? 'right' : 'left')),
    style: { head: [], border: [], compact: false },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    // Every part of a table split by groups gets the same widths, so their columns line up.
    ...(colWidths
      ? { colWidths, wordWrap: true, wrapOnWordBoundary: true }
      : plan.group !== null
        ? { colWidths: naturalWidths(head, cells) }
        : {}),
  };
  const out: string[] = [];
  const wrapped = (line: string) => wrapLine(line, options.width);
  if (result.title) out.push(...wrapped(stripControl(result.title)).map((l) => chalk.bold(l)));
  for (const line of result.preamble ?? []) out.push(...wrapped(stripControl(line)));
  for (const j of plan.hoisted) out.push(`${all[j].label}: ${allTexts[0][j]}`);
  if (!result.rows.length) out.push(chalk.dim('(no rows)'));
  else if (plan.group === null) out.push(drawTable(head, cells, tableOptions));
  else {
    // One part per run of rows with the same value of the grouping column, headed by that value.
    const g = plan.group;
    for (let i = 0; i < cells.length; ) {
      let k = i;
      while (k < cells.length && allTexts[k][g] === allTexts[i][g]) k++;
      out.push(chalk.bold(`${all[g].label}: ${allTexts[i][g]}`));
      out.push(drawTable(head, cells.slice(i, k), { ...tableOptions, colWidths: [...(tableOptions.colWidths ?? [])] }));
      i = k;
    }
  }
  const wrap = (line: string) => wrapLine(line, options.width);
  for (const f of footnotes) out.push(...wrap(stripControl(f)).map((l) => chalk.yellow(l)));
  return `${out.join('\n')}\n`;
}

/**
 * How a table fits a terminal `width` wide (none known: as it is, for a pipe or a file). A text
 * column with one value in every row is said once above the table instead (Area: All areas); if
 * the table is still too wide, the first text column whose values come in runs (a category, an
 * area) heads parts of the table instead of being a column. What remains is narrowed by
 * `fitColumns`.
 */
function planLayout(
  cols: Column[],
  texts: string[][],
  width?: number,
): { keep: number[]; hoisted: number[]; group: number | null } {
  const every = cols.map((_, j) => j);
  if (!width || width <= 0 || texts.length === 0 || tableWidth(cols, texts, every) <= width) {
    return { keep: every, hoisted: [], group: null };
  }
  const isText = (j: number) => cols[j].kind === 'text' || cols[j].kind === 'date';
  const hoisted = every.filter((j) => isText(j) && texts.every((row) => row[j] === texts[0][j]));
  let keep = every.filter((j) => !hoisted.includes(j));
  let group: number | null = null;
  if (tableWidth(cols, texts, keep) > width) keep = keep.filter((j) => !cols[j].optional);
  if (keep.length > 1 && tableWidth(cols, texts, keep) > width) {
    const runs = (j: number) => {
      let n = 1;
      for (let i = 1; i < texts.length; i++) if (texts[i][j] !== texts[i - 1][j]) n++;
      return n;
    };
    // Values in runs, and far fewer runs than rows: a grouping, not a column that changes every row.
    const candidate = keep.find((j) => isText(j) && runs(j) * 2 <= texts.length);
    if (candidate !== undefined) {
      group = candidate;
      keep = keep.filter((j) => j !== candidate);
    }
  }
  return { keep, hoisted, group };
}

/**
 * Whether a table with these widths fits the terminal and reads well: no wider than it, and no cell
 * wrapped onto more than three lines (a description narrowed to a sliver reads better as a block).
 */
function fitsWell(cols: Column[], texts: string[][], widths: number[] | undefined, width: number): boolean {
  if (!widths)
    return (
      tableWidth(
        cols,
        texts,
        cols.map((_, j) => j),
      ) <= width
    );
  if (widths.reduce((a, b) => a + b, 0) + cols.length + 1 > width) return false;
  return texts.every((row) => row.every((t, j) => wrapWords(t, widths[j] - 2).length <= 3));
}

/** A cell's text wrapped to `width` at spaces and after hyphens, as a narrow column shows it. */
function wrapWords(text: string, width: number): string[] {
  if ([...text].length <= width) return [text];
  // A web address is never broken: it stays whole on a line of its own, however long.
  const parts = text.split(/(?<= )|(?<=-)(?![^<]*>)/);
  const lines: string[] = [];
  let current = '';
  for (const part of parts) {
    if (current && [...(current + part).trimEnd()].length > width) {
      lines.push(current.trimEnd());
      current = part.trimStart();
    } else current += part;
  }
  if (current) lines.push(current.trimEnd());
  return lines;
}

/**
 * A table too wide for the terminal, as one block per row: the row's text columns as its heading,
 * then each other column as "Label value", packed into lines of the width; long text on lines of
 * its own. The same figures as the table, readable at 80 columns.
 */
function renderBlocks(
  result: Result,
  said: string[],
  cols: Column[],
  texts: string[][],
  width: number,
  chalk: TableStyle,
  footnotes: string[],
): string {
  const wrap = (line: string) => wrapLine(line, width);
  const out: string[] = [];
  if (result.title) out.push(...wrap(chalk.bold(stripControl(result.title))));
  for (const line of result.preamble ?? []) out.push(...wrap(stripControl(line)));
  for (const line of said) out.push(...wrap(stripControl(line)));
  const isText = (j: number) => cols[j].kind === 'text' || cols[j].kind === 'date';
  // The leading short text columns name the row (area, category, period; an event's id and date).
  let lead = 0;
  while (lead < cols.length && isText(lead) && texts.every((r) => [...r[lead]].length <= 40)) lead++;
  lead = Math.max(1, Math.min(lead, 3));
  for (const row of texts) {
    out.push('');
    out.push(
      chalk.bold(
        row
          .slice(0, lead)
          .filter((t) => t !== '')
          .join(' · '),
      ),
    );
    let line = '';
    const flush = () => {
      if (line) out.push(line);
      line = '';
    };
    for (let j = lead; j < cols.length; j++) {
      const value = row[j];
      if (value === '') continue;
      const item = `${cols[j].label} ${value}`;
      if (value.includes('\n') || [...item].length > width - 4) {
        flush();
        out.push(`  ${cols[j].label}:`);
        for (const part of value.split('\n')) for (const l of wrapWords(part, width - 4)) out.push(`    ${l}`);
        continue;
      }
      if (line && [...`${line} · ${item}`].length > width) flush();
      line = line ? `${line} · ${item}` : `  ${item}`;
    }
    flush();
  }
  if (!texts.length) out.push(chalk.dim('(no rows)'));
  for (const f of footnotes) out.push(...wrap(stripControl(f)).map((l) => chalk.yellow(l)));
  return `${out.join('\n')}\n`;
}

/** The width of the table of columns `keep`, at natural widths, borders included. */
function tableWidth(cols: Column[], texts: string[][], keep: number[]): number {
  const len = (t: string) => [...t].length;
  const widths = keep.map((j) => Math.max(len(cols[j].label), ...texts.map((row) => len(row[j]))) + 2);
  return widths.reduce((a, b) => a + b, 0) + keep.length + 1;
}

/** Rows per cli-table3 table; see drawTable. */
export const BLOCK_ROWS = 16;

/**
 * The table drawn by cli-table3, `BLOCK_ROWS` rows at a time. cli-table3 lays a table out in time
 * quadratic in its rows (each cell is checked against every cell above it), which made a
 * few-thousand-row table take seconds; blocks of a fixed size make it linear. Every block gets
 * the same column widths (those asked for, or else the widths cli-table3 itself would give the
 * whole table: its own measure of the widest cell plus the padding), only the first has the head,
 * and the border lines where two blocks meet are dropped, so the text is the same as one table's
 * when the row separators are empty (`mid` chars, as here): a block's closing line and the next
 * one's opening line are then the only lines that differ. Other tables are drawn whole.
 */
export function drawTable(head: string[], rows: string[][], options: Table.TableConstructorOptions): string {
  // Blocks join seamlessly only when rows have no separator lines between them.
  const joinable =
    options.chars?.mid === '' &&
    options.chars['left-mid'] === '' &&
    options.chars['mid-mid'] === '' &&
    options.chars['right-mid'] === '';
  if (joinable && plainTable(head, rows, options)) return drawPlain(head, rows, options);
  if (rows.length <= BLOCK_ROWS || !joinable) {
    const table = new Table({ ...options, head });
    table.push(...rows);
    return table.toString();
  }
  const colWidths = options.colWidths ?? naturalWidths(head, rows);
  const lines: string[] = [];
  for (let start = 0; start < rows.length; start += BLOCK_ROWS) {
    const first = start === 0;
    const last = start + BLOCK_ROWS >= rows.length;
    // cli-table3 writes its computed widths back into the array it is given: a copy for each block.
    const table = new Table({ ...options, colWidths: [...colWidths], ...(first ? { head } : {}) });
    table.push(...rows.slice(start, start + BLOCK_ROWS));
    const block = table.toString().split('\n');
    lines.push(...block.slice(first ? 0 : 1, last ? block.length : -1));
  }
  return lines.join('\n');
}

/**
 * Cells of one column per character: printable ASCII, and the minus, plus-minus and dagger signs of
 * formatted figures.
 */
const ONE_COLUMN_EACH = /^[\x20-\x7e\u00b1\u2020\u2212]*$/;

/**
 * cli-table3's width of a one-line cell. Printable ASCII (nearly every cell: numbers, dates, names)
 * and the signs of formatted figures (−, ±, †) are one column a character, as cli-table3 counts
 * them (the table tests compare); anything else takes cli-table3's own measure, which strips colour
 * codes and counts wide characters and emoji (and builds two regular expressions a call: on a
 * table of 5,000 rows that was a tenth of the run).
 */
function cellWidth(c: string): number {
  return ONE_COLUMN_EACH.test(c) ? c.length : tableUtils.strlen(c);
}

/**
 * Whether cli-table3 would draw this table as `drawPlain` does: widths from the cells, one line per
 * cell, the default padding, no colours of its own for the head or the borders.
 */
function plainTable(head: string[], rows: string[][], options: Table.TableConstructorOptions): boolean {
  if (options.colWidths || options.rowHeights || options.wordWrap || options.head) return false;
  const style = options.style ?? {};
  if (style['padding-left'] !== undefined || style['padding-right'] !== undefined || style.compact) return false;
  if (!Array.isArray(style.head) || style.head.length || !Array.isArray(style.border) || style.border.length)
    return false;
  const oneLine = (c: string) => typeof c === 'string' && !c.includes('\n');
  return head.every(oneLine) && rows.every((r) => r.length === head.length && r.every(oneLine));
}

/**
 * The table cli-table3 draws for a `plainTable`, drawn here: cli-table3 sets every cell up with its
 * own copy of the table's options and lays the cells out before drawing them, which on a cold start
 * costs more than the drawing (about 20 ms for a table of 60 rows). The text is cli-table3's, byte
 * for byte: its width measure, its treatment of colour codes and its border characters (a test
 * draws random tables both ways).
 */
function drawPlain(head: string[], rows: string[][], options: Table.TableConstructorOptions): string {
  // cli-table3's border characters, with the table's own over them.
  const chars = tableUtils.mergeOptions({ chars: options.chars }).chars;
  const aligns = options.colAligns ?? [];
  // A cell's text as cli-table3 keeps it: colour codes left open are closed at its end.
  const text = (c: string) => (c.includes('\u001b') ? tableUtils.colorizeLines([c])[0] : c);
  const all = [head, ...rows].map((r) => r.map(text));
  const measured = all.map((r) => r.map(cellWidth));
  const widths = head.map((_, j) => measured.reduce((w, m) => Math.max(w, m[j]), 0));
  const rule = (left: string, mid: string, right: string, line: string) =>
    left + widths.map((w) => line.repeat(w + 2)).join(mid) + right;
  const lines = [rule(chars['top-left'], chars['top-mid'], chars['top-right'], chars.top)];
  all.forEach((r, i) => {
    const cells = r.map((c, j) => {
      const gap = ' '.repeat(widths[j] - measured[i][j]);
      const half = Math.ceil(gap.length / 2);
      const centred = ' '.repeat(gap.length - half) + c + ' '.repeat(half);
      return ` ${aligns[j] === 'right' ? gap + c : aligns[j] === 'center' ? centred : c + gap} `;
    });
    lines.push(chars.left + cells.join(chars.middle) + chars.right);
  });
  lines.push(rule(chars['bottom-left'], chars['bottom-mid'], chars['bottom-right'], chars.bottom));
  return lines.join('\n');
}

/** The column widths cli-table3 gives a table of these cells: the widest cell plus one space each side. */
function naturalWidths(head: string[], rows: string[][]): number[] {
  return head.map((h, j) => rows.reduce((w, row) => Math.max(w, cellWidth(row[j]) + 2), Math.max(1, cellWidth(h) + 2)));
}

/**
 * Column widths that fit the terminal, narrowing the widest text columns (their cells wrap at word
 * boundaries); numbers are never narrowed. Undefined when the table fits as it is or no width is
 * known (output to a pipe or file keeps one line per row).
 */
export function fitColumns(cols: Column[], texts: string[][], width?: number): number[] | undefined {
  if (!width || width <= 0) return undefined;
  const len = (t: string) => [...t].length;
  const natural = cols.map((c, j) => Math.max(len(c.label), ...texts.map((row) => len(row[j]))) + 2);
  const frame = cols.length + 1;
  const need = natural.reduce((a, b) => a + b, 0) + frame - width;
  if (need <= 0) return undefined;
  // A text column is not narrowed below its longest word (ids such as malicious-communications stay whole).
  const min = cols.map((c, j) => {
    if (c.kind !== 'text') return natural[j];
    const word = Math.max(len(c.label), ...texts.map((row) => Math.max(0, ...row[j].split(/\s+/).map(len))));
    return Math.min(natural[j], Math.max(8, Math.min(30, word)) + 2);
  });
  const room = natural.reduce((a, n, j) => a + (n - min[j]), 0);
  if (room <= 0) return undefined;
  // Narrow in proportion to how much each column can give, so long descriptions give the most.
  const share = Math.min(1, need / room);
  const widths = natural.map((n, j) => n - Math.floor((n - min[j]) * share));
  let over = widths.reduce((a, b) => a + b, 0) + frame - width;
  while (over > 0) {
    let j = -1;
    for (let k = 0; k < cols.length; k++)
      if (widths[k] > min[k] && (j < 0 || widths[k] - min[k] > widths[j] - min[j])) j = k;
    if (j < 0) break;
    widths[j]--;
    over--;
  }
  return widths;
}
