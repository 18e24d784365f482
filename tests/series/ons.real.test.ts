import { beforeAll, describe, expect, it } from 'vitest';
import { loadInput } from '../../src/series/load.js';
import type { LoadedInput } from '../../src/series/types.js';
import { runCli } from '../helpers/cli.js';
import { hasRealData, readCsvRecords, realPath, warnIfNoRealData } from '../helpers/realData.js';
import { onlyRow, trendOf } from '../helpers/series.js';

warnIfNoRealData('ONS rolling-year series tests');

const SH = 'stalking-and-harassment';

describe.skipIf(!hasRealData)('ONS rolling years, both copies (real files)', () => {
  const copies = { A: hasRealData ? realPath('onsA') : '', B: hasRealData ? realPath('onsB') : '' };
  const inputs: Record<'A' | 'B', LoadedInput> = {} as never;
  beforeAll(async () => {
    inputs.A = await loadInput(copies.A, 0);
    inputs.B = await loadInput(copies.B, 0);
  });

  describe.each(['A', 'B'] as const)('copy %s', (copy) => {
    const dorset = () => trendOf([inputs[copy]], { categories: [SH], areas: ['Dorset'] });

    it("Dorset, year ending Dec 2017 (written '30/12/2017') = 2,336, ending 2017-12-31", () => {
      const r = onlyRow(dorset(), { end: '2017-12-31' });
      expect(r).toMatchObject({
        area: 'Dorset',
        category: SH,
        count: 2336,
        start: '2017-01-01',
        days: 365,
        period: '12 months ending Dec 2017',
      });
      // Compared with the year ending Dec 2016 (2,041 in SOURCES.md).
      expect(r).toMatchObject({
        previousPeriod: '12 months ending Dec 2016',
        previousCount: 2041,
        change: 2336 - 2041,
      });
      expect(inputs[copy].notes.some((n) => n.startsWith('927 rows dated') && n.includes('2017-12-31'))).toBe(true);
    });

    it('year ending Sep 2016 against Sep 2015 (never the overlapping Jun 2016): +80.94 %, 366 days', () => {
      const rows = dorset();
      const sep15 = onlyRow(rows, { end: '2015-09-30' });
      const sep16 = onlyRow(rows, { end: '2016-09-30' });
      expect(sep16).toMatchObject({
        start: '2015-10-01',
        days: 366,
        previousPeriod: '12 months ending Sep 2015',
        previousCount: sep15.count,
      });
      // 1918 / 1060 − 1 = 0.80943…
      expect([sep15.count, sep16.count]).toEqual([1060, 1918]);
      expect(sep16.changePct).toBe(80.94);
      expect(sep16.previousPeriod).not.toBe('12 months ending Jun 2016');
    });

    it('has only the combined figure: no stalking rows, and a note saying it cannot be separated', async () => {
      expect(inputs[copy].hasCombined).toBe(true);
      expect(inputs[copy].separateCodes).toEqual([]);
      expect(trendOf([inputs[copy]], { categories: ['stalking', 'harassment'] })).toEqual([]);
    });

    it('reconciles: every one of the 46,469 rows is used', () => {
      const l = inputs[copy].ledger;
      expect(l.rowsRead).toBe(46469);
      expect(l.rowsRead).toBe(l.rowsUsed + l.excluded.reduce((s, e) => s + e.rows, 0));
    });
  });

  it("copy A's North Wales fraud row is −120 where copy B has 120: offences differ by 240", () => {
    expect(inputs.A.ledger.negativeRows).toBe(25);
    expect(inputs.B.ledger.negativeRows).toBe(24);
    expect(inputs.B.ledger.offencesUsed - inputs.A.ledger.offencesUsed).toBe(240);
  });

  it('--by fy takes the years ending March as they are: they are financial years', () => {
    const rows = trendOf([inputs.B], { categories: [SH], areas: ['Dorset'], grain: 'fy' });
    const fy1718 = onlyRow(rows, { period: '2017/18' });
    const ye = onlyRow(trendOf([inputs.B], { categories: [SH], areas: ['Dorset'] }), { end: '2018-03-31' });
    expect(fy1718).toMatchObject({ start: '2017-04-01', end: '2018-03-31', count: ye.count });
    expect(fy1718.count).toBe(2465); // YE Mar 2018 in SOURCES.md
    // Year ending Mar 2003 … Mar 2018 with one a year: 16 financial years, no sums of rolling years.
    expect(rows.map((r) => r.period)).toHaveLength(16);
    expect(rows.every((r) => String(r.end).endsWith('-03-31'))).toBe(true);
  });

  it('--area "South West" (a region) sums its forces', () => {
    // Independent sum over the raw file: Region == South West, year ending 31/12/2018.
    const raw = readCsvRecords(copies.B).filter(
      (r) => r[0] === '31/12/2018' && r[2] === 'South West' && r[3] === 'Stalking and harassment',
    );
    expect(raw.map((r) => r[1]).sort()).toEqual([
      'Avon and Somerset',
      'Devon and Cornwall',
      'Dorset',
      'Gloucestershire',
      'Wiltshire',
    ]);
    const expected = raw.reduce((s, r) => s + Number(r[4]), 0);
    const r = onlyRow(trendOf([inputs.B], { categories: [SH], areas: ['South West'] }), { end: '2018-12-31' });
    expect(r.area).toBe('South West');
    expect(r.count).toBe(expected);
    expect(r.count).toBe(4087 + raw.filter((x) => x[1] !== 'Dorset').reduce((s, x) => s + Number(x[4]), 0)); // Dorset YE Dec 2018 = 4,087
  });

  it('England and Wales (43 forces + BTP), year ending March 2018 = 295,716', () => {
    expect(onlyRow(trendOf([inputs.B], { categories: [SH] }), { end: '2018-03-31' }).count).toBe(295716);
  });
});

