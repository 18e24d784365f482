import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/read/csv.js';
import { type FoundTable, findTable, type TableRow, type TableSearch, tableRows } from '../../src/schema/tables.js';
import { REAL_DIR, warnIfNoRealData } from '../helpers/realData.js';
import { readXlsxSheets } from './xlsxSheets.js';

// SOURCES.md sections 14 and 15: the ONS police force area data tables, year ending March 2018.
const P1_CSV = join(REAL_DIR, 'ons_pfa_table_P1_ye-mar2018_sheet_saved_as_csv.csv');
const P9_CSV = join(REAL_DIR, 'ons_pfa_table_P9_population_mid2002-2016_sheet_saved_as_csv.csv');
const WORKBOOK = join(REAL_DIR, 'ons_pfa_data_tables_ye-mar2018.xlsx');
const present = [P1_CSV, P9_CSV, WORKBOOK].every((p) => existsSync(p));

warnIfNoRealData('the ONS data table tests on the real tables');
if (!present) console.warn(`[stalkstats tests] skipping the ONS data table tests: files not found in ${REAL_DIR}`);

function csvRecords(path: string) {
  return parseCsvText(readFileSync(path, 'utf8'));
}

function table(search: TableSearch): FoundTable {
  if (!search.ok) throw new Error(`expected a table, got ${search.code}: ${search.reason}`);
  return search.table;
}

function rowsOf(records: { fields: string[]; line: number }[]): { found: FoundTable; rows: TableRow[] } {
  const found = table(findTable(records));
  const rows = records.map((r) => tableRows(found, r)).filter((r): r is TableRow => !('skip' in r));
  return { found, rows };
}

function stalking(row: TableRow): string {
  return row.cells.find((c) => c.offence === 'Stalking and harassment')!.raw;
}

// Row 5 of Table P1 as printed, footnote markers removed by hand; "Total recorded crime" heads its own column.
const P1_OFFENCES = [
  'Total recorded crime (excluding fraud)',
  'Violence against the person',
  'Homicide',
  'Violence with injury',
  'Violence without injury',
  'Stalking and harassment',
  'Death or serious injury - unlawful driving',
  'Sexual offences',
  'Robbery',
  'Theft offences',
  'Burglary',
  'Residential burglary',
  'Non-residential burglary',
  'Vehicle offences',
  'Theft from the person',
  'Bicycle theft',
  'Shoplifting',
  'Other theft offences',
  'Criminal damage and arson',
  'Drug offences',
  'Possession of weapons offences',
  'Public order offences',
  'Miscellaneous crimes',
];

// Column B, rows 7-62, as printed: "ENGLAND AND WALES8", "North West9" and "London10" carry footnote
// numbers, "West Midlands " and "East " a trailing space.
const P1_AREAS = [
  'ENGLAND AND WALES',
  'ENGLAND',
  'North East',
  'Cleveland',
  'Durham',
  'Northumbria',
  'North West',
  'Cheshire',
  'Cumbria',
  'Greater Manchester',
  'Lancashire',
  'Merseyside',
  'Yorkshire and The Humber',
  'Humberside',
  'North Yorkshire',
  'South Yorkshire',
  'West Yorkshire',
  'East Midlands',
  'Derbyshire',
  'Leicestershire',
  'Lincolnshire',
  'Northamptonshire',
  'Nottinghamshire',
  'West Midlands',
  'Staffordshire',
  'Warwickshire',
  'West Mercia',
  'West Midlands',
  'East',
  'Bedfordshire',
  'Cambridgeshire',
  'Essex',
  'Hertfordshire',
  'Norfolk',
  'Suffolk',
  'London',
  'London, City of',
  'Metropolitan Police',
  'South East',
  'Hampshire',
  'Kent',
  'Surrey',
  'Sussex',
  'Thames Valley',
  'South West',
  'Avon and Somerset',
  'Devon and Cornwall',
  'Dorset',
  'Gloucestershire',
  'Wiltshire',
  'WALES',
  'Dyfed-Powys',
  'Gwent',
  'North Wales',
  'South Wales',
  'British Transport Police',
];

