import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FunnelUnit, funnel } from '../../../src/analyses/stats/funnel.js';
import { readCsvRecords } from '../../helpers/csvLite.js';
import { hasRealData, REAL, REAL_DIR, warnIfNoRealData } from '../../helpers/realData.js';

warnIfNoRealData('funnel plot of the 43 territorial forces, year ending March 2018');

/**
 * Stalking and harassment, 12 months ending 31 March 2018, by police force area (ONS rolling-year
 * file, copy B), with mid-2016 populations from ONS Table P9 — the estimate the ONS tables of that
 * year used (DESIGN.md §8). Forces without residents have no row in P9 and drop out of the join.
 */
function forces(): FunnelUnit[] {
  const counts = new Map<string, number>();
  for (const row of readCsvRecords(join(REAL_DIR, REAL.onsB))) {
    if (row[0] === '31/03/2018' && row[3] === 'Stalking and harassment') counts.set(row[1], Number(row[4]));
  }
  const populations = new Map<string, number>();
  const p9 = readCsvRecords(join(REAL_DIR, 'ons_pfa_table_P9_population_mid2002-2016_sheet_saved_as_csv.csv'));
  const header = p9.find((row) => row[0] === 'Area Code')!;
  const mid2016 = header.indexOf('2016');
  // Police force areas carry E23 (England) and W15 (Wales) codes; regions and nations do not.
  for (const row of p9) if (/^(E23|W15)/.test(row[0])) populations.set(row[1], Number(row[mid2016]));
  return [...counts].map(([name, count]) => ({ name, count, population: populations.get(name) ?? null }));
}

// Independent reference: tests/analyses/stats/reference/funnel.R (R 4.2, merge() of the same two
// files, 43 forces matched): target 5.06263135627333 per 1000, φ 813.051986568439,
// τ² 3.16937246747576; 99.8 % flags — Poisson alone 17 above and 25 below (42 of 43, all but
// West Mercia), multiplicative none, additive City of London and Durham above.
describe.skipIf(!hasRealData)('funnel: stalking and harassment by force, year ending March 2018', () => {
  // The describe body runs even when it is skipped: read the files only where they are.
  const units = hasRealData ? forces() : [];
  const territorial = units.filter((u) => u.population !== null);

  it('joins 43 territorial forces and leaves out the 1 non-territorial one in this file', () => {
    expect(territorial).toHaveLength(43);
    const r = funnel(units, { per: 1000 });
    expect(r.excluded).toEqual([{ name: 'British Transport Police', reason: 'no population' }]);
    expect(r.target).toBeCloseTo(5.06263135627333, 12);
    expect(r.overdispersion!.phi).toBeCloseTo(813.051986568439, 9);
    expect(r.overdispersion!.tau2).toBeCloseTo(3.16937246747576, 12);
  });

  it('with Poisson limits alone flags nearly every force, Durham above and Derbyshire below', () => {
    const r = funnel(units, { per: 1000, overdispersion: 'none' });
    const flagged = r.rows.filter((row) => row.flag !== 'within');
    expect(flagged.length).toBeGreaterThanOrEqual(35);
    expect(flagged).toHaveLength(42);
    expect(r.rows.filter((row) => row.flag === 'above')).toHaveLength(17);
    expect(r.rows.filter((row) => row.flag === 'below')).toHaveLength(25);
    expect(r.rows.find((row) => row.flag === 'within')!.name).toBe('West Mercia');
    // 41 of the 42 forces other than the City of London (whose 7,200 residents make its limits wide).
    expect(flagged.filter((row) => row.name !== 'City of London')).toHaveLength(41);
    const durham = r.rows.find((row) => row.name === 'Durham')!;
    const derbyshire = r.rows.find((row) => row.name === 'Derbyshire')!;
    expect(durham.flag).toBe('above');
    expect(derbyshire.flag).toBe('below');
    // R: Durham 7,692 / 628,100 → 12.2464575704506 per 1000, z 80.0169626444331, exact 99.8 % limits
    // [4.78666972386276, 5.34152802515053]
    expect(durham.rate).toBeCloseTo(12.2464575704506, 12);
    expect(durham.z!).toBeCloseTo(80.0169626444331, 10);
    expect(durham.limits998.low).toBeCloseTo(4.78666972386276, 10);
    expect(durham.limits998.high).toBeCloseTo(5.34152802515053, 10);
    expect(derbyshire.z!).toBeCloseTo(-55.9962319486207, 10);
  });

  it('with the default over-dispersion allowance flags far fewer, and Durham is still above', () => {
    const r = funnel(units, { per: 1000 });
    expect(r.dispersion.method).toBe('additive');
    const flagged = r.rows.filter((row) => row.flag !== 'within').map((row) => `${row.name}:${row.flag}`);
    expect(flagged).toEqual(['Durham:above', 'City of London:above']);
    const durham = r.rows.find((row) => row.name === 'Durham')!;
    // R add998 for Durham: [0, 10.5710800500348]; the normal lower limit falls below zero.
    expect(durham.limits998.low).toBe(0);
    expect(durham.limits998.high).toBeCloseTo(10.5710800500348, 10);
    expect(durham.rank).toBe(2);
    expect([durham.rankLow, durham.rankHigh]).toEqual([2, 2]);
    const derbyshire = r.rows.find((row) => row.name === 'Derbyshire')!;
    expect([derbyshire.rank, derbyshire.rankLow, derbyshire.rankHigh]).toEqual([43, 43, 43]);
  });
});
