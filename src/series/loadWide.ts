import type { PartPlace } from '../read/byteInput.js';
import { KEY_SEPARATOR, parseCount } from '../read/group.js';
import type { RecordSource } from '../read/records.js';
import type { DetectedLayout } from '../schema/layouts.js';
import type { Taxonomy } from '../taxonomy/taxonomy.js';
import { describeUnparsedCount, type LedgerBuilder, NO_COUNT_REASON, raggedNoteReason } from './ledger.js';
import { areaTotalsLabel, fieldCount, filledCells, labelTotalsLabel, RaggedTracker, rowExclusion } from './rows.js';
import type { AreaSlot, LabelSlot, ObservationSink, PeriodSlot } from './sink.js';

/**
 * Loads a wide file (one column per period), row by row: each row passes the row rules, then each
 * of its period cells is a count, or an excluded cell. A row that repeats the area and offence of
 * an earlier one is added, identical or not, and counted for a note (see `duplicateNotes`).
 * Returns the file's blank lines.
 */
export async function loadWide(
  records: RecordSource,
  layout: DetectedLayout,
  taxonomy: Taxonomy,
  ledger: LedgerBuilder,
  sink: ObservationSink,
): Promise<{ blankLines: number; places: PartPlace[] }> {
  const c = layout.columns;
  const offenceCol = c.offence!;
  const codeCol = c.code;
  const majorCol = c.major;
  const width = layout.header.length;
  const tracker = new RaggedTracker(records.name, width);
  const seenKeys = new Set<string>();
  const periodColumns = layout.periodColumns;
  /** Each period column's slot, once a count has been added in it. */
  const periodSlots: (PeriodSlot | undefined)[] = new Array(periodColumns.length);
  const stats = await records.scan((fields, line) => {
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
    for (const pc of periodColumns) {
      const v = parseCount(fields[pc.index]);
      if (!Number.isNaN(v)) {
        sum += v;
        readable++;
      }
    }
    ledger.offencesRead += sum;
    const offence = fields[offenceCol].trim();
    const code = codeCol !== undefined ? fields[codeCol].trim() || null : null;
    const areaCells = layout.areaLevels.map((l) => fields[l.index]);
    const major = majorCol !== undefined ? fields[majorCol] : undefined;
    const excluded = rowExclusion({
      offence,
      code,
      totals: areaTotalsLabel(taxonomy, areaCells) ?? labelTotalsLabel(taxonomy, offence, code, major),
      note: filled === 1 && readable === 0,
    });
    if (excluded) {
      const offences =
        excluded.offences === 'always' || (excluded.offences === 'when-read' && readable) ? sum : undefined;
      ledger.exclude(excluded.reason, 1, example, line, offences);
      return;
    }
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
        ledger.negative({
          line,
          area: area.path.join(' / '),
          offence: offence || code!,
          code,
          period: pc.column,
          count: v,
          rows: 1,
        });
      }
      areaSlot ??= sink.areaSlot(area);
      labelSlot ??= sink.labelSlot(offence || code!, code);
      const periodSlot = (periodSlots[j] ??= sink.periodSlot(pc.period));
      sink.addResolved(areaSlot, labelSlot, periodSlot, v, 1);
      ledger.offencesUsed += v;
      used++;
    }
    if (used === 0) {
      ledger.exclude(NO_COUNT_REASON, 1, example, line);
      return;
    }
    if (repeatsKey) ledger.duplicates.sameKeyRows++;
    ledger.rowsUsed++;
    if (negative) ledger.negativeRows++;
  });
  const notes = tracker.finish();
  if (notes) ledger.exclude(raggedNoteReason(width), notes.rows, notes.example, notes.line);
  layout.encoding = stats.encoding;
  layout.bom = stats.bom;
  return { blankLines: stats.blankLines, places: stats.places };
}
