import { measureNamed } from './measures.js';
import { nonEmptyCells, type SheetRecord } from './tableCells.js';
import type { TableSpec } from './tableSpec.js';

export type TableRefusalCode =
  | 'no-header'
  | 'not-counts'
  | 'no-area-column'
  | 'no-data'
  | 'no-period'
  | 'several-periods'
  | 'unsupported-period';

/** Why a sheet holds no table the tool reads; `code` is stable, `reason` is for people. */
export interface TableRefusal {
  ok: false;
  code: TableRefusalCode;
  reason: string;
  title: string | null;
  line: number | null;
  /** 'not-counts' only: the id of the measure the table holds instead ("rate", "population"...). */
  measure?: string;
}

export function refuse(
  code: TableRefusalCode,
  reason: string,
  title: string | null,
  line: number | null,
): TableRefusal {
  return { ok: false, code, reason, title, line };
}

export function quote(text: string, max = 80): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `"${t.length > max ? `${t.slice(0, max - 1)}…` : t}"`;
}

/** The words around `phrase` in a long `text`, so a reason shows where it was found. */
export function around(text: string, phrase: string, reach = 35): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const at = t.toLowerCase().indexOf(phrase.toLowerCase());
  if (t.length <= reach * 2 + phrase.length || at < 0) return quote(t);
  const from = Math.max(0, at - reach);
  const to = Math.min(t.length, at + phrase.length + reach);
  return `"${from > 0 ? '…' : ''}${t.slice(from, to)}${to < t.length ? '…' : ''}"`;
}

/** A refusal when the text of `records` names a measure other than the layout's count measure. */
export function notCounts(records: SheetRecord[], spec: TableSpec, title: string | null): TableRefusal | null {
  const cells = records.flatMap((r) => nonEmptyCells(r.fields).map((c) => ({ text: c.text, line: r.line })));
  const texts = cells.map((c) => c.text);
  const other = measureNamed(texts, spec.measures, spec.countMeasure);
  if (!other) return null;
  const { measure, phrase, text } = other;
  const count = spec.measures.find((m) => m.id === spec.countMeasure)!;
  const reason = `the table holds ${measure.name} ("${phrase}" in ${around(text, phrase)}), not ${count.name}`;
  const line = cells[texts.indexOf(text)].line;
  return { ...refuse('not-counts', reason, title, line), measure: measure.id };
}
