import { addDays, addYears, monthYear } from '../core/dates.js';
import { StalkError } from '../core/errors.js';
import { compareText } from '../core/order.js';
import {
  calendarYear,
  exactGrainOf,
  financialYear,
  GRAIN_NAMES,
  PERIOD_KIND_NAMES,
  type Period,
  periodContaining,
} from '../core/periods.js';
import { KEY_SEPARATOR } from '../read/group.js';
import { parseFinancialYear } from '../schema/periodCells.js';
import { type AreaName, normaliseArea } from '../series/areas.js';
import {
  ALL_AREAS,
  buildSeries,
  mergeObservations,
  type Revision,
  type SeriesPoint,
  type SeriesSet,
} from '../series/build.js';
import { regrain } from '../series/regrain.js';
import { separabilityNotes } from '../series/separability.js';
import type { LoadedInput, Observation } from '../series/types.js';
import { loadRegister, subGroupStart } from '../taxonomy/register.js';
import { type CategoryId, DEFAULT_CATEGORIES, loadTaxonomy, SEPARATE_CATEGORIES } from '../taxonomy/taxonomy.js';
import { predatesCodeReason, registerComparability } from './comparability.js';
import { type Column, type Row, round } from './result.js';
import { changePct, isSmallBase, perDay } from './stats/index.js';
import type { Comparability } from './trend.js';

/**
 * A yearly summary: for one calendar or financial year, per area and category, the count, the
 * rate per day, the change on the year before and whether it is comparable, the share of the
 * stalking and harassment total, what data are missing, and the recording changes in or just
 * before the year. Pure: loaded inputs in, rows and structured sections out.
 */

export type YearKind = 'fy' | 'year';

export interface SummaryYear {
  kind: YearKind;
  period: Period;
  previous: Period;
  /** As written by users: "2017" or "2017/18". */
  label: string;
  /** Safe in a file name: "2017" or "2017-18". */
  fileLabel: string;
}

export function summaryYear(kind: YearKind, startYear: number): SummaryYear {
  const period = kind === 'fy' ? financialYear(startYear) : calendarYear(startYear);
  const previous = kind === 'fy' ? financialYear(startYear - 1) : calendarYear(startYear - 1);
  return { kind, period, previous, label: period.label, fileLabel: period.label.replace('/', '-') };
}

/** `2017` (calendar year) or `2017/18` (financial year, April to March; `2017-18` also read). */
export function parseSummaryYear(v: string): SummaryYear {
  const t = v.trim();
  const cal = /^(\d{4})$/.exec(t);
  if (cal && Number(cal[1]) >= 1900 && Number(cal[1]) <= 2200) return summaryYear('year', Number(cal[1]));
  const fy = parseFinancialYear(t);
  if (fy !== null) return summaryYear('fy', fy);
  throw new StalkError(
    'E_BAD_OPTION',
    `--year expects a calendar year (2017) or a financial year (2017/18), got '${v}'`,
  );
}

export interface SummaryOptions {
  /** Areas named by the user (any level), resolved; empty means every area, summed. */
  areas: AreaName[];
  eachArea: boolean;
  categories: CategoryId[];
  preferOrder?: number[];
  comparability?: Comparability;
}

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
  rows: Row[];
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

function within(p: Period, outer: Period): boolean {
  return p.start >= outer.start && p.end <= outer.end;
}

function overlaps(p: Period, outer: Period): boolean {
  return p.start <= outer.end && p.end >= outer.start;
}

