import { findOffences, OFFENCE_WORDS, type OffenceId } from './categories.js';
import { shiftYears } from './lookup.js';
import { formatFigure, MULTIPLE_WORDS, NUMBER_PATTERN, parseNumber } from './numbers.js';
import { claimPeriod, matchPeriod, normaliseText, parsePeriodField, twelveMonthsBefore } from './periods.js';
import type {
  Assertion,
  CategoryRef,
  ChangeAssertion,
  ClaimInput,
  ClaimPeriod,
  Direction,
  Figure,
  IntervalUnit,
  ParsedClaim,
  PeriodRef,
  RateUnit,
  Recognised,
  TokenSpan,
} from './types.js';
import { MULTIPLE_SLACK, QUALIFIER_PATTERN, qualifierOf } from './vague.js';

/**
 * Claim text → structured claim. Pure: no data, no I/O. The text is scanned once, left to right,
 * into tokens (periods, categories, counts, rates, percentages, multiples, directions and the
 * little words that link them), which are then assembled into assertions: a count in a period,
 * a rate in a period, or a change between two periods. Everything recognised is listed, so a claim
 * that cannot be read says how far the reading got.
 */

type Span = { s: number; e: number };
type Tok = Span &
  (
    | { t: 'period'; ref: PeriodRef }
    | { t: 'span'; a: ClaimPeriod; b: ClaimPeriod; joiner: string; whole?: ClaimPeriod }
    | { t: 'cat'; id: OffenceId }
    | { t: 'count'; figure: Figure }
    | { t: 'rate'; figure: Figure; unit: RateUnit; interval: IntervalUnit | null; residents?: number }
    | { t: 'pct'; figure: Figure; direction: Direction | null }
    | { t: 'mult'; figure: Figure; direction: Direction | null; word: string }
    | { t: 'dir'; direction: Direction }
    | { t: 'prep'; word: string }
    | { t: 'sep' }
    | { t: 'word'; word: string }
  );

const NUM = NUMBER_PATTERN;
const Q = `(?:(${QUALIFIER_PATTERN})\\s+)?`;
const AVG = String.raw`(?:(?:an?\s+)?average\s+(?:of\s+)?|averaging\s+|on\s+average\s+)?`;
const COUNT_NOUN = String.raw`(?:cases?|offen[cs]es?|crimes?|reports?|incidents?|allegations?|complaints?)`;
const RISE = String.raw`rose|risen|rises|rising|rise|increased|increases|increasing|increase|grew|grown|growing|growth|climbed|climbing|climb|jumped|jumping|jump|soared|soaring|surged|surging|surge|went\s+up|gone\s+up|going\s+up`;
const FALL = String.raw`fell|fallen|falls|falling|fall|dropped|dropping|drops|drop|decreased|decreases|decreasing|decrease|declined|declining|declines|decline|dipped|dip|went\s+down|gone\s+down|going\s+down|reduced|reduction`;
const TRAILING_DIR = `(${RISE}|more|higher|up|${FALL}|less|lower|fewer|down)`;
const MULT_WORDS = MULTIPLE_WORDS.map((w) => `(${w.pattern})`).join('|');
const UNIT_WORD = String.raw`(?:day|week|fortnight|month|year)`;

function sticky(source: string): RegExp {
  return new RegExp(source, 'y');
}

