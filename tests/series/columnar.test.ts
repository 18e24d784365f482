import { describe, expect, it } from 'vitest';
import { loadInput } from '../../src/series/load.js';
import type { LoadedInput } from '../../src/series/types.js';
import { csv, writeTemp } from '../helpers/temp.js';

// loadLong works out offences, periods, areas and classes once per distinct value, and per group
// only looks them up. These files make distinct raw values meet in one label, one observation or
// one group, so every per-value shortcut has to give what a per-row reading would.

const HO =
  'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
const VAP = 'Violence against the person,Stalking and harassment';

const FILE = csv(
  HO,
  `2020/21,1,Kent,Stalking,${VAP},8Q,10`,
  `2020/21,1,"Kent",Stalking,${VAP},8Q,10`, // the same row once read: added (a table's rows are figures)
  `2020/21,1,Kent, Stalking ,${VAP},8Q,5`, // another raw value, the same label and observation
  `2020/21,1,Kent,,${VAP},8Q,2`, // no offence text: labelled by its code
  `2020/21,1,Kent,8Q,${VAP},8Q,1`, // the same label as the row above
  `2020/21,2,Kent,Stalking,${VAP},8Q,7`,
  `2020/21,2,Kent,Stalking,${VAP} ,8Q,3`, // same key, other contents: added
  `2020/21,1,Kent,Shoplifting,Theft offences,Shoplifting,46,55`,
  `2020/21,1,Total,Stalking,${VAP},8Q,100`, // a totals area
  `2020/21,1,Kent,Harassment,${VAP},All codes,40`, // a totals code
  `2020/21,9,Kent,Harassment,${VAP},8L,4`, // no such quarter
  `2020/21,2, Kent ,Harassment,${VAP},8L,-2`, // another raw area value
  `2020/21,2,Kent,Harassment,${VAP},8L,[x]`,
  `2020/21,2,Kent,Harassment,${VAP},8L,6`,
);

function summary(input: LoadedInput) {
  return {
    observations: input.observations
      .filter((o) => !o.derived)
      .map((o) => [o.areaPath.join('/'), o.offence, o.code, o.period.label, o.count, o.rows]),
    labels: input.labels.map((l) => [l.offence, l.code, l.category, l.rows, l.offences]),
    ledger: {
      rowsRead: input.ledger.rowsRead,
      rowsUsed: input.ledger.rowsUsed,
      offencesRead: input.ledger.offencesRead,
      offencesUsed: input.ledger.offencesUsed,
    },
    excluded: input.ledger.excluded.map((e) => [e.reason, e.rows, e.line, e.example]),
    duplicates: input.ledger.duplicates,
    negatives: input.ledger.negatives,
    areas: input.areas.map((a) => a.path.join('/')),
  };
}

