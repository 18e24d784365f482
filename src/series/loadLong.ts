import type { Period } from '../core/periods.js';
import type { CsvText } from '../read/byteInput.js';
import { type GroupResult, groupRows, groupRowsByStrings, KEY_SEPARATOR } from '../read/group.js';
import type { RecordSource } from '../read/records.js';
import type { DetectedLayout, Role } from '../schema/layouts.js';
import { periodOfCells, timeRoles } from '../schema/timeForms.js';
import type { Taxonomy } from '../taxonomy/taxonomy.js';
import { describeUnparsedCount, type LedgerBuilder, NO_LABEL_REASON, raggedNoteReason } from './ledger.js';
import { areaTotalsLabel, filledCells, labelTotalsLabel, rowExclusion } from './rows.js';
import { type SecondLook, secondLook } from './secondLook.js';
import type { AreaSlot, LabelSlot, ObservationSink, PeriodSlot } from './sink.js';

/** Largest input whose rows are re-read to find exact copies of a crime (record-level files with an id). */
export const DUPLICATE_CHECK_MAX_BYTES = 64 * 1024 * 1024;

/** A long input: its CSV text when it is CSV (grouped from its bytes), its records either way. */
export interface LongSource {
  text: CsvText | null;
  records: RecordSource;
  /** Its size in bytes (0 for a workbook sheet), to tell a large input. */
  bytes: number;
}

export interface LongOptions {
  /**
   * False when the command sums every area: a large file is then grouped without its area
   * columns (their distinct values are only counted), so memory does not grow with the areas.
   */
  areaDetail: boolean;
  /** Size from which a file counts as large. */
  largeFileBytes: number;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Area levels left out of the grouping (not asked for): their names are only listed. */
  unread?: { role: Role; index: number }[];
}

/**
 * Loads a long file (one count per row, or one row per crime): its rows are grouped by the raw
 * text of the key columns (area, time, offence and code), and each group then passes the row rules
 * once. Returns the file's blank lines.
 */
