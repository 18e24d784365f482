import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadInput } from '../../src/series/load.js';
import { writeTemp } from '../helpers/temp.js';

// Rows of a table of counts that repeat a key are separate figures: added, copies or not, and
// counted from the grouped read alone (checked against a reading of the whole file by csv-parse,
// with and without a note line, which sends the file through a second read). In a record-level
// file with a crime id, a second read finds rows that copy an earlier crime exactly.

const HEADER = [
  'Financial Year',
  'Financial Quarter',
  'Force Name',
  'Offence Description',
  'Offence Group',
  'Offence Subgroup',
  'Offence Code',
  'Number of Offences',
];

interface Row {
  quarter: number;
  area: string;
  offence: [string, string];
  group: string;
  count: string;
}

const genRow: fc.Arbitrary<Row> = fc.record({
  quarter: fc.integer({ min: 1, max: 2 }),
  area: fc.constantFrom('Kent', 'Essex'),
  offence: fc.constantFrom<[string, string]>(['Stalking', '8Q'], ['Harassment', '8L']),
  // Not part of the key: rows of one key differ here, with commas, quotes and line breaks.
  group: fc.constantFrom('Violence against the person', 'VAP, stalking', 'say "VAP"', 'two\nlines', 'café'),
  count: fc.oneof(fc.integer({ min: -3, max: 40 }).map(String), fc.constantFrom('[x]', '1,234')),
});

/** A field as written: quoted when it must be, or by choice (`"Kent"` is the value Kent). */
function cell(value: string, quote: boolean): string {
  return quote || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const genFile = fc.record({
  // Rows drawn from a few so that keys and whole rows repeat.
  pool: fc.array(genRow, { minLength: 1, maxLength: 4 }),
  picks: fc.array(fc.record({ at: fc.nat(), quoteArea: fc.boolean(), padded: fc.boolean() }), {
    minLength: 1,
    maxLength: 14,
  }),
  crlf: fc.boolean(),
  note: fc.boolean(),
});

function write(f: {
  pool: Row[];
  picks: { at: number; quoteArea: boolean; padded: boolean }[];
  crlf: boolean;
  note: boolean;
}): string {
  const eol = f.crlf ? '\r\n' : '\n';
  const lines = [HEADER.join(',')];
  for (const p of f.picks) {
    const r = f.pool[p.at % f.pool.length];
    const fields = [
      '2020/21',
      String(r.quarter),
      cell(r.area, p.quoteArea),
      r.offence[0],
      cell(r.group, false),
      'Stalking and harassment',
      r.offence[1],
      cell(r.count, false),
    ];
    // A trailing empty cell beyond the header's width is padding, not a field.
    lines.push(fields.join(',') + (p.padded ? ',' : ''));
  }
  if (f.note) lines.push('Source: Home Office');
  return lines.join(eol) + eol;
}

/** Rows repeating the key of an earlier row (rows with a number count only), from csv-parse's records. */
function expected(text: string): { identicalRows: number; identicalOffences: number; sameKeyRows: number } {
  const records = (parse(text, { relax_column_count: true }) as string[][])
    .slice(1)
    .filter((r) => r.length >= HEADER.length);
  const numeric = (c: string) => /^-?\d+$/.test(c) || /^\d{1,3}(,\d{3})+$/.test(c);
  const byKey = new Map<string, number>();
  for (const r of records) {
    if (!numeric(r[7])) continue;
    const key = [r[2], r[0], r[1], r[3], r[6]].join('|');
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  let sameKeyRows = 0;
  for (const n of byKey.values()) sameKeyRows += n - 1;
  return { identicalRows: 0, identicalOffences: 0, sameKeyRows };
}

describe('repeated keys: exact copies and differing rows', () => {
  it('are counted as a whole-file reading by csv-parse counts them, with or without a note line', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(genFile, async (f) => {
        const text = write(f);
        const input = await loadInput(writeTemp(`repeats-${n++}.csv`, text), 0);
        expect(input.ledger.duplicates).toEqual(expected(text));
      }),
      { numRuns: 150 },
    );
  });

  it('adds copies and differing rows alike, whichever way the file is read', async () => {
    // Lines: 2 Kent (10), 3 a copy spanning lines 3–4, 5 the same key with another group, 6 a
    // quoted "Kent" copy of line 2, 7 Essex once.
    const rows = [
      HEADER.join(','),
      '2020/21,1,Kent,Stalking,"two\nlines",Stalking and harassment,8Q,10',
      '2020/21,1,Kent,Stalking,"two\nlines",Stalking and harassment,8Q,10',
      '2020/21,1,Kent,Stalking,VAP,Stalking and harassment,8Q,3',
      '2020/21,1,"Kent",Stalking,"two\nlines",Stalking and harassment,8Q,10',
      '2020/21,1,Essex,Stalking,VAP,Stalking and harassment,8Q,4',
    ];
    for (const note of [false, true]) {
      const text = `${[...rows, ...(note ? ['Source: Home Office'] : [])].join('\n')}\n`;
      const input = await loadInput(writeTemp(`lines-${note}.csv`, text), 0);
      expect(input.ledger.duplicates).toEqual({ identicalRows: 0, identicalOffences: 0, sameKeyRows: 3 });
      expect(input.ledger.excluded.filter((e) => e.reason.startsWith('duplicate row'))).toEqual([]);
      // 10 + 10 + 3 + 10 for Kent, 4 for Essex.
      expect(
        input.observations
          .filter((o) => !o.derived && o.offence === 'Stalking')
          .map((o) => [o.areaPath.join('/'), o.count]),
      ).toEqual([
        ['Kent', 33],
        ['Essex', 4],
      ]);
    }
  });
});

const POLICE_UK =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

describe('record-level files with a crime id', () => {
  it('leave out a row that copies an earlier crime exactly, and count rows sharing an id otherwise', async () => {
    const row = (id: string, type: string, location = 'On or near High Street', outcome = 'Under investigation') =>
      `${id},2020-04,Kent Police,Kent Police,0.1,51.2,${location},E01024000,Maidstone 001A,${type},${outcome},`;
    const text = `${[
      POLICE_UK,
      row('aa01', 'Violence and sexual offences'), // line 2
      row('aa01', 'Violence and sexual offences'), // line 3: the same crime listed twice, left out
      row('aa01', 'Violence and sexual offences', 'No Location'), // line 4: same id, elsewhere: counted
      row('', 'Anti-social behaviour', 'On or near High Street', ''), // lines 5 and 6: incidents
      row('', 'Anti-social behaviour', 'On or near High Street', ''), // without ids are never copies
      row('bb02', 'Burglary'),
    ].join('\r\n')}\r\n`;
    const input = await loadInput(writeTemp('police-uk.csv', text), 0, {
      keep: new Set(['violence-and-sexual-offences', 'anti-social-behaviour', 'other']),
    });
    expect(input.layout.id).toBe('police-uk-street');
    expect(input.ledger.duplicates).toEqual({ identicalRows: 1, identicalOffences: 1, sameKeyRows: 0 });
    expect(input.ledger.excluded).toEqual([expect.objectContaining({ rows: 1, line: 3, offences: 1 })]);
    const count = (category: string) =>
      input.observations.filter((o) => o.category === category).reduce((n, o) => n + o.count, 0);
    expect([count('violence-and-sexual-offences'), count('anti-social-behaviour'), count('other')]).toEqual([2, 2, 1]);
    expect(input.notes.join('\n')).toContain('1 row has the Crime ID of an earlier row but differs from it');
  });
});
