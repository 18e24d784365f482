import type { Figure, Qualifier } from './types.js';

/**
 * The vague words of news copy and what each is taken to mean, as a range the computed figure must
 * fall in. One table, so the help, the working and the tests say the same thing.
 */
export interface VagueWord {
  qualifier: Qualifier;
  words: string[];
  meaning: string;
}

export const VAGUE_WORDS: VagueWord[] = [
  {
    qualifier: 'stated',
    words: [],
    meaning:
      'a bare figure: a count must match exactly (a round figure such as 12,000 to its last non-zero digit); ' +
      'a rate or percentage must round to the figure as written (six a day: 5.5 to under 6.5); ' +
      'a multiple (doubled, tripled, quadrupled, n-fold) must be within 5% of it (doubled: a ratio of 1.9 to 2.1)',
  },
  {
    qualifier: 'almost',
    words: ['almost', 'nearly', 'just under', 'not quite', 'approaching', 'just short of'],
    meaning: 'at least 90% of the figure and below it (almost double: a ratio of 1.8 to under 2.0)',
  },
  {
    qualifier: 'about',
    words: ['about', 'around', 'roughly', 'approximately', 'approx', 'some', 'an estimated', 'close to', 'circa'],
    meaning: 'within 10% either side (about 2,000: 1,800 to 2,200)',
  },
  {
    qualifier: 'just-over',
    words: ['just over', 'just above', 'slightly more than', 'a little over', 'a little more than'],
    meaning: 'above the figure by at most 10% (just over 2,000: above 2,000 up to 2,200)',
  },
  {
    qualifier: 'more-than',
    words: ['more than', 'over', 'above', 'in excess of', 'exceeding', 'upwards of'],
    meaning: 'strictly above the figure (more than six a day: above 6)',
  },
  {
    qualifier: 'at-least',
    words: ['at least', 'no fewer than', 'no less than', 'a minimum of'],
    meaning: 'the figure or above',
  },
  {
    qualifier: 'less-than',
    words: ['less than', 'fewer than', 'under', 'below'],
    meaning: 'strictly below the figure',
  },
  { qualifier: 'at-most', words: ['at most', 'no more than', 'up to', 'a maximum of'], meaning: 'the figure or below' },
];

/** A multiple's bare tolerance: "doubled" is a ratio within 5% of 2. */
export const MULTIPLE_SLACK = 0.05;
/** "almost", "about", "just over": 10% of the figure. */
export const VAGUE_SLACK = 0.1;

/** Longest first, so "more than" wins over "more" and "just over" over "over". */
const QUALIFIER_PHRASES: { phrase: string; qualifier: Qualifier }[] = VAGUE_WORDS.flatMap((v) =>
  v.words.map((phrase) => ({ phrase, qualifier: v.qualifier })),
).sort((a, b) => b.phrase.length - a.phrase.length);

export const QUALIFIER_PATTERN = QUALIFIER_PHRASES.map((q) => q.phrase.replace(/ /g, '\\s+')).join('|');

export function qualifierOf(phrase: string | undefined | null): Qualifier {
  if (!phrase) return 'stated';
  const p = phrase.trim().replace(/\s+/g, ' ').toLowerCase();
  return QUALIFIER_PHRASES.find((q) => q.phrase === p)?.qualifier ?? 'stated';
}

/** A range with open or closed ends; `null` bounds are unbounded. */
export interface Range {
  lo: number | null;
  hi: number | null;
  loOpen: boolean;
  hiOpen: boolean;
}

export function contains(r: Range, x: number): boolean {
  if (r.lo !== null && (r.loOpen ? !(x > r.lo) : !(x >= r.lo))) return false;
  if (r.hi !== null && (r.hiOpen ? !(x < r.hi) : !(x <= r.hi))) return false;
  return true;
}

/** True when some value in [a, b] lies in the range. */
export function overlaps(r: Range, a: number, b: number): boolean {
  if (r.lo !== null && (r.loOpen ? !(b > r.lo) : !(b >= r.lo))) return false;
  if (r.hi !== null && (r.hiOpen ? !(a < r.hi) : !(a <= r.hi))) return false;
  return true;
}

/**
 * The range a computed value must fall in for the figure to be supported. `kind` says how a bare
 * figure is read: a count exactly (a round one to its last non-zero digit), a measurement (rate,
 * percentage, interval) to its written precision, a multiple within MULTIPLE_SLACK.
 */
export function rangeOf(f: Figure, kind: 'count' | 'measure' | 'multiple'): Range {
  const r = rawRangeOf(f, kind);
  return { ...r, lo: clean(r.lo), hi: clean(r.hi) };
}

/** 6.4 − 0.05 is 6.3500000000000005 in binary; a bound must be the 6.35 a reader would write. */
export function clean(x: number | null): number | null {
  return x === null ? null : Number.parseFloat(x.toPrecision(12));
}

function rawRangeOf(f: Figure, kind: 'count' | 'measure' | 'multiple'): Range {
  const x = f.value;
  const closed = (lo: number | null, hi: number | null): Range => ({ lo, hi, loOpen: false, hiOpen: false });
  switch (f.qualifier) {
    case 'stated':
      if (kind === 'multiple') return closed(x * (1 - MULTIPLE_SLACK), x * (1 + MULTIPLE_SLACK));
      if (kind === 'count' && f.precision <= 1) return closed(x, x);
      return { lo: x - f.precision / 2, hi: x + f.precision / 2, loOpen: false, hiOpen: true };
    case 'about':
      return closed(x * (1 - VAGUE_SLACK), x * (1 + VAGUE_SLACK));
    case 'almost':
      return { lo: x * (1 - VAGUE_SLACK), hi: x, loOpen: false, hiOpen: true };
    case 'just-over':
      return { lo: x, hi: x * (1 + VAGUE_SLACK), loOpen: true, hiOpen: false };
    case 'more-than':
      return { lo: x, hi: null, loOpen: true, hiOpen: false };
    case 'at-least':
      return closed(x, null);
    case 'less-than':
      return { lo: null, hi: x, loOpen: false, hiOpen: true };
    case 'at-most':
      return closed(null, x);
  }
}

/** "1.80 to under 2.00", "above 6", "2,339 exactly". */
export function describeRange(r: Range, fmt: (x: number) => string): string {
  if (r.lo !== null && r.hi !== null) {
    if (r.lo === r.hi) return `exactly ${fmt(r.lo)}`;
    if (r.loOpen && r.hiOpen) return `between ${fmt(r.lo)} and ${fmt(r.hi)}, both excluded`;
    if (r.loOpen) return `over ${fmt(r.lo)} up to ${fmt(r.hi)}`;
    return `${fmt(r.lo)} to ${r.hiOpen ? 'under ' : ''}${fmt(r.hi)}`;
  }
  if (r.lo !== null) return `${r.loOpen ? 'above' : 'at least'} ${fmt(r.lo)}`;
  if (r.hi !== null) return `${r.hiOpen ? 'below' : 'at most'} ${fmt(r.hi)}`;
  return 'any value';
}
