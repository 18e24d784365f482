import { normaliseLabel, readDataJson } from '../core/dataFiles.js';
import { StalkError } from '../core/errors.js';

export type CategoryId =
  | 'stalking'
  | 'harassment'
  | 'malicious-communications'
  | 'coercive-control'
  | 'stalking-and-harassment'
  | 'harassment-wide'
  | 'violence-and-sexual-offences'
  | 'anti-social-behaviour'
  | 'other';

export interface CategoryInfo {
  id: CategoryId;
  label: string;
  codes: string[];
  inSubGroup: boolean;
  /** The register event from which it counts in the sub-group; absent: always. */
  inSubGroupFrom?: string;
  /** The register event from which it has figures of its own. */
  ownCodeFrom?: string;
  /** How the working names it ('stalking (8Q)'); default: its id. */
  inSentence?: string;
  /** Categories it includes (the old Met 'Harassment' includes Home Office harassment). */
  contains?: CategoryId[];
  /** Other names `--category` takes. */
  aliases: string[];
  colour: string;
  description: string;
}

export interface Classification {
  category: CategoryId;
  /** Home Office code within the category (8L or 8M for harassment), when known. */
  subcategory: string | null;
  /** How the label was matched: by code, by label, by a layout-specific rule, or not at all. */
  matchedBy: 'code' | 'label' | 'layout' | 'none';
  warning?: string;
}

interface TaxonomyFile {
  categories: CategoryInfo[];
  codes: { code: string; category: CategoryId; subcategory: string; description: string }[];
  labels: { label: string; category: CategoryId; subcategory?: string }[];
  layoutLabels: { layout: string; label: string; category: CategoryId; warning?: string }[];
  totals: string[];
  lookAlikeWords: string[];
  heldBy?: HeldBy[];
}

/** An offence group that holds the sub-group's offences without separating them. */
export interface HeldBy {
  label: string;
  /** What it holds, in words ("stalking and harassment"). */
  holds: string;
  /** Which files, and why. */
  where: string;
}

export interface Taxonomy {
  categories: CategoryInfo[];
  categoryIds: CategoryId[];
  classify(offence: string, code: string | null, layoutId: string): Classification;
  isTotalsLabel(offence: string, code: string | null): boolean;
  category(id: string): CategoryInfo | undefined;
  /** A category by its id or an alias, written any way ('S&H', 'malicious_comms'); undefined if none. */
  categoryByName(name: string): CategoryId | undefined;
  /** An offence label that matches no category but names one of the sub-group's offences. */
  looksLikeSubGroup(label: string): boolean;
  /** The offence group a label is, when it holds the sub-group's offences without separating them. */
  heldBy(label: string): HeldBy | undefined;
}

/** The sub-group's separate codes, in display order. */
export const SEPARATE_CATEGORIES: CategoryId[] = [
  'stalking',
  'harassment',
  'malicious-communications',
  'coercive-control',
];
/**
 * Categories shown by default: the separate ones, the combined total, the old Met category and
 * police.uk's violence and sexual offences (each shown only where the data have it).
 */
export const DEFAULT_CATEGORIES: CategoryId[] = [
  ...SEPARATE_CATEGORIES,
  'stalking-and-harassment',
  'harassment-wide',
  'violence-and-sexual-offences',
];

export function normaliseCode(code: string): string {
  return code.trim().toUpperCase().replace(/\s+/g, '');
}

