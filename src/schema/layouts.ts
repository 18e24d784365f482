import { normaliseHeader, readDataJson } from '../core/dataFiles.js';
import { StalkError } from '../core/errors.js';
import type { Period } from '../core/periods.js';
import type { ByteInput } from '../read/byteInput.js';
import { scanCsv } from '../read/csv.js';
import type { Encoding } from '../read/source.js';
import { type TableSpec, validateTableSpec } from './tableSpec.js';
import type { FoundTable } from './tables.js';
import { periodOfColumn, type TimeForm } from './timeForms.js';

export type { TimeForm };

export type Role =
  | 'country'
  | 'region'
  | 'force'
  | 'csp'
  | 'borough'
  | 'ward'
  | 'lsoa'
  | 'area'
  | 'id'
  | 'fy'
  | 'quarter'
  | 'rollingEnd'
  | 'date'
  | 'period'
  | 'offence'
  | 'code'
  | 'group'
  | 'subgroup'
  | 'major'
  | 'count';

/** Geography roles, coarse to fine: the finest one present is the area. */
export const AREA_ROLES: Role[] = ['country', 'region', 'force', 'csp', 'borough', 'ward', 'lsoa', 'area'];

/** 'wide-groups': a published table (areas as rows, offence groups as columns), found by tables.ts. */
export type Shape = 'long' | 'wide' | 'records' | 'wide-groups';

export interface LayoutSpec {
  id: string;
  name: string;
  shape: Shape;
  time: TimeForm;
  columns: Partial<Record<Role, string[]>>;
  required: Role[];
  requiredAny?: Role[][];
  parentArea?: { name: string; level: Role };
  /** Wide-groups layouts only: how the table is found and read. */
  table?: TableSpec;
  /** What every command says about an input in this layout (what its categories can and cannot tell). */
  notes?: string[];
  /** Area levels read only when asked for (see layouts.json "about"). */
  fineAreas?: Role[];
}

/** A layout whose table is found by src/schema/tables.ts, not by one header row. */
export interface TableLayoutSpec extends LayoutSpec {
  shape: 'wide-groups';
  table: TableSpec;
}

export interface DetectedLayout {
  id: string;
  name: string;
  shape: Shape;
  time: TimeForm;
  /** Physical line of the header row. */
  headerLine: number;
  header: string[];
  /** Lines above the header that were skipped (titles, notes). */
  linesAbove: number;
  columns: Partial<Record<Role, number>>;
  /** Geography columns present, coarse to fine. */
  areaLevels: { role: Role; index: number; column: string }[];
  /** Wide layouts: one column per period. */
  periodColumns: { index: number; column: string; period: Period }[];
  parentArea?: { name: string; level: Role };
  /** Area levels read only when asked for: an area of that level named, or one series per area. */
  fineAreas?: Role[];
  /** Why this layout was chosen, in words. */
  reason: string;
  encoding: Encoding;
  bom: boolean;
  delimiter: string;
  /** Wide-groups layouts: the published table found (src/schema/tables.ts). */
  table?: FoundTable;
}

interface LayoutsFile {
  layouts: LayoutSpec[];
}

let cachedSpecs: LayoutSpec[] | null = null;
let cachedTableSpecs: TableLayoutSpec[] | null = null;

function loadLayouts(): void {
  const file = readDataJson<LayoutsFile>('layouts.json');
  if (!Array.isArray(file.layouts) || file.layouts.length === 0) {
    throw new StalkError('E_DATA_FILE', 'layouts.json: "layouts" must be a non-empty list');
  }
  const headerLayouts: LayoutSpec[] = [];
  const tableLayouts: TableLayoutSpec[] = [];
  for (const l of file.layouts) {
    if (l.notes !== undefined && !(Array.isArray(l.notes) && l.notes.every((n) => typeof n === 'string'))) {
      throw new StalkError('E_DATA_FILE', `layouts.json: layout "${l.id ?? '?'}": notes must be a list of sentences`);
    }
    if (!l.id || !l.shape || !l.time || !l.columns || !Array.isArray(l.required)) {
      throw new StalkError(
        'E_DATA_FILE',
        `layouts.json: layout "${l.id ?? '?'}" lacks id, shape, time, columns or required`,
      );
    }
    if (l.shape === 'wide-groups') {
      tableLayouts.push({ ...l, shape: 'wide-groups', table: validateTableSpec(l.id, l.table) });
    } else {
      if (l.table !== undefined)
        throw new StalkError('E_DATA_FILE', `layouts.json: layout "${l.id}" has a table block but is not wide-groups`);
      headerLayouts.push(l);
    }
  }
  cachedSpecs = headerLayouts;
  cachedTableSpecs = tableLayouts;
}

