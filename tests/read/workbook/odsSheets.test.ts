import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openWorkbook } from '../../../src/read/workbook/index.js';
import { writeTemp } from '../../helpers/temp.js';

/** An .ods of the given content.xml (the mimetype entry first and stored, as the format asks). */
function ods(name: string, content: string): string {
  const path = writeTemp(name, '');
  const script = [
    'import sys, zipfile',
    "z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)",
    "z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.spreadsheet', zipfile.ZIP_STORED)",
    "z.writestr('content.xml', sys.stdin.read())",
    'z.close()',
  ].join('\n');
  execFileSync('python3', ['-c', script, path], { input: content });
  return path;
}

const style = (name: string, family: string, display: string) =>
  `<style:style style:name="${name}" style:family="${family}">` +
  `<style:table-properties table:display="${display}"/></style:style>`;

describe('ODS sheet list', () => {
  it('names (entities decoded), hidden styles, any whitespace after the tag name, tags across chunk ends', async () => {
    // Padding puts the second table's tag across the 64 kB boundary of the unpacked stream.
    const head =
      '<?xml version="1.0" encoding="UTF-8"?><office:document-content><office:automatic-styles>' +
      style('ta1', 'table', 'true') +
      style('ta2', 'table', 'false') +
      style('ce1', 'table-cell', 'false') +
      '</office:automatic-styles><office:body><office:spreadsheet>';
    const rowOfOne = '<table:table-row><table:table-cell/></table:table-row>';
    const first = `<table:table table:name="A &amp; B" table:style-name="ta1">${rowOfOne}</table:table>`;
    const pad = `<!--${'x'.repeat(65536 - head.length - first.length - 4 - 3 - 6)}-->`;
    const second = '<table:table\n\ttable:name="Notes £" table:style-name="ta2"><table:table-row/></table:table>';
    const third =
      '<table:table table:name="ce1 style is a cell style" table:style-name="ce1"><table:table-row/></table:table>';
    const tail = '</office:spreadsheet></office:body></office:document-content>';
    const content = `${head}${first}${pad}${second}${third}${tail}`;
    expect(Buffer.byteLength(head + first + pad)).toBeLessThan(65536);
    expect(Buffer.byteLength(head + first + pad + second)).toBeGreaterThan(65536);
    const wb = await openWorkbook(ods('list.ods', content));
    try {
      expect(wb.sheets).toEqual([
        { name: 'A & B', hidden: false },
        { name: 'Notes £', hidden: true },
        { name: 'ce1 style is a cell style', hidden: false },
      ]);
    } finally {
      await wb.close();
    }
  });
});
