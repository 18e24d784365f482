import { normaliseLabel } from '../core/dataFiles.js';
import { StalkError } from '../core/errors.js';
import { comparePeriods, type Grain, type Period } from '../core/periods.js';
import { type AreaName, normaliseArea } from '../series/areas.js';
import { mergeObservations, type SeriesPoint } from '../series/build.js';
import { type PopulationTable, populationYearFor } from '../series/populations.js';
import { regrain } from '../series/regrain.js';
import type { LoadedInput, Observation } from '../series/types.js';
import type { CategoryId } from '../taxonomy/taxonomy.js';
import { populationOf, rateDigits, storedRate, thousands } from './rates.js';
import { type Column, type Row, round } from './result.js';
import {
  type FunnelCurvePoint,
  type FunnelFlag,
  type FunnelResult,
  funnel,
  funnelCurve,
  type OverdispersionMethod,
} from './stats/index.js';

/**
 * Every area of one level compared in one period: counts, populations and rates, judged against a
 * funnel of limits around the overall rate that allows for over-dispersion (stats/funnel.ts). The
 * areas come from the data at one level only (forces, or partnerships, never both), so no area is
 * compared with the sum it belongs to.
 */

/** A period as asked for: its text, and its bounds and grain when the text names one by its form. */
export interface PeriodQuery {
  text: string;
  start?: string;
  end?: string;
  grain?: Grain;
}

export interface AreasRequest {
  category: CategoryId;
  period: PeriodQuery;
  /** The area level (region, force, csp, borough, area); default the finest the data have with populations. */
  level?: string;
  /** Only areas inside these (resolved --area names). */
  within: AreaName[];
  table: PopulationTable;
  per: number;
  populationYear?: number;
  overdispersion: OverdispersionMethod;
  flagLevel: 0.95 | 0.998;
  /** How the notes name the populations' source (default: the table's own description). */
  source?: string;
  /** The input files, as the plot's source line names them. */
  inputs?: string[];
  /** The data are invented (the demo): the plot says so. */
  illustrative?: boolean;
}

/** What the funnel renderers draw. */
export interface FunnelPlot {
  title: string;
  subtitle: string;
  per: number;
  target: number | null;
  /** Label of the population axis, e.g. "Residents (mid-2017 estimate), log scale". */
  populationLabel: string;
  rateLabel: string;
  points: { name: string; population: number; rate: number; flag: FunnelFlag }[];
  curve: FunnelCurvePoint[];
  flagLevel: number;
  /** The crime files. */
  sources: string[];
  /** Where the populations come from. */
  populationSource: string;
  illustrative: boolean;
  notes: string[];
}

export interface AreasAnalysis {
  rows: Row[];
  columns: Column[];
  notes: string[];
  extra: Record<string, unknown>;
  plot: FunnelPlot;
}

const LEVEL_ORDER = ['area', 'borough', 'csp', 'force', 'region'];
const LEVEL_NAMES: Record<string, string> = {
  area: 'areas',
  borough: 'boroughs',
  csp: 'community safety partnerships',
  force: 'police force areas',
  region: 'regions',
};

export const AREAS_COLUMNS = (per: string, digits: number): Column[] => [
  { key: 'rank', label: 'Rank', kind: 'int', inTable: false },
  { key: 'rankText', label: 'Rank (95%)', kind: 'text', inTable: true },
  { key: 'area', label: 'Area', kind: 'text', inTable: true },
  { key: 'count', label: 'Count', kind: 'int', inTable: true },
  { key: 'population', label: 'Population', kind: 'int', inTable: true },
  { key: 'populationYear', label: 'Mid-year', kind: 'text', inTable: false },
  { key: 'rate', label: `Per ${per}`, kind: 'number', digits, inTable: true },
  { key: 'expected', label: 'Expected', kind: 'number', digits: 1, inTable: true },
  { key: 'z', label: 'z (Poisson)', kind: 'number', digits: 1, inTable: false },
  { key: 'zAdjusted', label: 'z', kind: 'number', digits: 2, inTable: true },
  { key: 'low95', label: '95% low', kind: 'number', digits, inTable: false },
  { key: 'high95', label: '95% high', kind: 'number', digits, inTable: false },
  { key: 'low998', label: '99.8% low', kind: 'number', digits, inTable: false },
  { key: 'high998', label: '99.8% high', kind: 'number', digits, inTable: false },
  { key: 'limitsText', label: '99.8% limits', kind: 'text', inTable: true },
  { key: 'flag', label: 'Flag', kind: 'text', inTable: true },
  { key: 'rankLow', label: 'Rank low', kind: 'int', inTable: false },
  { key: 'rankHigh', label: 'Rank high', kind: 'int', inTable: false },
];