const INTERVAL_RE = sticky(
  `${Q}(one|an?|1)((?:,?\\s+[a-z'&-]+){0,16}?)\\s+every\\s+(?:(${NUM})\\s+)?(minutes?|hours?|days?|weeks?)\\b`,
);
const RATE_RE = sticky(
  `${Q}${AVG}(${NUM})((?:\\s+[a-z'&]+){0,14}?)\\s+(?:(?:a|an|per|each|every)\\s+(${UNIT_WORD})|(daily|weekly|monthly|yearly|annually))\\b`,
);
/** "3.2 per 1,000 residents", "a rate of 4.65 offences per 1,000 people": a rate per residents. */
const RESIDENTS_RE = sticky(
  [
    `${Q}(?:a\\s+rate\\s+of\\s+)?(${NUM})`, // the rate, perhaps introduced as one
    "((?:\\s+[a-z'&]+){0,8}?)", // what it counts: "offences", "stalking offences"
    `\\s+per\\s+(${NUM})`, // the residents it is per
    '(?:\\s+(?:residents?|people|persons|inhabitants|population|of\\s+the\\s+population|head\\s+of\\s+population))?\\b',
  ].join(''),
);
/** "a rate of 3.2" with no base: the base is --per's, when given. */
const RATE_OF_RE = sticky(`${Q}a\\s+rate\\s+of\\s+(${NUM})(?!\\s*(?:%|per\\b|a\\b|an\\b|each\\b|every\\b))\\b`);
const PCT_RE = sticky(
  `${Q}(?:(?:an?|by)\\s+)?([+-])?(${NUM})\\s*(?:%|per\\s*cent\\b|percent\\b|pc\\b)(?:\\s+(?:${TRAILING_DIR})\\b)?`,
);
/** "by a third", "by half", "two-thirds": a fraction as a percentage, judged within 5% of itself like a multiple. */
const FRACTION_RE = sticky(
  `${Q}(?:by\\s+)?(a\\s+half|half|a\\s+third|one[\\s-]third|two[\\s-]thirds|a\\s+quarter|one[\\s-]quarter|three[\\s-]quarters|a\\s+fifth|one[\\s-]fifth|a\\s+tenth|one[\\s-]tenth)\\b(?:\\s+(?:${TRAILING_DIR})\\b)?`,
);
const FRACTIONS: Record<string, number> = {
  half: 50,
  third: 100 / 3,
  thirds: 200 / 3,
  quarter: 25,
  quarters: 75,
  fifth: 20,
  tenth: 10,
};
const MULT_RE = sticky(
  `${Q}(?:${MULT_WORDS}|(${NUM})[\\s-]?fold|(${NUM})\\s+times(?!\\s+(?:a|an|per|each|every)\\s+${UNIT_WORD}))\\b(?:\\s+(${RISE}|${FALL}|higher|more|greater|larger|bigger|lower|fewer|smaller))?(?:\\s+(?:as\\s+(?:many|much|high|large)|the\\s+(?:number|figure|level|rate|total|amount)s?|that|those))?\\b`,
);
const COUNT_RE = sticky(`${Q}${AVG}(${NUM})\\b`);
const DIR_RE = sticky(`(${RISE})\\b|(${FALL})\\b|(up)\\b(?!\\s+to\\b)|(down)\\b`);
const PREP_RE = sticky(
  String.raw`(compared\s+(?:with|to)|as\s+against|in\s+comparison\s+(?:with|to)|against|versus|vs\.?|prior\s+to|from|to|between|and|since|than|on|in|of|during|over|for|across|throughout|by|at|within|after|before)\b`,
);
const FILLER_RE = sticky(String.raw`on\s+average\b|in\s+total\b|a\s+total\s+of\b`);
const NUMBER_WORD_RE = new RegExp(`^(?:${NUM})$`);
const DURATION_AFTER = /^[\s-]+(?:months?|years?|weeks?|days?|hours?|minutes?|quarters?|decades?)\b/;
const NOUN_AFTER = new RegExp(`^(?:\\s+[a-z'&]+){0,3}?\\s+${COUNT_NOUN}\\b`);
const YEAR_LIKE = /^(?:19[89]|20[0-4])\d$/;

function findCategories(s: string): (Span & { id: OffenceId })[] {
  return findOffences(s);
}

/** A category named in a claim's `category` field or in --category: an id or the words of a claim. */
export function parseCategoryField(text: string): OffenceId | null {
  const t = normaliseText(String(text)).trim();
  if (OFFENCE_WORDS.some((w) => w.id === t)) return t as OffenceId;
  const aliases: Record<string, OffenceId> = {
    combined: 'stalking-and-harassment',
    's-and-h': 'stalking-and-harassment',
    malicious: 'malicious-communications',
    coercive: 'coercive-control',
  };
  if (aliases[t]) return aliases[t];
  const found = findCategories(t.replace(/-/g, ' '));
  return found.length === 1 && found[0].s === 0 && found[0].e === t.length ? found[0].id : null;
}

function figureOf(numText: string, qualText: string | undefined): Figure | null {
  const n = parseNumber(numText);
  if (!n) return null;
  return {
    value: n.value,
    precision: n.precision,
    qualifier: qualifierOf(qualText),
    qualifierText: qualText ? qualText.replace(/\s+/g, ' ') : null,
  };
}

function atWordStart(s: string, i: number): boolean {
  return i === 0 || !/[a-z0-9]/.test(s[i - 1]);
}

function middleOk(middle: string, forbidLast: string[]): boolean {
  const words = middle.trim() ? middle.trim().split(/\s+/) : [];
  if (
    words.some(
      (w) => NUMBER_WORD_RE.test(w) || ['than', 'from', 'since', 'compared', 'between', 'every', 'per'].includes(w),
    )
  )
    return false;
  const last = words[words.length - 1];
  return !(last && forbidLast.includes(last));
}

