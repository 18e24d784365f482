import type { SeriesSet } from '../series/build.js';
import type { RecordingChange } from '../taxonomy/register.js';
import { type Column, type Row, round } from './result.js';
import { findLevelShifts, type SeriesCount, type SeriesGrain } from './stats/index.js';

/**
 * Level shifts in each monthly or quarterly series (stats/changepoints.ts), each set beside the
 * register: a shift with a recording change that affects its category within a few months is
 * explained by it; one without is what an analyst should look into (a force's new records system,
 * a backlog cleared, a lockdown).
 */

export interface BreaksOptions {
  /** 'bic' (2 ln n) or a number per break on the χ² scale. */
  penalty?: 'bic' | number;
  minSegment?: number;
  seasonal?: boolean;
  /** A register event this many months either side of a shift explains it; default 3. */
  withinMonths?: number;
}

export const BREAKS_COLUMNS: Column[] = [
  { key: 'area', label: 'Area', kind: 'text', inTable: true },
  { key: 'category', label: 'Category', kind: 'text', inTable: true },
  { key: 'period', label: 'From', kind: 'text', inTable: true },
  { key: 'date', label: 'Date', kind: 'date', inTable: false },
  { key: 'beforeStart', label: 'Before from', kind: 'date', inTable: false },
  { key: 'beforeEnd', label: 'Before to', kind: 'date', inTable: false },
  { key: 'beforePerDay', label: 'Before /day', kind: 'number', digits: 1, inTable: true },
  { key: 'afterStart', label: 'After from', kind: 'date', inTable: false },
  { key: 'afterEnd', label: 'After to', kind: 'date', inTable: false },
  { key: 'afterPerDay', label: 'After /day', kind: 'number', digits: 1, inTable: true },
  { key: 'rateRatio', label: 'Rate ratio', kind: 'ratio', digits: 3, inTable: true },
  { key: 'ciText', label: '95% CI', kind: 'text', inTable: true },
  { key: 'ciLow', label: '95% CI low', kind: 'ratio', digits: 3, inTable: false },
  { key: 'ciHigh', label: '95% CI high', kind: 'ratio', digits: 3, inTable: false },
  { key: 'explained', label: 'Explained', kind: 'bool', inTable: true },
  { key: 'explainedBy', label: 'Recording change', kind: 'text', inTable: true },
  { key: 'nearby', label: 'Nearby, other categories', kind: 'text', inTable: false },
];

export const BREAKS_DISPLAY_ONLY: ReadonlySet<string> = new Set(['ciText']);

export interface SeriesSearch {
  area: string;
  category: string;
  grain: SeriesGrain | null;
  periods: number;
  first: string | null;
  last: string | null;
  breaks: number;
  /** Why the series was not searched, when it was not. */
  skipped: string | null;
  method: string | null;
  penalty: number | null;
  dispersion: number | null;
  seasonalFactors: number[] | null;
}

export interface BreaksAnalysis {
  rows: Row[];
  notes: string[];
  searches: SeriesSearch[];
}

/** The first day of the month `months` from the month of `iso` (day of month kept when it exists). */
export function shiftMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  return `${year}-${String(month + 1).padStart(2, '0')}-${iso.slice(8, 10)}`;
}

/** Events dated within `months` either side of `date`, split by whether they affect `category`. */
export function eventsNear(
  date: string,
  category: string,
  events: readonly RecordingChange[],
  months: number,
): { explaining: RecordingChange[]; other: RecordingChange[] } {
  const from = shiftMonths(date, -months);
  const to = shiftMonths(date, months);
  const near = events.filter((e) => e.date >= from && e.date <= to);
  return {
    explaining: near.filter((e) => (e.affects as readonly string[]).includes(category)),
    other: near.filter((e) => !(e.affects as readonly string[]).includes(category)),
  };
}

function grainOf(kinds: Set<string>): SeriesGrain | null {
  if (kinds.size !== 1) return null;
  const [kind] = kinds;
  return kind === 'month' ? 'month' : kind === 'quarter' ? 'quarter' : null;
}