/** What every command says about an input in layout `id` (layouts.json `notes`). */
export function layoutNotes(id: string): string[] {
  if (!cachedSpecs) loadLayouts();
  return [...cachedSpecs!, ...cachedTableSpecs!].find((l) => l.id === id)?.notes ?? [];
}

/** Layouts recognised by one header row (every shape but 'wide-groups'). */
export function layoutSpecs(): LayoutSpec[] {
  if (!cachedSpecs) loadLayouts();
  return cachedSpecs!;
}

/** Layouts of published tables ('wide-groups'), found by src/schema/tables.ts. */
export function tableLayoutSpecs(): TableLayoutSpec[] {
  if (!cachedTableSpecs) loadLayouts();
  return cachedTableSpecs!;
}

/** Roles a user may name in `--map role=COLUMN,...`. */
export const MAP_ROLES: Record<string, Role> = {
  area: 'area',
  region: 'region',
  force: 'force',
  csp: 'csp',
  borough: 'borough',
  period: 'period',
  date: 'date',
  offence: 'offence',
  code: 'code',
  count: 'count',
  fy: 'fy',
  quarter: 'quarter',
};

/**
 * Columns named by `--map`, by role; `periods` names the time form of a wide layout's column
 * headers instead of a column (every header in that form is a period).
 */
export type ColumnMap = Partial<Record<Role, string>> & { periods?: 'month-columns' | 'fy-columns' };

/** How `--map periods=FORM` names the headers of a wide layout's period columns. */
const PERIOD_FORMS: { form: 'month-columns' | 'fy-columns'; names: RegExp }[] = [
  { form: 'month-columns', names: /^(yyyymm|month|months)$/i },
  { form: 'fy-columns', names: /^(yyyy\/yy|fy|financial[- ]?years?)$/i },
];

/** Parses `area=Force,period=Month,offence=Crime type,count=N` (or `periods=YYYYMM` for a wide layout). */
export function parseMapOption(text: string): ColumnMap {
  const map: ColumnMap = {};
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq < 1)
      throw new StalkError('E_MAP_INVALID', `--map expects role=COLUMN pairs, got "${part.trim()}"`, {
        hint: 'e.g. --map area=Force,date=Date,offence=Offence',
      });
    const role = part.slice(0, eq).trim().toLowerCase();
    const column = part.slice(eq + 1).trim();
    if (role === 'periods') {
      const form = PERIOD_FORMS.find((f) => f.names.test(column))?.form;
      if (!form)
        throw new StalkError(
          'E_MAP_INVALID',
          `--map periods= takes YYYYMM (month columns) or YYYY/YY (financial years), got "${column}"`,
        );
      map.periods = form;
      continue;
    }
    const r = MAP_ROLES[role];
    if (!r)
      throw new StalkError(
        'E_MAP_INVALID',
        `--map: unknown role "${role}" (roles: ${Object.keys(MAP_ROLES).join(', ')}, periods)`,
      );
    if (!column) throw new StalkError('E_MAP_INVALID', `--map: no column given for ${role}`);
    map[r] = column;
  }
  if (!map.period && !map.date && !(map.fy && map.quarter) && !map.periods)
    throw new StalkError('E_MAP_INVALID', '--map needs period=COLUMN, date=COLUMN or periods=YYYYMM');
  if (!map.offence && !map.code) throw new StalkError('E_MAP_INVALID', '--map needs offence=COLUMN or code=COLUMN');
  return map;
}

const HEADER_SEARCH_RECORDS = 40;

function findColumn(normHeader: string[], aliases: string[] | undefined): number {
  if (!aliases) return -1;
  for (const a of aliases) {
    const i = normHeader.indexOf(normaliseHeader(a));
    if (i >= 0) return i;
  }
  return -1;
}

function periodColumnsOf(header: string[], time: TimeForm): { index: number; column: string; period: Period }[] {
  const out: { index: number; column: string; period: Period }[] = [];
  header.forEach((column, index) => {
    const period = periodOfColumn(time, column);
    if (period) out.push({ index, column, period });
  });
  return out;
}

