import { previousOf, shiftYears } from '../shift.js';
import type { Assertion, ClaimPeriod, PeriodRef } from '../types.js';
import { RELATIVE_TEXT, type SentenceInfo } from './readSentence.js';
import type { ArticleClaim } from './types.js';
import { quote, where } from './wording.js';

/**
 * Periods a figure takes from elsewhere in the article: the same figure restated with its period,
 * the period of the sentences around it, or the two periods of figures compared beside a change;
 * and the second reading of a period written two ways.
 */

type Found = { period: ClaimPeriod; text: string; how: string };

/**
 * One reading, or two where a period is written two ways: "the year 2015 to 2016" beside a year
 * ending June is the financial year 2015/16 or July 2015 to June 2016.
 */
export function readingsOf(a: Assertion): ArticleClaim['readings'] {
  if (a.kind !== 'change' || a.to?.type !== 'fixed' || a.from?.type !== 'fixed' || !a.from.yearAcross)
    return [{ assertion: a, label: null }];
  const to = a.to.period;
  const endMonth = Number(to.end.slice(5, 7));
  if (endMonth === 3 || to.days < 365 || to.days > 366) return [{ assertion: a, label: null }];
  const alt = shiftYears(to, a.from.yearAcross - Number(to.end.slice(0, 4)));
  const text = a.from.text;
  return [
    { assertion: a, label: `'${text}' as the financial year ${a.from.period.label}` },
    {
      assertion: { ...a, from: { type: 'fixed', period: alt, text } },
      label: `'${text}' as ${alt.label}, the months of ${to.label}`,
    },
  ];
}

/**
 * The same figure given elsewhere in the article with its period ("More than 50,000 …" in the
 * opening, "… in the 12 months up to September 2018" later).
 */
export function restated(a: Assertion, k: number, infos: SentenceInfo[]): Found | null {
  if (a.kind === 'change') return null;
  for (const [j, info] of infos.entries()) {
    if (j === k) continue;
    for (const b of info.assertions) {
      if (b.kind !== a.kind || b.figure.value !== a.figure.value || b.figure.qualifier !== a.figure.qualifier) continue;
      if (b.kind === 'rate' && a.kind === 'rate' && (b.unit !== a.unit || b.interval !== a.interval)) continue;
      if (b.period?.type === 'fixed' && b.period.text && !b.period.text.startsWith('(')) {
        return {
          period: b.period.period,
          text: b.period.text,
          how: `where ${where(info.sentence)} gives the same figure with its period (${quote(b.period.text)})`,
        };
      }
    }
  }
  return null;
}

/** The period of the last sentence before that names one, else of the first after it. */
export function carried(k: number, infos: SentenceInfo[]): Found | null {
  for (let j = k - 1; j >= 0; j--) {
    const m = infos[j].main;
    if (m) return { ...m, how: `the period of the figures before it (${quote(m.text)}, ${where(infos[j].sentence)})` };
  }
  for (let j = k + 1; j < infos.length; j++) {
    const m = infos[j].main;
    if (m)
      return {
        ...m,
        how: `the first period the article names after it (${quote(m.text)}, ${where(infos[j].sentence)})`,
      };
  }
  return null;
}

export function isMissing(r: PeriodRef | null): boolean {
  return !r || (r.type === 'unresolved' && !!r.missing);
}

function isRelative(r: PeriodRef | null): boolean {
  if (!r) return true;
  if (r.type === 'unresolved' || r.type === 'previous') return true;
  if (r.type === 'fixed') return !r.text || RELATIVE_TEXT.test(r.text) || r.text.startsWith('(');
  return false;
}

/**
 * A change whose periods are relative or missing takes the periods of two figures compared in the
 * sentence before or after it ("… five times higher last year than the same period three years
 * earlier. … 1,499 for the year ending June 2018 - compared to 288 … ending June 30, 2015"), when
 * that sentence names two explicit periods and, where the change says how many years apart they
 * are, they are that far apart.
 */
export function explicitPair(a: Extract<Assertion, { kind: 'change' }>, k: number, infos: SentenceInfo[]) {
  if (!isRelative(a.to) || (a.from && a.from.type === 'fixed' && !isRelative(a.from))) return null;
  const years = a.from?.type === 'previous' ? a.from.years : undefined;
  for (const [j, side] of [
    [k + 1, 'next'],
    [k - 1, 'previous'],
  ] as const) {
    const other = infos[j];
    if (
      !other ||
      (other.sentence.paragraph !== infos[k].sentence.paragraph &&
        Math.abs(other.sentence.paragraph - infos[k].sentence.paragraph) > 1)
    )
      continue;
    const periods = other.periods;
    if (periods.length !== 2) continue;
    const [p, q] = periods[0].period.end < periods[1].period.end ? [periods[0], periods[1]] : [periods[1], periods[0]];
    if (p.period.days !== q.period.days && Math.abs(p.period.days - q.period.days) > 1) continue;
    if (years !== undefined) {
      const shifted = shiftYears(q.period, -years);
      if (shifted.end !== p.period.end) continue;
    } else if (previousOf(q.period).end > p.period.end && a.from?.type === 'previous' && !a.from.years) {
      // "than the year before" with periods further apart: not this pair.
      if (previousOf(q.period).end !== p.period.end) continue;
    }
    return { from: p.period, to: q.period, fromText: p.text, toText: q.text, where: side };
  }
  return null;
}
