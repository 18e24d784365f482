import { beforeAll, describe, expect, it } from 'vitest';
import { preferredOrder } from '../../src/commands/parse.js';
import { buildSeries, mergeObservations, mergeOrder, setMergeOrder } from '../../src/series/build.js';
import { loadInput } from '../../src/series/load.js';
import type { LoadedInput } from '../../src/series/types.js';
import { runCli } from '../helpers/cli.js';
import { hasRealData, realPath, warnIfNoRealData } from '../helpers/realData.js';
import { csv, writeTemp } from '../helpers/temp.js';

const HO =
  'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
const ONS = '12 months ending,PFA,Region,Offence,Rolling year total number of offences';
const SH = 'Stalking and harassment';

const quarters = (year: string, force: string, stalking: number[], harassment: number[]) =>
  [1, 2, 3, 4].flatMap((q) => [
    `${year},${q},${force},Stalking,Violence against the person,${SH},8Q,${stalking[q - 1]}`,
    `${year},${q},${force},Harassment,Violence against the person,${SH},8L,${harassment[q - 1]}`,
  ]);

const points = (set: ReturnType<typeof buildSeries>) =>
  set.series.flatMap((s) => s.points.map((p) => [s.area, s.category, p.period.label, p.count]));

describe('merging several inputs', () => {
  let a: LoadedInput;
  let aCopy: LoadedInput;
  let b: LoadedInput;
  beforeAll(async () => {
    const rows = [HO, ...quarters('2019/20', 'Eastwick', [10, 11, 12, 13], [100, 101, 102, 103])];
    a = await loadInput(writeTemp('a.csv', csv(...rows)), 0);
    // The same dataset re-saved: identical figures, rows in another order, CRLF line endings.
    aCopy = await loadInput(writeTemp('a-copy.csv', `${[HO, ...rows.slice(1).reverse()].join('\r\n')}\r\n`), 1);
    // A later vintage revising one quarter of stalking.
    b = await loadInput(
      writeTemp('b.csv', csv(HO, ...quarters('2019/20', 'Eastwick', [10, 11, 15, 13], [100, 101, 102, 103]))),
      2,
    );
  });

  it('two copies of one dataset are counted once, not twice, and nothing is called a revision', () => {
    const set = buildSeries([a, aCopy], {
      areas: [],
      eachArea: false,
      categories: ['stalking', 'harassment', 'stalking-and-harassment'],
      grain: 'fy',
    });
    expect(points(set)).toEqual([
      ['Eastwick', 'stalking', '2019/20', 46],
      ['Eastwick', 'harassment', '2019/20', 406],
      ['Eastwick', 'stalking-and-harassment', '2019/20', 452],
    ]);
    expect(set.revisions).toEqual([]);
    const note = set.notes.find((n) => n.includes('both give'));
    expect(note).toContain('a.csv and a-copy.csv both give 12 of the same figures');
    expect(note).toContain('each is counted once');
    expect(note).toContain('none differ');
  });

  it('the later input wins and the differing value is a revision naming the offence', () => {
    const set = buildSeries([a, b], { areas: [], eachArea: false, categories: ['stalking'], grain: 'fy' });
    expect(points(set)).toEqual([['Eastwick', 'stalking', '2019/20', 10 + 11 + 15 + 13]]);
    expect(set.revisions).toHaveLength(1);
    const r = set.revisions[0];
    expect(r).toMatchObject({
      area: 'Eastwick',
      category: 'stalking',
      period: 'Oct-Dec 2019',
      start: '2019-10-01',
      end: '2019-12-31',
      kept: b.path,
    });
    expect(r.values).toEqual([
      { path: a.path, count: 12 },
      { path: b.path, count: 15 },
    ]);
    expect(r.offences).toEqual([
      {
        offence: 'Stalking',
        code: '8Q',
        values: [
          { path: a.path, count: 12 },
          { path: b.path, count: 15 },
        ],
      },
    ]);
    expect(set.notes.some((n) => n.includes('1 differ'))).toBe(true);
  });

  it('a preferred order overrides the argument order, explicitly or as recorded on the inputs', () => {
    const explicit = buildSeries([a, b], { areas: [], eachArea: false, categories: ['stalking'], grain: 'fy' }, [2, 0]);
    expect(points(explicit)).toEqual([['Eastwick', 'stalking', '2019/20', 46]]);
    expect(explicit.revisions[0].kept).toBe(a.path);
    // As loadAll records it for --prefer, so every command building series honours it.
    const a2 = { ...a };
    const b2 = { ...b };
    setMergeOrder([a2, b2], [2, 0]);
    expect(mergeOrder([a2, b2])).toEqual([2, 0]);
    expect(mergeObservations([a2, b2], new Set(['stalking'])).revisions[0].kept).toBe(a.path);
    expect(mergeOrder([a, b])).toEqual([0, 2]);
  });

  it('--prefer names a file by path or by its file name; the first named wins', () => {
    expect(preferredOrder(['x/a.csv', 'y/b.csv', 'z/c.csv'], ['a.csv'])).toEqual([1, 2, 0]);
    expect(preferredOrder(['x/a.csv', 'y/b.csv', 'z/c.csv'], ['x/a.csv', 'c.csv'])).toEqual([1, 2, 0]);
    expect(() => preferredOrder(['x/a.csv', 'y/b.csv'], ['d.csv'])).toThrow(/not one of the input files/);
    expect(() => preferredOrder(['x/a.csv', 'y/a.csv'], ['a.csv'])).toThrow(/several input files/);
  });

  it('warns when one file has a force and another a CSP inside it: summing both counts the CSP twice', async () => {
    const force = await loadInput(
      writeTemp('force.csv', csv(ONS, `31/03/2020,West Yorkshire,Yorkshire and The Humber,${SH},20000`)),
      0,
    );
    const WIDE = 'Force Name,CSP Name,Offence Description,Offence Group,Offence Subgroup,OffenceCode,2019/20';
    const csp = await loadInput(
      writeTemp(
        'csp.csv',
        csv(
          WIDE,
          `West Yorkshire,Calderdale,Stalking,Violence against the person,${SH},8Q,128`,
          `West Yorkshire,Calderdale,Harassment,Violence against the person,${SH},8L,1717`,
        ),
      ),
      1,
    );
    const set = buildSeries([force, csp], { areas: [], eachArea: false, categories: ['stalking-and-harassment'] });
    expect(set.notes.join('\n')).toMatch(/West Yorkshire already contains it, so a sum of both counts it twice/);
  });
});

