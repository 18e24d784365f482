import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { StalkError } from '../../src/core/errors.js';
import { parseMapOption } from '../../src/schema/layouts.js';
import { buildSeries } from '../../src/series/build.js';
import { assertHasData, describeUnparsedCount, loadInput } from '../../src/series/load.js';
import type { LoadedInput, Observation } from '../../src/series/types.js';
import { csv, writeTemp } from '../helpers/temp.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/foundation/${name}`, import.meta.url));
const HO =
  'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
const VAP = 'Violence against the person,Stalking and harassment';

function total(input: LoadedInput, pick: (o: Observation) => boolean): number {
  return input.observations.filter(pick).reduce((s, o) => s + o.count, 0);
}

function balances(input: LoadedInput): void {
  const excluded = input.ledger.excluded.reduce((s, e) => s + e.rows, 0);
  expect(input.ledger.rowsRead).toBe(input.ledger.rowsUsed + excluded);
}

describe('loadInput: Home Office long layout', () => {
  const text = csv(
    HO,
    `2019/20,4,Kent,Stalking,${VAP},8Q,10`,
    `2019/20,4,Kent,Harassment,${VAP},8L,"1,200"`,
    `2019/20,4,Kent,Controlling and coercive behaviour,${VAP},8U,7`,
    `2020/21,1,Kent,Stalking,${VAP},8Q,30`,
    `2020/21,1,Kent,Harassment,${VAP},8L,900`,
    `2020/21,1,Kent,Racially or religiously aggravated harassment,${VAP},8M,-3`,
    `2020/21,1,Kent,Controlling and coercive behaviour,${VAP},8U,20`,
    `2020/21,1,Kent,Malicious Communications,${VAP},8R,[x]`,
    `2020/21,1,Kent,Shoplifting,Theft offences,Shoplifting,46,55`,
    `2020/21,1,Kent,All crimes,All crimes,All crimes,All codes,2000`,
    `2020/21,9,Kent,Stalking,${VAP},8Q,4`,
  );
  let input: LoadedInput;
  beforeAll(async () => {
    input = await loadInput(writeTemp('ho.csv', text), 0);
  });

  it('loads observations by area, offence and quarter', () => {
    expect(input.layout.id).toBe('home-office-open-data');
    const stalkingQ1 = [...input.observations].find(
      (o) => o.category === 'stalking' && o.period.label === 'Apr-Jun 2020',
    );
    expect(stalkingQ1).toMatchObject({
      areaPath: ['Kent'],
      areaRoles: ['force'],
      code: '8Q',
      count: 30,
      rows: 1,
      derived: false,
    });
    expect(total(input, (o) => o.category === 'harassment' && o.period.label === 'Jan-Mar 2020')).toBe(1200); // "1,200"
    expect(input.separateCodes).toEqual(['8L', '8M', '8Q', '8U']);
    expect(input.hasCombined).toBe(false);
  });

  it('keeps negative adjustments and counts them', () => {
    expect(total(input, (o) => o.subcategory === '8M')).toBe(-3);
    expect(input.ledger.negativeRows).toBe(1);
  });

  it('derives the combined figure, with 8U only from April 2020', () => {
    const derived = input.observations.filter((o) => o.derived);
    expect(derived.every((o) => o.category === 'stalking-and-harassment')).toBe(true);
    const q4 = derived.find((o) => o.period.label === 'Jan-Mar 2020');
    const q1 = derived.find((o) => o.period.label === 'Apr-Jun 2020');
    expect(q4?.count).toBe(10 + 1200); // 8U (7) not in the sub-group before April 2020
    expect(q1?.count).toBe(30 + 900 - 3 + 20); // 8R was [x]: nothing to add
    expect(input.notes.join(' ')).toContain('plus 8U from April 2020');
    expect(input.notes.join(' ')).toContain('the source has no rows for 8R');
  });

  it('excludes the totals row with the offences it held, and unusable rows with their reason', () => {
    const byReason = Object.fromEntries(input.ledger.excluded.map((e) => [e.reason.split(':')[0], e]));
    expect(byReason["totals row ('All crimes')"]).toMatchObject({ rows: 1, offences: 2000 });
    expect(byReason['count missing']).toMatchObject({ rows: 1 });
    expect(input.ledger.excluded.find((e) => e.reason.startsWith('count missing'))?.reason).toContain('[x]');
    expect(input.ledger.excluded.find((e) => e.reason.startsWith('period not recognised'))).toMatchObject({
      rows: 1,
      line: 12,
    });
  });

  it('balances: rows read = rows used + rows excluded', () => {
    expect(input.ledger.rowsRead).toBe(11);
    expect(input.ledger.rowsUsed).toBe(8);
    balances(input);
    // 10 + 1200 + 7 + 30 + 900 − 3 + 20 + 55 = 2219
    expect(input.ledger.offencesUsed).toBe(2219);
  });

  it('records every label with the category it got', () => {
    const shop = input.labels.find((l) => l.code === '46');
    expect(shop).toMatchObject({ category: 'other', matchedBy: 'none', rows: 1, offences: 55 });
    expect(input.labels[input.labels.length - 1].category).toBe('other');
  });
});

