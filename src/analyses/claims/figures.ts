import { FALL, RISE, RISE_WORD, TRAILING_DIR } from './changeWords.js';
import { formatFigure, MULTIPLE_WORDS, NUMBER_PATTERN, parseNumber } from './numbers.js';
import type { Tok } from './tokens.js';
import type { Direction, Figure, IntervalUnit, RateUnit } from './types.js';
import { MULTIPLE_SLACK, QUALIFIER_PATTERN, qualifierOf } from './vague.js';

/**
 * The figure that starts at a point of a claim's text, if one does, with the qualifier before it
 * ("more than", "almost"): a rate per residents, an interval ("one every four hours"), a rate, a
 * percentage, a fraction, a multiple or a count. Each kind is tried in that order, the first that
 * reads wins.
 */

const NUM = NUMBER_PATTERN;
/** The qualifier before a figure, captured. */
const Q = `(?:(${QUALIFIER_PATTERN})\\s+)?`;
const AVG = String.raw`(?:(?:an?\s+)?average\s+(?:of\s+)?|averaging\s+|on\s+average\s+)?`;
const COUNT_NOUN = String.raw`(?:cases?|offen[cs]es?|crimes?|reports?|incidents?|allegations?|complaints?)`;
const MULT_WORDS = MULTIPLE_WORDS.map((w) => `(${w.pattern})`).join('|');
const UNIT_WORD = String.raw`(?:day|week|fortnight|month|year)`;

function sticky(source: string): RegExp {
  return new RegExp(source, 'y');
}

