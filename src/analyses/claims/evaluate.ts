import { normaliseLabel } from '../../core/dataFiles.js';
import { wholeMonths as wholeMonthsOf } from '../../core/dates.js';
import { isStalkError, StalkError } from '../../core/errors.js';
import type { Period, PeriodKind } from '../../core/periods.js';
import { exactGrainOf } from '../../core/periods.js';
import { areaIndex, normaliseArea, resolveAreas } from '../../series/areas.js';
import { buildSeries, type SeriesPoint } from '../../series/build.js';
import type { LoadedInput } from '../../series/types.js';
import type { CategoryId } from '../../taxonomy/taxonomy.js';
import type { Row } from '../result.js';
import { round } from '../result.js';
import { perMonth, SMALL_BASE } from '../stats/index.js';
import type { Comparability } from '../trend.js';
import { forceScoped, partialArea } from './areaScope.js';
import { isSubGroup, type OffenceId, offenceWords } from './categories.js';
import { groupSeries, hasGroup } from './groups.js';
import { countFor } from './lookup.js';
import { digitsFor, formatFigure, formatFixed } from './numbers.js';
import { parseCategoryField } from './parse.js';
import { previousOf, shiftYears } from './shift.js';
import type {
  Assertion,
  CategoryRef,
  ChangeAssertion,
  ClaimPeriod,
  CountAssertion,
  Figure,
  ParsedClaim,
  PeriodRef,
  RateAssertion,
  Verdict,
} from './types.js';
import { clean, contains, describeRange, overlaps, type Range, rangeOf, VAGUE_WORDS } from './vague.js';

/**
 * Structured claim + data → verdict with working. Pure: the inputs are already loaded; nothing here
 * reads a file or writes anywhere. Every verdict carries the rows used, the arithmetic and the
 * rule that decided it, so a reader can redo it by hand.
 */

export interface EvaluateOptions {
  /** Per cent: how far the data may be from the published figure for `close`. */
  tolerancePct: number;
  /** --area: the area for claims whose own fields name none. */
  area?: string;
  /** --category: the category for claims that name none. */
  category?: OffenceId;
  asOf?: string;
  comparability?: Comparability;
  /**
   * The residents of an area (a series' label) at the mid-year a period takes, for rates per
   * residents ("3.2 per 1,000"); or why there is no figure. Without it such rates cannot be checked.
   */
  residents?: (area: string, period: ClaimPeriod) => { population: number; year: number } | { why: string };
}

export interface CheckOutcome {
  rows: Row[];
  notes: string[];
}

const categoryName = (id: OffenceId) => offenceWords(id).name;
const categoryShort = (id: OffenceId) => offenceWords(id).short;
const SEPARATE: CategoryId[] = ['stalking', 'harassment', 'malicious-communications', 'coercive-control'];

interface SeriesLookup {
  label: string;
  points: SeriesPoint[];
  notes: string[];
  error?: string;
}

interface Judged {
  comparable?: boolean | null;
  notComparableBecause?: string | null;
  verdict: Verdict;
  published: string;
  computed: string;
  working: string[];
  period: string;
  publishedValue: number | null;
  computedValue: number | null;
  difference: number | null;
}

const fmtInt = (x: number) => formatFixed(x, 0);

function judge(range: Range, computed: number, tol: number): Verdict {
  if (contains(range, computed)) return 'supported';
  const a = computed * (1 - tol);
  const b = computed * (1 + tol);
  if (tol > 0 && overlaps(range, Math.min(a, b), Math.max(a, b))) return 'close';
  return 'not-supported';
}

function verdictWords(v: Verdict, tolPct: number): string {
  switch (v) {
    case 'supported':
      return 'supported';
    case 'close':
      return `not met, but within the ${formatFigure(tolPct)}% tolerance (published figures often come from an earlier vintage of the data)`;
    default:
      return `not met, even allowing ${formatFigure(tolPct)}%`;
  }
}

/** The force's name as the data write it. */
function forceName(inputs: LoadedInput[], area: string): string {
  const n = normaliseArea(area);
  for (const i of inputs) for (const a of i.areas) for (const p of a.path) if (normaliseArea(p) === n) return p;
  return area;
}

/** "Apr-Jun 2017 600 + Jul-Sep 2017 612 + … = 2,336", or the single figure's label. */
function describeParts(parts: SeriesPoint[], total: number): string {
  if (parts.length === 1) return `${parts[0].period.label} = ${fmtInt(total)}`;
  const shown = parts.length <= 12 ? parts : [...parts.slice(0, 3), null, ...parts.slice(-2)];
  const body = shown.map((p) => (p ? `${p.period.label} ${fmtInt(p.count)}` : '…')).join(' + ');
  return `${body}${parts.length > 12 ? ` (${parts.length} figures)` : ''} = ${fmtInt(total)}`;
}

const wholeMonths = (p: ClaimPeriod) => wholeMonthsOf(p.start, p.end);

