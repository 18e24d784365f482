import { describe, expect, it } from 'vitest';
import { normaliseHeader, normaliseLabel, readDataJson } from '../../src/core/dataFiles.js';
import { StalkError } from '../../src/core/errors.js';
import { closest, editDistance } from '../../src/core/similar.js';

describe('label and header normalisation', () => {
  it('ignores case, punctuation and spacing, and reads & as and', () => {
    expect(normaliseLabel('  Stalking & Harassment ')).toBe('stalking and harassment');
    expect(normaliseLabel('MALICIOUS-communications!')).toBe('malicious communications');
    expect(normaliseLabel('Controlling  or\tcoercive')).toBe('controlling or coercive');
  });

  it('header comparison also ignores spaces (OffenceCode = Offence Code)', () => {
    expect(normaliseHeader('OffenceCode')).toBe(normaliseHeader('Offence Code'));
    expect(normaliseHeader('Number of Offences')).toBe('numberofoffences');
  });
});

describe('readDataJson', () => {
  it('reads the packaged data files', () => {
    expect(readDataJson<{ layouts: unknown[] }>('layouts.json').layouts.length).toBeGreaterThan(0);
  });

  it('fails with E_DATA_FILE for a missing file', () => {
    expect(() => readDataJson('no-such-file.json')).toThrow(StalkError);
    try {
      readDataJson('no-such-file.json');
    } catch (e) {
      expect((e as StalkError).code).toBe('E_DATA_FILE');
    }
  });
});

describe('suggestions', () => {
  it('editDistance is the Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('closest puts the nearest first and drops far-off names', () => {
    expect(closest('Dorsett', ['Dorset', 'Durham', 'Kent'])[0]).toBe('Dorset');
    expect(closest('stalkin', ['stalking', 'harassment', 'other'])).toContain('stalking');
    expect(closest('zzzzzzzz', ['Dorset'])).toEqual([]);
  });
});