function scanFigure(s: string, i: number, per?: number): Tok | null {
  let m: RegExpExecArray | null;
  RESIDENTS_RE.lastIndex = i;
  if ((m = RESIDENTS_RE.exec(s)) && middleOk(m[3], ['in', 'on', 'of', 'for'])) {
    const figure = figureOf(m[2], m[1]);
    const base = parseNumber(m[4]);
    if (figure && base && base.value >= 1) {
      return {
        t: 'rate',
        figure,
        unit: 'year',
        interval: null,
        residents: base.value,
        s: i,
        e: RESIDENTS_RE.lastIndex,
      };
    }
  }
  RATE_OF_RE.lastIndex = i;
  if ((m = RATE_OF_RE.exec(s))) {
    const figure = figureOf(m[2], m[1]);
    // Without --per the rate has no base, and is not a count either: it is read as words.
    if (!per) return { t: 'word', word: m[0], s: i, e: RATE_OF_RE.lastIndex };
    if (figure)
      return { t: 'rate', figure, unit: 'year', interval: null, residents: per, s: i, e: RATE_OF_RE.lastIndex };
  }
  INTERVAL_RE.lastIndex = i;
  if ((m = INTERVAL_RE.exec(s)) && middleOk(m[3], [])) {
    const n = m[4] ? parseNumber(m[4]) : { value: 1, precision: 1 };
    const unit = m[5].replace(/s$/, '') as IntervalUnit;
    if (n && n.value > 0) {
      const figure: Figure = {
        value: n.value,
        precision: n.precision,
        qualifier: qualifierOf(m[1]),
        qualifierText: m[1] ?? null,
      };
      return { t: 'rate', figure, unit: 'day', interval: unit, s: i, e: INTERVAL_RE.lastIndex };
    }
  }
  RATE_RE.lastIndex = i;
  if ((m = RATE_RE.exec(s)) && middleOk(m[3], ['in', 'on', 'of', 'for'])) {
    const figure = figureOf(m[2], m[1]);
    const adverb: Record<string, RateUnit> = {
      daily: 'day',
      weekly: 'week',
      monthly: 'month',
      yearly: 'year',
      annually: 'year',
    };
    const unit = m[4] ? (m[4] === 'fortnight' ? null : (m[4] as RateUnit)) : adverb[m[5]];
    if (figure && unit) return { t: 'rate', figure, unit, interval: null, s: i, e: RATE_RE.lastIndex };
  }
  PCT_RE.lastIndex = i;
  if ((m = PCT_RE.exec(s))) {
    const figure = figureOf(m[3], m[1]);
    if (figure) {
      let direction: Direction | null = m[2] === '+' ? 'rise' : m[2] === '-' ? 'fall' : null;
      if (m[4]) direction = new RegExp(`^(?:${RISE}|more|higher|up)$`).test(m[4]) ? 'rise' : 'fall';
      return { t: 'pct', figure, direction, s: i, e: PCT_RE.lastIndex };
    }
  }
  FRACTION_RE.lastIndex = i;
  if ((m = FRACTION_RE.exec(s))) {
    const words = m[2].split(/[\s-]+/);
    const last = words[words.length - 1];
    const value = last === 'thirds' || last === 'quarters' ? FRACTIONS[last] : FRACTIONS[last];
    if (value !== undefined) {
      const figure: Figure = {
        value,
        precision: value * 2 * MULTIPLE_SLACK,
        qualifier: qualifierOf(m[1]),
        qualifierText: m[1] ?? null,
      };
      const direction: Direction | null = m[3]
        ? new RegExp(`^(?:${RISE}|more|higher|up)$`).test(m[3])
          ? 'rise'
          : 'fall'
        : null;
      return { t: 'pct', figure, direction, s: i, e: FRACTION_RE.lastIndex };
    }
  }
  MULT_RE.lastIndex = i;
  if ((m = MULT_RE.exec(s))) {
    const wordIndex = MULTIPLE_WORDS.findIndex((_, k) => m![2 + k] !== undefined);
    const numText = m[2 + MULTIPLE_WORDS.length] ?? m[3 + MULTIPLE_WORDS.length];
    const n = wordIndex >= 0 ? MULTIPLE_WORDS[wordIndex].n : numText ? (parseNumber(numText)?.value ?? null) : null;
    const trailing = m[4 + MULTIPLE_WORDS.length];
    if (n !== null && n > 0) {
      const fallWords = new RegExp(`^(?:${FALL}|lower|fewer|smaller)$`);
      const direction: Direction | null = trailing ? (fallWords.test(trailing) ? 'fall' : 'rise') : null;
      const word = wordIndex >= 0 ? MULTIPLE_WORDS[wordIndex].word : `${formatFigure(n)}-fold`;
      const figure: Figure = { value: n, precision: 1, qualifier: qualifierOf(m[1]), qualifierText: m[1] ?? null };
      return { t: 'mult', figure, direction, word, s: i, e: MULT_RE.lastIndex };
    }
  }
  COUNT_RE.lastIndex = i;
  if ((m = COUNT_RE.exec(s))) {
    const numText = m[2];
    const after = s.slice(COUNT_RE.lastIndex);
    const isWords = !/\d/.test(numText);
    const yearLike = YEAR_LIKE.test(numText.trim());
    if (DURATION_AFTER.test(after) || /^[/.]\d/.test(after)) return null;
    if ((isWords || yearLike) && !NOUN_AFTER.test(after)) return null;
    const figure = figureOf(numText, m[1]);
    if (figure) return { t: 'count', figure, s: i, e: COUNT_RE.lastIndex };
  }
  return null;
}

