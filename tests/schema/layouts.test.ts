import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StalkError } from '../../src/core/errors.js';
import { describeLayouts, detectLayout, layoutSpecs, parseMapOption } from '../../src/schema/layouts.js';
import { csv, writeTemp } from '../helpers/temp.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/foundation/${name}`, import.meta.url));

const HO_HEADER =
  'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
const HO_ROW = '2024/25,1,Kent,Stalking,Violence against the person,Stalking and harassment,8Q,10';

async function detectError(path: string, map?: Parameters<typeof detectLayout>[1]): Promise<StalkError> {
  try {
    await detectLayout(path, map);
  } catch (e) {
    expect(e).toBeInstanceOf(StalkError);
    return e as StalkError;
  }
  throw new Error(`expected detectLayout(${path}) to fail`);
}

describe('layouts.json', () => {
  it('declares every layout the tool recognises, each with required columns', () => {
    const ids = layoutSpecs().map((l) => l.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'home-office-open-data',
        'ons-rolling-year',
        'wide-financial-year',
        'met-monthly',
        'met-monthly-old',
        'record-level',
      ]),
    );
    for (const l of layoutSpecs()) for (const r of l.required) expect(l.columns[r], `${l.id}.${r}`).toBeDefined();
  });

  it('describeLayouts lists each layout by name', () => {
    const text = describeLayouts();
    for (const l of layoutSpecs()) expect(text).toContain(l.name);
  });
});

describe('detectLayout', () => {
  it('finds the Home Office header and maps its columns', async () => {
    const l = await detectLayout(writeTemp('ho.csv', csv(HO_HEADER, HO_ROW)));
    expect(l.id).toBe('home-office-open-data');
    expect(l.headerLine).toBe(1);
    expect(l.linesAbove).toBe(0);
    expect(l.columns).toMatchObject({
      fy: 0,
      quarter: 1,
      force: 2,
      offence: 3,
      group: 4,
      subgroup: 5,
      code: 6,
      count: 7,
    });
    expect(l.areaLevels.map((a) => a.role)).toEqual(['force']);
    expect(l.reason).toContain("count='Number of Offences'");
  });

  it('skips title and note lines above the header and counts them', async () => {
    const l = await detectLayout(fixture('home-office-with-title-lines.csv'));
    expect(l.id).toBe('home-office-open-data');
    // Two title lines and a blank line: the header is physical line 4, two records above it.
    expect(l.headerLine).toBe(4);
    expect(l.linesAbove).toBe(2);
  });

  it("accepts the older spellings 'Police Force' and 'Offence Count'", async () => {
    const header =
      'Financial Year,Financial Quarter,Police Force,Offence Description,Offence Group,Offence Subgroup,Offence Code,Offence Count';
    const l = await detectLayout(writeTemp('older.csv', csv(header, HO_ROW)));
    expect(l.id).toBe('home-office-open-data');
    expect(l.header[l.columns.force!]).toBe('Police Force');
    expect(l.header[l.columns.count!]).toBe('Offence Count');
  });

  it('matches headers whatever their case and spacing (OffenceCode, NUMBER OF OFFENCES)', async () => {
    const header = 'financial year,FINANCIAL QUARTER,Force Name,Offence Description,OffenceCode,NUMBER OF OFFENCES';
    const l = await detectLayout(writeTemp('case.csv', csv(header, '2024/25,1,Kent,Stalking,8Q,10')));
    expect(l.id).toBe('home-office-open-data');
    expect(l.columns.code).toBe(4);
    expect(l.columns.count).toBe(5);
  });

  it('ignores a leading unnamed index column (a re-saved pandas file)', async () => {
    const l = await detectLayout(writeTemp('indexed.csv', csv(`,${HO_HEADER}`, `0,${HO_ROW}`)));
    expect(l.id).toBe('home-office-open-data');
    expect(l.columns.fy).toBe(1);
    expect(l.columns.count).toBe(8);
  });

  it('reads a BOM and a CRLF file', async () => {
    const l = await detectLayout(writeTemp('bom.csv', `\uFEFF${HO_HEADER}\r\n${HO_ROW}\r\n`));
    expect(l.id).toBe('home-office-open-data');
    expect(l.bom).toBe(true);
    expect(l.header[0]).toBe('Financial Year');
  });

  it('recognises the ONS rolling-year header', async () => {
    const text = csv(
      '12 months ending,PFA,Region,Offence,Rolling year total number of offences',
      '31/03/2003,Dorset,South West,Stalking and harassment,312',
    );
    const l = await detectLayout(writeTemp('ons.csv', text));
    expect(l.id).toBe('ons-rolling-year');
    expect(l.time).toBe('rolling-end');
    expect(l.areaLevels.map((a) => a.role)).toEqual(['region', 'force']);
  });

  it('recognises a wide financial-year layout and its period columns', async () => {
    const text = csv(
      'Force Name,CSP Name,Offence Description,OffenceCode,2015/16,2016/17',
      'West Yorkshire,Calderdale,Stalking,8Q,10,12',
    );
    const l = await detectLayout(writeTemp('wide.csv', text));
    expect(l.id).toBe('wide-financial-year');
    expect(l.periodColumns.map((p) => [p.column, p.period.start, p.period.days])).toEqual([
      ['2015/16', '2015-04-01', 366],
      ['2016/17', '2016-04-01', 365],
    ]);
    expect(l.areaLevels.map((a) => a.role)).toEqual(['force', 'csp']);
  });

  it('recognises both Met monthly formats, with the Met as the parent area', async () => {
    const recent = await detectLayout(
      writeTemp(
        'met.csv',
        csv(
          'MajorText,MinorText,BoroughName,201004,201005',
          'VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Westminster,1,2',
        ),
      ),
    );
    expect(recent.id).toBe('met-monthly');
    expect(recent.parentArea).toEqual({ name: 'Metropolitan Police', level: 'force' });
    expect(recent.periodColumns).toHaveLength(2);
    const old = await detectLayout(
      writeTemp(
        'met-old.csv',
        csv('Borough,Major Category,Minor Category,200801', 'Westminster,Violence Against the Person,Harassment,5'),
      ),
    );
    expect(old.id).toBe('met-monthly-old');
    expect(old.periodColumns[0].period.key).toBe('month:2008-01-01:2008-01-31');
  });

  it('recognises a record-level file by its date and offence columns', async () => {
    const l = await detectLayout(writeTemp('rec.csv', csv('Offence Date,Offence,Force', '01/04/2020,Stalking,Kent')));
    expect(l.id).toBe('record-level');
    expect(l.shape).toBe('records');
  });

  it('fails on an unknown layout with E_LAYOUT_UNKNOWN and a hint naming --map', async () => {
    const e = await detectError(writeTemp('unknown.csv', csv('foo,bar,baz', '1,2,3')));
    expect(e.code).toBe('E_LAYOUT_UNKNOWN');
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain('foo, bar, baz');
    expect(e.hint).toContain('--map');
    expect(e.hint).toContain('Home Office open data');
  });

  it('says a file with only a header has no data rows', async () => {
    const e = await detectError(writeTemp('header-only.csv', csv(HO_HEADER)));
    expect(e.code).toBe('E_HEADER_ONLY');
  });
});