warnIfNoRealData('merging the two ONS copies');

describe.skipIf(!hasRealData)('the two ONS copies given together (real files)', () => {
  const A = hasRealData ? realPath('onsA') : '';
  const B = hasRealData ? realPath('onsB') : '';

  it('are merged without double counting: Dorset S&H YE Dec 2017 is still 2,336', async () => {
    const both = await runCli([
      'trend',
      A,
      B,
      '--area',
      'Dorset',
      '--category',
      'stalking-and-harassment',
      '--format',
      'json',
    ]);
    const one = await runCli([
      'trend',
      B,
      '--area',
      'Dorset',
      '--category',
      'stalking-and-harassment',
      '--format',
      'json',
    ]);
    expect(both.code).toBe(0);
    const dec2017 = both.json.rows.filter((r: { end: string }) => r.end === '2017-12-31');
    expect(dec2017).toHaveLength(1);
    expect(dec2017[0].count).toBe(2336);
    expect(both.json.rows.map((r: { count: number }) => r.count)).toEqual(
      one.json.rows.map((r: { count: number }) => r.count),
    );
    expect(both.json.notes.join('\n')).toMatch(
      /both give 2288 of the same figures .*each is counted once.*none differ/,
    );
  });

  it('report their one differing value (North Wales, Fraud offences, YE Dec 2013: -120 vs 120) as a revision', async () => {
    const [a, b] = [await loadInput(A, 0), await loadInput(B, 1)];
    const { revisions } = mergeObservations([a, b], new Set(['other']));
    expect(revisions).toHaveLength(1);
    const r = revisions[0];
    expect(r).toMatchObject({ area: 'North Wales', category: 'other', end: '2013-12-31', kept: B });
    expect(r.values[1].count - r.values[0].count).toBe(240);
    expect(r.offences).toEqual([
      {
        offence: 'Fraud offences',
        code: null,
        values: [
          { path: A, count: -120 },
          { path: B, count: 120 },
        ],
      },
    ]);
    // Nothing in the stalking and harassment sub-group differs.
    expect(mergeObservations([a, b], new Set(['stalking-and-harassment'])).revisions).toEqual([]);
  });

  it('--prefer keeps the named copy', async () => {
    const r = await runCli([
      'trend',
      A,
      B,
      '--area',
      'North Wales',
      '--category',
      'other',
      '--from',
      '2013',
      '--to',
      '2013',
      '--prefer',
      A,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const row = r.json.rows.find((x: { end: string }) => x.end === '2013-12-31');
    const other = await runCli([
      'trend',
      A,
      B,
      '--area',
      'North Wales',
      '--category',
      'other',
      '--from',
      '2013',
      '--to',
      '2013',
      '--format',
      'json',
    ]);
    expect(other.json.rows.find((x: { end: string }) => x.end === '2013-12-31').count - row.count).toBe(240);
    expect(r.json.notes.join('\n')).toMatch(
      /revision: North Wales, other, 12 months ending Dec 2013: .*kept ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyA_dashdates\.csv/,
    );
  });

  it('--prefer naming a file that is not an input is a usage error (exit 2)', async () => {
    const r = await runCli(['trend', A, B, '--prefer', 'nope.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--prefer nope\.csv: not one of the input files/);
  });

  it('inspect lists the overlap and the revision when given both', async () => {
    const r = await runCli(['inspect', A, B, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json.revisions).toHaveLength(1);
    expect(r.json.revisions[0]).toMatchObject({ area: 'North Wales', category: 'other', end: '2013-12-31' });
    expect(r.json.revisions[0].offences[0]).toMatchObject({ offence: 'Fraud offences' });
    expect(r.json.overlaps).toEqual([expect.objectContaining({ paths: [A, B], kept: B, differing: 1 })]);
    const table = await runCli(['inspect', A, B]);
    expect(table.stdout).toMatch(/revisions between the files: 1 figure differs/);
    expect(table.stdout).toMatch(/Fraud offences: -120 vs 120/);
    const single = await runCli(['inspect', B, '--format', 'json']);
    expect(single.json.revisions).toBeUndefined();
  });
});

describe('one input', () => {
  it('sums its observations as the merge of several inputs would, in the same order', async () => {
    // Kent and ' Kent ' are two path arrays with the same text: one area. Two offences share the
    // category stalking-and-harassment (8L and 8M are both harassment), so keys repeat.
    const rows = [
      HO,
      '2019/20,1,Kent,Harassment,Violence against the person,Stalking and harassment,8L,100',
      '2019/20,1,Kent,Racially or religiously aggravated harassment,Violence against the person,Stalking and harassment,8M,7',
      '2019/20,1,Dorset,Stalking,Violence against the person,Stalking and harassment,8Q,4',
      '2019/20,1, Kent ,Harassment,Violence against the person,Stalking and harassment,8L,20',
      '2019/20,2,Kent,Stalking,Violence against the person,Stalking and harassment,8Q,3',
    ];
    const one = await loadInput(writeTemp('one.csv', csv(...rows)), 0);
    const none = await loadInput(
      writeTemp('none.csv', csv(HO, '2019/20,1,Kent,Shoplifting,Theft,Shoplifting,46,1')),
      1,
    );
    const categories = new Set(['stalking', 'harassment', 'stalking-and-harassment'] as const);
    const alone = mergeObservations([one], categories);
    // With a second input that has none of these categories, the general merge runs.
    const general = mergeObservations([one, none], categories);
    expect(alone).toEqual(general);
    expect(alone.revisions).toEqual([]);
    // Kent harassment in Apr-Jun 2019: 100 + 7 + 20 = 127, in the first row's place.
    const kentQ1 = alone.merged.filter((o) => o.areaPath.join() === 'Kent' && o.period.label === 'Apr-Jun 2019');
    expect(kentQ1.map((o) => [o.category, o.count, o.rows])).toEqual([
      ['harassment', 127, 3],
      ['stalking-and-harassment', 127, 3],
    ]);
  });
});