/** A count as a rate, with how it was worked out. Months are whole months when the period is. */
function rateOf(
  count: number,
  p: ClaimPeriod,
  unit: 'day' | 'week' | 'month' | 'year',
): { value: number; how: string } {
  const months = wholeMonths(p);
  switch (unit) {
    case 'day':
      return { value: count / p.days, how: `${fmtInt(count)} / ${p.days} days` };
    case 'week':
      return { value: (count / p.days) * 7, how: `${fmtInt(count)} / ${p.days} days × 7` };
    case 'month': {
      const m = perMonth(count, p);
      const how =
        m.basis === 'months'
          ? `${fmtInt(count)} / ${m.months} month${m.months === 1 ? '' : 's'}`
          : `${fmtInt(count)} / ${p.days} days × 30.4375 (average month, 365.25 / 12 days)`;
      return { value: m.value ?? Number.NaN, how };
    }
    case 'year':
      if (months && months % 12 === 0)
        return {
          value: count / (months / 12),
          how: months === 12 ? `${fmtInt(count)} in 12 months` : `${fmtInt(count)} / ${months / 12} years`,
        };
      return { value: (count / p.days) * 365.25, how: `${fmtInt(count)} / ${p.days} days × 365.25` };
  }
}

function corePeriod(p: ClaimPeriod): Period {
  const grain = exactGrainOf({ kind: 'day', start: p.start, end: p.end, days: p.days, label: p.label, key: '' });
  const kind: PeriodKind = grain ?? (p.days === 1 ? 'day' : 'rolling');
  return { kind, start: p.start, end: p.end, days: p.days, label: p.label, key: `${kind}:${p.start}:${p.end}` };
}

function qualified(f: Figure, body: string): string {
  return f.qualifierText ? `${f.qualifierText} ${body}` : body;
}

export class ClaimEvaluator {
  private readonly cache = new Map<string, SeriesLookup>();
  private readonly present: Set<CategoryId>;
  private readonly areaNames: { name: string; norm: string }[];
  private readonly usedQualifiers = new Set<string>();
  private readonly verdicts = new Set<Verdict>();
  private readonly seriesNotes = new Set<string>();
  private readonly coverage: { start: string; end: string } | null;

  constructor(
    private readonly inputs: LoadedInput[],
    private readonly options: EvaluateOptions,
  ) {
    this.present = new Set(inputs.flatMap((i) => i.observations.map((o) => o.category)).filter((c) => c !== 'other'));
    const index = areaIndex(inputs.flatMap((i) => i.areas));
    this.areaNames = [...new Set([...index.values()].flat().map((a) => a.name))]
      .filter((n) => !/^\(|^unknown$/i.test(n.trim()))
      .map((name) => ({ name, norm: normaliseArea(name) }))
      .filter((a) => a.norm.length >= 3)
      .sort((a, b) => b.norm.length - a.norm.length);
    const records = inputs.filter((i) => i.layout.shape === 'records');
    let start = '9999-12-31';
    let end = '0000-01-01';
    for (const i of records)
      for (const o of i.observations) {
        if (o.period.start < start) start = o.period.start;
        if (o.period.end > end) end = o.period.end;
      }
    this.coverage = records.length ? { start, end } : null;
  }

  /** Notes for the whole run: how each vague word used was judged, and what the series summed. */
  notes(): string[] {
    const out: string[] = [];
    if (this.verdicts.has('close'))
      out.push(
        `close: the data are within ${formatFigure(this.options.tolerancePct)}% of what the claim needs (--tolerance); counts are compared as counts, rates as rates, changes as the ratio of the two periods`,
      );
    for (const v of VAGUE_WORDS)
      if (this.usedQualifiers.has(v.qualifier))
        out.push(v.qualifier === 'stated' ? v.meaning : `'${v.words.slice(0, 3).join("', '")}': ${v.meaning}`);
    return [...out, ...this.seriesNotes];
  }

  /** Whether the data hold this offence group (the sub-group's categories, or another group by its labels). */
  holds(id: OffenceId): boolean {
    if (isSubGroup(id)) return this.present.has(id);
    return hasGroup(this.inputs, offenceWords(id).labels ?? []);
  }

  /** "it holds police force areas and regions": what the data's areas are, for an area they lack. */
  private areaKinds(): string {
    const names: Record<string, string> = {
      region: 'regions',
      force: 'police force areas',
      csp: 'community safety partnership areas',
      borough: 'London boroughs',
      area: 'areas',
    };
    const roles = new Set(this.inputs.flatMap((i) => i.areas.flatMap((a) => a.roles)));
    const kinds = ['force', 'csp', 'borough', 'region', 'area']
      .filter((r) => roles.has(r as never))
      .map((r) => names[r]);
    if (kinds.length === 0) return 'no named areas';
    return kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}`;
  }

  private unknownArea(area: string): string {
    return `${area} is not in this file; it holds ${this.areaKinds()}`;
  }

  private series(area: string | null, category: OffenceId): SeriesLookup {
    const key = `${area ?? ''}\u0000${category}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    let out: SeriesLookup;
    if (!isSubGroup(category)) {
      const g = groupSeries(this.inputs, offenceWords(category).labels ?? [], area);
      out = g.ok
        ? { label: g.label, points: g.points, notes: [] }
        : {
            label: area ?? 'All areas',
            points: [],
            notes: [],
            error: /unknown area/.test(g.why) && area ? this.unknownArea(area) : g.why,
          };
      this.cache.set(key, out);
      return out;
    }
    try {
      const scoped = area ? forceScoped(this.inputs, area) : null;
      const set = buildSeries(scoped ?? this.inputs, {
        areas: area && !scoped ? resolveAreas(this.inputs, [area]) : [],
        eachArea: false,
        categories: [category],
      });
      const s = set.series[0];
      const partial = area && !scoped && s ? partialArea(this.inputs, area, s.area) : null;
      if (partial) throw new StalkError('E_UNKNOWN_AREA', partial);
      out = {
        label: scoped ? `${forceName(this.inputs, area!)} (the force)` : (s?.area ?? area ?? 'All areas'),
        points: s?.points ?? [],
        notes: set.notes
          .filter((n) => /^All areas: the sum/.test(n))
          .map((n) => n.replace(/ or --each-area for one series each$/, '')),
      };
    } catch (e) {
      if (!isStalkError(e)) throw e;
      out = {
        label: area ?? 'All areas',
        points: [],
        notes: [],
        error:
          e.code === 'E_UNKNOWN_AREA' && area && /^unknown area/.test(e.message) ? this.unknownArea(area) : e.message,
      };
    }
    this.cache.set(key, out);
    return out;
  }