describe('--map', () => {
  it('parses role=COLUMN pairs', () => {
    expect(parseMapOption('area=District,date=Committed,offence=Crime')).toEqual({
      area: 'District',
      date: 'Committed',
      offence: 'Crime',
    });
    expect(parseMapOption(' Area = Force , period=Month,offence=Crime type,count=N ')).toEqual({
      area: 'Force',
      period: 'Month',
      offence: 'Crime type',
      count: 'N',
    });
  });

  it.each([
    ['area=X', 'no period or date'],
    ['date=D', 'no offence or code'],
    ['date=D,offence=O,colour=red', 'an unknown role'],
    ['date=D,offence', 'a pair without ='],
    ['date=D,offence=', 'a role without a column'],
  ])('rejects %j (%s) with E_MAP_INVALID', (text) => {
    try {
      parseMapOption(text);
      expect.unreachable();
    } catch (e) {
      expect((e as StalkError).code).toBe('E_MAP_INVALID');
      expect((e as StalkError).exitCode).toBe(2);
    }
  });

  it('maps a record-level file with a custom header: one row per crime', async () => {
    const path = fixture('record-level-custom-header.csv');
    expect((await detectError(path)).code).toBe('E_LAYOUT_UNKNOWN');
    const l = await detectLayout(path, parseMapOption('area=District,date=Committed,offence=Crime'));
    expect(l.id).toBe('mapped');
    expect(l.shape).toBe('records');
    expect(l.time).toBe('date');
    expect(l.columns).toEqual({ area: 2, date: 1, offence: 3 });
  });

  it('maps a long custom layout with a count column', async () => {
    const path = fixture('long-custom-layout.csv');
    const l = await detectLayout(path, parseMapOption('area=Force,period=Month,offence=Crime type,count=N'));
    expect(l.shape).toBe('long');
    expect(l.time).toBe('period');
    expect(l.columns).toMatchObject({ area: 0, period: 1, offence: 2, count: 3 });
  });

  it('fails with E_MAP_INVALID when a named column is absent', async () => {
    const e = await detectError(
      fixture('long-custom-layout.csv'),
      parseMapOption('area=Force,period=Quarter,offence=Crime type'),
    );
    expect(e.code).toBe('E_MAP_INVALID');
    expect(e.message).toContain('Quarter');
  });
});
