import { describe, expect, it } from 'vitest';
import type { Figure, Qualifier } from '../../src/analyses/claims/index.js';
import { contains, describeRange, overlaps, rangeOf } from '../../src/analyses/claims/vague.js';

const fig = (value: number, qualifier: Qualifier = 'stated', precision = 1): Figure => ({
  value,
  precision,
  qualifier,
  qualifierText: null,
});

describe('vague words as ranges', () => {
  it('judges a bare count exactly, a round one to its last non-zero digit', () => {
    expect(contains(rangeOf(fig(2339), 'count'), 2339)).toBe(true);
    expect(contains(rangeOf(fig(2339), 'count'), 2336)).toBe(false);
    const round = rangeOf(fig(12000, 'stated', 1000), 'count'); // 11,500 to under 12,500
    expect([contains(round, 11500), contains(round, 12499), contains(round, 12500)]).toEqual([true, true, false]);
  });

  it('judges a bare rate by rounding to its written precision', () => {
    const six = rangeOf(fig(6), 'measure'); // 5.5 to under 6.5
    expect([contains(six, 5.5), contains(six, 6.4), contains(six, 6.5)]).toEqual([true, true, false]);
    const x = rangeOf(fig(6.4, 'stated', 0.1), 'measure'); // 6.35 to under 6.45
    expect([contains(x, 6.35), contains(x, 6.449), contains(x, 6.45)]).toEqual([true, true, false]);
  });

  it('judges doubled within 5% of 2 and almost double in [1.8, 2.0)', () => {
    const doubled = rangeOf(fig(2), 'multiple');
    expect([contains(doubled, 1.9), contains(doubled, 1.89), contains(doubled, 2.1), contains(doubled, 2.11)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    const almost = rangeOf(fig(2, 'almost'), 'multiple');
    expect([contains(almost, 1.8), contains(almost, 1.79), contains(almost, 1.99), contains(almost, 2)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    const quadrupled = rangeOf(fig(4, 'almost'), 'multiple');
    expect([contains(quadrupled, 3.6), contains(quadrupled, 3.89), contains(quadrupled, 4)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('defines about, just over, more than, at least, less than and at most', () => {
    const about = rangeOf(fig(2000, 'about'), 'count'); // 1,800 to 2,200
    expect([contains(about, 1800), contains(about, 2200), contains(about, 2201)]).toEqual([true, true, false]);
    const justOver = rangeOf(fig(2000, 'just-over'), 'count'); // over 2,000 up to 2,200
    expect([
      contains(justOver, 2000),
      contains(justOver, 2001),
      contains(justOver, 2200),
      contains(justOver, 2201),
    ]).toEqual([false, true, true, false]);
    expect([
      contains(rangeOf(fig(6, 'more-than'), 'measure'), 6),
      contains(rangeOf(fig(6, 'more-than'), 'measure'), 6.01),
    ]).toEqual([false, true]);
    expect(contains(rangeOf(fig(6, 'at-least'), 'measure'), 6)).toBe(true);
    expect([
      contains(rangeOf(fig(100, 'less-than'), 'count'), 100),
      contains(rangeOf(fig(100, 'less-than'), 'count'), 99),
    ]).toEqual([false, true]);
    expect(contains(rangeOf(fig(100, 'at-most'), 'count'), 100)).toBe(true);
  });

  it('tests overlap for the tolerance, and says ranges in words', () => {
    const more = rangeOf(fig(2000, 'more-than'), 'count');
    expect(overlaps(more, 1960, 2000)).toBe(false); // open at 2,000
    expect(overlaps(more, 1960, 2000.5)).toBe(true);
    expect(describeRange(rangeOf(fig(2, 'almost'), 'multiple'), String)).toBe('1.8 to under 2');
    expect(describeRange(rangeOf(fig(6, 'more-than'), 'measure'), String)).toBe('above 6');
    expect(describeRange(rangeOf(fig(2339), 'count'), String)).toBe('exactly 2339');
  });
});
