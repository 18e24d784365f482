/**
 * Every analysis returns one shape; every renderer (table, JSON, CSV, Markdown, chart) takes it.
 */
export type ColumnKind = 'text' | 'int' | 'number' | 'pct' | 'date' | 'bool' | 'ratio';

export interface Column {
  key: string;
  label: string;
  kind: ColumnKind;
  /** Decimal places for numbers in text formats. */
  digits?: number;
  /** Shown in the terminal table (JSON and CSV always carry every column). */
  inTable?: boolean;
  /** Left out of a terminal table too narrow for every column (JSON and CSV still carry it). */
  optional?: boolean;
}

export type Cell = string | number | boolean | null | Record<string, unknown>;
export type Row = Record<string, Cell>;

export interface InputSummary {
  path: string;
  layout: string;
  rows: number;
  encoding?: string;
  /** A file of an input read from several (a folder, an archive): that input's name. */
  partOf?: string;
}

export interface ExcludedSummary {
  file?: string;
  reason: string;
  rows: number;
  offences?: number;
  example: string;
  line?: number;
}

export interface Reconciliation {
  rowsRead: number;
  rowsUsed: number;
  excluded: ExcludedSummary[];
  cellsExcluded?: ExcludedSummary[];
  offencesUsed?: number;
  negativeRows?: number;
}

export interface Result {
  command: string;
  title: string;
  inputs: InputSummary[];
  columns: Column[];
  rows: Row[];
  notes: string[];
  warnings: string[];
  reconciliation: Reconciliation;
  /** Files and sheets passed over in folders, archives and workbooks, and why. */
  skipped?: { path: string; reason: string }[];
  /** Lines shown above the table (table and Markdown formats). */
  preamble?: string[];
  /** Extra top-level JSON members for a command (kept out of tables). */
  extra?: Record<string, unknown>;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(x * f + (x >= 0 ? 1e-9 : -1e-9)) / f;
  return Object.is(r, -0) ? 0 : r;
}