describe('loadInput: title lines, wide and ONS layouts', () => {
  it('reads data below title lines and counts the lines it skipped', async () => {
    const input = await loadInput(fixture('home-office-with-title-lines.csv'), 0);
    expect(input.ledger.linesAbove).toBe(2);
    expect(input.ledger.rowsRead).toBe(4);
    expect(total(input, (o) => o.code === '8L')).toBe(1213 + 900);
  });

  it('wide: one observation per year column; totals row and broken rows excluded', async () => {
    const path = writeTemp(
      'wide.csv',
      csv(
        'Force Name,CSP Name,Offence Description,Offence Group,Offence Subgroup,OffenceCode,2015/16,2016/17',
        'West Yorkshire,Calderdale,Stalking,VAP,Stalking and harassment,8Q,10,12',
        'West Yorkshire,Calderdale,Harassment,VAP,Stalking and harassment,8L,912,1454',
        'West Yorkshire,Calderdale,Racially or religiously aggravated harassment,VAP,Stalking and harassment,8M,18,..',
        'West Yorkshire,Calderdale,All crimes,All crimes,All crimes,All codes,940,1466',
        'Source: a footnote',
      ),
    );
    const input = await loadInput(path, 0);
    expect(input.layout.id).toBe('wide-financial-year');
    expect([...input.observations].find((o) => o.code === '8L' && o.period.label === '2016/17')).toMatchObject({
      areaPath: ['West Yorkshire', 'Calderdale'],
      areaRoles: ['force', 'csp'],
      count: 1454,
    });
    expect(input.ledger.excluded.find((e) => e.reason.startsWith('totals row'))).toMatchObject({
      rows: 1,
      offences: 940 + 1466,
    });
    expect(input.ledger.excluded.find((e) => e.reason.startsWith('ragged row'))).toMatchObject({ rows: 1, line: 6 });
    expect(input.ledger.cellsExcluded).toEqual([
      expect.objectContaining({ rows: 1, reason: 'count missing: not available (..)' }),
    ]);
    expect(input.ledger.rowsUsed).toBe(3);
    balances(input);
    // 2016/17 derived: 12 + 1454 (8M cell unusable)
    expect([...input.observations].find((o) => o.derived && o.period.label === '2016/17')?.count).toBe(1466);
  });

  it("ONS: '30/12/2017' becomes the year ending 31 Dec 2017, with a note counting its rows", async () => {
    const path = writeTemp(
      'ons.csv',
      csv(
        '12 months ending,PFA,Region,Offence,Rolling year total number of offences',
        '31/12/2016,Dorset,South West,Stalking and harassment,2041',
        '30/12/2017,Dorset,South West,Stalking and harassment,2336',
        '30/12/2017,Wiltshire,South West,Stalking and harassment,100',
      ),
    );
    const input = await loadInput(path, 0);
    const dorset2017 = [...input.observations].find((o) => o.areaPath[1] === 'Dorset' && o.period.end === '2017-12-31');
    expect(dorset2017).toMatchObject({
      count: 2336,
      category: 'stalking-and-harassment',
      areaPath: ['South West', 'Dorset'],
    });
    expect(dorset2017?.period.start).toBe('2017-01-01');
    expect(input.notes).toContain(
      "2 rows dated '30/12/2017' read as 12 months ending 2017-12-31 (a period end one day short of the month end it stands for)",
    );
    expect(input.hasCombined).toBe(true);
    expect(input.observations.some((o) => o.derived)).toBe(false);
  });
});

