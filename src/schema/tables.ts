import type { Period } from '../core/periods.js';
import { isAreaCode, levelOfCode, levelOfName } from './areaLevels.js';
import { stripFootnoteMarkers } from './footnotes.js';
import { type TableLayoutSpec, tableLayoutSpecs } from './layouts.js';
import { measureNamed } from './measures.js';
import { notesPattern, rowKind, tableBounds } from './tableBounds.js';
import { cellText, isBlankRecord, nonEmptyCells, type SheetRecord } from './tableCells.js';
import { readHeader, type TableColumn, type TableHeader } from './tableHeader.js';
import type { AreaLevel, TableSpec } from './tableSpec.js';
import { type PeriodMention, periodsNamed } from './titlePeriod.js';

export type { SheetRecord } from './tableCells.js';
export type { TableColumn } from './tableHeader.js';
export type { AreaLevel } from './tableSpec.js';

/**
 * A published table found in a sheet (workbook rows or the sheet saved as CSV): areas as rows,
 * offences as columns, one period named above the header. Lines are the records' own numbers.
 */
export interface FoundTable {
  layoutId: string;
  layoutName: string;
  /** The first line above the header, as written ("Table P1: Police recorded crime by ..."). */
  title: string | null;
  period: Period;
  /** The words the period was read from, as written, and their line. */
  periodText: string;
  periodLine: number;
  /** One line (a one-row header) or two (offence groups, then sub-groups). */
  headerLines: number[];
  /** Lines between the header and the first area row, as text ("Numbers"). */
  units: string[];
  /** What the figures are (the layout's count measure). */
  measure: string;
  areaNameColumn: number;
  areaCodeColumn: number | null;
  columns: TableColumn[];
  spacerColumns: number[];
  unlabelledColumns: number[];
  dataStartLine: number;
  /** The last area row among the records searched. */
  dataEndLine: number;
  /** False when the records searched ran out inside the table (later records are read row by row). */
  endSeen: boolean;
  /** Rows whose level the table's order decides (a region name seen a second time is the force). */
  levelByLine: Record<number, AreaLevel>;
  spec: TableSpec;
  /** Why this is the table, in words. */
  reason: string;
}

export type TableRefusalCode =
  | 'no-header'
  | 'not-counts'
  | 'no-area-column'
  | 'no-data'
  | 'no-period'
  | 'several-periods'
  | 'unsupported-period';

export interface TableRefusal {
  ok: false;
  code: TableRefusalCode;
  reason: string;
  title: string | null;
  line: number | null;
}

export type TableSearch = { ok: true; table: FoundTable } | TableRefusal;

export interface TableCell {
  column: string;
  offence: string;
  group: string | null;
  /** The cell as written, trimmed: a number, a suppression marker or blank. */
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

export type TableRowResult = TableRow | { skip: (typeof TABLE_SKIPS)[keyof typeof TABLE_SKIPS]; line: number };

/** Lines searched for a title when no header is found. */
const TITLE_LINES = 5;

export function defaultTableLayout(): TableLayoutSpec {
  return tableLayoutSpecs()[0];
}

function firstText(record: SheetRecord | undefined): string | null {
  return record ? (nonEmptyCells(record.fields)[0]?.text ?? null) : null;
}

function refuse(code: TableRefusalCode, reason: string, title: string | null, line: number | null): TableRefusal {
  return { ok: false, code, reason, title, line };
}

function quote(text: string, max = 80): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `"${t.length > max ? `${t.slice(0, max - 1)}…` : t}"`;
}

/** The title lines of a sheet whose header was not found: its first lines, up to the first row of several cells. */
function leadingLines(records: SheetRecord[]): SheetRecord[] {
  const out: SheetRecord[] = [];
  for (const r of records) {
    if (isBlankRecord(r.fields)) continue;
    if (out.length >= TITLE_LINES || nonEmptyCells(r.fields).length > 1) break;
    out.push(r);
  }
  return out;
}

interface PlacedText {
  text: string;
  line: number;
}