  private areaFor(claim: ParsedClaim, a: Assertion): { area: string | null; how: string | null } {
    if (a.area || a.areaHow) return { area: a.area, how: a.areaHow ?? null };
    if (this.options.area) return { area: this.options.area, how: null };
    // "England and Wales" is every area, not the region called Wales.
    const text = ` ${normaliseLabel(claim.input.text)} `.replace(/ england and wales /g, ' ');
    const named = this.areaNames.find((n) => text.includes(` ${n.norm} `));
    if (named) return { area: named.name, how: `area '${named.name}' named in the claim` };
    return { area: null, how: null };
  }

  private categoryFor(a: Assertion): { ref: CategoryRef | null; how: string | null; why?: string } {
    if (a.category) return { ref: a.category, how: a.category.how ?? null };
    if (this.options.category)
      return {
        ref: { id: this.options.category, text: this.options.category, from: 'option' },
        how: `no category named: ${this.options.category} from --category`,
      };
    const present = [...this.present];
    if (present.length === 1) {
      const only = present[0];
      return {
        ref: { id: only as OffenceId, text: only, from: 'option' },
        how: only === 'stalking-and-harassment' ? null : `no category named: the data have only ${only}`,
      };
    }
    if (this.present.has('stalking-and-harassment')) {
      this.seriesNotes.add(
        `claims naming no category are checked against stalking-and-harassment, the sub-group total; the data also have ${present.filter((c) => c !== 'stalking-and-harassment').join(', ')} (name one in the claim, its category field or --category)`,
      );
      return {
        ref: { id: 'stalking-and-harassment', text: 'stalking-and-harassment', from: 'option' },
        how: 'no category named: stalking-and-harassment assumed',
      };
    }
    return {
      ref: null,
      how: null,
      why: `no category named, and the data have several (${present.join(', ')}): name one in the claim, its category field or --category`,
    };
  }

  private missingCategoryWhy(category: OffenceId): string {
    const word = categoryName(category);
    if (!isSubGroup(category))
      return `the data have no ${categoryShort(category)} figures (no offence labelled ${(offenceWords(category).labels ?? []).map((l) => `'${l}'`).join(' or ') || 'so'})`;
    const separable = this.inputs.some((i) => i.separateCodes.length > 0);
    if (SEPARATE.includes(category) && this.present.has('stalking-and-harassment') && !separable)
      return `the source has only the combined 'Stalking and harassment' figure: it cannot give ${word} on its own`;
    if (this.present.has('harassment-wide') && !this.present.has('stalking-and-harassment'))
      return `the source's 'Harassment' is the Met's old, wider category (it includes other offences), not ${word}; it has no Home Office stalking or harassment figures`;
    return `the data have no ${categoryShort(category)} figures (no matching offence labels or codes)`;
  }

  evaluate(claim: ParsedClaim, claimNo: number): Row[] {
    const rows: Row[] = [];
    const multi = claim.assertions.length > 1;
    if (claim.assertions.length === 0) {
      const judged: Judged = {
        verdict: 'unparsed',
        published: '',
        computed: '',
        working: [recognisedLine(claim), ...claim.problems],
        period: '',
        publishedValue: null,
        computedValue: null,
        difference: null,
      };
      rows.push(this.row(claim, String(claimNo), claim.input.text, judged, null, this.areaLabel(null)));
      return rows;
    }
    claim.assertions.forEach((a, k) => {
      const id = multi ? `${claimNo}.${k + 1}` : String(claimNo);
      const text = multi ? a.text : claim.input.text;
      rows.push(this.evaluateOne(claim, a, id, text));
    });
    return rows;
  }