function scan(s: string, asOf: string | undefined, per?: number): Tok[] {
  const cats = findCategories(s);
  const catAt = new Map(cats.map((c) => [c.s, c]));
  const toks: Tok[] = cats.map((c) => ({ t: 'cat', id: c.id, s: c.s, e: c.e }));
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s|,|"|'/.test(c)) {
      i++;
      continue;
    }
    if (
      /[;:!?()[\]]/.test(c) ||
      (c === '.' && !/\d/.test(s[i + 1] ?? '')) ||
      (c === '-' && /\s/.test(s[i - 1] ?? ' ') && /\s/.test(s[i + 1] ?? ' '))
    ) {
      toks.push({ t: 'sep', s: i, e: i + 1 });
      i++;
      continue;
    }
    const cat = catAt.get(i);
    if (cat) {
      i = cat.e;
      continue;
    }
    const signed = (c === '+' || c === '-') && /\d/.test(s[i + 1] ?? '');
    if (!signed && !(/[a-z0-9]/.test(c) && atWordStart(s, i))) {
      i++;
      continue;
    }
    const period = signed ? null : matchPeriod(s, i, asOf);
    if (period && !looksLikeCount(s, i, period.end)) {
      if (period.span)
        toks.push({
          t: 'span',
          a: period.span.a,
          b: period.span.b,
          joiner: period.span.joiner,
          whole: period.span.whole,
          s: i,
          e: period.end,
        });
      else if (period.ref) toks.push({ t: 'period', ref: period.ref, s: i, e: period.end });
      i = period.end;
      continue;
    }
    const fig = scanFigure(s, i, per);
    if (fig) {
      toks.push(fig);
      i = fig.e;
      continue;
    }
    let m: RegExpExecArray | null;
    FILLER_RE.lastIndex = i;
    if ((m = FILLER_RE.exec(s))) {
      toks.push({ t: 'word', word: m[0], s: i, e: FILLER_RE.lastIndex });
      i = FILLER_RE.lastIndex;
      continue;
    }
    DIR_RE.lastIndex = i;
    if ((m = DIR_RE.exec(s))) {
      toks.push({ t: 'dir', direction: m[1] || m[3] ? 'rise' : 'fall', s: i, e: DIR_RE.lastIndex });
      i = DIR_RE.lastIndex;
      continue;
    }
    PREP_RE.lastIndex = i;
    if ((m = PREP_RE.exec(s))) {
      toks.push({ t: 'prep', word: m[1].replace(/\s+/g, ' ').replace(/\.$/, ''), s: i, e: PREP_RE.lastIndex });
      i = PREP_RE.lastIndex;
      continue;
    }
    // \u00a3: £, written as an escape so that the bundle stays ASCII (bin/bundle-loader.js).
    const w = /[a-z0-9'&/+%$\u00a3.-]+/y;
    w.lastIndex = i;
    const wm = w.exec(s);
    const end = wm ? w.lastIndex : i + 1;
    toks.push({ t: 'word', word: s.slice(i, end), s: i, e: end });
    i = end;
  }
  return toks.sort((a, b) => a.s - b.s);
}

/** "2017 cases", "2000 a month": a bare year-like number that is a figure, not a period. */
function looksLikeCount(s: string, start: number, end: number): boolean {
  if (!/^\d{4}$/.test(s.slice(start, end))) return false;
  const after = s.slice(end);
  return (
    NOUN_AFTER.test(after) ||
    /^\s*(?:%|per\s*cent|percent|a\s+(?:day|week|month|year)\b|per\b|each\b|every\b|times\b|-?fold\b)/.test(after)
  );
}

const BASE_PREPS = new Set([
  'than',
  'compared with',
  'compared to',
  'as against',
  'in comparison with',
  'in comparison to',
  'against',
  'versus',
  'vs',
  'on',
  'since',
  'of',
]);
const COMPARISON_PREPS = new Set([
  'than',
  'compared with',
  'compared to',
  'as against',
  'in comparison with',
  'in comparison to',
  'against',
  'versus',
  'vs',
]);
const IN_PREPS = new Set(['in', 'during', 'for', 'over', 'across', 'throughout', 'by', 'at', 'within']);
const FIGURE_KINDS = new Set(['count', 'rate', 'pct', 'mult', 'dir']);

interface Owned {
  ref: PeriodRef;
  /** The period or span token this came from, for the part's text. */
  tok: Tok;
}

function spanRef(tok: Extract<Tok, { t: 'span' }>, text: string): PeriodRef {
  return { type: 'fixed', period: tok.whole ?? claimPeriod(tok.a.start, tok.b.end), text };
}

