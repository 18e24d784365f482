import type { Period } from '../core/periods.js';
import { isAreaCode, levelsByOrder } from './areaLevels.js';
import { stripFootnoteMarkers } from './footnotes.js';
import { type TableLayoutSpec, tableLayoutSpecs } from './layouts.js';
import { markParts } from './offenceParts.js';
import { notesPattern, tableBounds } from './tableBounds.js';
import { cellText, isBlankRecord, nonEmptyCells, type SheetRecord } from './tableCells.js';
import { readHeader, type TableColumn, type TableHeader } from './tableHeader.js';
import { notCounts, quote, refuse, type TableRefusal } from './tableRefusals.js';
import type { AreaLevel, TableSpec } from './tableSpec.js';
import { type PeriodMention, periodsNamed } from './titlePeriod.js';

export type { SheetRecord } from './tableCells.js';
export type { TableColumn } from './tableHeader.js';
export type { TableRefusal, TableRefusalCode } from './tableRefusals.js';
export { TABLE_SKIPS, type TableCell, type TableRow, type TableRowResult, tableRows } from './tableRows.js';
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

export type TableSearch = { ok: true; table: FoundTable } | TableRefusal;

/** Lines searched for a title when no header is found. */
const TITLE_LINES = 5;

/** The first table layout of layouts.json: the ONS data table. */
export function defaultTableLayout(): TableLayoutSpec {
  return tableLayoutSpecs()[0];
}

function firstText(record: SheetRecord | undefined): string | null {
  return record ? (nonEmptyCells(record.fields)[0]?.text ?? null) : null;
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

interface PeriodFound {
  mention: PeriodMention;
  line: number;
}

/** The distinct periods the lines above the header name. */
function periodsAbove(preamble: SheetRecord[], spec: TableSpec): PeriodFound[] {
  const seen = new Map<string, PeriodFound>();
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

/** The one period of a table, or why there is none. */
function tablePeriod(preamble: SheetRecord[], spec: TableSpec, title: string | null, headerLine: number) {
  const periods = periodsAbove(preamble, spec);
  if (periods.length === 0) {
    const examples = '"year ending March 2018", "April 2017 to March 2018", "2017/18"';
    const reason = `no period is named above the header on line ${headerLine} (such as ${examples})`;
    return refuse('no-period', reason, title, headerLine);
  }
  if (periods.length > 1) {
    const named = periods.map((p) => quote(p.mention.text, 40)).join(', ');
    const reason = `the lines above the header name more than one period: ${named}`;
    return refuse('several-periods', reason, title, periods[1].line);
  }
  const { mention, line } = periods[0];
  if (!mention.period) return refuse('unsupported-period', `${quote(mention.text)}: ${mention.why}`, title, line);
  return { period: mention.period, text: mention.text, line };
}

/** The refusal for a sheet where no header was found: what its title says it holds, or no header. */
function withoutHeader(records: SheetRecord[], layout: TableLayoutSpec, subIndex?: number): TableRefusal {
  const spec = layout.table;
  const lines = leadingLines(records);
  const title = firstText(lines[0]);
  const refusal = notCounts(lines, spec, title);
  if (refusal) return refusal;
  if (subIndex !== undefined) {
    const at = records[subIndex].line;
    const names = (layout.columns.area ?? []).slice(0, 3).join('", "');
    const reason = `the header on line ${at} has offence columns but no area column ("${names}"...)`;
    return refuse('no-area-column', reason, title, at);
  }
  const examples = spec.offenceGroups.slice(0, 3).join('", "');
  const reason =
    `no row among the first ${Math.min(records.length, spec.headerSearchRecords)} has ${spec.minOffenceColumns} ` +
    `or more offence group columns ("${examples}"...) beside an area column`;
  return refuse('no-header', reason, title, lines[0]?.line ?? null);
}

function lineRange(lines: number[]): string {
  return lines.length === 1 ? `line ${lines[0]}` : `lines ${lines[0]}-${lines[lines.length - 1]}`;
}

function uncodedNames(records: SheetRecord[], header: TableHeader, from: number, to: number) {
  const out: { line: number; name: string }[] = [];
  for (const { fields, line } of records.slice(from, to + 1)) {
    if (header.codeColumn !== null && isAreaCode(cellText(fields, header.codeColumn))) continue;
    const name = stripFootnoteMarkers(cellText(fields, header.nameColumn));
    if (name) out.push({ line, name });
  }
  return out;
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
  if (!search.ok) return withoutHeader(records, layout, search.subIndex);
  const header = search.header;
  const top = header.groupIndex ?? header.subIndex;
  const preamble = records.slice(0, top).filter((r) => !isBlankRecord(r.fields));
  const title = firstText(preamble[0]);
  const headerRecords = records.slice(top, header.subIndex + 1);
  const headerLines = headerRecords.map((r) => r.line);
  const bounds = tableBounds(records, header.subIndex, header, notesPattern(spec.notesStart));
  const units = (bounds?.unitsIndexes ?? []).map((i) => records[i]);
  const refusal = notCounts([...preamble, ...headerRecords, ...units], spec, title);
  if (refusal) return refusal;
  if (!bounds) {
    return refuse('no-data', `the header on line ${headerLines[0]} has no area rows under it`, title, headerLines[0]);
  }
  const period = tablePeriod(preamble, spec, title, headerLines[0]);
  if ('ok' in period) return period;

  const dataStartLine = records[bounds.startIndex].line;
  const dataEndLine = records[bounds.endIndex].line;
  const reason =
    `${title ? `${quote(title, 60)}: ` : ''}header on ${lineRange(headerLines)}` +
    `${headerLines.length === 2 ? ' (offence groups, then sub-groups)' : ''}, ` +
    `${header.columns.length} offence columns, areas on lines ${dataStartLine}-${dataEndLine}, ` +
    `period ${quote(period.text, 40)} read as ${period.period.label} (${period.period.start} to ${period.period.end})`;
  return {
    ok: true,
    table: {
      layoutId: layout.id,
      layoutName: layout.name,
      title,
      period: period.period,
      periodText: period.text,
      periodLine: period.line,
      headerLines,
      units: units.map((r) =>
        nonEmptyCells(r.fields)
          .map((c) => c.text)
          .join(' '),
      ),
      measure: spec.measures.find((m) => m.id === spec.countMeasure)!.name,
      areaNameColumn: header.nameColumn,
      areaCodeColumn: header.codeColumn,
      columns: markParts(header.columns, spec.offenceParts),
      spacerColumns: header.spacerColumns,
      unlabelledColumns: header.unlabelledColumns,
      dataStartLine,
      dataEndLine,
      endSeen: bounds.endSeen,
      levelByLine: levelsByOrder(uncodedNames(records, header, bounds.startIndex, bounds.endIndex), spec),
      spec,
      reason,
    },
  };
}
