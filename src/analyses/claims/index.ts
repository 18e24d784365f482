import type { Column, Row } from '../result.js';
import type { Verdict } from './types.js';

export type { CheckOutcome } from './evaluate.js';
export { ClaimEvaluator, checkClaims } from './evaluate.js';
// The claims-file reader (and the YAML parser behind it) is imported from './file.js' where needed.
export { countFor } from './lookup.js';
export type { ParseOptions } from './parse.js';
export { parseCategoryField, parseClaim } from './parse.js';
export { labelOf, normaliseText, parsePeriodField } from './periods.js';
export { previousOf } from './shift.js';
export type * from './types.js';
export { VERDICTS } from './types.js';
export { MULTIPLE_SLACK, VAGUE_SLACK, VAGUE_WORDS } from './vague.js';
export type { EvaluateOptions } from './verdict.js';
export { publishedOf } from './working.js';

/**
 * The check rows: the JSON contract's keys in its order (claimNo … working), then the difference
 * and, for a claims file, where the claim was read. The table shows the first few.
 */
export const CHECK_COLUMNS: Column[] = [
  { key: 'claimNo', label: 'No', kind: 'text', inTable: true },
  { key: 'paragraph', label: 'Paragraph', kind: 'int' },
  { key: 'sentence', label: 'Sentence', kind: 'text' },
  { key: 'claim', label: 'Claim', kind: 'text', inTable: true },
  { key: 'verdict', label: 'Verdict', kind: 'text', inTable: true },
  { key: 'published', label: 'Published', kind: 'text', inTable: true },
  { key: 'publishedValue', label: 'Published value', kind: 'number', digits: 4 },
  { key: 'computed', label: 'Computed', kind: 'text', inTable: true },
  { key: 'computedValue', label: 'Computed value', kind: 'number', digits: 4 },
  { key: 'area', label: 'Area', kind: 'text' },
  { key: 'category', label: 'Category', kind: 'text' },
  { key: 'period', label: 'Period', kind: 'text' },
  { key: 'comparable', label: 'Comparable', kind: 'bool' },
  { key: 'notComparableBecause', label: 'Not comparable because', kind: 'text' },
  { key: 'working', label: 'Working', kind: 'text', inTable: true },
  { key: 'difference', label: 'Difference', kind: 'number', digits: 4 },
  { key: 'source', label: 'Source', kind: 'text' },
];

/** Verdicts that fail a run: a claim the data contradict, or (for a claim sentence) one not read. */
export const FAILING: ReadonlySet<Verdict> = new Set<Verdict>(['not-supported', 'unparsed']);

/** Exit 0 only when no claim is contradicted by the data (cannot-check is not a failure). */
export function allPass(rows: Row[]): boolean {
  return !rows.some((r) => FAILING.has(r.verdict as Verdict));
}

/** "5 claims, 7 checks: 4 supported, 1 close, 2 not-supported". */
export function summaryLine(claims: number, rows: Row[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(String(r.verdict), (counts.get(String(r.verdict)) ?? 0) + 1);
  const parts = ['supported', 'close', 'not-supported', 'cannot-check', 'unparsed']
    .filter((v) => counts.has(v))
    .map((v) => `${counts.get(v)} ${v}`);
  const checks = rows.length !== claims ? `, ${rows.length} checks` : '';
  return `${claims} claim${claims === 1 ? '' : 's'}${checks}: ${parts.join(', ')}`;
}
