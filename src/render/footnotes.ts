import type { Column, Row } from '../analyses/result.js';

export const NOT_COMPARABLE_MARK = '†';
/** A change on a base under 50 offences (the row's `smallBase`): a few offences move it a lot. */
export const SMALL_BASE_MARK = '*';

/**
 * Not-comparable changes get a mark and a numbered reason under the table, and changes on a small
 * base a mark of their own, so the reader sees them without colour. Shared by the table and Markdown
 * renderers (kept apart from the table renderer so Markdown output loads neither cli-table3 nor chalk).
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
  let small = false;
  for (const r of rows) {
    if (r.smallBase !== true || r.changePct === null || r.changePct === undefined) continue;
    small = true;
    marks.set(r, `${SMALL_BASE_MARK}${marks.get(r) ?? ''}`);
  }
  if (small)
    footnotes.push(
      `${SMALL_BASE_MARK} small base: fewer than 50 offences the year before, so a few offences move the change a lot`,
    );
  return { marks, footnotes };
}

/** The column a not-comparable mark is attached to. */
export function markColumn(cols: Column[]): string | undefined {
  return ['changePct', 'rateRatio', 'change'].find((k) => cols.some((c) => c.key === k));
}
