import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { StalkError } from '../core/errors.js';
import { compareText } from '../core/order.js';
import { day, fyQuarter, type Period } from '../core/periods.js';
import { parseCsvText, scanCsv, type ScanStats } from '../read/csv.js';
import { type GroupResult, groupRows, KEY_SEPARATOR, parseCount } from '../read/group.js';
import { type GroupNumbers, GroupPasses, type TupleIds } from '../read/groupKernels.js';
import { detectLayout, type ColumnMap, type DetectedLayout, type Role } from '../schema/layouts.js';
import { parseDateCell, parseFinancialYear, parsePeriodLabel, parseQuarterNumber, parseRollingEnd } from '../schema/periodCells.js';
import { type CategoryId, type Classification, loadTaxonomy, type Taxonomy } from '../taxonomy/taxonomy.js';
import { deriveCombined } from './derive.js';
import type { DuplicateTally, ExcludedEntry, LabelUse, Ledger, LoadedInput, NegativeCount, Observation } from './types.js';

export interface LoadOptions {
  map?: ColumnMap;
  /**
   * Categories to keep as observations. Others are still counted in the ledger and the label list,
   * but not held period by period (a command about stalking need not hold every burglary).
   */
  keep?: ReadonlySet<CategoryId>;
  /**
   * False when the command sums every area: a large long file is then grouped without its area
   * columns (their distinct values are only counted), so memory does not grow with the areas.
   */
  areaDetail?: boolean;
  /** Size from which a file counts as large (default `DUPLICATE_CHECK_MAX_BYTES`). */
  largeFileBytes?: number;
  /** Told how far the grouped read of a long file has got. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Groups are added one by one, never in bulk (the reference the bulk path is tested against). */
  groupByGroup?: boolean;
}

/** Markers that official tables put in place of a count, and what they mean. */
const MARKERS: Record<string, string> = {
  '': 'empty count',
  '[x]': 'suppressed or not available ([x])',
  '[c]': 'confidential ([c])',
  '[z]': 'not applicable ([z])',
  '[u]': 'low reliability ([u])',
  '..': 'not available (..)',
  '*': 'suppressed (*)',
  '-': 'nil or not available (-)',
  'n/a': 'not applicable (N/a)',
  na: 'not applicable (NA)',
  x: 'suppressed or not available (x)',
  ':': 'not available (:)',
};

export function describeUnparsedCount(raw: string): string {
  const m = MARKERS[raw.trim().toLowerCase()];
  return m ? `count missing: ${m}` : `count is not a number ('${raw.length > 20 ? raw.slice(0, 20) + '…' : raw}')`;
}

const MAX_NEGATIVES_LISTED = 100;

class LedgerBuilder {
  rowsRead = 0;
  rowsUsed = 0;
  offencesRead = 0;
  offencesUsed = 0;
  negativeRows = 0;
  /** Lines of delimiters only below the header (a spreadsheet's padding): blank, not data. */
  blankRows = 0;
  negatives: NegativeCount[] = [];
  duplicates: DuplicateTally = { identicalRows: 0, identicalOffences: 0, sameKeyRows: 0 };
  private excluded = new Map<string, ExcludedEntry>();
  private cells = new Map<string, ExcludedEntry>();


  negative(n: NegativeCount): void {
    if (this.negatives.length < MAX_NEGATIVES_LISTED) this.negatives.push(n);
  }

  excludedEntry(reason: string): ExcludedEntry | undefined {
    return this.excluded.get(reason);
  }

  exclude(reason: string, rows: number, example: string, line: number, offences?: number): void {
    const e = this.excluded.get(reason);
    if (e) {
      e.rows += rows;
      if (offences !== undefined) e.offences = (e.offences ?? 0) + offences;
      if (line < (e.line ?? Infinity)) {
        e.line = line;
        e.example = example;
      }
    } else this.excluded.set(reason, { reason, rows, ...(offences !== undefined ? { offences } : {}), example, line });
  }

  excludeCell(reason: string, example: string, line: number): void {
    const e = this.cells.get(reason);
    if (e) e.rows++;
    else this.cells.set(reason, { reason, rows: 1, example, line });
  }

  build(blankLines: number, linesAbove: number): Ledger {
    const byRows = (a: ExcludedEntry, b: ExcludedEntry) => b.rows - a.rows || compareText(a.reason, b.reason);
    return {
      rowsRead: this.rowsRead,
      rowsUsed: this.rowsUsed,
      excluded: [...this.excluded.values()].sort(byRows),
      cellsExcluded: [...this.cells.values()].sort(byRows),
      offencesRead: this.offencesRead,
      offencesUsed: this.offencesUsed,
      negativeRows: this.negativeRows,
      negatives: [...this.negatives].sort((a, b) => a.line - b.line),
      duplicates: { ...this.duplicates },
      blankLines: blankLines + this.blankRows,
      linesAbove,
    };
  }
}

/** The area of observations summed over every area of a file as it was read. */
export const SUMMED_AREAS = 'All areas';

/** An area as the sink holds it: its shared path, and a small index for observation keys. */
interface AreaSlot {
  path: string[];
  roles: Role[];
  index: number;
}

/** Observations and tallies of one label key (`offence` and `code`): labels with equal keys are one. */
interface LabelTally {
  use: LabelUse | null;
  /** The first pair of offence and code that came with this key. */
  first: LabelSlot | null;
  /** Observations by area index, then by period index. */
  byArea: Map<number, Map<number, Observation>>;
}

/** An offence label (offence text and code), classified once. */
interface LabelSlot {
  offence: string;
  code: string | null;
  cls: Classification;
  /** Its observations are held (see `keep`). */
  kept: boolean;
  tally: LabelTally;
}

/** A period as the sink holds it, by its key. */
interface PeriodSlot {
  index: number;
}

class ObservationSink {
  private obs: Observation[] = [];
  private labels = new Map<string, LabelTally>();
  private areaSlots = new Map<string[], AreaSlot>();
  private periods = new Map<string, PeriodSlot>();
  hasCombined = false;
  codes = new Set<string>();
  warnings = new Set<string>();

  private areas = new Map<string, { path: string[]; roles: Role[] }>();
  /** Record-level files: first and last date of any crime read, whatever categories are kept. */
  dayRange: { start: string; end: string } | null = null;


  constructor(
    private readonly input: number,
    private readonly taxonomy: Taxonomy,
    private readonly layout: DetectedLayout,
    private readonly keep?: ReadonlySet<CategoryId>,
  ) {}

