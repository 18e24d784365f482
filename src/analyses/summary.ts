import { addYears, monthYear } from '../core/dates.js';
import { compareText } from '../core/order.js';
import type { Period } from '../core/periods.js';
import { buildSeries, mergeOnce, type Revision, type SeriesPoint } from '../series/build.js';
import { regrain } from '../series/regrain.js';
import { separabilityNotes } from '../series/separability.js';
import type { LoadedInput } from '../series/types.js';
import { loadRegister, subGroupStart } from '../taxonomy/register.js';
import { type CategoryId, DEFAULT_CATEGORIES, loadTaxonomy, SEPARATE_CATEGORIES } from '../taxonomy/taxonomy.js';
import { predatesCodeReason, registerComparability } from './comparability.js';
import type { NativePoints } from './nativePoints.js';
import { type Column, type Row, round } from './result.js';
import { changePct, isSmallBase, perDay } from './stats/index.js';
import {
  type Finest,
  finestAreas,
  gapDetail,
  longDate,
  recordSpanOf,
  within,
  type YearSpan,
  yearSpanOf,
} from './summaryCoverage.js';
import type { SummaryOptions, SummaryYear, YearKind } from './summaryYear.js';

export { type YearsFound, yearsInData } from './summaryCoverage.js';
export { parseSummaryYear, type SummaryOptions, type SummaryYear, summaryYear, type YearKind } from './summaryYear.js';

/**
 * A yearly summary: for one calendar or financial year, per area and category, the count, the
 * rate per day, the change on the year before and whether it is comparable, the share of the
 * stalking and harassment total, what data are missing, and the recording changes in or just
 * before the year. Pure: loaded inputs in, rows and structured sections out.
 */

export interface CoverageGap {
  area: string;
  category: CategoryId;
  period: string;
  detail: string;
}

export interface SummaryCoverage {
  /** Every row has a figure built from complete periods in every area it covers. */
  complete: boolean;
  /** Figures that could not be built, or that lack an area's part, and why. */
  gaps: CoverageGap[];
  areasThisYear: string[];
  areasPreviousYear: string[];
  /** Present in the previous year, absent in this one. */
  areasMissing: string[];
  /** Present in this year, absent in the previous one. */
  areasNew: string[];
}

export interface SummaryEvent {
  id: string;
  date: string;
  title: string;
  affects: string[];
  confidence: string;
  when: 'in the year' | 'in the 12 months before';
}

export interface Summary {
  year: SummaryYear;
  columns: Column[];
  /** The rows, unless they were handed out as they were made (`summarise`'s `onRows`). */
  rows: Row[];
  rowCount: number;
  /** The areas with rows, in order. */
  areas: string[];
  notes: string[];
  warnings: string[];
  coverage: SummaryCoverage;
  events: SummaryEvent[];
  revisions: Revision[];
}

export const SUMMARY_COLUMNS: Column[] = [
  { key: 'area', label: 'Area', kind: 'text', inTable: true },
  { key: 'category', label: 'Category', kind: 'text', inTable: true },
  { key: 'year', label: 'Year', kind: 'text', inTable: false },
  { key: 'start', label: 'Start', kind: 'date', inTable: false },
  { key: 'end', label: 'End', kind: 'date', inTable: false },
  { key: 'days', label: 'Days', kind: 'int', inTable: false },
  { key: 'count', label: 'Count', kind: 'int', inTable: true },
  { key: 'perDay', label: 'Per day', kind: 'number', digits: 2, inTable: true },
  { key: 'previousYear', label: 'Compared with', kind: 'text', inTable: false },
  { key: 'previousCount', label: 'Year before', kind: 'int', inTable: true },
  { key: 'change', label: 'Change', kind: 'int', inTable: true },
  { key: 'changePct', label: 'Change %', kind: 'pct', digits: 1, inTable: true },
  { key: 'smallBase', label: 'Small base', kind: 'bool', inTable: false },
  { key: 'comparable', label: 'Comparable', kind: 'bool', inTable: true },
  { key: 'notComparableBecause', label: 'Not comparable because', kind: 'text', inTable: false },
  { key: 'sharePct', label: 'Share of S&H %', kind: 'number', digits: 1, inTable: true },
  { key: 'shareOf', label: 'S&H total', kind: 'int', inTable: false },
  { key: 'predatesCode', label: 'Before its code', kind: 'bool', inTable: false },
  { key: 'coverage', label: 'Coverage', kind: 'text', inTable: true },
  { key: 'coverageDetail', label: 'Coverage detail', kind: 'text', inTable: false },
];

