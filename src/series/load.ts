import { StalkError } from '../core/errors.js';
import { locateLine, type PartPlace } from '../read/byteInput.js';
import { openInputs } from '../read/inputs.js';
import { csvRecords, type RecordSource, sheetRecords } from '../read/records.js';
import type { ColumnMap, DetectedLayout, Role } from '../schema/layouts.js';
import { type CategoryId, loadTaxonomy } from '../taxonomy/taxonomy.js';
import { deriveCombined } from './derive.js';
import { LedgerBuilder } from './ledger.js';
import { DUPLICATE_CHECK_MAX_BYTES, loadLong } from './loadLong.js';
import { loadTable } from './loadTable.js';
import { loadWide } from './loadWide.js';
import { type InputPlan, planInputs } from './plan.js';
import { ObservationSink } from './sink.js';
import type { Coverage, LoadedInput } from './types.js';

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
  /** The span a record-level input covers (`--coverage`), instead of its first to last record. */
  coverage?: { start: string; end: string };
  /**
   * Read the area levels a layout reads only when asked for (police.uk's LSOAs): with an area of
   * that level named, or one series per area. Default true.
   */
  fineAreas?: boolean;
}

/** The records of a planned input: CSV text (one file or several as one), or a sheet padded to its header. */
function recordsOf(plan: InputPlan): RecordSource {
  return plan.kind === 'csv'
    ? csvRecords(plan.text, plan.layout.delimiter || undefined)
    : sheetRecords(plan.workbook, plan.sheet, plan.name, plan.layout.header.length);
}

/**
 * An input's size, to tell a large one: its text, or for a sheet the XML it is stored as (about
 * two to three times the same rows as CSV, so a sheet counts as large a little sooner).
 */
function bytesOf(plan: InputPlan): number {
  if (plan.kind === 'sheet') return plan.workbook.partBytes(plan.sheet);
  return plan.text.parts.reduce((n, p) => n + (p.input.size ?? p.input.sizeHint ?? 0), 0);
}

/**
 * Loads one input into tidy observations and a ledger of every row: a planned input (see
 * plan.ts), or a path, which must hold one input (a file, or a workbook with one readable sheet).
 */
export async function loadInput(
  source: string | InputPlan,
  index: number,
  options: LoadOptions = {},
): Promise<LoadedInput> {
  if (typeof source !== 'string') return loadPlanned(source, index, options);
  const opened = await openInputs([source]);
  try {
    const { plans } = await planInputs(opened, options.map);
    if (plans.length !== 1) {
      throw new StalkError('E_USAGE', `holds ${plans.length} inputs; read it with loadInputs`, { file: source });
    }
    return await loadPlanned(plans[0], index, options);
  } finally {
    await opened.close();
  }
}

async function loadPlanned(plan: InputPlan, index: number, options: LoadOptions): Promise<LoadedInput> {
  // Levels not asked for are left out of the areas (their names are listed), in this read only.
  const unread =
    options.fineAreas === false ? plan.layout.areaLevels.filter((l) => plan.layout.fineAreas?.includes(l.role)) : [];
  const layout = unread.length
    ? { ...plan.layout, areaLevels: plan.layout.areaLevels.filter((l) => !unread.includes(l)) }
    : plan.layout;
  const path = plan.name;
  const taxonomy = loadTaxonomy();
  const ledger = new LedgerBuilder();
  const sink = new ObservationSink(index, taxonomy, layout, options.keep);
  const notes: string[] = [];
  const records = recordsOf(plan);
  const read: { blankLines: number; places: PartPlace[]; unreadNames?: { role: Role; names: string[] }[] } =
    layout.shape === 'wide-groups'
      ? await loadTable(records, layout, taxonomy, ledger, sink, notes)
      : layout.shape === 'wide'
        ? await loadWide(records, layout, taxonomy, ledger, sink)
        : await loadLong(
            { text: plan.kind === 'csv' ? plan.text : null, records, bytes: bytesOf(plan) },
            layout,
            taxonomy,
            ledger,
            sink,
            notes,
            {
              areaDetail: options.areaDetail !== false,
              largeFileBytes: options.largeFileBytes ?? DUPLICATE_CHECK_MAX_BYTES,
              ...(options.onProgress ? { onProgress: options.onProgress } : {}),
              unread,
            },
          );
  const places = read.places;
  ledger.locate = (line) => locateLine(places, line);
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
  observations.append(derived.observations);
  const labels = sink.labelUses();
  const warnings = [...sink.warnings];
  for (const l of labels) {
    if (l.category === 'other' && taxonomy.looksLikeSubGroup(l.offence)) {
      warnings.push(
        `offence label '${l.offence}' (${l.rows} rows) looks like stalking or harassment but matches no ` +
          `category, so it is counted as other; 'stalkstats inspect' lists every label and how it was matched`,
      );
    }
  }
  return {
    index,
    path,
    layout,
    observations,
    ledger: ledger.build(read.blankLines, layout.linesAbove),
    labels,
    notes,
    warnings,
    hasCombined: sink.hasCombined,
    areas: [
      ...sink.areaPaths(),
      ...(read.unreadNames ?? []).flatMap((u) => u.names.map((name) => ({ path: [name], roles: [u.role] }))),
    ],
    ...(unread.length ? { unreadLevels: unread.map((l) => l.role) } : {}),
    ...(sink.summed ? { summedAreas: sink.summed.names.length } : {}),
    ...coverageOf(layout, sink, options.coverage, notes),
    separateCodes: [...sink.codes].sort(),
    ...(places.length > 1 ? { parts: places.map((p) => ({ path: p.name, rows: p.dataRows })) } : {}),
  };
}

/** Months (first days) from `start` to `end`. */
function monthsBetween(start: string, end: string): string[] {
  const out: string[] = [];
  let y = Number(start.slice(0, 4));
  let m = Number(start.slice(5, 7));
  for (;;) {
    const first = `${y}-${String(m).padStart(2, '0')}-01`;
    if (first > end) return out;
    out.push(first);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
}

/** The span a record-level input covers (see `Coverage`), saying so when it is only guessed. */
function coverageOf(
  layout: DetectedLayout,
  sink: ObservationSink,
  given: { start: string; end: string } | undefined,
  notes: string[],
): { coverage?: Coverage } {
  if (layout.shape !== 'records') return sink.dayRange ? { coverage: { ...sink.dayRange } } : {};
  if (sink.months.size > 0 && !sink.dayRange) {
    const months = given ? monthsBetween(given.start, given.end) : [...sink.months].sort();
    return { coverage: { start: months[0], end: given?.end ?? months[months.length - 1], months } };
  }
  if (!sink.dayRange) return {};
  if (given) return { coverage: { ...given, guessed: false } };
  const { start, end } = sink.dayRange;
  notes.push(
    `one row per crime: the span covered is taken as ${start} to ${end}, the first and last record; ` +
      'a month or year beyond it is left out as incomplete ' +
      '(--coverage FROM..TO states the span when the extract covers more)',
  );
  return { coverage: { start, end, guessed: true } };
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
        file: first?.file ?? input.path,
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
 * line concerned: an excluded row or cell, an unmatched label. Rows of a table of counts that
 * repeat a key are separate figures and are added (see `duplicateNotes`), so they are not one.
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
      file: first.file ?? input.path,
      line: first.line,
    });
  }
  const unmatched = unmatchedLabels(input)[0];
  if (unmatched) {
    const what = `offence label '${unmatched.offence}' looks like stalking or harassment but matches no category`;
    throw new StalkError('E_STRICT', `--strict: ${what}`, { file: input.path });
  }
}