  /** One assertion of a claim judged: its row. */
  evaluateOne(claim: ParsedClaim, a: Assertion, id: string, text: string): Row {
    const { area, how: areaHow } = this.areaFor(claim, a);
    const cat = this.categoryFor(a);
    const pre: string[] = [];
    if (areaHow) pre.push(areaHow);
    if (cat.how) pre.push(cat.how);
    pre.push(...(a.context ?? []));
    if (
      cat.ref &&
      cat.ref.from === 'text' &&
      claim.input.category &&
      parseCategoryField(String(claim.input.category)) !== cat.ref.id
    ) {
      pre.push(
        `the category field says '${claim.input.category}', the claim's text '${cat.ref.text}': the text's is used`,
      );
    }
    const blank = (verdict: Verdict, why: string[], period = ''): Judged => ({
      verdict,
      published: publishedOf(a),
      computed: '',
      working: [...pre, ...why],
      period,
      publishedValue: figureValue(a),
      computedValue: null,
      difference: null,
    });
    const label = (l: string | null) => l ?? this.areaLabel(area);
    // What the data cannot give is said first: no period would make a stalking-only figure appear.
    if (cat.ref && !this.holds(cat.ref.id))
      return this.row(
        claim,
        id,
        text,
        blank('cannot-check', [this.missingCategoryWhy(cat.ref.id)]),
        cat.ref.id,
        label(area),
      );
    const unresolved = unresolvedPeriod(a);
    if (unresolved) {
      if (a.kind !== 'change' && a.period?.type === 'unresolved' && a.period.missing)
        return this.row(
          claim,
          id,
          text,
          blank('cannot-check', [`no period named for this figure, in its sentence or around it`]),
          cat.ref?.id ?? null,
          label(area),
        );
      const seen = recognisedLine(claim);
      const verdict: Verdict = claim.input.inArticle ? 'cannot-check' : 'unparsed';
      return this.row(
        claim,
        id,
        text,
        blank(verdict, claim.input.inArticle ? [unresolved] : seen.includes(unresolved) ? [seen] : [seen, unresolved]),
        cat.ref?.id ?? null,
        label(area),
      );
    }
    if (!cat.ref)
      return this.row(claim, id, text, blank('cannot-check', [cat.why ?? 'no category']), null, label(area));
    const category = cat.ref.id;
    const series = this.series(area, category);
    if (series.error)
      return this.row(claim, id, text, blank('cannot-check', [series.error]), category, area ?? series.label);
    for (const n of series.notes) this.seriesNotes.add(n);
    if (series.points.length === 0)
      return this.row(
        claim,
        id,
        text,
        blank('cannot-check', [`the data have no ${categoryShort(category)} figures for ${series.label}`]),
        category,
        series.label,
      );
    const head = `${series.label}, ${category}`;
    let judged: Judged;
    if (a.kind === 'count') judged = this.count(a, series, head);
    else if (a.kind === 'rate') judged = this.rate(a, series, head);
    else judged = this.change(a, series, head, category);
    judged.working = [...pre, ...judged.working];
    this.verdicts.add(judged.verdict);
    return this.row(claim, id, text, judged, category, series.label);
  }

  /** The area's label as the series would give it ("All areas", or the one area a file holds). */
  private areaLabel(area: string | null): string | null {
    const any = [...this.present][0];
    return any ? this.series(area, any as OffenceId).label : area;
  }

  private row(
    claim: ParsedClaim,
    id: string,
    text: string,
    j: Judged,
    category: OffenceId | null,
    areaLabel: string | null,
  ): Row {
    return {
      claimNo: id,
      paragraph: claim.input.paragraph ?? null,
      sentence: claim.input.sentence ?? claim.input.text,
      claim: text,
      verdict: j.verdict,
      published: j.published,
      publishedValue: j.publishedValue,
      computed: j.computed,
      computedValue: j.computedValue,
      area: areaLabel,
      category,
      period: j.period,
      comparable: j.comparable ?? null,
      notComparableBecause: j.notComparableBecause ?? null,
      working: j.working.join('; '),
      difference: j.difference,
      source: claim.input.source?.file
        ? `${claim.input.source.file}${claim.input.source.line ? `:${claim.input.source.line}` : ''}`
        : null,
    };
  }

