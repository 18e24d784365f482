import { wholeMonths as wholeMonthsOf } from '../../core/dates.js';
import type { Period, PeriodKind } from '../../core/periods.js';
import { exactGrainOf } from '../../core/periods.js';
import type { SeriesPoint } from '../../series/build.js';
import type { CategoryId } from '../../taxonomy/taxonomy.js';
import { round } from '../result.js';
import { SMALL_BASE } from '../stats/index.js';
import { isSubGroup, type OffenceId } from './categories.js';
import { countFor } from './lookup.js';
import { digitsFor, formatFigure, formatFixed } from './numbers.js';
import type { SeriesLookup } from './seriesLookup.js';
import { previousOf, shiftYears } from './shift.js';
import type { ChangeAssertion, ChangeTest, ClaimPeriod, Verdict } from './types.js';
import { clean, describeRange, type Range, rangeOf } from './vague.js';
import { type JudgeContext, type Judged, judge, ofRange, verdictWords } from './verdict.js';
import { describeParts, figureValue, fmtInt, publishedOf } from './working.js';

/**
 * A change between two periods ("rose by 81%", "doubled", "fell", "278 more") against the ratio of
 * the data's counts for them: per day when the periods differ in length; with a caution when the
 * base is small or the two periods are not like for like.
 */

const wholeMonths = (p: ClaimPeriod) => wholeMonthsOf(p.start, p.end);

function corePeriod(p: ClaimPeriod): Period {
  const grain = exactGrainOf({ kind: 'day', start: p.start, end: p.end, days: p.days, label: p.label, key: '' });
  const kind: PeriodKind = grain ?? (p.days === 1 ? 'day' : 'rolling');
  return { kind, start: p.start, end: p.end, days: p.days, label: p.label, key: `${kind}:${p.start}:${p.end}` };
}

/** The latest period like `from`, a whole number of years after it, that the data cover (up to --as-of). */
function latestLike(from: ClaimPeriod, points: SeriesPoint[], cx: JudgeContext): ClaimPeriod | null {
  const last = points.reduce((m, p) => (p.period.end > m ? p.period.end : m), '0000-01-01');
  const limit = cx.options.asOf && cx.options.asOf < last ? cx.options.asOf : last;
  let best: ClaimPeriod | null = null;
  for (let k = 1; k <= 100; k++) {
    const c = shiftYears(from, k);
    if (c.end > limit) break;
    if (countFor(points, c, cx.coverage).ok) best = c;
  }
  return best;
}

type Periods = { ok: true; from: ClaimPeriod; to: ClaimPeriod } | { ok: false; verdict: Verdict; why: string };

/** The two periods a change runs between, each found as the claim says or as the working explains. */
function changePeriods(
  a: ChangeAssertion,
  points: SeriesPoint[],
  head: string,
  cx: JudgeContext,
  working: string[],
): Periods {
  let to: ClaimPeriod | null = a.to?.type === 'fixed' ? a.to.period : null;
  let from: ClaimPeriod | null = a.from?.type === 'fixed' || a.from?.type === 'since' ? a.from.period : null;
  const upToAsOf = cx.options.asOf ? ` up to --as-of ${cx.options.asOf}` : '';
  if (!to && from) {
    to = latestLike(from, points, cx);
    if (!to)
      return {
        ok: false,
        verdict: 'cannot-check',
        why: `${head}: no period like ${from.label} after it in the data${upToAsOf}`,
      };
    working.push(`'${a.from?.text}' is compared with the latest like period in the data${upToAsOf}: ${to.label}`);
  }
  if (!to) return { ok: false, verdict: 'unparsed', why: 'no period for the change' };
  if (!from && a.from?.type === 'previous' && a.from.years) {
    from = shiftYears(to, -a.from.years);
    const years = `${a.from.years} year${a.from.years === 1 ? '' : 's'}`;
    working.push(`'${a.from.text}': ${from.label}, ${years} before ${to.label}`);
  }
  if (!from) {
    from = previousOf(to);
    const which =
      from.days === to.days || wholeMonths(to) ? 'period of the same length just before' : 'previous period';
    working.push(`no base period named: compared with the ${which}, ${from.label}`);
  }
  return { ok: true, from, to };
}