function matchSpec(
  spec: LayoutSpec,
  header: string[],
): Omit<DetectedLayout, 'headerLine' | 'linesAbove' | 'encoding' | 'bom' | 'delimiter'> | null {
  const norm = header.map(normaliseHeader);
  const columns: Partial<Record<Role, number>> = {};
  for (const [role, aliases] of Object.entries(spec.columns) as [Role, string[]][]) {
    const i = findColumn(norm, aliases);
    if (i >= 0) columns[role] = i;
  }
  for (const r of spec.required) if (columns[r] === undefined) return null;
  for (const any of spec.requiredAny ?? []) if (!any.some((r) => columns[r] !== undefined)) return null;
  const periodColumns = spec.shape === 'wide' ? periodColumnsOf(header, spec.time) : [];
  if (spec.shape === 'wide' && periodColumns.length === 0) return null;
  const found = (Object.entries(columns) as [Role, number][]).map(([r, i]) => `${r}='${header[i]}'`);
  const reason =
    `header has ${found.join(', ')}` +
    (periodColumns.length
      ? `, and ${periodColumns.length} period columns (${periodColumns[0].column} … ` +
        `${periodColumns[periodColumns.length - 1].column})`
      : '');
  return {
    id: spec.id,
    name: spec.name,
    shape: spec.shape,
    time: spec.time,
    header,
    columns,
    areaLevels: areaLevelsOf(columns, header),
    periodColumns,
    parentArea: spec.parentArea,
    ...(spec.fineAreas ? { fineAreas: spec.fineAreas } : {}),
    reason,
  };
}

function areaLevelsOf(columns: Partial<Record<Role, number>>, header: string[]) {
  return AREA_ROLES.filter((r) => columns[r] !== undefined).map((role) => ({
    role,
    index: columns[role]!,
    column: header[columns[role]!],
  }));
}

function matchMap(
  map: ColumnMap,
  header: string[],
): Omit<DetectedLayout, 'headerLine' | 'linesAbove' | 'encoding' | 'bom' | 'delimiter'> | null {
  const norm = header.map(normaliseHeader);
  const columns: Partial<Record<Role, number>> = {};
  const named = (Object.entries(map) as [Role | 'periods', string][]).filter(([r]) => r !== 'periods') as [
    Role,
    string,
  ][];
  for (const [role, name] of named) {
    let i = header.indexOf(name);
    if (i < 0) i = norm.indexOf(normaliseHeader(name));
    if (i < 0) return null;
    columns[role] = i;
  }
  if (map.periods) {
    const periodColumns = periodColumnsOf(header, map.periods);
    if (periodColumns.length === 0) return null;
    const first = periodColumns[0].column;
    const last = periodColumns[periodColumns.length - 1].column;
    return {
      id: 'mapped',
      name: 'mapped by --map (one column per period)',
      shape: 'wide',
      time: map.periods,
      header,
      columns,
      areaLevels: areaLevelsOf(columns, header),
      periodColumns,
      reason:
        `columns named by --map: ${named.map(([r, c]) => `${r}='${c}'`).join(', ')}, ` +
        `and ${periodColumns.length} period columns (${first} … ${last})`,
    };
  }
  const shape: Shape = columns.count === undefined ? 'records' : 'long';
  const time: TimeForm =
    columns.fy !== undefined && columns.quarter !== undefined
      ? 'fy-quarter'
      : columns.date !== undefined
        ? 'date'
        : 'period';
  return {
    id: 'mapped',
    name: `mapped by --map (${shape === 'records' ? 'one row per crime' : 'one count per row'})`,
    shape,
    time,
    header,
    columns,
    areaLevels: areaLevelsOf(columns, header),
    periodColumns: [],
    reason: `columns named by --map: ${named.map(([r, c]) => `${r}='${c}'`).join(', ')}`,
  };
}

export function describeLayouts(): string {
  return layoutSpecs()
    .map((l) => {
      const required = l.required.map((r) => `'${l.columns[r]?.[0]}'`);
      const either = (l.requiredAny ?? []).map((any) => any.map((r) => `'${l.columns[r]?.[0]}'`).join(' or '));
      const periods =
        l.shape === 'wide' ? (l.time === 'fy-columns' ? ', 2015/16, 2016/17, …' : ', 201004, 201005, …') : '';
      return `  - ${l.name}: ${[...required, ...either].join(', ')}${periods}`;
    })
    .join('\n');
}

