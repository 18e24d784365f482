import { stripFootnoteMarkers } from './footnotes.js';
import type { MeasureSpec } from './tableSpec.js';

/**
 * Text as words for phrase matching: lower case, '%' as the word "percent", '&' as "and", any other
 * punctuation a space. "Rate per 1,000 population" reads "rate per 1 000 population", so the phrase
 * "per 1,000" (read the same way) is found in it, and "rate" is not found in "Criminal damage".
 */
export function asWords(text: string): string {
  return stripFootnoteMarkers(text)
    .toLowerCase()
    .replace(/%/g, ' percent ')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** True when `phrase` is in `text` as whole words. */
export function hasPhrase(text: string, phrase: string): boolean {
  const words = asWords(phrase);
  return words !== '' && ` ${asWords(text)} `.includes(` ${words} `);
}

export interface MeasureFound {
  measure: MeasureSpec;
  /** The phrase as written in the layout file, and the text it was found in. */
  phrase: string;
  text: string;
}

/**
 * The first measure (in the layout file's order) any of `texts` names, or null. The order matters:
 * "percentage change" is looked for before "percentage", and the count words ("number") last, so a
 * rate table's "Number of offences per 1,000" is a rate.
 */
export function measureNamed(texts: string[], measures: MeasureSpec[], skip?: string): MeasureFound | null {
  for (const measure of measures) {
    if (measure.id === skip) continue;
    for (const phrase of measure.words) {
      const text = texts.find((t) => hasPhrase(t, phrase));
      if (text !== undefined) return { measure, phrase, text };
    }
  }
  return null;
}
