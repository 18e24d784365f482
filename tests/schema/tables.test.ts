import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/read/csv.js';
import {
  type FoundTable,
  findTable,
  TABLE_SKIPS,
  type TableRefusal,
  type TableRow,
  type TableSearch,
  tableRows,
} from '../../src/schema/tables.js';

function records(name: string) {
  return parseCsvText(readFileSync(new URL(`../fixtures/tables/${name}`, import.meta.url), 'utf8'));
}

function found(search: TableSearch): FoundTable {
  if (!search.ok) throw new Error(`expected a table, got ${search.code}: ${search.reason}`);
  return search.table;
}

function refused(search: TableSearch): TableRefusal {
  if (search.ok) throw new Error(`expected a refusal, got a table: ${search.table.reason}`);
  return search;
}

function areaRows(name: string): { table: FoundTable; rows: TableRow[] } {
  const recs = records(name);
  const table = found(findTable(recs));
  const rows = recs.map((r) => tableRows(table, r)).filter((r): r is TableRow => !('skip' in r));
  return { table, rows };
}

function cell(row: TableRow, offence: string): string {
  return row.cells.find((c) => c.offence === offence)!.raw;
}

describe('findTable on tables written for the tests', () => {
  it('one-row header: columns under no group, the period from "12 months ending March 2019"', () => {
    const { table, rows } = areaRows('one-row-header.csv');
    expect(table.headerLines).toEqual([3]);
    expect(table.period).toMatchObject({ kind: 'fy', start: '2018-04-01', end: '2019-03-31', label: '2018/19' });
    expect(table.periodText).toBe('12 months ending March 2019');
    expect(table.columns.map((c) => [c.offence, c.group])).toEqual([
      ['Total recorded crime', null],
      ['Stalking and harassment', null],
      ['Robbery', null],
    ]);
    expect([table.areaCodeColumn, table.areaNameColumn]).toEqual([0, 1]);
    expect([table.dataStartLine, table.dataEndLine, table.endSeen]).toEqual([4, 7, false]);
    expect(cell(rows[0], 'Total recorded crime')).toBe('1,000');
  });

  it('one-row header: the area code tells the West Midlands region from the West Midlands force', () => {
    const { rows } = areaRows('one-row-header.csv');
    const westMidlands = rows.filter((r) => r.area === 'West Midlands');
    expect(westMidlands.map((r) => [r.areaCode, r.level, cell(r, 'Stalking and harassment')])).toEqual([
      ['E12000005', 'region', '30'],
      ['E23000014', 'force', '20'],
    ]);
  });

  it('two-row header: groups spread over the sub-groups they head; a group with no sub-group is its total', () => {
    const { table, rows } = areaRows('two-row-header.csv');
    expect(table.headerLines).toEqual([3, 4]);
    expect(table.columns.map((c) => [c.index, c.offence, c.group, c.groupTotal])).toEqual([
      [2, 'Total recorded crime', null, true],
      [3, 'Violence against the person', 'Victim-based crime', false],
      [4, 'Stalking and harassment', 'Victim-based crime', false],
      [5, 'Robbery', 'Victim-based crime', false],
    ]);
    expect(table.columns.map((c) => c.partOf)).toEqual([
      null,
      'Total recorded crime',
      'Violence against the person',
      'Total recorded crime',
    ]);
    expect(rows.map((r) => [r.area, r.level, cell(r, 'Stalking and harassment')])).toEqual([
      ['Wales', 'country', '60'],
      ['Gwent', 'force', '15'],
    ]);
  });

  it('merged cells copied into every cell they cover read the same as merged cells left blank', () => {
    const merged = found(findTable(records('merged-copied.csv')));
    const blank = found(findTable(records('two-row-header.csv')));
    const shape = (t: FoundTable) => t.columns.map((c) => [c.offence, c.group, c.groupTotal]);
    expect(shape(merged)).toEqual(shape(blank));
    expect(merged.headerLines).toEqual([2, 3]);
  });

  it('spacer columns are skipped, and a group stops at a spacer', () => {
    const { table, rows } = areaRows('spacer-columns.csv');
    expect(table.spacerColumns).toEqual([3, 7, 9]);
    expect(table.columns.map((c) => [c.index, c.offence, c.group])).toEqual([
      [2, 'Total recorded crime', null],
      [4, 'Stalking and harassment', 'Victim-based crime'],
      [5, 'Robbery', 'Victim-based crime'],
      [6, 'Burglary', 'Victim-based crime'],
      [8, 'Drug offences', 'Other crimes against society'],
      // After the spacer in column 9, no group heads "Fraud offences".
      [10, 'Fraud offences', null],
    ]);
    expect(rows[1]).toMatchObject({ area: 'London, City of', areaCode: 'E23000034', level: 'force' });
    expect(rows[0].cells.map((c) => c.raw)).toEqual(['800', '40', '30', '70', '35', '12']);
  });

  it('no area codes: the name column is found from the data, and levels from the names and their order', () => {
    const { table, rows } = areaRows('no-area-codes.csv');
    expect(table.areaCodeColumn).toBeNull();
    expect(table.areaNameColumn).toBe(0);
    expect(rows.map((r) => [r.line, r.area, r.areaCode, r.level])).toEqual([
      [4, 'ENGLAND AND WALES', null, 'england-and-wales'],
      [5, 'WALES', null, 'country'],
      [6, 'West Midlands', null, 'region'],
      [7, 'Staffordshire', null, 'force'],
      // The region comes before its forces; the second West Midlands is the force.
      [8, 'West Midlands', null, 'force'],
      [9, 'British Transport Police', null, 'force'],
    ]);
  });

  it('the period may be only in a second title line', () => {
    const table = found(findTable(records('second-title-line.csv')));
    expect(table.title).toBe('Table 2: Recorded offences by police force area');
    expect(table.periodLine).toBe(2);
    expect(table.periodText).toBe('April 2018 to March 2019');
    expect(table.period.key).toBe('fy:2018-04-01:2019-03-31');
  });

  it('footnotes: markers leave the labels, a blank row inside the table is kept, notes end it', () => {
    const recs = records('with-footnotes.csv');
    const table = found(findTable(recs));
    expect(table.periodText).toBe('year ending March 2019');
    expect(table.units).toEqual(['Numbers']);
    expect(table.columns.map((c) => c.offence)).toEqual([
      'Total recorded crime (excluding fraud)',
      'Stalking and harassment',
      'Robbery',
    ]);
    expect([table.dataStartLine, table.dataEndLine, table.endSeen]).toEqual([5, 8, true]);
    const results = recs.map((r) => tableRows(table, r));
    const rows = results.filter((r): r is TableRow => !('skip' in r));
    expect(rows.map((r) => [r.area, r.level])).toEqual([
      ['ENGLAND AND WALES', 'england-and-wales'],
      ['North East', 'region'],
      ['Cleveland', 'force'],
    ]);
    expect(cell(rows[2], 'Robbery')).toBe('..');
    const skips = results.filter((r) => 'skip' in r).map((r) => [r.line, 'skip' in r ? r.skip : '']);
    expect(skips).toEqual([
      [1, TABLE_SKIPS.above],
      [2, TABLE_SKIPS.above],
      [3, TABLE_SKIPS.above],
      [4, TABLE_SKIPS.above],
      [6, TABLE_SKIPS.blank],
      [9, TABLE_SKIPS.below],
      [10, TABLE_SKIPS.below],
      [11, TABLE_SKIPS.below],
      [12, TABLE_SKIPS.below],
    ]);
  });
});