function cellsOf(records: SheetRecord[]): PlacedText[] {
  return records.flatMap((r) => nonEmptyCells(r.fields).map((c) => ({ text: c.text, line: r.line })));
}

/** A refusal when the words above or in the header name a measure other than counts. */
function notCounts(cells: PlacedText[], spec: TableSpec, title: string | null): TableRefusal | null {
  const other = measureNamed(
    cells.map((c) => c.text),
    spec.measures,
    spec.countMeasure,
  );
  if (!other) return null;
  const { measure, phrase, text } = other;
  const count = spec.measures.find((m) => m.id === spec.countMeasure)!;
  const reason = `the table holds ${measure.name} ("${phrase}" in ${around(text, phrase)}), not ${count.name}`;
  return refuse('not-counts', reason, title, cells.find((c) => c.text === text)!.line);
}

function onePeriod(preamble: SheetRecord[], spec: TableSpec): { mention: PeriodMention; line: number }[] {
  const seen = new Map<string, { mention: PeriodMention; line: number }>();
  for (const r of preamble) {
    for (const { text } of nonEmptyCells(r.fields)) {
      for (const mention of periodsNamed(text, spec.periodWords)) {
        const key = mention.period?.key ?? `unread:${mention.text}`;
        if (!seen.has(key)) seen.set(key, { mention, line: r.line });
      }
    }
  }
  return [...seen.values()];
}

function levelOverrides(records: SheetRecord[], header: TableHeader, from: number, to: number, spec: TableSpec) {
  const out: Record<number, AreaLevel> = {};
  const regionsSeen = new Set<string>();
  for (let i = from; i <= to; i++) {
    const { fields, line } = records[i];
    if (header.codeColumn !== null && isAreaCode(cellText(fields, header.codeColumn))) continue;
    const name = stripFootnoteMarkers(cellText(fields, header.nameColumn));
    if (!name || levelOfName(name, spec) !== 'region') continue;
    // ONS lists a region's total before its forces: without codes, the second "West Midlands" is the force.
    const key = name.toLowerCase();
    if (regionsSeen.has(key)) out[line] = 'force';
    regionsSeen.add(key);
  }
  return out;
}

/** The words around `phrase` in a long `text`, so a reason shows where it was found. */
function around(text: string, phrase: string, reach = 35): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const at = t.toLowerCase().indexOf(phrase.toLowerCase());
  if (t.length <= reach * 2 + phrase.length || at < 0) return quote(t);
  const from = Math.max(0, at - reach);
  const to = Math.min(t.length, at + phrase.length + reach);
  return `"${from > 0 ? '…' : ''}${t.slice(from, to)}${to < t.length ? '…' : ''}"`;
}

function lineRange(lines: number[]): string {
  return lines.length === 1 ? `line ${lines[0]}` : `lines ${lines[0]}-${lines[lines.length - 1]}`;
}

/**
 * Finds the table in a sheet's first records (pass the whole sheet where it is small, as ONS data
 * tables are): the period named above the header, the header rows, the area and value columns, and
 * where the area rows start and end. Tables that do not hold numbers of offences for one period
 * are refused with a reason (rates, percentages, populations, several periods, no period).
 */