  /** One shared path array per distinct area, so later stages can index areas by identity. */
  area(cell: (index: number) => string): { path: string[]; roles: Role[] } {
    const raw = this.layout.areaLevels.map((l) => cell(l.index)).join(KEY_SEPARATOR);
    let a = this.areas.get(raw);
    if (!a) this.areas.set(raw, (a = areaOf(this.layout, cell)));
    return a;
  }

  /** The slot of an area path (by the identity of the path array). */
  areaSlot(area: { path: string[]; roles: Role[] }): AreaSlot {
    let a = this.areaSlots.get(area.path);
    if (!a) this.areaSlots.set(area.path, (a = { path: area.path, roles: area.roles, index: this.areaSlots.size }));
    return a;
  }

  /**
   * The slot of a label, classified. To be asked for only just before adding a count under it:
   * the label list keeps labels in the order they were first counted.
   */
  labelSlot(offence: string, code: string | null): LabelSlot {
    const key = `${offence}\u0002${code ?? ''}`;
    let tally = this.labels.get(key);
    if (!tally) this.labels.set(key, (tally = { use: null, first: null, byArea: new Map() }));
    const first = tally.first;
    if (first && first.offence === offence && first.code === code) return first;
    const cls = this.taxonomy.classify(offence, code, this.layout.id);
    if (cls.warning) this.warnings.add(cls.warning);
    if (cls.category === 'stalking-and-harassment') this.hasCombined = true;
    if (cls.subcategory) this.codes.add(cls.subcategory);
    const kept = !(this.keep && !this.keep.has(cls.category) && !(cls.subcategory && this.keep.has('stalking-and-harassment')));
    const slot: LabelSlot = { offence, code, cls, kept, tally };
    tally.first ??= slot;
    return slot;
  }

  /** The slot of a period, by its key. To be asked for only just before adding a count in it. */
  periodSlot(period: Period): PeriodSlot {
    let p = this.periods.get(period.key);
    if (p) return p;
    this.periods.set(period.key, (p = { index: this.periods.size }));
    if (period.kind === 'day') {
      if (!this.dayRange) this.dayRange = { start: period.start, end: period.end };
      else if (period.start < this.dayRange.start) this.dayRange.start = period.start;
      else if (period.end > this.dayRange.end) this.dayRange.end = period.end;
    }
    return p;
  }

  /** Adds a count under an area, a label and a period, given as their slots: per call only number-keyed lookups. */
  addResolved(area: AreaSlot, label: LabelSlot, slot: PeriodSlot, period: Period, count: number, rows: number): void {
    this.addUse(label, count, rows);
    if (label.kept) this.addObservation(area, label, slot, period, count, rows);
  }

  /** Adds rows and their count to a label's tally in the label list. */
  addUse(label: LabelSlot, count: number, rows: number): void {
    const tally = label.tally;
    const l = tally.use;
    if (l) {
      l.rows += rows;
      l.offences += count;
    } else {
      const cls = label.cls;
      tally.use = { offence: label.offence, code: label.code, category: cls.category, subcategory: cls.subcategory, matchedBy: cls.matchedBy, rows, offences: count };
    }
  }

  /** Adds a count to the observation of an area, a kept label and a period (the label list aside). */
  addObservation(area: AreaSlot, label: LabelSlot, slot: PeriodSlot, period: Period, count: number, rows: number): void {
    const tally = label.tally;
    let byPeriod = tally.byArea.get(area.index);
    if (!byPeriod) tally.byArea.set(area.index, (byPeriod = new Map()));
    const o = byPeriod.get(slot.index);
    if (o) {
      o.count += count;
      o.rows += rows;
    } else {
      const created: Observation = {
        input: this.input,
        areaPath: area.path,
        areaRoles: area.roles,
        category: label.cls.category,
        subcategory: label.cls.subcategory,
        offence: label.offence,
        code: label.code,
        period,
        count,
        rows,
        derived: false,
      };
      byPeriod.set(slot.index, created);
      this.obs.push(created);
    }
  }

  /** Areas read but not kept apart: observations carry one path, and the names are listed. */
  summed: { names: string[]; role: Role } | null = null;
  summedAreas(names: string[], role: Role): { path: string[]; roles: Role[] } {
    this.summed = { names, role };
    const path = [...(this.layout.parentArea ? [this.layout.parentArea.name] : []), SUMMED_AREAS];
    const roles: Role[] = [...(this.layout.parentArea ? [this.layout.parentArea.level] : []), 'area'];
    return { path, roles };
  }

  areaPaths(): { path: string[]; roles: Role[] }[] {
    if (this.summed) return this.summed.names.map((n) => ({ path: [n], roles: [this.summed!.role] }));
    return [...this.areas.values()];
  }

  observations(): Observation[] {
    return [...this.obs];
  }

  labelUses(): LabelUse[] {
    const rank = (c: string) => (c === 'other' ? 1 : 0);
    const uses: LabelUse[] = [];
    for (const t of this.labels.values()) if (t.use) uses.push(t.use);
    return uses.sort((a, b) => rank(a.category) - rank(b.category) || compareText(a.category, b.category) || compareText(a.offence, b.offence) || compareText(a.code ?? '', b.code ?? ''));
  }
}

function areaOf(layout: DetectedLayout, cell: (index: number) => string): { path: string[]; roles: Role[] } {
  const path: string[] = [];
  const roles: Role[] = [];
  if (layout.parentArea) {
    path.push(layout.parentArea.name);
    roles.push(layout.parentArea.level);
  }
  for (const lvl of layout.areaLevels) {
    path.push(cell(lvl.index).trim() || '(blank)');
    roles.push(lvl.role);
  }
  if (path.length === 0) {
    path.push('(all of the file)');
    roles.push('area');
  }
  return { path, roles };
}

/** Loads one input file into tidy observations and a ledger of every row. */
export async function loadInput(path: string, index: number, options: LoadOptions = {}): Promise<LoadedInput> {
  const layout = await detectLayout(path, options.map);
  const taxonomy = loadTaxonomy();
  const ledger = new LedgerBuilder();
  const sink = new ObservationSink(index, taxonomy, layout, options.keep);
  const notes: string[] = [];
  let blankLines: number;
  if (layout.shape === 'wide') blankLines = await loadWide(path, layout, taxonomy, ledger, sink);
  else blankLines = await loadLong(path, layout, taxonomy, ledger, sink, notes, options.areaDetail !== false, options.largeFileBytes ?? DUPLICATE_CHECK_MAX_BYTES, options.onProgress, options.groupByGroup);
  if (ledger.rowsRead === 0) {
    throw new StalkError('E_HEADER_ONLY', `the file has a ${layout.name} header but no data rows (only blank lines below it)`, { file: path, line: layout.headerLine });
  }
  notes.push(...duplicateNotes(ledger));

  const observations = sink.observations();
  const derived = deriveCombined(observations, sink.hasCombined, sink.codes);
  notes.push(...derived.notes);
  return {
    index,
    path,
    layout,
    observations: observations.concat(derived.observations),
    ledger: ledger.build(blankLines, layout.linesAbove),
    labels: sink.labelUses(),
    notes,
    warnings: [...sink.warnings],
    hasCombined: sink.hasCombined,
    areas: sink.areaPaths(),
    ...(sink.summed ? { summedAreas: sink.summed.names.length } : {}),
    ...(sink.dayRange ? { coverage: { ...sink.dayRange } } : {}),
    separateCodes: [...sink.codes].sort(),
  };
}

