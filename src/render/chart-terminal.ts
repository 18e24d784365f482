import { Chalk, type ChalkInstance } from 'chalk';
import { addDays, dayNumber } from '../core/dates.js';
import type { ChartData, ChartPoint, ChartSeries } from './chartData.js';
import { formatNumber, stripControl } from './format.js';

/**
 * Bar charts for the terminal, one per area and category, each with its own y scale (stalking and
 * the combined sub-group differ tenfold). Bars use eighth blocks (▁▂▃▄▅▆▇█), so an 8-row chart has
 * 64 levels. All charts share one time axis so they line up; recording changes are drawn as ┊ rules
 * through the plot and numbered ▲ marks under the axis, explained below each chart. A period absent
 * from the data is ┄ on the axis, never a zero bar.
 */
export interface TerminalChartOptions {
  /** Terminal width in characters (default 80). */
  width?: number;
  /** Plot rows (default 8). */
  height?: number;
  color?: boolean;
}

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const RULE = '┊';
const MARK = '▲';
const MIN_PLOT = 12;
/** Few periods should not make bars a third of the screen wide. */
const MAX_SLOT = 10;

interface Slot {
  start: string;
  end: string;
  label: string;
  /** Index of the first period (in the merged grid) each column holds. */
  from: number;
  to: number;
}

interface Grid {
  /** Every distinct period of every series, in time order, with placeholders for gaps. */
  periods: ({ start: string; end: string; label: string } | null)[];
  slots: Slot[];
  slotWidth: number;
  barWidth: number;
  /** Periods averaged into one column (1 when every period has its own). */
  perColumn: number;
}

export function renderTerminalChart(data: ChartData, options: TerminalChartOptions = {}): string {
  const chalk: ChalkInstance = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(40, Math.floor(options.width ?? 80));
  const height = Math.max(3, Math.floor(options.height ?? 8));
  if (data.series.length === 0) return `${chalk.dim('(nothing to chart)')}\n`;
  // One label width for every chart, so their time axes line up column for column.
  const labelWidth = Math.max(...data.series.map((s) => scaleOf(s).labels.reduce((w, l) => Math.max(w, l.length), 0)));
  const blocks: string[] = [];
  for (const s of data.series) blocks.push(chartOf(s, data, width, height, labelWidth, chalk));
  const notes = data.notes.map((n) => chalk.dim(`note: ${stripControl(n)}`));
  return `${blocks.join('\n\n')}\n${notes.length ? `\n${notes.join('\n')}\n` : ''}`;
}

/** The y scale of one chart: its top (a round number) and the labels at the top, middle and zero. */
function scaleOf(series: ChartSeries): { top: number; labels: string[] } {
  const top = niceCeiling(Math.max(0, ...series.points.map((p) => p.value)));
  return { top, labels: [axisNumber(top, top), axisNumber(top / 2, top), '0'] };
}

