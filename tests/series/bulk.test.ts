import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupPasses } from '../../src/read/groupKernels.js';
import { loadInput } from '../../src/series/load.js';
import type { CategoryId } from '../../src/taxonomy/taxonomy.js';
import { DEFAULT_CATEGORIES } from '../../src/taxonomy/taxonomy.js';
import { csv, writeTemp } from '../helpers/temp.js';

// A long file whose groups need no look of their own is loaded in bulk (per tuple of offence, area
// and period, with compiled passes over the groups); `groupByGroup` loads it one group at a time,
// the reference. Both must give the same input: observations in the same order, the same ledger,
// label list, notes and warnings.

const HO = 'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
const ONS = '12 months ending,PFA,Region,Offence,Rolling year total number of offences';
const VAP = 'Violence against the person,Stalking and harassment';

const hoOffences = [
  `Stalking,${VAP},8Q`,
  `Harassment,${VAP},8L`,
  `Racially or religiously aggravated harassment,${VAP},8M`,
  `Controlling and coercive behaviour,${VAP},8U`,
  `Malicious Communications,${VAP},8R`,
  'Shoplifting,Theft offences,Shoplifting,46',
  'Bicycle theft,Theft offences,Bicycle theft,44',
];
const forces = ['Kent', 'Dorset', 'Essex', ' Kent ', 'Avon and Somerset'];
const years = ['2016/17', '2017/18', '2019/20', '2020/21'];
const onsOffences = ['Stalking and harassment', 'Bicycle theft', 'Public order offences', 'Stalking and harassment ', 'Shoplifting'];
const onsAreas = ['Dorset,South West', 'Wiltshire,South West', 'Kent,South East', 'West Midlands,West Midlands'];
const onsDates = ['31/03/2016', '31/12/2016', '30/12/2017', '31/03/2018', '31/12/2017'];

const count = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 5000 }).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: -20, max: -1 }).map(String) },
);
/** Cells that take a group off the bulk path, each in its own way. */
const oddCount = fc.constantFrom('"1,200"', '[x]', '2.5', '', '3000000000');

// Rows with distinct keys (a repeated key needs a second look, which the odd rows bring in).
const hoRows = fc
  .uniqueArray(fc.record({ y: fc.constantFrom(...years), q: fc.integer({ min: 1, max: 4 }), f: fc.constantFrom(...forces), o: fc.constantFrom(...hoOffences), c: count }), {
    minLength: 1,
    maxLength: 60,
    selector: (r) => `${r.y},${r.q},${r.f},${r.o}`,
  })
  .map((rows) => rows.map(({ y, q, f, o, c }) => `${y},${q},${f},${o},${c}`));
const onsRows = fc
  .uniqueArray(fc.record({ d: fc.constantFrom(...onsDates), a: fc.constantFrom(...onsAreas), o: fc.constantFrom(...onsOffences), c: count }), {
    minLength: 1,
    maxLength: 60,
    selector: (r) => `${r.d},${r.a},${r.o}`,
  })
  .map((rows) => rows.map(({ d, a, o, c }) => `${d},${a},${o},${c}`));

/** Rows that set groups aside or make them need a second look. */
const hoOdd = fc.oneof(
  fc.constant(`2020/21,1,Kent,All crimes,All crimes,All crimes,All codes,2000`),
  fc.constant(`2020/2x,1,Kent,Stalking,${VAP},8Q,5`),
  fc.constant(`2020/21,1,Kent,,,,,7`),
  fc.constant(`,,,,,,,`),
  oddCount.map((c) => `2020/21,2,Essex,Stalking,${VAP},8Q,${c}`),
);
const onsOdd = fc.oneof(fc.constant('31/12/2016,Dorset,South West,Total recorded crime,9000'), fc.constant('99/99/2016,Dorset,South West,Bicycle theft,4'), oddCount.map((c) => `31/12/2016,Kent,South East,Shoplifting,${c}`));

const keeps: (ReadonlySet<CategoryId> | undefined)[] = [undefined, new Set(DEFAULT_CATEGORIES), new Set<CategoryId>(['stalking'])];

let file = 0;
async function bothWays(header: string, rows: string[], keep: ReadonlySet<CategoryId> | undefined) {
  const path = writeTemp(`bulk-${file++}.csv`, csv(header, ...rows));
  const select = vi.spyOn(GroupPasses.prototype, 'select');
  const bulk = await loadInput(path, 0, { ...(keep ? { keep } : {}) });
  const inBulk = select.mock.calls.length > 0;
  select.mockRestore();
  const reference = await loadInput(path, 0, { ...(keep ? { keep } : {}), groupByGroup: true });
  return { bulk, reference, inBulk };
}

afterEach(() => vi.restoreAllMocks());

/** No odd row in half the files, one or two in the others. */
const oddRows = (odd: fc.Arbitrary<string>) => fc.oneof(fc.constant([] as string[]), fc.array(odd, { minLength: 1, maxLength: 2 }));