describe('findTable refuses what it cannot read, with a reason', () => {
  it('no period anywhere above the header', () => {
    const r = refused(findTable(records('no-period.csv')));
    expect(r.code).toBe('no-period');
    expect(r.line).toBe(3);
    expect(r.reason).toContain('no period');
  });

  it('a rates table, told by its units row', () => {
    const r = refused(findTable(records('rates.csv')));
    expect(r).toMatchObject({ code: 'not-counts', measure: 'rate', line: 4 });
    expect(r.reason).toContain('Rate per 1,000 population');
  });

  it('a title naming two periods', () => {
    const r = refused(findTable(records('several-periods.csv')));
    expect(r.code).toBe('several-periods');
    expect(r.reason).toContain('"year ending March 2018", "year ending March 2019"');
  });

  it('a sheet with no table', () => {
    const sheet = [
      { fields: ['Notes', ''], line: 1 },
      { fields: ['These tables are published'], line: 3 },
    ];
    const r = refused(findTable(sheet));
    expect(r).toMatchObject({ code: 'no-header', title: 'Notes', line: 1 });
  });

  it('a header with no area rows under it', () => {
    const recs = records('two-row-header.csv').slice(0, 4);
    expect(refused(findTable(recs)).code).toBe('no-data');
  });
});

describe('tableRows', () => {
  it('reads records past the ones searched, row by row, when the search ended inside the table', () => {
    const recs = records('one-row-header.csv');
    const table = found(findTable(recs.slice(0, 5)));
    expect(table.endSeen).toBe(false);
    const late = tableRows(table, { fields: ['E23000017', 'Warwickshire', '100', '10', '3'], line: 7 });
    expect(late).toMatchObject({ area: 'Warwickshire', level: 'force' });
    const source = tableRows(table, { fields: ['Source: Home Office', '', ''], line: 9 });
    expect(source).toMatchObject({ skip: TABLE_SKIPS.notes });
  });
});