function chartOf(
  series: ChartSeries,
  data: ChartData,
  width: number,
  height: number,
  labelWidth: number,
  chalk: ChalkInstance,
): string {
  const values = series.points.map((p) => p.value);
  const { top, labels } = scaleOf(series);
  const plotWidth = Math.max(MIN_PLOT, width - labelWidth - 3);
  const grid = gridOf(data.series, plotWidth);
  const columns = columnValues(series, grid);
  const cols = grid.slots.length * grid.slotWidth;
  const pad = (s: string) => s.padStart(labelWidth);

  // Cells of the plot: rows from the top, one string per column.
  const cells: string[][] = Array.from({ length: height }, () => Array.from({ length: cols }, () => ' '));
  columns.forEach((v, i) => {
    if (v === null || v <= 0 || top <= 0) return;
    const eighths = Math.max(1, Math.round((v / top) * height * 8));
    const x0 = i * grid.slotWidth + (grid.slotWidth - grid.barWidth);
    for (let r = 0; r < height; r++) {
      const fill = Math.min(8, eighths - r * 8);
      if (fill <= 0) break;
      for (let x = x0; x < x0 + grid.barWidth; x++) cells[height - 1 - r][x] = BLOCKS[fill - 1];
    }
  });

  const events = data.events.filter((e) => e.affects.includes(series.category));
  const eventCols = events.map((e) => eventColumn(e.date, grid));
  for (const x of eventCols) {
    if (x === null) continue;
    for (let r = 0; r < height; r++) if (cells[r][x] === ' ') cells[r][x] = RULE;
  }

  const out: string[] = [];
  const peak = series.points.reduce((a, b) => (b.value > a.value ? b : a));
  const heading = `${stripControl(series.label)}: ${stripControl(data.valueLabel)}`;
  const peakText = `; highest ${axisNumber(peak.value, peak.value)} in ${stripControl(peak.label)}`;
  out.push(
    heading.length + peakText.length <= width
      ? `${chalk.bold(heading)}${peakText}`
      : fitWidth(chalk.bold(heading), width),
  );
  for (let r = 0; r < height; r++) {
    const rowFromBottom = height - r;
    const label = rowFromBottom === height ? labels[0] : rowFromBottom * 2 === height ? labels[1] : '';
    const tick = label ? '┤' : '│';
    const line = cells[r].map((c) => (c === RULE ? chalk.yellow(c) : c === ' ' ? c : chalk.cyan(c))).join('');
    out.push(`${pad(label)} ${tick}${line}`.replace(/\s+$/, ''));
  }

  // Time axis: ┄ under columns with no data for this series, ┬ at labelled periods.
  const axis = Array.from({ length: cols }, () => '─');
  columns.forEach((v, i) => {
    if (v === null) for (let x = i * grid.slotWidth; x < (i + 1) * grid.slotWidth; x++) axis[x] = '┄';
  });
  const ticks = tickLabels(grid, cols, data.overlapping);
  for (const t of ticks) if (axis[t.x] === '─') axis[t.x] = '┬';
  out.push(`${pad('0')} ┼${axis.map((c) => (c === '┄' ? chalk.dim(c) : c)).join('')}`);
  const tickLine = Array.from({ length: cols }, () => ' ');
  for (const t of ticks) for (let k = 0; k < t.text.length; k++) tickLine[t.x + k] = t.text[k];
  out.push(`${' '.repeat(labelWidth + 2)}${tickLine.join('')}`.replace(/\s+$/, ''));

  // Numbered marks, moved to a second line when two would collide.
  if (events.length) {
    const lines: string[][] = [];
    events.forEach((_, n) => {
      const x = eventCols[n];
      if (x === null) return;
      const text = `${MARK}${n + 1}`;
      let line = lines.find(
        (l) =>
          text.split('').every((_, k) => x + k >= l.length || l[x + k] === ' ') &&
          (x === 0 || l[x - 1] === ' ' || x - 1 >= l.length),
      );
      if (!line) lines.push((line = []));
      while (line.length < x + text.length) line.push(' ');
      for (let k = 0; k < text.length; k++) line[x + k] = text[k];
    });
    for (const l of lines) out.push(chalk.yellow(`${' '.repeat(labelWidth + 2)}${l.join('')}`.replace(/\s+$/, '')));
    events.forEach((e, n) => {
      out.push(fitWidth(`  ${chalk.yellow(`${MARK}${n + 1}`)} ${e.date}  ${stripControl(e.title)}`, width));
    });
  }
  const notes: string[] = [];
  if (columns.some((v) => v === null)) notes.push('┄ no figure for the period');
  if (grid.perColumn > 1) notes.push(`each column is the mean of ${grid.perColumn} periods`);
  if (!evenlySpaced(grid)) notes.push('columns are periods in order, not equal spans of time');
  if (values.some((v) => v < 0)) notes.push('negative totals drawn as empty');
  if (notes.length) out.push(chalk.dim(fitWidth(`  ${notes.join('; ')}`, width)));
  return out.join('\n');
}

/**
 * The shared time grid: every distinct period of every series, with one empty place for each period
 * missing between two present ones, squeezed into `plotWidth` columns (averaging neighbours when
 * there are more periods than columns).
 */
function gridOf(all: ChartSeries[], plotWidth: number): Grid {
  const byKey = new Map<string, { start: string; end: string; label: string }>();
  for (const s of all)
    for (const p of s.points) byKey.set(`${p.start}:${p.end}`, { start: p.start, end: p.end, label: p.label });
  const sorted = [...byKey.values()].sort((a, b) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : 1,
  );
  const lengths = sorted.map((p) => dayNumber(p.end) - dayNumber(p.start) + 1).sort((a, b) => a - b);
  const typical = lengths.length ? lengths[Math.floor(lengths.length / 2)] : 1;
  const periods: Grid['periods'] = [];
  sorted.forEach((p, i) => {
    if (i > 0) {
      const gapDays = dayNumber(p.start) - dayNumber(addDays(sorted[i - 1].end, 1));
      const missing = gapDays > 0 ? Math.max(1, Math.round(gapDays / typical)) : 0;
      for (let k = 0; k < missing; k++) periods.push(null);
    }
    periods.push(p);
  });
  const n = periods.length;
  const perColumn = Math.max(1, Math.ceil(n / plotWidth));
  const slots: Slot[] = [];
  for (let from = 0; from < n; from += perColumn) {
    const to = Math.min(n, from + perColumn) - 1;
    const present = periods.slice(from, to + 1).filter((p): p is NonNullable<typeof p> => p !== null);
    const first = present[0];
    const lastP = present[present.length - 1];
    slots.push({ start: first?.start ?? '', end: lastP?.end ?? '', label: first?.label ?? '', from, to });
  }
  // Slots for gaps take their bounds from their neighbours so events still find a place.
  for (let i = 0; i < slots.length; i++) {
    if (slots[i].start) continue;
    const prev = slots
      .slice(0, i)
      .reverse()
      .find((s) => s.end);
    const next = slots.slice(i + 1).find((s) => s.start);
    slots[i].start = prev ? addDays(prev.end, 1) : next ? next.start : '';
    slots[i].end = next ? addDays(next.start, -1) : slots[i].start;
  }
  const slotWidth = Math.max(1, Math.min(MAX_SLOT, Math.floor(plotWidth / slots.length)));
  const barWidth = slotWidth >= 2 ? slotWidth - 1 : 1;
  return { periods, slots, slotWidth, barWidth, perColumn };
}