/** "one stalking offence every four hours". */
const INTERVAL_RE = sticky(
  [
    Q, // 1: the qualifier
    '(one|an?|1)', // 2: the one offence
    "((?:,?\\s+[a-z'&-]+){0,16}?)", // 3: what it is
    '\\s+every\\s+',
    `(?:(${NUM})\\s+)?`, // 4: how many units, if more than one
    '(minutes?|hours?|days?|weeks?)\\b', // 5: the unit
  ].join(''),
);
/** "more than six a day", "an average of 40 offences per week", "1,200 monthly". */
const RATE_RE = sticky(
  [
    Q, // 1: the qualifier
    AVG,
    `(${NUM})`, // 2: the rate
    "((?:\\s+[a-z'&]+){0,14}?)", // 3: what it counts
    '\\s+(?:',
    `(?:a|an|per|each|every)\\s+(${UNIT_WORD})`, // 4: "a day", "per week"
    '|(daily|weekly|monthly|yearly|annually)', // 5: or an adverb
    ')\\b',
  ].join(''),
);
const RESIDENT_WORDS = [
  'residents?',
  'people',
  'persons',
  'inhabitants',
  'population',
  String.raw`of\s+the\s+population`,
  String.raw`head\s+of\s+population`,
].join('|');
/** "3.2 per 1,000 residents", "a rate of 4.65 offences per 1,000 people": a rate per residents. */
const RESIDENTS_RE = sticky(
  [
    `${Q}(?:a\\s+rate\\s+of\\s+)?(${NUM})`, // the rate, perhaps introduced as one
    "((?:\\s+[a-z'&]+){0,8}?)", // what it counts: "offences", "stalking offences"
    `\\s+per\\s+(${NUM})`, // the residents it is per
    `(?:\\s+(?:${RESIDENT_WORDS}))?\\b`,
  ].join(''),
);
/** "a rate of 3.2" with no base: the base is --per's, when given. */
const RATE_OF_RE = sticky(`${Q}a\\s+rate\\s+of\\s+(${NUM})(?!\\s*(?:%|per\\b|a\\b|an\\b|each\\b|every\\b))\\b`);
const PCT_RE = sticky(
  [
    Q, // 1: the qualifier
    '(?:(?:an?|by)\\s+)?',
    '([+-])?', // 2: a sign
    `(${NUM})`, // 3: the percentage
    '\\s*(?:%|per\\s*cent\\b|percent\\b|pc\\b)',
    `(?:\\s+(?:${TRAILING_DIR})\\b)?`, // 4: a direction after it ("81% higher")
  ].join(''),
);
const FRACTION_WORDS = [
  String.raw`a\s+half`,
  'half',
  String.raw`a\s+third`,
  String.raw`one[\s-]third`,
  String.raw`two[\s-]thirds`,
  String.raw`a\s+quarter`,
  String.raw`one[\s-]quarter`,
  String.raw`three[\s-]quarters`,
  String.raw`a\s+fifth`,
  String.raw`one[\s-]fifth`,
  String.raw`a\s+tenth`,
  String.raw`one[\s-]tenth`,
].join('|');
/** "by a third", "by half", "two-thirds": a fraction as a percentage, judged within 5% of itself like a multiple. */
const FRACTION_RE = sticky(
  [
    Q, // 1: the qualifier
    '(?:by\\s+)?',
    `(${FRACTION_WORDS})\\b`, // 2: the fraction
    `(?:\\s+(?:${TRAILING_DIR})\\b)?`, // 3: a direction after it ("a third lower")
  ].join(''),
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
/** "doubled", "almost four-fold", "five times higher than the year before". */
const MULT_RE = sticky(
  [
    Q, // 1: the qualifier
    '(?:',
    MULT_WORDS, // 2 on: a multiple word, one group each
    `|(${NUM})[\\s-]?fold`, // after them: "five-fold"
    `|(${NUM})\\s+times(?!\\s+(?:a|an|per|each|every)\\s+${UNIT_WORD})`, // then "4 times", not "4 times a day"
    ')\\b',
    `(?:\\s+(${RISE}|${FALL}|higher|more|greater|larger|bigger|lower|fewer|smaller))?`, // last: its direction
    '(?:\\s+(?:', // what it multiplies, not captured
    'as\\s+(?:many|much|high|large)',
    '|the\\s+(?:number|figure|level|rate|total|amount)s?',
    '|that|those',
    '))?\\b',
  ].join(''),
);
/** A trailing multiple's direction that is a fall; any other is a rise. */
const MULT_FALL_WORD = new RegExp(`^(?:${FALL}|lower|fewer|smaller)$`);
const COUNT_RE = sticky(`${Q}${AVG}(${NUM})\\b`);
const NUMBER_WORD_RE = new RegExp(`^(?:${NUM})$`);
const DURATION_AFTER = /^[\s-]+(?:months?|years?|weeks?|days?|hours?|minutes?|quarters?|decades?)\b/;
const NOUN_AFTER = new RegExp(`^(?:\\s+[a-z'&]+){0,3}?\\s+${COUNT_NOUN}\\b`);
/** After a number, what makes it a figure: "%", "a day", "per", "times", "-fold". */
const FIGURE_UNIT_AFTER =
  /^\s*(?:%|per\s*cent|percent|a\s+(?:day|week|month|year)\b|per\b|each\b|every\b|times\b|-?fold\b)/;
const YEAR_LIKE = /^(?:19[89]|20[0-4])\d$/;
/** Words that, between a figure and its unit, show the two are not one figure. */
const NOT_IN_MIDDLE = ['than', 'from', 'since', 'compared', 'between', 'every', 'per'];

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

function middleOk(middle: string, forbidLast: string[]): boolean {
  const words = middle.trim() ? middle.trim().split(/\s+/) : [];
  if (words.some((w) => NUMBER_WORD_RE.test(w) || NOT_IN_MIDDLE.includes(w))) return false;
  const last = words[words.length - 1];
  return !(last && forbidLast.includes(last));
}

type FigureReader = (s: string, i: number, per?: number) => Tok | null;

const readResidents: FigureReader = (s, i) => {
  RESIDENTS_RE.lastIndex = i;
  const m = RESIDENTS_RE.exec(s);
  if (!m || !middleOk(m[3], ['in', 'on', 'of', 'for'])) return null;
  const figure = figureOf(m[2], m[1]);
  const base = parseNumber(m[4]);
  if (!(figure && base && base.value >= 1)) return null;
  return { t: 'rate', figure, unit: 'year', interval: null, residents: base.value, s: i, e: RESIDENTS_RE.lastIndex };
};

const readRateOf: FigureReader = (s, i, per) => {
  RATE_OF_RE.lastIndex = i;
  const m = RATE_OF_RE.exec(s);
  if (!m) return null;
  const figure = figureOf(m[2], m[1]);
  // Without --per the rate has no base, and is not a count either: it is read as words.
  if (!per) return { t: 'word', word: m[0], s: i, e: RATE_OF_RE.lastIndex };
  if (!figure) return null;
  return { t: 'rate', figure, unit: 'year', interval: null, residents: per, s: i, e: RATE_OF_RE.lastIndex };
};

const readInterval: FigureReader = (s, i) => {
  INTERVAL_RE.lastIndex = i;
  const m = INTERVAL_RE.exec(s);
  if (!m || !middleOk(m[3], [])) return null;
  const n = m[4] ? parseNumber(m[4]) : { value: 1, precision: 1 };
  const unit = m[5].replace(/s$/, '') as IntervalUnit;
  if (!(n && n.value > 0)) return null;
  const figure: Figure = {
    value: n.value,
    precision: n.precision,
    qualifier: qualifierOf(m[1]),
    qualifierText: m[1] ?? null,
  };
  return { t: 'rate', figure, unit: 'day', interval: unit, s: i, e: INTERVAL_RE.lastIndex };
};

const ADVERB_UNITS: Record<string, RateUnit> = {
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
  yearly: 'year',
  annually: 'year',
};

const readRate: FigureReader = (s, i) => {
  RATE_RE.lastIndex = i;
  const m = RATE_RE.exec(s);
  if (!m || !middleOk(m[3], ['in', 'on', 'of', 'for'])) return null;
  const figure = figureOf(m[2], m[1]);
  const unit = m[4] ? (m[4] === 'fortnight' ? null : (m[4] as RateUnit)) : ADVERB_UNITS[m[5]];
  if (!figure || !unit) return null;
  return { t: 'rate', figure, unit, interval: null, s: i, e: RATE_RE.lastIndex };
};

const readPercentage: FigureReader = (s, i) => {
  PCT_RE.lastIndex = i;
  const m = PCT_RE.exec(s);
  if (!m) return null;
  const figure = figureOf(m[3], m[1]);
  if (!figure) return null;
  let direction: Direction | null = m[2] === '+' ? 'rise' : m[2] === '-' ? 'fall' : null;
  if (m[4]) direction = RISE_WORD.test(m[4]) ? 'rise' : 'fall';
  return { t: 'pct', figure, direction, s: i, e: PCT_RE.lastIndex };
};

const readFraction: FigureReader = (s, i) => {
  FRACTION_RE.lastIndex = i;
  const m = FRACTION_RE.exec(s);
  if (!m) return null;
  const words = m[2].split(/[\s-]+/);
  const value = FRACTIONS[words[words.length - 1]];
  if (value === undefined) return null;
  const figure: Figure = {
    value,
    precision: value * 2 * MULTIPLE_SLACK,
    qualifier: qualifierOf(m[1]),
    qualifierText: m[1] ?? null,
  };
  const direction: Direction | null = m[3] ? (RISE_WORD.test(m[3]) ? 'rise' : 'fall') : null;
  return { t: 'pct', figure, direction, s: i, e: FRACTION_RE.lastIndex };
};

const readMultiple: FigureReader = (s, i) => {
  MULT_RE.lastIndex = i;
  const m = MULT_RE.exec(s);
  if (!m) return null;
  const wordIndex = MULTIPLE_WORDS.findIndex((_, k) => m[2 + k] !== undefined);
  const numText = m[2 + MULTIPLE_WORDS.length] ?? m[3 + MULTIPLE_WORDS.length];
  const n = wordIndex >= 0 ? MULTIPLE_WORDS[wordIndex].n : numText ? (parseNumber(numText)?.value ?? null) : null;
  const trailing = m[4 + MULTIPLE_WORDS.length];
  if (!(n !== null && n > 0)) return null;
  const direction: Direction | null = trailing ? (MULT_FALL_WORD.test(trailing) ? 'fall' : 'rise') : null;
  const word = wordIndex >= 0 ? MULTIPLE_WORDS[wordIndex].word : `${formatFigure(n)}-fold`;
  const figure: Figure = { value: n, precision: 1, qualifier: qualifierOf(m[1]), qualifierText: m[1] ?? null };
  return { t: 'mult', figure, direction, word, s: i, e: MULT_RE.lastIndex };
};

const readCount: FigureReader = (s, i) => {
  COUNT_RE.lastIndex = i;
  const m = COUNT_RE.exec(s);
  if (!m) return null;
  const numText = m[2];
  const after = s.slice(COUNT_RE.lastIndex);
  const isWords = !/\d/.test(numText);
  const yearLike = YEAR_LIKE.test(numText.trim());
  if (DURATION_AFTER.test(after) || /^[/.]\d/.test(after)) return null;
  if ((isWords || yearLike) && !NOUN_AFTER.test(after)) return null;
  const figure = figureOf(numText, m[1]);
  return figure ? { t: 'count', figure, s: i, e: COUNT_RE.lastIndex } : null;
};

/** In the order they are tried: a rate per residents before a rate, a rate before a count. */
const READERS: FigureReader[] = [
  readResidents,
  readRateOf,
  readInterval,
  readRate,
  readPercentage,
  readFraction,
  readMultiple,
  readCount,
];

/** The figure starting at `i`, or null. `per` is --per, the base of "a rate of 3.2". */
export function scanFigure(s: string, i: number, per?: number): Tok | null {
  for (const read of READERS) {
    const tok = read(s, i, per);
    if (tok) return tok;
  }
  return null;
}

/** "2017 cases", "2000 a month": a bare year-like number that is a figure, not a period. */
export function looksLikeCount(s: string, start: number, end: number): boolean {
  if (!/^\d{4}$/.test(s.slice(start, end))) return false;
  const after = s.slice(end);
  return NOUN_AFTER.test(after) || FIGURE_UNIT_AFTER.test(after);
}
