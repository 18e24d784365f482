import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hasRealData, realPath, warnIfNoRealData } from '../helpers/realData.js';
import { writeZip } from '../helpers/zip.js';

// The files people download, read as they come (SOURCES.md sections 9-16). Expected figures are
// the ones SOURCES.md gives, computed from the files themselves.

warnIfNoRealData('tests of the downloaded files (workbooks, police.uk folders, the Met ward file)');

interface Row {
  area: string;
  category: string;
  period: string;
  count: number;
}

async function rows(args: string[]): Promise<{ rows: Row[]; notes: string[]; json: Record<string, unknown> }> {
  const r = await runCli([...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return { rows: r.json.rows, notes: r.json.notes, json: r.json };
}

const only = (list: Row[], category: string, period?: string) =>
  list.filter((r) => r.category === category && (!period || r.period === period)).map((r) => r.count);

let tmp: string | null = null;
const scratch = () => (tmp ??= mkdtempSync(join(tmpdir(), 'stalkstats-downloads-')));
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!hasRealData)('ONS police force area data tables, year ending March 2018', () => {
  it('the workbook: Table P1 read, its other tables skipped with their reasons', async () => {
    const met = await rows(['trend', realPath('onsTablesXlsx'), '--area', 'Metropolitan Police']);
    expect(only(met.rows, 'stalking-and-harassment', '2017/18')).toEqual([40787]);
    const inputs = met.json.inputs as { path: string; layout: string }[];
    expect(inputs.map((i) => i.path.split('[')[1])).toEqual(['Table P1]']);
    const skipped = met.json.skipped as { path: string; reason: string }[];
    // Notes and Tables P2-P10: percentage changes, rates, percentages, survey estimates, ASB
    // incidents, populations and households.
    expect(skipped).toHaveLength(10);
    expect(skipped.find((s) => s.path.endsWith('[Table P9]'))?.reason).toMatch(/population estimates/);
    expect(skipped.find((s) => s.path.endsWith('[Table P3]'))?.reason).toMatch(/rates per head/);
  });

  it('England and Wales is the table’s own row, never the forces and regions added up', async () => {
    const ew = await rows(['trend', realPath('onsTablesXlsx'), '--area', 'England and Wales']);
    expect(only(ew.rows, 'stalking-and-harassment')).toEqual([295571]);
    // Without --area the forces (and BTP) are summed, regions and countries left out: the 43
    // forces and BTP of Table P1 add up to its England and Wales row.
    const all = await rows(['trend', realPath('onsTablesXlsx')]);
    expect(only(all.rows, 'stalking-and-harassment')).toEqual([295571]);
    expect(all.notes.join('\n')).toContain('the sum of 44 areas (force level)');
    // A region's row is the region's own figure: London 40,930 (City of London 143 + Met 40,787).
    const region = await rows(['trend', realPath('onsTablesXlsx'), '--area', 'London region']);
    expect(only(region.rows, 'stalking-and-harassment')).toEqual([40930]);
    // 'London' alone, a name of the Metropolitan Police too, is the force (as in the Met's own files).
    const london = await rows(['trend', realPath('onsTablesXlsx'), '--area', 'London']);
    expect(only(london.rows, 'stalking-and-harassment')).toEqual([40787]);
    expect(london.notes.join('\n')).toContain("ask for 'London region' for the region");
  });

  it('the sheet saved as CSV gives the workbook’s figures', async () => {
    for (const area of ['Metropolitan Police', 'Dorset', 'England and Wales']) {
      const csv = await rows(['trend', realPath('onsTableP1Csv'), '--area', area]);
      const xlsx = await rows(['trend', realPath('onsTablesXlsx'), '--area', area]);
      expect(csv.rows).toEqual(xlsx.rows);
    }
    const dorset = await rows(['trend', realPath('onsTableP1Csv'), '--area', 'Dorset']);
    expect(only(dorset.rows, 'stalking-and-harassment')).toEqual([2465]);
  });

  it('a table of populations saved as CSV is refused, saying what it holds', async () => {
    const r = await runCli(['trend', realPath('onsTableP9Csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/population estimates.*\[E_LAYOUT_UNKNOWN\]/);
  });

  it('a .csv.gz of the table reads as the table', async () => {
    const gz = join(scratch(), 'p1.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(realPath('onsTableP1Csv'))));
    const r = await rows(['trend', gz, '--area', 'Metropolitan Police']);
    expect(only(r.rows, 'stalking-and-harassment')).toEqual([40787]);
  });
});

describe.skipIf(!hasRealData)('data.police.uk street-level files', () => {
  it('a folder of twelve monthly files is one input: City of London 2020/21, 4,612 rows, 554 violence and sexual offences', async () => {
    const r = await rows(['trend', realPath('policeUkCityOfLondon'), '--by', 'fy']);
    expect(only(r.rows, 'violence-and-sexual-offences', '2020/21')).toEqual([554]);
    const inputs = r.json.inputs as { path: string; rows: number; partOf?: string }[];
    expect(inputs).toHaveLength(12);
    expect(inputs.every((i) => i.partOf === realPath('policeUkCityOfLondon'))).toBe(true);
    expect(inputs.reduce((n, i) => n + i.rows, 0)).toBe(4612);
    const said = r.notes.join('\n');
    expect(said).toMatch(/stalking and harassment are counted inside 'Violence and sexual offences'/);
    expect(said).toContain('12 files read as one input');
    // 80 crime ids appear more than once (82 rows), at another location or with another outcome.
    expect(said).toContain('82 rows have the Crime ID of an earlier row but differ from it');
  });

  it("anti-social behaviour incidents are their own category, never in 'other': 713 of the 4,612 rows", async () => {
    const asb = await rows(['trend', realPath('policeUkCityOfLondon'), '--by', 'fy', '--category', 'asb']);
    expect(only(asb.rows, 'anti-social-behaviour', '2020/21')).toEqual([713]);
    const other = await rows(['trend', realPath('policeUkCityOfLondon'), '--by', 'fy', '--category', 'other']);
    // 4,612 rows less 554 violence and sexual offences and 713 anti-social behaviour incidents.
    expect(only(other.rows, 'other', '2020/21')).toEqual([4612 - 554 - 713]);
  });

  it('is grouped by force; an LSOA named by --area is read for (280 of the 554 in City of London 001F)', async () => {
    const force = await rows(['trend', realPath('policeUkCityOfLondon'), '--by', 'fy']);
    expect(force.notes.join('\n')).toContain('the data have one area: City of London Police');
    // awk -F, '$9=="City of London 001F" && $10=="Violence and sexual offences"' over the twelve files: 280.
    const lsoa = await rows(['trend', realPath('policeUkCityOfLondon'), '--by', 'fy', '--area', 'City of London 001F']);
    expect(lsoa.rows.map((r) => [r.area, r.count])).toEqual([['City of London 001F', 280]]);
    const each = await rows(['trend', realPath('policeUkCityOfLondon'), '--by', 'fy', '--each-area']);
    // Violence and sexual offences fall in 19 LSOAs and in rows with no location ("(blank)"): 69.
    expect(new Set(each.rows.map((r) => r.area)).size).toBe(20);
    expect(each.rows.find((r) => r.area === '(blank)')?.count).toBe(69);
  });

  it('a zip of the folder reads as the folder', async () => {
    const dir = realPath('policeUkCityOfLondon');
    const files = readdirSync(dir).sort();
    const zip = writeZip(
      join(scratch(), 'puk.zip'),
      files.map((f) => ({ name: `city/${f}`, data: readFileSync(join(dir, f)) })),
    );
    const r = await rows(['trend', zip, '--by', 'fy']);
    expect(only(r.rows, 'violence-and-sexual-offences', '2020/21')).toEqual([554]);
    expect((r.json.inputs as { path: string }[])[0].path).toBe(`${zip}/city/${files[0]}`);
  });

  it('check gives cannot-check for a stalking figure, saying why', async () => {
    const r = await runCli([
      'check',
      realPath('policeUkCityOfLondon'),
      '--claim',
      '120 stalking offences in 2020/21',
      '--format',
      'json',
    ]);
    expect(r.json.rows[0].verdict).toBe('cannot-check');
    expect(r.json.rows[0].working).toMatch(/inside 'Violence and sexual offences'/);
  });

  it('files re-saved with a snake_case header (Essex, three months): 14,786 + 13,752 + 16,014 rows', async () => {
    const dir = realPath('policeUkEssex');
    const files = readdirSync(dir)
      .sort()
      .map((f) => join(dir, f));
    const r = await runCli(['inspect', ...files, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.files.map((f: { layout: { id: string } }) => f.layout.id)).toEqual([
      'police-uk-street',
      'police-uk-street',
      'police-uk-street',
    ]);
    expect(r.json.inputs.map((i: { rows: number }) => i.rows)).toEqual([14786, 13752, 16014]);
  });
});

describe.skipIf(!hasRealData)('Met ward-level file', () => {
  it('London stalking and harassment 2024/25 = 52,424; Westminster 1,913; the 24 months 110,655', async () => {
    const london = await rows(['trend', realPath('metWard'), '--by', 'fy']);
    expect(only(london.rows, 'stalking-and-harassment', '2024/25')).toEqual([52424]);
    const westminster = await rows(['trend', realPath('metWard'), '--area', 'Westminster', '--by', 'fy']);
    expect(only(westminster.rows, 'stalking-and-harassment', '2024/25')).toEqual([1913]);
    const months = await rows(['trend', realPath('metWard')]);
    expect(only(months.rows, 'stalking-and-harassment').reduce((a, b) => a + b, 0)).toBe(110655);
  });

  it('a ward is an area too, inside its borough', async () => {
    const ward = await rows(['trend', realPath('metWard'), '--area', 'Battersea Park', '--by', 'fy']);
    expect(ward.rows.every((r) => r.area === 'Battersea Park')).toBe(true);
    expect(only(ward.rows, 'stalking-and-harassment', '2024/25')[0]).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasRealData)('Home Office open data 2017/18: identical rows are separate offences', () => {
  it('Homicide counts 728 in both copies, other offences 5,223,453, stalking 10,296, and --strict passes', async () => {
    for (const name of ['homeOffice1718', 'homeOffice1718Pandas'] as const) {
      const r = await rows(['trend', realPath(name), '--by', 'fy', '--category', 'other,stalking', '--strict']);
      expect(only(r.rows, 'other', '2017/18')).toEqual([5223453]);
      expect(only(r.rows, 'stalking', '2017/18')).toEqual([10296]);
      const inspect = await runCli(['inspect', realPath(name), '--format', 'json']);
      const homicide = inspect.json.rows.find((x: { offence: string }) => x.offence === 'Homicide');
      expect(homicide).toMatchObject({ rows: 704, offences: 728 });
      expect(inspect.json.reconciliation.excluded).toEqual([]);
    }
  });
});
