import type { Period } from '../core/periods.js';
import type { DetectedLayout, Role } from '../schema/layouts.js';
import type { CategoryId } from '../taxonomy/taxonomy.js';
import type { ObservationTable } from './observations.js';

/**
 * One tidy count: an offence in an area over a period. The observations of one input that share an
 * area share one `areaPath` array, and those of one period one `period` object: later stages key
 * by them.
 */
export interface Observation {
  readonly input: number;
  /** Geography from coarse to fine (e.g. ['West Yorkshire', 'Calderdale']); the last is the area. */
  readonly areaPath: string[];
  readonly areaRoles: Role[];
  readonly category: CategoryId;
  readonly subcategory: string | null;
  readonly offence: string;
  readonly code: string | null;
  readonly period: Period;
  count: number;
  /** Source rows (or cells) summed into this observation. */
  rows: number;
  /** True for a combined total derived from the separate codes. */
  readonly derived: boolean;
  /**
   * A published table's total of other areas (England and Wales, a country, a region): its own
   * figure when that area is asked for, never added into a sum of areas.
   */
  readonly aggregate?: boolean;
}

/**
 * What the observations of one offence label in one area share: one object per pair, so that an
 * observation holds only it, its period and its counts (a file of many areas has millions).
 */
export interface ObservationKey {
  input: number;
  areaPath: string[];
  areaRoles: Role[];
  category: CategoryId;
  subcategory: string | null;
  offence: string;
  code: string | null;
  derived: boolean;
  aggregate?: boolean;
}

/** An observation made by the loader: its key's fields read through, its counts its own. */
export class KeyedObservation implements Observation {
  constructor(
    readonly key: ObservationKey,
    readonly period: Period,
    public count: number,
    public rows: number,
  ) {}
  get input(): number {
    return this.key.input;
  }
  get areaPath(): string[] {
    return this.key.areaPath;
  }
  get areaRoles(): Role[] {
    return this.key.areaRoles;
  }
  get category(): CategoryId {
    return this.key.category;
  }
  get subcategory(): string | null {
    return this.key.subcategory;
  }
  get offence(): string {
    return this.key.offence;
  }
  get code(): string | null {
    return this.key.code;
  }
  get derived(): boolean {
    return this.key.derived;
  }
  get aggregate(): boolean | undefined {
    return this.key.aggregate;
  }
}

/** The same observation with other counts (never changing the one given, which others may hold). */
export function withCounts(o: Observation, count: number, rows: number): Observation {
  return o instanceof KeyedObservation ? new KeyedObservation(o.key, o.period, count, rows) : { ...o, count, rows };
}

export interface ExcludedEntry {
  /** The file of an input read from several (a folder), when `line` is a line of that file. */
  file?: string;
  reason: string;
  rows: number;
  /**
   * Offences those rows held, where their counts could be read (a totals row, a duplicate, a row
   * with an unrecognised period). Absent when no count could be read (a suppression marker, a
   * row with the wrong number of fields).
   */
  offences?: number;
  example: string;
  line?: number;
}

/** A negative count (an adjustment): kept, and listed so a reader can check it. */
export interface NegativeCount {
  /** The file of an input read from several, when `line` is a line of that file. */
  file?: string;
  line: number;
  /** The area path joined with ' / '. */
  area: string;
  offence: string;
  code: string | null;
  /** The period as written: a period cell, or a wide file's column header. */
  period: string;
  count: number;
  /** Long layouts: rows summed into this count (more than one only where rows repeat a key). */
  rows: number;
}

export interface DuplicateTally {
  /** Rows identical in every field to an earlier data row: excluded (and listed under `excluded`). */
  identicalRows: number;
  /** Offences those copies held. */
  identicalOffences: number;
  /** Rows repeating an earlier row's area, period, offence and code but differing elsewhere: kept and added. */
  sameKeyRows: number;
}

/**
 * What happened to every data row of one input: used, or excluded for one stated reason. Two
 * identities always hold: rowsRead = rowsUsed + Σ excluded.rows, and
 * offencesRead = offencesUsed + Σ excluded.offences.
 */
export interface Ledger {
  rowsRead: number;
  rowsUsed: number;
  excluded: ExcludedEntry[];
  /** Wide layouts: unusable cells inside rows that were otherwise used. */
  cellsExcluded: ExcludedEntry[];
  /** Every count that could be read in the data rows (used or excluded), negative adjustments included. */
  offencesRead: number;
  /** Offences in the rows used (negative adjustments included). */
  offencesUsed: number;
  negativeRows: number;
  /** The negative counts themselves, in file order (the first 100). */
  negatives: NegativeCount[];
  duplicates: DuplicateTally;
  /** Empty lines anywhere in the file, and lines of delimiters only below the header. */
  blankLines: number;
  linesAbove: number;
}

/**
 * The span a record-level input covers: a day or month without a crime in it is zero, not missing.
 * Files of one row per crime on a day are taken to run from their first record to their last,
 * unless `--coverage` says (`guessed`); files by month (police.uk) cover the months they have rows
 * in (`months`, first days), since each file is one month.
 */
export interface Coverage {
  start: string;
  end: string;
  guessed?: boolean;
  months?: string[];
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
  observations: ObservationTable;
  ledger: Ledger;
  labels: LabelUse[];
  notes: string[];
  warnings: string[];
  /** The source carries the combined sub-group figure itself. */
  hasCombined: boolean;
  /** Set when the areas were summed as the file was read: how many there were. */
  summedAreas?: number;
  /** Every distinct area path in the source (whatever categories were kept), coarse to fine. */
  areas: { path: string[]; roles: Role[] }[];
  /**
   * Record-level files: the first and last date of any crime in the file, whatever categories
   * were kept, so the months a selection covers do not depend on the selection.
   */
  coverage?: Coverage;
  /** Separate sub-group codes present in the source (8L, 8M, 8Q, 8R, 8U). */
  separateCodes: string[];
  /** An input read from several files (a folder, an archive): each file and its data rows. */
  parts?: { path: string; rows: number }[];
  /**
   * Area levels not read, as not asked for (police.uk's LSOAs): their names are in `areas` alone,
   * so `--area` can name one, which the input is then read again for.
   */
  unreadLevels?: Role[];
}

const categoriesMemo = new WeakMap<ObservationTable, ReadonlySet<CategoryId>>();

/** The categories an input has observations of (worked out once per list of observations). */
export function categoriesOf(input: { observations: ObservationTable }): ReadonlySet<CategoryId> {
  let set = categoriesMemo.get(input.observations);
  if (!set) {
    const found = new Set<CategoryId>();
    const obs = input.observations;
    for (let i = 0; i < obs.length; i++) found.add(obs.key(i).category);
    categoriesMemo.set(input.observations, (set = found));
  }
  return set;
}
