import { describe, expect, it } from 'vitest';
import { StalkError } from '../../../src/core/errors.js';
import { XlsxSheetScanner } from '../../../src/read/workbook/xlsxSheet.js';

const STRINGS = ['Force Name', 'Kent', 'Stalking and harassment5', ''];
// Cell formats by index (styles.xml cellXfs): 0 none, 1 date, 2 time, 3 date and time.
const SHAPES = new Uint8Array([0, 1, 2, 3]);

/** The rows of `xml` read in pieces of `size` bytes. */
function rows(xml: string, size = 1 << 16, date1904 = false): [number, string[]][] {
  const bytes = Buffer.from(xml, 'utf8');
  const scanner = new XlsxSheetScanner('book.xlsx', 'Sheet1', STRINGS, SHAPES, date1904);
  const out: [number, string[]][] = [];
  for (let i = 0; i < bytes.length; i += size) {
    scanner.push(bytes.subarray(i, i + size));
    for (const r of scanner.take()) out.push([r.row, r.cells]);
  }
  scanner.end();
  for (const r of scanner.take()) out.push([r.row, r.cells]);
  return out;
}

const sheet = (data: string) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  `<worksheet xmlns="urn:main"><sheetData>${data}</sheetData>` +
  '<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells></worksheet>';

describe('XlsxSheetScanner: cells as text', () => {
  it('every kind of cell', () => {
    const xml = sheet(
      '<row r="1" spans="1:9">' +
        '<c r="A1" t="s"><v>0</v></c>' + // shared string
        '<c r="B1"><v>1213</v></c>' + // number
        '<c r="C1"><v>4.0999999999999996</v></c>' + // 4.1 as Excel stores it
        '<c r="D1" t="b"><v>1</v></c>' +
        '<c r="E1" t="e"><v>#N/A</v></c>' +
        '<c r="F1" t="str"><f>A1&amp;"x"</f><v>Force Namex</v></c>' + // a formula's cached text
        '<c r="G1" t="inlineStr"><is><t xml:space="preserve"> A &amp; B </t></is></c>' +
        // Rich text runs, and a phonetic guide that is not part of the text.
        '<c r="H1" t="inlineStr"><is><r><t>Dur</t></r><r><rPr><b/></rPr><t>ham</t></r>' +
        '<rPh sb="0" eb="1"><t>ダラム</t></rPh></is></c>' +
        '<c r="I1" t="d"><v>2018-03-31T00:00:00Z</v></c>' +
        '</row>',
    );
    expect(rows(xml)).toEqual([
      [1, ['Force Name', '1213', '4.1', 'TRUE', '#N/A', 'Force Namex', ' A & B ', 'Durham', '2018-03-31']],
    ]);
  });

  it('dates and times by the cell format (s), in the 1900 and 1904 systems', () => {
    const xml = sheet(
      '<row r="2"><c r="A2" s="1"><v>43190</v></c><c r="B2" s="2"><v>0.5</v></c>' +
        '<c r="C2" s="3"><v>43190.75</v></c><c r="D2" s="0"><v>43190</v></c></row>',
    );
    expect(rows(xml)).toEqual([[2, ['2018-03-31', '12:00:00', '2018-03-31T18:00:00', '43190']]]);
    expect(rows(xml, 1 << 16, true)[0][1][0]).toBe('2022-04-01');
  });

  it('places cells by reference: gaps are empty, trailing empties and empty rows dropped, row numbers kept', () => {
    const xml = sheet(
      // G3 is the empty shared string: a trailing empty cell, dropped like F3.
      '<row r="3"><c r="B3" t="s"><v>1</v></c><c r="E3"><v>5</v></c><c r="F3" s="1"/>' +
        '<c r="G3" t="s"><v>3</v></c></row>' +
        '<row r="4"><c r="A4" s="2"/></row>' + // styled but empty: no row
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    );
    const got = rows(xml);
    expect(got[0]).toEqual([3, ['', 'Kent', '', '', '5']]);
    expect(got[1][0]).toBe(1048576);
    expect(got[1][1]).toHaveLength(16384);
    expect(got).toHaveLength(2);
  });

  it('without r attributes, rows and cells follow the one before', () => {
    const xml = sheet(
      '<row><c t="s"><v>1</v></c><c><v>2</v></c></row><row r="5"><c><v>3</v></c></row>' +
        '<row><c r="C6"><v>4</v></c><c><v>5</v></c></row>',
    );
    expect(rows(xml)).toEqual([
      [1, ['Kent', '2']],
      [5, ['3']],
      [6, ['', '', '4', '5']],
    ]);
  });

  it('namespace prefixes, attributes with spaces around = and single quotes, comments, CDATA', () => {
    const xml =
      '<x:worksheet xmlns:x="urn:main"><x:sheetData><!-- a comment <c> -->' +
      "<x:row r = '7'><x:c r = 'A7' t = 'inlineStr'><x:is><x:t><![CDATA[a <b> & c]]></x:t></x:is></x:c></x:row>" +
      '</x:sheetData></x:worksheet>';
    expect(rows(xml)).toEqual([[7, ['a <b> & c']]]);
  });

  it('the same rows whatever the chunk size, UTF-8 characters split across chunks included', () => {
    const data = Array.from(
      { length: 40 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>£ – é ${i}</t></is></c>` +
        `<c r="B${i + 1}"><v>${i * 1000}</v></c></row>`,
    ).join('');
    const whole = rows(sheet(data));
    expect(whole[39]).toEqual([40, ['£ – é 39', '39000']]);
    for (const size of [1, 2, 3, 5, 64]) expect(rows(sheet(data), size)).toEqual(whole);
  });
});

describe('XlsxSheetScanner: broken sheets', () => {
  const fails = (xml: string, words: string) => {
    let err: unknown;
    try {
      rows(xml, 7);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StalkError);
    expect((err as StalkError).code).toBe('E_WORKBOOK_CORRUPT');
    expect((err as StalkError).message).toContain(words);
    expect((err as StalkError).oneLine()).not.toContain('\n');
  };

  it('cut short', () => fails('<worksheet><sheetData><row r="1"><c><v>1</v></c>', 'cut short'));
  it('a shared string index past the table', () =>
    fails(sheet('<row r="9"><c t="s"><v>99</v></c></row>'), 'row 9 refers to shared string 99'));
  it('a column past XFD', () => fails(sheet('<row r="1"><c r="XFE1"><v>1</v></c></row>'), 'past column XFD'));
  it('a DOCTYPE', () => fails('<!DOCTYPE worksheet [<!ENTITY a "b">]><worksheet/>', 'DOCTYPE'));
  it('a closing tag with nothing open', () => fails(`${sheet('')}</worksheet>`, 'no element open'));
});

describe('XlsxSheetScanner: odd but valid', () => {
  it('a shared string index with spaces around it', () => {
    expect(rows(sheet('<row r="1"><c t="s"><v> 1 </v></c></row>'))).toEqual([[1, ['Kent']]]);
  });
});