/** Columns that only phrase others for a reader; JSON and CSV leave them out. */
export const AREAS_DISPLAY_ONLY: ReadonlySet<string> = new Set(['rankText', 'limitsText']);

interface AreaSeries {
  name: string;
  points: SeriesPoint[];
}

/** Observations of the category grouped by their area at one level, summed period by period. */
function seriesAtLevel(observations: readonly Observation[], level: string): AreaSeries[] {
  const groups = new Map<string, { name: string; sums: Map<string, SeriesPoint> }>();
  for (const o of observations) {
    const at = o.areaRoles.lastIndexOf(level as Observation['areaRoles'][number]);
    if (at < 0) continue;
    const name = o.areaPath[at];
    const key = normaliseArea(name);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { name, sums: new Map() }));
    const p = g.sums.get(o.period.key);
    if (p) p.count += o.count;
    else g.sums.set(o.period.key, { period: o.period, count: o.count });
  }
  return [...groups.values()].map((g) => ({
    name: g.name,
    points: [...g.sums.values()].sort((a, b) => comparePeriods(a.period, b.period)),
  }));
}

/** The period a query names among a series' periods: by its label as printed, or by its bounds. */
function matchPeriod(points: readonly SeriesPoint[], q: PeriodQuery): SeriesPoint | undefined {
  const label = normaliseLabel(q.text);
  return (
    points.find((p) => normaliseLabel(p.period.label) === label) ??
    (q.start && q.end ? points.find((p) => p.period.start === q.start && p.period.end === q.end) : undefined)
  );
}

/** Each area's figure for the period: as the data give it, else built from shorter periods. */
function figuresFor(series: readonly AreaSeries[], q: PeriodQuery): { name: string; point: SeriesPoint | null }[] {
  const native = series.map((s) => ({ name: s.name, point: matchPeriod(s.points, q) ?? null }));
  if (native.some((f) => f.point) || !q.grain) return native;
  return series.map((s) => ({ name: s.name, point: matchPeriod(regrain(s.points, q.grain, null).points, q) ?? null }));
}

function periodsHeld(series: readonly AreaSeries[]): string {
  const all = new Map<string, Period>();
  for (const s of series) for (const p of s.points) all.set(p.period.key, p.period);
  const sorted = [...all.values()].sort(comparePeriods);
  if (!sorted.length) return 'none';
  const shown = sorted.length <= 4 ? sorted : [sorted[0], sorted[1], sorted[sorted.length - 1]];
  const list = shown.map((p) => `'${p.label}'`);
  if (sorted.length > 4) list.splice(2, 0, '…');
  return `${list.join(', ')} (${sorted.length} periods)`;
}

