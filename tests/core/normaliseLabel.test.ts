import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseHeader, normaliseLabel } from '../../src/core/dataFiles.js';

/** The definition: NFKC, lower case, '&' as 'and', runs of anything but letters and digits as one space. */
function reference(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

describe('normaliseLabel (plain-ASCII shortcut)', () => {
  it('gives the Unicode-aware result on any ASCII text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) }), (s) => {
        expect(normaliseLabel(s)).toBe(reference(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the Unicode-aware result on text with other characters', () => {
    const samples = [
      'Ynys Môn',
      'ＳＴＡＬＫＩＮＧ＆Harassment',
      'Crime\u00a0total',
      'ﬁrearms',
      'Çà et là',
      '２０１９',
      'a\u2028b',
      'Ⅻ offences',
      'ǅ',
    ];
    for (const s of samples) expect(normaliseLabel(s)).toBe(reference(s));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(normaliseLabel(s)).toBe(reference(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('headers compare without spaces, as before', () => {
    expect(normaliseHeader('Offence Code')).toBe('offencecode');
    expect(normaliseHeader('Force  Name & Area')).toBe('forcenameandarea');
  });
});