describe('loadInput with --map', () => {
  it('record level: every row is one crime, dated by the mapped column', async () => {
    const input = await loadInput(fixture('record-level-custom-header.csv'), 0, {
      map: parseMapOption('area=District,date=Committed,offence=Crime'),
    });
    expect(input.layout.id).toBe('mapped');
    // Stalking on 03/01/2020 (Northtown), 2020-02-10 (Southtown) and Excel 43890 = 2020-02-29 (Northtown, 'stalking').
    const stalking = input.observations.filter((o) => o.category === 'stalking' && !o.derived);
    expect(stalking.map((o) => [o.period.start, o.areaPath[0]]).sort()).toEqual([
      ['2020-01-03', 'Northtown'],
      ['2020-02-10', 'Southtown'],
      ['2020-02-29', 'Northtown'],
    ]);
    expect(input.ledger.excluded).toEqual([
      expect.objectContaining({ rows: 1, reason: "period not recognised ('not a date')" }),
    ]);
    expect(input.ledger.rowsRead).toBe(7);
    expect(input.ledger.rowsUsed).toBe(6);
    balances(input);
  });

  it('record level: the dates covered do not depend on the categories kept', async () => {
    const map = parseMapOption('area=District,date=Committed,offence=Crime');
    const all = await loadInput(fixture('record-level-custom-header.csv'), 0, { map });
    const stalkingOnly = await loadInput(fixture('record-level-custom-header.csv'), 0, {
      map,
      keep: new Set(['stalking']),
    });
    // First crime 01/01/2020 (a burglary), last 31/03/2020 (malicious communications): a span
    // guessed from the records, and said to be.
    expect(all.coverage).toEqual({ start: '2020-01-01', end: '2020-03-31', guessed: true });
    expect(stalkingOnly.coverage).toEqual({ start: '2020-01-01', end: '2020-03-31', guessed: true });
    expect(all.notes.join('\n')).toContain('the span covered is taken as 2020-01-01 to 2020-03-31');
    expect(stalkingOnly.observations.filter((o) => !o.derived).every((o) => o.category === 'stalking')).toBe(true);
    const months = buildSeries([stalkingOnly], { areas: [], eachArea: false, categories: ['stalking'] }).series[0]
      .points;
    expect(months.map((p) => [p.period.label, p.count])).toEqual([
      ['Jan 2020', 1],
      ['Feb 2020', 2],
    ]);
  });

  it('long custom layout: counts summed per period label, markers excluded', async () => {
    const input = await loadInput(fixture('long-custom-layout.csv'), 0, {
      map: parseMapOption('area=Force,period=Month,offence=Crime type,count=N'),
    });
    const kentStalking = input.observations.filter(
      (o) => o.areaPath[0] === 'Kent' && o.category === 'stalking' && !o.derived,
    );
    expect(kentStalking.map((o) => [o.period.label, o.count])).toEqual([
      ['Apr 2020', 30],
      ['May 2020', 45],
    ]);
    expect(total(input, (o) => o.areaPath[0] === 'Essex' && o.category === 'stalking')).toBe(20 - 2);
    expect(input.ledger.excluded.map((e) => [e.reason, e.rows])).toEqual([
      ['count missing: suppressed or not available ([x])', 1],
    ]);
    balances(input);
  });
});

