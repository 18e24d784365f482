import type { Sentence } from './types.js';

/** How the working names a place in the article and quotes its words. */

/** "the headline", "paragraph 3". */
export const where = (s: Sentence) => (s.heading && s.paragraph === 0 ? 'the headline' : `paragraph ${s.paragraph}`);

/** The text in quotes, cut to 60 characters. */
export const quote = (t: string) => `'${t.length > 60 ? `${t.slice(0, 57)}…` : t}'`;