export interface ParseOptions {
  /** ISO date that "last year", "the past 12 months" and claims without a period are read against. */
  asOf?: string;
  /**
   * A sentence of an article: a figure naming no period is left without one (marked `missing`) for
   * the article's context to fill, instead of taking the 12 months before --as-of.
   */
  inArticle?: boolean;
  /** --per: the residents a rate per residents is per when the claim names none ("a rate of 3.2"). */
  per?: number;
}

export function parseClaim(input: ClaimInput, options: ParseOptions = {}): ParsedClaim {
  const original = String(input.text ?? '');
  const s = normaliseText(original);
  const toks = scan(s, options.asOf, options.per);
  const slice = (a: number, b: number) => original.slice(a, b).trim();
  const recognised: Recognised[] = [];
  const problems: string[] = [];

  for (const t of toks) recognised.push(...describeToken(t, slice(t.s, t.e)));

  // 1. Each count or rate owns the period written right after it ("1,213 in 2015") or, failing
  //    that, right before it ("In 2017, 2,339 cases").
  const own = new Map<Tok, Owned>();
  const attachedTo = new Set<Tok>();
  // Figures after "compared with", "than", "against": a base, never the claim's own period.
  const baseFigures = new Set<Tok>();
  toks.forEach((t, k) => {
    if (t.t !== 'count' && t.t !== 'rate') return;
    const before = prepBefore(toks, k);
    if (before && COMPARISON_PREPS.has(before)) baseFigures.add(t);
    for (let j = k + 1; j < toks.length; j++) {
      const u = toks[j];
      if (u.t === 'period' || u.t === 'span') {
        own.set(t, { ref: u.t === 'span' ? spanRef(u, slice(u.s, u.e)) : u.ref, tok: u });
        attachedTo.add(u);
        return;
      }
      if (u.t === 'prep' && !IN_PREPS.has(u.word)) break;
      if (u.t === 'sep' || FIGURE_KINDS.has(u.t)) break;
    }
    for (let j = k - 1; j >= 0; j--) {
      const u = toks[j];
      // "compared with the year before (2,102)": a figure right after "the year before" is its figure.
      const adjacent = u.t === 'period' && u.ref.type === 'previous' && /^\s*[([]?\s*$/.test(s.slice(u.e, t.s));
      if (u.t === 'period' && !attachedTo.has(u) && (u.ref.type !== 'previous' || adjacent)) {
        const p = prepBefore(toks, j);
        if (p === null || IN_PREPS.has(p) || adjacent) {
          own.set(t, { ref: u.ref, tok: u });
          attachedTo.add(u);
        }
        return;
      }
      // "the year before (2,102)": the bracket does not part a figure from its period.
      if (u.t === 'sep' && s[u.s] === '(' && /^\s*$/.test(s.slice(u.e, t.s))) continue;
      if (u.t === 'sep' || FIGURE_KINDS.has(u.t) || u.t === 'span') return;
    }
  });

  // 2. Changes: a percentage, a multiple or a direction word; a direction next to a percentage or a
  //    multiple ("rose by 81%", "rose almost four-fold") is one change.
  const triggers: Tok[] = [];
  const mergedDir = new Map<Tok, Tok>();
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.t === 'pct' || t.t === 'mult') triggers.push(t);
    else if (t.t === 'dir') {
      let j = k + 1;
      while (
        j < toks.length &&
        ((toks[j].t === 'prep' && ['by', 'of'].includes((toks[j] as { word: string }).word)) ||
          (toks[j].t === 'word' && ['an', 'a', 'some'].includes((toks[j] as { word: string }).word)))
      )
        j++;
      const next = toks[j];
      if (next && (next.t === 'pct' || next.t === 'mult')) {
        if (next.direction === null) next.direction = t.direction;
        mergedDir.set(next, t);
      } else triggers.push(t);
    }
  }

  interface ChangeDraft {
    trigger: Tok;
    from: PeriodRef | null;
    to: PeriodRef | null;
    fromFig: Tok | null;
    toFig: Tok | null;
    s: number;
    e: number;
  }
  const drafts: ChangeDraft[] = [];
  for (const trig of triggers) {
    const k = toks.indexOf(trig);
    const d: ChangeDraft = {
      trigger: trig,
      from: null,
      to: null,
      fromFig: null,
      toFig: null,
      s: mergedDir.get(trig)?.s ?? trig.s,
      e: trig.e,
    };
    let pending: 'from' | 'to' | 'base' | 'in' | null = null;
    let lastPrep = '';
    const figureOfBase =
      trig.t === 'mult' &&
      /\b(?:the\s+(?:number|figure|level|rate|total|amount)s?|that|those)$/.test(s.slice(trig.s, trig.e));
    let sinceStart = true;
    for (let j = k + 1; j < toks.length; j++) {
      const u = toks[j];
      if (u.t === 'sep' || triggers.includes(u)) break;
      if (u.t === 'prep') {
        lastPrep = u.word;
        if (u.word === 'from') pending = 'from';
        else if (u.word === 'to') pending = 'to';
        else if (BASE_PREPS.has(u.word)) pending = 'base';
        // "double the figure for 2015": after "the figure", "for 2015" is the base.
        else if (IN_PREPS.has(u.word) && pending === null) pending = figureOfBase ? 'base' : 'in';
        continue;
      }
      // "an increase in possession of offensive weapons with 2,314": words after "of" end its hold.
      if (u.t === 'word' || u.t === 'cat') {
        if (pending === 'base' && lastPrep === 'of') pending = null;
        continue;
      }
      if (u.t === 'span') {
        if (!d.from && !d.to) {
          d.from = { type: 'fixed', period: u.a, text: slice(u.s, u.e) };
          d.to = { type: 'fixed', period: u.b, text: slice(u.s, u.e) };
          d.e = u.e;
        }
        pending = null;
        continue;
      }
      if (u.t === 'period') {
        if (attachedTo.has(u)) {
          d.e = Math.max(d.e, u.e);
          continue;
        }
        const role = pending ?? (trig.t === 'mult' && sinceStart ? 'base' : 'in');
        if (u.ref.type === 'previous' || u.ref.type === 'since' || role === 'from' || role === 'base') {
          if (!d.from) d.from = u.ref;
        } else if (!d.to) d.to = u.ref;
        d.e = Math.max(d.e, u.e);
        pending = null;
        sinceStart = false;
        continue;
      }
      if (u.t === 'count' || u.t === 'rate') {
        if (pending === 'from' || pending === 'base') {
          d.fromFig = u;
          baseFigures.add(u);
        } else if (pending === 'to') d.toFig = u;
        else break;
        d.e = Math.max(d.e, own.get(u)?.tok.e ?? u.e);
        pending = null;
        sinceStart = false;
        continue;
      }
      break;
    }
    if (!d.to) {
      for (let j = k - 1; j >= 0; j--) {
        const u = toks[j];
        if (u.t === 'sep' || FIGURE_KINDS.has(u.t) || u.t === 'span') break;
        if (u.t === 'period' && !attachedTo.has(u) && u.ref.type !== 'previous') {
          const p = prepBefore(toks, j);
          if (p === null || IN_PREPS.has(p)) {
            d.to = u.ref;
            d.s = Math.min(d.s, u.s);
          }
          break;
        }
      }
    }
    if (d.fromFig && !d.from) d.from = own.get(d.fromFig)?.ref ?? null;
    if (d.toFig && !d.to) d.to = own.get(d.toFig)?.ref ?? null;
    drafts.push(d);
  }

  // 3. The claim's own period: its field, else the first figure's own period, else the first period
  //    not used as a base, else the twelve months before --as-of.
  let main: PeriodRef | null = null;
  let mainWhy = '';
  if (input.period !== undefined && input.period !== null && String(input.period).trim() !== '') {
    main = parsePeriodField(String(input.period), options.asOf);
    if (!main)
      problems.push(
        `the period field '${input.period}' is not a period this tool reads (e.g. 2017, 2017/18, the year to March 2018, Oct 2015 to Sep 2016)`,
      );
    else mainWhy = "the claim's period field";
  }
  if (!main) {
    for (const t of toks) {
      if ((t.t === 'count' || t.t === 'rate') && !baseFigures.has(t) && own.get(t)?.ref.type === 'fixed') {
        main = own.get(t)!.ref;
        break;
      }
    }
  }
  if (!main) {
    const usedAsBase = new Set(drafts.flatMap((d) => [d.from]).filter(Boolean));
    for (const t of toks) {
      if (
        t.t === 'period' &&
        t.ref.type === 'fixed' &&
        !usedAsBase.has(t.ref) &&
        ![...own.entries()].some(([f, o]) => o.tok === t && baseFigures.has(f))
      ) {
        main = t.ref;
        break;
      }
    }
  }
  if (!main && options.asOf && !options.inArticle) {
    main = {
      type: 'fixed',
      period: twelveMonthsBefore(options.asOf),
      text: `(no period named: the 12 complete months before --as-of ${options.asOf})`,
    };
    mainWhy = '--as-of';
  }
  void mainWhy;
  const noPeriod: PeriodRef = options.inArticle
    ? { type: 'unresolved', text: '', why: 'no period named', missing: true }
    : {
        type: 'unresolved',
        text: '',
        why: 'no period named: give the claim a period field, name one in the text, or give --as-of DATE',
      };
  const orMain = (r: PeriodRef | null): PeriodRef => {
    if (r && r.type === 'unresolved' && main && /names no particular period/.test(r.why)) return main;
    return r ?? main ?? noPeriod;
  };

  // 4. Categories: the one named nearest each part; a claim that names none uses its field.
  const cats = toks.filter((t): t is Extract<Tok, { t: 'cat' }> => t.t === 'cat');
  let fieldCategory: CategoryRef | null = null;
  if (input.category !== undefined && input.category !== null && String(input.category).trim() !== '') {
    const id = parseCategoryField(String(input.category));
    if (id) fieldCategory = { id, text: String(input.category), from: 'field' };
    else
      problems.push(
        `the category field '${input.category}' names no category (stalking, harassment, malicious communications, coercive control, stalking and harassment)`,
      );
  }
  const categoryFor = (a: number): CategoryRef | null => {
    if (cats.length === 0) return fieldCategory;
    const distinct = new Set(cats.map((c) => c.id));
    let best = cats[0];
    if (distinct.size > 1) {
      const before = cats.filter((c) => c.s <= a);
      best = before.length ? before[before.length - 1] : cats[0];
    }
    return { id: best.id, text: slice(best.s, best.e), from: 'text' };
  };
  const area =
    input.area !== undefined && input.area !== null && String(input.area).trim() !== ''
      ? String(input.area).trim()
      : null;

  const placed: { pos: number; a: Assertion }[] = [];
  for (const t of toks) {
    if (t.t !== 'count' && t.t !== 'rate') continue;
    const o = own.get(t);
    // "rose from 12,853 to 14,530 in the year to March 2025": the figures take the change's periods.
    const inChange = drafts.find((d) => d.fromFig === t || d.toFig === t);
    const changeRef = inChange
      ? inChange.fromFig === t
        ? (inChange.from ?? { type: 'previous', text: '' })
        : inChange.to
      : null;
    let ref: PeriodRef =
      o?.ref ??
      (changeRef?.type === 'previous' && inChange?.to?.type === 'fixed'
        ? { type: 'fixed', period: previousOf(inChange.to.period), text: '' }
        : null) ??
      changeRef ??
      orMain(null);
    if (ref.type === 'unresolved') ref = orMain(ref);
    if (ref.type === 'previous' || ref.type === 'since') ref = sinceOrPrevious(ref, main, options.asOf);
    const e = o && o.tok.s > t.s ? o.tok.e : t.e;
    const text = slice(t.s, e);
    const where = { span: { s: t.s, e }, figureSpan: { s: t.s, e: t.e } };
    if (t.t === 'count')
      placed.push({
        pos: t.s,
        a: { kind: 'count', text, ...where, figure: t.figure, period: ref, category: categoryFor(t.s), area },
      });
    else
      placed.push({
        pos: t.s,
        a: {
          kind: 'rate',
          text,
          ...where,
          figure: t.figure,
          unit: t.unit,
          interval: t.interval,
          ...(t.residents ? { residents: t.residents } : {}),
          period: ref,
          category: categoryFor(t.s),
          area,
        },
      });
  }
  for (const d of drafts) {
    const trig = d.trigger;
    const test: ChangeAssertion['test'] =
      trig.t === 'pct'
        ? { type: 'pct', direction: trig.direction, figure: trig.figure }
        : trig.t === 'mult'
          ? {
              type: 'ratio',
              figure:
                trig.direction === 'fall' && trig.figure.value > 1
                  ? { ...trig.figure, value: 1 / trig.figure.value }
                  : trig.figure,
              word: trig.word,
            }
          : { type: 'direction', direction: (trig as Extract<Tok, { t: 'dir' }>).direction };
    const to = d.to ?? (d.from?.type === 'since' ? main : orMain(null));
    const from = d.from ?? { type: 'previous', text: '' };
    const where = { span: { s: d.s, e: d.e }, figureSpan: { s: trig.s, e: trig.e } };
    placed.push({
      pos: d.s,
      a: { kind: 'change', text: slice(d.s, d.e), ...where, test, from, to, category: categoryFor(d.s), area },
    });
  }
  const assertions = placed.sort((x, y) => x.pos - y.pos).map((x) => x.a);
  if (assertions.length === 0)
    problems.push(
      'no count, rate or change found (e.g. "2,339 cases in 2017", "more than six a day", "an 81 per cent increase", "doubled")',
    );
  const spans: TokenSpan[] = [];
  for (const t of toks) {
    if (t.t === 'period' || t.t === 'span') spans.push({ kind: 'period', s: t.s, e: t.e });
    else if (t.t === 'cat') spans.push({ kind: 'category', s: t.s, e: t.e });
    else if (FIGURE_KINDS.has(t.t) && t.t !== 'dir') spans.push({ kind: 'figure', s: t.s, e: t.e });
  }
  return { input, assertions, recognised, spans, problems };
}

