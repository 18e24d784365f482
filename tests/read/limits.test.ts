import { describe, expect, it } from 'vitest';
import { StalkError } from '../../src/core/errors.js';
import { parseCsvText } from '../../src/read/csv.js';

describe('record limits', () => {
  it('a record of more than 100,000 fields stops with E_LINE_TOO_LONG at its line', () => {
    const text = `a,b\n${'1,'.repeat(100_001)}1\n`;
    let caught: unknown;
    try {
      parseCsvText(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(StalkError);
    expect((caught as StalkError).code).toBe('E_LINE_TOO_LONG');
    expect((caught as StalkError).line).toBe(2);
  });

  it('100,000 fields are still read', () => {
    const rows = parseCsvText(`${'x,'.repeat(99_999)}x\n`);
    expect(rows[0].fields.length).toBe(100_000);
  });
});
