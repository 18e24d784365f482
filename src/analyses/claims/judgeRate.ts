import { wholeMonths as wholeMonthsOf } from '../../core/dates.js';
import { round } from '../result.js';
import { perMonth } from '../stats/index.js';
import { countFor } from './lookup.js';
import { digitsFor, formatFigure, formatFixed } from './numbers.js';
import type { SeriesLookup } from './seriesLookup.js';
import type { ClaimPeriod, IntervalUnit, PeriodRef, RateAssertion, Verdict } from './types.js';
import { describeRange, rangeOf } from './vague.js';
import { cannotCheck, type JudgeContext, type Judged, judge, ofRange, verdictWords } from './verdict.js';
import { describeParts, fmtInt, publishedOf } from './working.js';

/**
 * A rate in a period ("more than six a day", "one every four hours", "3.2 per 1,000 residents")
 * against the data's count for the period, as a rate of the same kind.
 */

type Worked = { value: number; how: string };

/** A count as a rate, with how it was worked out. Months are whole months when the period is. */
function rateOf(count: number, p: ClaimPeriod, unit: 'day' | 'week' | 'month' | 'year'): Worked {
  const months = wholeMonthsOf(p.start, p.end);
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

/** A count per residents: the area's population at the period's mid-year, or why there is none. */
function perResidents(
  count: number,
  p: ClaimPeriod,
  per: number,
  label: string,
  cx: JudgeContext,
): Worked | { why: string } {
  const found = cx.options.residents?.(label, p) ?? { why: 'no population figures were given' };
  if ('why' in found) return { why: `${label}: no population to divide by: ${found.why}` };
  return {
    value: (count / found.population) * per,
    how: `${fmtInt(count)} / ${fmtInt(found.population)} residents (mid-${found.year}) × ${fmtInt(per)}`,
  };
}

const UNIT_DAYS: Record<IntervalUnit, number> = { minute: 1 / 1440, hour: 1 / 24, day: 1, week: 7 };

/** "one every four hours": the interval between offences, or for a vague figure the offences in it. */
function judgeInterval(
  a: RateAssertion,
  interval: IntervalUnit,
  count: number,
  p: ClaimPeriod,
  working: string[],
  cx: JudgeContext,
): Judged {
  const published = publishedOf(a);
  const tol = cx.options.tolerancePct / 100;
  const perDay = count / p.days;
  const unitDays = UNIT_DAYS[interval];
  const perDayText = `${fmtInt(count)} / ${p.days} days = ${formatFixed(perDay, 2)} a day`;
  if (perDay <= 0) {
    working.push(`${perDayText}: there is no interval between offences to compare`);
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
  const every = 1 / perDay / unitDays;
  const unitName = `${interval}s`;
  const base = `${perDayText} = one every ${formatFixed(every, 2)} ${unitName}`;
  let verdict: Verdict;
  let rule: string;
  if (a.figure.qualifier === 'stated') {
    const range = rangeOf(a.figure, 'measure');
    verdict = judge(range, every, tol);
    const figure = formatFigure(a.figure.value);
    rule =
      `'one every ${figure} ${unitName}' means an interval${ofRange(describeRange(range, formatFigure))} ` +
      `${unitName} (rounds to ${figure})`;
  } else {
    const perInterval = perDay * a.figure.value * unitDays;
    const range = rangeOf({ ...a.figure, value: 1, precision: 1 }, 'measure');
    verdict = judge(range, perInterval, tol);
    rule =
      `that is ${formatFixed(perInterval, 2)} offences in ${formatFigure(a.figure.value)} ${unitName}; ` +
      `'${a.figure.qualifierText} one' means ${describeRange(range, formatFigure)}`;
  }
  working.push(`${base}; ${rule}: ${verdictWords(verdict, cx.options.tolerancePct)}`);
  return {
    verdict,
    published,
    computed: `one every ${formatFixed(every, 2)} ${unitName}`,
    working,
    period: p.label,
    publishedValue: a.figure.value,
    computedValue: round(every, 4),
    difference: round(a.figure.value - every, 4),
  };
}

export function judgeRate(a: RateAssertion, series: SeriesLookup, head: string, cx: JudgeContext): Judged {
  const p = (a.period as Extract<PeriodRef, { type: 'fixed' }>).period;
  const published = publishedOf(a);
  const found = countFor(series.points, p, cx.coverage);
  if (!found.ok) return cannotCheck(published, p.label, a.figure.value, `${head}: ${found.why}`);
  cx.usedQualifiers.add(a.figure.qualifier);
  const working = [`${head}, ${p.label}: ${describeParts(found.parts, found.count)}`];
  if (a.interval) return judgeInterval(a, a.interval, found.count, p, working, cx);
  const r = a.residents ? perResidents(found.count, p, a.residents, series.label, cx) : rateOf(found.count, p, a.unit);
  if ('why' in r) {
    working.push(r.why);
    const none = { computed: '', computedValue: null, difference: null };
    return { verdict: 'cannot-check', published, working, period: p.label, publishedValue: a.figure.value, ...none };
  }
  const range = rangeOf(a.figure, 'measure');
  const verdict = judge(range, r.value, cx.options.tolerancePct / 100);
  const digits = Math.max(2, digitsFor(a.figure.precision) + 1);
  const unit = a.residents ? `per ${fmtInt(a.residents)} residents` : `a ${a.unit}`;
  const computed = `${formatFixed(r.value, digits)} ${unit}`;
  const means = `'${published}' means ${describeRange(range, formatFigure)} ${unit}`;
  const rule = a.figure.qualifier === 'stated' ? `${means} (rounds to ${formatFigure(a.figure.value)})` : means;
  working.push(`${r.how} = ${computed}; ${rule}: ${verdictWords(verdict, cx.options.tolerancePct)}`);
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