/** Both paths were compared often: a quarter of the files or more went each way. */
function expectBoth(runs: boolean[]): void {
  const inBulk = runs.filter(Boolean).length;
  expect(inBulk).toBeGreaterThan(runs.length / 4);
  expect(runs.length - inBulk).toBeGreaterThan(runs.length / 4);
}

describe('loading a long file in bulk', () => {
  const layouts = [
    { name: 'Home Office layout', header: HO, rows: hoRows, odd: oddRows(hoOdd) },
    { name: 'ONS layout (snapped period ends, areas in two levels)', header: ONS, rows: onsRows, odd: oddRows(onsOdd) },
  ];
  for (const { name, header, rows: rowsOf, odd: oddOf } of layouts) {
    it(`gives the same input as group by group, ${name}`, async () => {
      const runs: boolean[] = [];
      await fc.assert(
        fc.asyncProperty(rowsOf, oddOf, fc.nat(60), fc.constantFrom(...keeps.keys()), async (rows, odd, at, k) => {
          const all = [...rows];
          all.splice(at % (rows.length + 1), 0, ...odd);
          const { bulk, reference, inBulk } = await bothWays(header, all, keeps[k]);
          expect(bulk).toEqual(reference);
          runs.push(inBulk);
        }),
        { numRuns: 120 },
      );
      expectBoth(runs);
    });
  }

  it('is taken for a clean file, and its figures are the hand-made sums', async () => {
    // Kent and Dorset, two quarters; 8Q and 8L kept, shoplifting only tallied; one negative row.
    const rows = [
      `2020/21,1,Kent,Stalking,${VAP},8Q,30`,
      `2020/21,1,Kent,Harassment,${VAP},8L,900`,
      `2020/21,1,Kent,Shoplifting,Theft offences,Shoplifting,46,55`,
      `2020/21,2,Kent,Stalking,${VAP},8Q,-2`,
      `2020/21,1,Dorset,Stalking,${VAP},8Q,12`,
      `2020/21,2,Dorset,Shoplifting,Theft offences,Shoplifting,46,20`,
    ];
    const { bulk, reference, inBulk } = await bothWays(HO, rows, new Set<CategoryId>(['stalking', 'harassment']));
    expect(inBulk).toBe(true);
    expect(bulk).toEqual(reference);
    // Offences read: 30 + 900 + 55 - 2 + 12 + 20 = 1015.
    expect(bulk.ledger).toMatchObject({ rowsRead: 6, rowsUsed: 6, offencesRead: 1015, offencesUsed: 1015, negativeRows: 1 });
    expect(bulk.ledger.negatives).toEqual([{ line: 5, area: 'Kent', offence: 'Stalking', code: '8Q', period: 'Jul-Sep 2020', count: -2, rows: 1 }]);
    // Stalking: 30 - 2 + 12 = 40 over three rows; shoplifting 55 + 20 = 75, counted but not kept.
    expect(bulk.labels.find((l) => l.code === '8Q')).toMatchObject({ rows: 3, offences: 40 });
    expect(bulk.labels.find((l) => l.offence === 'Shoplifting')).toMatchObject({ rows: 2, offences: 75, category: 'other' });
    expect(bulk.observations.filter((o) => !o.derived).map((o) => `${o.areaPath.join('/')} ${o.code} ${o.period.label} ${o.count}`)).toEqual([
      'Kent 8Q Apr-Jun 2020 30',
      'Kent 8L Apr-Jun 2020 900',
      'Kent 8Q Jul-Sep 2020 -2',
      'Dorset 8Q Apr-Jun 2020 12',
    ]);
  });

  it('counts the rows of a snapped period end in bulk', async () => {
    const rows = ['30/12/2017,Dorset,South West,Stalking and harassment,2336', '30/12/2017,Wiltshire,South West,Bicycle theft,7', '31/12/2016,Dorset,South West,Stalking and harassment,2041'];
    const { bulk, reference, inBulk } = await bothWays(ONS, rows, undefined);
    expect(inBulk).toBe(true);
    expect(bulk).toEqual(reference);
    expect(bulk.notes).toContain("2 rows dated '30/12/2017' read as 12 months ending 2017-12-31 (a period end one day short of the month end it stands for)");
  });

  it('is not taken when a group needs a look of its own', async () => {
    const clean = [`2020/21,1,Kent,Stalking,${VAP},8Q,30`, `2020/21,1,Dorset,Stalking,${VAP},8Q,12`];
    for (const odd of [
      `2020/21,1,Kent,All crimes,All crimes,All crimes,All codes,2000`, // a totals row
      `2020/2x,1,Kent,Stalking,${VAP},8Q,5`, // a period not recognised
      `2020/21,2,Kent,Stalking,${VAP},8Q,[x]`, // a count not read
      `2020/21,2,Kent,Stalking,${VAP},8Q,2.5`, // not a whole number
      `2020/21,1,Kent,Stalking,${VAP},8Q,30`, // a repeated key
    ]) {
      const { bulk, reference, inBulk } = await bothWays(HO, [...clean, odd], undefined);
      expect(inBulk, odd).toBe(false);
      expect(bulk).toEqual(reference);
    }
  });
});
