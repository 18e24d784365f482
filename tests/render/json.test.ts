import { describe, expect, it } from 'vitest';
import { renderJson, toJsonDocument } from '../../src/render/json.js';
import { sampleTrendResult } from '../helpers/result.js';

describe('JSON renderer', () => {
  const result = sampleTrendResult();
  const doc = JSON.parse(renderJson(result));

  it('has the documented shape', () => {
    expect(Object.keys(doc)).toEqual(
      expect.arrayContaining(['command', 'inputs', 'rows', 'notes', 'warnings', 'reconciliation']),
    );
    expect(doc.command).toBe('trend');
    expect(doc.inputs).toEqual([{ path: '/data/calderdale.csv', layout: 'wide-financial-year', rows: 136 }]);
    expect(doc.notes).toEqual(['a note']);
    expect(doc.reconciliation).toMatchObject({ rowsRead: 136, rowsUsed: 135 });
    expect(doc.reconciliation.excluded[0]).toMatchObject({
      reason: expect.stringContaining('totals row'),
      rows: 1,
      example: expect.any(String),
    });
  });

  it('rows carry every column, in column order, with ISO dates and numbers as numbers', () => {
    expect(Object.keys(doc.rows[0])).toEqual(result.columns.map((c) => c.key));
    expect(doc.rows[0]).toMatchObject({
      start: '2019-04-01',
      end: '2020-03-31',
      days: 366,
      count: 128,
      changePct: 33.33,
    });
    for (const r of doc.rows) {
      expect(r.start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.end).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(doc.rows[2].changePct).toBeNull();
  });

  it('a column missing from a row is null, not absent', () => {
    const r = sampleTrendResult([{ area: 'X', period: '2019/20' }]);
    const row = toJsonDocument(r).rows as Record<string, unknown>[];
    expect(Object.keys(row[0])).toEqual(r.columns.map((c) => c.key));
    expect(row[0].count).toBeNull();
  });

  it('is deterministic, pretty-printed and ends in a newline', () => {
    const text = renderJson(result);
    expect(renderJson(sampleTrendResult())).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "command": "trend",');
  });
});
