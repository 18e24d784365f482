import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readStart } from '../../src/read/byteInput.js';
import { expandGlob, type InputUnit, openInputs } from '../../src/read/inputs.js';
import { writeZip } from '../helpers/zip.js';

const BAD = fileURLToPath(new URL('../fixtures/bad/', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'stalkstats-inputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(rel: string, data: string | Buffer): string {
  const p = join(root, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, data);
  return p;
}

const name = (u: InputUnit) => (u.kind === 'text' ? u.input.name : u.name);

describe('openInputs', () => {
  it('a folder: every file under it in name order, sub-folders included; hidden files and PDFs skipped', async () => {
    file('month/2020-05/b.csv', 'x\n');
    file('month/2020-04/a.csv', 'y\n');
    file('month/.DS_Store', 'z');
    file('month/report.pdf', '%PDF-1.7\n');
    const opened = await openInputs([join(root, 'month')]);
    expect(opened.units.map(name)).toEqual([`${root}/month/2020-04/a.csv`, `${root}/month/2020-05/b.csv`]);
    expect(opened.units.every((u) => u.kind === 'text' && u.from === `${root}/month`)).toBe(true);
    expect(opened.skipped.map((s) => [s.name.slice(root.length), s.reason.slice(0, 20)])).toEqual([
      ['/month/.DS_Store', 'a hidden file'],
      ['/month/report.pdf', 'is a PDF document sa'],
    ]);
    await opened.close();
  });

  it('a named file is its own input (from: null); a glob pattern stands for the files it matches', async () => {
    file('glob/kent-2020.csv', 'a\n');
    file('glob/kent-2021.csv', 'b\n');
    file('glob/essex-2020.csv', 'c\n');
    const one = await openInputs([join(root, 'glob', 'kent-2020.csv')]);
    expect(one.units.map((u) => u.kind === 'text' && u.from)).toEqual([null]);
    const many = await openInputs([join(root, 'glob', 'kent-*.csv')]);
    expect(many.units.map(name)).toEqual([join(root, 'glob', 'kent-2020.csv'), join(root, 'glob', 'kent-2021.csv')]);
    expect(expandGlob(join(root, '**', 'essex-20[0-9]?.csv'))).toEqual([join(root, 'glob', 'essex-2020.csv')]);
    await expect(openInputs([join(root, 'glob', 'none-*.csv')])).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND' });
  });

  it('a .gz file is its text, unpacked as it is read', async () => {
    const gz = file('data.csv.gz', gzipSync('Force,Count\nKent,3\n'));
    const opened = await openInputs([gz]);
    const unit = opened.units[0];
    expect(unit.kind).toBe('text');
    if (unit.kind === 'text') expect((await readStart(unit.input, 100)).toString()).toBe('Force,Count\nKent,3\n');
  });

  it('a zip: each CSV member a unit named archive/member; other members skipped with what they are', async () => {
    const zip = writeZip(join(root, 'monthly.zip'), [
      { name: '2020-04/a.csv', data: 'A\n' },
      { name: '2020-04/notes.pdf', data: '%PDF-1.4\n' },
      { name: '2020-05/b.csv', data: 'B\n' },
    ]);
    const opened = await openInputs([zip]);
    expect(opened.units.map(name)).toEqual([`${zip}/2020-04/a.csv`, `${zip}/2020-05/b.csv`]);
    expect(opened.units.every((u) => u.kind === 'text' && u.from === zip)).toBe(true);
    expect(opened.skipped.map((s) => s.name)).toEqual([`${zip}/2020-04/notes.pdf`]);
    const second = opened.units[1];
    if (second.kind === 'text') expect((await readStart(second.input, 10)).toString()).toBe('B\n');
    await opened.close();
  });

  it('a workbook: one unit per sheet named file [sheet]; --sheet picks one, and an unknown one is a usage error', async () => {
    const xlsx = join(BAD, 'workbook-no-table.xlsx');
    const all = await openInputs([xlsx]);
    expect(all.units.map(name)).toEqual([`${xlsx} [Notes]`, `${xlsx} [Rates]`]);
    await all.close();
    const one = await openInputs([xlsx], { sheet: 'Rates' });
    expect(one.units.map(name)).toEqual([`${xlsx} [Rates]`]);
    await one.close();
    await expect(openInputs([xlsx], { sheet: 'Table P1' })).rejects.toMatchObject({ code: 'E_SHEET_NOT_FOUND' });
  });

  it('standing-in names (standard input spooled to a file) are opened by what the file is', async () => {
    const spooled = file('spooled', gzipSync('x,y\n1,2\n'));
    const opened = await openInputs(['-'], { aliases: new Map([['-', { path: spooled, name: '-' }]]) });
    expect(opened.units.map(name)).toEqual(['-']);
  });

  it('what holds nothing to read is an error naming it: an empty folder, a zip of a PDF, a web page', async () => {
    mkdirSync(join(root, 'empty'));
    await expect(openInputs([join(root, 'empty')])).rejects.toMatchObject({ code: 'E_IS_DIRECTORY' });
    await expect(openInputs([join(BAD, 'zip-of-a-pdf.zip')])).rejects.toMatchObject({ code: 'E_NOT_A_TABLE_FILE' });
    await expect(openInputs([join(BAD, 'web-page-saved-as.csv')])).rejects.toMatchObject({
      code: 'E_NOT_A_TABLE_FILE',
    });
    await expect(openInputs([join(root, 'no-such.csv')])).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND' });
  });

  it('archives past the unpack limits are refused before anything is unpacked', async () => {
    await expect(openInputs([join(BAD, 'zip-bomb-overlapping.zip')])).rejects.toMatchObject({
      code: 'E_ARCHIVE_TOO_LARGE',
    });
    await expect(openInputs([join(BAD, 'gzip-bomb.csv.gz')])).rejects.toMatchObject({ code: 'E_ARCHIVE_TOO_LARGE' });
    // A .gz cut short has no trailer to believe: it is read, and fails where its data end.
    await expect(openInputs([join(BAD, 'gzip-truncated.csv.gz')])).resolves.toBeTruthy();
  });

  it('follows a symbolic link to a file inside a folder', async () => {
    const target = file('linked/real.csv', 'r\n');
    symlinkSync(target, join(root, 'linked', 'link.csv'));
    const opened = await openInputs([join(root, 'linked')]);
    expect(opened.units.map(name)).toEqual([join(root, 'linked', 'link.csv'), join(root, 'linked', 'real.csv')]);
  });
});