export function findTable(records: SheetRecord[], layout: TableLayoutSpec = defaultTableLayout()): TableSearch {
  const spec = layout.table;
  const search = readHeader(records, spec, layout.columns.area ?? []);
  if (!search.ok) {
    const lines = leadingLines(records);
    const title = firstText(lines[0]);
    const line = lines[0]?.line ?? null;
    const refusal = notCounts(cellsOf(lines), spec, title);
    if (refusal) return refusal;
    if (search.why === 'no-area-column') {
      const at = records[search.subIndex!].line;
      const names = (layout.columns.area ?? []).slice(0, 3).join('", "');
      return refuse('no-area-column', `the header on line ${at} has offence columns but no area column ("${names}"...)`, title, at);
    }
    const examples = spec.offenceGroups.slice(0, 3).join('", "');
    const reason =
      `no row among the first ${Math.min(records.length, spec.headerSearchRecords)} has ${spec.minOffenceColumns} ` +
      `or more offence group columns ("${examples}"...) beside an area column`;
    return refuse('no-header', reason, title, line);
  }
  const header = search.header;
  const top = header.groupIndex ?? header.subIndex;
  const preamble = records.slice(0, top).filter((r) => !isBlankRecord(r.fields));
  const title = firstText(preamble[0]);
  const headerLine = records[top].line;
  const notes = notesPattern(spec.notesStart);
  const bounds = tableBounds(records, header.subIndex, header, notes);
  const headerRecords = records.slice(top, header.subIndex + 1);
  const units = (bounds?.unitsIndexes ?? []).map((i) => records[i]);
  const refusal = notCounts(cellsOf([...preamble, ...headerRecords, ...units]), spec, title);
  if (refusal) return refusal;
  if (!bounds) return refuse('no-data', `the header on line ${headerLine} has no area rows under it`, title, headerLine);

  const periods = onePeriod(preamble, spec);
  if (periods.length === 0) {
    const reason = `no period is named above the header on line ${headerLine} (such as "year ending March 2018", "2017/18")`;
    return refuse('no-period', reason, title, headerLine);
  }
  if (periods.length > 1) {
    const named = periods.map((p) => quote(p.mention.text, 40)).join(', ');
    return refuse('several-periods', `the lines above the header name more than one period: ${named}`, title, periods[1].line);
  }
  const { mention, line: periodLine } = periods[0];
  if (!mention.period) return refuse('unsupported-period', `${quote(mention.text)}: ${mention.why}`, title, periodLine);

  const headerLines = headerRecords.map((r) => r.line);
  const dataStartLine = records[bounds.startIndex].line;
  const dataEndLine = records[bounds.endIndex].line;
  const reason =
    `${title ? `${quote(title, 60)}: ` : ''}header on ${lineRange(headerLines)}` +
    `${headerLines.length === 2 ? ' (offence groups, then sub-groups)' : ''}, ${header.columns.length} offence columns, ` +
    `areas on lines ${dataStartLine}-${dataEndLine}, period ${quote(mention.text, 40)} read as ${mention.period.label} ` +
    `(${mention.period.start} to ${mention.period.end})`;
  return {
    ok: true,
    table: {
      layoutId: layout.id,
      layoutName: layout.name,
      title,
      period: mention.period,
      periodText: mention.text,
      periodLine,
      headerLines,
      units: units.map((r) => nonEmptyCells(r.fields).map((c) => c.text).join(' ')),
      measure: spec.measures.find((m) => m.id === spec.countMeasure)!.name,
      areaNameColumn: header.nameColumn,
      areaCodeColumn: header.codeColumn,
      columns: header.columns,
      spacerColumns: header.spacerColumns,
      unlabelledColumns: header.unlabelledColumns,
      dataStartLine,
      dataEndLine,
      endSeen: bounds.endSeen,
      levelByLine: levelOverrides(records, header, bounds.startIndex, bounds.endIndex, spec),
      spec,
      reason,
    },
  };
}

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
  const kind = rowKind(fields, { nameColumn: found.areaNameColumn, columns: found.columns }, notesPattern(found.spec.notesStart));
  if (kind !== 'data') return { skip: TABLE_SKIPS[kind], line };
  const area = stripFootnoteMarkers(cellText(fields, found.areaNameColumn));
  const codeText = found.areaCodeColumn === null ? '' : cellText(fields, found.areaCodeColumn);
  const areaCode = isAreaCode(codeText) ? codeText.toUpperCase() : null;
  const level = areaCode ? levelOfCode(areaCode, found.spec) : (found.levelByLine[line] ?? levelOfName(area, found.spec));
  const cells = found.columns.map((c) => ({ column: c.column, offence: c.offence, group: c.group, raw: cellText(fields, c.index) }));
  return { line, area, areaCode, level, cells };
}
