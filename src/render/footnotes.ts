import type { Column, Row } from '../analyses/result.js';

export const NOT_COMPARABLE_MARK = '†';

/**
 * Not-comparable changes get a mark and a numbered reason under the table, so the reader sees
 * them without colour. Shared by the table and Markdown renderers (kept apart from the table
 * renderer so Markdown output loads neither cli-table3 nor chalk).
 */
export function comparabilityFootnotes(rows: Row[]): { marks: Map<Row, string>; footnotes: string[] } {
  const reasons: string[] = [];
  const marks = new Map<Row, string>();
  for (const r of rows) {
    if (r.comparable === false && typeof r.notComparableBecause === 'string') {
      let i = reasons.indexOf(r.notComparableBecause);
      if (i < 0) i = reasons.push(r.notComparableBecause) - 1;
      marks.set(r, `${NOT_COMPARABLE_MARK}${reasons.length > 1 || i > 0 ? i + 1 : ''}`);
    }
  }
  // Renumber once all reasons are known so the first reason is †1 when there are several.
  if (reasons.length > 1)
    for (const r of marks.keys())
      marks.set(r, `${NOT_COMPARABLE_MARK}${reasons.indexOf(r.notComparableBecause as string) + 1}`);
  const footnotes = reasons.map(
    (why, i) => `${NOT_COMPARABLE_MARK}${reasons.length > 1 ? i + 1 : ''} not comparable: ${why}`,
  );
  return { marks, footnotes };
}

/** The column a not-comparable mark is attached to. */
export function markColumn(cols: Column[]): string | undefined {
  return ['changePct', 'rateRatio', 'change'].find((k) => cols.some((c) => c.key === k));
}
