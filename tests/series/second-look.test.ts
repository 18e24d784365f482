import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadInput } from '../../src/series/load.js';
import { writeTemp } from '../helpers/temp.js';

// Repeated keys in a small long file are explained by a second look at their rows: exact copies
// are excluded, rows that differ are added. The grouped read notes where the rows of each key lie,
// and only the rows of repeated keys are read again; a file with a note line (a ragged row) is read
// again whole. Both are checked against a reading of the whole file by csv-parse.

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

/** Exact copies and differing rows of repeated keys, from csv-parse's records (rows with a number count only). */
function expected(text: string): { identicalRows: number; identicalOffences: number; sameKeyRows: number } {
  const records = (parse(text, { relax_column_count: true }) as string[][])
    .slice(1)
    .filter((r) => r.length >= HEADER.length);
  const numeric = (c: string) =>
    /^-?\d+$/.test(c) ? Number(c) : /^\d{1,3}(,\d{3})+$/.test(c) ? Number(c.replace(/,/g, '')) : Number.NaN;
  const byKey = new Map<string, { rows: string[]; counts: number[] }>();
  for (const r of records) {
    const fields = r.slice(0, HEADER.length);
    const v = numeric(fields[7]);
    if (Number.isNaN(v)) continue;
    const key = [fields[2], fields[0], fields[1], fields[3], fields[6]].join('|');
    let k = byKey.get(key);
    if (!k) byKey.set(key, (k = { rows: [], counts: [] }));
    k.rows.push(JSON.stringify(fields));
    k.counts.push(v);
  }
  let identicalRows = 0;
  let identicalOffences = 0;
  let sameKeyRows = 0;
  for (const { rows, counts } of byKey.values()) {
    if (rows.length < 2) continue;
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      if (seen.has(row)) {
        identicalRows++;
        identicalOffences += counts[i];
      } else {
        if (seen.size > 0) sameKeyRows++;
        seen.add(row);
      }
    });
  }
  return { identicalRows, identicalOffences, sameKeyRows };
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

  it('lists the first copy of each key at its line, whichever way the file is read again', async () => {
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
      expect(input.ledger.duplicates).toEqual({ identicalRows: 2, identicalOffences: 20, sameKeyRows: 1 });
      // The first copy is the record starting on line 4 (line 2's record spans lines 2 and 3).
      expect(
        input.ledger.excluded.filter((e) => e.reason.startsWith('duplicate row')).map((e) => [e.rows, e.line]),
      ).toEqual([[2, 4]]);
      // 10 + 3 for Kent (the copies left out), 4 for Essex.
      expect(
        input.observations
          .filter((o) => !o.derived && o.offence === 'Stalking')
          .map((o) => [o.areaPath.join('/'), o.count]),
      ).toEqual([
        ['Kent', 13],
        ['Essex', 4],
      ]);
    }
  });
});
