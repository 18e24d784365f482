import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCount } from '../../src/read/group.js';

// parseCount reads plain digits without a regular expression; everything else by its rules. The
// rules, written out here as they read without the shortcut:
function byRules(cell: string): number {
  const t = cell.trim();
  if (t === '') return Number.NaN;
  if (/^[-+]?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  return Number.NaN;
}

describe('parseCount', () => {
  it('reads counts by hand-checked examples', () => {
    expect(parseCount('0')).toBe(0);
    expect(parseCount('00012')).toBe(12);
    expect(parseCount('123456789012345')).toBe(123456789012345); // 15 digits: exact
    expect(parseCount(' 7 ')).toBe(7);
    expect(parseCount('-3')).toBe(-3);
    expect(parseCount('1,213')).toBe(1213);
    expect(parseCount('1.5')).toBe(1.5);
    expect(parseCount('')).toBeNaN();
    expect(parseCount('[x]')).toBeNaN();
    expect(parseCount('١٢')).toBeNaN(); // Arabic-Indic digits are not read as numbers
  });

  it('gives what its rules give, for any text of digits, signs, commas, points and spaces', () => {
    const text = fc.string({
      unit: fc.constantFrom('0', '1', '7', '9', '-', '+', ',', '.', ' ', '\t', 'x'),
      maxLength: 20,
    });
    fc.assert(
      fc.property(text, (s) => {
        expect(Object.is(parseCount(s), byRules(s)) || (Number.isNaN(parseCount(s)) && Number.isNaN(byRules(s)))).toBe(
          true,
        );
      }),
      { numRuns: 2000 },
    );
  });
});