/** The first records of an input, as read to find its layout. */
export interface HeadRecords {
  /** How messages name the input. */
  name: string;
  records: { fields: string[]; line: number }[];
  /** Whether the input has more records than these. */
  more: boolean;
  encoding: Encoding;
  bom: boolean;
  /** '' for a workbook sheet. */
  delimiter: string;
}

/** The first records of CSV text (read in small chunks, so a large file is not decoded a megabyte at a time). */
export async function headRecords(source: string | ByteInput, count = HEADER_SEARCH_RECORDS): Promise<HeadRecords> {
  const records: { fields: string[]; line: number }[] = [];
  const stats = await scanCsv(
    source,
    (fields, line) => {
      records.push({ fields, line });
      return records.length < count;
    },
    { chunkBytes: 64 * 1024 },
  );
  const name = typeof source === 'string' ? source : source.name;
  return { name, records, more: stats.stopped, encoding: stats.encoding, bom: stats.bom, delimiter: stats.delimiter };
}

/**
 * Reads the first records of a file and finds its header: the first record that matches a known
 * layout (or the columns named by `--map`). Title and note lines above it are skipped and counted.
 */
export async function detectLayout(source: string | ByteInput, map?: ColumnMap): Promise<DetectedLayout> {
  return layoutOfRecords(await headRecords(source), map);
}

const blank = (f: string[]) => f.every((c) => c.trim() === '');

/** The layout of an input from its first records (a CSV file's, or a workbook sheet's rows). */
export function layoutOfRecords(head: HeadRecords, map?: ColumnMap): DetectedLayout {
  const path = head.name;
  const first = head.records.slice(0, HEADER_SEARCH_RECORDS);
  const more = head.more || head.records.length > first.length;
  if (first.length === 0 || (!more && first.every((r) => blank(r.fields)))) {
    throw new StalkError('E_EMPTY_FILE', 'the file has no rows (only blank lines)', { file: path });
  }
  const specs = layoutSpecs();
  for (let r = 0; r < first.length; r++) {
    const header = first[r].fields.map((h) => h.trim());
    // Spreadsheets pad a header with empty cells to the width of the widest row.
    while (header.length > 1 && header[header.length - 1] === '') header.pop();
    const found = map ? matchMap(map, header) : firstMatch(specs, header);
    if (found) {
      if (!more && first.slice(r + 1).every((x) => blank(x.fields))) {
        throw new StalkError('E_HEADER_ONLY', `the file has a ${found.name} header but no data rows`, {
          file: path,
          line: first[r].line,
        });
      }
      return {
        ...found,
        headerLine: first[r].line,
        linesAbove: r,
        encoding: head.encoding,
        bom: head.bom,
        delimiter: head.delimiter,
      };
    }
  }
  if (map) {
    throw new StalkError(
      'E_MAP_INVALID',
      `no row in the first ${first.length} has all the columns named by --map ` +
        `(${Object.values(map).join(', ')}); first row: ${first[0].fields.slice(0, 8).join(', ')}`,
      {
        file: path,
        line: first[0].line,
      },
    );
  }
  throw unknownLayout(path, first);
}

/** The first non-blank row, as an error quotes it. */
export function firstRowText(records: { fields: string[] }[]): string {
  const row = records.find((r) => !blank(r.fields))?.fields ?? records[0]?.fields ?? [];
  const cells = row.map((c) => c.trim());
  while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
  return `${cells.slice(0, 6).join(', ')}${cells.length > 6 ? ', …' : ''}`;
}

export const LAYOUT_HINT =
  'or name the columns yourself: --map area=COLUMN,period=COLUMN,offence=COLUMN,count=COLUMN (or date=COLUMN ' +
  'instead of period and count for one row per crime)';

function unknownLayout(path: string, first: { fields: string[]; line: number }[]): StalkError {
  return new StalkError(
    'E_LAYOUT_UNKNOWN',
    `unrecognised layout: no header row among the first ${first.length} rows matches a known layout (first row: ` +
      `${first[0].fields.slice(0, 6).join(', ')}${first[0].fields.length > 6 ? ', …' : ''})`,
    {
      file: path,
      line: first[0].line,
      hint: `recognised layouts:\n${describeLayouts()}\n${LAYOUT_HINT}`,
    },
  );
}

function firstMatch(specs: LayoutSpec[], header: string[]) {
  for (const spec of specs) {
    const m = matchSpec(spec, header);
    if (m) return m;
  }
  return null;
}
