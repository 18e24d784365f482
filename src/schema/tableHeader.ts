import { normaliseHeader, normaliseLabel } from '../core/dataFiles.js';
import { isAreaCode } from './areaLevels.js';
import { collapseSpaces, stripFootnoteMarkers } from './footnotes.js';
import { cellText, isNumberCell, nonEmptyCells, type SheetRecord } from './tableCells.js';
import type { TableSpec } from './tableSpec.js';

/** One value column of a table, and what it counts. */
export interface TableColumn {
  index: number;
  /** The header cell as written (the sub-group, or the group for a group total), spaces collapsed. */
  column: string;
  /** The offence label, footnote markers removed. */
  offence: string;
  /** The group heading the column sits under, footnote markers removed; null for a group total. */
  group: string | null;
  /** True when the column is a group's own total (a group cell with no sub-group under it). */
  groupTotal: boolean;
  /** The offence of another column of the table that this one is a part of (see offenceParts.ts). */
  partOf: string | null;
}

export interface TableHeader {
  /** Indexes into the records: the group row (null for a one-row header) and the sub-group row. */
  groupIndex: number | null;
  subIndex: number;
  nameColumn: number;
  codeColumn: number | null;
  columns: TableColumn[];
  /** Blank columns between value columns (in header and data alike). */
  spacerColumns: number[];
  /** Columns with numbers under them but no heading: not read. */
  unlabelledColumns: number[];
}

export type HeaderSearch =
  | { ok: true; header: TableHeader }
  | { ok: false; why: 'no-header' | 'no-area-column'; subIndex?: number };

const NOT_TOTAL = { groupTotal: false, partOf: null };
const GROUP_TOTAL = { groupTotal: true, partOf: null };

/** Rows with figures under a header, looked at to find the value and area columns. */
const SAMPLE_ROWS = 12;

function clean(text: string): string {
  return stripFootnoteMarkers(text);
}

/** Distinct known offence labels in a row (a merged group a reader copied across counts once). */
function offenceScore(fields: string[], known: Set<string>): number {
  const labels = fields.filter((f) => f.trim() !== '').map((f) => normaliseLabel(clean(f)));
  return new Set(labels.filter((l) => known.has(l))).size;
}

/**
 * The sub-group row: the row with the most known offence labels (the first of equals), if it has
 * enough, moved down while the row straight below has enough too, since groups sit above their
 * sub-groups ("Victim-based crime" over "Stalking and harassment").
 */
function offenceRow(records: SheetRecord[], spec: TableSpec): number | null {
  const known = new Set(spec.offenceGroups.map((g) => normaliseLabel(clean(g))));
  const last = Math.min(records.length, spec.headerSearchRecords);
  const scores = records.slice(0, last).map((r) => offenceScore(r.fields, known));
  const best = Math.max(0, ...scores);
  if (best < spec.minOffenceColumns) return null;
  let row = scores.indexOf(best);
  const enough = (i: number) => i < last && scores[i] >= spec.minOffenceColumns;
  while (enough(row + 1) && records[row + 1].line === records[row].line + 1) row++;
  return row;
}

/** Rows after the header with two or more numbers: the first rows of figures. */
function sampleRows(records: SheetRecord[], after: number): string[][] {
  const out: string[][] = [];
  for (let i = after + 1; i < records.length && out.length < SAMPLE_ROWS; i++) {
    if (records[i].fields.filter(isNumberCell).length >= 2) out.push(records[i].fields);
  }
  return out;
}

function numericColumns(sample: string[][]): Set<number> {
  const out = new Set<number>();
  for (const fields of sample) fields.forEach((f, i) => isNumberCell(f) && out.add(i));
  return out;
}

function columnNamed(rows: string[][], aliases: string[]): number | null {
  const wanted = new Set(aliases.map(normaliseHeader));
  for (const fields of rows) {
    const i = fields.findIndex((f) => f.trim() !== '' && wanted.has(normaliseHeader(clean(f))));
    if (i >= 0) return i;
  }
  return null;
}

/** The leftmost column that holds `test`-passing text in at least half the sample rows. */
function columnOfMost(sample: string[][], test: (text: string, index: number) => boolean): number | null {
  const width = Math.max(0, ...sample.map((f) => f.length));
  for (let i = 0; i < width; i++) {
    const hits = sample.filter((f) => test(cellText(f, i), i)).length;
    if (sample.length > 0 && hits * 2 >= sample.length) return i;
  }
  return null;
}