export function findBreaks(
  set: SeriesSet,
  events: readonly RecordingChange[],
  options: BreaksOptions = {},
): BreaksAnalysis {
  const within = options.withinMonths ?? 3;
  const rows: Row[] = [];
  const notes: string[] = [];
  const searches: SeriesSearch[] = [];
  for (const s of set.series) {
    const grain = grainOf(new Set(s.points.map((p) => p.period.kind)));
    const search: SeriesSearch = {
      area: s.area,
      category: s.category,
      grain,
      periods: s.points.length,
      first: s.points[0]?.period.label ?? null,
      last: s.points[s.points.length - 1]?.period.label ?? null,
      breaks: 0,
      skipped: null,
      method: null,
      penalty: null,
      dispersion: null,
      seasonalFactors: null,
    };
    searches.push(search);
    const who = `${s.area}, ${s.category}`;
    if (!grain) {
      search.skipped = 'not a monthly or quarterly series (--by month or --by quarter builds one where the data allow)';
      notes.push(`${who}: not searched: ${search.skipped}`);
      continue;
    }
    const counts: SeriesCount[] = s.points.map((p) => ({
      start: p.period.start,
      end: p.period.end,
      days: p.period.days,
      count: p.count,
    }));
    const found = findLevelShifts(counts, {
      grain,
      ...(options.penalty !== undefined ? { penalty: options.penalty } : {}),
      ...(options.minSegment !== undefined ? { minSegment: options.minSegment } : {}),
      ...(options.seasonal !== undefined ? { seasonal: options.seasonal } : {}),
    });
    if (!found.ok) {
      search.skipped = found.reason;
      notes.push(`${who}: not searched: ${found.reason}`);
      continue;
    }
    Object.assign(search, {
      breaks: found.breaks.length,
      method: found.method,
      penalty: round(found.penalty, 4),
      dispersion: round(found.dispersionSearch, 4),
      seasonalFactors: found.seasonalFactors?.map((f) => round(f, 4)) ?? null,
    });
    for (const n of found.notes) notes.push(`${who}: ${n}`);
    if (!found.breaks.length) {
      notes.push(`${who}: no level shift in ${s.points.length} ${grain}s (${search.first} to ${search.last})`);
    }
    for (const b of found.breaks) {
      const { explaining, other } = eventsNear(b.date, s.category, events, within);
      const ci = b.ciLow !== null && b.ciHigh !== null ? `${b.ciLow.toFixed(3)}–${b.ciHigh.toFixed(3)}` : '';
      rows.push({
        area: s.area,
        category: s.category,
        period: s.points[b.index].period.label,
        date: b.date,
        beforeStart: b.before.start,
        beforeEnd: b.before.end,
        beforePerDay: round(b.before.adjustedRatePerDay ?? b.before.ratePerDay, 4),
        afterStart: b.after.start,
        afterEnd: b.after.end,
        afterPerDay: round(b.after.adjustedRatePerDay ?? b.after.ratePerDay, 4),
        rateRatio: b.rateRatio === null ? null : round(b.rateRatio, 4),
        ciText: ci,
        ciLow: b.ciLow === null ? null : round(b.ciLow, 4),
        ciHigh: b.ciHigh === null ? null : round(b.ciHigh, 4),
        explained: explaining.length > 0,
        explainedBy: explaining.length ? explaining.map((e) => `${e.id} (${e.date})`).join('; ') : null,
        nearby: other.length ? other.map((e) => `${e.id} (${e.date})`).join('; ') : null,
      });
    }
  }
  const searched = searches.filter((x) => x.method);
  if (searched.length) notes.unshift(methodNote(searched.length === 1 ? searched[0].method : null));
  notes.push(
    `explained: a recording change in the register that affects the category is dated within ${within} months ` +
      'either side of the shift (its estimated date can lead or lag the change by a period or two); ' +
      `nearby lists changes in that window that the register says leave the category's count alone`,
  );
  const unexplained = rows.filter((r) => !r.explained);
  if (rows.length) {
    notes.push(
      unexplained.length
        ? `not explained by the register: ${unexplained.map(unexplainedText).join('; ')}: ` +
            'look for a change of recording practice or system, a backlog, or events'
        : 'every shift found has a recording change in the register beside it',
    );
  }
  return { rows, notes, searches };
}

function unexplainedText(r: Row): string {
  const ratio = r.rateRatio === null ? '' : ` × ${Number(r.rateRatio).toFixed(3)}`;
  const near = r.nearby ? `; near ${r.nearby}, which the register lists as leaving ${r.category} alone` : '';
  return `${r.area}, ${r.category}, ${r.period} (${ratio.trim()}${near})`;
}

function methodNote(one: string | null): string {
  const what =
    one ??
    'optimal partitioning (PELT without pruning) of quasi-Poisson deviance, ' +
      'with month- or quarter-of-year factors; penalty 2 ln n per break unless --penalty ' +
      "(each series' penalty and dispersion are in the JSON output)";
  return (
    `method: ${what}; rate ratios after / before, seasonally adjusted, ` +
    'with 95% Wald intervals scaled for over-dispersion, conditional on the dates found'
  );
}
