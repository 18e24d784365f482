import { Chalk } from 'chalk';
import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_ROWS, colourStyle, drawTable, renderTable } from '../../src/render/table.js';
import { sampleTrendResult } from '../helpers/result.js';

// Long tables are drawn by cli-table3 in blocks of BLOCK_ROWS rows (its layout is quadratic in the
// rows); the joined text must be exactly what one cli-table3 table of all the rows gives.

const OPTIONS: Table.TableConstructorOptions = {
  colAligns: ['left', 'left', 'right', 'right'],
  style: { head: [], border: [], compact: false },
  chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
};

function oneTable(head: string[], rows: string[][], options: Table.TableConstructorOptions): string {
  const table = new Table({ ...options, ...(options.colWidths ? { colWidths: [...options.colWidths] } : {}), head });
  table.push(...rows);
  return table.toString();
}

const chalk = new Chalk({ level: 1 });
const words = [
  'Avon and Somerset',
  'stalking',
  'malicious-communications',
  '東京',
  'Ynys Môn',
  'e\u0301',
  '😀 x',
  '',
  '2019/20',
  '−1,234',
  'a b c d e f g h',
];
const cell = fc.oneof(
  fc.constantFrom(...words),
  fc.constantFrom(...words).map((w) => chalk.red(w)),
  fc.integer({ min: -99999, max: 999999 }).map(String),
);
const rowsOf = (n: number) => fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { minLength: n, maxLength: n });
const head = ['Area', chalk.bold('Category'), 'Count', 'Change %'];

describe('a table drawn in blocks', () => {
  it('is the text of one cli-table3 table, at natural widths', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 * BLOCK_ROWS + 3 }).chain(rowsOf), (rows) => {
        expect(drawTable(head, rows, OPTIONS)).toBe(oneTable(head, rows, OPTIONS));
      }),
      { numRuns: 60 },
    );
  });

  it('is the text of one cli-table3 table with fixed widths and word wrapping', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: BLOCK_ROWS - 1, max: 3 * BLOCK_ROWS + 1 }).chain(rowsOf),
        fc.array(fc.integer({ min: 4, max: 14 }), { minLength: 4, maxLength: 4 }),
        (rows, colWidths) => {
          const options = { ...OPTIONS, colWidths, wordWrap: true, wrapOnWordBoundary: true };
          expect(drawTable(head, rows, options)).toBe(oneTable(head, rows, options));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('renders a long trend table with one top border, one bottom border and every row', async () => {
    const base = sampleTrendResult().rows;
    const rows = Array.from({ length: 40 * BLOCK_ROWS }, (_, i) => ({ ...base[i % base.length], area: `Area ${i}` }));
    const result = sampleTrendResult(rows);
    const text = renderTable(result, { style: await colourStyle() });
    const lines = text.split('\n');
    expect(lines.filter((l) => l.startsWith('┌'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('└'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('│ Area '))).toHaveLength(rows.length);
  });
});

describe('a table with separator lines between rows', () => {
  it('is drawn whole, since blocks would lose the separator where they meet', () => {
    const rows = Array.from({ length: 2 * BLOCK_ROWS + 1 }, (_, i) => [`r${i}`, 'x', String(i), '']);
    const options = { ...OPTIONS, chars: {} };
    expect(drawTable(head, rows, options)).toBe(oneTable(head, rows, options));
  });
});

describe('a table at natural widths, drawn without cli-table3 laying it out', () => {
  // drawTable draws such tables itself; the text must be cli-table3's, whatever the cells hold.
  const ansi = new Chalk({ level: 2 });
  const anyCell = fc.oneof(
    fc.constantFrom(...words, ' ', '  padded  ', '\t', '漢字かな', '👩‍👩‍👧', 'a\u200bb'),
    // The signs and the mark the tool's own cells hold.
    fc.constantFrom('−1,234', '+295', '±0', '−6.22%', '12 †1', '−', '±', '†'),
    fc.constantFrom(...words).map((w) => ansi.bold.bgBlue(w)),
    // Colour codes left open: cli-table3 closes them at the end of the cell.
    fc.constantFrom(...words).map((w) => `\u001b[31m${w}`),
    fc.constantFrom(...words).map((w) => `\u001b[1m\u001b[42m${w}`),
    fc.string({ maxLength: 8 }),
  );
  it('is the text of one cli-table3 table, for any alignment and any number of columns', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((width) =>
          fc.record({
            head: fc.array(anyCell, { minLength: width, maxLength: width }),
            rows: fc.array(fc.array(anyCell, { minLength: width, maxLength: width }), {
              minLength: 1,
              maxLength: 2 * BLOCK_ROWS + 2,
            }),
            aligns: fc.array(fc.constantFrom<'left' | 'right' | 'center'>('left', 'right', 'center'), {
              minLength: width,
              maxLength: width,
            }),
          }),
        ),
        ({ head: h, rows, aligns }) => {
          fc.pre([h, ...rows].every((r) => r.every((c) => !c.includes('\n'))));
          const options = { ...OPTIONS, colAligns: aligns };
          expect(drawTable(h, rows, options)).toBe(oneTable(h, rows, options));
        },
      ),
      { numRuns: 300 },
    );
  });
});
