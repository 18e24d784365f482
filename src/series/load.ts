import { StalkError } from '../core/errors.js';
import { day, fyQuarter, type Period } from '../core/periods.js';
import { scanCsv } from '../read/csv.js';
import { groupRows, KEY_SEPARATOR, parseCount } from '../read/group.js';
import { detectLayout, type ColumnMap, type DetectedLayout, type Role } from '../schema/layouts.js';
import { parseDateCell, parseFinancialYear, parsePeriodLabel, parseQuarterNumber, parseRollingEnd } from '../schema/periodCells.js';
import { type CategoryId, loadTaxonomy, type Taxonomy } from '../taxonomy/taxonomy.js';
import { deriveCombined } from './derive.js';
import type { ExcludedEntry, LabelUse, Ledger, LoadedInput, Observation } from './types.js';

export interface LoadOptions {
  map?: ColumnMap;
  /**
   * Categories to keep as observations. Others are still counted in the ledger and the label list,
   * but not held period by period (a command about stalking need not hold every burglary).
   */
  keep?: ReadonlySet<CategoryId>;
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
};

export function describeUnparsedCount(raw: string): string {
  const m = MARKERS[raw.trim().toLowerCase()];
  return m ? `count missing: ${m}` : `count is not a number ('${raw.length > 20 ? raw.slice(0, 20) + '…' : raw}')`;
}

class LedgerBuilder {
  rowsRead = 0;
  rowsUsed = 0;
  offencesUsed = 0;
  negativeRows = 0;
  private excluded = new Map<string, ExcludedEntry>();
  private cells = new Map<string, ExcludedEntry>();

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
    const byRows = (a: ExcludedEntry, b: ExcludedEntry) => b.rows - a.rows || a.reason.localeCompare(b.reason);
    return {
      rowsRead: this.rowsRead,
      rowsUsed: this.rowsUsed,
      excluded: [...this.excluded.values()].sort(byRows),
      cellsExcluded: [...this.cells.values()].sort(byRows),
      offencesUsed: this.offencesUsed,
      negativeRows: this.negativeRows,
      blankLines,
      linesAbove,
    };
  }
}

const areaIds = new WeakMap<string[], number>();
let nextAreaId = 0;
/** A small id per interned area path (paths are shared arrays, see ObservationSink.area). */
function areaId(path: string[]): number {
  let id = areaIds.get(path);
  if (id === undefined) areaIds.set(path, (id = nextAreaId++));
  return id;
}

class ObservationSink {
  private obs = new Map<string, Observation>();
  private labels = new Map<string, LabelUse>();
  hasCombined = false;
  codes = new Set<string>();
  warnings = new Set<string>();

  private areas = new Map<string, { path: string[]; roles: Role[] }>();

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

  add(areaPath: string[], areaRoles: Role[], offence: string, code: string | null, period: Period, count: number, rows: number): void {
    const cls = this.taxonomy.classify(offence, code, this.layout.id);
    if (cls.warning) this.warnings.add(cls.warning);
    if (cls.category === 'stalking-and-harassment') this.hasCombined = true;
    if (cls.subcategory) this.codes.add(cls.subcategory);
    const labelKey = `${offence}\u0002${code ?? ''}`;
    const l = this.labels.get(labelKey);
    if (l) {
      l.rows += rows;
      l.offences += count;
    } else this.labels.set(labelKey, { offence, code, category: cls.category, subcategory: cls.subcategory, matchedBy: cls.matchedBy, rows, offences: count });
    if (this.keep && !this.keep.has(cls.category) && !(cls.subcategory && this.keep.has('stalking-and-harassment'))) return;
    const key = `${areaId(areaPath)}\u0002${offence}\u0002${code ?? ''}\u0002${period.key}`;
    const o = this.obs.get(key);
    if (o) {
      o.count += count;
      o.rows += rows;
    } else {
      this.obs.set(key, {
        input: this.input,
        areaPath,
        areaRoles,
        category: cls.category,
        subcategory: cls.subcategory,
        offence,
        code,
        period,
        count,
        rows,
        derived: false,
      });
    }
  }

  observations(): Observation[] {
    return [...this.obs.values()];
  }

  labelUses(): LabelUse[] {
    const rank = (c: string) => (c === 'other' ? 1 : 0);
    return [...this.labels.values()].sort((a, b) => rank(a.category) - rank(b.category) || a.category.localeCompare(b.category) || a.offence.localeCompare(b.offence) || (a.code ?? '').localeCompare(b.code ?? ''));
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
  else blankLines = await loadLong(path, layout, taxonomy, ledger, sink, notes);

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
    separateCodes: [...sink.codes].sort(),
  };
}

