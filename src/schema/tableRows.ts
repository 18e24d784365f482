import { isAreaCode, levelOfCode, levelOfName } from './areaLevels.js';
import { stripFootnoteMarkers } from './footnotes.js';
import { notesPattern, rowKind } from './tableBounds.js';
import { cellText, type SheetRecord } from './tableCells.js';
import type { AreaLevel } from './tableSpec.js';
import type { FoundTable } from './tables.js';

export interface TableCell {
  column: string;
  offence: string;
  group: string | null;
  /** The offence of another cell of the row that this one is a part of: do not add the two. */
  partOf: string | null;
  /** The cell as written, trimmed: a number, a marker standing for one ("..") or blank. */
  raw: string;
}

export interface TableRow {
  line: number;
  area: string;
  areaCode: string | null;
  level: AreaLevel;
  cells: TableCell[];
}

/** Why a record is not an area row; stable wording, so a ledger can count them. */
export const TABLE_SKIPS = {
  above: 'above the table (title, header or units)',
  below: 'below the table (sources and notes)',
  blank: 'blank row',
  notes: 'source or note line',
  unnamed: 'figures without an area name',
  text: 'no figures (a heading or note)',
} as const;

export type TableSkip = (typeof TABLE_SKIPS)[keyof typeof TABLE_SKIPS];

export type TableRowResult = TableRow | { skip: TableSkip; line: number };

/**
 * One record of the sheet as an area row in long form (one cell per value column), or why it is
 * not one. Level comes from the area code's prefix (E23/W15 force, E12 region, E92/W92 country, K04
 * England and Wales); without a code, from the name. The code is what tells the West Midlands force
 * (E23000014) from the West Midlands region (E12000005).
 */
export function tableRows(found: FoundTable, record: SheetRecord): TableRowResult {
  const { fields, line } = record;
  if (line < found.dataStartLine) return { skip: TABLE_SKIPS.above, line };
  if (found.endSeen && line > found.dataEndLine) return { skip: TABLE_SKIPS.below, line };
  const shape = { nameColumn: found.areaNameColumn, columns: found.columns };
  const kind = rowKind(fields, shape, notesPattern(found.spec.notesStart));
  if (kind !== 'data') return { skip: TABLE_SKIPS[kind], line };
  const area = stripFootnoteMarkers(cellText(fields, found.areaNameColumn));
  const codeText = found.areaCodeColumn === null ? '' : cellText(fields, found.areaCodeColumn);
  const areaCode = isAreaCode(codeText) ? codeText.toUpperCase() : null;
  const level = areaCode
    ? levelOfCode(areaCode, found.spec)
    : (found.levelByLine[line] ?? levelOfName(area, found.spec));
  const cells = found.columns.map((c) => ({
    column: c.column,
    offence: c.offence,
    group: c.group,
    partOf: c.partOf,
    raw: cellText(fields, c.index),
  }));
  return { line, area, areaCode, level, cells };
}
