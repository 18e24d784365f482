import { Chalk } from 'chalk';
import type { FunnelPlot } from '../analyses/areas.js';
import { niceTicks } from './chart-svg.js';
import { formatNumber, stripControl } from './format.js';

/**
 * A funnel plot in characters, to fit a terminal (80 columns unless told): rate up, population
 * across on a log scale, the overall rate as a rule, the 95% limits as dots and the 99.8% limits
 * as colons. Areas are o (within), ▲ (above) or ▼ (below) the limits that flag; those outside are
 * numbered and listed under the plot with their rates.
 */
export interface TerminalFunnelOptions {
  width?: number;
  /** Plot rows (default 18). */
  height?: number;
  color?: boolean;
}

const MARKS = { within: 'o', above: '▲', below: '▼' } as const;

export function renderTerminalFunnel(plot: FunnelPlot, options: TerminalFunnelOptions = {}): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(40, Math.floor(options.width ?? 80));
  const height = Math.max(8, Math.floor(options.height ?? 18));
  const out: string[] = [chalk.bold(cut(stripControl(plot.title), width)), ...wrap(stripControl(plot.subtitle), width)];
  if (!plot.points.length || plot.target === null || !plot.curve.length) {
    return `${[...out, chalk.dim('(no areas to plot)')].join('\n')}\n`;
  }

  const maxRate = Math.max(...plot.points.map((p) => p.rate));
  const ticks = niceTicks(0, Math.max(maxRate, plot.target * 1.5) * 1.05, 6);
  const top = ticks[ticks.length - 1];
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : top;
  const digits = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
  const labels = ticks.map((t) => formatNumber(t, digits));
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const cols = width - labelWidth - 2;
  const lo = Math.log10(plot.curve[0].population);
  const hi = Math.log10(plot.curve[plot.curve.length - 1].population);
  const col = (population: number) => Math.round(((Math.log10(population) - lo) / (hi - lo || 1)) * (cols - 1));
  const row = (rate: number) => height - 1 - Math.round((rate / top) * (height - 1));
  const grid: string[][] = Array.from({ length: height }, () => Array.from({ length: cols }, () => ' '));
  const put = (r: number, c: number, ch: string, over = false) => {
    if (r < 0 || r >= height || c < 0 || c >= cols) return;
    if (over || grid[r][c] === ' ' || grid[r][c] === '─') grid[r][c] = ch;
  };

  const targetRow = row(plot.target);
  for (let c = 0; c < cols; c++) put(targetRow, c, '─');
  for (const p of plot.curve) {
    const c = col(p.population);
    put(row(p.low998), c, ':');
    put(row(p.high998), c, ':');
    put(row(p.low95), c, '.');
    put(row(p.high95), c, '.');
  }
  // Flagged areas last, so an area on top of another shows the one that stands out.
  const order = plot.points
    .map((p, i) => ({ p, i }))
    .sort((a, b) => Number(a.p.flag !== 'within') - Number(b.p.flag !== 'within') || a.i - b.i);
  const flagged = plot.points.filter((p) => p.flag !== 'within').sort((a, b) => b.rate - a.rate);
  for (const { p } of order) put(row(Math.min(p.rate, top)), col(p.population), MARKS[p.flag], true);
  // Numbers after every mark is down, so a number never hides a mark; one with no room is left to the list.
  for (const [n, p] of flagged.entries()) {
    const r = row(Math.min(p.rate, top));
    const c = col(p.population);
    const text = String(n + 1);
    const at = c + text.length < cols ? c + 1 : c - text.length;
    if ([...text].every((_, k) => !/[o▲▼0-9]/.test(grid[r]?.[at + k] ?? 'x'))) {
      for (let k = 0; k < text.length; k++) put(r, at + k, text[k], true);
    }
  }

  const tickRows = new Map(ticks.map((t, i) => [row(t), labels[i]]));
  for (let r = 0; r < height; r++) {
    const label = tickRows.get(r) ?? '';
    const line = grid[r]
      .map((ch) =>
        ch === '▲'
          ? chalk.red(ch)
          : ch === '▼'
            ? chalk.blue(ch)
            : ch === ':' || ch === '.'
              ? chalk.yellow(ch)
              : ch === '─'
                ? chalk.dim(ch)
                : ch,
      )
      .join('');
    out.push(`${label.padStart(labelWidth)} ${label ? '┤' : '│'}${line}`.replace(/\s+$/, ''));
  }
  const axis = Array.from({ length: cols }, () => '─');
  const under = Array.from({ length: cols + 6 }, () => ' ');
  for (const t of populationTicks(plot.curve[0].population, plot.curve[plot.curve.length - 1].population, cols)) {
    const c = col(t);
    if (c < 0 || c >= cols) continue;
    const text = compact(t);
    const from = Math.max(0, Math.min(cols - text.length, c - Math.floor(text.length / 2)));
    if (under.slice(Math.max(0, from - 1), from + text.length + 1).some((ch) => ch !== ' ')) continue;
    axis[c] = '┬';
    for (let k = 0; k < text.length; k++) under[from + k] = text[k];
  }
  out.push(`${' '.repeat(labelWidth)} └${axis.join('')}`);
  out.push(`${' '.repeat(labelWidth + 2)}${under.join('')}`.replace(/\s+$/, ''));
  out.push(cut(`${' '.repeat(labelWidth + 2)}${stripControl(plot.populationLabel)}`, width));
  const overall = formatNumber(plot.target, digits + 2);
  // The key, in as many lines as the width needs (its parts are measured without colour).
  const key = [
    [`. 95% : 99.8% limits`, `${chalk.yellow('.')} 95% ${chalk.yellow(':')} 99.8% limits`],
    [`─ overall ${overall}`, `${chalk.dim('─')} overall ${overall}`],
    ['o within', 'o within'],
    ['▲ above', `${chalk.red('▲')} above`],
    ['▼ below', `${chalk.blue('▼')} below`],
  ];
  let plain = '';
  let coloured = '';
  for (const [text, shown] of key) {
    if (plain && [...plain].length + 2 + [...text].length > width) {
      out.push(coloured);
      plain = '';
      coloured = '';
    }
    plain += `${plain ? '  ' : ''}${text}`;
    coloured += `${coloured ? '  ' : ''}${shown}`;
  }
  out.push(coloured);
  flagged.forEach((p, n) => {
    const mark = p.flag === 'above' ? chalk.red('▲') : chalk.blue('▼');
    const tail = `: ${formatNumber(p.rate, digits + 2)} (${p.flag})`;
    const name = cut(stripControl(p.name), Math.max(8, width - tail.length - String(n + 1).length - 2));
    out.push(`${mark}${n + 1} ${name}${tail}`);
  });
  for (const n of plot.notes) out.push(...wrap(`note: ${stripControl(n)}`, width).map((l) => chalk.dim(l)));
  return `${out.join('\n')}\n`;
}

/** Round populations for the axis: 1, 2 and 5 times powers of ten, thinned to fit. */
function populationTicks(from: number, to: number, cols: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(from)); e <= Math.ceil(Math.log10(to)); e++) {
    for (const m of cols >= 60 ? [1, 2, 5] : [1]) {
      const v = m * 10 ** e;
      if (v >= from && v <= to) out.push(v);
    }
  }
  return out;
}

/** 20000 → "20k", 1500000 → "1.5M". */
export function compact(n: number): string {
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(3))}M`;
  if (n >= 1e3) return `${Number((n / 1e3).toPrecision(3))}k`;
  return String(Math.round(n));
}

function cut(s: string, width: number): string {
  return [...s].length <= width ? s : `${[...s].slice(0, width - 1).join('')}…`;
}

/** Words to lines of at most `width` characters, continuation lines indented two spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