/** True when consecutive periods end a steady number of days apart (within a few days). */
function evenlySpaced(grid: Grid): boolean {
  const ends = grid.periods.filter((p): p is NonNullable<typeof p> => p !== null).map((p) => dayNumber(p.end));
  const steps = ends.slice(1).map((e, i) => e - ends[i]);
  if (steps.length < 2) return true;
  return Math.max(...steps) - Math.min(...steps) <= 4;
}

/** One value per column: the point's value, the mean of the points a column holds, or null. */
function columnValues(series: ChartSeries, grid: Grid): (number | null)[] {
  const byKey = new Map<string, ChartPoint>(series.points.map((p) => [`${p.start}:${p.end}`, p]));
  return grid.slots.map((slot) => {
    const vals: number[] = [];
    for (let i = slot.from; i <= slot.to; i++) {
      const p = grid.periods[i];
      const hit = p ? byKey.get(`${p.start}:${p.end}`) : undefined;
      if (hit) vals.push(hit.value);
    }
    return vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null;
  });
}

/**
 * The column of a recording change: the gap just before the first period starting on its date, or
 * the middle of the period it falls inside.
 */
function eventColumn(date: string, grid: Grid): number | null {
  const i = grid.slots.findIndex((s) => s.end >= date);
  if (i < 0) return null;
  const s = grid.slots[i];
  if (s.start >= date) return i * grid.slotWidth;
  return i * grid.slotWidth + Math.floor(grid.slotWidth / 2);
}

/**
 * Period labels under the axis, left to right without overlap: every period's own label when they
 * all fit, else the year at the first period of each year.
 */
function tickLabels(grid: Grid, cols: number, overlapping: boolean): { x: number; text: string }[] {
  const offset = grid.slotWidth - grid.barWidth;
  const own = grid.perColumn === 1 && grid.slots.every((s) => s.label.length < grid.slotWidth);
  const candidates: { x: number; text: string }[] = [];
  let prevYear = '';
  grid.slots.forEach((s, i) => {
    if (!s.start) return;
    const isPeriod = grid.periods[s.from] !== null;
    if (own) {
      if (isPeriod) candidates.push({ x: i * grid.slotWidth + offset, text: s.label });
      return;
    }
    // Rolling years are known by their end ("12 months ending Mar 2017").
    const year = (overlapping ? s.end : s.start).slice(0, 4);
    if (year !== prevYear) {
      if (isPeriod || !prevYear) candidates.push({ x: i * grid.slotWidth + offset, text: year });
      prevYear = year;
    }
  });
  const placed: { x: number; text: string }[] = [];
  let free = 0;
  for (const c of candidates) {
    if (c.x < free || c.x + c.text.length > cols + 2) continue;
    placed.push(c);
    free = c.x + c.text.length + 1;
  }
  return placed;
}

/** A round number at or above `max` whose half is round too (1, 2, 5 × 10^k, times 2 for halves). */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 0;
  const exp = Math.floor(Math.log10(max));
  const base = 10 ** exp;
  for (const m of [1, 2, 4, 5, 6, 8, 10]) if (m * base >= max - 1e-9) return m * base;
  return 10 * base;
}

function axisNumber(v: number, scale: number): string {
  const digits = Math.abs(scale) >= 20 || Number.isInteger(v) ? 0 : Math.abs(scale) >= 2 ? 1 : 2;
  return formatNumber(v, digits, true);
}

/** Cuts a line to the terminal width (measured without colour codes). */
function fitWidth(line: string, width: number): string {
  const plain = line.replace(/\u001b\[[0-9;]*m/g, '');
  if ([...plain].length <= width) return line;
  const cut = [...plain].slice(0, width - 1).join('');
  return `${cut}…`;
}
