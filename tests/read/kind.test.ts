import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fileKind, kindOfBytes, notATableError } from '../../src/read/kind.js';
import { writeTemp } from '../helpers/temp.js';

const BAD = fileURLToPath(new URL('../fixtures/bad/', import.meta.url));
const WORKBOOKS = fileURLToPath(new URL('../fixtures/workbooks/', import.meta.url));

describe('kindOfBytes: the first bytes', () => {
  it.each([
    ['CSV text', 'Force Name,Number of Offences\nKent,3\n', 'text'],
    ['CSV with a UTF-8 BOM', '\ufeffForce,Count\n', 'text'],
    ['gzip', gzipSync('a,b\n'), 'gzip'],
    ['zip', Buffer.from('PK\u0003\u0004rest'), 'zip'],
    ['an empty zip (end record only)', Buffer.from('PK\u0005\u0006'), 'zip'],
    ['OLE compound file', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'xls'],
    ['PDF', '%PDF-1.7\n', 'pdf'],
    ['an HTML page', '<!DOCTYPE html>\n<html><body>', 'html'],
    ['an HTML page after a BOM and blank lines', '\ufeff\r\n  \n<HTML lang="en">', 'html'],
    ['XHTML after an XML declaration and a comment', '<?xml version="1.0"?>\n<!-- saved -->\n<html xmlns="x">', 'html'],
    ['random binary', Buffer.from([1, 2, 0, 0, 5, 6, 0, 7, 8, 0, 250, 251]), 'binary'],
  ])('%s', (_label, bytes, kind) => {
    expect(kindOfBytes(Buffer.from(bytes)).kind).toBe(kind);
  });

  it('names image formats', () => {
    expect(kindOfBytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toEqual({
      kind: 'image',
      format: 'PNG',
    });
    expect(kindOfBytes(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ kind: 'image', format: 'JPEG' });
    expect(kindOfBytes(Buffer.from('GIF89a'))).toEqual({ kind: 'image', format: 'GIF' });
    expect(kindOfBytes(Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toEqual({ kind: 'image', format: 'WebP' });
  });

  it('does not take a CSV whose first cell mentions html for a web page', () => {
    expect(kindOfBytes(Buffer.from('html,count\n<b>,1\n')).kind).toBe('text');
  });
});

describe('fileKind: containers looked into', () => {
  it('an .xlsx and an .ods made by LibreOffice', async () => {
    expect(await fileKind(`${WORKBOOKS}features.xlsx`)).toEqual({ kind: 'xlsx' });
    expect(await fileKind(`${WORKBOOKS}features.ods`)).toEqual({ kind: 'ods' });
  });

  it('a zip of CSV files is a plain archive, whatever its name', async () => {
    const path = writeTemp('monthly.xlsx', '');
    execFileSync('python3', [
      '-c',
      "import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1],'w')\nz.writestr('2020-04.csv','a,b\\n')\nz.close()",
      path,
    ]);
    expect(await fileKind(path)).toEqual({ kind: 'zip', what: null });
    expect(notATableError(path, await fileKind(path))).toBeNull();
  });

  it('a password-protected .xlsx (an OLE file holding EncryptedPackage): encrypted-workbook, E_ENCRYPTED', async () => {
    const path = `${BAD}workbook-encrypted.xlsx`;
    const kind = await fileKind(path);
    expect(kind).toEqual({ kind: 'encrypted-workbook' });
    const e = notATableError(path, kind)!;
    expect(e.code).toBe('E_ENCRYPTED');
    expect(e.oneLine()).toBe(
      `${path}: is a password-protected workbook: open it with its password and save a copy without one, ` +
        'or save the sheet as CSV [E_ENCRYPTED]',
    );
  });

  it('an Excel 97-2003 .xls made by LibreOffice: xls, E_NOT_A_TABLE_FILE saying so', async () => {
    const path = `${BAD}workbook-old-excel.xls`;
    const kind = await fileKind(path);
    expect(kind).toEqual({ kind: 'xls', what: null });
    expect(notATableError(path, kind)!.message).toBe(
      'is an old Excel 97-2003 workbook (.xls): save it as .xlsx or the sheet as CSV',
    );
  });

  it('a web page saved as .xlsx and as .csv: html, with a message naming the extension', async () => {
    const xlsx = `${BAD}web-page-saved-as.xlsx`;
    const e = notATableError(xlsx, await fileKind(xlsx))!;
    expect(e.code).toBe('E_NOT_A_TABLE_FILE');
    expect(e.message).toBe(
      'looks like a web page (HTML) saved with a .xlsx name, not a workbook: download the file itself',
    );
    const csv = `${BAD}web-page-saved-as.csv`;
    expect(await fileKind(csv)).toEqual({ kind: 'html' });
    expect(notATableError(csv, { kind: 'html' })!.message).toBe(
      'looks like a web page (HTML) saved with a .csv name, not CSV data: download the file itself',
    );
  });

  it('a gzip file and plain text', async () => {
    expect(await fileKind(`${BAD}gzip-good.csv.gz`)).toEqual({ kind: 'gzip' });
    expect(await fileKind(`${BAD}base-home-office.csv`)).toEqual({ kind: 'text' });
  });

  it('a Word document in a zip is named as one', async () => {
    const path = writeTemp('report.xlsx', '');
    const script = [
      'import sys, zipfile',
      "z = zipfile.ZipFile(sys.argv[1], 'w')",
      "z.writestr('[Content_Types].xml', '<Types/>')",
      "z.writestr('word/document.xml', '<w/>')",
      'z.close()',
    ].join('\n');
    execFileSync('python3', ['-c', script, path]);
    const kind = await fileKind(path);
    expect(notATableError(path, kind)!.message).toBe('looks like a Word document (.docx), not a workbook');
  });

  it('missing, empty and folder paths: the usual errors', async () => {
    await expect(fileKind(`${BAD}no-such-file.xlsx`)).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND' });
    await expect(fileKind(writeTemp('empty.xlsx', ''))).rejects.toMatchObject({ code: 'E_EMPTY_FILE' });
    await expect(fileKind(`${BAD}a-folder.csv`)).rejects.toMatchObject({ code: 'E_IS_DIRECTORY' });
  });

  it('a truncated zip: E_ARCHIVE_CORRUPT from looking inside', async () => {
    await expect(fileKind(`${BAD}zip-truncated.zip`)).rejects.toMatchObject({ code: 'E_ARCHIVE_CORRUPT' });
  });
});
