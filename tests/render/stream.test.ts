import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Column, Result, Row } from '../../src/analyses/result.js';
import { trendResult } from '../../src/commands/trend.js';
import { renderCsv } from '../../src/render/csv.js';
import { renderJson } from '../../src/render/json.js';
import { PIECE_CHARS, RowStream } from '../../src/render/stream.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/realData.js';

const DEMO = join(REPO_ROOT, 'data', 'demo', 'demo-home-office-quarterly.csv');

/** What a RowStream writes for `result`, its rows added in chunks of `size`. */
function streamed(result: Result, format: 'csv' | 'json', size: number): { text: string; writes: number } {
  let text = '';
  let writes = 0;
  const stream = new RowStream(format, result.columns, {
    write: (s: string) => {
      text += s;
      writes++;
    },
  });
  for (let i = 0; i < result.rows.length; i += size) stream.add(result.rows.slice(i, i + size), () => result);
  stream.end(result);
  return { text, writes };
}

describe('rows written as they are made', () => {
  it('gives the bytes of the whole result, in CSV and JSON, however the rows come', async () => {
    const result = await trendResult([DEMO], { area: [], eachArea: true, format: 'json', by: 'fy' });
    expect(result.rows.length).toBeGreaterThan(100);
    for (const size of [1, 7, 1000]) {
      expect(streamed(result, 'csv', size).text).toBe(renderCsv(result));
      expect(streamed(result, 'json', size).text).toBe(renderJson(result));
    }
  });

  it('keeps nested values, nulls and quotes as the whole renderers do', () => {
    const columns: Column[] = [
      { key: 'area', label: 'Area', kind: 'text' },
      { key: 'detail', label: 'Detail', kind: 'text' },
      { key: 'n', label: 'N', kind: 'int' },
    ] as Column[];
    const rows: Row[] = [
      { area: 'Kent, "East"', detail: { a: [1, 2], b: 'x\ny' } as never, n: -3 },
      { area: '=SUM(A1)', detail: null, n: undefined as never },
    ];
    const result = {
      command: 'trend',
      inputs: [],
      skipped: [{ path: 'notes.txt', reason: 'not a data file' }],
      columns,
      rows,
      notes: ['a note'],
      warnings: [],
      reconciliation: { rowsRead: 2, rowsUsed: 2, excluded: [] },
      extra: { per: 1000 },
    } as unknown as Result;
    expect(streamed(result, 'csv', 1).text).toBe(renderCsv(result));
    expect(streamed(result, 'json', 1).text).toBe(renderJson(result));
  });

  it('writes nothing before the first row, and gathers small rows into few writes', async () => {
    const result = await trendResult([DEMO], { area: [], eachArea: true, format: 'json', by: 'quarter' });
    let wrote = false;
    const stream = new RowStream('csv', result.columns, { write: () => (wrote = true) });
    stream.add([], () => result);
    expect(wrote).toBe(false);
    expect(stream.count).toBe(0);
    // Every row added one at a time: a few writes of up to PIECE_CHARS characters, not one per row.
    const { writes } = streamed(result, 'csv', 1);
    expect(result.rows.length).toBeGreaterThan(500);
    const chars = renderCsv(result).length;
    expect(chars).toBeGreaterThan(4 * PIECE_CHARS);
    expect(writes).toBeLessThanOrEqual(Math.ceil(chars / PIECE_CHARS));
    expect(writes).toBeLessThan(result.rows.length / 50);
    // JSON rows are rendered some at a time and gathered the same way.
    const json = streamed(result, 'json', 1);
    expect(json.text).toBe(renderJson(result));
    expect(json.writes).toBeLessThanOrEqual(Math.ceil(json.text.length / PIECE_CHARS) + 1);
    expect(json.writes).toBeGreaterThan(1);
  });
});

describe('trend --format csv and json are written as the rows are made', () => {
  it('the same bytes as the result rendered whole', async () => {
    const whole = await trendResult([DEMO], { area: [], eachArea: true, format: 'csv', by: 'fy' });
    const csv = await runCli(['trend', DEMO, '--each-area', '--by', 'fy', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe(renderCsv(whole));
    const json = await runCli(['trend', DEMO, '--each-area', '--by', 'fy', '--format', 'json']);
    expect(json.stdout).toBe(renderJson(whole));
    // The notes still go to stderr, after the rows.
    expect(json.stderr).toContain('note: change is measured against the same period a year earlier');
  });

  it('no rows: the E_NO_DATA error, and nothing on stdout', async () => {
    for (const format of ['csv', 'json']) {
      const r = await runCli(['trend', DEMO, '--from', '2090-01-01', '--format', format]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('E_NO_DATA');
    }
  });
});