/** A figure's "the year before" or "since 2015" outside a change: dated against the claim's period or --as-of. */
function sinceOrPrevious(ref: PeriodRef, main: PeriodRef | null, asOf: string | undefined): PeriodRef {
  if (ref.type === 'since') {
    if (!asOf) return { type: 'unresolved', text: ref.text, why: `'${ref.text}' runs up to now: give --as-of DATE` };
    const end = twelveMonthsBefore(asOf).end;
    return { type: 'fixed', period: claimPeriod(ref.period.start, end), text: ref.text };
  }
  if (ref.type === 'previous' && main?.type === 'fixed') {
    const p = main.period;
    const prev = ref.years ? shiftYears(p, -ref.years) : previousOf(p);
    return { type: 'fixed', period: prev, text: ref.text };
  }
  return {
    type: 'unresolved',
    text: ref.text,
    why: `'${ref.text}' needs a period to be earlier than`,
    yearsBefore: ref.type === 'previous' ? (ref.years ?? 1) : undefined,
  };
}

/** The period of the same length just before `p` (a year earlier for a 12-month period). */
export function previousOf(p: ClaimPeriod): ClaimPeriod {
  const sy = Number(p.start.slice(0, 4));
  const sm = Number(p.start.slice(5, 7));
  const ey = Number(p.end.slice(0, 4));
  const em = Number(p.end.slice(5, 7));
  const lastDay = new Date(Date.UTC(ey, em, 0)).getUTCDate();
  if (p.start.endsWith('-01') && Number(p.end.slice(8, 10)) === lastDay) {
    const months = (ey - sy) * 12 + (em - sm) + 1;
    const toIndex = (y: number, m: number) => y * 12 + (m - 1);
    const startIdx = toIndex(sy, sm) - months;
    const endIdx = toIndex(sy, sm) - 1;
    const ny = Math.floor(startIdx / 12);
    const nm = (startIdx % 12) + 1;
    const ny2 = Math.floor(endIdx / 12);
    const nm2 = (endIdx % 12) + 1;
    const end = `${ny2}-${String(nm2).padStart(2, '0')}-${String(new Date(Date.UTC(ny2, nm2, 0)).getUTCDate()).padStart(2, '0')}`;
    return claimPeriod(`${ny}-${String(nm).padStart(2, '0')}-01`, end);
  }
  const startMs = Date.UTC(sy, sm - 1, Number(p.start.slice(8, 10)));
  const dayMs = 86_400_000;
  const newEnd = new Date(startMs - dayMs).toISOString().slice(0, 10);
  const newStart = new Date(startMs - p.days * dayMs).toISOString().slice(0, 10);
  return claimPeriod(newStart, newEnd);
}

