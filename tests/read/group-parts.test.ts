import { describe, expect, it } from 'vitest';
import { bufferInput, type CsvText, locateLine } from '../../src/read/byteInput.js';
import { scanCsvParts } from '../../src/read/csv.js';
import { type GroupResult, type GroupSpec, groupRows, groupRowsByStrings } from '../../src/read/group.js';
import { csvRecords } from '../../src/read/records.js';

// An input of several files sharing a header (a folder of monthly police.uk files) is grouped as
// one: file after file, each file's header left out, lines numbered on from one file to the next.

const HEADER = 'Month,Force,Crime type';
const parts = (...files: string[]): CsvText => ({
  name: 'folder',
  parts: files.map((text, k) => ({ input: bufferInput(Buffer.from(text), `folder/${k + 1}.csv`), headerLine: 1 })),
});
const spec: GroupSpec = { headerLine: 1, headerFields: 3, keyColumns: [0, 2], countColumn: null, delimiter: ',' };

function plain(r: GroupResult) {
  return {
    groups: [...r.groups.values()].map((g) => [g.key.join('|'), g.sum, g.rows, g.firstLine]),
    dataRows: r.dataRows,
    ragged: r.ragged,
    places: r.places,
  };
}

describe('an input of several files', () => {
  const a = `${HEADER}\r\n2020-04,Kent,Burglary\r\n2020-04,Kent,Drugs\r\n2020-04,Kent,Burglary\r\n`;
  // No line break after its last record; a quoted line break inside a field.
  const b = `${HEADER}\n2020-05,Kent,"Other\ntheft"\n2020-05,Kent,Burglary`;
  const c = `\uFEFF${HEADER}\n\n2020-06,Kent,Drugs\n`;

  it('is grouped as the files are: lines numbered on, each file’s header left out, bytes and strings alike', async () => {
    const text = parts(a, b, c);
    const bytes = await groupRows(text, spec);
    const strings = await groupRowsByStrings(text, spec);
    expect(plain(bytes)).toEqual(plain(strings));
    // File 1 has 4 lines, file 2 has 4 (the quoted break makes two), file 3 has 3.
    expect(bytes.places).toEqual([
      { name: 'folder/1.csv', lineOffset: 0, dataRows: 3 },
      { name: 'folder/2.csv', lineOffset: 4, dataRows: 2 },
      { name: 'folder/3.csv', lineOffset: 8, dataRows: 1 },
    ]);
    expect(plain(bytes).groups).toEqual([
      ['2020-04|Burglary', 2, 2, 2],
      ['2020-04|Drugs', 1, 1, 3],
      ['2020-05|Other\ntheft', 1, 1, 6],
      ['2020-05|Burglary', 1, 1, 8],
      ['2020-06|Drugs', 1, 1, 11],
    ]);
    expect(bytes.dataRows).toBe(6);
    // Line 11 of the input is line 3 of the third file.
    expect(locateLine(bytes.places, 11)).toEqual({ file: 'folder/3.csv', line: 3 });
    expect(locateLine(bytes.places, 6)).toEqual({ file: 'folder/2.csv', line: 2 });
  });

  it('gives the records of every file to a record reader, the first file’s header once', async () => {
    const seen: [string, number][] = [];
    const { places } = await scanCsvParts(parts(a, b), (fields, line) => void seen.push([fields.join('|'), line]));
    expect(seen).toEqual([
      [HEADER.replace(/,/g, '|'), 1],
      ['2020-04|Kent|Burglary', 2],
      ['2020-04|Kent|Drugs', 3],
      ['2020-04|Kent|Burglary', 4],
      ['2020-05|Kent|Other\ntheft', 6],
      ['2020-05|Kent|Burglary', 8],
    ]);
    expect(places.map((p) => p.lineOffset)).toEqual([0, 4]);
    const again: number[] = [];
    await csvRecords(parts(a, b)).scan((_f, line) => void again.push(line));
    expect(again).toEqual(seen.map((s) => s[1]));
  });

  it('names the file and its own line when one of them is broken', async () => {
    const broken = `${HEADER}\n2020-05,Kent,"never closed\n2020-05,Kent,Drugs\n`;
    for (const read of [groupRows, groupRowsByStrings]) {
      await expect(read(parts(a, broken), spec)).rejects.toMatchObject({
        code: 'E_CSV_UNTERMINATED_QUOTE',
        file: 'folder/2.csv',
        line: 2,
      });
    }
  });
});
