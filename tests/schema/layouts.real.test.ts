import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../src/schema/layouts.js';
import { hasRealData, type RealName, realPath, warnIfNoRealData } from '../helpers/realData.js';

warnIfNoRealData('layout detection on the real files');

// [file, layout id, header text expected for each role, number of period columns (wide layouts only)]
const CASES: [RealName, string, Record<string, string>, number][] = [
  [
    'onsA',
    'ons-rolling-year',
    {
      rollingEnd: '12 months ending',
      force: 'PFA',
      region: 'Region',
      offence: 'Offence',
      count: 'Rolling year total number of offences',
    },
    0,
  ],
  [
    'onsB',
    'ons-rolling-year',
    { rollingEnd: '12 months ending', force: 'PFA', count: 'Rolling year total number of offences' },
    0,
  ],
  // 2015/16 … 2021/22: 7 year columns.
  [
    'calderdale',
    'wide-financial-year',
    { force: 'Force Name', csp: 'CSP Name', offence: 'Offence Description', code: 'OffenceCode' },
    7,
  ],
  // The pandas index column comes first, with an empty name.
  [
    'homeOffice',
    'home-office-open-data',
    {
      fy: 'Financial Year',
      quarter: 'Financial Quarter',
      force: 'Force Name',
      code: 'Offence Code',
      count: 'Number of Offences',
    },
    0,
  ],
  // 201004 … 202311: 164 months.
  ['met', 'met-monthly', { major: 'MajorText', offence: 'MinorText', borough: 'BoroughName' }, 164],
  // 201004 … 202212: 153 months.
  ['metOlderVintage', 'met-monthly', { major: 'MajorText', offence: 'MinorText', borough: 'BoroughName' }, 153],
  // 202312 … 202511: 24 months.
  ['metRecent', 'met-monthly', { major: 'MajorText', offence: 'MinorText', borough: 'BoroughName' }, 24],
  // 200801 … 201612: 108 months.
  ['metOld', 'met-monthly-old', { borough: 'Borough', major: 'Major Category', offence: 'Minor Category' }, 108],
];

describe.skipIf(!hasRealData)('layout detection on every real file', () => {
  it.each(CASES)('%s is %s', async (name, id, columns, periodColumns) => {
    const l = await detectLayout(realPath(name));
    expect(l.id).toBe(id);
    expect(l.headerLine).toBe(1);
    expect(l.linesAbove).toBe(0);
    for (const [role, header] of Object.entries(columns))
      expect(l.header[l.columns[role as keyof typeof l.columns]!], role).toBe(header);
    expect(l.periodColumns).toHaveLength(periodColumns);
  });

  it('the Home Office subset keeps its blank index column out of every role', async () => {
    const l = await detectLayout(realPath('homeOffice'));
    expect(l.header[0]).toBe('');
    expect(Object.values(l.columns)).not.toContain(0);
    expect(l.columns.fy).toBe(1);
  });

  it('the Met files start and end where their names say', async () => {
    const met = await detectLayout(realPath('met'));
    expect(met.periodColumns[0].period.start).toBe('2010-04-01');
    expect(met.periodColumns[met.periodColumns.length - 1].period.end).toBe('2023-11-30');
    const old = await detectLayout(realPath('metOld'));
    expect(old.periodColumns[0].column).toBe('200801');
    expect(old.periodColumns[old.periodColumns.length - 1].column).toBe('201612');
  });

  it('reads the ONS copies as CRLF UTF-8 without a BOM', async () => {
    for (const name of ['onsA', 'onsB'] as const) {
      const l = await detectLayout(realPath(name));
      expect([l.encoding, l.bom, l.delimiter]).toEqual(['utf-8', false, ',']);
    }
  });
});
