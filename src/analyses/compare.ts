import { addDays, daysBetweenInclusive, daysInMonth, isoDate, monthAbbrev } from '../core/dates.js';
import { comparePeriods, PERIOD_KIND_NAMES, type Period } from '../core/periods.js';
import type { Series, SeriesPoint, SeriesSet } from '../series/build.js';
import {
  eventsSeparating,
  loadRegister,
  type RecordingChange,
  type RecordingChangeRegister,
} from '../taxonomy/register.js';
import type { CategoryId } from '../taxonomy/taxonomy.js';
import { predatesCodeReason, registerComparability } from './comparability.js';
import { RATE_DIGITS, withThousands } from './daily.js';
import { type Column, type Row, round } from './result.js';
import { MIN_POINTS_EACH_SIDE, perDay, poissonRateRatio, segmentedStep } from './stats/index.js';

/**
 * Before and after a recording change: equal windows of whole months either side of the event
 * date D — before = [D − window, D − 1 day], after = [D, D + window − 1 day] — each the sum of the
 * series' own periods lying wholly inside it, and only when they cover it exactly. Rates are per
 * day, so windows of 365 and 366 days compare fairly; the rate ratio (after / before) has an exact
 * conditional Poisson interval. Two further readings:
 *
 * - like for like: the same ratio without the offences the event brought into the category (e.g.
 *   coercive control, counted in the stalking and harassment sub-group from April 2020), where the
 *   source has them separately;
 * - step: the level change at D from a segmented regression on the monthly or quarterly series
 *   between the neighbouring recording changes, which allows for the trend and the season.
 */

/**
 * Offences an event added to a category's total, which a like-for-like comparison takes out of the
 * after window. Only additions of whole categories can be undone this way; a change to how offences
 * are counted (recorded in addition to another offence, ex-partner conduct recorded as stalking)
 * leaves nothing separate to take out. Where the added offences stopped being part of the total
 * (malicious communications left harassment in April 2017), they did so on getting a code of their
 * own, so an after window that starts at the event always lies before that code and the
 * like-for-like figure is refused for want of separate figures.
 */
const BROUGHT_IN: Record<string, Partial<Record<CategoryId, CategoryId[]>>> = {
  'stalking-offences-created-2012': {
    harassment: ['stalking'],
    'harassment-wide': ['stalking'],
    'stalking-and-harassment': ['stalking'],
  },
  'malicious-communications-notifiable-2015': {
    harassment: ['malicious-communications'],
    'harassment-wide': ['malicious-communications'],
    'stalking-and-harassment': ['malicious-communications'],
  },
  'ex-partner-stalking-coercive-control-2020': {
    'stalking-and-harassment': ['coercive-control'],
  },
};

/** Categories a like-for-like comparison of `categories` around `event` needs loaded as well. */
export function categoriesBroughtIn(event: RecordingChange, categories: readonly CategoryId[]): CategoryId[] {
  const out = new Set<CategoryId>();
  for (const c of categories) for (const x of BROUGHT_IN[event.id]?.[c] ?? []) out.add(x);
  return [...out];
}

export const COMPARE_COLUMNS: Column[] = [
  { key: 'area', label: 'Area', kind: 'text', inTable: true },
  { key: 'category', label: 'Category', kind: 'text', inTable: true },
  { key: 'event', label: 'Event', kind: 'text', inTable: false },
  { key: 'beforeWindow', label: 'Before', kind: 'text', inTable: true },
  { key: 'beforeStart', label: 'Before from', kind: 'date', inTable: false },
  { key: 'beforeEnd', label: 'Before to', kind: 'date', inTable: false },
  { key: 'beforeDays', label: 'Days before', kind: 'int', inTable: false },
  { key: 'beforeCount', label: 'Count before', kind: 'int', inTable: true },
  { key: 'beforePerDay', label: 'Per day before', kind: 'number', digits: 2, inTable: true },
  { key: 'afterWindow', label: 'After', kind: 'text', inTable: true },
  { key: 'afterStart', label: 'After from', kind: 'date', inTable: false },
  { key: 'afterEnd', label: 'After to', kind: 'date', inTable: false },
  { key: 'afterDays', label: 'Days after', kind: 'int', inTable: false },
  { key: 'afterCount', label: 'Count after', kind: 'int', inTable: true },
  { key: 'afterPerDay', label: 'Per day after', kind: 'number', digits: 2, inTable: true },
  { key: 'rateRatio', label: 'Rate ratio', kind: 'ratio', digits: 4, inTable: true },
  { key: 'ciText', label: '95% CI', kind: 'text', inTable: true },
  { key: 'ciLow', label: '95% CI low', kind: 'ratio', digits: 4, inTable: false },
  { key: 'ciHigh', label: '95% CI high', kind: 'ratio', digits: 4, inTable: false },
  { key: 'likeForLikeText', label: 'Like for like', kind: 'text', inTable: true },
  { key: 'likeForLike', label: 'Like for like', kind: 'text', inTable: false },
  { key: 'stepText', label: 'Step (trend, season)', kind: 'text', inTable: true },
  { key: 'step', label: 'Step', kind: 'text', inTable: false },
  { key: 'comparable', label: 'Comparable', kind: 'bool', inTable: false },
  { key: 'notComparableBecause', label: 'Not comparable because', kind: 'text', inTable: false },
  { key: 'missing', label: 'Missing', kind: 'text', inTable: false },
  { key: 'likeForLikeNote', label: 'Like for like: note', kind: 'text', inTable: false },
  { key: 'stepNote', label: 'Step: note', kind: 'text', inTable: false },
];

