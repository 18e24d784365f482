import { describe, expect, it } from 'vitest';
import { renderNotes } from '../../src/render/notes.js';
import { colourStyle, renderTable } from '../../src/render/table.js';
import { sampleTrendResult } from '../helpers/result.js';

const ESC = '\u001b';

describe('table renderer', () => {
  const plain = renderTable(sampleTrendResult(), {});

  it('uses thousands separators and signed changes (+ and −)', () => {
    expect(plain).toContain('1,234,567');
    expect(plain).toContain('1,470');
    expect(plain).toContain('+32');
    expect(plain).toContain('−871'); // U+2212, not a hyphen
    expect(plain).toContain('+33.33%');
    expect(plain).toContain('−59.25%');
  });

  it('has no ANSI escapes without colour, and some with it', async () => {
    expect(plain).not.toContain(ESC);
    expect(renderTable(sampleTrendResult(), { style: await colourStyle() })).toContain(`${ESC}[`);
  });

  it('shows only the table columns; the notes and reconciliation are not part of it', () => {
    expect(plain).toContain('A year earlier');
    // Columns kept out of the table (JSON and CSV carry them).
    expect(plain).not.toContain('Compared with');
    expect(plain).not.toContain('Not comparable because');
    expect(plain).not.toContain('a note');
    const notes = renderNotes(sampleTrendResult(), {});
    expect(notes).toContain('note: a note');
    expect(notes).toMatch(/rows read 136, used 135, excluded 1/);
    expect(renderNotes(sampleTrendResult(), { quiet: true })).not.toContain('a note');
  });

  it('strips control characters that come from the data', () => {
    const evil = sampleTrendResult([
      { area: `Evil${ESC}[31mRed${ESC}[0m`, category: 'stalking\u0007', period: '2019/20', days: 366, count: 5 },
    ]);
    evil.notes = [`note with ${ESC}]0;title\u0007 in it`];
    const out = renderTable(evil, {});
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('\u0007');
    expect(out).toContain('Evil');
    expect(out).toContain('stalking');
  });

  it('says so when there are no rows', () => {
    expect(renderTable(sampleTrendResult([]), {})).toContain('(no rows)');
  });
});
