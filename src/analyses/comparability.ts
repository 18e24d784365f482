import { monthYear } from '../core/dates.js';
import type { Period } from '../core/periods.js';
import { codeStart, eventsSeparating, predatesCode } from '../taxonomy/register.js';
import { type CategoryId, loadTaxonomy } from '../taxonomy/taxonomy.js';
import type { Comparability, ComparabilityVerdict } from './trend.js';

/** Why a period's figure for a category is not a real count: it starts before the category's code. */
export function predatesCodeReason(category: CategoryId, period: Period): string | null {
  if (!predatesCode(category, period)) return null;
  const from = codeStart(category)!;
  return (
    `${loadTaxonomy().category(category)?.inSentence ?? category} has figures of its own only from ` +
    `${monthYear(from)}; before that it was counted in another category, ` +
    'so an earlier figure is not a true count'
  );
}

/**
 * Comparability from the register of recording changes: two periods that straddle an event
 * affecting the category are not comparable, and neither is a period before the category had a
 * code of its own.
 */
export const registerComparability: Comparability = (
  earlier: Period,
  later: Period,
  category: CategoryId,
): ComparabilityVerdict => {
  const early = predatesCodeReason(category, earlier);
  if (early) return { comparable: false, because: early };
  const events = eventsSeparating(earlier, later, [category]);
  if (events.length === 0) return { comparable: true, because: null };
  return {
    comparable: false,
    because: events.map((e) => `${e.title} (${e.date}, ${e.id})`).join('; '),
  };
};
