import { layoutNotes } from '../schema/layouts.js';
import { type CategoryId, loadTaxonomy, SEPARATE_CATEGORIES } from '../taxonomy/taxonomy.js';
import { categoriesOf, type LoadedInput } from './types.js';

/**
 * What each source can and cannot say about the chosen categories, in words: a source with only
 * the combined figure cannot be split, and the output must say so rather than print nothing.
 */
export function separabilityNotes(inputs: LoadedInput[], categories: CategoryId[]): string[] {
  const notes: string[] = [];
  const wantSeparate = categories.filter((c) => SEPARATE_CATEGORIES.includes(c));
  for (const i of inputs) {
    const name = i.path.split(/[\\/]/).pop();
    const present = categoriesOf(i);
    // A layout that says what its categories cannot tell (police.uk) has said it in its own notes.
    if (layoutNotes(i.layout.id).length > 0) continue;
    if (i.hasCombined && i.separateCodes.length === 0 && wantSeparate.length > 0) {
      notes.push(
        `${name} has only the combined 'Stalking and harassment' figure: it cannot be separated into ` +
          `${wantSeparate.join(', ')}, so no rows are given for ${wantSeparate.length > 1 ? 'them' : 'it'}`,
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
        `${name} has no stalking, harassment, malicious communications or coercive control figures (no matching ` +
          `offence labels or codes)${heldIn(i)}`,
      );
    }
  }
  return notes;
}

/** Where a file holds the sub-group's offences without separating them, in words (or ''). */
export function heldIn(input: LoadedInput): string {
  const taxonomy = loadTaxonomy();
  for (const l of input.labels) {
    const h = taxonomy.heldBy(l.offence);
    if (h) return `; its '${l.offence}' holds ${h.holds} and cannot be split (${h.where})`;
  }
  return '';
}
