import { normaliseLabel } from '../core/dataFiles.js';
import { StalkError } from '../core/errors.js';
import type { PartPlace } from '../read/byteInput.js';
import { parseCount } from '../read/group.js';
import type { RecordSource } from '../read/records.js';
import type { DetectedLayout, Role } from '../schema/layouts.js';
import {
  type AreaLevel,
  findTable,
  type SheetRecord,
  TABLE_SKIPS,
  type TableColumn,
  tableRows,
} from '../schema/tables.js';
import type { Taxonomy } from '../taxonomy/taxonomy.js';
import { describeUnparsedCount, type LedgerBuilder } from './ledger.js';
import type { ObservationSink } from './sink.js';

/** Most records a published table is read from: ONS data tables are a few dozen rows. */
const MAX_TABLE_RECORDS = 100_000;

const ROLE_OF_LEVEL: Record<AreaLevel, Role> = {
  'england-and-wales': 'country',
  country: 'country',
  region: 'region',
  force: 'force',
  other: 'area',
};

/** Rows at these levels add up other rows of the table. */
const AGGREGATE_LEVELS = new Set<AreaLevel>(['england-and-wales', 'country', 'region']);

export const belowTableReason = 'source or note line under the table';

/**
 * The columns whose cells are totals of other columns of the table ("Violence against the
 * person" beside its parts, "Total recorded crime"), with the reason: adding them to their parts
 * would count offences twice.
 */
function totalColumns(columns: TableColumn[], taxonomy: Taxonomy): Map<number, string> {
  const totals = new Set(columns.filter((c) => c.partOf).map((c) => normaliseLabel(c.partOf!)));
  const out = new Map<number, string>();
  for (const c of columns) {
    if (totals.has(normaliseLabel(c.offence)) || taxonomy.isTotalsLabel(c.offence, null)) {
      out.set(c.index, `total column ('${c.offence}'): the sum of other columns of the table, not added again`);
    }
  }
  return out;
}

/**
 * Loads a published table (areas as rows, offence groups as columns, one period in its title):
 * every cell of a data row is a count for its area, offence and the table's period. Rows that
 * total other rows (England and Wales, countries, regions) are kept as their areas' own figures,
 * marked so that no sum of areas adds them to the forces they contain. A force is placed in the
 * region (or, in Wales, the country) listed above it with the same nation in its area code.
 */
export async function loadTable(
  records: RecordSource,
  layout: DetectedLayout,
  taxonomy: Taxonomy,
  ledger: LedgerBuilder,
  sink: ObservationSink,
  notes: string[],
): Promise<{ blankLines: number; places: PartPlace[] }> {
  const all: SheetRecord[] = [];
  const stats = await records.scan((fields, line) => {
    all.push({ fields, line });
    if (all.length > MAX_TABLE_RECORDS) {
      throw new StalkError(
        'E_LAYOUT_UNKNOWN',
        `more than ${MAX_TABLE_RECORDS.toLocaleString('en-GB')} rows: too many for a published table`,
        { file: records.name },
      );
    }
  });
  const search = findTable(all);
  if (!search.ok)
    throw new StalkError('E_LAYOUT_UNKNOWN', search.reason, { file: records.name, line: search.line ?? undefined });
  const table = search.table;
  layout.table = table;
  const period = table.period;
  const periodSlot = () => sink.periodSlot(period);
  const totals = totalColumns(table.columns, taxonomy);
  const parents = new Map<string, { name: string; role: Role }>();
  let aggregates = 0;
  let seenData = false;
  for (const record of all) {
    const row = tableRows(table, record);
    if ('skip' in row) {
      if (row.skip === TABLE_SKIPS.above || (!seenData && row.skip === TABLE_SKIPS.blank)) continue;
      if (row.skip === TABLE_SKIPS.blank) {
        ledger.blankRows++;
        continue;
      }
      ledger.rowsRead++;
      const example = record.fields
        .filter((f) => f.trim() !== '')
        .join(',')
        .slice(0, 120);
      const reason = row.skip === TABLE_SKIPS.below || row.skip === TABLE_SKIPS.notes ? belowTableReason : row.skip;
      ledger.exclude(reason, 1, example, record.line);
      continue;
    }
    seenData = true;
    ledger.rowsRead++;
    const nation = row.areaCode?.[0] ?? null;
    const aggregate = AGGREGATE_LEVELS.has(row.level);
    if (aggregate) aggregates++;
    if ((row.level === 'region' || row.level === 'country') && nation)
      parents.set(nation, { name: row.area, role: ROLE_OF_LEVEL[row.level] });
    const parent = !aggregate && nation ? parents.get(nation) : undefined;
    const area = sink.areaOfPath(
      parent ? [parent.name, row.area] : [row.area],
      parent ? [parent.role, ROLE_OF_LEVEL[row.level]] : [ROLE_OF_LEVEL[row.level]],
      aggregate,
    );
    const example = `${row.area}${row.areaCode ? ` (${row.areaCode})` : ''}`;
    let used = 0;
    for (let i = 0; i < row.cells.length; i++) {
      const cell = row.cells[i];
      const total = totals.get(table.columns[i].index);
      if (total) {
        ledger.excludeCell(total, `${example} … ${cell.column}='${cell.raw}'`, record.line);
        continue;
      }
      const v = parseCount(cell.raw);
      if (Number.isNaN(v)) {
        ledger.excludeCell(describeUnparsedCount(cell.raw), `${example} … ${cell.column}='${cell.raw}'`, record.line);
        continue;
      }
      ledger.offencesRead += v;
      if (v < 0) {
        ledger.negative({
          line: record.line,
          area: area.path.join(' / '),
          offence: cell.offence,
          code: null,
          period: period.label,
          count: v,
          rows: 1,
        });
      }
      sink.addResolved(sink.areaSlot(area), sink.labelSlot(cell.offence, null), periodSlot(), v, 1);
      ledger.offencesUsed += v;
      used++;
    }
    if (used > 0) ledger.rowsUsed++;
    else ledger.exclude('no usable count in any offence column', 1, example, record.line);
  }
  notes.push(`${records.name}: ${table.reason}`);
  if (aggregates > 0) {
    notes.push(
      `${aggregates} rows of the table total other rows (England and Wales, countries, regions): ` +
        "each is its area's own figure for --area NAME, and never added into a sum of areas",
    );
  }
  return { blankLines: stats.blankLines, places: stats.places };
}
