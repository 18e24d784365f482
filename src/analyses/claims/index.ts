import type { Column, Row } from '../result.js';
import type { Verdict } from './types.js';

export type { CheckOutcome, EvaluateOptions } from './evaluate.js';
export { ClaimEvaluator, checkClaims, publishedOf } from './evaluate.js';
// The claims-file reader (and the YAML parser behind it) is imported from './file.js' where needed.
export { countFor } from './lookup.js';
export type { ParseOptions } from './parse.js';
export { parseCategoryField, parseClaim, previousOf } from './parse.js';
export { labelOf, normaliseText, parsePeriodField } from './periods.js';
export type * from './types.js';
export { VERDICTS } from './types.js';
export { MULTIPLE_SLACK, VAGUE_SLACK, VAGUE_WORDS } from './vague.js';

/** The check table: the first eight columns are the JSON contract; the table shows five. */
export const CHECK_COLUMNS: Column[] = [
  { key: 'claim', label: 'Claim', kind: 'text', inTable: true },
  { key: 'verdict', label: 'Verdict', kind: 'text', inTable: true },
  { key: 'published', label: 'Published', kind: 'text', inTable: true },
  { key: 'computed', label: 'Computed', kind: 'text', inTable: true },
  { key: 'working', label: 'Working', kind: 'text', inTable: true },
  { key: 'area', label: 'Area', kind: 'text' },
  { key: 'category', label: 'Category', kind: 'text' },
  { key: 'period', label: 'Period', kind: 'text' },
  { key: 'claimNo', label: 'Claim number', kind: 'text' },
  { key: 'text', label: 'Claim as given', kind: 'text' },
  { key: 'publishedValue', label: 'Published value', kind: 'number', digits: 4 },
  { key: 'computedValue', label: 'Computed value', kind: 'number', digits: 4 },
  { key: 'difference', label: 'Difference', kind: 'number', digits: 4 },
  { key: 'source', label: 'Source', kind: 'text' },
];

/** Verdicts that pass: the exit code is 0 only when every row has one. */
export const PASSING: ReadonlySet<Verdict> = new Set<Verdict>(['supported', 'close']);

export function allPass(rows: Row[]): boolean {
  return rows.every((r) => PASSING.has(r.verdict as Verdict));
}

/** "5 claims, 7 checks: 4 supported, 1 close, 2 not-supported". */
export function summaryLine(claims: number, rows: Row[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(String(r.verdict), (counts.get(String(r.verdict)) ?? 0) + 1);
  const parts = ['supported', 'close', 'not-supported', 'cannot-check', 'unparsed']
    .filter((v) => counts.has(v))
    .map((v) => `${counts.get(v)} ${v}`);
  return `${claims} claim${claims === 1 ? '' : 's'}${rows.length !== claims ? `, ${rows.length} checks` : ''}: ${parts.join(', ')}`;
}
