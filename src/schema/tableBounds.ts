import { stripFootnoteMarkers } from './footnotes.js';
import { cellText, isBlankRecord, isFigureCell, nonEmptyCells, type SheetRecord } from './tableCells.js';
import type { TableColumn } from './tableHeader.js';

/** What a record under a table's header is. */
export type RowKind =
  | 'blank'
  | 'notes' // a source or footnote line ("Source: Police recorded crime, Home Office", "1. Police ...")
  | 'data' // an area name and at least one figure
  | 'unnamed' // figures with no area name
  | 'text'; // no figures: a units row ("Numbers", "% involving a knife"), a heading, a note not numbered

export interface RowShape {
  nameColumn: number;
  columns: TableColumn[];
}

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const notesPatterns = new WeakMap<string[], RegExp>();

/** The start of a source or note line under a table, from the layout's words and note numbering. */
export function notesPattern(notesStart: string[]): RegExp {
  let re = notesPatterns.get(notesStart);
  if (!re) {
    re = buildNotesPattern(notesStart);
    notesPatterns.set(notesStart, re);
  }
  return re;
}

function buildNotesPattern(notesStart: string[]): RegExp {
  return new RegExp(
    [
      `^(?:${notesStart.map(escapeRegExp).join('|')})\\b`, // "Source:", "Notes"
      '|^\\d{1,2}\\s*[.)]\\s', // "1. Police recorded crime data are not designated as National Statistics."
      '|^\\[\\s*note', // "[note 1] ..."
    ].join(''),
    'i',
  );
}

export function rowKind(fields: string[], shape: RowShape, notes: RegExp): RowKind {
  if (isBlankRecord(fields)) return 'blank';
  if (notes.test(nonEmptyCells(fields)[0].text)) return 'notes';
  const named = stripFootnoteMarkers(cellText(fields, shape.nameColumn)) !== '';
  const figures = shape.columns.some((c) => isFigureCell(cellText(fields, c.index)));
  if (named && figures) return 'data';
  return figures ? 'unnamed' : 'text';
}

export interface TableBounds {
  /** Indexes into the records: rows between the header and the first area row (units, blanks). */
  unitsIndexes: number[];
  startIndex: number;
  /** The last area row. */
  endIndex: number;
  /** True when something other than area rows was seen after it (notes, sources); false when the records ran out. */
  endSeen: boolean;
}

/**
 * Where the area rows run. They start at the first row with a name and figures after the header,
 * and end at a source or note line, or at a blank or text row that is not followed by another area
 * row: a blank row between two area rows is kept inside the table, a blank row before the footnotes
 * is its end.
 */
export function tableBounds(
  records: SheetRecord[],
  headerIndex: number,
  shape: RowShape,
  notes: RegExp,
): TableBounds | null {
  const kindAt = (i: number) => rowKind(records[i].fields, shape, notes);
  const unitsIndexes: number[] = [];
  let i = headerIndex + 1;
  for (; i < records.length && kindAt(i) !== 'data'; i++) {
    const kind = kindAt(i);
    if (kind === 'notes') return null;
    if (kind !== 'blank') unitsIndexes.push(i);
  }
  if (i >= records.length) return null;
  const startIndex = i;
  let endIndex = i;
  for (let j = i + 1; j < records.length; j++) {
    const kind = kindAt(j);
    if (kind === 'data') {
      endIndex = j;
      continue;
    }
    if (kind === 'notes') return { unitsIndexes, startIndex, endIndex, endSeen: true };
    let next = j + 1;
    while (next < records.length && kindAt(next) === 'blank') next++;
    if (next >= records.length) return { unitsIndexes, startIndex, endIndex, endSeen: kind !== 'blank' };
    if (kindAt(next) !== 'data') return { unitsIndexes, startIndex, endIndex, endSeen: true };
  }
  return { unitsIndexes, startIndex, endIndex, endSeen: false };
}