describe.skipIf(!present)('Table P1 saved as CSV', () => {
  it('is found: period in the title only, two-row header, units row, spacer columns', () => {
    const found = table(findTable(csvRecords(P1_CSV)));
    expect(found.layoutId).toBe('ons-data-table');
    // "year ending March 181,2,3": March 2018 written "18", notes 1-3 fused to it.
    expect(found.periodText).toBe('year ending March 18');
    expect(found.period).toMatchObject({ kind: 'fy', start: '2017-04-01', end: '2018-03-31', label: '2017/18' });
    expect(found.periodLine).toBe(1);
    expect(found.headerLines).toEqual([4, 5]);
    expect(found.units).toEqual(['Numbers']);
    expect(found.spacerColumns).toEqual([3, 22]);
    expect([found.areaCodeColumn, found.areaNameColumn]).toEqual([0, 1]);
    expect([found.dataStartLine, found.dataEndLine, found.endSeen]).toEqual([7, 62, true]);
  });

  it('every offence label comes out clean, with its group', () => {
    const found = table(findTable(csvRecords(P1_CSV)));
    expect(found.columns.map((c) => c.offence)).toEqual(P1_OFFENCES);
    const groups = new Map(found.columns.map((c) => [c.offence, c.group]));
    expect(groups.get('Total recorded crime (excluding fraud)')).toBeNull();
    expect(groups.get('Stalking and harassment')).toBe('Victim-based crime');
    expect(groups.get('Criminal damage and arson')).toBe('Victim-based crime');
    expect(groups.get('Drug offences')).toBe('Other crimes against society');
  });

  it('totals printed beside their parts are marked, and add up in every row', () => {
    const { found, rows } = rowsOf(csvRecords(P1_CSV));
    const partsOf = (total: string) => found.columns.filter((c) => c.partOf === total).map((c) => c.offence);
    // Checked apart, with Python over the CSV: each total equals the sum of these columns in all 56 rows.
    expect(partsOf('Violence against the person')).toEqual([
      'Homicide',
      'Violence with injury',
      'Violence without injury',
      'Stalking and harassment',
      'Death or serious injury - unlawful driving',
    ]);
    expect(partsOf('Burglary')).toEqual(['Residential burglary', 'Non-residential burglary']);
    expect(partsOf('Theft offences')).toHaveLength(6);
    expect(partsOf('Total recorded crime (excluding fraud)')).toHaveLength(9);
    const totals = ['Violence against the person', 'Burglary', 'Theft offences'];
    for (const total of [...totals, 'Total recorded crime (excluding fraud)']) {
      for (const row of rows) {
        const value = (offence: string) => Number(row.cells.find((c) => c.offence === offence)!.raw);
        const sum = partsOf(total).reduce((s, offence) => s + value(offence), 0);
        expect(sum, `${row.area}: ${total}`).toBe(value(total));
      }
    }
  });

  it('every area name comes out clean, one row per area: 56 rows (counted from the file apart)', () => {
    const { rows } = rowsOf(csvRecords(P1_CSV));
    expect(rows.map((r) => r.area)).toEqual(P1_AREAS);
  });

  it('stalking and harassment: Metropolitan Police 40,787; England and Wales 295,571 (SOURCES.md section 14)', () => {
    const { rows } = rowsOf(csvRecords(P1_CSV));
    const met = rows.find((r) => r.area === 'Metropolitan Police')!;
    expect([met.areaCode, met.level, stalking(met)]).toEqual(['E23000001', 'force', '40787']);
    const all = rows.find((r) => r.level === 'england-and-wales')!;
    expect([all.areaCode, stalking(all)]).toEqual(['K04000001', '295571']);
    // Footnote 8: England and Wales includes British Transport Police, so it is the sum of the 44 force rows.
    const forces = rows.filter((r) => r.level === 'force');
    expect(forces).toHaveLength(44);
    expect(forces.reduce((sum, r) => sum + Number(stalking(r)), 0)).toBe(295571);
  });

  it('levels: 9 regions, 2 countries, England and Wales, 44 forces (43 with codes, and BTP without)', () => {
    const { rows } = rowsOf(csvRecords(P1_CSV));
    const regions = rows.filter((r) => r.level === 'region');
    expect(regions.map((r) => r.area)).toEqual([
      'North East',
      'North West',
      'Yorkshire and The Humber',
      'East Midlands',
      'West Midlands',
      'East',
      'London',
      'South East',
      'South West',
    ]);
    expect(regions.every((r) => r.areaCode?.startsWith('E12'))).toBe(true);
    expect(rows.filter((r) => r.level === 'country').map((r) => r.area)).toEqual(['ENGLAND', 'WALES']);
    expect(rows.find((r) => r.area === 'British Transport Police')).toMatchObject({ areaCode: null, level: 'force' });
    const westMidlands = rows.filter((r) => r.area === 'West Midlands').map((r) => [r.areaCode, r.level, stalking(r)]);
    expect(westMidlands).toEqual([
      ['E12000005', 'region', '26022'],
      ['E23000014', 'force', '9843'],
    ]);
  });

  it('the source line and the ten footnotes under the table are not read as areas', () => {
    const records = csvRecords(P1_CSV);
    const found = table(findTable(records));
    const below = records.filter((r) => r.line >= 63).map((r) => tableRows(found, r));
    expect(below).toHaveLength(11);
    expect(below.every((r) => 'skip' in r)).toBe(true);
  });
});