function longDate(iso: string): string {
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  return `${Number(iso.slice(8, 10))} ${months[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/** The periods of `grain` that make up `outer`. */
function partsOf(outer: Period, grain: ReturnType<typeof exactGrainOf> & string): Period[] {
  const out: Period[] = [];
  let d = outer.start;
  while (d <= outer.end) {
    const p = periodContaining(grain, d);
    out.push(p);
    d = addDays(p.end, 1);
  }
  return out;
}

/** Why a year's figure cannot be built from an area's own periods. */
export function gapDetail(
  native: SeriesPoint[],
  target: Period,
  recordSpan: { start: string; end: string } | null,
): string {
  if (recordSpan && native.length)
    return `the data run from ${recordSpan.start} to ${recordSpan.end}, which does not cover all of ${target.label}`;
  const inside = native.filter((p) => p.period.kind !== 'rolling' && within(p.period, target));
  if (inside.length === 0) {
    if (native.some((p) => p.period.kind === 'rolling'))
      return `no 12-month total ending ${longDate(target.end)} (rolling totals overlap, so they are never added or split)`;
    const coarse = native.find((p) => overlaps(p.period, target));
    if (coarse)
      return `${PERIOD_KIND_NAMES[coarse.period.kind]} figures cannot be split into ${target.kind === 'fy' ? 'financial' : 'calendar'} years`;
    return `no figures for ${target.label}`;
  }
  const grain = exactGrainOf(inside[0].period);
  if (!grain) return `${inside.reduce((s, p) => s + p.period.days, 0)} of ${target.days} days covered`;
  const have = new Set(inside.map((p) => p.period.key));
  const parts = partsOf(target, grain);
  const missing = parts.filter((p) => !have.has(p.key));
  const list =
    missing.length > 4
      ? `${missing[0].label} … ${missing[missing.length - 1].label}`
      : missing.map((m) => m.label).join(', ');
  return `${parts.length - missing.length} of ${parts.length} ${GRAIN_NAMES[grain]}s present; missing ${list}`;
}

interface Finest {
  path: string[];
  name: string;
  groups: string[];
  /** Native points by category, summed over offences, in period order. */
  byCategory: Map<CategoryId, SeriesPoint[]>;
}

/** Each finest area of the merged data, with the report groups (rows) it counts towards. */
function finestAreas(_inputs: LoadedInput[], merged: Observation[], opts: SummaryOptions): Finest[] {
  const byPath = new Map<string, { path: string[]; points: Map<CategoryId, Map<string, SeriesPoint>> }>();
  for (const o of merged) {
    const key = o.areaPath.join(KEY_SEPARATOR);
    let f = byPath.get(key);
    if (!f) byPath.set(key, (f = { path: o.areaPath, points: new Map() }));
    let pts = f.points.get(o.category);
    if (!pts) f.points.set(o.category, (pts = new Map()));
    const p = pts.get(o.period.key);
    if (p) p.count += o.count;
    else pts.set(o.period.key, { period: o.period, count: o.count });
  }
  const wanted = opts.areas;
  const single = byPath.size === 1 ? [...byPath.values()][0].path : null;
  const out: Finest[] = [];
  for (const f of byPath.values()) {
    const name = f.path[f.path.length - 1];
    let groups: string[];
    if (wanted.length) {
      const normalised = f.path.map(normaliseArea);
      const hits = wanted.filter((w) => normalised.includes(normaliseArea(w.name)));
      groups = opts.eachArea ? (hits.length ? [name] : []) : hits.map((w) => w.name);
    } else groups = [opts.eachArea ? name : single ? single[single.length - 1] : ALL_AREAS];
    if (!groups.length) continue;
    const byCategory = new Map<CategoryId, SeriesPoint[]>();
    for (const [c, pts] of f.points)
      byCategory.set(
        c,
        [...pts.values()].sort((a, b) =>
          a.period.start < b.period.start
            ? -1
            : a.period.start > b.period.start
              ? 1
              : a.period.end < b.period.end
                ? -1
                : 1,
        ),
      );
    out.push({ path: f.path, name, groups: [...new Set(groups)], byCategory });
  }
  return out.sort((a, b) => compareText(a.path.join(KEY_SEPARATOR), b.path.join(KEY_SEPARATOR)));
}

function recordSpanOf(inputs: LoadedInput[]): { start: string; end: string } | null {
  let start = '';
  let end = '';
  for (const i of inputs) {
    if (i.layout.shape !== 'records') continue;
    for (const o of i.observations) {
      if (!start || o.period.start < start) start = o.period.start;
      if (!end || o.period.end > end) end = o.period.end;
    }
  }
  return start ? { start, end } : null;
}

/** Whether an area's native points give a complete figure for `period` at the year's grain. */
/**
 * What the summaries of every year of the same inputs, options and kind of year share, worked out
 * once (`summary --all-years` makes one summary per year): the series, the revisions of the
 * merged observations, the finest areas, and which years each area's own figures complete.
 */
export interface SummaryBasis {
  kind: YearKind;
  set: SeriesSet;
  revisions: Revision[];
  finest: Finest[];
  recordSpan: { start: string; end: string } | null;
  /** Whether one area's figures of one category (`native`) add up to the whole of `period`. */
  completes(native: SeriesPoint[], period: Period): boolean;
}

export function summaryBasis(inputs: LoadedInput[], kind: YearKind, opts: SummaryOptions): SummaryBasis {
  const categories = [...opts.categories].sort((a, b) => categoryRank(a) - categoryRank(b));
  const set = buildSeries(
    inputs,
    { areas: opts.areas, eachArea: opts.eachArea, categories, grain: kind },
    opts.preferOrder,
  );
  const { merged, revisions } = mergeObservations(inputs, new Set(categories), opts.preferOrder);
  const finest = finestAreas(inputs, merged, opts);
  const recordSpan = recordSpanOf(inputs);
  // The years each area's figures complete, by the identity of its list of points.
  const complete = new Map<SeriesPoint[], Set<string>>();
  return {
    kind,
    set,
    revisions,
    finest,
    recordSpan,
    completes(native, period) {
      let keys = complete.get(native);
      if (!keys)
        complete.set(native, (keys = new Set(regrain(native, kind, recordSpan).points.map((p) => p.period.key))));
      return keys.has(period.key);
    },
  };
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
 */
export function summarise(
  inputs: LoadedInput[],
  year: SummaryYear,
  opts: SummaryOptions,
  basis?: SummaryBasis,
): Summary {
  const comparability = opts.comparability ?? registerComparability;
  const categories = [...opts.categories].sort((a, b) => categoryRank(a) - categoryRank(b));
  const Y = year.period;
  const P = year.previous;
  const shared = basis && basis.kind === year.kind ? basis : summaryBasis(inputs, year.kind, opts);
  const { set, finest, recordSpan, revisions: allRevisions } = shared;
  const notes: string[] = [];
  const warnings: string[] = [];

  const seriesOf = new Map(
    set.series.map((s) => [`${s.area}\u0000${s.category}`, new Map(s.points.map((p) => [p.period.key, p]))]),
  );
  const groups = [...new Set(finest.flatMap((f) => f.groups))].sort(compareText);

  // Areas present in each year (any category in view), for the coverage section.
  const presentIn = (period: Period) =>
    finest
      .filter((f) => [...f.byCategory.values()].some((pts) => pts.some((p) => within(p.period, period))))
      .map((f) => f.path.join(' / '));
  const areasThisYear = presentIn(Y);
  const areasPreviousYear = presentIn(P);
  const areasMissing = areasPreviousYear.filter((a) => !areasThisYear.includes(a));
  const areasNew = areasThisYear.filter((a) => !areasPreviousYear.includes(a));

  // Sources of each category in the year: a share needs the category and the total from the same files.
  const sourcesIn = (category: CategoryId) =>
    new Set(
      inputs
        .filter((i) => i.observations.some((o) => o.category === category && within(o.period, Y)))
        .map((i) => i.index),
    );
  const totalSources = sourcesIn('stalking-and-harassment');

  const gaps: CoverageGap[] = [];
  const rows: Row[] = [];
  const notComparable = new Map<string, string[]>();
  const shareSkipped = new Map<string, string[]>();
  for (const group of groups) {
    const members = finest.filter((f) => f.groups.includes(group));
    for (const category of categories) {
      const withData = members.filter((f) =>
        f.byCategory.get(category)?.some((p) => overlaps(p.period, { ...Y, start: P.start })),
      );
      if (withData.length === 0) continue;
      const points = seriesOf.get(`${group}\u0000${category}`);
      const point = points?.get(Y.key);
      const prev = points?.get(P.key);
      // An area whose own periods do not complete the year is missing from the group's figure.
      const partsMissing = (period: Period) =>
        members
          .map((f) => ({ f, native: f.byCategory.get(category) ?? [] }))
          .filter(({ native }) => native.some((p) => overlaps(p.period, period)) && !shared.completes(native, period))
          .map(({ f, native }) => ({ area: f.name, detail: gapDetail(native, period, recordSpan) }));
      const missingNow = partsMissing(Y);
      const missingBefore = prev ? partsMissing(P) : [];
      const absentNow = members
        .filter((f) => areasMissing.includes(f.path.join(' / ')) && f.byCategory.has(category))
        .map((f) => f.name);

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
          const list = notComparable.get(because) ?? [];
          notComparable.set(because, [...list, opts.eachArea || groups.length > 1 ? `${group} ${category}` : category]);
        }
      }

      let sharePct: number | null = null;
      let shareOf: number | null = null;
      if (point && SEPARATE_CATEGORIES.includes(category)) {
        const total = seriesOf.get(`${group}\u0000stalking-and-harassment`)?.get(Y.key);
        const own = sourcesIn(category);
        const sameSources =
          own.size > 0 && [...own].every((i) => totalSources.has(i)) && [...totalSources].every((i) => own.has(i));
        let skip: string | null = null;
        const joined = subGroupStart(category);
        if (joined && Y.start < joined)
          skip = `${loadTaxonomy().category(category)!.label.toLowerCase()} is counted in the stalking and harassment sub-group only from ${monthYear(joined)}`;
        else if (!total) skip = `no stalking and harassment total for ${Y.label}`;
        else if (!sameSources) skip = 'the total and the category come from different files';
        else if (total.count <= 0) skip = 'the total is not positive';
        if (skip) shareSkipped.set(skip, [...(shareSkipped.get(skip) ?? []), category]);
        else {
          sharePct = round((point.count / total!.count) * 100, 2);
          shareOf = total!.count;
        }
      }

      const pct = point && prev ? changePct(point.count, prev.count) : null;
      const perDayRate = point ? perDay(point.count, Y.days) : null;
      rows.push({
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
  notes.push(...set.notes.filter((n) => !/: incomplete (calendar|financial) years? left out:/.test(n)));
  notes.push(
    `per day: the count divided by the ${Y.days} days of ${Y.label} (${longDate(Y.start)} to ${longDate(Y.end)})`,
  );
  notes.push(
    `change: the count for ${Y.label} minus the count for ${P.label}; change % is blank on a zero or negative base, and bases under 50 are flagged as small (smallBase)`,
  );
  const withShare = rows.filter((r) => r.sharePct !== null);
  if (withShare.length) {
    const bases = [...new Set(withShare.map((r) => `${r.area}: ${thousands(r.shareOf as number)}`))];
    const derived = inputs.some((i) => !i.hasCombined && i.separateCodes.length > 0);
    notes.push(
      `share of S&H: the category's count divided by the stalking and harassment total of the same area and year (${bases.join('; ')})${derived ? ', the total being the sum of the separate codes 8L + 8M + 8Q + 8R, and 8U from April 2020' : ''}`,
    );
  }
  for (const [why, cats] of shareSkipped) notes.push(`no share of S&H for ${[...new Set(cats)].join(', ')}: ${why}`);
  const noPrevious = rows
    .filter((r) => r.count !== null && r.previousCount === null)
    .map((r) => (opts.eachArea || groups.length > 1 ? `${r.area} ${r.category}` : (r.category as string)));
  if (noPrevious.length) notes.push(`no figure for ${P.label}, so no change, for ${noPrevious.join(', ')}`);
  for (const [why, which] of notComparable)
    notes.push(`the change on ${P.label} is not comparable for ${which.join(', ')}: ${why}`);
  const predates = rows.filter((r) => r.predatesCode === true).map((r) => r.category as CategoryId);
  for (const c of [...new Set(predates)]) notes.push(`${c}: ${predatesCodeReason(c, Y)}`);
  if (areasMissing.length && !opts.eachArea)
    warnings.push(
      `areas in ${P.label} but not in ${Y.label}: ${areasMissing.join(', ')}; totals that sum areas lack them in ${Y.label}`,
    );

  // Revisions of the figures behind this year and the one before.
  const revisions = allRevisions.filter((r) => r.start >= P.start && r.end <= Y.end);
  for (const r of revisions.slice(0, 20)) notes.push(revisionNote(r));
  if (revisions.length > 20)
    notes.push(`… and ${revisions.length - 20} more revisions (all are listed in the JSON output)`);
  if (rows.length === 0)
    notes.push(`no rows: the data have no figures for ${Y.label} or ${P.label} in the chosen areas and categories`);

  const events = eventsNear(year, categories);
  return {
    year,
    columns: SUMMARY_COLUMNS,
    rows,
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
            `${o.offence}${o.code ? ` ${o.code}` : ''}: ${o.values.map((v) => (v.count === null ? 'absent' : thousands(v.count))).join(' vs ')}`,
        )
        .join('; ')}${r.offences.length > 3 ? '; …' : ''})`
    : '';
  return `revision: ${r.area}, ${r.category}, ${r.period}: ${r.values.map((v) => `${thousands(v.count)} in ${fileName(v.path)}`).join(' vs ')}${offences}; kept ${fileName(r.kept)}`;
}

export interface YearsFound {
  /** Years with at least one complete figure. */
  years: SummaryYear[];
  /** Years the data touch without a complete figure for any category, and why. */
  partial: { year: SummaryYear; detail: string }[];
}

/** The years of `kind` the data give figures for, oldest first. */
export function yearsInData(inputs: LoadedInput[], kind: YearKind, opts: SummaryOptions): YearsFound {
  const set = buildSeries(
    inputs,
    { areas: opts.areas, eachArea: opts.eachArea, categories: opts.categories, grain: kind },
    opts.preferOrder,
  );
  const complete = new Set<number>();
  for (const s of set.series) for (const p of s.points) complete.add(Number(p.period.start.slice(0, 4)));
  const { merged } = mergeObservations(inputs, new Set(opts.categories), opts.preferOrder);
  let first = Infinity;
  let last = -Infinity;
  for (const o of merged) {
    const startYear =
      kind === 'fy'
        ? Number(o.period.start.slice(5, 7)) >= 4
          ? Number(o.period.start.slice(0, 4))
          : Number(o.period.start.slice(0, 4)) - 1
        : Number(o.period.start.slice(0, 4));
    const endYear =
      kind === 'fy'
        ? Number(o.period.end.slice(5, 7)) >= 4
          ? Number(o.period.end.slice(0, 4))
          : Number(o.period.end.slice(0, 4)) - 1
        : Number(o.period.end.slice(0, 4));
    // Rolling totals only stand for the year they end in when they end on its last day.
    if (o.period.kind === 'rolling') {
      first = Math.min(first, endYear);
      last = Math.max(last, endYear);
    } else {
      first = Math.min(first, startYear);
      last = Math.max(last, endYear);
    }
  }
  const years: SummaryYear[] = [];
  const partial: { year: SummaryYear; detail: string }[] = [];
  if (!Number.isFinite(first)) return { years, partial };
  const finest = finestAreas(inputs, merged, opts);
  const recordSpan = recordSpanOf(inputs);
  for (let y = first; y <= last; y++) {
    const sy = summaryYear(kind, y);
    if (complete.has(y)) {
      years.push(sy);
      continue;
    }
    const details = new Set<string>();
    for (const f of finest)
      for (const pts of f.byCategory.values())
        if (pts.some((p) => overlaps(p.period, sy.period))) details.add(gapDetail(pts, sy.period, recordSpan));
    if (details.size) partial.push({ year: sy, detail: [...details].slice(0, 3).join('; ') });
  }
  return { years, partial };
}
