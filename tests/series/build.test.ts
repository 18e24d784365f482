import { beforeAll, describe, expect, it } from 'vitest';
import { resolveAreas } from '../../src/series/areas.js';
import { ALL_AREAS, buildSeries } from '../../src/series/build.js';
import { loadInput } from '../../src/series/load.js';
import { combineLedgers } from '../../src/series/reconcile.js';
import { separabilityNotes } from '../../src/series/separability.js';
import type { LoadedInput } from '../../src/series/types.js';
import { csv, writeTemp } from '../helpers/temp.js';

const ONS = '12 months ending,PFA,Region,Offence,Rolling year total number of offences';
const SH = 'Stalking and harassment';

// Two vintages of a small ONS-style file; the second revises Dorset YE Dec 2017.
const vintage1 = csv(
  ONS,
  `31/12/2016,Dorset,South West,${SH},2041`,
  `31/12/2017,Dorset,South West,${SH},2300`,
  `31/12/2016,Wiltshire,South West,${SH},1000`,
  `31/12/2017,Wiltshire,South West,${SH},1100`,
  `31/12/2017,Kent,South East,${SH},5000`,
  `31/12/2017,Kent,South East,Burglary,7000`,
);
const vintage2 = csv(ONS, `31/12/2017,Dorset,South West,${SH},2336`);

let first: LoadedInput;
let second: LoadedInput;
beforeAll(async () => {
  first = await loadInput(writeTemp('v1.csv', vintage1), 0);
  second = await loadInput(writeTemp('v2.csv', vintage2), 1);
});

const points = (set: ReturnType<typeof buildSeries>) =>
  set.series.flatMap((s) => s.points.map((p) => [s.area, s.category, p.period.label, p.count]));

describe('buildSeries', () => {
  it('sums every area into "All areas" and says how many', () => {
    const set = buildSeries([first], { areas: [], eachArea: false, categories: ['stalking-and-harassment'] });
    expect(points(set)).toEqual([
      [ALL_AREAS, 'stalking-and-harassment', '12 months ending Dec 2016', 2041 + 1000],
      [ALL_AREAS, 'stalking-and-harassment', '12 months ending Dec 2017', 2300 + 1100 + 5000],
    ]);
    expect(set.areasUsed).toBe(3);
    expect(set.notes[0]).toContain('All areas: the sum of 3 areas (force level)');
  });

  it('--area on a region sums its forces', () => {
    const set = buildSeries([first], {
      areas: resolveAreas([first], ['south west']),
      eachArea: false,
      categories: ['stalking-and-harassment'],
    });
    expect(points(set)).toEqual([
      ['South West', 'stalking-and-harassment', '12 months ending Dec 2016', 3041],
      ['South West', 'stalking-and-harassment', '12 months ending Dec 2017', 3400],
    ]);
  });

  it('--each-area gives one series per finest area, sorted by name', () => {
    const set = buildSeries([first], {
      areas: resolveAreas([first], ['South West']),
      eachArea: true,
      categories: ['stalking-and-harassment'],
    });
    expect(set.series.map((s) => s.area)).toEqual(['Dorset', 'Wiltshire']);
  });

  it('only the categories asked for; a sole contributing area is named, not "All areas"', () => {
    const set = buildSeries([first], { areas: [], eachArea: false, categories: ['other'] });
    // Only Kent has an offence outside the sub-group.
    expect(points(set)).toEqual([['Kent', 'other', '12 months ending Dec 2017', 7000]]);
  });

  it('a later input wins over an earlier one for the same area and period, and the revision is reported', () => {
    const set = buildSeries([first, second], {
      areas: resolveAreas([first, second], ['Dorset']),
      eachArea: false,
      categories: ['stalking-and-harassment'],
    });
    expect(points(set)).toContainEqual(['Dorset', 'stalking-and-harassment', '12 months ending Dec 2017', 2336]);
    expect(points(set)).toContainEqual(['Dorset', 'stalking-and-harassment', '12 months ending Dec 2016', 2041]);
    expect(set.revisions).toHaveLength(1);
    expect(set.revisions[0]).toMatchObject({ area: 'Dorset', period: '12 months ending Dec 2017', kept: second.path });
    expect(set.revisions[0].values.map((v) => v.count)).toEqual([2300, 2336]);
    const preferFirst = buildSeries(
      [first, second],
      { areas: resolveAreas([first, second], ['Dorset']), eachArea: false, categories: ['stalking-and-harassment'] },
      [1, 0],
    );
    expect(points(preferFirst)).toContainEqual([
      'Dorset',
      'stalking-and-harassment',
      '12 months ending Dec 2017',
      2300,
    ]);
  });

  it('an unknown area fails with E_UNKNOWN_AREA', () => {
    expect(() => resolveAreas([first], ['Dorsett'])).toThrow(/did you mean 'Dorset'/);
  });

  it('a file of one area is labelled with its name', () => {
    const set = buildSeries([second], { areas: [], eachArea: false, categories: ['stalking-and-harassment'] });
    expect(set.series[0].area).toBe('Dorset');
    expect(set.notes).toContain('the data have one area: South West / Dorset');
  });
});

describe('separabilityNotes', () => {
  it('says a combined-only source cannot be separated into the categories asked for', () => {
    const notes = separabilityNotes([first], ['stalking', 'harassment']);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(
      "has only the combined 'Stalking and harassment' figure: it cannot be separated into stalking, harassment",
    );
  });
});

describe('combineLedgers', () => {
  it('adds the ledgers and names the file of each exclusion when there are several', async () => {
    const bad = await loadInput(
      writeTemp('bad.csv', csv(ONS, `31/12/2017,Dorset,South West,${SH},[c]`, `31/12/2017,Kent,South East,${SH},10`)),
      2,
    );
    const one = combineLedgers([bad]);
    expect(one.excluded[0].file).toBeUndefined();
    const both = combineLedgers([first, bad]);
    expect(both.rowsRead).toBe(6 + 2);
    expect(both.rowsUsed).toBe(6 + 1);
    expect(both.excluded).toEqual([
      expect.objectContaining({ file: bad.path, rows: 1, reason: 'count missing: confidential ([c])' }),
    ]);
  });
});
