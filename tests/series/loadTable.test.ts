import { describe, expect, it } from 'vitest';
import { resolveAreas } from '../../src/series/areas.js';
import { buildSeries } from '../../src/series/build.js';
import { loadInput } from '../../src/series/load.js';
import { csv, writeTemp } from '../helpers/temp.js';

// A published table in the shape of ONS Table P1 (written here, figures invented): a title naming
// the period, a two-row header (groups, then sub-groups) with totals beside their parts, footnote
// digits fused to labels, a spacer column, regions above their forces, footnotes under the table.
const TABLE = csv(
  'Table X1: Police recorded crime by offence group and police force area, year ending March 20181,2,,,,',
  ',,,,,,',
  ',,Total recorded crime (excluding fraud)3,,Victim-based crime,,',
  'Area Code,Area Name,,,Violence against the person,Stalking and harassment4,Robbery',
  ',,Numbers,,,,',
  'K04000001,ENGLAND AND WALES5,1000,,600,250,40',
  'E92000001,ENGLAND,900,,540,225,36',
  'E12000008,South East,400,,240,100,16',
  'E23000032,Kent,250,,150,60,..',
  'E23000031,Surrey,150,,90,40,6',
  'W92000004,WALES,100,,60,25,4',
  'W15000002,Gwent,100,,60,25,4',
  ',British Transport Police,0,,0,0,0',
  'Source: Police recorded crime, Home Office,,,,,,',
  '1. Experimental statistics.,,,,,,',
);

describe('a published table (areas as rows, offence groups as columns)', () => {
  it('reads each area row as counts for the period in the title; totals of columns and rows are not added', async () => {
    const input = await loadInput(writeTemp('table.csv', TABLE), 0, {
      keep: new Set(['stalking-and-harassment', 'other']),
    });
    expect(input.layout.id).toBe('ons-data-table');
    const sh = input.observations.filter((o) => o.category === 'stalking-and-harassment');
    expect(sh.map((o) => [o.areaPath.join(' / '), o.count, !!o.aggregate, o.period.label])).toEqual([
      ['ENGLAND AND WALES', 250, true, '2017/18'],
      ['ENGLAND', 225, true, '2017/18'],
      ['South East', 100, true, '2017/18'],
      ['South East / Kent', 60, false, '2017/18'],
      ['South East / Surrey', 40, false, '2017/18'],
      ['WALES', 25, true, '2017/18'],
      ['WALES / Gwent', 25, false, '2017/18'],
      ['British Transport Police', 0, false, '2017/18'],
    ]);
    // Robbery is the only other leaf: Violence against the person totals Stalking and harassment,
    // and Total recorded crime totals everything. Every row's cells are read (the label list
    // counts aggregate rows too): 250 + 225 + 100 + 60 + 40 + 25 + 25 + 0 = 725, and for robbery
    // 40 + 36 + 16 + 6 + 4 + 4 + 0 = 106 (Kent's '..' left out).
    expect(input.labels.map((l) => [l.offence, l.category, l.offences])).toEqual([
      ['Stalking and harassment', 'stalking-and-harassment', 725],
      ['Robbery', 'other', 106],
    ]);
    const l = input.ledger;
    expect([l.rowsRead, l.rowsUsed]).toEqual([10, 8]);
    expect(l.excluded).toEqual([
      expect.objectContaining({ reason: 'source or note line under the table', rows: 2, line: 14 }),
    ]);
    const cells = Object.fromEntries(l.cellsExcluded.map((e) => [e.reason.split(':')[0], e.rows]));
    expect(cells).toEqual({
      "total column ('Total recorded crime (excluding fraud)')": 8,
      "total column ('Violence against the person')": 8,
      'count missing': 1,
    });
  });

  it('sums the forces for every area, and takes a region’s or the whole’s own row when it is named', async () => {
    const input = await loadInput(writeTemp('table-sum.csv', TABLE), 0);
    const count = (areas: string[]) =>
      buildSeries([input], {
        areas: resolveAreas([input], areas),
        eachArea: false,
        categories: ['stalking-and-harassment'],
      }).series.map((s) => s.points[0].count);
    // Kent 60 + Surrey 40 + Gwent 25 + BTP 0: regions and countries are not added to their forces.
    expect(count([])).toEqual([125]);
    expect(count(['ENGLAND AND WALES'])).toEqual([250]);
    expect(count(['South East'])).toEqual([100]);
    expect(count(['Kent'])).toEqual([60]);
  });
});