const DUPLICATE_REASON = 'duplicate row: identical to an earlier row, so not added again';
const NOTE_REASON = 'note or footnote line (text in one cell, no count)';
const raggedNoteReason = (width: number) => `ragged row: field count differs from the header's ${width} (a note or footnote line)`;

/**
 * Exact copies of a row are excluded: in a table of counts each area, offence and period has one
 * row, so a copy is the same figure written twice (two extracts pasted together), not more crime.
 * Rows that share the key but differ are kept and added, as they may split a cell by a column the
 * layout does not read. Record-level files (one row per crime) are never checked: identical rows
 * there are separate crimes.
 */
function duplicateNotes(ledger: LedgerBuilder): string[] {
  const d = ledger.duplicates;
  const out: string[] = [];
  if (d.identicalRows) {
    const e = ledger.excludedEntry(DUPLICATE_REASON);
    const copies = d.identicalRows === 1 ? '1 row is an exact copy of an earlier row' : `${d.identicalRows} rows are exact copies of earlier rows`;
    out.push(`${copies}${e?.line ? ` (first at line ${e.line})` : ''}, holding ${d.identicalOffences} offences: excluded, so nothing is counted twice`);
  }
  if (d.sameKeyRows) {
    const rows = d.sameKeyRows === 1 ? '1 row repeats' : `${d.sameKeyRows} rows repeat`;
    out.push(`${rows} the area, period and offence of an earlier row with different contents: the counts are added together`);
  }
  return out;
}

function filledCells(fields: string[]): number {
  let k = 0;
  for (const f of fields) if (f.trim() !== '') k++;
  return k;
}

/** 64 bits of hash over a whole record, so exact copies are found without holding every row. */
function recordHash(fields: string[], n: number): string {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c | 0;
  for (let f = 0; f < n; f++) {
    const s = fields[f];
    for (let i = 0; i <= s.length; i++) {
      // 0x10000 (beyond any UTF-16 unit) marks the end of a field.
      const c = i < s.length ? s.charCodeAt(i) : 0x10000;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 13;
    }
  }
  return `${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}.${n}`;
}

/**
 * Rows whose field count differs from the header's. A row with one text cell is a note; a row
 * with several is a footnote only when no data row follows it. Any other is a broken row (an
 * unquoted comma, a line split in two), an error: its figures may sit in the wrong columns.
 */
class RaggedTracker {
  notes: { rows: number; line: number; example: string } | null = null;
  private pending: { rows: number; line: number; fields: number; example: string } | null = null;
  private goodRows = 0;

  constructor(
    private readonly path: string,
    private readonly width: number,
  ) {}

  /** A ragged row with at least one filled cell. */
  ragged(fields: string[], n: number, line: number, example: string): void {
    if (filledCells(fields) <= 1) this.note(1, line, example);
    else if (this.pending) this.pending.rows++;
    else this.pending = { rows: 1, line, fields: n, example };
  }

  /** A row with the header's field count. */
  good(): void {
    if (this.pending) throw this.broken(this.pending);
    this.goodRows++;
  }

  /** At the end of the file: trailing rows are footnotes, unless there was no data row at all. */
  finish(): { rows: number; line: number; example: string } | null {
    if (this.pending) {
      if (this.goodRows === 0) throw this.broken(this.pending);
      this.note(this.pending.rows, this.pending.line, this.pending.example);
      this.pending = null;
    }
    return this.notes;
  }

  private note(rows: number, line: number, example: string): void {
    if (this.notes) {
      this.notes.rows += rows;
      if (line < this.notes.line) Object.assign(this.notes, { line, example });
    } else this.notes = { rows, line, example };
  }

  private broken(p: { line: number; fields: number; example: string; rows: number }): StalkError {
    return new StalkError(
      'E_CSV_RAGGED',
      `a row with ${p.fields} fields where the header has ${this.width} (an unquoted comma in a label, or a line broken in two?): ${p.example}`,
      { file: this.path, line: p.line },
    );
  }
}

interface KeyAnomalies {
  identicalRows: number;
  identicalOffences: number;
  identicalNegative: number;
  firstIdenticalLine: number;
  sameKeyRows: number;
}

interface SecondLook {
  /** Rows of delimiters only: blank lines, not data. */
  blankRows: number;
  /** Of those, rows with the header's field count (grouped under an all-blank key and a blank count). */
  blankInGroups: number;
  notes: { rows: number; line: number; example: string } | null;
  byKey: Map<string, KeyAnomalies>;
}

/**
 * Tells exact copies from rows that differ among the rows of repeated keys, row by row in file
 * order: the part of the second look both its readers share.
 */
class RepeatedKeys {
  readonly byKey = new Map<string, KeyAnomalies>();
  private readonly seenRows = new Set<string>();
  private readonly seenKeys = new Set<string>();

  constructor(
    private readonly keyColumns: number[],
    private readonly countColumn: number,
    private readonly repeated: Set<string>,
  ) {}

  /** A data row of the header's width: `n` fields once trailing empty ones are left out. */
  row(fields: string[], n: number, line: number): void {
    const keyColumns = this.keyColumns;
    let k = fields[keyColumns[0]];
    for (let j = 1; j < keyColumns.length; j++) k += KEY_SEPARATOR + fields[keyColumns[j]];
    if (!this.repeated.has(k)) return;
    const v = parseCount(fields[this.countColumn]);
    // Rows without a readable count are excluded under their marker already.
    if (Number.isNaN(v)) return;
    let a = this.byKey.get(k);
    if (!a) this.byKey.set(k, (a = { identicalRows: 0, identicalOffences: 0, identicalNegative: 0, firstIdenticalLine: 0, sameKeyRows: 0 }));
    const h = recordHash(fields, n);
    if (this.seenRows.has(h)) {
      a.identicalRows++;
      a.identicalOffences += v;
      if (v < 0) a.identicalNegative++;
      if (!a.firstIdenticalLine) a.firstIdenticalLine = line;
      return;
    }
    this.seenRows.add(h);
    if (this.seenKeys.has(k)) a.sameKeyRows++;
    else this.seenKeys.add(k);
  }
}

