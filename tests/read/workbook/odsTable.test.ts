import { describe, expect, it } from 'vitest';
import { StalkError } from '../../../src/core/errors.js';
import { OdsTableScanner } from '../../../src/read/workbook/odsTable.js';

/** The rows of table `index` of `xml` read in pieces of `size` bytes, repeats expanded. */
function rows(xml: string, index = 0, size = 1 << 16): [number, string[]][] {
  const bytes = Buffer.from(xml, 'utf8');
  const scanner = new OdsTableScanner('book.ods', 'S', index);
  const out: [number, string[]][] = [];
  for (let i = 0; i < bytes.length && !scanner.done; i += size) {
    scanner.push(bytes.subarray(i, i + size));
    for (const r of scanner.take()) for (let k = 0; k < r.repeat; k++) out.push([r.row + k, r.cells]);
  }
  if (!scanner.done) scanner.end();
  return out;
}

const doc = (...tables: string[]) =>
  '<?xml version="1.0" encoding="UTF-8"?><office:document-content><office:body><office:spreadsheet>' +
  tables.join('') +
  '</office:spreadsheet></office:body></office:document-content>';

const table = (name: string, body: string) => `<table:table table:name="${name}">${body}</table:table>`;
const text = (t: string, attrs = '') =>
  `<table:table-cell office:value-type="string"${attrs}><text:p>${t}</text:p></table:table-cell>`;
const cell = (attrs: string, inner: string) => `<table:table-cell ${attrs}>${inner}</table:table-cell>`;
const p = (t: string) => `<text:p>${t}</text:p>`;
const row = (cells: string, attrs = '') => `<table:table-row${attrs}>${cells}</table:table-row>`;

describe('OdsTableScanner', () => {
  it('reads only the table asked for, numbering rows through repeats', () => {
    const xml = doc(
      table('One', row(text('one'))),
      table(
        'Two',
        row('<table:table-cell table:number-columns-repeated="1024"/>', ' table:number-rows-repeated="3"') +
          row(
            text('a') +
              '<table:table-cell table:number-columns-repeated="2"/>' +
              text('b') +
              '<table:table-cell table:number-columns-repeated="1020"/>',
          ) +
          row(`${text('same')}<table:table-cell/>`, ' table:number-rows-repeated="2"') +
          row('<table:table-cell table:number-columns-repeated="1024"/>', ' table:number-rows-repeated="1048570"'),
      ),
    );
    expect(rows(xml, 1)).toEqual([
      [4, ['a', '', '', 'b']],
      [5, ['same']],
      [6, ['same']],
    ]);
    expect(rows(xml, 0)).toEqual([[1, ['one']]]);
  });

  it('values by type, an error by its text, covered cells empty, comments and drawings left out', () => {
    const xml = doc(
      table(
        'S',
        row(
          cell('office:value-type="float" office:value="4.0999999999999996" calcext:value-type="float"', p('4.1')) +
            cell('office:value-type="percentage" office:value="0.125"', p('12.5%')) +
            cell('office:value-type="date" office:date-value="2018-03-31T00:00:00"', p('31/03/18')) +
            cell('office:value-type="time" office:time-value="PT14H30M00S"', p('14:30')) +
            cell('office:value-type="boolean" office:boolean-value="false"', p('FALSE')) +
            cell(
              'table:formula="of:=1/0" office:value-type="float" office:value="0" calcext:value-type="error"',
              p('#DIV/0!'),
            ) +
            '<table:covered-table-cell/>' +
            cell(
              'office:value-type="string"',
              '<office:annotation><text:p>a comment</text:p></office:annotation>' +
                '<text:p>x<draw:frame><draw:text-box><text:p>caption</text:p></draw:text-box></draw:frame>y</text:p>',
            ) +
            cell('office:value-type="string" office:string-value="A &amp; B"', p('ignored')),
        ),
      ),
    );
    expect(rows(xml)).toEqual([[1, ['4.1', '0.125', '2018-03-31', '14:30:00', 'FALSE', '#DIV/0!', '', 'xy', 'A & B']]]);
  });

  it('paragraph text: spaces, tabs, line breaks, spans, entities, CDATA, UTF-8 split across chunks', () => {
    const para =
      '<text:p><text:s text:c="2"/>£<text:tab/>–<text:span text:style-name="T1">é</text:span>' +
      '<text:line-break/>&amp;&lt;<![CDATA[<x>]]></text:p>';
    const one = cell('office:value-type="string"', para + p('second'));
    const xml = doc(table('S', row(one)));
    const whole = rows(xml);
    expect(whole).toEqual([[1, ['  £\t–é\n&<<x>\nsecond']]]);
    for (const size of [1, 2, 3, 7]) expect(rows(xml, 0, size)).toEqual(whole);
  });

  it('a document cut short is E_WORKBOOK_CORRUPT', () => {
    let err: unknown;
    try {
      rows(
        '<office:document-content><office:body><office:spreadsheet><table:table table:name="S"><table:table-row>',
        1,
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StalkError);
    expect((err as StalkError).code).toBe('E_WORKBOOK_CORRUPT');
    expect((err as StalkError).message).toContain('cut short');
  });

  it('a non-empty row repeated past row 16,777,216 is E_WORKBOOK_CORRUPT, not a loop', () => {
    expect(() => rows(doc(table('S', row(text('x'), ' table:number-rows-repeated="99999999"'))))).toThrow(
      /repeats a row past row 16777216/,
    );
  });
});
