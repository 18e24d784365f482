import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClaimInput, checkClaims, type EvaluateOptions, parseClaim } from '../../src/analyses/claims/index.js';
import type { Row } from '../../src/analyses/result.js';
import { loadInput } from '../../src/series/load.js';
import type { LoadedInput } from '../../src/series/types.js';

// A Home Office quarterly extract of two invented forces, with stalking (8Q) and harassment (8L):
//   Northshire 8Q  2018/19: 10 20 30 40 (100)   2019/20: 20 30 40 50 (140)   2020/21: 60 70 80 90 (300)
//   Northshire 8L  100 a quarter (400)           110 a quarter (440)           90 a quarter (360)
//   Southshire 8Q  5 a quarter (20 a year);      8L 50 a quarter (200 a year)
const HEADER =
  'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
const NORTH_8Q: Record<string, number[]> = {
  '2018/19': [10, 20, 30, 40],
  '2019/20': [20, 30, 40, 50],
  '2020/21': [60, 70, 80, 90],
};
const NORTH_8L: Record<string, number> = { '2018/19': 100, '2019/20': 110, '2020/21': 90 };

function fixture(): string {
  const lines = [HEADER];
  for (const fy of Object.keys(NORTH_8Q)) {
    for (let q = 1; q <= 4; q++) {
      lines.push(
        `${fy},${q},Northshire,Stalking,Violence against the person,Stalking and harassment,8Q,${NORTH_8Q[fy][q - 1]}`,
      );
      lines.push(
        `${fy},${q},Northshire,Harassment,Violence against the person,Stalking and harassment,8L,${NORTH_8L[fy]}`,
      );
      lines.push(`${fy},${q},Southshire,Stalking,Violence against the person,Stalking and harassment,8Q,5`);
      lines.push(`${fy},${q},Southshire,Harassment,Violence against the person,Stalking and harassment,8L,50`);
    }
  }
  return `${lines.join('\n')}\n`;
}

