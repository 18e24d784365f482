import type { AreaIndex } from '../../../series/areas.js';
import type { OffenceId } from '../categories.js';
import type { Assertion } from '../types.js';

/** A paragraph of an article (the headline is paragraph 0), its text as written. */
export interface Block {
  paragraph: number;
  text: string;
  /** The headline or a heading. */
  heading: boolean;
  /** Page metadata (front matter, a saved page's head), read for the title and date only. */
  meta?: boolean;
}

export interface ArticleDoc {
  title: string | null;
  blocks: Block[];
  /** Publication dates a saved page declares in its markup (ISO), first the most trusted. */
  declaredDates: string[];
}

/** One sentence of a block, with where it starts in the block's text. */
export interface Sentence {
  paragraph: number;
  /** Index into ArticleDoc.blocks. */
  block: number;
  /** Counted through the article, from 0. */
  index: number;
  start: number;
  text: string;
  heading: boolean;
}

/** A number in an article that is not a figure of recorded offences, with why. */
export interface Skipped {
  text: string;
  value: number | null;
  paragraph: number;
  reason: string;
  /** Where it is: block index and offsets in the block's text. */
  block: number;
  s: number;
  e: number;
}

/** A published figure and how the article's context completes it. */
export interface ArticleClaim {
  sentence: Sentence;
  /** The readings to judge: one, or two when the text allows two that may disagree. */
  readings: { assertion: Assertion; label: string | null }[];
  /** Offsets of the figure in the block's text. */
  s: number;
  e: number;
  /** Set when the claim is not judged against the data, with the reason (a rate per head…). */
  cannotCheck?: string;
  /** The figure as written, for a claim with no reading. */
  figure?: { text: string; value: number | null };
}

/** What reading an article needs of the data. */
export interface ArticleData {
  areas: AreaIndex;
  /** The data hold every force of England and Wales, so "England and Wales" is their sum. */
  englandAndWales: boolean;
  /** The data have the combined sub-group and no separate harassment figure. */
  onlyCombined: boolean;
  holds(id: OffenceId): boolean;
}

export interface ArticleOptions {
  asOf?: string;
  area?: string;
}