/** The later count over the earlier, per day when the periods differ in length; none on a base of 0. */
function ratioOf(
  c0: number,
  c1: number,
  from: ClaimPeriod,
  to: ClaimPeriod,
  sameLength: boolean,
): { ratio: number | null; how: string } {
  if (sameLength) return { ratio: c0 > 0 ? c1 / c0 : null, how: `${fmtInt(c1)} / ${fmtInt(c0)}` };
  const r0 = c0 / from.days;
  const r1 = c1 / to.days;
  const how =
    'periods of different length, compared per day: ' +
    `(${fmtInt(c1)} / ${to.days} days) / (${fmtInt(c0)} / ${from.days} days) = ` +
    `${formatFixed(r1, 2)} / ${formatFixed(r0, 2)}`;
  return { ratio: r0 > 0 ? r1 / r0 : null, how };
}

/** The verdict stands; the row says the two periods are not like for like, as trend does. */
function likeForLike(
  from: ClaimPeriod,
  to: ClaimPeriod,
  category: OffenceId,
  cx: JudgeContext,
  cautions: string[],
): { comparable: boolean | null; notComparableBecause: string | null } {
  let comparable: boolean | null = null;
  let notComparableBecause: string | null = null;
  if (cx.options.comparability && isSubGroup(category)) {
    const v = cx.options.comparability(corePeriod(from), corePeriod(to), category as CategoryId);
    comparable = v.comparable;
    if (!v.comparable && v.because) {
      notComparableBecause = v.because;
      cautions.push(`not comparable: ${v.because}`);
    }
  }
  return { comparable, notComparableBecause };
}

/** How a change's ratio was judged: the rule in words and the figures of the row. */
interface RatioJudged {
  verdict: Verdict;
  rule: string;
  computed: string;
  publishedValue: number | null;
  computedValue: number | null;
  difference: number | null;
}

/** The ratio and the percentage it is, and what they read as. */
interface Change {
  ratio: number;
  pct: number;
  pctText: string;
  diffText: string;
  published: string;
  tol: number;
}

function judgeDirection(test: Extract<ChangeTest, { type: 'direction' }>, c: Change): RatioJudged {
  const rise = test.direction === 'rise';
  const range: Range = rise
    ? { lo: 1, hi: null, loOpen: true, hiOpen: false }
    : { lo: null, hi: 1, loOpen: false, hiOpen: true };
  return {
    verdict: judge(range, c.ratio, c.tol),
    rule: `'${rise ? 'rose' : 'fell'}' needs a ratio ${rise ? 'above' : 'below'} 1`,
    computed: `${c.diffText} (${c.pctText})`,
    publishedValue: null,
    computedValue: round(c.pct, 4),
    difference: null,
  };
}

function judgePercentage(test: Extract<ChangeTest, { type: 'pct' }>, c: Change, cx: JudgeContext): RatioJudged {
  cx.usedQualifiers.add(test.figure.qualifier);
  const f = test.figure;
  const r = rangeOf(f, 'measure');
  const dir = test.direction;
  const digits = Math.max(1, digitsFor(f.precision) + 1);
  const scale = (x: number | null, sign: 1 | -1) => (x === null ? null : clean(1 + (sign * x) / 100));
  const ratioRange: Range =
    dir === 'fall'
      ? {
          lo: r.hi === null ? 0 : scale(r.hi, -1),
          hi: r.lo === null ? 1 : scale(r.lo, -1),
          loOpen: r.hi === null ? false : r.hiOpen,
          hiOpen: r.lo === null ? true : r.loOpen,
        }
      : {
          lo: r.lo === null ? 1 : scale(r.lo, 1),
          hi: scale(r.hi, 1),
          loOpen: r.lo === null ? true : r.loOpen,
          hiOpen: r.hiOpen,
        };
  const pctRange = ofRange(describeRange(r, formatFigure));
  let verdict: Verdict;
  let rule: string;
  if (dir === null) {
    verdict = judge(r, Math.abs(c.pct), c.tol);
    rule = `'${c.published}' (direction not stated) means a change${pctRange}%`;
  } else {
    verdict = judge(ratioRange, c.ratio, c.tol);
    rule = `'${c.published}' means a ${dir}${pctRange}%, a ratio${ofRange(describeRange(ratioRange, formatFigure))}`;
  }
  return {
    verdict,
    rule,
    computed: `${c.pct >= 0 ? '+' : '−'}${formatFixed(Math.abs(c.pct), digits)}%`,
    // As written: 81 for "an 81 per cent fall" too; the difference is signed.
    publishedValue: f.value,
    computedValue: round(c.pct, 4),
    difference: round((dir === 'fall' ? -f.value : f.value) - c.pct, 4),
  };
}