export function compareAreas(inputs: LoadedInput[], req: AreasRequest): AreasAnalysis {
  const { merged } = mergeObservations(inputs, new Set([req.category]));
  const inside = req.within.map((a) => normaliseArea(a.name));
  const observations = inside.length
    ? merged.filter((o) => o.areaPath.some((p) => inside.includes(normaliseArea(p))))
    : [...merged];
  if (!observations.length) {
    throw new StalkError('E_NO_DATA', `no ${req.category} figures in the data${inside.length ? ' for --area' : ''}`);
  }
  const present = LEVEL_ORDER.filter((l) => observations.some((o) => o.areaRoles.includes(l as never)));
  if (req.level && !present.includes(req.level)) {
    throw new StalkError('E_BAD_OPTION', `--level ${req.level}: the data's areas are ${present.join(', ')}`);
  }

  // The period first: it sets the mid-year, which decides which areas have a population.
  const candidates = req.level ? [req.level] : present;
  let chosen: { level: string; figures: { name: string; point: SeriesPoint | null }[]; populated: number } | null =
    null;
  let period: Period | null = null;
  for (const level of candidates) {
    const figures = figuresFor(seriesAtLevel(observations, level), req.period);
    const found = figures.find((f) => f.point)?.point?.period ?? null;
    if (!found) continue;
    period ??= found;
    const year = req.populationYear ?? populationYearFor(found.start, found.end);
    const populated = figures.filter(
      (f) => populationOf(req.table, { name: f.name, role: level }, year).kind === 'population',
    ).length;
    if (!chosen || (chosen.populated === 0 && populated > 0)) chosen = { level, figures, populated };
    if (populated > 0) break;
  }
  if (!chosen || !period) {
    const held = periodsHeld(seriesAtLevel(observations, candidates[0]));
    throw new StalkError(
      'E_BAD_OPTION',
      `--period '${req.period.text}' is not a period of the data: they hold ${held}`,
    );
  }
  const { level, figures } = chosen;
  const year = req.populationYear ?? populationYearFor(period.start, period.end);

  const units: { name: string; count: number | null; population: number | null }[] = [];
  const left: { area: string; reason: string }[] = [];
  for (const f of figures) {
    const answer = populationOf(req.table, { name: f.name, role: level }, year);
    if (answer.kind !== 'population') {
      const reason =
        answer.kind === 'no-residents'
          ? 'no residents: not a territorial police area'
          : answer.kind === 'out-of-range'
            ? `no population for mid-${year} (the data hold mid-${answer.first} to mid-${answer.last})`
            : answer.note;
      left.push({ area: f.name, reason });
      continue;
    }
    if (!f.point) {
      left.push({ area: f.name, reason: `no ${req.category} figure for ${period.label}` });
      continue;
    }
    units.push({ name: f.name, count: f.point.count, population: answer.hit.population });
  }
  const result = funnel(units, { per: req.per, overdispersion: req.overdispersion, flagLevel: req.flagLevel });
  for (const e of result.excluded) left.push({ area: e.name, reason: e.reason });
  return presentFunnel(result, { req, level, period, year, left });
}

interface Context {
  req: AreasRequest;
  level: string;
  period: Period;
  year: number;
  left: { area: string; reason: string }[];
}