describe('describeUnparsedCount and assertHasData', () => {
  it('names the markers official tables use', () => {
    expect(describeUnparsedCount('[c]')).toBe('count missing: confidential ([c])');
    expect(describeUnparsedCount('N/a')).toBe('count missing: not applicable (N/a)');
    expect(describeUnparsedCount('lots')).toBe("count is not a number ('lots')");
  });

  it('fails with E_NO_DATA when no row could be used', async () => {
    const input = await loadInput(writeTemp('nodata.csv', csv(HO, '2020/21,1,Kent,Stalking,VAP,S&H,8Q,[x]')), 0);
    expect(() => assertHasData(input)).toThrow(StalkError);
    try {
      assertHasData(input);
    } catch (e) {
      expect((e as StalkError).code).toBe('E_NO_DATA');
      expect((e as StalkError).message).toContain('[x]');
    }
  });
});

describe('counts that are not small whole numbers', () => {
  // The loader reads group sums as 32-bit integers when every one of them is one; a file with a
  // decimal, a count beyond 32 bits or a negative zero keeps them as they are, exactly.
  const HO =
    'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
  const VAP = 'Violence against the person,Stalking and harassment';
  const load = (name: string, ...counts: string[]) =>
    loadInput(
      writeTemp(
        name,
        csv(HO, ...counts.map((c, i) => `2020/21,1,${['Kent', 'Essex', 'Surrey'][i]},Stalking,${VAP},8Q,${c}`)),
      ),
      0,
    );
  const stalking = (input: LoadedInput) =>
    input.observations.filter((o) => o.category === 'stalking' && !o.derived).map((o) => [o.areaPath[0], o.count]);

  it('keeps decimals and counts beyond 32 bits exact', async () => {
    const input = await load('big.csv', '2.5', '3000000000', '7');
    expect(stalking(input)).toEqual([
      ['Kent', 2.5],
      ['Essex', 3_000_000_000],
      ['Surrey', 7],
    ]);
    // 2.5 + 3,000,000,000 + 7
    expect(input.ledger.offencesUsed).toBe(3_000_000_009.5);
  });

  it('gives the same figures whether or not every count is a small whole number', async () => {
    const small = await load('small.csv', '2', '-1', '7');
    const mixed = await load('mixed.csv', '2', '-1', '7.0001');
    expect(stalking(small)).toEqual([
      ['Kent', 2],
      ['Essex', -1],
      ['Surrey', 7],
    ]);
    expect(stalking(mixed)).toEqual([
      ['Kent', 2],
      ['Essex', -1],
      ['Surrey', 7.0001],
    ]);
    expect(small.ledger.negativeRows).toBe(1);
    expect(mixed.ledger.negativeRows).toBe(1);
  });
});

describe('a row of delimiters only, in a file with no repeated key', () => {
  it('is a blank line, not a row with an unrecognised period', async () => {
    // Every other row is its own area, period and offence: the loader's look for repeated keys has
    // nothing to find, but the all-blank key must still be seen.
    const HO =
      'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
    const input = await loadInput(
      writeTemp(
        'delims.csv',
        csv(HO, '2020/21,1,Kent,Stalking,VAP,S&H,8Q,3', ',,,,,,,', '2020/21,1,Essex,Stalking,VAP,S&H,8Q,4'),
      ),
      0,
    );
    expect(input.ledger.rowsRead).toBe(2);
    expect(input.ledger.rowsUsed).toBe(2);
    expect(input.ledger.blankLines).toBe(1);
    expect(input.ledger.excluded).toEqual([]);
  });
});
