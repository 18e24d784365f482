import { describe, expect, it } from 'vitest';
import { isStalkError, StalkError } from '../../src/core/errors.js';

describe('StalkError', () => {
  it('usage errors exit 2, data errors exit 1', () => {
    expect(new StalkError('E_UNKNOWN_AREA', 'x').exitCode).toBe(2);
    expect(new StalkError('E_UNKNOWN_CATEGORY', 'x').exitCode).toBe(2);
    expect(new StalkError('E_BAD_OPTION', 'x').exitCode).toBe(2);
    expect(new StalkError('E_MAP_INVALID', 'x').exitCode).toBe(2);
    expect(new StalkError('E_FILE_NOT_FOUND', 'x').exitCode).toBe(1);
    expect(new StalkError('E_LAYOUT_UNKNOWN', 'x').exitCode).toBe(1);
  });

  it('oneLine names file, line and code', () => {
    expect(new StalkError('E_CSV_RAGGED', 'bad row', { file: 'a.csv', line: 7 }).oneLine()).toBe(
      'a.csv:7: bad row [E_CSV_RAGGED]',
    );
    expect(new StalkError('E_USAGE', 'no input').oneLine()).toBe('no input [E_USAGE]');
  });

  it('is recognised by isStalkError and keeps its hint', () => {
    const e = new StalkError('E_LAYOUT_UNKNOWN', 'x', { hint: 'try --map' });
    expect(isStalkError(e)).toBe(true);
    expect(isStalkError(new Error('x'))).toBe(false);
    expect(e.hint).toBe('try --map');
    expect(e).toBeInstanceOf(Error);
  });
});