function judgeMultiple(test: Extract<ChangeTest, { type: 'ratio' }>, c: Change, cx: JudgeContext): RatioJudged {
  cx.usedQualifiers.add(test.figure.qualifier);
  const f = test.figure;
  let ratioRange: Range;
  let rule: string;
  if (f.value >= 1) {
    ratioRange = rangeOf(f, 'multiple');
    rule = `'${c.published}' means a ratio${ofRange(describeRange(ratioRange, formatFigure))}`;
  } else {
    // A fall by a multiple ("halved", "a five-fold fall") is judged on the inverse ratio.
    const inv = rangeOf({ ...f, value: 1 / f.value }, 'multiple');
    ratioRange = {
      lo: inv.hi === null ? 0 : clean(1 / inv.hi),
      hi: inv.lo === null || inv.lo === 0 ? null : clean(1 / inv.lo),
      loOpen: inv.hi === null ? false : inv.hiOpen,
      hiOpen: inv.loOpen,
    };
    rule =
      `'${c.published}' means the earlier figure is ${describeRange(inv, formatFigure)} times the later, ` +
      `a ratio${ofRange(describeRange(ratioRange, formatFigure))}`;
  }
  return {
    verdict: judge(ratioRange, c.ratio, c.tol),
    rule,
    computed: `×${formatFixed(c.ratio, 2)}`,
    publishedValue: f.value,
    computedValue: round(c.ratio, 4),
    difference: round(f.value - c.ratio, 4),
  };
}

export function judgeChange(
  a: ChangeAssertion,
  series: SeriesLookup,
  head: string,
  category: OffenceId,
  cx: JudgeContext,
): Judged {
  const published = publishedOf(a);
  const tolPct = cx.options.tolerancePct;
  const tol = tolPct / 100;
  const working: string[] = [];
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
  const periods = changePeriods(a, series.points, head, cx, working);
  if (!periods.ok) return fail(periods.verdict, periods.why);
  const { from, to } = periods;
  const periodLabel = `${from.label} → ${to.label}`;
  const fromFound = countFor(series.points, from, cx.coverage);
  const toFound = countFor(series.points, to, cx.coverage);
  if (!fromFound.ok) return fail('cannot-check', `${head}: ${fromFound.why}`, periodLabel);
  if (!toFound.ok) return fail('cannot-check', `${head}: ${toFound.why}`, periodLabel);
  working.push(`${head}, ${from.label}: ${describeParts(fromFound.parts, fromFound.count)}`);
  working.push(`${head}, ${to.label}: ${describeParts(toFound.parts, toFound.count)}`);
  const c0 = fromFound.count;
  const c1 = toFound.count;
  const sameLength = from.days === to.days || (wholeMonths(from) !== null && wholeMonths(from) === wholeMonths(to));
  const { ratio, how } = ratioOf(c0, c1, from, to, sameLength);
  const cautions: string[] = [];
  if (c0 < SMALL_BASE && a.test.type !== 'direction')
    cautions.push(
      `caution: the base (${fmtInt(c0)}) is under ${SMALL_BASE}, so a few offences move the percentage a lot`,
    );
  const like = likeForLike(from, to, category, cx, cautions);
  const diffText = `${c1 - c0 >= 0 ? '+' : '−'}${fmtInt(Math.abs(c1 - c0))}`;
  if (a.test.type === 'difference') {
    // "278 more than the year before": the later count less the earlier, as a count.
    cx.usedQualifiers.add(a.test.figure.qualifier);
    const f = a.test.figure;
    const more = a.test.direction === 'rise';
    const value = more ? c1 - c0 : c0 - c1;
    const range = rangeOf(f, 'count');
    const verdict = judge(range, value, tol);
    const means = `'${published}' means ${more ? 'more' : 'fewer'} by ${describeRange(range, formatFigure)}`;
    working.push(
      `${fmtInt(c1)} − ${fmtInt(c0)} = ${diffText}; ${means}: ${verdictWords(verdict, tolPct)}`,
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
      const plain = `no ratio on a base of ${fmtInt(c0)}, but the direction is plain: ${ok ? 'supported' : 'not met'}`;
      working.push(`${fmtInt(c0)} → ${fmtInt(c1)} (${diffText}); ${plain}`, ...cautions);
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
  const change: Change = { ratio, pct, pctText, diffText, published, tol };
  const judged =
    a.test.type === 'direction'
      ? judgeDirection(a.test, change)
      : a.test.type === 'pct'
        ? judgePercentage(a.test, change, cx)
        : judgeMultiple(a.test, change, cx);
  const { verdict, rule, ...figures } = judged;
  working.push(`${arithmetic}; ${rule}: ${verdictWords(verdict, tolPct)}`, ...cautions);
  return { verdict, published, working, period: periodLabel, ...figures, ...like };
}
