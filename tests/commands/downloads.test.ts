import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const BAD = fileURLToPath(new URL('../fixtures/bad/', import.meta.url));
const BASE = join(BAD, 'base-home-office.csv');
const root = mkdtempSync(join(tmpdir(), 'stalkstats-downloads-cmd-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const stalkingQ1 = (doc: { rows: { category: string; start: string; count: number }[] }) =>
  doc.rows.find((r) => r.category === 'stalking' && r.start === '2020-04-01')?.count;

describe('standard input', () => {
  it("'-' reads CSV text, or a gzip of it, from standard input", async () => {
    for (const bytes of [readFileSync(BASE), gzipSync(readFileSync(BASE))]) {
      const o = await runCli(['trend', '-', '--format', 'json'], {}, { stdin: Readable.from([bytes]) });
      expect(o.code, o.stderr).toBe(0);
      const doc = JSON.parse(o.stdout);
      expect(doc.inputs[0].path).toBe('-');
      // base-home-office.csv: Dorset's stalking, April to June 2020, is 120.
      expect(stalkingQ1(doc)).toBe(120);
    }
  });

  it("'-' without standard input is a usage error", async () => {
    const o = await runCli(['trend', '-']);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/standard input.*\[E_USAGE\]/);
  });
});

describe('workbooks', () => {
  it('--sheet reads the sheet named; the output lists the sheets read and skipped', async () => {
    const r = await runCli([
      'trend',
      join(BAD, 'base-home-office.xlsx'),
      '--sheet',
      'base-home-office',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.inputs.map((i: { path: string }) => i.path)).toEqual([
      `${join(BAD, 'base-home-office.xlsx')} [base-home-office]`,
    ]);
    expect(stalkingQ1(r.json)).toBe(120);
  });

  it('a workbook with no table the tool reads names each sheet and what it holds', async () => {
    const r = await runCli(['trend', join(BAD, 'workbook-no-table.xlsx')]);
    expect(r.code).toBe(1);
    const first = r.stderr.split('\n')[0];
    expect(first).toContain("sheet 'Notes': no known header or table (first row: Crime in England and Wales: notes)");
    expect(first).toContain("sheet 'Rates': the table holds rates per head of population");
    expect(first).toMatch(/\[E_LAYOUT_UNKNOWN\]$/);
  });
});

describe('folders', () => {
  it('files sharing a layout are one input, each listed with its rows; files of no known layout are skipped', async () => {
    const dir = join(root, 'monthly');
    mkdirSync(dir);
    const header =
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
    const row = (id: string, month: string, type: string) =>
      `${id},${month},Kent Police,Kent Police,0.1,51.2,On or near X,E01024000,Maidstone 001A,${type},,`;
    writeFileSync(
      join(dir, '2020-04-kent-street.csv'),
      `${header}\n${row('a1', '2020-04', 'Violence and sexual offences')}\n`,
    );
    writeFileSync(
      join(dir, '2020-05-kent-street.csv'),
      `${header}\n${row('b1', '2020-05', 'Burglary')}\n${row('', '2020-05', 'Anti-social behaviour')}\n`,
    );
    writeFileSync(join(dir, 'README.txt'), 'Downloaded from data.police.uk\n');
    const r = await runCli(['trend', dir, '--format', 'json', '--category', 'other,violence-and-sexual-offences']);
    expect(r.code, r.stderr).toBe(0);
    expect(
      r.json.inputs.map((i: { path: string; rows: number; partOf: string }) => [i.path, i.rows, i.partOf]),
    ).toEqual([
      [`${dir}/2020-04-kent-street.csv`, 1, dir],
      [`${dir}/2020-05-kent-street.csv`, 2, dir],
    ]);
    expect(r.json.skipped).toEqual([
      { path: `${dir}/README.txt`, reason: expect.stringContaining('unrecognised layout') },
    ]);
    expect(r.json.notes.join('\n')).toMatch(/skipped .*README\.txt/);
    // The anti-social behaviour incident is in neither category.
    expect(r.json.rows.map((x: { category: string; count: number }) => [x.category, x.count])).toEqual([
      ['other', 1],
      ['violence-and-sexual-offences', 1],
    ]);
  });
});

describe('errors in a folder name the file and its own line', () => {
  const header = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type';
  const row = (month: string, extra = '') => `,${month},Kent Police,Kent Police,0.1,51.2,X,E01,Kent 001A,Drugs${extra}`;

  it('a row broken in two in the second of two files: E_CSV_RAGGED at that file, line 3', async () => {
    const dir = join(root, 'broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.csv'), `${header}\n${row('2020-04')}\n${row('2020-04')}\n`);
    writeFileSync(
      join(dir, 'b.csv'),
      `${header}\n${row('2020-05')}\n${row('2020-05', ',oops,more')}\n${row('2020-05')}\n`,
    );
    const r = await runCli(['trend', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(
      new RegExp(`^stalkstats: error: ${join(dir, 'b.csv')}:3: .*\\[E_CSV_RAGGED\\]$`),
    );
  });

  it('a folder of one file names the file, not the folder', async () => {
    const dir = join(root, 'one-broken');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'only.csv'),
      `${header}\n${row('2020-05')}\n${row('2020-05', ',oops,more')}\n${row('2020-05')}\n`,
    );
    const r = await runCli(['trend', dir]);
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^stalkstats: error: ${join(dir, 'only.csv')}:3: `));
  });
});

describe('--coverage', () => {
  // A sparse extract of stalking crimes, January to December 2020: the last crime on 28 December.
  const extract = `Date,Offence\n03/01/2020,Stalking\n15/06/2020,Stalking\n28/12/2020,Stalking\n`;

  it('the span guessed from the first and last record drops the last month and year, and says so', async () => {
    const p = join(root, 'foi.csv');
    writeFileSync(p, extract);
    // No complete year: nothing to give (exit 1), and the error says why and how to state the span.
    const r = await runCli(['trend', p, '--by', 'year', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('E_NO_DATA');
    expect(r.stderr).toContain('the span covered is taken as 2020-01-03 to 2020-12-28');
    expect(r.stderr).toContain('--coverage FROM..TO');
    // By month, the complete months are given and the note says how the span was taken.
    const months = await runCli(['trend', p, '--by', 'month', '--format', 'json']);
    expect(months.json.notes.join('\n')).toContain('the span covered is taken as 2020-01-03 to 2020-12-28');
  });

  it('--coverage states the span: 2020 is complete, 3 crimes', async () => {
    const p = join(root, 'foi2.csv');
    writeFileSync(p, extract);
    for (const span of ['2020-01..2020-12', '2020..2020', '2020-01-01..2020-12-31']) {
      const r = await runCli(['trend', p, '--by', 'year', '--coverage', span, '--format', 'json']);
      expect(r.json.rows.map((x: { period: string; count: number }) => [x.period, x.count])).toEqual([['2020', 3]]);
      expect(r.json.notes.join('\n')).not.toContain('the span covered is taken as');
    }
    const bad = await runCli(['trend', p, '--coverage', '2020-12..2020-01']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('E_BAD_OPTION');
  });
});

describe('--map for wide layouts', () => {
  it('periods=YYYYMM names every column in that form a period', async () => {
    const p = join(root, 'wide.csv');
    writeFileSync(p, 'Area,Crime,202004,202005,Notes\nKent,Stalking,5,7,x\nEssex,Stalking,1,2,y\n');
    const r = await runCli(['trend', p, '--map', 'area=Area,offence=Crime,periods=YYYYMM', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.rows.map((x: { period: string; count: number }) => [x.period, x.count])).toEqual([
      ['Apr 2020', 6],
      ['May 2020', 9],
    ]);
    const bad = await runCli(['trend', p, '--map', 'area=Area,offence=Crime,periods=weekly']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('E_MAP_INVALID');
  });
});
