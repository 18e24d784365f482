import { scanCsv, type ScanStats } from './csv.js';

/**
 * Group-and-sum over a long CSV file: the hot path of every long layout. Rows are grouped by the
 * raw text of `keyColumns`; all interpretation (periods, offences, areas) then happens once per
 * distinct key, not once per row.
 */
export interface GroupSpec {
  /** Physical line of the header; records on or before it are not data. */
  headerLine: number;
  /** Number of fields in the header; a data row with a different count is ragged. */
  headerFields: number;
  keyColumns: number[];
  /** Column holding a count; null means every row counts one (record-level files). */
  countColumn: number | null;
  delimiter?: string;
}

export interface Group {
  /** Raw values of the key columns, in `keyColumns` order. */
  key: string[];
  /** Sum of the parsed counts (numeric rows only). */
  sum: number;
  /** Rows whose count parsed as a number (or every row when `countColumn` is null). */
  rows: number;
  /** Of those, rows with a negative count. */
  negativeRows: number;
  firstLine: number;
  /** Rows whose count did not parse, by the raw (trimmed) cell text. */
  unparsed: Map<string, { rows: number; firstLine: number }>;
}

export interface RaggedRows {
  rows: number;
  firstLine: number;
  example: string;
}

export interface GroupResult {
  stats: ScanStats;
  /** Data rows seen after the header. */
  dataRows: number;
  groups: Map<string, Group>;
  /** Rows with fewer or more fields than the header (after ignoring trailing empty cells). */
  ragged: RaggedRows | null;
}

export const KEY_SEPARATOR = '\u0001';

/**
 * Parses a count cell: digits with optional sign, thousands separators and surrounding spaces or
 * quotes already removed by the CSV parser. Returns NaN when the cell is not a plain number.
 */
export function parseCount(cell: string): number {
  const t = cell.trim();
  if (t === '') return Number.NaN;
  if (/^[-+]?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  return Number.NaN;
}

export async function groupRows(path: string, spec: GroupSpec): Promise<GroupResult> {
  const groups = new Map<string, Group>();
  let dataRows = 0;
  let ragged: RaggedRows | null = null;
  const { keyColumns, countColumn, headerLine, headerFields } = spec;
  const stats = await scanCsv(
    path,
    (fields, line) => {
      if (line <= headerLine) return;
      dataRows++;
      let n = fields.length;
      while (n > headerFields && fields[n - 1] === '') n--;
      if (n !== headerFields) {
        if (ragged) ragged.rows++;
        else ragged = { rows: 1, firstLine: line, example: fields.join(',').slice(0, 120) };
        return;
      }
      let k = fields[keyColumns[0]];
      for (let j = 1; j < keyColumns.length; j++) k += KEY_SEPARATOR + fields[keyColumns[j]];
      let g = groups.get(k);
      if (!g) {
        g = { key: keyColumns.map((c) => fields[c]), sum: 0, rows: 0, negativeRows: 0, firstLine: line, unparsed: new Map() };
        groups.set(k, g);
      }
      if (countColumn === null) {
        g.sum += 1;
        g.rows++;
        return;
      }
      const v = parseCount(fields[countColumn]);
      if (Number.isNaN(v)) {
        const raw = fields[countColumn].trim();
        const u = g.unparsed.get(raw);
        if (u) u.rows++;
        else g.unparsed.set(raw, { rows: 1, firstLine: line });
        return;
      }
      g.sum += v;
      g.rows++;
      if (v < 0) g.negativeRows++;
    },
    { delimiter: spec.delimiter },
  );
  return { stats, dataRows, groups, ragged };
}