/** Trailing empty fields beyond the header's width are not fields (a spreadsheet's padding). */
function fieldCount(fields: string[], width: number): number {
  let n = fields.length;
  while (n > width && fields[n - 1] === '') n--;
  return n;
}

/**
 * A second, row-by-row read of a long file, only when the grouped read found something to
 * explain: ragged rows (notes, or a broken file), rows of delimiters only, or keys that occur
 * more than once (exact copies, or rows that differ). Clean files never take it.
 */
async function secondLook(path: string, layout: DetectedLayout, keyColumns: number[], countColumn: number | null, repeatedKeys: Set<string>): Promise<SecondLook> {
  const width = layout.header.length;
  const tracker = new RaggedTracker(path, width);
  let blankRows = 0;
  let blankInGroups = 0;
  const repeats = countColumn === null || repeatedKeys.size === 0 ? null : new RepeatedKeys(keyColumns, countColumn, repeatedKeys);
  await scanCsv(
    path,
    (fields, line) => {
      if (line <= layout.headerLine) return;
      const n = fieldCount(fields, width);
      if (filledCells(fields) === 0) {
        blankRows++;
        if (n === width) blankInGroups++;
        return;
      }
      if (n !== width) {
        tracker.ragged(fields, n, line, fields.join(',').slice(0, 120));
        return;
      }
      tracker.good();
      repeats?.row(fields, n, line);
    },
    { delimiter: layout.delimiter },
  );
  return { blankRows, blankInGroups, notes: tracker.finish(), byKey: repeats?.byKey ?? new Map() };
}

/**
 * The second look when only repeated keys need explaining and the grouped read noted where their
 * rows lie (`rows`: start, end and line of each record, in file order): only those records are
 * read again and parsed, not the whole file. Each is decoded as the grouped read decoded the file.
 */
function secondLookAt(path: string, width: number, keyColumns: number[], countColumn: number, repeatedKeys: Set<string>, rows: Float64Array, stats: ScanStats): SecondLook {
  const repeats = new RepeatedKeys(keyColumns, countColumn, repeatedKeys);
  const { encoding, delimiter } = stats;
  const decoder = new TextDecoder(encoding);
  const fd = openSync(path, 'r');
  try {
    // Records are read through a window of the file, refilled when a record lies beyond it.
    let window = Buffer.allocUnsafe(1 << 16);
    let from = 0;
    let have = 0;
    for (let i = 0; i < rows.length; i += 3) {
      const start = rows[i];
      const end = rows[i + 1];
      if (start < from || end > from + have) {
        if (end - start > window.length) window = Buffer.allocUnsafe(end - start);
        from = start;
        have = readSync(fd, window, 0, window.length, start);
      }
      // Windows-1252 is single-byte: streaming decodes it properly (see merge.ts), with nothing carried over.
      const text = decoder.decode(window.subarray(start - from, end - from), { stream: encoding === 'windows-1252' });
      const record = parseCsvText(text, delimiter)[0];
      if (!record) continue;
      const n = fieldCount(record.fields, width);
      if (n === width) repeats.row(record.fields, n, rows[i + 2]);
    }
  } finally {
    closeSync(fd);
  }
  return { blankRows: 0, blankInGroups: 0, notes: null, byKey: repeats.byKey };
}

/**
 * Numbers the distinct tuples of value ids at some key positions (-1: a role the file lacks, left
 * out), densely from 0, and gives each group its tuple's number: work done once per distinct
 * tuple can then be found per group by an array index.
 */
function tupleIds(keys: Int32Array, width: number, groupCount: number, positions: number[], values: string[][]): { ids: Int32Array; count: number } {
  const ps = positions.filter((p) => p >= 0);
  const ids = new Int32Array(groupCount);
  if (ps.length === 0) return { ids, count: 1 };
  if (ps.length === 1) {
    const p = ps[0];
    for (let g = 0; g < groupCount; g++) ids[g] = keys[g * width + p];
    return { ids, count: values[p].length };
  }
  const radix = ps.map((p) => Math.max(1, values[p].length));
  const size = radix.reduce((a, b) => a * b, 1);
  let count = 0;
  if (size <= 1 << 20) {
    const table = new Int32Array(size).fill(-1);
    for (let g = 0; g < groupCount; g++) {
      const base = g * width;
      let c = 0;
      for (let i = 0; i < ps.length; i++) c = c * radix[i] + keys[base + ps[i]];
      let id = table[c];
      if (id < 0) table[c] = id = count++;
      ids[g] = id;
    }
  } else {
    // Too many combinations for a table: by the ids' text (exact whatever their number).
    const numbers = new Map<string, number>();
    for (let g = 0; g < groupCount; g++) {
      const base = g * width;
      let t = '';
      for (const p of ps) t += `${keys[base + p]},`;
      let id = numbers.get(t);
      if (id === undefined) numbers.set(t, (id = count++));
      ids[g] = id;
    }
  }
  return { ids, count };
}

/** Largest file whose repeated keys are re-read to find exact copies. */
export const DUPLICATE_CHECK_MAX_BYTES = 64 * 1024 * 1024;

