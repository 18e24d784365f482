import type { OffenceId } from './categories.js';

/** A claim as given: the sentence, with optional fields that say what the sentence leaves out. */
export interface ClaimInput {
  text: string;
  area?: string;
  category?: string;
  period?: string;
  /** Where the claim was read from (a claims file and line), for messages. */
  source?: { file?: string; line?: number };
  /** A sentence of an article: its paragraph number and the sentence as written. */
  inArticle?: boolean;
  paragraph?: number;
  sentence?: string;
}

/**
 * How a figure is qualified. `stated` is the bare figure ("2,339 cases", "six a day"), judged by
 * rounding to the precision it is written with; the others are the vague words of `VAGUE_WORDS`.
 */
export type Qualifier =
  | 'stated'
  | 'about'
  | 'almost'
  | 'just-over'
  | 'more-than'
  | 'at-least'
  | 'less-than'
  | 'at-most';

export interface Figure {
  value: number;
  /** The unit of the last significant digit as written: 1 for "2,339", 0.1 for "6.4", 1,000 for "12,000". */
  precision: number;
  qualifier: Qualifier;
  /** The qualifier as written ("more than"), if any. */
  qualifierText: string | null;
}

/** A period the parser has pinned to exact dates. */
export interface ClaimPeriod {
  start: string;
  end: string;
  days: number;
  label: string;
}

/**
 * A period reference in a claim. `fixed` has dates; `previous` is the period of the same length just
 * before the one it is compared with; `since` runs from a start to the latest data or --as-of;
 * `unresolved` was recognised but cannot be dated (a relative period without --as-of).
 */
export type PeriodRef =
  | {
      type: 'fixed';
      period: ClaimPeriod;
      text: string;
      /**
       * "the year 2015 to 2016": read as the financial year, or as the 12 months ending in the same
       * month as the period it is compared with (July 2015 to June 2016 beside a year ending June).
       */
      yearAcross?: number;
    }
  | { type: 'previous'; text: string; years?: number }
  | { type: 'since'; period: ClaimPeriod; text: string }
  | { type: 'unresolved'; text: string; why: string; missing?: boolean; yearsBefore?: number };

export type RateUnit = 'day' | 'week' | 'month' | 'year';
export type IntervalUnit = 'minute' | 'hour' | 'day' | 'week';
export type Direction = 'rise' | 'fall';

export interface CategoryRef {
  id: OffenceId;
  text: string;
  /** Where the category came from: a word in the claim, the claim's field or --category. */
  from: 'text' | 'field' | 'option' | 'context';
  /** How the category was read, when the working should say so. */
  how?: string;
}

interface AssertionBase {
  /** The part of the claim's text this assertion was read from. */
  text: string;
  /** Where that part is in the claim's text, and where its figure is (a change's word or number). */
  span: { s: number; e: number };
  figureSpan: { s: number; e: number };
  category: CategoryRef | null;
  area: string | null;
  /** How the area was found (an article's context), for the working; set with a null area for all areas. */
  areaHow?: string;
  /** How an article's context completed the figure (its period from the next sentence…), for the working. */
  context?: string[];
}

export interface CountAssertion extends AssertionBase {
  kind: 'count';
  figure: Figure;
  period: PeriodRef | null;
}

export interface RateAssertion extends AssertionBase {
  kind: 'rate';
  figure: Figure;
  unit: RateUnit;
  /** "one every four hours": the figure is the interval (4) in `interval` units, one offence each. */
  interval: IntervalUnit | null;
  /** "3.2 per 1,000 residents": offences in the period per this many residents (`unit` is then unused). */
  residents?: number;
  period: PeriodRef | null;
}

export type ChangeTest =
  | { type: 'direction'; direction: Direction }
  | { type: 'pct'; direction: Direction | null; figure: Figure }
  | { type: 'ratio'; figure: Figure; word: string }
  /** "278 more reports than the year before": the difference of the two counts. */
  | { type: 'difference'; direction: Direction; figure: Figure };

export interface ChangeAssertion extends AssertionBase {
  kind: 'change';
  test: ChangeTest;
  from: PeriodRef | null;
  to: PeriodRef | null;
}

export type Assertion = CountAssertion | RateAssertion | ChangeAssertion;

export interface Recognised {
  what: string;
  text: string;
  meaning: string;
}

/** A stretch of the claim's text the parser read as one thing. */
export interface TokenSpan {
  kind: 'period' | 'category' | 'figure';
  s: number;
  e: number;
}

export interface ParsedClaim {
  input: ClaimInput;
  assertions: Assertion[];
  recognised: Recognised[];
  spans: TokenSpan[];
  /** Why a part of the claim could not be used (shown with an `unparsed` verdict). */
  problems: string[];
}

export type Verdict = 'supported' | 'close' | 'not-supported' | 'cannot-check' | 'unparsed';
export const VERDICTS: Verdict[] = ['supported', 'close', 'not-supported', 'cannot-check', 'unparsed'];
