import type { AreaIndex } from '../../../series/areas.js';
import { findOffences, type OffenceId } from '../categories.js';
import { parseClaim } from '../parse.js';
import { normaliseText } from '../periods.js';
import type { Assertion, ClaimPeriod } from '../types.js';
import { findNumerals, type Numeral } from './numerals.js';
import { type AreaMention, findAreas } from './places.js';
import {
  COUNTED_REASONS,
  type Counted,
  countedBy,
  countedNouns,
  DATE_REASON,
  LEFTOVER_REASON,
  otherNounAfter,
  ownNoun,
  PERIOD_REASON,
  skipReason,
} from './skips.js';
import type { Sentence, Skipped } from './types.js';

/**
 * One sentence of an article: its numbers sorted into figures and skipped ones (each with why), and
 * the places, offences and periods it names, for the figures of this and other sentences to take.
 */

export interface SentenceInfo {
  sentence: Sentence;
  areas: AreaMention[];
  categories: { s: number; e: number; id: OffenceId }[];
  /** Explicit fixed periods named in it (not relative ones), in order. */
  periods: { period: ClaimPeriod; text: string }[];
  /** Every fixed period named in it, relative ones ("last year") included. */
  allPeriods: { period: ClaimPeriod; text: string }[];
  /** The period its first figure is for: the period a later figure naming none is read in. */
  main: { period: ClaimPeriod; text: string } | null;
  /** Where each figure's own numbers are ("six" of "MORE than six cases … every day"), for marking. */
  marks: Map<Assertion, { s: number; e: number }>;
  /** Rates per head ("seven per 1,000 people"): figures checked elsewhere (rates), listed as cannot-check. */
  perHead: Numeral[];
  /** The last thing it counts (offences, arrests, victims). */
  counted: Counted | null;
  assertions: Assertion[];
}

/** Period phrases read against the publication date; an explicit period beside them wins. */
export const RELATIVE_TEXT = /\b(?:last|this|past|previous|same\s+period|earlier|ago|before)\b/;

const YEAR_LIKE = /^(?:19|20)\d\d$/;
/** After a number: "offences per 1,000 people", "per 100,000 population". */
const PER_HEAD = new RegExp(
  [
    String.raw`^(?:\s+[a-z'-]+){0,3}?`, // up to three words: "offences", "stalking offences"
    String.raw`\s+per\s+(?:1,000|1000|10,000|100,000|thousand|100k)`, // the base
    String.raw`(?:\s+(?:of\s+the\s+)?(?:people|residents|population|head|inhabitants|women|adults))?`, // of whom
    String.raw`(?![\d,])`, // the whole base, not the start of a longer number
  ].join(''),
);

/** A number with the text around it, as skipReason reads it. */
export function contextOf(text: string, lower: string, n: Numeral) {
  let ts = n.s;
  let te = n.e;
  while (ts > 0 && !/\s/.test(text[ts - 1])) ts--;
  while (te < text.length && !/\s/.test(text[te])) te++;
  return {
    numeral: n,
    lower,
    before: lower.slice(Math.max(0, n.s - 60), n.s),
    after: lower.slice(n.e, n.e + 60),
    token: text.slice(ts, te),
  };
}