async function loadLong(
  path: string,
  layout: DetectedLayout,
  taxonomy: Taxonomy,
  ledger: LedgerBuilder,
  sink: ObservationSink,
  notes: string[],
  areaDetail = true,
  largeFileBytes = DUPLICATE_CHECK_MAX_BYTES,
  onProgress?: (bytesDone: number, bytesTotal: number) => void,
  groupByGroup = false,
): Promise<number> {
  const c = layout.columns;
  // A large file summed over every area is grouped without its area columns: their distinct
  // values are only tallied, so the groups (and memory) do not grow with the areas.
  const fileBytes = statSync(path).size;
  const summed = !areaDetail && layout.areaLevels.length > 0 && fileBytes > largeFileBytes;
  const keyRoles: Role[] = [];
  if (!summed) for (const lvl of layout.areaLevels) keyRoles.push(lvl.role);
  const timeRoles: Role[] = layout.time === 'fy-quarter' ? ['fy', 'quarter'] : layout.time === 'rolling-end' ? ['rollingEnd'] : layout.time === 'date' ? ['date'] : ['period'];
  keyRoles.push(...timeRoles);
  keyRoles.push('offence');
  if (c.code !== undefined) keyRoles.push('code');
  const present = keyRoles.filter((r) => c[r] !== undefined);
  const keyColumns = present.map((r) => c[r]!);
  const pos = (r: Role) => present.indexOf(r);
  const result = await groupRows(path, {
    headerLine: layout.headerLine,
    headerFields: layout.header.length,
    keyColumns,
    countColumn: layout.shape === 'records' ? null : c.count!,
    delimiter: layout.delimiter,
    ...(summed ? { tallyColumns: layout.areaLevels.map((l) => l.index) } : {}),
    ...(onProgress ? { onProgress } : {}),
    // Repeated keys in a small file are explained by reading their rows again (secondLookAt).
    ...(layout.shape !== 'records' && !summed && fileBytes <= largeFileBytes ? { rowLocations: true } : {}),
  });
  ledger.rowsRead = result.dataRows;
  let summedArea: { path: string[]; roles: Role[] } | null = null;
  if (summed) {
    const levels = result.tallies.map((values) => [...new Set(values.map((v) => v.trim() || '(blank)'))].sort());
    const finest = levels[levels.length - 1];
    if (levels.every((v) => v.length === 1)) summedArea = sink.area((i) => levels[layout.areaLevels.findIndex((l) => l.index === i)][0]);
    else {
      summedArea = sink.summedAreas(finest, layout.areaLevels[layout.areaLevels.length - 1].role);
      notes.push(`a large file summed over its ${finest.length} areas as it is read (no --area or --each-area given)`);
    }
  }
  // The grouped read saw the whole file; the header search only its first rows.
  layout.encoding = result.stats.encoding;
  layout.bom = result.stats.bom;
  const counted = layout.shape !== 'records';
  // Groups come in columns: per key column its distinct values, per group the ids of its values.
  // Everything read from text (offences, totals labels, periods, areas, classes) is worked out
  // once per distinct value or tuple of values; per group there is only integer work.
  const { values, keys, groupCount } = result;
  const groupRowsOf = result.rows;
  const width = keyColumns.length;
  const blankValue = values.map((vs) => Uint8Array.from(vs, (v) => (v.trim() === '' ? 1 : 0)));
  // A group's key is all blank only if every column has a blank value at all.
  const blankPossible = blankValue.every((b) => b.includes(1));
  const allBlank = (g: number) => {
    if (!blankPossible) return false;
    for (let k = 0; k < width; k++) if (!blankValue[k][keys[g * width + k]]) return false;
    return true;
  };
  const keyOf = (g: number): string[] => {
    const key: string[] = [];
    for (let k = 0; k < width; k++) key.push(values[k][keys[g * width + k]]);
    return key;
  };
  // Telling exact copies from differing rows needs a row-by-row read that holds the repeated rows;
  // in a large file that would cost memory in proportion to its size, so it is skipped and said
  // (and the repeated keys are only counted, not listed).
  const large = result.stats.bytes > largeFileBytes;
  const repeatedKeys = new Set<string>();
  let repeats = 0;
  let blankKeyGroup = false;
  // Every row read into a group (all but ragged ones) is counted in one: when there are as many
  // groups as such rows, no key repeats, and unless a key can be blank there is nothing to look
  // for group by group. Files that list each area, period and offence once skip the loop.
  const groupedRows = result.dataRows - (result.ragged?.rows ?? 0);
  const lookForRepeats = blankPossible || groupedRows > groupCount;
  for (let g = 0; lookForRepeats && g < groupCount; g++) {
    if (allBlank(g)) blankKeyGroup = true;
    else if (counted && !summed && groupRowsOf[g] > 1) {
      if (large) repeats += groupRowsOf[g] - 1;
      else repeatedKeys.add(keyOf(g).join(KEY_SEPARATOR));
    }
  }
  let look: SecondLook | null = null;
  if (repeats > 0) {
    ledger.duplicates.sameKeyRows += repeats;
    notes.push(
      `${repeats} rows repeat the area, period and offence of an earlier row: their counts are added; in a file over ${Math.round(largeFileBytes / 1048576)} MB exact copies are not told apart from rows that differ`,
    );
  }
  if (!result.ragged && !blankKeyGroup && repeatedKeys.size > 0 && result.rowsOf) {
    const rows = result.rowsOf((g) => groupRowsOf[g] > 1);
    look = secondLookAt(path, layout.header.length, keyColumns, c.count!, repeatedKeys, rows, result.stats);
  } else if (result.ragged || blankKeyGroup || repeatedKeys.size > 0) {
    look = await secondLook(path, layout, keyColumns, counted ? c.count! : null, repeatedKeys);
    ledger.rowsRead -= look.blankRows;
    ledger.blankRows += look.blankRows;
    if (look.notes) ledger.exclude(raggedNoteReason(layout.header.length), look.notes.rows, look.notes.example, look.notes.line);
  }
  addGroups({ result, layout, taxonomy, ledger, sink, notes, keyColumns, timeRoles, pos, counted, summedArea, look, allBlank, keyOf, groupByGroup });
  return result.stats.blankLines;
}

/** What `addGroups` takes from `loadLong`. */
interface GroupPass {
  result: GroupResult;
  layout: DetectedLayout;
  taxonomy: Taxonomy;
  ledger: LedgerBuilder;
  sink: ObservationSink;
  notes: string[];
  keyColumns: number[];
  timeRoles: Role[];
  pos: (r: Role) => number;
  counted: boolean;
  summedArea: { path: string[]; roles: Role[] } | null;
  look: SecondLook | null;
  allBlank: (g: number) => boolean;
  keyOf: (g: number) => string[];
  /** Group by group only, never in bulk (the reference the bulk path is tested against). */
  groupByGroup?: boolean;
}

/**
 * The numbers as 32-bit integers when every one of them is one (as counts nearly always are), else
 * as they are. Until V8 has optimised the loop that reads them, each element read from a
 * Float64Array is a new heap number, and so is every sum made with it; an Int32Array's elements
 * are read as small integers. The check is made without a JavaScript loop: the numbers converted
 * to integers and back must give the same bytes.
 */
function smallIntegers(numbers: Float64Array): Float64Array | Int32Array {
  const ints = new Int32Array(numbers);
  return Buffer.compare(Buffer.from(new Float64Array(ints).buffer), Buffer.from(numbers.buffer, numbers.byteOffset, numbers.byteLength)) === 0 ? ints : numbers;
}

/**
 * Adds the groups of a long file to the ledger and the sink. A function of its own, not part of
 * `loadLong`: V8 optimises a large async function late, and on a cold run this loop over every
 * group would spend most of its time in the interpreter.
 */
