import { countFor } from './lookup.js';
import { formatFigure, formatFixed } from './numbers.js';
import type { SeriesLookup } from './seriesLookup.js';
import type { CountAssertion, PeriodRef } from './types.js';
import { describeRange, rangeOf } from './vague.js';
import { cannotCheck, type JudgeContext, type Judged, judge, verdictWords } from './verdict.js';
import { describeParts, fmtInt, qualified } from './working.js';

/** A count in a period ("2,339 cases in 2017") against the sum of the data's figures for it. */

/** "+12 (+0.51%)", "no difference". */
function differenceText(diff: number, rel: number | null): string {
  if (diff === 0) return 'no difference';
  const relative = rel !== null ? ` (${rel > 0 ? '+' : '−'}${formatFixed(Math.abs(rel), 2)}%)` : '';
  return `${diff > 0 ? '+' : '−'}${formatFigure(Math.abs(diff))}${relative}`;
}

export function judgeCount(a: CountAssertion, series: SeriesLookup, head: string, cx: JudgeContext): Judged {
  const p = (a.period as Extract<PeriodRef, { type: 'fixed' }>).period;
  const published = qualified(a.figure, formatFigure(a.figure.value));
  const found = countFor(series.points, p, cx.coverage);
  if (!found.ok) return cannotCheck(published, p.label, a.figure.value, `${head}: ${found.why}`);
  cx.usedQualifiers.add(a.figure.qualifier);
  const range = rangeOf(a.figure, 'count');
  const verdict = judge(range, found.count, cx.options.tolerancePct / 100);
  const working = [`${head}, ${p.label}: ${describeParts(found.parts, found.count)}`];
  const diff = a.figure.value - found.count;
  const rel = found.count !== 0 ? (diff / found.count) * 100 : null;
  const compared = `published ${formatFigure(a.figure.value)} vs data ${fmtInt(found.count)}`;
  const diffText = `${compared}: ${differenceText(diff, rel)}`;
  const means = describeRange(range, formatFigure);
  const rule =
    a.figure.qualifier === 'stated' && a.figure.precision > 1
      ? `'${published}' is a round figure: ${means} (to the nearest ${fmtInt(a.figure.precision)})`
      : a.figure.qualifier === 'stated'
        ? `'${published}' must match exactly`
        : `'${published}' means ${means}`;
  working.push(rule, `${diffText}: ${verdictWords(verdict, cx.options.tolerancePct)}`);
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
