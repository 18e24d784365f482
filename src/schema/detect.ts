import { StalkError } from '../core/errors.js';
import type { ByteInput } from '../read/byteInput.js';
import {
  type ColumnMap,
  type DetectedLayout,
  firstRowText,
  type HeadRecords,
  headRecords,
  layoutOfRecords,
} from './layouts.js';
import { findTable } from './tables.js';

/**
 * A layout by its header row first (data/layouts.json); failing that, a published table (areas as
 * rows, offence groups as columns, the period in its title), searched for in more rows.
 */

/** Rows searched for a published table: ONS data tables are a few dozen rows. */
export const TABLE_SEARCH_RECORDS = 2000;

/** Why rows hold no layout the tool reads, in words (the first row, or why a table was refused). */
export interface NoLayout {
  ok: false;
  error: StalkError;
  /** What the rows look like, or why their table is not read. */
  reason: string;
  /** A published table was found and refused (rates, populations, no period...). */
  refused: boolean;
}

/** The layout of rows (a CSV file's or a sheet's), or why there is none. */
export function layoutOrTable(head: HeadRecords, map?: ColumnMap): DetectedLayout | NoLayout {
  try {
    return layoutOfRecords(head, map);
  } catch (e) {
    if (!(e instanceof StalkError) || e.code !== 'E_LAYOUT_UNKNOWN' || map) throw e;
    const found = findTable(head.records);
    if (found.ok) {
      const t = found.table;
      const headerLine = t.headerLines[t.headerLines.length - 1];
      const header = head.records.find((r) => r.line === headerLine)?.fields.map((f) => f.trim()) ?? [];
      return {
        id: t.layoutId,
        name: t.layoutName,
        shape: 'wide-groups',
        time: 'title-period',
        headerLine,
        header,
        linesAbove: head.records.filter((r) => r.line < t.headerLines[0]).length,
        columns: { area: t.areaNameColumn },
        areaLevels: [],
        periodColumns: [],
        reason: t.reason,
        encoding: head.encoding,
        bom: head.bom,
        delimiter: head.delimiter,
        table: t,
      };
    }
    const reason =
      found.code === 'no-header'
        ? `no known header or table (first row: ${firstRowText(head.records)})`
        : `${found.reason}${found.line ? ` (line ${found.line})` : ''}`;
    // Offence labels in the rows of a long file can look like a header without an area column: only
    // a table found whole (title, header, areas) and refused for what it holds is reported as one.
    return { ok: false, error: e, reason, refused: found.code !== 'no-header' && found.code !== 'no-area-column' };
  }
}

/**
 * The layout of CSV text: its header among the first rows, else a published table in the first
 * `TABLE_SEARCH_RECORDS`. Unknown: `E_LAYOUT_UNKNOWN`, whose hint says why a table was not read.
 */
export async function detectTextLayout(input: ByteInput, map?: ColumnMap): Promise<DetectedLayout> {
  const first = await headRecords(input);
  const found = layoutOrTable(first, map);
  if (!('ok' in found)) return found;
  const more = first.more ? layoutOrTable(await headRecords(input, TABLE_SEARCH_RECORDS), map) : found;
  if (!('ok' in more)) return more;
  if (!more.refused) throw more.error;
  // A table was found but holds something else: say so rather than list the layouts.
  throw new StalkError('E_LAYOUT_UNKNOWN', `a published table, but not one stalkstats reads: ${more.reason}`, {
    file: input.name,
  });
}