function addGroups(pass: GroupPass): void {
  const { result, layout, taxonomy, ledger, sink, notes, keyColumns, timeRoles, pos, counted, summedArea, look, allBlank, keyOf } = pass;
  const { values, keys, groupCount } = result;
  const firstLines = result.firstLine;
  const unparsedOf = result.unparsed;
  const width = keyColumns.length;
  const byKey = look && look.byKey.size > 0 ? look.byKey : null;
  const snapped = new Map<string, { to: string; rows: number }>();
  const periodCache = new Map<string, Period | null>();
  const timePos = timeRoles.map(pos);
  const timeKey = (key: string[]) => (timePos.length === 1 ? key[timePos[0]] : timePos.map((p) => (p >= 0 ? key[p] : '')).join(KEY_SEPARATOR));
  const parseTime = (key: string[]): Period | null => {
    const tk = timeKey(key);
    if (periodCache.has(tk)) return periodCache.get(tk)!;
    let p: Period | null = null;
    if (layout.time === 'fy-quarter') {
      const y = parseFinancialYear(key[pos('fy')]);
      const q = parseQuarterNumber(key[pos('quarter')]);
      p = y !== null && q !== null ? fyQuarter(y, q) : null;
    } else if (layout.time === 'rolling-end') {
      const r = parseRollingEnd(key[pos('rollingEnd')]);
      if (r) {
        p = r.period;
        if (r.snappedFrom) snapped.set(key[pos('rollingEnd')], { to: r.period.end, rows: 0 });
      }
    } else if (layout.time === 'date') {
      const iso = parseDateCell(key[pos('date')]);
      p = iso ? day(iso) : null;
    } else {
      p = parsePeriodLabel(key[pos('period')]);
    }
    periodCache.set(tk, p);
    return p;
  };

  const offencePos = pos('offence');
  const codePos = pos('code');
  const areaPos = layout.areaLevels.map((l) => keyColumns.indexOf(l.index));
  const trimmed = (p: number) => (p >= 0 ? values[p].map((v) => v.trim()) : null);
  const offences = trimmed(offencePos);
  const codes = trimmed(codePos);
  const areaTotals = areaPos.map((p) => (p >= 0 ? Uint8Array.from(values[p], (v) => (taxonomy.isTotalsLabel(v.trim(), null) ? 1 : 0)) : null));
  // Per distinct offence and code, tuple of area values and tuple of time values: what the groups
  // sharing it need, worked out when the first of them needs it (the order in which labels, areas
  // and snapped dates are first met is part of the output).
  const passes = pass.groupByGroup ? null : GroupPasses.over(keys, width, groupCount);
  /** Tuples numbered by the compiled passes (kept as `bulk`, for the passes below) or else here. */
  const numbered = (positions: number[]) => {
    const ps = positions.filter((p) => p >= 0);
    const bulk = passes?.tuples(ps, ps.map((p) => values[p].length)) ?? null;
    return { bulk, ...(bulk ? { ids: bulk.ids(), count: bulk.count } : tupleIds(keys, width, groupCount, positions, values)) };
  };
  const pairTuples = numbered([offencePos, codePos]);
  const areaTuples = numbered(areaPos);
  const timeTuples = numbered(timePos);
  const pairIds = pairTuples.ids;
  const areaIds = areaTuples.ids;
  const timeIds = timeTuples.ids;
  /** Per offence and code: the texts, whether they make a totals label, and the label slot once counted. */
  const pairs: ({ offence: string; code: string | null; totals: boolean; label: LabelSlot | null } | undefined)[] = new Array(pairTuples.count);
  /** Per tuple of area values: the first area column holding a totals label (or -1), and the area slot once counted. */
  const areas: ({ totalsAt: number; slot: AreaSlot | null } | undefined)[] = new Array(areaTuples.count);
  /** Per tuple of time values: the period, the note of a snapped date, and the period slot once counted. */
  const times: ({ period: Period | null; snap: { to: string; rows: number } | undefined; slot: PeriodSlot | null } | undefined)[] = new Array(timeTuples.count);
  const pairOf = (g: number) => {
    const base = g * width;
    const offence = offences ? offences[keys[base + offencePos]] : '';
    const code = codes ? codes[keys[base + codePos]] || null : null;
    return (pairs[pairIds[g]] = { offence, code, totals: taxonomy.isTotalsLabel(offence, code), label: null });
  };
  const areaOfGroup = (g: number) => {
    const base = g * width;
    const totalsAt = areaPos.find((p, i) => p >= 0 && areaTotals[i]![keys[base + p]] === 1) ?? -1;
    return (areas[areaIds[g]] = { totalsAt, slot: null });
  };
  const timeOf = (g: number) => {
    const key = keyOf(g);
    const period = parseTime(key);
    return (times[timeIds[g]] = { period, snap: layout.time === 'rolling-end' ? snapped.get(key[pos('rollingEnd')]) : undefined, slot: null });
  };
  const noUnparsed = new Map<string, { rows: number; firstLine: number }>();
  const anyUnparsed = unparsedOf.size > 0;
  const blankInGroups = look?.blankInGroups ?? 0;
  const exampleOf = (g: number) => keyOf(g).map((k) => k.trim()).join(', ');
  // The ledger's running totals, added in the same order here and stored back after the loop.
  let offencesRead = ledger.offencesRead;
  let rowsUsed = ledger.rowsUsed;
  let offencesUsed = ledger.offencesUsed;
  let negativeRowsUsed = ledger.negativeRows;

  // In bulk, when no group needs a look of its own: no count cell left unread, no blank or
  // repeated key, and no offence, area or period tuple that sets its groups aside. Work is then
  // done per tuple, in the order of their first groups (the order the loop below would meet
  // them in), and per group only by the compiled passes: sums per tuple, and the lists of groups
  // that make observations or hold negative counts. Whole counts of 32 bits keep the sums exact
  // in any order.
  const pairBulk = pairTuples.bulk;
  const areaBulk = areaTuples.bulk;
  const timeBulk = timeTuples.bulk;
  let inBulk = false;
  if (passes && pairBulk && areaBulk && timeBulk && !anyUnparsed && !blankInGroups && !byKey) {
    const sumsN = passes.numbers(result.sums);
    // With every count cell read, every group has a row with a count: none is a note line. Row
    // counts are whole, and their sums stay below the number of rows.
    inBulk = passes.wholeNumbers(sumsN);
    for (let t = 0; inBulk && t < pairBulk.count; t++) {
      const pair = pairOf(pairBulk.first[t]);
      if (pair.totals || (!pair.offence && !pair.code)) inBulk = false;
    }
    for (let t = 0; inBulk && t < areaBulk.count; t++) if (areaOfGroup(areaBulk.first[t]).totalsAt >= 0) inBulk = false;
    for (let t = 0; inBulk && t < timeBulk.count; t++) if (!timeOf(timeBulk.first[t]).period) inBulk = false;
    if (inBulk) addInBulk(passes, pairBulk, areaBulk, timeBulk, sumsN);
    else {
      // Periods are worked out again by the loop, in its order (snapped dates are noted in it).
      times.fill(undefined);
      snapped.clear();
      periodCache.clear();
    }
  }
  function addInBulk(p: GroupPasses, pairBulk: TupleIds, areaBulk: TupleIds, timeBulk: TupleIds, sumsN: GroupNumbers): void {
    for (let t = 0; t < areaBulk.count; t++) {
      const key = keyOf(areaBulk.first[t]);
      areas[t]!.slot = sink.areaSlot(summedArea ?? sink.area((i) => key[keyColumns.indexOf(i)]));
    }
    const rowsN = p.numbers(result.rows);
    const negativeN = p.numbers(result.negative);
    const pairRows = p.sumBy(pairBulk, rowsN);
    const pairSums = p.sumBy(pairBulk, sumsN);
    const pairNegative = p.sumBy(pairBulk, negativeN);
    const kept = new Uint8Array(pairBulk.count);
    for (let t = 0; t < pairBulk.count; t++) {
      const pair = pairs[t]!;
      const label = (pair.label = sink.labelSlot(pair.offence || pair.code!, pair.code));
      sink.addUse(label, pairSums[t], pairRows[t]);
      kept[t] = label.kept ? 1 : 0;
      offencesRead += pairSums[t];
      rowsUsed += pairRows[t];
      offencesUsed += pairSums[t];
      negativeRowsUsed += pairNegative[t];
    }
    for (let t = 0; t < timeBulk.count; t++) times[t]!.slot = sink.periodSlot(times[t]!.period!);
    const timeRows = p.sumBy(timeBulk, rowsN);
    for (let t = 0; t < timeBulk.count; t++) {
      const snap = times[t]!.snap;
      if (snap) snap.rows += timeRows[t];
    }
    const rows = result.rows;
    const sums = result.sums;
    for (const g of p.select(pairBulk, kept)) {
      const time = times[timeIds[g]]!;
      sink.addObservation(areas[areaIds[g]]!.slot!, pairs[pairIds[g]]!.label!, time.slot!, time.period!, sums[g], rows[g]);
    }
    for (const g of p.positive(negativeN)) {
      const pair = pairs[pairIds[g]]!;
      const period = times[timeIds[g]]!.period!;
      ledger.negative({ line: firstLines[g], area: areas[areaIds[g]]!.slot!.path.join(' / '), offence: pair.offence || pair.code!, code: pair.code, period: period.label, count: sums[g], rows: rows[g] });
    }
  }

  const groupRowsOf = inBulk ? result.rows : smallIntegers(result.rows);
  const sums = inBulk ? result.sums : smallIntegers(result.sums);
  const negatives = inBulk ? result.negative : smallIntegers(result.negative);
  for (let g = 0; !inBulk && g < groupCount; g++) {
    let rows = groupRowsOf[g];
    let sum = sums[g];
    let unparsed = noUnparsed;
    if (anyUnparsed) unparsed = unparsedOf.get(g) ?? noUnparsed;
    if (blankInGroups && allBlank(g)) {
      // Rows of delimiters only are blank lines (counted in the ledger's blankLines), not data.
      if (counted) {
        unparsed = new Map(unparsed);
        const u = unparsed.get('');
        if (u && u.rows > blankInGroups) unparsed.set('', { ...u, rows: u.rows - blankInGroups });
        else unparsed.delete('');
      } else {
        rows -= blankInGroups;
        sum -= blankInGroups;
      }
      if (rows === 0 && unparsed.size === 0) continue;
    }
    offencesRead += sum;
    let totalRows = rows;
    if (unparsed.size) for (const u of unparsed.values()) totalRows += u.rows;
    const pair = pairs[pairIds[g]] ?? pairOf(g);
    const at = areas[areaIds[g]] ?? areaOfGroup(g);
    const offence = pair.offence;
    const code = pair.code;
    if (pair.totals || at.totalsAt >= 0) {
      const label = at.totalsAt >= 0 ? values[at.totalsAt][keys[g * width + at.totalsAt]].trim() : offence || code;
      ledger.exclude(`totals row ('${label}'): not added, so nothing is counted twice`, totalRows, exampleOf(g), firstLines[g], sum);
      continue;
    }
    if (counted && rows === 0 && filledCells(keyOf(g)) === 1 && [...unparsed.keys()].every((k) => k === '')) {
      ledger.exclude(NOTE_REASON, totalRows, exampleOf(g), firstLines[g]);
      continue;
    }
    const time = times[timeIds[g]] ?? timeOf(g);
    const period = time.period;
    if (!period) {
      const key = keyOf(g);
      const raw = timeRoles.map((r) => key[pos(r)]).join(' ');
      ledger.exclude(`period not recognised ('${raw.trim().slice(0, 30)}')`, totalRows, exampleOf(g), firstLines[g], rows ? sum : undefined);
      continue;
    }
    if (!offence && !code) {
      ledger.exclude('no offence label or code', totalRows, exampleOf(g), firstLines[g], rows ? sum : undefined);
      continue;
    }
    let example: string | undefined;
    if (unparsed.size) {
      example = exampleOf(g);
      for (const [raw, u] of unparsed) ledger.exclude(describeUnparsedCount(raw), u.rows, `${example}, '${raw}'`, u.firstLine);
    }
    if (rows === 0) continue;
    let negativeRows = negatives[g];
    // Only a group of several rows can have a repeated key: its text is built for those alone.
    const dup = byKey && groupRowsOf[g] > 1 ? byKey.get(keyOf(g).join(KEY_SEPARATOR)) : undefined;
    if (dup) {
      if (dup.identicalRows) {
        ledger.exclude(DUPLICATE_REASON, dup.identicalRows, example ?? exampleOf(g), dup.firstIdenticalLine, dup.identicalOffences);
        ledger.duplicates.identicalRows += dup.identicalRows;
        ledger.duplicates.identicalOffences += dup.identicalOffences;
        rows -= dup.identicalRows;
        sum -= dup.identicalOffences;
        negativeRows -= dup.identicalNegative;
      }
      ledger.duplicates.sameKeyRows += dup.sameKeyRows;
    }
    if (time.snap) time.snap.rows += rows;
    let area = at.slot;
    if (!area) {
      const key = keyOf(g);
      at.slot = area = sink.areaSlot(summedArea ?? sink.area((i) => key[keyColumns.indexOf(i)]));
    }
    const label = (pair.label ??= sink.labelSlot(offence || code!, code));
    sink.addResolved(area, label, (time.slot ??= sink.periodSlot(period)), period, sum, rows);
    rowsUsed += rows;
    offencesUsed += sum;
    negativeRowsUsed += negativeRows;
    if (negativeRows > 0) ledger.negative({ line: firstLines[g], area: area.path.join(' / '), offence: offence || code!, code, period: period.label, count: sum, rows });
  }
  ledger.offencesRead = offencesRead;
  ledger.rowsUsed = rowsUsed;
  ledger.offencesUsed = offencesUsed;
  ledger.negativeRows = negativeRowsUsed;
  for (const [raw, s] of snapped) {
    notes.push(`${s.rows} rows dated '${raw}' read as 12 months ending ${s.to} (a period end one day short of the month end it stands for)`);
  }
}

