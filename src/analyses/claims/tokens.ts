import type { OffenceId } from './categories.js';
import type { ClaimPeriod, Direction, Figure, IntervalUnit, PeriodRef, RateUnit } from './types.js';

/**
 * The tokens a claim's text is scanned into (periods, categories, counts, rates, percentages,
 * multiples, directions and the little words that link them), and the few rules about those little
 * words that both the period reading and the change reading follow.
 */

export type Span = { s: number; e: number };
export type Tok = Span &
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

export type TokOf<K extends Tok['t']> = Extract<Tok, { t: K }>;

/** Prepositions that leave a figure in the period that follows ("2,339 cases in 2017"). */
export const IN_PREPS = new Set(['in', 'during', 'for', 'over', 'across', 'throughout', 'by', 'at', 'within']);
/** Prepositions before what a figure is compared with ("than", "compared with", "versus"). */
export const COMPARISON_PREPS = new Set([
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
export const FIGURE_KINDS = new Set(['count', 'rate', 'pct', 'mult', 'dir']);

/** Words that may stand between a preposition and what it governs ("in the same period"). */
const SKIPPED_BEFORE = /^(the|a|an|same|period|figure|figures|level|number|total)$/;

/** The preposition governing the token at `j`, if one comes just before it. */
export function prepBefore(toks: Tok[], j: number): string | null {
  for (let k = j - 1; k >= 0; k--) {
    const u = toks[k];
    if (u.t === 'prep') return u.word;
    if (u.t === 'word' && SKIPPED_BEFORE.test(u.word)) continue;
    return null;
  }
  return null;
}