function prepBefore(toks: Tok[], j: number): string | null {
  for (let k = j - 1; k >= 0; k--) {
    const u = toks[k];
    if (u.t === 'prep') return u.word;
    if (u.t === 'word' && /^(the|a|an|same|period|figure|figures|level|number|total)$/.test(u.word)) continue;
    return null;
  }
  return null;
}

const UNIT_NAMES: Record<string, string> = { day: 'a day', week: 'a week', month: 'a month', year: 'a year' };

export function describeFigure(f: Figure): string {
  return `${f.qualifierText ? `${f.qualifierText} ` : ''}${formatFigure(f.value)}`;
}

function describeRef(r: PeriodRef): string {
  switch (r.type) {
    case 'fixed':
      return `${r.period.label} (${r.period.start} to ${r.period.end}, ${r.period.days} days)`;
    case 'since':
      return `from ${r.period.label} on`;
    case 'previous':
      return 'the period of the same length just before';
    case 'unresolved':
      return `not dated: ${r.why}`;
  }
}

function describeToken(t: Tok, text: string): Recognised[] {
  switch (t.t) {
    case 'period':
      return [{ what: 'period', text, meaning: describeRef(t.ref) }];
    case 'span':
      return [
        { what: 'periods', text, meaning: `${t.a.label} and ${t.b.label} (or the span ${t.a.start} to ${t.b.end})` },
      ];
    case 'cat':
      return [{ what: 'category', text, meaning: t.id }];
    case 'count':
      return [{ what: 'count', text, meaning: describeFigure(t.figure) }];
    case 'rate':
      return [
        {
          what: 'rate',
          text,
          meaning: t.interval
            ? `${t.figure.qualifierText ? `${t.figure.qualifierText} ` : ''}one every ${formatFigure(t.figure.value)} ${t.interval}${t.figure.value === 1 ? '' : 's'}`
            : t.residents
              ? `${describeFigure(t.figure)} per ${formatFigure(t.residents)} residents`
              : `${describeFigure(t.figure)} ${UNIT_NAMES[t.unit]}`,
        },
      ];
    case 'pct':
      return [
        {
          what: 'percentage change',
          text,
          meaning: `${describeFigure(t.figure)}%${t.direction ? ` ${t.direction}` : ''}`,
        },
      ];
    case 'mult':
      return [
        {
          what: 'multiple',
          text,
          meaning: `${t.figure.qualifierText ? `${t.figure.qualifierText} ` : ''}×${formatFigure(t.figure.value)}${t.direction === 'fall' ? ' fall' : ''}`,
        },
      ];
    case 'dir':
      return [{ what: 'direction', text, meaning: t.direction }];
    default:
      return [];
  }
}