function validate(file: TaxonomyFile): void {
  const ids = new Set(file.categories?.map((c) => c.id));
  const bad = (what: string) => {
    throw new StalkError('E_DATA_FILE', `taxonomy.json: ${what}`);
  };
  if (!Array.isArray(file.categories) || file.categories.length === 0) bad('"categories" must be a non-empty list');
  for (const c of file.categories) {
    if (!c.id || !c.label) bad(`a category lacks "id" or "label"`);
    if (!Array.isArray(c.aliases) || typeof c.colour !== 'string')
      bad(`category "${c.id}" lacks "aliases" or "colour"`);
    for (const inner of c.contains ?? [])
      if (!ids.has(inner)) bad(`category "${c.id}" contains unknown category "${inner}"`);
  }
  if (!Array.isArray(file.lookAlikeWords) || file.lookAlikeWords.length === 0)
    bad('"lookAlikeWords" must be a non-empty list');
  for (const c of file.codes ?? [])
    if (!ids.has(c.category)) bad(`code ${c.code} names unknown category "${c.category}"`);
  for (const l of file.labels ?? [])
    if (!ids.has(l.category)) bad(`label "${l.label}" names unknown category "${l.category}"`);
  for (const l of file.layoutLabels ?? [])
    if (!ids.has(l.category)) bad(`layout label "${l.label}" names unknown category "${l.category}"`);
  if (!Array.isArray(file.totals)) bad('"totals" must be a list');
}

/** How category names are compared: 'Stalking & harassment', 'stalking_and_harassment' are one. */
function categoryKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/&/g, ' and ')
    .trim()
    .replace(/[\s_]+/g, '-');
}

let cached: Taxonomy | null = null;

export function loadTaxonomy(): Taxonomy {
  if (cached) return cached;
  const file = readDataJson<TaxonomyFile>('taxonomy.json');
  validate(file);
  const byCode = new Map(file.codes.map((c) => [normaliseCode(c.code), c]));
  const byLabel = new Map(file.labels.map((l) => [normaliseLabel(l.label), l]));
  const byLayoutLabel = new Map(file.layoutLabels.map((l) => [`${l.layout}\u0000${normaliseLabel(l.label)}`, l]));
  const totals = new Set(file.totals.map(normaliseLabel));
  const categories = file.categories;
  const byName = new Map<string, CategoryId>();
  for (const c of categories) for (const name of [c.id, ...c.aliases]) byName.set(categoryKey(name), c.id);
  const holders = new Map((file.heldBy ?? []).map((h) => [normaliseLabel(h.label), h]));
  const lookAlike = new RegExp(file.lookAlikeWords.map((w) => w.replace(/[^a-z]/gi, '')).join('|'), 'i');
  const memo = new Map<string, Classification>();
  const totalsMemo = new Map<string, boolean>();
  const isTotal = (label: string) => {
    let t = totalsMemo.get(label);
    if (t === undefined) totalsMemo.set(label, (t = totals.has(normaliseLabel(label))));
    return t;
  };
  cached = {
    categories,
    categoryIds: categories.map((c) => c.id),
    category: (id) => categories.find((c) => c.id === id),
    categoryByName: (name) => byName.get(categoryKey(name)),
    looksLikeSubGroup: (label) => lookAlike.test(label),
    heldBy: (label) => holders.get(normaliseLabel(label)),
    isTotalsLabel(offence, code) {
      return isTotal(offence) || (code !== null && isTotal(code));
    },
    classify(offence, code, layoutId) {
      const memoKey = `${layoutId}\u0000${offence}\u0000${code ?? ''}`;
      const hit = memo.get(memoKey);
      if (hit) return hit;
      let result: Classification;
      const norm = normaliseLabel(offence);
      const layoutRule = byLayoutLabel.get(`${layoutId}\u0000${norm}`);
      const codeRule = code ? byCode.get(normaliseCode(code)) : undefined;
      const labelRule = byLabel.get(norm);
      if (layoutRule)
        result = { category: layoutRule.category, subcategory: null, matchedBy: 'layout', warning: layoutRule.warning };
      else if (codeRule) result = { category: codeRule.category, subcategory: codeRule.subcategory, matchedBy: 'code' };
      else if (labelRule)
        result = { category: labelRule.category, subcategory: labelRule.subcategory ?? null, matchedBy: 'label' };
      else result = { category: 'other', subcategory: null, matchedBy: 'none' };
      memo.set(memoKey, result);
      return result;
    },
  };
  return cached;
}
