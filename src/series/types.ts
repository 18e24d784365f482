import type { Period } from '../core/periods.js';
import type { DetectedLayout, Role } from '../schema/layouts.js';
import type { CategoryId } from '../taxonomy/taxonomy.js';

/** One tidy count: an offence in an area over a period. */
export interface Observation {
  input: number;
  /** Geography from coarse to fine (e.g. ['West Yorkshire', 'Calderdale']); the last is the area. */
  areaPath: string[];
  areaRoles: Role[];
  category: CategoryId;
  subcategory: string | null;
  offence: string;
  code: string | null;
  period: Period;
  count: number;
  /** Source rows (or cells) summed into this observation. */
  rows: number;
  /** True for a combined total derived from the separate codes. */
  derived: boolean;
}

export interface ExcludedEntry {
  reason: string;
  rows: number;
  /** Offences those rows held, where their counts could be read (e.g. a totals row). */
  offences?: number;
  example: string;
  line?: number;
}

/** What happened to every data row of one input: used, or excluded for one stated reason. */
export interface Ledger {
  rowsRead: number;
  rowsUsed: number;
  excluded: ExcludedEntry[];
  /** Wide layouts: unusable cells inside rows that were otherwise used. */
  cellsExcluded: ExcludedEntry[];
  /** Offences in the rows used (negative adjustments included). */
  offencesUsed: number;
  negativeRows: number;
  blankLines: number;
  linesAbove: number;
}

export interface LabelUse {
  offence: string;
  code: string | null;
  category: CategoryId;
  subcategory: string | null;
  matchedBy: string;
  rows: number;
  offences: number;
}

export interface LoadedInput {
  index: number;
  path: string;
  layout: DetectedLayout;
  observations: Observation[];
  ledger: Ledger;
  labels: LabelUse[];
  notes: string[];
  warnings: string[];
  /** The source carries the combined sub-group figure itself. */
  hasCombined: boolean;
  /** Separate sub-group codes present in the source (8L, 8M, 8Q, 8R, 8U). */
  separateCodes: string[];
}
