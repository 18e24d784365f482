import { describe, expect, it } from 'vitest';
import { csvField, neutraliseFormula, renderCsv } from '../../src/render/csv.js';
import { parseCsvLite } from '../helpers/csvLite.js';
import { sampleTrendResult } from '../helpers/result.js';

describe('neutraliseFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['+cmd', "'+cmd"],
    ['-abc', "'-abc"],
    ['\tx', "'\tx"],
  ])('%j → %j', (input, out) => {
    expect(neutraliseFormula(input)).toBe(out);
  });

  it.each(['-5', '-120', '+3.5', '1e3', 'Dorset', ''])('leaves %j alone', (input) => {
    expect(neutraliseFormula(input)).toBe(input);
  });
});

describe('csvField', () => {
  it('quotes commas, quotes and line breaks; numbers and nulls plain', () => {
    expect(csvField('Public fear, alarm or distress')).toBe('"Public fear, alarm or distress"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField(-871)).toBe('-871');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('a neutralised formula is still quoted where it needs to be', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });
});

describe('renderCsv', () => {
  const result = sampleTrendResult();
  const text = renderCsv(result);
  const records = parseCsvLite(text);

  it('the header is the column keys, and every row has every column', () => {
    expect(records[0]).toEqual(result.columns.map((c) => c.key));
    expect(records).toHaveLength(1 + result.rows.length);
    for (const r of records) expect(r).toHaveLength(result.columns.length);
  });

  it('writes raw values: ISO dates, plain numbers, empty for null', () => {
    const header = records[0];
    const first = Object.fromEntries(header.map((k, i) => [k, records[1][i]]));
    expect(first).toMatchObject({
      start: '2019-04-01',
      end: '2020-03-31',
      count: '128',
      changePct: '33.33',
      previousPeriod: '2018/19',
    });
    const third = Object.fromEntries(header.map((k, i) => [k, records[3][i]]));
    expect(third.count).toBe('1234567');
    expect(third.changePct).toBe('');
    const second = Object.fromEntries(header.map((k, i) => [k, records[2][i]]));
    expect(second.change).toBe('-871');
  });

  it('neutralises formulas coming from the data', () => {
    const r = sampleTrendResult([{ area: '=1+1', category: '-abc', period: '2019/20', count: -5 }]);
    const rows = parseCsvLite(renderCsv(r));
    const row = Object.fromEntries(rows[0].map((k, i) => [k, rows[1][i]]));
    expect(row).toMatchObject({ area: "'=1+1", category: "'-abc", count: '-5' });
  });

  it('LF line endings and a final newline', () => {
    expect(text).not.toContain('\r');
    expect(text.endsWith('\n')).toBe(true);
  });
});