/** One sentence: its numbers sorted into figures and skipped ones, its places, offences and periods. */
export function readSentence(
  sentence: Sentence,
  asOf: string | undefined,
  areaIndex: AreaIndex,
  skipped: Skipped[],
  carried: Counted | null,
): SentenceInfo {
  const text = sentence.text;
  const lower = normaliseText(text);
  const categories = findOffences(lower);
  const areas = findAreas(text, areaIndex);
  const numerals = findNumerals(text);
  // An offence named ("stalking and harassment rose by 15pc") is what the sentence counts, as "offences" would be.
  const counted = countedNouns(lower);
  const named = categories
    .filter((c) => !counted.some((x) => x.s < c.e && x.e > c.s))
    .map((c) => ({ s: c.s, e: c.e, kind: 'offences' as const }));
  const nouns = [...counted, ...named].sort((x, y) => x.s - y.s);
  const info: SentenceInfo = {
    sentence,
    areas,
    categories,
    periods: [],
    allPeriods: [],
    main: null,
    marks: new Map(),
    perHead: [],
    // What the next sentence's "This" or "a figure" stands for: the first figure's noun, else the last noun.
    counted: (numerals[0] && ownNoun(lower, numerals[0], nouns)) ?? nouns[nouns.length - 1]?.kind ?? null,
    assertions: [],
  };
  const skip = (n: Numeral, reason: string) =>
    skipped.push({
      text: n.text,
      value: n.value,
      paragraph: sentence.paragraph,
      reason,
      block: sentence.block,
      s: sentence.start + n.s,
      e: sentence.start + n.e,
    });

  const raw = parseClaim({ text, inArticle: true }, { asOf, inArticle: true });
  const periodSpans = raw.spans.filter((t) => t.kind === 'period');
  for (const a of raw.assertions) {
    const refs = a.kind === 'change' ? [a.from, a.to] : [a.period];
    for (const r of refs) {
      if (r?.type !== 'fixed' || !r.text || r.text.startsWith('(')) continue;
      const named = { period: r.period, text: r.text };
      if (!info.allPeriods.some((p) => p.period.start === r.period.start && p.period.end === r.period.end))
        info.allPeriods.push(named);
      if (!info.main && (a.kind !== 'change' || r === a.to)) info.main = named;
      if (a.kind !== 'change' && !RELATIVE_TEXT.test(r.text)) info.periods.push(named);
    }
  }
  if (numerals.length === 0) return info;

  // "seven offences per 1,000 people": a rate per head, which needs populations this check does not use.
  const perHead: Numeral[] = [];
  for (const n of numerals) {
    const m = PER_HEAD.exec(lower.slice(n.e));
    if (!m || n.kind === 'phone' || n.kind === 'time') continue;
    const base = numerals.find((x) => x.s >= n.e + m.index && x.s < n.e + m[0].length);
    if (!base) continue;
    perHead.push(n, base);
    skip(base, 'the base of a rate per head of population');
    info.perHead.push(n);
  }
  const candidates: Numeral[] = [];
  for (const n of numerals) {
    if (perHead.includes(n)) continue;
    const inPeriod = periodSpans.some((p) => n.s >= p.s && n.e <= p.e);
    if (inPeriod) {
      skip(n, YEAR_LIKE.test(n.text) || /(?:st|nd|rd|th)$/.test(n.text) ? DATE_REASON : PERIOD_REASON);
      continue;
    }
    const reason = skipReason(contextOf(text, lower, n));
    const what = reason ? null : countedBy(lower, n, nouns, carried);
    const noun =
      reason || (what !== null && what !== 'offences')
        ? null
        : n.kind === 'digits' || n.kind === 'words'
          ? otherNounAfter(lower.slice(n.e, n.e + 40))
          : null;
    if (reason) skip(n, reason);
    else if (what && what !== 'offences') skip(n, COUNTED_REASONS[what]);
    else if (noun && !categories.some((c) => c.s >= n.e && c.s <= n.e + 30))
      skip(n, `a count of ${noun}, not of these offences`);
    else candidates.push(n);
  }
  if (candidates.length === 0) return info;

  // The sentence again with the skipped numbers blanked out, so the grammar reads only figures.
  const keep = new Set(candidates);
  let masked = '';
  let at = 0;
  for (const n of numerals) {
    masked +=
      text.slice(at, n.s) +
      (keep.has(n) || periodSpans.some((p) => n.s >= p.s && n.e <= p.e) ? n.text : n.text.replace(/\S/g, 'x'));
    at = n.e;
  }
  masked += text.slice(at);
  const parsed = parseClaim({ text: masked, inArticle: true }, { asOf, inArticle: true });

  const used = new Set<Numeral>();
  for (const a of parsed.assertions) {
    const mine = candidates.filter((n) => n.s < a.figureSpan.e && n.e > a.figureSpan.s && !used.has(n));
    if (mine.length === 0) continue;
    for (const n of mine) used.add(n);
    info.assertions.push(a);
    info.marks.set(a, { s: Math.min(...mine.map((n) => n.s)), e: Math.max(...mine.map((n) => n.e)) });
  }
  for (const n of candidates) if (!used.has(n)) skip(n, YEAR_LIKE.test(n.text) ? DATE_REASON : LEFTOVER_REASON);
  return info;
}