interface AreaColumns {
  nameColumn: number | null;
  codeColumn: number | null;
}

/** Area columns by their header words, else by what is under them ("E23000039"; names). */
function areaColumns(
  headerRows: string[][],
  sample: string[][],
  numeric: Set<number>,
  aliases: {
    name: string[];
    code: string[];
  },
): AreaColumns {
  const codeColumn = columnNamed(headerRows, aliases.code) ?? columnOfMost(sample, (t) => isAreaCode(t));
  const nameColumn =
    columnNamed(headerRows, aliases.name) ??
    columnOfMost(sample, (t, i) => i !== codeColumn && !numeric.has(i) && t !== '' && !isNumberCell(t));
  return { nameColumn, codeColumn };
}

/**
 * The row straight above the sub-group row heads groups when it has text over a column of figures
 * or over a labelled column; a title or a "England and Wales" line above the area columns does not.
 */
function isGroupRow(candidate: SheetRecord, sub: SheetRecord, numeric: Set<number>, area: number[]): boolean {
  if (candidate.line !== sub.line - 1) return false;
  return nonEmptyCells(candidate.fields).some(
    ({ index }) => !area.includes(index) && (numeric.has(index) || cellText(sub.fields, index) !== ''),
  );
}

function valueColumns(
  group: string[] | null,
  sub: string[],
  numeric: Set<number>,
  area: number[],
): Pick<TableHeader, 'columns' | 'spacerColumns' | 'unlabelledColumns'> {
  const columns: TableColumn[] = [];
  const blanks: number[] = [];
  const unlabelledColumns: number[] = [];
  const width = Math.max(sub.length, group?.length ?? 0, ...[...numeric].map((i) => i + 1));
  let heading: string | null = null;
  for (let i = 0; i < width; i++) {
    if (area.includes(i)) continue;
    const subText = cellText(sub, i);
    const groupText = group ? cellText(group, i) : '';
    // A merged group cell holds its text in its first column: it heads the columns after it up to
    // the next group or a blank spacer column (Table P1: E4:V4, then spacer W).
    if (groupText) heading = groupText;
    // A reader that copies a merged cell into every cell it covers puts a group total's label in both rows.
    const copiedMerge = subText !== '' && clean(subText) === clean(groupText);
    if (subText && !copiedMerge) {
      const under = heading ? clean(heading) : null;
      columns.push({ index: i, column: collapseSpaces(subText), offence: clean(subText), group: under, ...NOT_TOTAL });
    } else if (groupText) {
      // A group cell with no sub-group under it: the group's own total (Table P1: "Total recorded crime").
      const total = { index: i, column: collapseSpaces(groupText), offence: clean(groupText), group: null };
      columns.push({ ...total, ...GROUP_TOTAL });
    } else if (numeric.has(i)) {
      unlabelledColumns.push(i);
    } else {
      heading = null;
      blanks.push(i);
    }
  }
  const first = columns[0]?.index ?? 0;
  const last = columns[columns.length - 1]?.index ?? 0;
  return { columns, spacerColumns: blanks.filter((i) => i > first && i < last), unlabelledColumns };
}

/** Finds the header rows, the area columns and the value columns of a table. */
export function readHeader(records: SheetRecord[], spec: TableSpec, areaNameHeaders: string[]): HeaderSearch {
  const subIndex = offenceRow(records, spec);
  if (subIndex === null) return { ok: false, why: 'no-header' };
  const sub = records[subIndex];
  const above = subIndex > 0 ? records[subIndex - 1] : null;
  const sample = sampleRows(records, subIndex);
  const numeric = numericColumns(sample);
  const headerRows = above ? [sub.fields, above.fields] : [sub.fields];
  const aliases = { name: areaNameHeaders, code: spec.areaCodeHeaders };
  const { nameColumn, codeColumn } = areaColumns(headerRows, sample, numeric, aliases);
  if (nameColumn === null) return { ok: false, why: 'no-area-column', subIndex };
  const area = codeColumn === null ? [nameColumn] : [nameColumn, codeColumn];
  const groupIndex = above && isGroupRow(above, sub, numeric, area) ? subIndex - 1 : null;
  const group = groupIndex === null ? null : records[groupIndex].fields;
  return {
    ok: true,
    header: { groupIndex, subIndex, nameColumn, codeColumn, ...valueColumns(group, sub.fields, numeric, area) },
  };
}
