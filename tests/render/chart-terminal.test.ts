import { describe, expect, it } from 'vitest';
import { renderTerminalChart } from '../../src/render/chart-terminal.js';
import { type ChartPoint, chartDataFromSeries } from '../../src/render/chartData.js';

const ESC = /\u001b\[/;
const BARS = /[▁▂▃▄▅▆▇█]/;

function fyPoints(from: number, values: number[]): ChartPoint[] {
  return values.map((value, i) => {
    const y = from + i;
    return {
      start: `${y}-04-01`,
      end: `${y + 1}-03-31`,
      label: `${y}/${String((y + 1) % 100).padStart(2, '0')}`,
      value,
    };
  });
}

function quarterPoints(fromYear: number, n: number, value: (i: number) => number): ChartPoint[] {
  const out: ChartPoint[] = [];
  for (let i = 0; i < n; i++) {
    const m = 4 + 3 * (i % 4);
    const y = fromYear + Math.floor(i / 4) + (m > 12 ? 1 : 0);
    const sm = ((m - 1) % 12) + 1;
    const em = sm + 2;
    const last = new Date(Date.UTC(y, em, 0)).getUTCDate();
    out.push({
      start: `${y}-${String(sm).padStart(2, '0')}-01`,
      end: `${y}-${String(em).padStart(2, '0')}-${last}`,
      label: `q${i}`,
      value: value(i),
    });
  }
  return out;
}

const EVENTS = [
  { id: 'conduct-2018', date: '2018-04-01', title: 'Conduct crimes recorded in addition', affects: ['stalking'] },
  {
    id: 'ex-partner-2020',
    date: '2020-04-01',
    title: 'Ex-partner conduct recorded as stalking',
    affects: ['stalking', 'harassment'],
  },
];

const calderdaleStalking = () =>
  chartDataFromSeries(
    [{ area: 'Calderdale', category: 'stalking', points: fyPoints(2015, [10, 12, 54, 96, 128, 498, 621]) }],
    ['c.csv'],
    { events: EVENTS, categoryLabels: { stalking: 'Stalking' } },
  );

const width = (s: string) => Math.max(...s.split('\n').map((l) => [...l].length));

describe('terminal chart', () => {
  it('draws bars, a y scale, period labels and the recording changes marked and listed', () => {
    const text = renderTerminalChart(calderdaleStalking(), { width: 80 });
    expect(text).toMatch(BARS);
    expect(text).toContain('Stalking: offences per financial year');
    expect(text).toMatch(/^\s+0 ┼/m);
    expect(text).toMatch(/800 ┤/);
    expect(text).toContain('2015/16');
    expect(text).toContain('2021/22');
    expect(text).toContain('┊');
    expect(text).toMatch(/▲1 +▲2/);
    expect(text).toMatch(/▲1 2018-04-01 +Conduct crimes recorded in addition/);
    expect(text).toMatch(/▲2 2020-04-01 +Ex-partner/);
    expect(text).not.toMatch(ESC);
  });

  it('makes the tallest bar reach the top rows and a small one a sliver', () => {
    const lines = renderTerminalChart(calderdaleStalking(), { width: 80, height: 8 }).split('\n');
    const plot = lines.slice(1, 9);
    expect(plot[0]).toMatch(/800 ┤/);
    // 621 of 800 over 8 rows = 6.2 rows: row 2 from the top holds the top of that bar.
    expect(plot[1]).toMatch(/▂/);
    expect(plot[7]).toMatch(/▁/);
  });

  it('fits the width it is given', () => {
    for (const w of [40, 60, 80, 120, 200])
      expect(width(renderTerminalChart(calderdaleStalking(), { width: w }))).toBeLessThanOrEqual(w);
    const long = chartDataFromSeries(
      [{ area: 'A', category: 'stalking', points: quarterPoints(2012, 52, (i) => 100 + i * 10) }],
      ['a.csv'],
      { events: EVENTS },
    );
    for (const w of [40, 80, 132]) expect(width(renderTerminalChart(long, { width: w }))).toBeLessThanOrEqual(w);
  });

  it('averages neighbours when there are more periods than columns, and says so', () => {
    const many = chartDataFromSeries(
      [{ area: 'A', category: 'stalking', points: quarterPoints(2000, 120, () => 5) }],
      ['a.csv'],
    );
    const text = renderTerminalChart(many, { width: 60 });
    expect(text).toMatch(/each column is the mean of \d+ periods/);
    expect(width(text)).toBeLessThanOrEqual(60);
  });

  it('shows a period missing from the data on the axis, not as a zero bar', () => {
    const pts = fyPoints(2015, [10, 20, 30, 40]);
    const data = chartDataFromSeries(
      [{ area: 'A', category: 'stalking', points: [pts[0], pts[1], pts[3]] }],
      ['a.csv'],
    );
    const text = renderTerminalChart(data, { width: 80 });
    expect(text).toContain('┄');
    expect(text).toContain('no figure for the period');
  });

  it('draws one chart per category on a shared time axis', () => {
    const data = chartDataFromSeries(
      [
        { area: 'A', category: 'stalking', points: fyPoints(2017, [5, 6, 7]) },
        { area: 'A', category: 'harassment', points: fyPoints(2015, [50, 60, 70, 80, 90]) },
      ],
      ['a.csv'],
      { events: EVENTS },
    );
    const text = renderTerminalChart(data, { width: 80 });
    const charts = text.split('\n\n');
    expect(charts).toHaveLength(2);
    const axis = (c: string) => c.split('\n').find((l) => l.includes('┼'))!;
    expect(axis(charts[0]).length).toBe(axis(charts[1]).length);
    // Stalking has no figures for the first two years of the shared axis.
    expect(axis(charts[0])).toContain('┄');
    // Each chart lists only the changes that affect its own category.
    expect(charts[0]).toContain('Conduct crimes');
    expect(charts[1]).not.toContain('Conduct crimes');
  });

  it('colours only when asked', () => {
    expect(renderTerminalChart(calderdaleStalking(), { color: true })).toMatch(ESC);
    expect(renderTerminalChart(calderdaleStalking(), { color: false })).not.toMatch(ESC);
  });

  it('keeps control characters in labels from reaching the terminal', () => {
    const data = chartDataFromSeries([{ area: 'A', category: 'x\u001b[31m', points: fyPoints(2015, [1]) }], ['a.csv']);
    expect(renderTerminalChart(data)).not.toMatch(ESC);
  });

  it('says so when there is nothing to chart', () => {
    expect(renderTerminalChart(chartDataFromSeries([], []))).toContain('nothing to chart');
  });

  it('handles small rates with decimals on the scale', () => {
    const data = chartDataFromSeries(
      [{ area: 'A', category: 'stalking', points: fyPoints(2015, [0.4, 1.3, 1.7]) }],
      ['a.csv'],
      { valueLabel: 'offences per day' },
    );
    const text = renderTerminalChart(data);
    expect(text).toMatch(/2(\.0)? ┤/);
    expect(text).toMatch(/1(\.0)? ┤/);
  });
});
