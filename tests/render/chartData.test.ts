import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/analyses/result.js';
import { chartDataFromResult, chartDataFromSeries, isIllustrativeSource } from '../../src/render/chartData.js';

const EVENTS = [
  { id: 'before', date: '2014-04-01', title: 'Before the span', affects: ['stalking'] },
  { id: 'first-day', date: '2015-04-01', title: 'On the first day', affects: ['stalking'] },
  { id: 'inside', date: '2017-04-01', title: 'Inside, other category', affects: ['malicious-communications'] },
  { id: 'hit', date: '2018-04-01', title: 'Inside, stalking', affects: ['stalking', 'harassment'] },
  { id: 'after', date: '2030-04-01', title: 'After the span', affects: ['stalking'] },
];

function fy(y: number, value: number | null, extra: Record<string, unknown> = {}) {
  return {
    area: 'Calderdale',
    category: 'stalking',
    period: `${y}/${String((y + 1) % 100).padStart(2, '0')}`,
    start: `${y}-04-01`,
    end: `${y + 1}-03-31`,
    count: value,
    ...extra,
  };
}

function result(rows: Record<string, unknown>[], path = '/data/calderdale.csv'): Result {
  return {
    command: 'trend',
    title: 'Trend',
    inputs: [{ path, layout: 'x', rows: 1 }],
    columns: [],
    rows: rows as never,
    notes: [],
    warnings: [],
    reconciliation: { rowsRead: 1, rowsUsed: 1, excluded: [] },
  };
}

describe('chart data from a result', () => {
  it('groups rows into one series per area and category, in time order, skipping rows without a value', () => {
    const data = chartDataFromResult(
      result([fy(2017, 54), fy(2015, 10), fy(2016, null), { ...fy(2015, 930), category: 'harassment' }]),
    );
    expect(data.series.map((s) => s.category)).toEqual(['stalking', 'harassment']);
    expect(data.series[0].points.map((p) => p.label)).toEqual(['2015/16', '2017/18']);
    expect(data.domain).toEqual({ start: '2015-04-01', end: '2018-03-31' });
    expect(data.valueLabel).toBe('offences per financial year');
    expect(data.title).toContain('Calderdale');
    expect(data.sources).toEqual(['calderdale.csv']);
    expect(data.illustrative).toBe(false);
  });

  it('keeps only the recording changes inside the span that affect a charted category', () => {
    const data = chartDataFromResult(result([fy(2015, 10), fy(2016, 12), fy(2017, 54), fy(2018, 96)]), {
      events: EVENTS,
    });
    expect(data.events.map((e) => e.id)).toEqual(['hit']);
    expect(data.events[0].affects).toEqual(['stalking']);
  });

  it('treats the old Met harassment category as reached by harassment changes', () => {
    const rows = [fy(2015, 10), fy(2018, 12)].map((r) => ({ ...r, category: 'harassment-wide' }));
    expect(chartDataFromResult(result(rows), { events: EVENTS }).events.map((e) => e.id)).toEqual(['hit']);
  });

  it('labels categories from the taxonomy and names the area only when there are several', () => {
    const labels = { stalking: 'Stalking' };
    expect(chartDataFromResult(result([fy(2015, 1)]), { categoryLabels: labels }).series[0].label).toBe('Stalking');
    const two = chartDataFromResult(result([fy(2015, 1), { ...fy(2015, 2), area: 'Kirklees' }]), {
      categoryLabels: labels,
    });
    expect(two.series.map((s) => s.label).sort()).toEqual(['Stalking (Calderdale)', 'Stalking (Kirklees)']);
  });

  it('does not draw zeros from before a category had a code of its own, and says so', () => {
    const rows = [fy(2015, 0), fy(2016, 0), fy(2017, 1073)].map((r) => ({
      ...r,
      category: 'malicious-communications',
    }));
    const data = chartDataFromResult(result(rows), { ownCodeFrom: { 'malicious-communications': '2017-04-01' } });
    expect(data.series[0].points.map((p) => p.label)).toEqual(['2017/18']);
    expect(data.notes.join(' ')).toMatch(/only from 2017-04-01/);
  });

  it('reads a value column other than count', () => {
    const data = chartDataFromResult(result([fy(2015, 10, { perDay: 0.03 })]), {
      valueKey: 'perDay',
      valueLabel: 'offences per day',
    });
    expect(data.series[0].points[0].value).toBe(0.03);
    expect(data.valueLabel).toBe('offences per day');
  });

  it('recognises the demo data as illustrative', () => {
    expect(isIllustrativeSource('data/demo/demo-home-office-quarterly.csv')).toBe(true);
    expect(isIllustrativeSource('/tmp/demo-home-office-quarterly.csv')).toBe(true);
    expect(isIllustrativeSource('/work/real/calderdale.csv')).toBe(false);
  });

  it('names the grain, and rolling years as overlapping', () => {
    const q = chartDataFromSeries(
      [
        {
          area: 'A',
          category: 'stalking',
          points: [{ start: '2020-04-01', end: '2020-06-30', label: 'Apr-Jun 2020', value: 1 }],
        },
      ],
      ['a.csv'],
    );
    expect(q.valueLabel).toBe('offences per quarter');
    const rolling = chartDataFromSeries(
      [
        {
          area: 'A',
          category: 'stalking-and-harassment',
          points: [
            { start: '2016-04-01', end: '2017-03-31', label: '12 months ending Mar 2017', value: 1 },
            { start: '2016-07-01', end: '2017-06-30', label: '12 months ending Jun 2017', value: 2 },
          ],
        },
      ],
      ['ons.csv'],
    );
    expect(rolling.overlapping).toBe(true);
    expect(rolling.valueLabel).toBe('offences in the 12 months to each date');
  });

  it('is empty but well formed when nothing has a value', () => {
    const data = chartDataFromResult(result([fy(2015, null)]), { events: EVENTS });
    expect(data.series).toEqual([]);
    expect(data.events).toEqual([]);
    expect(data.domain).toEqual({ start: '', end: '' });
  });
});