export async function loadLong(
  source: LongSource,
  layout: DetectedLayout,
  taxonomy: Taxonomy,
  ledger: LedgerBuilder,
  sink: ObservationSink,
  notes: string[],
  options: LongOptions,
): Promise<{ blankLines: number; places: GroupResult['places']; unreadNames: { role: Role; names: string[] }[] }> {
  const c = layout.columns;
  const unread = options.unread ?? [];
  const summed = !options.areaDetail && layout.areaLevels.length > 0 && source.bytes > options.largeFileBytes;
  const keyRoles: Role[] = summed ? [] : layout.areaLevels.map((l) => l.role);
  const times = timeRoles(layout.time);
  keyRoles.push(...times, 'offence');
  if (c.code !== undefined) keyRoles.push('code');
  const present = keyRoles.filter((r) => c[r] !== undefined);
  const keyColumns = present.map((r) => c[r]!);
  const counted = layout.shape !== 'records';
  const spec = {
    headerLine: layout.headerLine,
    headerFields: layout.header.length,
    keyColumns,
    countColumn: counted ? c.count! : null,
    ...(layout.delimiter ? { delimiter: layout.delimiter } : {}),
    tallyColumns: [...(summed ? layout.areaLevels.map((l) => l.index) : []), ...unread.map((l) => l.index)],
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  const result = source.text ? await groupRows(source.text, spec) : await groupRowsByStrings(source.records, spec);
  ledger.rowsRead = result.dataRows;
  // The grouped read saw the whole file; the header search only its first rows.
  layout.encoding = result.stats.encoding;
  layout.bom = result.stats.bom;
  let summedArea: { path: string[]; roles: Role[] } | null = null;
  if (summed) summedArea = summedAreaOf(result, layout, sink, notes);
  const keys = new GroupKeys(result, present, keyColumns);
  const look = await lookAgain(source, layout, result, keys, counted && !summed, options.largeFileBytes, ledger, notes);
  addGroups(result, keys, { layout, taxonomy, ledger, sink, notes, counted, summedArea, look });
  const unreadTallies = result.tallies.slice(result.tallies.length - unread.length);
  const unreadNames = unread.map((l, k) => ({
    role: l.role,
    names: [...new Set(unreadTallies[k].map((v) => v.trim()).filter((v) => v !== ''))].sort(),
  }));
  return { blankLines: result.stats.blankLines, places: result.places, unreadNames };
}

/** A large file's areas, summed as it was read: one area path for all, and their names counted. */
function summedAreaOf(result: GroupResult, layout: DetectedLayout, sink: ObservationSink, notes: string[]) {
  const named = (values: string[]) => [...new Set(values.map((v) => v.trim() || '(blank)'))].sort();
  const levels = result.tallies.slice(0, layout.areaLevels.length).map(named);
  const finest = levels[levels.length - 1];
  if (levels.every((v) => v.length === 1)) {
    return sink.area((i) => levels[layout.areaLevels.findIndex((l) => l.index === i)][0]);
  }
  notes.push(`a large file summed over its ${finest.length} areas as it is read (no --area or --each-area given)`);
  return sink.summedAreas(finest, layout.areaLevels[layout.areaLevels.length - 1].role);
}

/** The key of each group, by the roles of its columns. */
class GroupKeys {
  readonly width: number;
  constructor(
    private readonly result: GroupResult,
    readonly roles: Role[],
    readonly columns: number[],
  ) {
    this.width = columns.length;
  }

  pos(role: Role): number {
    return this.roles.indexOf(role);
  }

  /** Group `g`'s key values, in key order. */
  of(g: number): string[] {
    const { values, keys } = this.result;
    const key: string[] = [];
    for (let k = 0; k < this.width; k++) key.push(values[k][keys[g * this.width + k]]);
    return key;
  }

  /** Whether every value of group `g`'s key is blank (a row of delimiters only). */
  allBlank(g: number): boolean {
    return this.of(g).every((v) => v.trim() === '');
  }

  /** Whether any group can have an all-blank key: every column holds a blank value somewhere. */
  get blankPossible(): boolean {
    return this.result.values.every((vs) => vs.some((v) => v.trim() === ''));
  }
}

/**
 * Rows repeating the key of an earlier row (area, period, offence and code). In a table of counts
 * they are separate figures under one description (the Home Office lists Homicide's sub-offences
 * four times a force and quarter, with one combined code, often byte for byte), so they are added,
 * identical or not, and counted for a note.
 */
function repeatedKeyRows(result: GroupResult, keys: GroupKeys, blankPossible: boolean): number {
  let repeats = 0;
  const groupedRows = result.dataRows - (result.ragged?.rows ?? 0);
  if (groupedRows <= result.groupCount && !blankPossible) return 0;
  for (let g = 0; g < result.groupCount; g++) {
    if (result.rows[g] > 1 && !(blankPossible && keys.allBlank(g))) repeats += result.rows[g] - 1;
  }
  return repeats;
}

/**
 * Reads the input again, row by row, when the grouped read left something to explain: ragged rows
 * (notes, or a broken file) or rows of delimiters only; and, in a record-level file with a crime
 * id, rows that copy an earlier crime exactly (the same crime listed twice), which holds the rows
 * of the input, so it is done for inputs up to `largeFileBytes`.
 */
async function lookAgain(
  source: LongSource,
  layout: DetectedLayout,
  result: GroupResult,
  keys: GroupKeys,
  /** A table of counts grouped area by area: its repeated keys are counted. */
  counted: boolean,
  largeFileBytes: number,
  ledger: LedgerBuilder,
  notes: string[],
): Promise<SecondLook | null> {
  const blankPossible = keys.blankPossible;
  let blankKeyGroup = false;
  if (blankPossible) for (let g = 0; g < result.groupCount && !blankKeyGroup; g++) blankKeyGroup = keys.allBlank(g);
  if (counted) {
    const repeats = repeatedKeyRows(result, keys, blankPossible);
    ledger.duplicates.sameKeyRows += repeats;
  }
  const idColumn = layout.shape === 'records' ? layout.columns.id : undefined;
  let copies: { idColumn: number; keyColumns: number[] } | null = null;
  if (idColumn !== undefined) {
    if (result.stats.bytes > largeFileBytes) {
      const mb = Math.round(largeFileBytes / 1048576);
      notes.push(
        'rows copying an earlier crime exactly (the same crime id and every other field) are not looked for ' +
          `in an input over ${mb} MB: each row is counted`,
      );
    } else copies = { idColumn, keyColumns: keys.columns };
  }
  if (!result.ragged && !blankKeyGroup && !copies) return null;
  const look = await secondLook(source.records, layout, copies);
  ledger.rowsRead -= look.blankRows;
  ledger.blankRows += look.blankRows;
  if (look.notes)
    ledger.exclude(raggedNoteReason(layout.header.length), look.notes.rows, look.notes.example, look.notes.line);
  if (look.idRepeats > 0) notes.push(idRepeatsNote(look.idRepeats, layout.header[idColumn!]));
  return look;
}

function idRepeatsNote(rows: number, column: string): string {
  const what =
    rows === 1
      ? `1 row has the ${column} of an earlier row but differs from it`
      : `${rows} rows have the ${column} of an earlier row but differ from it`;
  return `${what} (another location or outcome of the same crime): each row is counted, as the publisher counts them`;
}

interface Context {
  layout: DetectedLayout;
  taxonomy: Taxonomy;
  ledger: LedgerBuilder;
  sink: ObservationSink;
  notes: string[];
  counted: boolean;
  summedArea: { path: string[]; roles: Role[] } | null;
  look: SecondLook | null;
}

/**
 * Numbers the distinct tuples of value ids at some key positions (-1: a role the file lacks, left
 * out), densely from 0, and gives each group its tuple's number and each number its first group:
 * what is worked out once per distinct tuple is then found per group by an array index.
 */
function tupleIds(result: GroupResult, width: number, positions: number[]): { ids: Int32Array; first: number[] } {
  const { keys, values, groupCount } = result;
  const ps = positions.filter((p) => p >= 0);
  const ids = new Int32Array(groupCount);
  const first: number[] = [];
  if (ps.length <= 1) {
    // One column: its value ids are the tuple ids, numbered in order of first use.
    const p = ps[0];
    const number = new Int32Array(p === undefined ? 1 : values[p].length).fill(-1);
    for (let g = 0; g < groupCount; g++) {
      const v = p === undefined ? 0 : keys[g * width + p];
      let id = number[v];
      if (id < 0) {
        number[v] = id = first.length;
        first.push(g);
      }
      ids[g] = id;
    }
    return { ids, first };
  }
  const radix = ps.map((p) => Math.max(1, values[p].length));
  const size = radix.reduce((a, b) => a * b, 1);
  // Tuples index a table while it stays small; beyond that, a map by their text.
  const table = size <= 1 << 20 ? new Int32Array(size).fill(-1) : null;
  const byText = table ? null : new Map<string, number>();
  for (let g = 0; g < groupCount; g++) {
    const base = g * width;
    let id: number;
    if (table) {
      let c = 0;
      for (let i = 0; i < ps.length; i++) c = c * radix[i] + keys[base + ps[i]];
      id = table[c];
      if (id < 0) {
        table[c] = id = first.length;
        first.push(g);
      }
    } else {
      let t = '';
      for (const p of ps) t += `${keys[base + p]},`;
      id = byText!.get(t) ?? -1;
      if (id < 0) {
        byText!.set(t, (id = first.length));
        first.push(g);
      }
    }
    ids[g] = id;
  }
  return { ids, first };
}

/**
 * The numbers as 32-bit integers when every one of them is one (as counts nearly always are):
 * until V8 has optimised the loop that reads them, each element read from a Float64Array is a
 * new heap number, where an Int32Array's are small integers.
 */
function wholeNumbers(numbers: Float64Array): Float64Array | Int32Array {
  const ints = new Int32Array(numbers);
  // Converted back, the integers give the same bytes only if every number was one (compared a
  // slice at a time: a file of millions of groups needs no second copy of them).
  const back = new Float64Array(Math.min(numbers.length, 1 << 16));
  const bytes = Buffer.from(back.buffer);
  for (let from = 0; from < numbers.length; from += back.length) {
    const n = Math.min(back.length, numbers.length - from);
    back.set(ints.subarray(from, from + n));
    const given = Buffer.from(numbers.buffer, numbers.byteOffset + from * 8, n * 8);
    if (Buffer.compare(bytes.subarray(0, n * 8), given) !== 0) return numbers;
  }
  return ints;
}

interface LabelTuple {
  offence: string;
  code: string | null;
  totals: string | null;
  /** The row rules pass the label whatever the rest of the row. */
  passes: boolean;
  slot: LabelSlot | null;
}
interface AreaTuple {
  totals: string | null;
  slot: AreaSlot | null;
}
interface TimeTuple {
  /** The time cells as the rules read them: whether a period was read, and the cells as written. */
  read: { read: boolean; raw: string };
  period: Period | null;
  snappedFrom?: string;
  slot: PeriodSlot | null;
}

/**
 * Adds the groups to the ledger and the sink, in order of their first row. What is read from text
 * (the label and its class, the area, the period) is worked out once per distinct tuple of values:
 * the order in which labels, areas and periods are first met is part of the output.
 */
function addGroups(result: GroupResult, keys: GroupKeys, ctx: Context): void {
  const { layout, taxonomy, ledger, sink, notes, counted, summedArea, look } = ctx;
  const { values, groupCount } = result;
  const width = keys.width;
  const byKey = look && look.byKey.size > 0 ? look.byKey : null;
  const blankInGroups = look?.blankInGroups ?? 0;
  const offencePos = keys.pos('offence');
  const codePos = keys.pos('code');
  const areaPos = layout.areaLevels.map((l) => keys.columns.indexOf(l.index)).filter((p) => p >= 0);
  const timePos = timeRoles(layout.time).map((r) => keys.pos(r));
  const valueAt = (g: number, p: number) => values[p][result.keys[g * width + p]];
  const labelIds = tupleIds(result, width, [offencePos, codePos]);
  const areaIds = tupleIds(result, width, areaPos);
  const timeIds = tupleIds(result, width, timePos);
  const labels: LabelTuple[] = labelIds.first.map((g) => {
    const offence = offencePos >= 0 ? valueAt(g, offencePos).trim() : '';
    const code = codePos >= 0 ? valueAt(g, codePos).trim() || null : null;
    const totals = labelTotalsLabel(taxonomy, offence, code);
    return { offence, code, totals, passes: rowExclusion({ offence, code, totals, note: false }) === null, slot: null };
  });
  const areas: AreaTuple[] = areaIds.first.map((g) => ({
    totals: areaTotalsLabel(
      taxonomy,
      areaPos.map((p) => valueAt(g, p)),
    ),
    slot: null,
  }));
  const times: (TimeTuple | undefined)[] = new Array(timeIds.first.length);
  const snapped = new Map<string, { to: string; rows: number }>();
  const exampleOf = (key: string[]) => key.map((k) => k.trim()).join(', ');
  const noUnparsed = new Map<string, { rows: number; firstLine: number }>();
  const timeOf = (g: number): TimeTuple => {
    const cells = timePos.map((p) => (p >= 0 ? valueAt(g, p) : ''));
    const { period, snappedFrom } = periodOfCells(layout.time, cells);
    return (times[timeIds.ids[g]] = {
      read: { read: period !== null, raw: cells.join(' ') },
      period,
      snappedFrom,
      slot: null,
    });
  };
  // A date read as another is noted from the first group that gets as far as its period.
  const snapFor = (time: TimeTuple) => {
    let s = snapped.get(time.snappedFrom!);
    if (!s) snapped.set(time.snappedFrom!, (s = { to: time.period!.end, rows: 0 }));
    return s;
  };
  const areaSlotOf = (g: number) => {
    const key = keys.of(g);
    return sink.areaSlot(summedArea ?? sink.area((i) => key[keys.columns.indexOf(i)]));
  };
  // Groups the second look has nothing to say about, whose label, area and period pass the rules,
  // with counts all read and none negative, are added without the checks below.
  const plain = !byKey && !blankInGroups;
  const groupRows = wholeNumbers(result.rows);
  const sums = wholeNumbers(result.sums);
  const negatives = wholeNumbers(result.negative);
  const hasUnparsed = result.unparsed.size > 0;
  for (let g = 0; g < groupCount; g++) {
    if (plain && negatives[g] === 0 && groupRows[g] > 0 && !(hasUnparsed && result.unparsed.has(g))) {
      const label = labels[labelIds.ids[g]];
      const area = areas[areaIds.ids[g]];
      const time = times[timeIds.ids[g]] ?? timeOf(g);
      if (label.passes && area.totals === null && time.period !== null) {
        const rows = groupRows[g];
        const sum = sums[g];
        ledger.offencesRead += sum;
        if (time.snappedFrom) snapFor(time).rows += rows;
        area.slot ??= areaSlotOf(g);
        label.slot ??= sink.labelSlot(label.offence || label.code!, label.code);
        time.slot ??= sink.periodSlot(time.period);
        sink.addResolved(area.slot, label.slot, time.slot, sum, rows);
        ledger.rowsUsed += rows;
        ledger.offencesUsed += sum;
        continue;
      }
    }
    let rows = groupRows[g];
    let sum = sums[g];
    let unparsed = result.unparsed.get(g) ?? noUnparsed;
    if (blankInGroups && keys.allBlank(g)) {
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
    ledger.offencesRead += sum;
    let totalRows = rows;
    if (unparsed.size) for (const u of unparsed.values()) totalRows += u.rows;
    const label = labels[labelIds.ids[g]];
    const area = areas[areaIds.ids[g]];
    const time = times[timeIds.ids[g]] ?? timeOf(g);
    const excluded = rowExclusion({
      offence: label.offence,
      code: label.code,
      totals: area.totals ?? label.totals,
      note: counted && rows === 0 && filledCells(keys.of(g)) === 1 && [...unparsed.keys()].every((k) => k === ''),
      period: time.read,
    });
    const pastLabels = !excluded || excluded.reason === NO_LABEL_REASON;
    if (pastLabels && time.snappedFrom) snapFor(time);
    if (excluded) {
      const offences = excluded.offences === 'always' || (excluded.offences === 'when-read' && rows) ? sum : undefined;
      ledger.exclude(excluded.reason, totalRows, exampleOf(keys.of(g)), result.firstLine[g], offences);
      continue;
    }
    const period = time.period!;
    if (unparsed.size) {
      const example = exampleOf(keys.of(g));
      for (const [raw, u] of unparsed)
        ledger.exclude(describeUnparsedCount(raw), u.rows, `${example}, '${raw}'`, u.firstLine);
    }
    if (rows === 0) continue;
    let negativeRows = negatives[g];
    // Only a group of several rows can have a repeated key.
    const dup = byKey && groupRows[g] > 1 ? byKey.get(keys.of(g).join(KEY_SEPARATOR)) : undefined;
    if (dup) {
      if (dup.identicalRows) {
        ledger.duplicate(dup.identicalRows, dup.identicalOffences, exampleOf(keys.of(g)), dup.firstIdenticalLine);
        rows -= dup.identicalRows;
        sum -= dup.identicalOffences;
        negativeRows -= dup.identicalNegative;
      }
      ledger.duplicates.sameKeyRows += dup.sameKeyRows;
    }
    if (time.snappedFrom) snapFor(time).rows += rows;
    area.slot ??= areaSlotOf(g);
    label.slot ??= sink.labelSlot(label.offence || label.code!, label.code);
    time.slot ??= sink.periodSlot(period);
    sink.addResolved(area.slot, label.slot, time.slot, sum, rows);
    ledger.rowsUsed += rows;
    ledger.offencesUsed += sum;
    ledger.negativeRows += negativeRows;
    if (negativeRows > 0) {
      const offence = label.offence || label.code!;
      ledger.negative({
        line: result.firstLine[g],
        area: area.slot.path.join(' / '),
        offence,
        code: label.code,
        period: period.label,
        count: sum,
        rows,
      });
    }
  }
  for (const [raw, s] of snapped) {
    notes.push(
      `${s.rows} rows dated '${raw}' read as 12 months ending ${s.to} (a period end one day short of the month ` +
        'end it stands for)',
    );
  }
}
