import { describe, expect, it } from 'vitest';
import { groupRows, groupRowsByStrings } from '../../src/read/group.js';
import { buildSeries } from '../../src/series/build.js';
import { loadInput } from '../../src/series/load.js';
import { csv, writeTemp } from '../helpers/temp.js';

const HEADER =
  'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
const VAP = 'Violence against the person,Stalking and harassment';

// Three forces, two quarters, stalking (8Q) and harassment (8L). Per quarter, over the forces:
//   Q1 stalking 10 + 20 + 30 = 60, Q1 harassment 1 + 2 + 3 = 6,
//   Q2 stalking 11 + 21 + 31 = 63, Q2 harassment 4 + 5 + 6 = 15.
const FILE = csv(
  HEADER,
  `2020/21,1,Alpha,Stalking,${VAP},8Q,10`,
  `2020/21,1,Beta,Stalking,${VAP},8Q,20`,
  `2020/21,1,"Gamma, North",Stalking,${VAP},8Q,30`,
  `2020/21,1,Alpha,Harassment,${VAP},8L,1`,
  `2020/21,1,Beta,Harassment,${VAP},8L,2`,
  `2020/21,1,"Gamma, North",Harassment,${VAP},8L,3`,
  `2020/21,2,Alpha,Stalking,${VAP},8Q,11`,
  `2020/21,2,Beta,Stalking,${VAP},8Q,21`,
  `2020/21,2,"Gamma, North",Stalking,${VAP},8Q,31`,
  `2020/21,2,Alpha,Harassment,${VAP},8L,4`,
  `2020/21,2,Beta,Harassment,${VAP},8L,5`,
  `2020/21,2,"Gamma, North",Harassment,${VAP},8L,6`,
);

describe('tally columns: distinct values collected without splitting groups', () => {
  const spec = { headerLine: 1, headerFields: 8, keyColumns: [0, 1, 6], tallyColumns: [2], countColumn: 7 };

  it('byte path and string path agree', async () => {
    const p = writeTemp('tally.csv', FILE);
    for (const result of [await groupRows(p, spec), await groupRowsByStrings(p, spec)]) {
      expect(result.groups.size).toBe(4); // 2 quarters × 2 codes, whatever the force
      expect([...result.tallies[0]].sort()).toEqual(['Alpha', 'Beta', 'Gamma, North']);
      const q1Stalking = [...result.groups.values()].find((g) => g.key.join('|') === '2020/21|1|8Q');
      expect(q1Stalking?.sum).toBe(60);
      expect(q1Stalking?.rows).toBe(3);
    }
  });
});

describe('a large file summed over its areas as it is read', () => {
  it('gives the same totals as the area-by-area load, and says how many areas', async () => {
    const p = writeTemp('summed.csv', FILE);
    // largeFileBytes 0: every file counts as large, so the summed path is taken on this small one.
    const summed = await loadInput(p, 0, { areaDetail: false, largeFileBytes: 0 });
    const detailed = await loadInput(p, 0, { areaDetail: true, largeFileBytes: 0 });
    expect(summed.summedAreas).toBe(3);
    expect(detailed.summedAreas).toBeUndefined();
    expect(summed.notes.join('\n')).toMatch(/summed over its 3 areas/);
    const sel = {
      areas: [],
      eachArea: false,
      categories: ['stalking', 'harassment', 'stalking-and-harassment'] as const,
    };
    const a = buildSeries([summed], { ...sel, categories: [...sel.categories] });
    const b = buildSeries([detailed], { ...sel, categories: [...sel.categories] });
    const flat = (s: typeof a) =>
      s.series.map(
        (x) => `${x.area} ${x.category} ${x.points.map((pt) => `${pt.period.label}=${pt.count}`).join(' ')}`,
      );
    expect(flat(a)).toEqual(flat(b));
    expect(flat(a)).toContain('All areas stalking Apr-Jun 2020=60 Jul-Sep 2020=63');
    // Derived combined total: Q1 60 + 6 = 66, Q2 63 + 15 = 78.
    expect(flat(a)).toContain('All areas stalking-and-harassment Apr-Jun 2020=66 Jul-Sep 2020=78');
    expect(a.notes.join('\n')).toMatch(/the sum of 3 areas/);
    expect(summed.ledger.rowsUsed).toBe(12);
    expect(summed.ledger.offencesUsed).toBe(detailed.ledger.offencesUsed);
  });

  it('counts rows that repeat a key and adds them, copies or not, large file or small, without a second read', async () => {
    // Alpha's Q1 stalking row again (10), Beta's Q1 harassment twice more (2 again, and 7):
    // 1 + 2 = 3 repeating rows, all added: in a table of counts they are separate figures.
    const text =
      FILE +
      csv(
        `2020/21,1,Alpha,Stalking,${VAP},8Q,10`,
        `2020/21,1,Beta,Harassment,${VAP},8L,2`,
        `2020/21,1,Beta,Harassment,${VAP},8L,7`,
      );
    const p = writeTemp('repeats.csv', text);
    const large = await loadInput(p, 0, { areaDetail: true, largeFileBytes: 0 });
    expect(large.ledger.duplicates).toEqual({ identicalRows: 0, identicalOffences: 0, sameKeyRows: 3 });
    expect(large.notes.join('\n')).toMatch(
      /3 rows repeat the area, period and offence of an earlier row: added, identical or not/,
    );
    // 60 + 6 + 63 + 15 = 144 in the base file, + 10 + 2 + 7 = 163.
    expect(large.ledger.offencesUsed).toBe(163);
    const small = await loadInput(p, 0, { areaDetail: true });
    expect(small.ledger.duplicates).toEqual(large.ledger.duplicates);
    expect(small.ledger.offencesUsed).toBe(163);
  });

  it('keeps the name of a file of one area', async () => {
    const one = csv(HEADER, `2020/21,1,Alpha,Stalking,${VAP},8Q,10`, `2020/21,2,Alpha,Stalking,${VAP},8Q,12`);
    const p = writeTemp('one-area.csv', one);
    const input = await loadInput(p, 0, { areaDetail: false, largeFileBytes: 0 });
    const set = buildSeries([input], { areas: [], eachArea: false, categories: ['stalking'] });
    expect(set.series[0].area).toBe('Alpha');
  });
});

describe('counts read as whole numbers only when every one is', () => {
  // 70,000 partnerships of one force, one stalking row each: 70,000 groups, more than one slice
  // (65,536) of the check. Every count is 1 but the last partnership's, 2.5: the sum over the
  // force is 69,999 × 1 + 2.5 = 70,001.5, which reading the counts as integers would make 70,001.
  const rows = Array.from(
    { length: 70_000 },
    (_, i) => `2020/21,1,Kent,P${i},Stalking,${VAP},8Q,${i === 69_999 ? '2.5' : '1'}`,
  );
  const FILE_MANY = csv(
    'Financial Year,Financial Quarter,Force Name,CSP Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences',
    ...rows,
  );

  it('a fraction past the first slice keeps the sum exact', async () => {
    const input = await loadInput(writeTemp('fraction-late.csv', FILE_MANY), 0);
    const set = buildSeries([input], { areas: [], eachArea: false, categories: ['stalking'] });
    expect(set.series[0].points.map((p) => p.count)).toEqual([70_001.5]);
  });
});