/** The funnel as rows, notes, the JSON extras and what the plot needs. */
function presentFunnel(result: FunnelResult, ctx: Context): AreasAnalysis {
  const { req, level, period, year, left } = ctx;
  const digits = rateDigits(result.rows.map((r) => r.rate));
  const fmt = (v: number) => v.toFixed(digits);
  const sorted = [...result.rows].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, 'en'));
  const rows: Row[] = sorted.map((r) => ({
    rank: r.rank,
    rankText: `${r.rank} (${r.rankLow}–${r.rankHigh})`,
    area: r.name,
    count: r.count,
    population: r.population,
    populationYear: year,
    rate: storedRate(r.rate),
    expected: round(r.expected, 2),
    z: r.z === null ? null : round(r.z, 4),
    zAdjusted: r.zAdjusted === null ? null : round(r.zAdjusted, 4),
    low95: storedRate(r.limits95.low),
    high95: storedRate(r.limits95.high),
    low998: storedRate(r.limits998.low),
    high998: storedRate(r.limits998.high),
    limitsText: `${fmt(r.limits998.low)}–${fmt(r.limits998.high)}`,
    flag: r.flag,
    rankLow: r.rankLow,
    rankHigh: r.rankHigh,
  }));
  const perText = thousands(req.per);
  const levelName = LEVEL_NAMES[level] ?? level;
  const used = result.dispersion.method;
  const od = result.overdispersion;
  const notes: string[] = [];
  const whichYear = req.populationYear ? ' (--population-year)' : ' (the mid-year inside the period)';
  notes.push(
    `${rows.length} ${levelName} compared, ${period.label} (${period.start} to ${period.end}), ${req.category}; ` +
      `rate: offences per ${perText} residents, ` +
      `populations at mid-${year} from ${req.source ?? req.table.source}${whichYear}`,
  );
  if (result.target !== null) {
    notes.push(
      `target: the overall rate of the areas compared, ${fmt(result.target)} per ${perText} ` +
        `(${thousands(result.totalCount)} offences, ${thousands(result.totalPopulation)} residents)`,
    );
  }
  if (od) {
    const p = od.pValue < 0.001 ? '< 0.001' : `= ${od.pValue.toFixed(3)}`;
    notes.push(
      `over-dispersion (Spiegelhalter 2005): z-scores Winsorised at 10% each tail, φ = ${od.phi.toFixed(2)} ` +
        `(χ² ${od.statistic.toFixed(1)} on ${od.df} df, p ${p}), ` +
        `τ = ${Math.sqrt(od.tau2).toFixed(digits)} per ${perText}`,
    );
  }
  const limitsText =
    used === 'none'
      ? 'exact Poisson limits, no allowance for over-dispersion'
      : used === 'multiplicative'
        ? `Poisson limits widened by √φ = ${Math.sqrt(result.dispersion.phi).toFixed(2)} ` +
          '(multiplicative over-dispersion)'
        : `θ ± z √(s² + τ²) (additive random-effects over-dispersion)`;
  const flagged = rows.filter((r) => r.flag !== 'within');
  const flagPct = req.flagLevel === 0.95 ? '95%' : '99.8%';
  notes.push(
    `limits: ${limitsText}; flagged outside the ${flagPct} limits: ` +
      `${flagged.length ? flagged.map((r) => `${r.area} (${r.flag})`).join(', ') : 'none'}`,
  );
  if (used === 'none' && od && od.phi > 1 && req.overdispersion === 'none') {
    notes.push(
      `the areas vary ${od.phi.toFixed(0)} times as much as Poisson noise allows: ` +
        'with Poisson limits alone most flags reflect that spread, not a real outlier ' +
        '(--overdispersion additive or multiplicative allows for it)',
    );
  }
  notes.push(
    'rank 1 is the highest rate; the 95% interval of each rank comes from 2,000 simulated rankings ' +
      '(Goldstein and Spiegelhalter 1996) and allows for Poisson noise only',
  );
  notes.push(...result.notes);
  if (left.length) {
    const byReason = new Map<string, string[]>();
    for (const l of left) byReason.set(l.reason, [...(byReason.get(l.reason) ?? []), l.area]);
    notes.push(`left out: ${[...byReason].map(([reason, names]) => `${names.join(', ')} (${reason})`).join('; ')}`);
  }
  const lo = Math.min(...result.rows.map((r) => r.population));
  const hi = Math.max(...result.rows.map((r) => r.population));
  const curve =
    result.target !== null && rows.length
      ? funnelCurve(result.target, result.dispersion, req.per, { from: lo / 1.6, to: hi * 1.6, points: 160 })
      : [];
  const methodText =
    used === 'none'
      ? 'Poisson limits'
      : used === 'additive'
        ? 'additive over-dispersion'
        : 'multiplicative over-dispersion';
  const plot: FunnelPlot = {
    title: `${capitalise(req.category.replace(/-/g, ' '))} per ${perText} residents, ${period.label}`,
    subtitle:
      `${rows.length} ${levelName}; funnel around the overall rate ` +
      `${result.target === null ? '' : fmt(result.target)}, 95% and 99.8% limits (${methodText})`,
    per: req.per,
    target: result.target,
    populationLabel: `Residents (mid-${year} estimate), log scale`,
    rateLabel: `Offences per ${perText} residents`,
    points: result.rows.map((r) => ({ name: r.name, population: r.population, rate: r.rate, flag: r.flag })),
    curve,
    flagLevel: req.flagLevel,
    sources: req.inputs ?? [],
    populationSource: req.source ?? req.table.source,
    illustrative: !!req.illustrative,
    notes: left.length ? [`Left out: ${left.map((l) => l.area).join(', ')}`] : [],
  };
  const extra = {
    period: { label: period.label, start: period.start, end: period.end, days: period.days },
    category: req.category,
    level,
    per: req.per,
    populationYear: year,
    target: result.target === null ? null : storedRate(result.target),
    totalCount: result.totalCount,
    totalPopulation: result.totalPopulation,
    overdispersion: {
      requested: result.requested,
      used,
      phi: od ? storedRate(od.phi) : null,
      tau2: od ? storedRate(od.tau2) : null,
      statistic: od ? storedRate(od.statistic) : null,
      df: od ? od.df : null,
      pValue: od ? storedRate(od.pValue) : null,
      winsorise: od ? od.winsorise : null,
    },
    flagLevel: req.flagLevel,
    rankDraws: result.rankDraws,
    seed: result.seed,
    excluded: left,
  };
  return { rows, columns: AREAS_COLUMNS(perText, digits), notes, extra, plot };
}

function capitalise(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