  private count(a: CountAssertion, series: SeriesLookup, head: string): Judged {
    const p = (a.period as Extract<PeriodRef, { type: 'fixed' }>).period;
    const published = qualified(a.figure, fmtFigure(a.figure.value));
    const found = countFor(series.points, p, this.coverage);
    if (!found.ok)
      return {
        verdict: 'cannot-check',
        published,
        computed: '',
        working: [`${head}: ${found.why}`],
        period: p.label,
        publishedValue: a.figure.value,
        computedValue: null,
        difference: null,
      };
    this.usedQualifiers.add(a.figure.qualifier);
    const range = rangeOf(a.figure, 'count');
    const verdict = judge(range, found.count, this.options.tolerancePct / 100);
    const working = [`${head}, ${p.label}: ${describeParts(found.parts, found.count)}`];
    const diff = a.figure.value - found.count;
    const rel = found.count !== 0 ? (diff / found.count) * 100 : null;
    const diffText = `published ${fmtFigure(a.figure.value)} vs data ${fmtInt(found.count)}: ${diff === 0 ? 'no difference' : `${diff > 0 ? '+' : '−'}${fmtFigure(Math.abs(diff))}${rel !== null ? ` (${rel > 0 ? '+' : '−'}${formatFixed(Math.abs(rel), 2)}%)` : ''}`}`;
    const rule =
      a.figure.qualifier === 'stated' && a.figure.precision > 1
        ? `'${published}' is a round figure: ${describeRange(range, formatFigure)} (to the nearest ${fmtInt(a.figure.precision)})`
        : a.figure.qualifier === 'stated'
          ? `'${published}' must match exactly`
          : `'${published}' means ${describeRange(range, formatFigure)}`;
    working.push(rule, `${diffText}: ${verdictWords(verdict, this.options.tolerancePct)}`);
    return {
      verdict,
      published,
      computed: fmtInt(found.count),
      working,
      period: p.label,
      publishedValue: a.figure.value,
      computedValue: found.count,
      difference: diff,
    };
  }

  private rate(a: RateAssertion, series: SeriesLookup, head: string): Judged {
    const p = (a.period as Extract<PeriodRef, { type: 'fixed' }>).period;
    const published = publishedOf(a);
    const found = countFor(series.points, p, this.coverage);
    if (!found.ok)
      return {
        verdict: 'cannot-check',
        published,
        computed: '',
        working: [`${head}: ${found.why}`],
        period: p.label,
        publishedValue: a.figure.value,
        computedValue: null,
        difference: null,
      };
    this.usedQualifiers.add(a.figure.qualifier);
    const working = [`${head}, ${p.label}: ${describeParts(found.parts, found.count)}`];
    const tol = this.options.tolerancePct / 100;
    if (a.interval) {
      const perDay = found.count / p.days;
      const unitDays = { minute: 1 / 1440, hour: 1 / 24, day: 1, week: 7 }[a.interval];
      if (perDay <= 0) {
        working.push(
          `${fmtInt(found.count)} / ${p.days} days = ${formatFixed(perDay, 2)} a day: there is no interval between offences to compare`,
        );
        return {
          verdict: 'not-supported',
          published,
          computed: `${formatFixed(perDay, 2)} a day`,
          working,
          period: p.label,
          publishedValue: a.figure.value,
          computedValue: null,
          difference: null,
        };
      }
      const interval = 1 / perDay / unitDays;
      const unitName = `${a.interval}s`;
      const base = `${fmtInt(found.count)} / ${p.days} days = ${formatFixed(perDay, 2)} a day = one every ${formatFixed(interval, 2)} ${unitName}`;
      let verdict: Verdict;
      let rule: string;
      let computedValue: number;
      if (a.figure.qualifier === 'stated') {
        const range = rangeOf(a.figure, 'measure');
        verdict = judge(range, interval, tol);
        rule = `'one every ${fmtFigure(a.figure.value)} ${unitName}' means an interval${ofRange(describeRange(range, formatFigure))} ${unitName} (rounds to ${fmtFigure(a.figure.value)})`;
        computedValue = round(interval, 4);
      } else {
        const perInterval = perDay * a.figure.value * unitDays;
        const range = rangeOf({ ...a.figure, value: 1, precision: 1 }, 'measure');
        verdict = judge(range, perInterval, tol);
        rule = `that is ${formatFixed(perInterval, 2)} offences in ${fmtFigure(a.figure.value)} ${unitName}; '${a.figure.qualifierText} one' means ${describeRange(range, formatFigure)}`;
        computedValue = round(interval, 4);
      }
      working.push(`${base}; ${rule}: ${verdictWords(verdict, this.options.tolerancePct)}`);
      return {
        verdict,
        published,
        computed: `one every ${formatFixed(interval, 2)} ${unitName}`,
        working,
        period: p.label,
        publishedValue: a.figure.value,
        computedValue,
        difference: round(a.figure.value - interval, 4),
      };
    }
    const r = a.residents
      ? this.perResidents(found.count, p, a.residents, series.label)
      : rateOf(found.count, p, a.unit);
    if ('why' in r) {
      working.push(r.why);
      const none = { computed: '', computedValue: null, difference: null };
      return { verdict: 'cannot-check', published, working, period: p.label, publishedValue: a.figure.value, ...none };
    }
    const range = rangeOf(a.figure, 'measure');
    const verdict = judge(range, r.value, tol);
    const digits = Math.max(2, digitsFor(a.figure.precision) + 1);
    const unit = a.residents ? `per ${fmtInt(a.residents)} residents` : `a ${a.unit}`;
    const computed = `${formatFixed(r.value, digits)} ${unit}`;
    const rule =
      a.figure.qualifier === 'stated'
        ? `'${published}' means ${describeRange(range, formatFigure)} ${unit} (rounds to ${fmtFigure(a.figure.value)})`
        : `'${published}' means ${describeRange(range, formatFigure)} ${unit}`;
    working.push(`${r.how} = ${computed}; ${rule}: ${verdictWords(verdict, this.options.tolerancePct)}`);
    return {
      verdict,
      published,
      computed,
      working,
      period: p.label,
      publishedValue: a.figure.value,
      computedValue: round(r.value, 4),
      difference: round(a.figure.value - r.value, 4),
    };
  }

