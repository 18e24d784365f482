import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Result, Row } from '../analyses/result.js';
import { StalkError } from '../core/errors.js';
import type { ChartDataOptions } from '../render/chartData.js';
import { type CommonOptions, colorEnabled, emit, type Io } from './shared.js';

/**
 * `--chart` and `--chart-svg FILE`, for any command whose result rows carry area, category, period,
 * start, end and a value. A command adds them with `addChartOptions(cmd)` (after its own help
 * text, so the examples come first) and writes its output with `emitWithCharts(result, opts, io)`
 * instead of `emit`.
 */
export interface ChartOptions {
  chart?: boolean;
  chartSvg?: string;
}

/**
 * What to plot when it is not the result's rows and their `count`: e.g. `daily` passes
 * `{ valueKey: 'perDay', valueLabel: 'offences per day' }`; `compare`, whose rows are windows, passes
 * the per-period rows of the series it compared as `rows` (area, category, period, start, end, count).
 */
export type ChartSpec = Pick<ChartDataOptions, 'valueKey' | 'valueLabel' | 'title'> & { rows?: Row[] };

export const CHART_HELP = `
Charts:
  --chart draws one bar chart per category after the table (inside a text block after the
  Markdown table); dotted ┊ rules and numbered ▲ marks are recording changes from the register,
  listed under each chart. It fits the terminal width (80 columns when not a terminal). JSON and
  CSV stay machine-readable, so --chart is refused with them; --chart-svg works with any format.`;

export function addChartOptions(cmd: Command): Command {
  cmd
    .option('--chart', 'also draw a bar chart per category in the terminal, after the table, with recording changes marked (default: no chart)', false)
    .option('--chart-svg <file>', 'also write a standalone SVG line chart of every category, with recording changes marked, to FILE (default: none)');
  cmd.addHelpText('after', CHART_HELP);
  cmd.hook('preAction', (_cmd, action) => {
    const o = action.opts() as ChartOptions & { format?: string };
    if (o.chart && (o.format === 'json' || o.format === 'csv'))
      throw new StalkError('E_BAD_OPTION', `--chart draws in the terminal and would corrupt --format ${o.format}; use --format table or markdown, or --chart-svg FILE`);
    if (o.chartSvg !== undefined && o.chartSvg.trim() === '') throw new StalkError('E_BAD_OPTION', '--chart-svg needs a file name');
  });
  return cmd;
}

/**
 * Writes the result, then the charts the options ask for. The SVG is written first, atomically (a
 * browser or CI upload never sees half a file, and a failure leaves no output on stdout).
 */
export async function emitWithCharts(result: Result, opts: CommonOptions & ChartOptions, io: Io, spec: ChartSpec = {}): Promise<void> {
  // The chart code (renderers, register, taxonomy labels) is loaded only when a chart is asked for.
  const charts = opts.chart || opts.chartSvg ? await import('./charts.js') : null;
  const data = charts ? charts.chartDataFor(result, spec) : null;
  if (charts && data && opts.chartSvg) {
    const target = resolve(io.cwd ?? '.', opts.chartSvg);
    charts.writeFileAtomic(target, charts.renderSvgChart(data));
    if (!opts.quiet) io.stderr.write(`stalkstats: wrote chart ${opts.chartSvg}\n`);
  }
  await emit(result, opts, io);
  if (charts && data && opts.chart) {
    const width = io.columns && io.columns > 0 ? io.columns : 80;
    if (opts.format === 'markdown') io.stdout.write(`\n\`\`\`text\n${charts.renderTerminalChart(data, { width, color: false })}\`\`\`\n`);
    else io.stdout.write(`\n${charts.renderTerminalChart(data, { width, color: colorEnabled(io, opts) })}`);
  }
}