async function loadWide(path: string, layout: DetectedLayout, taxonomy: Taxonomy, ledger: LedgerBuilder, sink: ObservationSink): Promise<number> {
  const c = layout.columns;
  const offenceCol = c.offence!;
  const codeCol = c.code;
  const majorCol = c.major;
  const width = layout.header.length;
  const tracker = new RaggedTracker(path, width);
  const seenRows = new Set<string>();
  const seenKeys = new Set<string>();
  const periodColumns = layout.periodColumns;
  /** Each period column's slot, once a count has been added in it. */
  const periodSlots: (PeriodSlot | undefined)[] = new Array(periodColumns.length);
  const stats = await scanCsv(
    path,
    (fields, line) => {
      if (line <= layout.headerLine) return;
      const n = fieldCount(fields, width);
      const filled = filledCells(fields);
      if (filled === 0) {
        ledger.blankRows++;
        return;
      }
      ledger.rowsRead++;
      const example = fields.slice(0, Math.min(fields.length, 8)).join(',').slice(0, 120);
      if (n !== width) {
        tracker.ragged(fields, n, line, example);
        return;
      }
      tracker.good();
      let sum = 0;
      let readable = 0;
      for (const pc of layout.periodColumns) {
        const v = parseCount(fields[pc.index]);
        if (!Number.isNaN(v)) {
          sum += v;
          readable++;
        }
      }
      ledger.offencesRead += sum;
      const offence = fields[offenceCol].trim();
      const code = codeCol !== undefined ? fields[codeCol].trim() || null : null;
      const areaTotal = layout.areaLevels.find((l) => taxonomy.isTotalsLabel(fields[l.index], null));
      if (taxonomy.isTotalsLabel(offence, code) || (majorCol !== undefined && taxonomy.isTotalsLabel(fields[majorCol], null)) || areaTotal) {
        const label = areaTotal ? fields[areaTotal.index].trim() : offence || code;
        ledger.exclude(`totals row ('${label}'): not added, so nothing is counted twice`, 1, example, line, sum);
        return;
      }
      if (filled === 1 && readable === 0) {
        ledger.exclude(NOTE_REASON, 1, example, line);
        return;
      }
      if (!offence && !code) {
        ledger.exclude('no offence label or code', 1, example, line, readable ? sum : undefined);
        return;
      }
      const h = recordHash(fields, n);
      if (seenRows.has(h)) {
        if (readable) {
          ledger.exclude(DUPLICATE_REASON, 1, example, line, sum);
          ledger.duplicates.identicalRows++;
          ledger.duplicates.identicalOffences += sum;
          return;
        }
      } else seenRows.add(h);
      let areaKey = '';
      for (const l of layout.areaLevels) areaKey += fields[l.index] + KEY_SEPARATOR;
      const key = `${areaKey}${fields[offenceCol]}${KEY_SEPARATOR}${codeCol !== undefined ? fields[codeCol] : ''}`;
      const repeatsKey = seenKeys.has(key);
      if (!repeatsKey) seenKeys.add(key);
      const area = sink.area((i) => fields[i]);
      // The row's area and label slots, asked for when its first count is added (labels are listed
      // in the order they are first counted), then kept for its other cells.
      let areaSlot: AreaSlot | null = null;
      let labelSlot: LabelSlot | null = null;
      let used = 0;
      let negative = false;
      for (let j = 0; j < periodColumns.length; j++) {
        const pc = periodColumns[j];
        const raw = fields[pc.index];
        const v = parseCount(raw);
        if (Number.isNaN(v)) {
          ledger.excludeCell(describeUnparsedCount(raw.trim()), `${example} … ${pc.column}='${raw.trim()}'`, line);
          continue;
        }
        if (v < 0) {
          negative = true;
          ledger.negative({ line, area: area.path.join(' / '), offence: offence || code!, code, period: pc.column, count: v, rows: 1 });
        }
        areaSlot ??= sink.areaSlot(area);
        labelSlot ??= sink.labelSlot(offence || code!, code);
        sink.addResolved(areaSlot, labelSlot, (periodSlots[j] ??= sink.periodSlot(pc.period)), pc.period, v, 1);
        ledger.offencesUsed += v;
        used++;
      }
      if (used === 0) {
        ledger.exclude('no usable count in any period column', 1, example, line);
        return;
      }
      if (repeatsKey) ledger.duplicates.sameKeyRows++;
      ledger.rowsUsed++;
      if (negative) ledger.negativeRows++;
    },
    { delimiter: layout.delimiter },
  );
  const notes = tracker.finish();
  if (notes) ledger.exclude(raggedNoteReason(width), notes.rows, notes.example, notes.line);
  layout.encoding = stats.encoding;
  layout.bom = stats.bom;
  return stats.blankLines;
}

export function assertHasData(input: LoadedInput): void {
  if (input.ledger.rowsUsed === 0) {
    const ex = input.ledger.excluded;
    const rows = ex.reduce((s, e) => s + e.rows, 0);
    // Point at the first excluded line: where a reader of the file would start looking.
    const first = ex.length ? ex.reduce((a, b) => ((b.line ?? Infinity) < (a.line ?? Infinity) ? b : a)) : undefined;
    throw new StalkError('E_NO_DATA', `no usable rows${first ? ` (${rows} excluded; the first: ${first.reason})` : ''}`, { file: input.path, line: first?.line });
  }
}

export type { CategoryId };