  /** A count per residents: the area's population at the period's mid-year, or why there is none. */
  private perResidents(
    count: number,
    p: ClaimPeriod,
    per: number,
    label: string,
  ): { value: number; how: string } | { why: string } {
    const found = this.options.residents?.(label, p) ?? { why: 'no population figures were given' };
    if ('why' in found) return { why: `${label}: no population to divide by: ${found.why}` };
    return {
      value: (count / found.population) * per,
      how: `${fmtInt(count)} / ${fmtInt(found.population)} residents (mid-${found.year}) × ${fmtInt(per)}`,
    };
  }

  private latestLike(from: ClaimPeriod, points: SeriesPoint[]): ClaimPeriod | null {
    const last = points.reduce((m, p) => (p.period.end > m ? p.period.end : m), '0000-01-01');
    const limit = this.options.asOf && this.options.asOf < last ? this.options.asOf : last;
    let best: ClaimPeriod | null = null;
    for (let k = 1; k <= 100; k++) {
      const c = shiftYears(from, k);
      if (c.end > limit) break;
      if (countFor(points, c, this.coverage).ok) best = c;
    }
    return best;
  }

  private change(a: ChangeAssertion, series: SeriesLookup, head: string, category: OffenceId): Judged {
    const published = publishedOf(a);
    const tol = this.options.tolerancePct / 100;
    const working: string[] = [];
    let to: ClaimPeriod | null = a.to?.type === 'fixed' ? a.to.period : null;
    let from: ClaimPeriod | null = a.from?.type === 'fixed' || a.from?.type === 'since' ? a.from.period : null;
    const fail = (verdict: Verdict, why: string, period = ''): Judged => ({
      verdict,
      published,
      computed: '',
      working: [...working, why],
      period,
      publishedValue: figureValue(a),
      computedValue: null,
      difference: null,
    });
    if (!to && from) {
      to = this.latestLike(from, series.points);
      if (!to)
        return fail(
          'cannot-check',
          `${head}: no period like ${from.label} after it in the data${this.options.asOf ? ` up to --as-of ${this.options.asOf}` : ''}`,
        );
      working.push(
        `'${a.from?.text}' is compared with the latest like period in the data${this.options.asOf ? ` up to --as-of ${this.options.asOf}` : ''}: ${to.label}`,
      );
    }
    if (!to) return fail('unparsed', 'no period for the change');
    if (!from && a.from?.type === 'previous' && a.from.years) {
      from = shiftYears(to, -a.from.years);
      working.push(
        `'${a.from.text}': ${from.label}, ${a.from.years} year${a.from.years === 1 ? '' : 's'} before ${to.label}`,
      );
    }
    if (!from) {
      from = previousOf(to);
      working.push(
        `no base period named: compared with the ${from.days === to.days || wholeMonths(to) ? 'period of the same length just before' : 'previous period'}, ${from.label}`,
      );
    }
    const periodLabel = `${from.label} → ${to.label}`;
    const fromFound = countFor(series.points, from, this.coverage);
    const toFound = countFor(series.points, to, this.coverage);
    if (!fromFound.ok) return fail('cannot-check', `${head}: ${fromFound.why}`, periodLabel);
    if (!toFound.ok) return fail('cannot-check', `${head}: ${toFound.why}`, periodLabel);
    working.push(`${head}, ${from.label}: ${describeParts(fromFound.parts, fromFound.count)}`);
    working.push(`${head}, ${to.label}: ${describeParts(toFound.parts, toFound.count)}`);
    const c0 = fromFound.count;
    const c1 = toFound.count;
    const sameLength = from.days === to.days || (wholeMonths(from) !== null && wholeMonths(from) === wholeMonths(to));
    let ratio: number | null = null;
    let how: string;
    if (sameLength) {
      ratio = c0 > 0 ? c1 / c0 : null;
      how = `${fmtInt(c1)} / ${fmtInt(c0)}`;
    } else {
      const r0 = c0 / from.days;
      const r1 = c1 / to.days;
      ratio = r0 > 0 ? r1 / r0 : null;
      how = `periods of different length, compared per day: (${fmtInt(c1)} / ${to.days} days) / (${fmtInt(c0)} / ${from.days} days) = ${formatFixed(r1, 2)} / ${formatFixed(r0, 2)}`;
    }
    const cautions: string[] = [];
    if (c0 < SMALL_BASE && a.test.type !== 'direction')
      cautions.push(
        `caution: the base (${fmtInt(c0)}) is under ${SMALL_BASE}, so a few offences move the percentage a lot`,
      );
    // The verdict stands; the row says the two periods are not like for like, as trend does.
    let comparable: boolean | null = null;
    let notComparableBecause: string | null = null;
    if (this.options.comparability && isSubGroup(category)) {
      const v = this.options.comparability(corePeriod(from), corePeriod(to), category as CategoryId);
      comparable = v.comparable;
      if (!v.comparable && v.because) {
        notComparableBecause = v.because;
        cautions.push(`not comparable: ${v.because}`);
      }
    }
    const like = { comparable, notComparableBecause };
    const diffText = `${c1 - c0 >= 0 ? '+' : '−'}${fmtInt(Math.abs(c1 - c0))}`;
    if (a.test.type === 'difference') {
      // "278 more than the year before": the later count less the earlier, as a count.
      this.usedQualifiers.add(a.test.figure.qualifier);
      const f = a.test.figure;
      const more = a.test.direction === 'rise';
      const value = more ? c1 - c0 : c0 - c1;
      const range = rangeOf(f, 'count');
      const verdict = judge(range, value, tol);
      working.push(
        `${fmtInt(c1)} − ${fmtInt(c0)} = ${diffText}; '${published}' means ${more ? 'more' : 'fewer'} by ${describeRange(range, formatFigure)}: ${verdictWords(verdict, this.options.tolerancePct)}`,
        ...cautions,
      );
      return {
        verdict,
        published,
        computed: diffText,
        working,
        period: periodLabel,
        publishedValue: f.value,
        computedValue: value,
        difference: f.value - value,
        ...like,
      };
    }
    if (ratio === null) {
      if (a.test.type === 'direction' && sameLength) {
        const rose = c1 > c0;
        const fell = c1 < c0;
        const ok = a.test.direction === 'rise' ? rose : fell;
        working.push(
          `${fmtInt(c0)} → ${fmtInt(c1)} (${diffText}); no ratio on a base of ${fmtInt(c0)}, but the direction is plain: ${ok ? 'supported' : 'not met'}`,
          ...cautions,
        );
        return {
          verdict: ok ? 'supported' : 'not-supported',
          published,
          computed: diffText,
          working,
          period: periodLabel,
          publishedValue: null,
          computedValue: c1 - c0,
          difference: null,
          ...like,
        };
      }
      return fail(
        'cannot-check',
        `${head}: the base, ${from.label}, is ${fmtInt(c0)}: no percentage or ratio exists`,
        periodLabel,
      );
    }
    const pct = (ratio - 1) * 100;
    const pctText = `${pct >= 0 ? '+' : '−'}${formatFixed(Math.abs(pct), 1)}%`;
    const arithmetic = `${how} = ×${formatFixed(ratio, 2)} (${pctText}${sameLength ? `, ${diffText}` : ''})`;
    let verdict: Verdict;
    let rule: string;
    let computed: string;
    let publishedValue: number | null = null;
    let computedValue: number | null = null;
    let difference: number | null = null;
    if (a.test.type === 'direction') {
      const range: Range =
        a.test.direction === 'rise'
          ? { lo: 1, hi: null, loOpen: true, hiOpen: false }
          : { lo: null, hi: 1, loOpen: false, hiOpen: true };
      verdict = judge(range, ratio, tol);
      rule = `'${a.test.direction === 'rise' ? 'rose' : 'fell'}' needs a ratio ${a.test.direction === 'rise' ? 'above' : 'below'} 1`;
      computed = `${diffText} (${pctText})`;
      computedValue = round(pct, 4);
    } else if (a.test.type === 'pct') {
      this.usedQualifiers.add(a.test.figure.qualifier);
      const f = a.test.figure;
      const r = rangeOf(f, 'measure');
      const dir = a.test.direction;
      const digits = Math.max(1, digitsFor(f.precision) + 1);
      const scale = (x: number | null, sign: 1 | -1) => (x === null ? null : clean(1 + (sign * x) / 100));
      let ratioRange: Range;
      if (dir === 'fall') {
        ratioRange = {
          lo: r.hi === null ? 0 : scale(r.hi, -1),
          hi: r.lo === null ? 1 : scale(r.lo, -1),
          loOpen: r.hi === null ? false : r.hiOpen,
          hiOpen: r.lo === null ? true : r.loOpen,
        };
      } else {
        ratioRange = {
          lo: r.lo === null ? 1 : scale(r.lo, 1),
          hi: scale(r.hi, 1),
          loOpen: r.lo === null ? true : r.loOpen,
          hiOpen: r.hiOpen,
        };
      }
      if (dir === null) {
        const mag = Math.abs(pct);
        verdict = judge(r, mag, tol);
        rule = `'${published}' (direction not stated) means a change${ofRange(describeRange(r, formatFigure))}%`;
      } else {
        verdict = judge(ratioRange, ratio, tol);
        rule = `'${published}' means a ${dir}${ofRange(describeRange(r, formatFigure))}%, a ratio${ofRange(describeRange(ratioRange, formatFigure))}`;
      }
      computed = `${pct >= 0 ? '+' : '−'}${formatFixed(Math.abs(pct), digits)}%`;
      // As written: 81 for "an 81 per cent fall" too; the difference is signed.
      publishedValue = f.value;
      computedValue = round(pct, 4);
      difference = round((dir === 'fall' ? -f.value : f.value) - pct, 4);
    } else {
      this.usedQualifiers.add(a.test.figure.qualifier);
      const f = a.test.figure;
      let ratioRange: Range;
      if (f.value >= 1) {
        ratioRange = rangeOf(f, 'multiple');
        rule = `'${published}' means a ratio${ofRange(describeRange(ratioRange, formatFigure))}`;
      } else {
        // A fall by a multiple ("halved", "a five-fold fall") is judged on the inverse ratio.
        const inv = rangeOf({ ...f, value: 1 / f.value }, 'multiple');
        ratioRange = {
          lo: inv.hi === null ? 0 : clean(1 / inv.hi),
          hi: inv.lo === null || inv.lo === 0 ? null : clean(1 / inv.lo),
          loOpen: inv.hi === null ? false : inv.hiOpen,
          hiOpen: inv.loOpen,
        };
        rule = `'${published}' means the earlier figure is ${describeRange(inv, formatFigure)} times the later, a ratio${ofRange(describeRange(ratioRange, formatFigure))}`;
      }
      verdict = judge(ratioRange, ratio, tol);
      computed = `×${formatFixed(ratio, 2)}`;
      publishedValue = f.value;
      computedValue = round(ratio, 4);
      difference = round(f.value - ratio, 4);
    }
    working.push(`${arithmetic}; ${rule}: ${verdictWords(verdict, this.options.tolerancePct)}`, ...cautions);
    return {
      verdict,
      published,
      computed,
      working,
      period: periodLabel,
      publishedValue,
      computedValue,
      difference,
      ...like,
    };
  }
}

