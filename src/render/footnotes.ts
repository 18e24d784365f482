import type { Column, Row } from '../analyses/result.js';

export const NOT_COMPARABLE_MARK = '†';
/** A change on a base under 50 offences (the row's `smallBase`): a few offences move it a lot. */
export const SMALL_BASE_MARK = '*';

/** Stands in a mark for its reason's number until every reason is known. */
const NUMBER_SLOT = /\u0000(\d+)\u0000/g;

/**
 * Not-comparable changes get a mark and a numbered reason under the table, and changes on a small
 * base a mark of their own, so the reader sees them without colour. Rows are marked one at a time,
 * in order; a reason's number is only known once all are (a lone reason is unnumbered), so a mark
 * holds a slot for it that `resolve` fills.
 */
export class FootnoteMarks {
  private readonly reasons: string[] = [];
  private small = false;

  /** The row's mark, with a slot for its reason's number; undefined when it has none. */
  add(r: Row): string | undefined {
    let mark: string | undefined;
    if (r.comparable === false && typeof r.notComparableBecause === 'string') {
      let i = this.reasons.indexOf(r.notComparableBecause);
      if (i < 0) i = this.reasons.push(r.notComparableBecause) - 1;
      mark = `${NOT_COMPARABLE_MARK}\u0000${i}\u0000`;
    }
    if (r.smallBase === true && r.changePct !== null && r.changePct !== undefined) {
      this.small = true;
      mark = `${SMALL_BASE_MARK}${mark ?? ''}`;
    }
    return mark;
  }

  /** `text` with each slot filled: the reason's number, or nothing when there is one reason. */
  resolve(text: string): string {
    return text.replace(NUMBER_SLOT, (_, i: string) => (this.reasons.length > 1 ? String(Number(i) + 1) : ''));
  }

  /** The reasons, numbered, then what the small-base mark means. */
  footnotes(): string[] {
    const numbered = this.reasons.length > 1;
    const out = this.reasons.map((why, i) => `${NOT_COMPARABLE_MARK}${numbered ? i + 1 : ''} not comparable: ${why}`);
    if (this.small)
      out.push(
        `${SMALL_BASE_MARK} small base: fewer than 50 offences the year before, so a few offences move the change a lot`,
      );
    return out;
  }
}

/**
 * Every row's mark and the footnotes, for a table or Markdown (kept apart from the table renderer
 * so Markdown output loads neither cli-table3 nor chalk).
 */
export function comparabilityFootnotes(rows: Row[]): { marks: Map<Row, string>; footnotes: string[] } {
  const marker = new FootnoteMarks();
  const marked: [Row, string][] = [];
  for (const r of rows) {
    const mark = marker.add(r);
    if (mark !== undefined) marked.push([r, mark]);
  }
  return { marks: new Map(marked.map(([r, m]) => [r, marker.resolve(m)])), footnotes: marker.footnotes() };
}

/** The column a not-comparable mark is attached to. */
export function markColumn(cols: Column[]): string | undefined {
  return ['changePct', 'rateRatio', 'change'].find((k) => cols.some((c) => c.key === k));
}
