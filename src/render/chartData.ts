import type { Result, Row } from '../analyses/result.js';
import { addDays, dayNumber } from '../core/dates.js';
import { GRAIN_NAMES, type Grain, periodContaining } from '../core/periods.js';

/**
 * What the terminal and SVG charts draw, taken from a Result (or straight from series): one line of
 * points per area and category, plus the recording changes that fall inside the time span. Charts
 * plot whatever the table shows; they never fill gaps or annualise.
 */
export interface ChartPoint {
  /** ISO start and end of the period, inclusive. */
  start: string;
  end: string;
  label: string;
  value: number;
}

export interface ChartSeries {
  /** Unique within the chart: area and category. */
  key: string;
  area: string;
  category: string;
  /** Legend text: the category, with the area when the chart has several. */
  label: string;
  /** The category's own colour, where it has one (data/taxonomy.json). */
  colour?: string;
  points: ChartPoint[];
}

/** A recording change as the charts need it (the register's events have this shape and more). */
export interface ChartEventInput {
  id: string;
  date: string;
  title: string;
  affects: readonly string[];
}

export interface ChartEvent {
  id: string;
  date: string;
  title: string;
  /** Which of the charted categories it affects. */
  affects: string[];
}

export interface ChartData {
  title: string;
  /** What the y values are, e.g. "offences per financial year". */
  valueLabel: string;
  series: ChartSeries[];
  /** Recording changes dated inside the span that affect a charted category, by date. */
  events: ChartEvent[];
  /** First start and last end over all series (ISO); empty strings when there is nothing to draw. */
  domain: { start: string; end: string };
  /** Input file names, without folders. */
  sources: string[];
  /** True when an input is the invented demo dataset. */
  illustrative: boolean;
  /** True when periods overlap (rolling years): points sit at the period end, not its middle. */
  overlapping: boolean;
  /** What the chart leaves out or how to read it; shown under it. */
  notes: string[];
}

export interface ChartDataOptions {
  /** Row member holding the y value (default `count`). */
  valueKey?: string;
  /** Description of the y value; default "offences per <grain>". */
  valueLabel?: string;
  title?: string;
  /** The register's events; only those in the span that affect a charted category are kept. */
  events?: readonly ChartEventInput[];
  /** Legend text per category id (e.g. from the taxonomy); the id when absent. */
  categoryLabels?: Record<string, string>;
  /** Each category's colour in every chart. */
  categoryColours?: Record<string, string>;
  /**
   * The date from which a category has a code of its own (from the register). A zero before it
   * means "counted elsewhere", not "none", so it is not drawn.
   */
  ownCodeFrom?: Record<string, string | null>;
}

/**
 * Categories a recording change reaches beyond those it names: the old Met "Harassment" category is
 * wider than Home Office harassment, so anything that changed harassment or the combined sub-group
 * changed it too.
 */
const ALSO_AFFECTED_BY: Record<string, string[]> = {
  'harassment-wide': ['harassment', 'stalking-and-harassment'],
};

export function eventAffects(event: ChartEventInput, category: string): boolean {
  return event.affects.includes(category) || (ALSO_AFFECTED_BY[category] ?? []).some((c) => event.affects.includes(c));
}

/** The demo data are invented; a chart of them must say so. */
export function isIllustrativeSource(path: string): boolean {
  const base = baseName(path);
  return /^demo[-_]/i.test(base) || /(^|[\\/])data[\\/]demo[\\/]/.test(path);
}

