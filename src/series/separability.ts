import { layoutNotes } from '../schema/layouts.js';
import { type CategoryId, SEPARATE_CATEGORIES } from '../taxonomy/taxonomy.js';
import type { LoadedInput } from './types.js';

/**
 * What each source can and cannot say about the chosen categories, in words: a source with only
 * the combined figure cannot be split, and the output must say so rather than print nothing.
 */
export function separabilityNotes(inputs: LoadedInput[], categories: CategoryId[]): string[] {
  const notes: string[] = [];
  const wantSeparate = categories.filter((c) => SEPARATE_CATEGORIES.includes(c));
  for (const i of inputs) {
    const name = i.path.split(/[\\/]/).pop();
    const present = new Set(i.observations.map((o) => o.category));
    // A layout that says what its categories cannot tell (police.uk) has said it in its own notes.
    if (layoutNotes(i.layout.id).length > 0) continue;
    if (i.hasCombined && i.separateCodes.length === 0 && wantSeparate.length > 0) {
      notes.push(
        `${name} has only the combined 'Stalking and harassment' figure: it cannot be separated into ${wantSeparate.join(', ')}, so no rows are given for ${wantSeparate.length > 1 ? 'them' : 'it'}`,
      );
    } else if (
      !i.hasCombined &&
      i.separateCodes.length === 0 &&
      present.has('harassment-wide') &&
      categories.some((c) => c !== 'harassment-wide' && c !== 'other')
    ) {
      notes.push(`${name} has no Home Office stalking or harassment categories, only the wider old Met 'Harassment'`);
    } else if (
      !i.hasCombined &&
      i.separateCodes.length === 0 &&
      !present.has('harassment-wide') &&
      categories.some((c) => c !== 'other')
    ) {
      notes.push(
        `${name} has no stalking, harassment, malicious communications or coercive control figures (no matching offence labels or codes)`,
      );
    }
  }
  return notes;
}