describe.skipIf(!present)('the workbook, read sheet by sheet', () => {
  const sheets = present ? readXlsxSheets(WORKBOOK) : [];
  const sheet = (name: string) => sheets.find((s) => s.name === name)!.rows;

  it('Table P1 read from the workbook gives the same rows as the sheet saved as CSV', () => {
    const fromSheet = rowsOf(sheet('Table P1'));
    const fromCsv = rowsOf(csvRecords(P1_CSV));
    expect(fromSheet.found.period.key).toBe(fromCsv.found.period.key);
    expect(fromSheet.found.columns).toEqual(fromCsv.found.columns);
    expect(fromSheet.rows).toEqual(fromCsv.rows);
  });

  // What each sheet holds, read from its title, header and units row.
  it.each([
    ['Notes', 'no-header', undefined],
    ['Table P2', 'not-counts', 'percentage-change'],
    ['Table P3', 'not-counts', 'rate'],
    ['Table P4', 'not-counts', 'percentage'],
    ['Table P5', 'not-counts', 'percentage-change'],
    ['Table P6', 'not-counts', 'survey'],
    ['Table P7', 'not-counts', 'incidents'],
    ['Table P8', 'not-counts', 'incidents'],
    ['Table P9', 'not-counts', 'population'],
    ['Table P10', 'not-counts', 'households'],
  ])('%s is refused: %s %s', (name, code, measure) => {
    const search = findTable(sheet(name));
    expect(search.ok).toBe(false);
    if (search.ok) return;
    expect(search.code).toBe(code);
    expect(search.measure).toBe(measure);
    expect(search.reason.length).toBeGreaterThan(20);
  });

  it('Table P3 is refused for its rates, named in the title', () => {
    const search = findTable(sheet('Table P3'));
    expect(search.ok ? '' : search.reason).toContain('"rate of offences"');
  });

  it('Table P9 saved as CSV is refused as population estimates', () => {
    const search = findTable(csvRecords(P9_CSV));
    expect(search).toMatchObject({ ok: false, code: 'not-counts', measure: 'population', line: 1 });
  });
});
