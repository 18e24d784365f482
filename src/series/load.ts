import { StalkError } from '../core/errors.js';
import { type ColumnMap, detectLayout } from '../schema/layouts.js';
import { type CategoryId, loadTaxonomy } from '../taxonomy/taxonomy.js';
import { deriveCombined } from './derive.js';
import { LedgerBuilder } from './ledger.js';
import { DUPLICATE_CHECK_MAX_BYTES, loadLong } from './loadLong.js';
import { loadWide } from './loadWide.js';
import { ObservationSink } from './sink.js';
import type { LoadedInput } from './types.js';

export { describeUnparsedCount } from './ledger.js';
export { DUPLICATE_CHECK_MAX_BYTES };

export interface LoadOptions {
  map?: ColumnMap;
  /**
   * Categories to keep as observations. Others are still counted in the ledger and the label list,
   * but not held period by period (a command about stalking need not hold every burglary).
   */
  keep?: ReadonlySet<CategoryId>;
  /**
   * False when the command sums every area: a large long file is then read summed over its areas
   * (their distinct values are only counted), so memory does not grow with the areas.
   */
  areaDetail?: boolean;
  /** Size from which a file counts as large (default `DUPLICATE_CHECK_MAX_BYTES`). */
  largeFileBytes?: number;
  /** Told how far the grouped read of a long file has got. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

/** Loads one input file into tidy observations and a ledger of every row. */
export async function loadInput(path: string, index: number, options: LoadOptions = {}): Promise<LoadedInput> {
  const layout = await detectLayout(path, options.map);
  const taxonomy = loadTaxonomy();
  const ledger = new LedgerBuilder();
  const sink = new ObservationSink(index, taxonomy, layout, options.keep);
  const notes: string[] = [];
  const blankLines =
    layout.shape === 'wide'
      ? await loadWide(path, layout, taxonomy, ledger, sink)
      : await loadLong(path, layout, taxonomy, ledger, sink, notes, {
          areaDetail: options.areaDetail !== false,
          largeFileBytes: options.largeFileBytes ?? DUPLICATE_CHECK_MAX_BYTES,
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        });
  if (ledger.rowsRead === 0) {
    throw new StalkError(
      'E_HEADER_ONLY',
      `the file has a ${layout.name} header but no data rows (only blank lines below it)`,
      {
        file: path,
        line: layout.headerLine,
      },
    );
  }
  notes.push(...ledger.duplicateNotes());
  const observations = sink.observations();
  const derived = deriveCombined(observations, sink.hasCombined, sink.codes);
  notes.push(...derived.notes);
  const labels = sink.labelUses();
  const warnings = [...sink.warnings];
  for (const l of labels) {
    if (l.category === 'other' && taxonomy.looksLikeSubGroup(l.offence)) {
      warnings.push(
        `offence label '${l.offence}' (${l.rows} rows) looks like stalking or harassment but matches no category, so it is counted as other; 'stalkstats inspect' lists every label and how it was matched`,
      );
    }
  }
  return {
    index,
    path,
    layout,
    observations: observations.concat(derived.observations),
    ledger: ledger.build(blankLines, layout.linesAbove),
    labels,
    notes,
    warnings,
    hasCombined: sink.hasCombined,
    areas: sink.areaPaths(),
    ...(sink.summed ? { summedAreas: sink.summed.names.length } : {}),
    ...(sink.dayRange ? { coverage: { ...sink.dayRange } } : {}),
    separateCodes: [...sink.codes].sort(),
  };
}

export function assertHasData(input: LoadedInput): void {
  if (input.ledger.rowsUsed === 0) {
    const ex = input.ledger.excluded;
    const rows = ex.reduce((s, e) => s + e.rows, 0);
    // Point at the first excluded line: where a reader of the file would start looking.
    const first = ex.length ? ex.reduce((a, b) => ((b.line ?? Infinity) < (a.line ?? Infinity) ? b : a)) : undefined;
    throw new StalkError(
      'E_NO_DATA',
      `no usable rows${first ? ` (${rows} excluded; the first: ${first.reason})` : ''}`,
      {
        file: input.path,
        line: first?.line,
      },
    );
  }
}

export type { CategoryId };

/** Offence labels that matched no category but name one of the sub-group's offences. */
export function unmatchedLabels(input: LoadedInput): LoadedInput['labels'] {
  const taxonomy = loadTaxonomy();
  return input.labels.filter((l) => l.category === 'other' && taxonomy.looksLikeSubGroup(l.offence));
}

/**
 * `--strict`: anything the loader set aside or could not place is an error, pointing at the first
 * line concerned: an excluded row or cell, a row repeating another's key, an unmatched label.
 */
export function assertStrict(input: LoadedInput): void {
  const l = input.ledger;
  const rows = l.excluded.reduce((s, e) => s + e.rows, 0);
  const cells = l.cellsExcluded.reduce((s, e) => s + e.rows, 0);
  if (rows + cells > 0) {
    const first = [...l.excluded, ...l.cellsExcluded].reduce((a, b) =>
      (b.line ?? Infinity) < (a.line ?? Infinity) ? b : a,
    );
    const what = [rows ? `${rows} row(s)` : '', cells ? `${cells} cell(s)` : ''].filter(Boolean).join(' and ');
    throw new StalkError('E_STRICT', `--strict: ${what} excluded; the first: ${first.reason} (${first.example})`, {
      file: input.path,
      line: first.line,
    });
  }
  if (l.duplicates.sameKeyRows > 0) {
    const rowsRepeat = `${l.duplicates.sameKeyRows} row(s) repeat the area, period and offence of an earlier row`;
    throw new StalkError('E_STRICT', `--strict: ${rowsRepeat}; their counts would be added together`, {
      file: input.path,
    });
  }
  const unmatched = unmatchedLabels(input)[0];
  if (unmatched) {
    const what = `offence label '${unmatched.offence}' looks like stalking or harassment but matches no category`;
    throw new StalkError('E_STRICT', `--strict: ${what}`, { file: input.path });
  }
}
