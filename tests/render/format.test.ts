import { describe, expect, it } from 'vitest';
import type { Column } from '../../src/analyses/result.js';
import { StalkError } from '../../src/core/errors.js';
import { cellText, formatInt, formatNumber, formatSigned, stripControl } from '../../src/render/format.js';
import { parseFormat } from '../../src/render/index.js';

const col = (key: string, kind: Column['kind'], digits?: number): Column => ({ key, label: key, kind, digits });

describe('number formats', () => {
  it('formatInt groups thousands and can use a true minus', () => {
    expect(formatInt(54555)).toBe('54,555');
    expect(formatInt(1234567)).toBe('1,234,567');
    expect(formatInt(-1234)).toBe('-1,234');
    expect(formatInt(-1234, true)).toBe('−1,234');
    expect(formatInt(999)).toBe('999');
    // Every length of digits, against the general rule written out by hand.
    for (const n of [0, 7, 10, 100, 1000, 12345, 123456, 1234567, 12345678, 123456789, 1234567890])
      expect(formatInt(n)).toBe(
        String(n)
          .split('')
          .reverse()
          .join('')
          .replace(/(\d{3})(?=\d)/g, '$1,')
          .split('')
          .reverse()
          .join(''),
      );
    expect(formatInt(1e21)).toBe('1e+21');
    expect(formatNumber(1234567.891, 2)).toBe('1,234,567.89');
  });

  it('formatNumber keeps the digits asked for and never prints −0', () => {
    expect(formatNumber(1234.5, 2)).toBe('1,234.50');
    expect(formatNumber(-0.001, 2, true)).toBe('0.00');
  });

  it('formatSigned marks rises with + and falls with −', () => {
    expect(formatSigned(295)).toBe('+295');
    expect(formatSigned(-12)).toBe('−12');
    expect(formatSigned(0)).toBe('±0');
    expect(formatSigned(80.943, 2, '%')).toBe('+80.94%');
  });
});

describe('cellText', () => {
  it('renders each column kind', () => {
    expect(cellText(2336, col('count', 'int'))).toBe('2,336');
    expect(cellText(-871, col('change', 'int'))).toBe('−871');
    expect(cellText(80.94, col('changePct', 'pct', 2))).toBe('+80.94%');
    expect(cellText(true, col('smallBase', 'bool'))).toBe('yes');
    expect(cellText(null, col('count', 'int'))).toBe('');
    expect(cellText('2017-12-31', col('end', 'date'))).toBe('2017-12-31');
  });
});

describe('stripControl', () => {
  it('removes escape sequences and bells, keeps the text', () => {
    const out = stripControl('a\u001b[31mb\u0007c\u009bd');
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain('a');
    expect(out).toContain('c');
  });
});

describe('parseFormat', () => {
  it('accepts the four formats and md', () => {
    expect(['table', 'JSON', 'csv', 'markdown', 'md'].map(parseFormat)).toEqual([
      'table',
      'json',
      'csv',
      'markdown',
      'markdown',
    ]);
  });

  it('rejects others with E_BAD_OPTION', () => {
    expect(() => parseFormat('xml')).toThrow(StalkError);
    try {
      parseFormat('xml');
    } catch (e) {
      expect((e as StalkError).code).toBe('E_BAD_OPTION');
    }
  });
});
