import { describe, expect, it } from 'vitest';
import { financialYear, type Period } from '../../src/core/periods.js';
import { deriveCombined, inSubGroup } from '../../src/series/derive.js';
import type { Observation } from '../../src/series/types.js';

/** One path array per area, as the loader gives (derived sums key areas by it). */
const paths = new Map<string, string[]>();
const pathOf = (area: string) => paths.get(area) ?? paths.set(area, [area]).get(area)!;

function obs(code: string, period: Period, count: number, area = 'Calderdale'): Observation {
  const category =
    (
      {
        '8Q': 'stalking',
        '8L': 'harassment',
        '8M': 'harassment',
        '8R': 'malicious-communications',
        '8U': 'coercive-control',
      } as const
    )[code] ?? 'other';
  return {
    input: 0,
    areaPath: pathOf(area),
    areaRoles: ['csp'],
    category,
    subcategory: category === 'other' ? null : code,
    offence: code,
    code,
    period,
    count,
    rows: 1,
    derived: false,
  };
}

describe('inSubGroup', () => {
  it('8U joins the stalking and harassment sub-group in April 2020', () => {
    expect(inSubGroup('8U', '2020-03-31')).toBe(false);
    expect(inSubGroup('8U', '2020-04-01')).toBe(true);
    for (const c of ['8L', '8M', '8Q', '8R']) expect(inSubGroup(c, '2010-04-01')).toBe(true);
    expect(inSubGroup('46', '2020-04-01')).toBe(false);
  });
});

describe('deriveCombined', () => {
  // Calderdale's real figures.
  const fy1920 = financialYear(2019);
  const fy2021 = financialYear(2020);
  const observations = [
    obs('8L', fy1920, 1717),
    obs('8M', fy1920, 26),
    obs('8Q', fy1920, 128),
    obs('8R', fy1920, 1681),
    obs('8U', fy1920, 0),
    obs('8L', fy2021, 1475),
    obs('8M', fy2021, 33),
    obs('8Q', fy2021, 498),
    obs('8R', fy2021, 1836),
    obs('8U', fy2021, 216),
    obs('46', fy2021, 999),
  ];

  it('sums the sub-group codes per area and period', () => {
    const { observations: derived, notes } = deriveCombined(
      observations,
      false,
      new Set(['8L', '8M', '8Q', '8R', '8U']),
    );
    const byPeriod = Object.fromEntries([...derived].map((o) => [o.period.label, o]));
    expect(byPeriod['2019/20'].count).toBe(1717 + 26 + 128 + 1681); // 3552; 8U not yet in the sub-group
    expect(byPeriod['2020/21'].count).toBe(1475 + 33 + 498 + 1836 + 216); // 4058
    expect(byPeriod['2020/21']).toMatchObject({
      category: 'stalking-and-harassment',
      derived: true,
      subcategory: null,
      rows: 5,
    });
    expect(notes).toHaveLength(1);
    expect(notes[0]).not.toContain('no rows for');
  });

  it('nothing is derived when the source has its own combined figure, or no harassment code', () => {
    expect([...deriveCombined(observations, true, new Set(['8L'])).observations]).toEqual([]);
    expect([...deriveCombined([obs('8Q', fy2021, 5)], false, new Set(['8Q'])).observations]).toEqual([]);
  });

  it('names the codes the source lacks', () => {
    const { notes } = deriveCombined([obs('8L', fy2021, 5)], false, new Set(['8L']));
    expect(notes[0]).toContain('the source has no rows for 8M, 8Q, 8R, 8U');
  });

  it('keeps areas apart', () => {
    const { observations: derived } = deriveCombined(
      [obs('8L', fy2021, 5, 'A'), obs('8L', fy2021, 7, 'B')],
      false,
      new Set(['8L']),
    );
    expect([...derived].map((o) => [o.areaPath[0], o.count]).sort()).toEqual([
      ['A', 5],
      ['B', 7],
    ]);
  });
});