export function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** Chart data from a result whose rows carry area, category, period, start, end and a value. */
export function chartDataFromResult(result: Result, options: ChartDataOptions = {}): ChartData {
  const valueKey = options.valueKey ?? 'count';
  const groups = new Map<string, { area: string; category: string; points: ChartPoint[] }>();
  for (const row of result.rows) {
    const point = pointOf(row, valueKey);
    if (!point) continue;
    const area = textOf(row.area) ?? '';
    const category = textOf(row.category) ?? '';
    const key = `${area}\u0000${category}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { area, category, points: [] }));
    g.points.push(point);
  }
  return chartDataFromSeries(
    [...groups.values()].map((g) => ({ area: g.area, category: g.category, points: g.points })),
    result.inputs.map((i) => i.path),
    options,
  );
}

/** Chart data from series (area, category, points) and the input paths they came from. */
export function chartDataFromSeries(
  series: { area: string; category: string; points: ChartPoint[] }[],
  inputPaths: string[],
  options: ChartDataOptions = {},
): ChartData {
  const areas = new Set(series.map((s) => s.area));
  const notes: string[] = [];
  const trimmed = series.map((s) => {
    const from = options.ownCodeFrom?.[s.category];
    if (!from) return s;
    const points = s.points.filter((p) => !(p.end < from && p.value === 0));
    if (points.length < s.points.length) {
      const label = options.categoryLabels?.[s.category] ?? s.category;
      const note =
        `${label} has figures of its own only from ${from}; zero counts before then are not drawn ` +
        '(the offences were counted elsewhere or not at all)';
      if (!notes.includes(note)) notes.push(note);
    }
    return { ...s, points };
  });
  const out: ChartSeries[] = trimmed
    .filter((s) => s.points.length > 0)
    .map((s) => ({
      key: `${s.area}\u0000${s.category}`,
      area: s.area,
      category: s.category,
      label:
        areas.size > 1
          ? `${options.categoryLabels?.[s.category] ?? s.category} (${s.area})`
          : (options.categoryLabels?.[s.category] ?? s.category),
      ...(options.categoryColours?.[s.category] ? { colour: options.categoryColours[s.category] } : {}),
      points: [...s.points].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : 1)),
    }));
  let start = '';
  let end = '';
  for (const s of out)
    for (const p of s.points) {
      if (!start || p.start < start) start = p.start;
      if (!end || p.end > end) end = p.end;
    }
  const categories = [...new Set(out.map((s) => s.category))];
  const events: ChartEvent[] = [];
  for (const e of options.events ?? []) {
    // An event on the first day of the span changes nothing the chart compares.
    if (!start || !(start < e.date && e.date <= end)) continue;
    const hit = categories.filter((c) => eventAffects(e, c));
    if (hit.length) events.push({ id: e.id, date: e.date, title: e.title, affects: hit });
  }
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
  const overlapping = out.some((s) => s.points.some((p, i) => i > 0 && p.start <= s.points[i - 1].end));
  const sources = [...new Set(inputPaths.map(baseName))];
  const areaList = [...areas].filter(Boolean);
  return {
    title:
      options.title ??
      (areaList.length === 1
        ? `Police-recorded offences by category: ${areaList[0]}`
        : 'Police-recorded offences by category'),
    valueLabel:
      options.valueLabel ??
      (overlapping ? 'offences in the 12 months to each date' : `offences per ${grainName(out, false)}`),
    series: out,
    events,
    domain: { start, end },
    sources,
    illustrative: inputPaths.some(isIllustrativeSource),
    overlapping,
    notes,
  };
}

/** The period length the points share, in words ("financial year", "quarter", …); "period" when mixed. */
export function grainName(series: ChartSeries[], overlapping: boolean): string {
  if (overlapping) return 'rolling 12 months';
  const names = new Set<string>();
  for (const s of series)
    for (const p of s.points) {
      names.add(grainOfBounds(p.start, p.end));
      if (names.size > 1) return 'period';
    }
  return names.values().next().value ?? 'period';
}

function grainOfBounds(start: string, end: string): string {
  if (start === end) return 'day';
  for (const g of ['month', 'quarter', 'fy', 'year'] as Grain[]) {
    const q = periodContaining(g, start);
    if (q.start === start && q.end === end) return GRAIN_NAMES[g];
  }
  return 'period';
}

/**
 * Where a point sits on a time axis, as a day number: the middle of its period, or its last day for
 * rolling years (the convention for "12 months ending").
 */
export function pointDay(p: ChartPoint, overlapping: boolean): number {
  if (overlapping) return dayNumber(p.end);
  return (dayNumber(p.start) + dayNumber(p.end) + 1) / 2;
}

/** True when `b` follows `a` with no gap (the day after a's end is b's start). */
export function isContiguous(a: ChartPoint, b: ChartPoint): boolean {
  return addDays(a.end, 1) === b.start || b.start <= a.end;
}

function pointOf(row: Row, valueKey: string): ChartPoint | null {
  const value = row[valueKey];
  const start = textOf(row.start);
  const end = textOf(row.end);
  if (typeof value !== 'number' || !Number.isFinite(value) || !start || !end) return null;
  return { start, end, label: textOf(row.period) ?? start, value };
}

function textOf(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