/** Columns that only phrase other columns for a reader; JSON and CSV leave them out. */
export const COMPARE_DISPLAY_ONLY: ReadonlySet<string> = new Set([
  'beforeWindow',
  'afterWindow',
  'ciText',
  'likeForLikeText',
  'stepText',
]);

export interface LikeForLike {
  beforeCount: number;
  afterCount: number;
  rateRatio: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  excluded: CategoryId[];
}

export interface StepEstimate {
  rateRatio: number;
  ciLow: number;
  ciHigh: number;
  method: string;
}

export interface Window {
  start: string;
  end: string;
  days: number;
}

export interface WindowTotal {
  /** Null unless the periods cover the window exactly. */
  count: number | null;
  parts: SeriesPoint[];
  /** What is missing, in words; null when the window is covered. */
  missing: string | null;
}

export interface CompareOptions {
  event: RecordingChange;
  /** Whole months each side of the event. */
  windowMonths: number;
  register?: RecordingChangeRegister;
}

export interface CompareAnalysis {
  rows: Row[];
  /** The series' own periods from the start of the before window to the end of the after window, for charts. */
  periodRows: Row[];
  notes: string[];
  before: Window;
  after: Window;
}

function r6(x: number | null): number | null {
  return x === null ? null : round(x, RATE_DIGITS);
}

/** The same day `months` later (or earlier); a day past the month's end becomes its last day. */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = (((m % 12) + 12) % 12) + 1;
  return isoDate(year, month, Math.min(Number(iso.slice(8, 10)), daysInMonth(year, month)));
}

export function windowsAround(date: string, months: number): { before: Window; after: Window } {
  const beforeStart = addMonths(date, -months);
  const beforeEnd = addDays(date, -1);
  const afterEnd = addDays(addMonths(date, months), -1);
  return {
    before: { start: beforeStart, end: beforeEnd, days: daysBetweenInclusive(beforeStart, beforeEnd) },
    after: { start: date, end: afterEnd, days: daysBetweenInclusive(date, afterEnd) },
  };
}

/** "1 Apr 2019" */
export function dayLabel(iso: string): string {
  return `${Number(iso.slice(8, 10))} ${monthAbbrev(Number(iso.slice(5, 7)))} ${iso.slice(0, 4)}`;
}

function windowLabel(w: Window): string {
  return `${dayLabel(w.start)} – ${dayLabel(w.end)}`;
}

function asPeriod(w: Window): Period {
  // Only the bounds matter to the register's queries; the kind is nominal.
  return {
    kind: 'day',
    start: w.start,
    end: w.end,
    days: w.days,
    label: windowLabel(w),
    key: `window:${w.start}:${w.end}`,
  };
}

/**
 * The count in a window: a chain of the series' periods lying wholly inside it, each starting the
 * day after the last ends, from the window's first day to its last. Periods that do not overlap
 * (months, quarters, years) form at most one chain; rolling years overlap, and only those ending
 * exactly a year apart can be chained, so rolling totals are never added across an overlap.
 */