describe('loading a long file per distinct value', () => {
  it('merges raw variants into labels and observations as a row-by-row reading would', async () => {
    const input = await loadInput(writeTemp('variants.csv', FILE), 0);
    expect(summary(input)).toEqual({
      observations: [
        ['Kent', 'Stalking', '8Q', 'Apr-Jun 2020', 25, 3],
        ['Kent', '8Q', '8Q', 'Apr-Jun 2020', 3, 2],
        ['Kent', 'Stalking', '8Q', 'Jul-Sep 2020', 10, 2],
        ['Kent', 'Shoplifting', '46', 'Apr-Jun 2020', 55, 1],
        // Cells that differ only in spacing name one area: ' Kent ' is Kent.
        ['Kent', 'Harassment', '8L', 'Jul-Sep 2020', 4, 2],
      ],
      labels: [
        ['Harassment', '8L', 'harassment', 2, 4],
        ['8Q', '8Q', 'stalking', 2, 3],
        ['Stalking', '8Q', 'stalking', 5, 35],
        ['Shoplifting', '46', 'other', 1, 55],
      ],
      ledger: { rowsRead: 14, rowsUsed: 10, offencesRead: 241, offencesUsed: 97 },
      excluded: [
        ['count missing: suppressed or not available ([x])', 1, 14, "Kent, 2020/21, 2, Harassment, 8L, '[x]'"],
        ["period not recognised ('2020/21 9')", 1, 12, 'Kent, 2020/21, 9, Harassment, 8L'],
        [
          "totals row ('Harassment'): not added, so nothing is counted twice",
          1,
          11,
          'Kent, 2020/21, 1, Harassment, All codes',
        ],
        ["totals row ('Total'): not added, so nothing is counted twice", 1, 10, 'Total, 2020/21, 1, Stalking, 8Q'],
      ],
      // Lines 3 and 8 repeat the key of lines 2 and 7.
      duplicates: { identicalRows: 0, identicalOffences: 0, sameKeyRows: 2 },
      negatives: [
        { line: 13, area: 'Kent', offence: 'Harassment', code: '8L', period: 'Jul-Sep 2020', count: -2, rows: 1 },
      ],
      areas: ['Kent'],
    });
  });

  it('still tallies every label when only some categories are kept', async () => {
    const all = await loadInput(writeTemp('keep-all.csv', FILE), 0);
    const some = await loadInput(writeTemp('keep-some.csv', FILE), 0, { keep: new Set(['harassment']) });
    expect(some.labels).toEqual(all.labels);
    expect(some.ledger).toEqual(all.ledger);
    expect(some.observations.filter((o) => !o.derived).map((o) => [o.offence, o.period.label, o.count])).toEqual([
      ['Harassment', 'Jul-Sep 2020', 4],
    ]);
  });

  it('reads Windows-1252 labels and areas once decoded', async () => {
    const text = csv(
      HO,
      `2020/21,1,Zürich,\u201cStalking\u201d,${VAP},8Q,3`,
      `2020/21,1,"Zürich",\u201cStalking\u201d,${VAP},8Q,4`,
      `2020/21,2,Zürich,\u201cStalking\u201d,${VAP},8Q,5`,
    );
    const bytes = Buffer.from(
      text.replace(/[\u201c\u201d]/g, (q) => (q === '\u201c' ? '\u0093' : '\u0094')),
      'latin1',
    );
    const input = await loadInput(writeTemp('cp1252.csv', bytes), 0);
    expect(input.layout.encoding).toBe('windows-1252');
    expect(summary(input).observations).toEqual([
      ['Zürich', '\u201cStalking\u201d', '8Q', 'Apr-Jun 2020', 7, 2],
      ['Zürich', '\u201cStalking\u201d', '8Q', 'Jul-Sep 2020', 5, 1],
    ]);
    expect(input.ledger.duplicates).toEqual({ identicalRows: 0, identicalOffences: 0, sameKeyRows: 1 });
  });
  it('adds rows repeating a key, copies or not, the same way in UTF-8 and in Windows-1252', async () => {
    // The same rows in both encodings (one non-ASCII letter, outside the key). The first and third
    // records are the same (a line break inside quotes, a quoted area); the fifth repeats their key
    // with another group label; the last two are the same. All are added.
    const rows = [
      HO,
      `2020/21,1,Kent,Stalking,Violence against the person,"Stalking and\nharassment",8Q,10`,
      `2020/21,1,Kent,Harassment,${VAP},8L,4`,
      `2020/21,1,"Kent",Stalking,Violence against the person,"Stalking and\nharassment",8Q,10`,
      `2020/21,1,Kent,Shoplifting,Theft offences,Shoplifting,46,55`,
      `2020/21,1,Kent,Stalking,Violence against the person (é),Stalking and harassment,8Q,3`,
      `2020/21,2,Kent,Harassment,${VAP},8L,6`,
      `2020/21,2,Kent,Harassment,${VAP},8L,6`,
    ];
    const utf8 = await loadInput(writeTemp('repeats-utf8.csv', csv(...rows)), 0);
    const cp1252 = await loadInput(writeTemp('repeats-cp1252.csv', Buffer.from(csv(...rows), 'latin1')), 0);
    expect(utf8.layout.encoding).toBe('utf-8');
    expect(cp1252.layout.encoding).toBe('windows-1252');
    expect(summary(utf8)).toEqual(summary(cp1252));
    // Three rows repeat a key (lines 5, 7 and 10); nothing is excluded, and Kent's stalking in
    // April to June is 10 + 10 + 3.
    expect(utf8.ledger.duplicates).toEqual({ identicalRows: 0, identicalOffences: 0, sameKeyRows: 3 });
    expect(utf8.ledger.excluded).toEqual([]);
    expect(summary(utf8).observations[0]).toEqual(['Kent', 'Stalking', '8Q', 'Apr-Jun 2020', 23, 3]);
  });
});
