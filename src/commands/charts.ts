import type { Result } from '../analyses/result.js';
import { type ChartData, chartDataFromResult } from '../render/chartData.js';
import { codeStart, loadRegister } from '../taxonomy/register.js';
import { loadTaxonomy } from '../taxonomy/taxonomy.js';
import type { ChartSpec } from './options.js';

// What `--chart` and `--chart-svg` need, in a module of its own that `emitWithCharts` loads only
// when a chart is asked for: a run without one loads neither chart renderer.
export { writeFileAtomic } from '../core/atomicWrite.js';
export { renderSvgChart } from '../render/chart-svg.js';
export { renderTerminalChart } from '../render/chart-terminal.js';

/** Chart data for a result, with the register's recording changes and the taxonomy's labels. */
export function chartDataFor(result: Result, spec: ChartSpec = {}): ChartData {
  const register = loadRegister();
  const categories = loadTaxonomy().categories;
  const categoryLabels = Object.fromEntries(categories.map((c) => [c.id, c.label]));
  const categoryColours = Object.fromEntries(categories.map((c) => [c.id, c.colour]));
  const ownCodeFrom = Object.fromEntries(categories.map((c) => [c.id, codeStart(c.id, register)]));
  const { rows, ...options } = spec;
  return chartDataFromResult(rows ? { ...result, rows } : result, {
    ...options,
    events: register.events,
    categoryLabels,
    categoryColours,
    ownCodeFrom,
  });
}