export function windowTotal(points: readonly SeriesPoint[], w: Window): WindowTotal {
  const inside = points
    .filter((p) => p.period.start >= w.start && p.period.end <= w.end)
    .sort((a, b) => comparePeriods(a.period, b.period));
  const reach = new Map<string, SeriesPoint[]>([[w.start, []]]);
  for (const p of inside) {
    const chain = reach.get(p.period.start);
    const next = addDays(p.period.end, 1);
    if (chain && !reach.has(next)) reach.set(next, [...chain, p]);
  }
  const parts = reach.get(addDays(w.end, 1));
  if (parts) return { count: parts.reduce((s, p) => s + p.count, 0), parts, missing: null };
  return { count: null, parts: [], missing: describeGap(points, inside, w) };
}

function describeGap(points: readonly SeriesPoint[], inside: SeriesPoint[], w: Window): string {
  // Days of the window that no period inside it covers.
  const gaps: [string, string][] = [];
  let cursor = w.start;
  for (const p of inside) {
    if (p.period.start > cursor) gaps.push([cursor, addDays(p.period.start, -1)]);
    if (p.period.end >= cursor) cursor = addDays(p.period.end, 1);
  }
  if (cursor <= w.end) gaps.push([cursor, w.end]);
  if (gaps.length === 0) {
    return (
      'rolling 12-month totals overlap and are never added across an overlap, ' +
      'so this window cannot be built from them; use --window 12 (or 24, 36, …): one rolling year, ' +
      'or consecutive ones, each side of the event'
    );
  }
  const first = points.reduce<string | null>((m, p) => (m === null || p.period.start < m ? p.period.start : m), null);
  const last = points.reduce<string | null>((m, p) => (m === null || p.period.end > m ? p.period.end : m), null);
  const parts = gaps.map(([a, b]) => {
    const straddling = points.filter(
      (p) => p.period.start <= b && p.period.end >= a && (p.period.start < w.start || p.period.end > w.end),
    );
    const range = a === b ? dayLabel(a) : `${dayLabel(a)} – ${dayLabel(b)}`;
    if (straddling.length) {
      const s = straddling[0].period;
      return `${range} lies in ${PERIOD_KIND_NAMES[s.kind]} ${s.label}, which straddles the window's edge`;
    }
    return `no data for ${range}`;
  });
  const span = first && last ? ` (the data run from ${dayLabel(first)} to ${dayLabel(last)})` : '';
  return `${parts.join('; ')}${span}`;
}

function affects(
  event: RecordingChange,
  category: CategoryId,
  before: Window,
  after: Window,
  register: RecordingChangeRegister,
): boolean {
  return eventsSeparating(asPeriod(before), asPeriod(after), [category], register).some((e) => e.id === event.id);
}