const CATEGORY_ORDER: CategoryId[] = [...DEFAULT_CATEGORIES, 'other'];
const categoryRank = (c: CategoryId) => {
  const i = CATEGORY_ORDER.indexOf(c);
  return i < 0 ? CATEGORY_ORDER.length : i;
};

function thousands(n: number): string {
  const s = Math.abs(Math.round(n))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${s}` : s;
}

export interface SummaryBasis {
  kind: YearKind;
  revisions: Revision[];
  finest: Finest[];
  /** The years the merged observations touch. */
  span: YearSpan;
  recordSpan: { start: string; end: string } | null;
  /** Whether one area's figures of one category (`native`) add up to the whole of `period`. */
  completes(native: NativePoints, period: Period): boolean;
  /** The point of `area`'s series of `category` in `period` (a year), if it has one. */
  pointOf(area: string, category: CategoryId, period: Period): SeriesPoint | undefined;
  /** The notes of the series. */
  seriesNotes: string[];
  /** The years (by their first calendar year) some series has a point in. */
  completeYears: Set<number>;
  /** The report's groups (rows), sorted, and the finest areas each counts. */
  groups: string[];
  membersOf: Map<string, Finest[]>;
  /** The finest areas with a figure of any category in view within `period`, as paths joined with ' / '. */
  presentIn(period: Period): string[];
  /** The inputs with figures of `category` within `period`. */
  sourcesIn(category: CategoryId, period: Period): Set<number>;
}

/** The distinct periods each input has figures in, by category. */
function periodsByCategory(inputs: LoadedInput[], categories: CategoryId[]): Map<CategoryId, Map<number, Period[]>> {
  const wanted = new Set(categories);
  const out = new Map<CategoryId, Map<number, Period[]>>();
  for (const i of inputs) {
    const seen = new Map<CategoryId, Set<Period>>();
    const obs = i.observations;
    for (let k = 0; k < obs.length; k++) {
      const { category } = obs.key(k);
      if (!wanted.has(category)) continue;
      let periods = seen.get(category);
      if (!periods) seen.set(category, (periods = new Set()));
      periods.add(obs.period(k));
    }
    for (const [c, periods] of seen) {
      let byInput = out.get(c);
      if (!byInput) out.set(c, (byInput = new Map()));
      byInput.set(i.index, [...periods]);
    }
  }
  return out;
}

/** For each distinct period (by key), the indices of the finest areas with a figure in it. */
function areasByPeriod(finest: Finest[]): { period: Period; areas: number[] }[] {
  const byKey = new Map<string, { period: Period; areas: number[] }>();
  finest.forEach((f, n) => {
    for (const pts of f.byCategory.values())
      for (let i = 0; i < pts.length; i++) {
        const period = pts.period(i);
        let e = byKey.get(period.key);
        if (!e) byKey.set(period.key, (e = { period, areas: [] }));
        if (e.areas[e.areas.length - 1] !== n) e.areas.push(n);
      }
  });
  return [...byKey.values()];
}

export function summaryBasis(inputs: LoadedInput[], kind: YearKind, opts: SummaryOptions): SummaryBasis {
  const categories = [...opts.categories].sort((a, b) => categoryRank(a) - categoryRank(b));
  // The merge is held here only: what the years need of it is worked out now, and it is freed after.
  const merge = mergeOnce(inputs, new Set(categories), opts.preferOrder);
  const set = buildSeries(
    inputs,
    { areas: opts.areas, eachArea: opts.eachArea, categories, grain: kind },
    opts.preferOrder,
    merge,
  );
  const { merged, revisions } = merge;
  const finest = finestAreas(inputs, merged, opts);
  const span = yearSpanOf(merged, kind);
  const recordSpan = recordSpanOf(inputs);
  // The years each area's figures complete (by key), by its list of points. Keys are held once each.
  const complete = new Map<NativePoints, string[]>();
  const keys = new Map<string, string>();
  // Each series' counts, in a number array per area and category indexed by year: as point
  // objects in maps by period, thousands of areas' years took most of what the basis holds.
  const yearIds = new Map<string, number>();
  const yearPeriods: Period[] = [];
  const countsOf = new Map<string, Map<CategoryId, number[]>>();
  const completeYears = new Set<number>();
  for (const s of set.series) {
    let byCategory = countsOf.get(s.area);
    if (!byCategory) countsOf.set(s.area, (byCategory = new Map()));
    const counts: number[] = [];
    for (const p of s.points) {
      let id = yearIds.get(p.period.key);
      if (id === undefined) {
        yearIds.set(p.period.key, (id = yearPeriods.length));
        yearPeriods.push(p.period);
      }
      counts[id] = p.count;
      completeYears.add(Number(p.period.start.slice(0, 4)));
    }
    byCategory.set(s.category, counts);
  }
  const membersOf = new Map<string, Finest[]>();
  for (const f of finest)
    for (const g of f.groups) {
      const list = membersOf.get(g);
      if (list) list.push(f);
      else membersOf.set(g, [f]);
    }
  const groups = [...membersOf.keys()].sort(compareText);
  const periods = periodsByCategory(inputs, categories);
  const present = areasByPeriod(finest);
  return {
    kind,
    seriesNotes: set.notes,
    completeYears,
    revisions,
    finest,
    span,
    recordSpan,
    pointOf(area, category, period) {
      const id = yearIds.get(period.key);
      const count = id === undefined ? undefined : countsOf.get(area)?.get(category)?.[id];
      return count === undefined ? undefined : { period: yearPeriods[id!], count };
    },
    groups,
    membersOf,
    presentIn(period) {
      const marked = new Uint8Array(finest.length);
      for (const e of present) if (within(e.period, period)) for (const n of e.areas) marked[n] = 1;
      return finest.filter((_, n) => marked[n]).map((f) => f.shown);
    },
    sourcesIn(category, period) {
      const out = new Set<number>();
      for (const [input, list] of periods.get(category) ?? []) if (list.some((p) => within(p, period))) out.add(input);
      return out;
    },
    completes(native, period) {
      let years = complete.get(native);
      if (!years) {
        years = regrain(native.toArray(), kind, recordSpan).points.map((p) => {
          const key = p.period.key;
          const held = keys.get(key);
          if (held !== undefined) return held;
          keys.set(key, key);
          return key;
        });
        complete.set(native, years);
      }
      return years.includes(period.key);
    },
  };
}

/** Rows (area and category) a note lists, kept as the two strings they share with the rows. */
class NamedRows {
  private readonly areas: string[] = [];
  private readonly categories: CategoryId[] = [];

  get size(): number {
    return this.areas.length;
  }

  add(area: string, category: CategoryId): void {
    this.areas.push(area);
    this.categories.push(category);
  }

  /** "Kent stalking", or "stalking" alone. */
  names(withArea: boolean): string[] {
    return this.categories.map((c, i) => (withArea ? `${this.areas[i]} ${c}` : c));
  }
}

/** The register's events dated within the year or the twelve months before it, for the categories in view. */
export function eventsNear(year: SummaryYear, categories: CategoryId[]): SummaryEvent[] {
  const from = addYears(year.period.start, -1);
  const wanted = new Set<string>(categories);
  if (wanted.has('harassment-wide')) wanted.add('harassment');
  return loadRegister()
    .events.filter((e) => e.date >= from && e.date <= year.period.end && e.affects.some((c) => wanted.has(c)))
    .map((e) => ({
      id: e.id,
      date: e.date,
      title: e.title,
      affects: [...e.affects],
      confidence: e.confidence,
      when: e.date >= year.period.start ? ('in the year' as const) : ('in the 12 months before' as const),
    }));
}

/**
 * The summary of one year. `basis` is what the years of the same inputs and options share (see
 * `summaryBasis`); it is worked out here when not given, or when it is for another kind of year.
 * With `onRows`, each area's rows are handed to it as they are made and not kept: a year of
 * thousands of areas is then written as it goes (its notes are built from what the rows said).
 */
export function summarise(
  inputs: LoadedInput[],
  year: SummaryYear,
  opts: SummaryOptions,
  basis?: SummaryBasis,
  onRows?: (rows: Row[]) => void,
): Summary {
  const comparability = opts.comparability ?? registerComparability;
  const categories = [...opts.categories].sort((a, b) => categoryRank(a) - categoryRank(b));
  const Y = year.period;
  const P = year.previous;
  const shared = basis && basis.kind === year.kind ? basis : summaryBasis(inputs, year.kind, opts);
  const { recordSpan, revisions: allRevisions, groups, membersOf } = shared;
  const notes: string[] = [];
  const warnings: string[] = [];

  // Areas present in each year (any category in view), for the coverage section.
  const areasThisYear = shared.presentIn(Y);
  const areasPreviousYear = shared.presentIn(P);
  const thisYear = new Set(areasThisYear);
  const previousYear = new Set(areasPreviousYear);
  const areasMissing = areasPreviousYear.filter((a) => !thisYear.has(a));
  const missingSet = new Set(areasMissing);
  const areasNew = areasThisYear.filter((a) => !previousYear.has(a));

  // Sources of each category in the year: a share needs the category and the total from the same files.
  const sourcesIn = (category: CategoryId) => shared.sourcesIn(category, Y);
  const totalSources = sourcesIn('stalking-and-harassment');

  const gaps: CoverageGap[] = [];
  const rows: Row[] = [];
  // What the notes say of the rows, gathered as they are made.
  let rowCount = 0;
  const areas: string[] = [];
  const shareBases = new Set<string>();
  // Rows named in notes, as their area and category (a name is made for each only in the note).
  const noPrevious = new NamedRows();
  const predates = new Set<CategoryId>();
  const notComparable = new Map<string, NamedRows>();
  const shareSkipped = new Map<string, string[]>();
  const bothYears = { ...Y, start: P.start };
  for (const group of groups) {
    const members = membersOf.get(group) ?? [];
    const groupRows: Row[] = [];
    for (const category of categories) {
      const withData = members.filter((f) => {
        const native = f.byCategory.get(category);
        return native?.overlaps(bothYears) === true;
      });
      if (withData.length === 0) continue;
      const point = shared.pointOf(group, category, Y);
      const prev = shared.pointOf(group, category, P);
      // An area whose own periods do not complete the year is missing from the group's figure.
      const partsMissing = (period: Period) =>
        members
          .map((f) => ({ f, native: f.byCategory.get(category) }))
          .filter(({ native }) => native?.overlaps(period) && !shared.completes(native, period))
          .map(({ f, native }) => ({ area: f.name, detail: gapDetail(native!.toArray(), period, recordSpan) }));
      const missingNow = partsMissing(Y);
      const missingBefore = prev ? partsMissing(P) : [];
      const absentNow = members.filter((f) => missingSet.has(f.shown) && f.byCategory.has(category)).map((f) => f.name);

      let coverage: string;
      let detail: string | null = null;
      const describe = (list: { area: string; detail: string }[]) => {
        const texts = [...new Set(list.map((m) => m.detail))];
        if (texts.length === 1 && list.length === members.length) return texts[0];
        return list.map((m) => `${m.area}: ${m.detail}`).join('; ');
      };
      if (!point) {
        coverage = 'missing';
        detail = missingNow.length ? describe(missingNow) : `no figures for ${Y.label}`;
        gaps.push({ area: group, category, period: Y.label, detail });
      } else if (missingNow.length || absentNow.length) {
        coverage = 'partial';
        const parts = [
          ...missingNow.map((m) => `${m.area}: ${m.detail}`),
          ...absentNow.map((a) => `${a}: no figures for ${Y.label}, though present in ${P.label}`),
        ];
        detail = `the figure leaves out part of the data: ${parts.join('; ')}`;
        gaps.push({ area: group, category, period: Y.label, detail });
        warnings.push(`${group}, ${category}, ${Y.label}: ${detail}`);
      } else coverage = 'complete';

      let comparable: boolean | null = null;
      let because: string | null = null;
      if (point && prev) {
        const verdict = comparability(prev.period, point.period, category);
        comparable = verdict.comparable;
        because = verdict.because;
        const unlike: string[] = [];
        if (coverage === 'partial') unlike.push(`the ${Y.label} figure is incomplete`);
        if (missingBefore.length)
          unlike.push(
            `the ${P.label} figure is incomplete (${missingBefore.map((m) => `${m.area}: ${m.detail}`).join('; ')})`,
          );
        if (unlike.length) {
          comparable = false;
          because = [because, ...unlike].filter(Boolean).join('; ');
        }
        if (!comparable && because) {
          let list = notComparable.get(because);
          if (!list) notComparable.set(because, (list = new NamedRows()));
          list.add(group, category);
        }
      }

      let sharePct: number | null = null;
      let shareOf: number | null = null;
      if (point && SEPARATE_CATEGORIES.includes(category)) {
        const total = shared.pointOf(group, 'stalking-and-harassment', Y);
        const own = sourcesIn(category);
        const sameSources =
          own.size > 0 && [...own].every((i) => totalSources.has(i)) && [...totalSources].every((i) => own.has(i));
        let skip: string | null = null;
        const joined = subGroupStart(category);
        if (joined && Y.start < joined)
          skip =
            `${loadTaxonomy().category(category)!.label.toLowerCase()} ` +
            `is counted in the stalking and harassment sub-group only from ${monthYear(joined)}`;
        else if (!total) skip = `no stalking and harassment total for ${Y.label}`;
        else if (!sameSources) skip = 'the total and the category come from different files';
        else if (total.count <= 0) skip = 'the total is not positive';
        if (skip) {
          const list = shareSkipped.get(skip);
          if (list) list.push(category);
          else shareSkipped.set(skip, [category]);
        } else {
          sharePct = round((point.count / total!.count) * 100, 2);
          shareOf = total!.count;
        }
      }

      const pct = point && prev ? changePct(point.count, prev.count) : null;
      const perDayRate = point ? perDay(point.count, Y.days) : null;
      groupRows.push({
        area: group,
        category,
        year: Y.label,
        start: Y.start,
        end: Y.end,
        days: Y.days,
        count: point ? point.count : null,
        perDay: perDayRate === null ? null : round(perDayRate, 2),
        previousYear: P.label,
        previousCount: prev ? prev.count : null,
        change: point && prev ? point.count - prev.count : null,
        changePct: pct === null ? null : round(pct, 2),
        smallBase: point && prev ? isSmallBase(prev.count) : null,
        comparable,
        notComparableBecause: because,
        sharePct,
        shareOf,
        predatesCode: predatesCodeReason(category, Y) !== null,
        coverage,
        coverageDetail: detail,
      });
    }
    if (groupRows.length === 0) continue;
    rowCount += groupRows.length;
    areas.push(group);
    for (const r of groupRows) {
      if (r.sharePct !== null) shareBases.add(`${r.area}: ${thousands(r.shareOf as number)}`);
      if (r.count !== null && r.previousCount === null) noPrevious.add(r.area as string, r.category as CategoryId);
      if (r.predatesCode === true) predates.add(r.category as CategoryId);
    }
    if (onRows) onRows(groupRows);
    else for (const r of groupRows) rows.push(r);
  }

  // Notes: what the figures are, then what limits them.
  // Say when a source cannot separate the sub-group, even though only the combined figure was asked for.
  notes.push(
    ...separabilityNotes(
      inputs,
      categories.includes('stalking-and-harassment')
        ? [...new Set([...SEPARATE_CATEGORIES, ...categories])]
        : categories,
    ),
  );
  notes.push(...shared.seriesNotes.filter((n) => !/: incomplete (calendar|financial) years? left out:/.test(n)));
  notes.push(
    `per day: the count divided by the ${Y.days} days of ${Y.label} (${longDate(Y.start)} to ${longDate(Y.end)})`,
  );
  notes.push(
    `change: the count for ${Y.label} minus the count for ${P.label}; ` +
      'change % is blank on a zero or negative base, and bases under 50 are flagged as small (smallBase)',
  );
  if (shareBases.size) {
    const bases = [...shareBases];
    const derived = inputs.some((i) => !i.hasCombined && i.separateCodes.length > 0);
    const sumOfCodes = derived
      ? ', the total being the sum of the separate codes 8L + 8M + 8Q + 8R, and 8U from April 2020'
      : '';
    notes.push(
      "share of S&H: the category's count divided by the stalking and harassment total of the same area and year " +
        `(${bases.join('; ')})${sumOfCodes}`,
    );
  }
  for (const [why, cats] of shareSkipped) notes.push(`no share of S&H for ${[...new Set(cats)].join(', ')}: ${why}`);
  // A row is named by its area too where there are several areas.
  const withArea = opts.eachArea || groups.length > 1;
  if (noPrevious.size)
    notes.push(`no figure for ${P.label}, so no change, for ${noPrevious.names(withArea).join(', ')}`);
  for (const [why, which] of notComparable)
    notes.push(`the change on ${P.label} is not comparable for ${which.names(withArea).join(', ')}: ${why}`);
  for (const c of predates) notes.push(`${c}: ${predatesCodeReason(c, Y)}`);
  if (areasMissing.length && !opts.eachArea)
    warnings.push(
      `areas in ${P.label} but not in ${Y.label}: ${areasMissing.join(', ')}; ` +
        `totals that sum areas lack them in ${Y.label}`,
    );

  // Revisions of the figures behind this year and the one before.
  const revisions = allRevisions.filter((r) => r.start >= P.start && r.end <= Y.end);
  for (const r of revisions.slice(0, 20)) notes.push(revisionNote(r));
  if (revisions.length > 20)
    notes.push(`… and ${revisions.length - 20} more revisions (all are listed in the JSON output)`);
  if (rowCount === 0)
    notes.push(`no rows: the data have no figures for ${Y.label} or ${P.label} in the chosen areas and categories`);

  const events = eventsNear(year, categories);
  return {
    year,
    columns: SUMMARY_COLUMNS,
    rows,
    rowCount,
    areas,
    notes,
    warnings,
    coverage: {
      complete: gaps.length === 0 && (opts.eachArea || areasMissing.length === 0),
      gaps,
      areasThisYear,
      areasPreviousYear,
      areasMissing,
      areasNew,
    },
    events,
    revisions,
  };
}

const fileName = (p: string) => p.split(/[\\/]/).pop() ?? p;

export function revisionNote(r: Revision): string {
  const offences = r.offences.length
    ? ` (${r.offences
        .slice(0, 3)
        .map(
          (o) =>
            `${o.offence}${o.code ? ` ${o.code}` : ''}: ` +
            `${o.values.map((v) => (v.count === null ? 'absent' : thousands(v.count))).join(' vs ')}`,
        )
        .join('; ')}${r.offences.length > 3 ? '; …' : ''})`
    : '';
  return (
    `revision: ${r.area}, ${r.category}, ${r.period}: ` +
    `${r.values.map((v) => `${thousands(v.count)} in ${fileName(v.path)}`).join(' vs ')}${offences}; ` +
    `kept ${fileName(r.kept)}`
  );
}
