import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TREND_COLUMNS } from '../../src/analyses/trend.js';
import { runCli } from '../helpers/cli.js';
import { parseCsvLite } from '../helpers/csvLite.js';
import { onlyRow } from '../helpers/series.js';
import { csv, writeTemp } from '../helpers/temp.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/foundation/${name}`, import.meta.url));

// A wide file by financial year, shaped like Calderdale's (figures from its stalking and 8R rows).
const wide = writeTemp(
  'wide.csv',
  csv(
    'Force Name,CSP Name,Offence Description,Offence Group,Offence Subgroup,OffenceCode,2015/16,2016/17,2017/18,2018/19,2019/20',
    'West Yorkshire,Calderdale,Stalking,VAP,Stalking and harassment,8Q,10,12,54,96,128',
    'West Yorkshire,Calderdale,Malicious Communications,VAP,Stalking and harassment,8R,0,0,1073,1584,1681',
    'West Yorkshire,Calderdale,Harassment,VAP,Stalking and harassment,8L,912,1454,589,1477,1717',
    'West Yorkshire,Calderdale,All crimes,All crimes,All crimes,All codes,17697,20888,22463,25633,24404',
  ),
);

describe('trend command', () => {
  it('--from/--to keep the rows in range, and their changes still use the earlier years', async () => {
    const r = await runCli([
      'trend',
      wide,
      '--category',
      'stalking',
      '--from',
      '2018/19',
      '--to',
      '2019/20',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(r.json.rows.map((x: { period: string }) => x.period)).toEqual(['2018/19', '2019/20']);
    // 2018/19 is compared with 2017/18 although 2017/18 is not shown: 96 − 54 = 42, 42 / 54 = 77.78 %.
    expect(r.json.rows[0]).toMatchObject({
      count: 96,
      previousPeriod: '2017/18',
      previousCount: 54,
      change: 42,
      changePct: 77.78,
    });
  });

  it('a zero base gives a null change % and a small-base flag', async () => {
    const r = await runCli(['trend', wide, '--category', 'malicious', '--format', 'json']);
    expect(onlyRow(r.json.rows, { period: '2017/18' })).toMatchObject({
      count: 1073,
      previousCount: 0,
      change: 1073,
      changePct: null,
      smallBase: true,
    });
    expect(onlyRow(r.json.rows, { period: '2018/19' })).toMatchObject({ changePct: 47.62, smallBase: false });
  });

  it('--category takes a list; the rows hold only those categories', async () => {
    const r = await runCli(['trend', wide, '--category', 'Stalking, harassment', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(new Set(r.json.rows.map((x: { category: string }) => x.category))).toEqual(
      new Set(['stalking', 'harassment']),
    );
  });

  it('an unknown category exits 2 with E_UNKNOWN_CATEGORY and a suggestion', async () => {
    const r = await runCli(['trend', wide, '--category', 'stalkin']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('E_UNKNOWN_CATEGORY');
    expect(r.stderr).toContain("did you mean 'stalking'");
  });

  it('--format csv: the header is the column keys', async () => {
    const r = await runCli(['trend', wide, '--category', 'stalking', '--format', 'csv']);
    const records = parseCsvLite(r.stdout);
    expect(records[0]).toEqual(TREND_COLUMNS.map((c) => c.key));
    expect(records).toHaveLength(1 + 5);
  });

  it('--format markdown and the table agree on the figure', async () => {
    const md = await runCli(['trend', wide, '--category', 'harassment', '--format', 'markdown']);
    expect(md.stdout).toContain('| 1,454 |');
    const table = await runCli(['trend', wide, '--category', 'harassment']);
    expect(table.stdout).toContain('1,454');
    expect(table.stdout).not.toContain('\u001b');
    expect((await runCli(['trend', wide, '--category', 'harassment'], { FORCE_COLOR: '1' })).stdout).toContain(
      '\u001b[',
    );
  });

  it('the totals row is reported in the reconciliation with the offences it held', async () => {
    const r = await runCli(['trend', wide, '--format', 'json']);
    expect(r.json.reconciliation).toMatchObject({ rowsRead: 4, rowsUsed: 3 });
    // 17697 + 20888 + 22463 + 25633 + 24404 = 111085
    expect(r.json.reconciliation.excluded).toEqual([
      expect.objectContaining({ rows: 1, offences: 111085, reason: expect.stringContaining('All crimes') }),
    ]);
  });

  it('an unrecognised layout exits 1 with E_LAYOUT_UNKNOWN and a hint naming --map', async () => {
    const r = await runCli(['trend', fixture('record-level-custom-header.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[E_LAYOUT_UNKNOWN]');
    expect(r.stderr).toContain('--map');
  });

  it('--map reads a record-level extract and sums crimes by month', async () => {
    const r = await runCli([
      'trend',
      fixture('record-level-custom-header.csv'),
      '--map',
      'area=District,date=Committed,offence=Crime',
      '--category',
      'stalking',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    // Stalking: 03/01/2020, 2020-02-10 and Excel 43890 (29/02/2020); the row dated 'not a date' is excluded.
    expect(r.json.rows.map((x: { period: string; count: number }) => [x.period, x.count])).toEqual([
      ['Jan 2020', 1],
      ['Feb 2020', 2],
    ]);
    expect(r.json.inputs[0].layout).toBe('mapped');
    expect(r.json.reconciliation.excluded).toEqual([
      expect.objectContaining({ rows: 1, reason: expect.stringContaining('not a date') }),
    ]);
  });

  it('--map reads a long custom layout with a count column', async () => {
    const r = await runCli([
      'trend',
      fixture('long-custom-layout.csv'),
      '--map',
      'area=Force,period=Month,offence=Crime type,count=N',
      '--category',
      'stalking',
      '--area',
      'Kent',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(
      r.json.rows.map((x: { area: string; period: string; count: number }) => [x.area, x.period, x.count]),
    ).toEqual([
      ['Kent', 'Apr 2020', 30],
      ['Kent', 'May 2020', 45],
    ]);
  });

  it('a bad --map exits 2 with E_MAP_INVALID', async () => {
    const r = await runCli(['trend', fixture('long-custom-layout.csv'), '--map', 'area=Force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_MAP_INVALID');
  });
});

describe('periods before a category had its own code', () => {
  it('are named once in the note, however many areas have them', async () => {
    // Two partnerships, stalking (8Q) in 2013/14 and 2014/15: 8Q has figures of its own from April 2014.
    const p = writeTemp(
      'predates.csv',
      csv(
        'Financial Year,Financial Quarter,Force Name,CSP Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences',
        ...['2013/14', '2014/15'].flatMap((fy) =>
          [1, 2, 3, 4].flatMap((q) =>
            ['Ashby', 'Brill'].map((csp) => `${fy},${q},Kent,${csp},Stalking,VAP,Stalking and harassment,8Q,3`),
          ),
        ),
      ),
    );
    const r = await runCli(['trend', p, '--each-area', '--by', 'fy', '--category', 'stalking', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const flagged = r.json.rows.filter((x: { predatesCode: boolean }) => x.predatesCode);
    expect(flagged.map((x: { area: string; period: string }) => `${x.area} ${x.period}`)).toEqual([
      'Ashby 2013/14',
      'Brill 2013/14',
    ]);
    const note = r.json.notes.find((n: string) => n.includes('predate'));
    expect(note).toMatch(/^stalking: 2013\/14 predates the category's own code/);
  });
});