/** " of 1.90 to 2.10" but " above 3.00". */
function ofRange(text: string): string {
  return /^(above|below|at least|at most|exactly|any|over|between)/.test(text) ? ` ${text}` : ` of ${text}`;
}

function fmtFigure(x: number): string {
  return formatFigure(x);
}

function figureValue(a: Assertion): number | null {
  if (a.kind === 'change') return a.test.type === 'direction' ? null : a.test.figure.value;
  return a.figure.value;
}

export function publishedOf(a: Assertion): string {
  if (a.kind === 'count') return qualified(a.figure, fmtFigure(a.figure.value));
  if (a.kind === 'rate') {
    if (a.interval)
      return qualified(
        a.figure,
        `one every ${fmtFigure(a.figure.value)} ${a.interval}${a.figure.value === 1 ? '' : 's'}`,
      );
    if (a.residents) return qualified(a.figure, `${fmtFigure(a.figure.value)} per ${fmtInt(a.residents)} residents`);
    return qualified(a.figure, `${fmtFigure(a.figure.value)} a ${a.unit}`);
  }
  const t = a.test;
  if (t.type === 'direction') return t.direction === 'rise' ? 'a rise' : 'a fall';
  if (t.type === 'pct') {
    const x = `${fmtFigure(t.figure.value)}%`;
    if (!t.figure.qualifierText) return `${t.direction === 'fall' ? '−' : t.direction === 'rise' ? '+' : ''}${x}`;
    return `${t.direction === 'fall' ? 'a fall of ' : t.direction === 'rise' ? 'a rise of ' : ''}${t.figure.qualifierText} ${x}`;
  }
  if (t.type === 'difference')
    return qualified(t.figure, `${fmtFigure(t.figure.value)} ${t.direction === 'rise' ? 'more' : 'fewer'}`);
  return qualified(t.figure, `×${fmtFigure(t.figure.value)} (${t.word})`);
}

function unresolvedPeriod(a: Assertion): string | null {
  const refs: (PeriodRef | null)[] = a.kind === 'change' ? [a.from, a.to] : [a.period];
  for (const r of refs) if (r && r.type === 'unresolved') return r.why;
  if (a.kind !== 'change' && !a.period) return 'no period';
  return null;
}

function recognisedLine(claim: ParsedClaim): string {
  if (claim.recognised.length === 0) return 'recognised: nothing (no number, period or category)';
  return `recognised: ${claim.recognised.map((r) => `${r.what} '${r.text}' = ${r.meaning}`).join('; ')}`;
}

/** Checks each parsed claim against the inputs: one row per assertion, numbered by claim. */
export function checkClaims(claims: ParsedClaim[], inputs: LoadedInput[], options: EvaluateOptions): CheckOutcome {
  const ev = new ClaimEvaluator(inputs, options);
  const rows = claims.flatMap((c, i) => ev.evaluate(c, i + 1));
  return { rows, notes: ev.notes() };
}