function likeForLike(
  s: Series,
  event: RecordingChange,
  before: Window,
  after: Window,
  beforeCount: number | null,
  afterCount: number | null,
  seriesOf: (area: string, category: CategoryId) => Series | undefined,
  register: RecordingChangeRegister,
): { value: LikeForLike | null; note: string } {
  const c = s.category;
  const predates = predatesCodeReason(c, asPeriod(before)) ?? predatesCodeReason(c, asPeriod(after));
  if (predates) return { value: null, note: `no like-for-like figure: ${predates}` };
  if (!affects(event, c, before, after, register)) {
    return { value: null, note: `${event.id} does not affect ${c}: the plain comparison is already like for like` };
  }
  const added = BROUGHT_IN[event.id]?.[c];
  if (!added) {
    return {
      value: null,
      note:
        `no like-for-like figure: ${event.title} (${event.date}) changed how offences are recorded, ` +
        `not which separately published offences ${c} includes, so nothing can be taken out; ` +
        'the rate ratio includes the effect of the change',
    };
  }
  if (beforeCount === null || afterCount === null)
    return { value: null, note: 'no like-for-like figure: the data do not cover both windows' };
  let taken = 0;
  const parts: string[] = [];
  for (const x of added) {
    const predates = predatesCodeReason(x, asPeriod(after));
    if (predates)
      return {
        value: null,
        note:
          `no like-for-like figure: ${predates}; ` +
          `within the after window it is counted inside ${c} and cannot be taken out`,
      };
    const xs = seriesOf(s.area, x);
    if (!xs) {
      return {
        value: null,
        note:
          `no like-for-like figure: the data have no separate ${x} figures for ${s.area}, ` +
          `so ${x} cannot be taken out (a source with only the combined figure cannot be split)`,
      };
    }
    const t = windowTotal(xs.points, after);
    if (t.count === null)
      return {
        value: null,
        note: `no like-for-like figure: the ${x} figures do not cover the after window: ${t.missing}`,
      };
    taken += t.count;
    parts.push(`${x} (${withThousands(String(t.count))} in the after window)`);
  }
  const lflAfter = afterCount - taken;
  const rr = poissonRateRatio(beforeCount, before.days, lflAfter, after.days);
  return {
    value: {
      beforeCount,
      afterCount: lflAfter,
      rateRatio: r6(rr.ratio),
      ciLow: r6(rr.low),
      ciHigh: r6(rr.high),
      excluded: [...added],
    },
    note:
      `like for like: ${parts.join(' and ')} taken out of the after window; ` +
      `before ${event.date} ${added.length > 1 ? 'they were' : 'it was'} not part of ` +
      `${c}${rr.note ? `; ${rr.note}` : ''}`,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The segmented-regression step at the event, fitted to the series between the neighbouring
 * recording changes that affect the category, so that no other change is read as trend or step.
 */
function stepAt(
  s: Series,
  event: RecordingChange,
  register: RecordingChangeRegister,
): { value: StepEstimate | null; note: string } {
  const kinds = new Set(s.points.map((p) => p.period.kind));
  const kind = kinds.size === 1 ? [...kinds][0] : null;
  if (kind !== 'month' && kind !== 'quarter') {
    const names = [...kinds].map((k) => PERIOD_KIND_NAMES[k]).join(' and ');
    return {
      value: null,
      note: `not estimated: the step needs a monthly or quarterly series, and the data are by ${names}`,
    };
  }
  const all: Period = { kind: 'day', start: '1900-01-01', end: '2200-12-31', days: 0, label: 'all time', key: 'all' };
  const others = eventsSeparating(all, all, [s.category], register).filter((e) => e.id !== event.id);
  const previous = [...others].reverse().find((e) => e.date < event.date);
  const next = others.find((e) => e.date > event.date);
  const used = s.points.filter(
    (p) =>
      (!previous || p.period.start >= previous.date) &&
      (!next || p.period.end < next.date) &&
      predatesCodeReason(s.category, p.period) === null,
  );
  const unit = kind === 'month' ? 'month' : 'quarter';
  const nBefore = used.filter((p) => p.period.end < event.date).length;
  const nAfter = used.filter((p) => p.period.start >= event.date).length;
  const bounds = [
    previous ? `from ${previous.id} (${previous.date})` : null,
    next ? `up to ${next.id} (${next.date})` : null,
  ]
    .filter(Boolean)
    .join(' ');
  const span = bounds
    ? `between the neighbouring recording changes for ${s.category}, ${bounds}`
    : `over the whole series`;
  if (nBefore < MIN_POINTS_EACH_SIDE || nAfter < MIN_POINTS_EACH_SIDE) {
    return {
      value: null,
      note:
        `not estimated: the step needs at least ${MIN_POINTS_EACH_SIDE} ${unit}s on each side ${span}; ` +
        `the data have ${nBefore} before and ${nAfter} after`,
    };
  }
  const fit = segmentedStep(
    used.map((p) => ({ start: p.period.start, days: p.period.days, count: p.count })),
    event.date,
    { seasonal: kind === 'month' ? 'month' : 'quarter' },
  );
  if (!fit)
    return {
      value: null,
      note:
        `not estimated: the regression could not be fitted to the ${plural(used.length, unit)} ${span} ` +
        '(a negative count, or a fit that did not converge)',
    };
  const first = used[0].period.label;
  const last = used[used.length - 1].period.label;
  return {
    value: {
      rateRatio: r6(fit.rateRatio)!,
      ciLow: r6(fit.ciLow)!,
      ciHigh: r6(fit.ciHigh)!,
      method:
        `${fit.method}, 95% Wald interval; ${plural(fit.nBefore, unit)} before and ${fit.nAfter} after ` +
        `(${first} to ${last})${fit.nExcluded ? `, ${fit.nExcluded} containing the event left out` : ''}, ${span}`,
    },
    note: `dispersion ${fit.dispersion.toFixed(2)}`,
  };
}

function intervalText(low: number | null, high: number | null): string {
  return `${low === null ? '…' : low.toFixed(4)}–${high === null ? '…' : high.toFixed(4)}`;
}

function ratioText(r: number | null, low: number | null, high: number | null): string {
  if (r === null) return low === null && high === null ? '' : `undefined (${intervalText(low, high)})`;
  return `${r.toFixed(4)} (${intervalText(low, high)})`;
}

export function compareAnalysis(
  set: SeriesSet,
  categories: readonly CategoryId[],
  options: CompareOptions,
): CompareAnalysis {
  const register = options.register ?? loadRegister();
  const { event, windowMonths } = options;
  const { before, after } = windowsAround(event.date, windowMonths);
  const bySeries = new Map(set.series.map((s) => [`${s.area}\u0000${s.category}`, s]));
  const seriesOf = (area: string, category: CategoryId) => bySeries.get(`${area}\u0000${category}`);
  const rows: Row[] = [];
  const periodRows: Row[] = [];
  const notes: string[] = [];
  for (const s of set.series) {
    if (!categories.includes(s.category)) continue;
    for (const p of s.points) {
      if (p.period.start < before.start || p.period.end > after.end) continue;
      const { label, start, end, days } = p.period;
      periodRows.push({
        area: s.area,
        category: s.category,
        period: label,
        start,
        end,
        days,
        count: p.count,
        perDay: r6(perDay(p.count, days)),
      });
    }
    const b = windowTotal(s.points, before);
    const a = windowTotal(s.points, after);
    const predatesBefore = predatesCodeReason(s.category, asPeriod(before));
    const predatesAfter = predatesCodeReason(s.category, asPeriod(after));
    const predates = predatesBefore ?? predatesAfter;
    const missing =
      [b.missing ? `before window: ${b.missing}` : null, a.missing ? `after window: ${a.missing}` : null]
        .filter(Boolean)
        .join('; ') || null;
    const rr =
      b.count !== null && a.count !== null && !predates
        ? poissonRateRatio(b.count, before.days, a.count, after.days)
        : null;
    if (rr?.note) notes.push(`${s.area}, ${s.category}: ${rr.note}`);
    const verdict = registerComparability(asPeriod(before), asPeriod(after), s.category);
    const lfl = likeForLike(s, event, before, after, b.count, a.count, seriesOf, register);
    const step = stepAt(s, event, register);
    const beforePerDay = b.count === null || predatesBefore ? null : r6(perDay(b.count, before.days));
    const afterPerDay = a.count === null || predatesAfter ? null : r6(perDay(a.count, after.days));
    rows.push({
      area: s.area,
      category: s.category,
      event: event.id,
      beforeWindow: windowLabel(before),
      beforeStart: before.start,
      beforeEnd: before.end,
      beforeDays: before.days,
      beforeCount: b.count,
      beforePerDay,
      afterWindow: windowLabel(after),
      afterStart: after.start,
      afterEnd: after.end,
      afterDays: after.days,
      afterCount: a.count,
      afterPerDay,
      rateRatio: rr ? r6(rr.ratio) : null,
      ciText:
        rr && (rr.low !== null || rr.high !== null)
          ? intervalText(r6(rr.low), r6(rr.high))
          : missing
            ? 'window not covered'
            : predates
              ? 'n/a: before its own code'
              : '',
      ciLow: rr ? r6(rr.low) : null,
      ciHigh: rr ? r6(rr.high) : null,
      likeForLikeText: lfl.value
        ? `${ratioText(lfl.value.rateRatio, lfl.value.ciLow, lfl.value.ciHigh)} without ` +
          `${lfl.value.excluded.join(', ')}`
        : 'n/a',
      likeForLike: lfl.value as unknown as Row[string],
      stepText: step.value ? ratioText(step.value.rateRatio, step.value.ciLow, step.value.ciHigh) : 'n/a',
      step: step.value as unknown as Row[string],
      comparable: verdict.comparable,
      notComparableBecause: verdict.because,
      missing,
      likeForLikeNote: lfl.note,
      stepNote: step.value ? `${step.value.method}; ${step.note}` : step.note,
    });
    const alsoIn = eventsSeparating(asPeriod(before), asPeriod(after), [s.category], register).filter(
      (e) => e.id !== event.id,
    );
    if (alsoIn.length) {
      notes.push(
        `${s.area}, ${s.category}: the windows also span ${alsoIn.map((e) => `${e.id} (${e.date})`).join(', ')}, ` +
          `so the ratio mixes ${alsoIn.length > 1 ? 'those changes' : 'that change'} with this one`,
      );
    }
  }
  return { rows, periodRows, notes, before, after };
}