describe.skipIf(!hasRealData)('ONS through the CLI (real file)', () => {
  const file = hasRealData ? realPath('onsB') : '';

  it('--area "Devon & Cornwall" and "London, City of" resolve to the ONS names', async () => {
    const devon = await runCli(['trend', file, '--area', 'Devon & Cornwall', '--format', 'json']);
    expect(devon.code).toBe(0);
    expect(new Set(devon.json.rows.map((r: { area: string }) => r.area))).toEqual(new Set(['Devon and Cornwall']));
    // Without --category the output is all combined, and says why.
    expect(new Set(devon.json.rows.map((r: { category: string }) => r.category))).toEqual(
      new Set(['stalking-and-harassment']),
    );
    expect(devon.json.notes.join('\n')).toMatch(
      /only the combined 'Stalking and harassment' figure: it cannot be separated/,
    );
    const city = await runCli(['trend', file, '--area', 'London, City of', '--format', 'json', '--from', '2018']);
    expect(city.code).toBe(0);
    expect(city.json.rows.length).toBeGreaterThan(0);
    expect(city.json.rows.every((r: { area: string }) => r.area === 'City of London')).toBe(true);
  });

  it('--by quarter gives nothing: an error (E_NO_DATA) that says why', async () => {
    const r = await runCli(['trend', file, '--area', 'Dorset', '--by', 'quarter', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rolling 12-month totals cannot give quarter figures/);
    expect(r.stderr).toMatch(/\[E_NO_DATA\]/);
  });

  it('--category stalking gives nothing: an error that says the combined figure cannot be separated', async () => {
    const r = await runCli(['trend', file, '--area', 'Dorset', '--category', 'stalking', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /only the combined 'Stalking and harassment' figure: it cannot be separated into stalking/,
    );
  });

  it('West Midlands is the force (9,843 in the year ending March 2018), the region asked for as such (26,004)', async () => {
    const r = await runCli([
      'trend',
      file,
      '--area',
      'West Midlands',
      '--area',
      'West Midlands region',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    // From the file: the PFA row 'West Midlands' and the sum of the region's four forces.
    expect(onlyRow(r.json.rows, { area: 'West Midlands', end: '2018-03-31' }).count).toBe(9843);
    expect(onlyRow(r.json.rows, { area: 'West Midlands region', end: '2018-03-31' }).count).toBe(26004);
    expect(r.stderr).toMatch(/West Midlands is both a police force area and a region.*'West Midlands region'/);
    const police = await runCli(['trend', file, '--area', 'West Midlands Police', '--format', 'json']);
    expect(onlyRow(police.json.rows, { end: '2018-03-31' }).count).toBe(9843);
  });

  it('the default run notes no false containment (a region named like a force is another area)', async () => {
    const r = await runCli(['trend', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/already contains/);
  });

  it('Dorset YE Sep 2016 against Sep 2015 in JSON: +80.94 %, ISO dates', async () => {
    const r = await runCli(['trend', file, '--area', 'Dorset', '--format', 'json']);
    expect(r.code).toBe(0);
    const row = onlyRow(r.json.rows, { end: '2016-09-30' });
    expect(row).toMatchObject({
      start: '2015-10-01',
      days: 366,
      count: 1918,
      previousPeriod: '12 months ending Sep 2015',
      previousCount: 1060,
      changePct: 80.94,
    });
  });

  it('an unknown area exits 2 with E_UNKNOWN_AREA and a suggestion', async () => {
    const r = await runCli(['trend', file, '--area', 'Dorsett']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('[E_UNKNOWN_AREA]');
    expect(r.stderr).toContain("did you mean 'Dorset'");
  });
});
