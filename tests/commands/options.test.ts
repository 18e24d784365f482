import { describe, expect, it } from 'vitest';
import { colorEnabled, filterRange } from '../../src/commands/options.js';
import { parseCategoryList, parseGrain, parsePeriodBound } from '../../src/commands/parse.js';
import { StalkError } from '../../src/core/errors.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof StalkError ? e.code : `not a StalkError: ${String(e)}`;
  }
  return undefined;
}

describe('parseCategoryList', () => {
  it('reads a comma list, whatever the case and spacing, without repeats', () => {
    expect(parseCategoryList('stalking,harassment')).toEqual(['stalking', 'harassment']);
    expect(parseCategoryList(' Stalking , MALICIOUS-communications,stalking ')).toEqual([
      'stalking',
      'malicious-communications',
    ]);
    expect(parseCategoryList('coercive control')).toEqual(['coercive-control']);
  });

  it('knows the short names', () => {
    expect(parseCategoryList('s&h,combined,malicious,coercive')).toEqual([
      'stalking-and-harassment',
      'malicious-communications',
      'coercive-control',
    ]);
  });

  it('an unknown category is E_UNKNOWN_CATEGORY with a suggestion', () => {
    try {
      parseCategoryList('stalking,harasment');
      expect.unreachable();
    } catch (e) {
      expect((e as StalkError).code).toBe('E_UNKNOWN_CATEGORY');
      expect((e as StalkError).exitCode).toBe(2);
      expect((e as StalkError).message).toContain("unknown category 'harasment'; did you mean 'harassment'");
    }
    expect(codeOf(() => parseCategoryList(' , '))).toBe('E_UNKNOWN_CATEGORY');
  });
});

describe('parsePeriodBound', () => {
  it('--from takes the first day and --to the last of a year, financial year or month', () => {
    expect(parsePeriodBound('2017', 'from')).toBe('2017-01-01');
    expect(parsePeriodBound('2017', 'to')).toBe('2017-12-31');
    expect(parsePeriodBound('2017/18', 'from')).toBe('2017-04-01');
    expect(parsePeriodBound('2017/18', 'to')).toBe('2018-03-31');
    expect(parsePeriodBound('2020-02', 'to')).toBe('2020-02-29');
    expect(parsePeriodBound('2020-02-10', 'from')).toBe('2020-02-10');
  });

  it('rejects anything else with E_BAD_OPTION', () => {
    for (const bad of ['last year', '2017-13', '2019-02-29', '17/18'])
      expect(
        codeOf(() => parsePeriodBound(bad, 'from')),
        bad,
      ).toBe('E_BAD_OPTION');
  });
});

describe('parseGrain', () => {
  it('accepts the grains and their aliases', () => {
    expect(['fy', 'financial-year', 'YEAR', 'calendar', 'q', 'quarter', 'month'].map(parseGrain)).toEqual([
      'fy',
      'fy',
      'year',
      'year',
      'quarter',
      'quarter',
      'month',
    ]);
    expect(codeOf(() => parseGrain('week'))).toBe('E_BAD_OPTION');
  });
});

describe('filterRange', () => {
  it('keeps financial years inside the bounds', () => {
    const rows = ['2016', '2017', '2018', '2019'].map((y) => ({ start: `${y}-04-01`, end: `${Number(y) + 1}-03-31` }));
    const kept = filterRange(rows, parsePeriodBound('2017/18', 'from'), parsePeriodBound('2018/19', 'to'));
    expect(kept.map((r) => r.start)).toEqual(['2017-04-01', '2018-04-01']);
    expect(filterRange(rows)).toHaveLength(4);
  });
});

describe('colorEnabled', () => {
  const io = (env: Record<string, string>, tty: boolean) => ({
    stdout: { write: () => true },
    stderr: { write: () => true },
    env,
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
  });
  it('colour on a terminal only, never with NO_COLOR or --no-color, forced with FORCE_COLOR', () => {
    expect(colorEnabled(io({}, true), {})).toBe(true);
    expect(colorEnabled(io({}, false), {})).toBe(false);
    expect(colorEnabled(io({ NO_COLOR: '1' }, true), {})).toBe(false);
    expect(colorEnabled(io({}, true), { color: false })).toBe(false);
    expect(colorEnabled(io({ FORCE_COLOR: '1' }, false), {})).toBe(true);
  });
});