let dir: string;
let inputs: LoadedInput[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stalkstats-claims-'));
  writeFileSync(join(dir, 'ho.csv'), fixture());
  inputs = [await loadInput(join(dir, 'ho.csv'), 0)];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(claim: string | ClaimInput, options: Partial<EvaluateOptions> = {}): Row[] {
  const input = typeof claim === 'string' ? { text: claim } : claim;
  return checkClaims([parseClaim(input, { asOf: options.asOf })], inputs, { tolerancePct: 2, ...options }).rows;
}
const verdicts = (rows: Row[]) => rows.map((r) => r.verdict);

describe('evaluating claims', () => {
  it('builds a calendar year from four financial-year quarters and shows them', () => {
    // 2019 = Jan–Mar 2019 (40) + Apr–Jun, Jul–Sep, Oct–Dec 2019 (20 + 30 + 40) = 130
    const [r] = check('130 stalking offences in 2019', { area: 'Northshire' });
    expect(r.verdict).toBe('supported');
    expect(r.working).toContain('Jan-Mar 2019 40 + Apr-Jun 2019 20 + Jul-Sep 2019 30 + Oct-Dec 2019 40 = 130');
  });

  it('judges multiples on the ratio of the two periods', () => {
    // 2020 = 50 + 60 + 70 + 80 = 260; 260 / 130 = 2.00
    expect(verdicts(check('stalking doubled in 2020', { area: 'Northshire' }))).toEqual(['supported']);
    expect(verdicts(check('stalking tripled in 2020', { area: 'Northshire' }))).toEqual(['not-supported']);
  });

  it('works out rates by whole months, by day and as an interval', () => {
    // 2019/20: 140 / 12 months = 11.67 a month; almost 12 = [10.8, 12)
    const [month] = check('almost 12 stalking offences a month in 2019/20', { area: 'Northshire' });
    expect(month.verdict).toBe('supported');
    expect(month.working).toContain('140 / 12 months = 11.67 a month');
    // 140 / 366 days (2019/20 has 29 February 2020) = 0.3825 a day; an offence every 2.61 days, about 3
    const [every] = check('one stalking offence every three days in 2019/20', { area: 'Northshire' });
    expect(every.verdict).toBe('supported');
    expect(every.working).toContain('140 / 366 days = 0.38 a day = one every 2.61 days');
  });

  it('is close when the data are within the tolerance of the claim, and says how far', () => {
    // 0.3825 a day is not above 0.39, but 0.3825 × 1.02 = 0.3902 is
    expect(verdicts(check('more than 0.39 stalking offences a day in 2019/20', { area: 'Northshire' }))).toEqual([
      'close',
    ]);
    expect(
      verdicts(check('more than 0.39 stalking offences a day in 2019/20', { area: 'Northshire', tolerancePct: 0 })),
    ).toEqual(['not-supported']);
    // 142 vs 140: +2 = +1.43%
    const [count] = check('142 stalking offences in 2019/20', { area: 'Northshire' });
    expect(count.verdict).toBe('close');
    expect(count.working).toContain('published 142 vs data 140: +2 (+1.43%)');
    expect([count.publishedValue, count.computedValue, count.difference]).toEqual([142, 140, 2]);
  });

  it('sums all areas unless an area is given or named in the claim', () => {
    // all areas 2019/20: 140 + 20 = 160; Southshire alone: 20
    expect(check('160 stalking offences in 2019/20')[0]).toMatchObject({ verdict: 'supported', area: 'All areas' });
    const [named] = check('Southshire recorded 20 stalking offences in 2019/20');
    expect(named).toMatchObject({ verdict: 'supported', area: 'Southshire' });
    expect(named.working).toContain("area 'Southshire' named in the claim");
    expect(check({ text: '20 stalking offences in 2019/20', area: 'Nowhereshire' })[0]).toMatchObject({
      verdict: 'cannot-check',
    });
  });

  it('compares "since" with the latest like period in the data', () => {
    // 2018/19 100 → latest financial year 2020/21 300: ×3.00
    const [r] = check('stalking more than doubled since 2018/19', { area: 'Northshire' });
    expect(r.verdict).toBe('supported');
    expect(r.period).toBe('2018/19 → 2020/21');
  });

  it('derives the combined figure, assumes it for claims naming no category, and says so', () => {
    // Northshire 2020/21: 8Q 300 + 8L 360 = 660
    const [r] = check('660 offences in 2020/21', { area: 'Northshire' });
    expect(r).toMatchObject({ verdict: 'supported', category: 'stalking-and-harassment' });
    expect(r.working).toMatch(/no category named: stalking-and-harassment assumed/);
    expect(check('660 offences in 2020/21', { area: 'Northshire', category: 'harassment' })[0]).toMatchObject({
      verdict: 'not-supported',
      category: 'harassment',
    });
  });

  it('cannot check what the data do not have, and says what is missing', () => {
    const [mc] = check('malicious communications rose in 2019/20');
    expect(mc.verdict).toBe('cannot-check');
    expect(mc.working).toMatch(/no malicious communications figures/);
    const [early] = check('stalking rose in 2018/19');
    expect(early.verdict).toBe('cannot-check');
    expect(early.working).toMatch(/2017\/18 is not covered/);
  });

  it('adds a comparability caution to a change across a recording change', () => {
    const comparability = () => ({ comparable: false, because: 'a recording change on 1 April 2020' });
    const [r] = check('stalking rose in 2020/21', { area: 'Northshire', comparability });
    expect(r.verdict).toBe('supported');
    expect(r.working).toContain('not comparable: a recording change on 1 April 2020');
  });

  it('returns one row per part, numbered within the claim', () => {
    const rows = check('140 stalking offences in 2019/20 — about 12 a month — up 40% on 2018/19', {
      area: 'Northshire',
    });
    // 140 exactly; 11.67 a month is within 10% of 12 (10.8 to 13.2); 140 / 100 = 1.40, +40%
    expect(rows.map((r) => [r.claimNo, r.verdict])).toEqual([
      ['1.1', 'supported'],
      ['1.2', 'supported'],
      ['1.3', 'supported'],
    ]);
  });

  it('shows what was recognised when a claim cannot be read', () => {
    const [r] = check('stalking in Northshire is a problem');
    expect(r.verdict).toBe('unparsed');
    expect(r.working).toMatch(/recognised: category 'stalking' = stalking/);
  });
});
