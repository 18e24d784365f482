import { describe, expect, it } from 'vitest';
import { StalkError } from '../../src/core/errors.js';
import { csvField, neutraliseFormula, renderCsv } from '../../src/render/csv.js';
import { stripControl } from '../../src/render/format.js';
import { escapeMarkdown } from '../../src/render/markdown.js';

describe('neutraliseFormula (OWASP CSV Injection, ASVS 1.2.10)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://x.invalid","x")', `'=HYPERLINK("http://x.invalid","x")`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ['\u0000=1', "'\u0000=1"],
    ['  =1+1', "'  =1+1"],
    ['\u00a0@x', "'\u00a0@x"],
  ])('%j becomes %j', (input, out) => {
    expect(neutraliseFormula(input)).toBe(out);
  });

  it.each(['-120', '+3', '-0.5', '1e5', '', 'Stalking', 'Devon & Cornwall', "'quoted", '2017/18', '  -12'])(
    'leaves %j alone (numbers stay numbers)',
    (s) => {
      expect(neutraliseFormula(s)).toBe(s);
    },
  );

  it('quotes fields holding a delimiter a spreadsheet might split on, so no formula can start a new cell', () => {
    expect(csvField('a,=1+1')).toBe('"a,=1+1"');
    expect(csvField('a;=1+1')).toBe('"a;=1+1"');
    expect(csvField('a\t=1+1')).toBe('"a\t=1+1"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(-120)).toBe('-120');
    expect(csvField(null)).toBe('');
    expect(csvField('=1+1')).toBe("'=1+1");
  });

  it('applies to every text cell of rendered CSV', () => {
    const csv = renderCsv({
      command: 'x',
      title: 'x',
      inputs: [],
      columns: [
        { key: 'area', label: 'Area', kind: 'text' },
        { key: 'count', label: 'Count', kind: 'int' },
      ],
      rows: [
        { area: '=cmd', count: -3 },
        { area: '@x;y', count: 4 },
      ],
      notes: [],
      warnings: [],
      reconciliation: { rowsRead: 0, rowsUsed: 0, excluded: [] },
    });
    expect(csv).toBe('area,count\n\'=cmd,-3\n"\'@x;y",4\n');
  });
});

describe('stripControl: data never drives the terminal', () => {
  it('removes CSI colour codes and OSC title sequences, leaving harmless text', () => {
    const label = 'Stalking\u001b[31m red\u001b[0m';
    expect(stripControl(label)).toBe('Stalking[31m red[0m');
    expect(stripControl('\u001b]0;title\u0007Dorset')).toBe(']0;titleDorset');
    expect(stripControl('x\u009b31my')).toBe('x31my');
    expect(stripControl('a\u0008\u0008b\u007f')).toBe('ab');
  });

  it('turns line breaks and tabs into spaces, so a label cannot fake a line of output', () => {
    expect(stripControl('Stalking\nreconciliation: rows read 0')).toBe('Stalking reconciliation: rows read 0');
    expect(stripControl('a\r\nb\tc\u2028d')).toBe('a b c d');
  });

  it('removes bidirectional overrides that could show digits in another order', () => {
    expect(stripControl('Dorset \u202e021\u202c')).toBe('Dorset 021');
    expect(stripControl('\u2066x\u2069\u200f')).toBe('x');
  });

  it('leaves ordinary text alone', () => {
    for (const s of ['Devon & Cornwall', 'Ynys Môn', '£1,213', 'Stalking — 8Q', '−12']) expect(stripControl(s)).toBe(s);
  });
});

describe('escapeMarkdown', () => {
  it('escapes pipes (and the backslash) so a label cannot add a column', () => {
    expect(escapeMarkdown('Stalking | harassment')).toBe('Stalking \\| harassment');
    expect(escapeMarkdown('a\\|b')).toBe('a\\\\\\|b');
    expect(escapeMarkdown('one\ntwo')).toBe('one two');
  });
});

describe('StalkError text', () => {
  it('keeps a one-line message however hostile the data it quotes', () => {
    const e = new StalkError('E_LAYOUT_UNKNOWN', 'first row: \u001b]0;x\u0007Date,\nPlace\r\nThing', {
      file: 'a\u001b[2J.csv',
      line: 3,
      hint: 'layouts:\n  - one\u001b[31m',
    });
    expect(e.oneLine()).toBe('a[2J.csv:3: first row: ]0;xDate, Place Thing [E_LAYOUT_UNKNOWN]');
    expect(e.oneLine()).not.toMatch(/[\u0000-\u001f]/);
    expect(e.hint).toBe('layouts:\n  - one[31m');
  });
});
