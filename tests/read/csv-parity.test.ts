import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, parseCsvText } from '../../src/read/csv.js';
import { genRecords, mutate, mutation, serialise } from './csvgen.js';

const CSV_PARSE = {
  relax_column_count: true,
  skip_empty_lines: true,
  bom: true,
  record_delimiter: ['\r\n', '\n', '\r'],
};

function csvParse(text: string): string[][] {
  return parse(text, CSV_PARSE) as string[][];
}

function parseInChunks(text: string, cuts: number[]): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const p = new CsvParser((fields, line) => void out.push({ fields, line }), ',', 1 << 24, '<text>');
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    p.push(text.slice(at, cut));
    at = cut;
  }
  p.push(text.slice(at));
  p.end();
  return out;
}

describe('parseCsvText against csv-parse', () => {
  it('reads random RFC 4180 text as csv-parse does, with the physical line of each record', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((w) => genRecords(w)),
        (recs) => {
          const { text, records } = serialise(recs);
          const ours = parseCsvText(text);
          expect(ours).toEqual(records);
          expect(ours.map((r) => r.fields)).toEqual(csvParse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same records and lines however the text is cut into chunks', () => {
    fc.assert(
      fc.property(
        genRecords(3).chain((recs) => {
          const { text } = serialise(recs);
          return fc.tuple(fc.constant(text), fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 8 }));
        }),
        ([text, cuts]) => {
          expect(parseInChunks(text, cuts)).toEqual(parseCsvText(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with csv-parse on mutated text whenever csv-parse accepts it', () => {
    fc.assert(
      fc.property(genRecords(3, 12), fc.array(mutation, { minLength: 1, maxLength: 4 }), (recs, muts) => {
        const text = mutate(serialise(recs).text, muts);
        let theirs: string[][] | null = null;
        try {
          theirs = csvParse(text);
        } catch {
          return;
        }
        expect(parseCsvText(text).map((r) => r.fields)).toEqual(theirs);
      }),
      { numRuns: 500 },
    );
  });

  it('counts a CRLF inside quotes as one line even when a chunk ends between CR and LF', () => {
    const text = 'a,"x\r\ny"\r\nb,c\r\n';
    expect(parseInChunks(text, [4])).toEqual([
      { fields: ['a', 'x\r\ny'], line: 1 },
      { fields: ['b', 'c'], line: 3 },
    ]);
  });

  it('reads a line holding only "" as a record with one empty field, not a blank line', () => {
    expect(parseCsvText('a\n""\n\nb\n')).toEqual([
      { fields: ['a'], line: 1 },
      { fields: [''], line: 2 },
      { fields: ['b'], line: 4 },
    ]);
    expect(csvParse('a\n""\n\nb\n')).toEqual([['a'], [''], ['b']]);
  });
});