async function loadLong(
  path: string,
  layout: DetectedLayout,
  taxonomy: Taxonomy,
  ledger: LedgerBuilder,
  sink: ObservationSink,
  notes: string[],
): Promise<number> {
  const c = layout.columns;
  const keyRoles: Role[] = [];
  for (const lvl of layout.areaLevels) keyRoles.push(lvl.role);
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
  });
  ledger.rowsRead = result.dataRows;
  if (result.ragged) {
    ledger.exclude(`ragged row: field count differs from the header's ${layout.header.length} (a footnote or a broken line)`, result.ragged.rows, result.ragged.example, result.ragged.firstLine);
  }
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
  for (const g of result.groups.values()) {
    const key = g.key;
    let totalRows = g.rows;
    if (g.unparsed.size) for (const u of g.unparsed.values()) totalRows += u.rows;
    const offence = (key[offencePos] ?? '').trim();
    const code = codePos >= 0 ? key[codePos].trim() || null : null;
    let exampleText: string | undefined;
    const example = () => (exampleText ??= key.map((k) => k.trim()).join(', '));
    if (taxonomy.isTotalsLabel(offence, code)) {
      ledger.exclude(`totals row ('${offence || code}'): not added, so nothing is counted twice`, totalRows, example(), g.firstLine, g.sum);
      continue;
    }
    const period = parseTime(key);
    if (!period) {
      const raw = timeRoles.map((r) => key[pos(r)]).join(' ');
      ledger.exclude(`period not recognised ('${raw.trim().slice(0, 30)}')`, totalRows, example(), g.firstLine);
      continue;
    }
    if (!offence && !code) {
      ledger.exclude('no offence label or code', totalRows, example(), g.firstLine);
      continue;
    }
    for (const [raw, u] of g.unparsed) ledger.exclude(describeUnparsedCount(raw), u.rows, `${example()}, '${raw}'`, u.firstLine);
    if (g.rows === 0) continue;
    if (layout.time === 'rolling-end') {
      const s = snapped.get(key[pos('rollingEnd')]);
      if (s) s.rows += g.rows;
    }
    const area = sink.area((i) => key[keyColumns.indexOf(i)]);
    sink.add(area.path, area.roles, offence || code!, code, period, g.sum, g.rows);
    ledger.rowsUsed += g.rows;
    ledger.offencesUsed += g.sum;
    ledger.negativeRows += g.negativeRows;
  }
  for (const [raw, s] of snapped) {
    notes.push(`${s.rows} rows dated '${raw}' read as 12 months ending ${s.to} (a period end one day short of the month end it stands for)`);
  }
  return result.stats.blankLines;
}

async function loadWide(path: string, layout: DetectedLayout, taxonomy: Taxonomy, ledger: LedgerBuilder, sink: ObservationSink): Promise<number> {
  const c = layout.columns;
  const offenceCol = c.offence!;
  const codeCol = c.code;
  const majorCol = c.major;
  const width = layout.header.length;
  const stats = await scanCsv(
    path,
    (fields, line) => {
      if (line <= layout.headerLine) return;
      ledger.rowsRead++;
      let n = fields.length;
      while (n > width && fields[n - 1] === '') n--;
      const example = fields.slice(0, Math.min(fields.length, 8)).join(',').slice(0, 120);
      if (n !== width) {
        ledger.exclude(`ragged row: field count differs from the header's ${width} (a footnote or a broken line)`, 1, example, line);
        return;
      }
      const offence = fields[offenceCol].trim();
      const code = codeCol !== undefined ? fields[codeCol].trim() || null : null;
      if (taxonomy.isTotalsLabel(offence, code) || (majorCol !== undefined && taxonomy.isTotalsLabel(fields[majorCol], null))) {
        let sum = 0;
        for (const pc of layout.periodColumns) {
          const v = parseCount(fields[pc.index]);
          if (!Number.isNaN(v)) sum += v;
        }
        ledger.exclude(`totals row ('${offence || code}'): not added, so nothing is counted twice`, 1, example, line, sum);
        return;
      }
      if (!offence && !code) {
        ledger.exclude('no offence label or code', 1, example, line);
        return;
      }
      const area = sink.area((i) => fields[i]);
      let used = 0;
      let negative = false;
      for (const pc of layout.periodColumns) {
        const raw = fields[pc.index];
        const v = parseCount(raw);
        if (Number.isNaN(v)) {
          ledger.excludeCell(describeUnparsedCount(raw.trim()), `${example} … ${pc.column}='${raw.trim()}'`, line);
          continue;
        }
        if (v < 0) negative = true;
        sink.add(area.path, area.roles, offence || code!, code, pc.period, v, 1);
        ledger.offencesUsed += v;
        used++;
      }
      if (used === 0) {
        ledger.exclude('no usable count in any period column', 1, example, line);
        return;
      }
      ledger.rowsUsed++;
      if (negative) ledger.negativeRows++;
    },
    { delimiter: layout.delimiter },
  );
  return stats.blankLines;
}

export function assertHasData(input: LoadedInput): void {
  if (input.ledger.rowsUsed === 0) {
    const why = input.ledger.excluded[0];
    throw new StalkError('E_NO_DATA', `no usable rows${why ? ` (${why.rows} excluded: ${why.reason})` : ''}`, { file: input.path, line: why?.line });
  }
}

export type { CategoryId };
