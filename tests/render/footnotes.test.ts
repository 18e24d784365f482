import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/analyses/result.js';
import { comparabilityFootnotes, FootnoteMarks } from '../../src/render/footnotes.js';

const row = (because: string | null, smallBase = false): Row => ({
  area: 'Kent',
  comparable: because === null,
  notComparableBecause: because,
  smallBase,
  changePct: 12.5,
});

const SMALL_NOTE = '* small base: fewer than 50 offences the year before, so a few offences move the change a lot';

describe('FootnoteMarks', () => {
  it('leaves a lone reason unnumbered, though its mark was made before that was known', () => {
    const marker = new FootnoteMarks();
    const marks = [row('April 2017 re-coding'), row(null), row('April 2017 re-coding', true)].map((r) => marker.add(r));
    expect(marks.map((m) => (m === undefined ? m : marker.resolve(m)))).toEqual(['†', undefined, '*†']);
    expect(marker.footnotes()).toEqual(['† not comparable: April 2017 re-coding', SMALL_NOTE]);
  });

  it('numbers every reason once a second comes, including marks made before it', () => {
    const marker = new FootnoteMarks();
    const first = marker.add(row('April 2017 re-coding'))!;
    const second = marker.add(row('the 2016/17 figure is incomplete'))!;
    const again = marker.add(row('April 2017 re-coding'))!;
    // Marks written out (as text pieces) before the end are filled in one pass.
    expect(marker.resolve(`| ${first} |\n| ${second} |\n| ${again} |`)).toBe('| †1 |\n| †2 |\n| †1 |');
    expect(marker.footnotes()).toEqual([
      '†1 not comparable: April 2017 re-coding',
      '†2 not comparable: the 2016/17 figure is incomplete',
    ]);
  });

  it('marks a small base only where a change % is shown', () => {
    const marker = new FootnoteMarks();
    expect(marker.add({ ...row(null, true), changePct: null })).toBeUndefined();
    expect(marker.footnotes()).toEqual([]);
    expect(marker.add(row(null, true))).toBe('*');
  });
});

describe('comparabilityFootnotes', () => {
  it('gives the marks FootnoteMarks gives, by row', () => {
    const rows = [row('a'), row(null, true), row('b'), row(null)];
    const { marks, footnotes } = comparabilityFootnotes(rows);
    expect(rows.map((r) => marks.get(r))).toEqual(['†1', '*', '†2', undefined]);
    expect(footnotes).toEqual(['†1 not comparable: a', '†2 not comparable: b', SMALL_NOTE]);
  });
});
