import { describe, expect, it } from 'vitest';
import { escapeXml, niceTicks, renderSvgChart } from '../../src/render/chart-svg.js';
import { type ChartPoint, chartDataFromSeries } from '../../src/render/chartData.js';

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

const EVENTS = [
  {
    id: 'conduct-2018',
    date: '2018-04-01',
    title: 'Conduct crimes recorded in addition',
    affects: ['stalking', 'harassment'],
  },
  {
    id: 'ex-partner-2020',
    date: '2020-04-01',
    title: 'Ex-partner conduct recorded as stalking',
    affects: ['stalking', 'harassment'],
  },
];
const LABELS = { stalking: 'Stalking', harassment: 'Harassment' };

function calderdale(paths = ['/real/calderdale_csp_recorded_crime.csv']) {
  return chartDataFromSeries(
    [
      { area: 'Calderdale', category: 'stalking', points: fyPoints(2015, [10, 12, 54, 96, 128, 498, 621]) },
      { area: 'Calderdale', category: 'harassment', points: fyPoints(2015, [930, 1470, 599, 1500, 1743, 1508, 1991]) },
    ],
    paths,
    { events: EVENTS, categoryLabels: LABELS },
  );
}

/** Elements open and close in order (enough to catch a broken renderer without an XML library). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2]);
  }
  return stack.length === 0;
}

describe('SVG chart', () => {
  const svg = renderSvgChart(calderdale());

  it('is a standalone, well-formed SVG with size, title and description', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toMatch(/width="900" height="\d+" viewBox="0 0 900 \d+"/);
    expect(svg).toContain('<title id="chart-title">');
    expect(svg).toContain('<desc id="chart-desc">');
    expect(balanced(svg)).toBe(true);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('names the area, the measure, and every category in a legend', () => {
    expect(svg).toContain('Calderdale');
    expect(svg).toContain('Offences per financial year');
    expect(svg).toMatch(/<g class="legend"[\s\S]*>Stalking<[\s\S]*>Harassment</);
    expect(svg).toContain('data-category="stalking"');
  });

  it('has a y axis with round, separated ticks and a financial-year time axis', () => {
    expect(svg).toContain('>2,000<');
    expect(svg).toContain('>0<');
    for (const fy of ['2015/16', '2018/19', '2021/22']) expect(svg).toContain(`>${fy}<`);
    expect(svg).toContain('Financial year (April to March)');
  });

  it('draws each recording change as a dashed rule with a numbered badge, and lists it', () => {
    expect(svg.match(/stroke-dasharray="5 4"/g)).toHaveLength(2);
    expect(svg).toContain('1 Apr 2018: Conduct crimes recorded in addition');
    expect(svg).toContain('1 Apr 2020: Ex-partner conduct recorded as stalking');
    expect(svg).toContain('not like-for-like');
  });

  it('cites its source, and calls the demo data illustrative', () => {
    expect(svg).toContain('Source: calderdale_csp_recorded_crime.csv');
    expect(svg).not.toContain('illustrative');
    const demo = renderSvgChart(calderdale(['data/demo/demo-home-office-quarterly.csv']));
    expect(demo).toContain('demo-home-office-quarterly.csv — illustrative data');
  });

  it('is deterministic', () => {
    expect(renderSvgChart(calderdale())).toBe(svg);
  });

  it('breaks a line where a period is missing rather than joining across it', () => {
    const pts = fyPoints(2015, [10, 20, 30, 40]);
    const data = chartDataFromSeries(
      [{ area: 'A', category: 'stalking', points: [pts[0], pts[1], pts[3]] }],
      ['a.csv'],
    );
    const paths = renderSvgChart(data).match(/<path d="[^"]*"/g) ?? [];
    expect(paths).toHaveLength(2);
  });

  it('escapes text taken from files', () => {
    const data = chartDataFromSeries(
      [{ area: 'Tom & Jerry <"x">', category: 'stalking', points: fyPoints(2015, [1, 2]) }],
      ['a&b.csv'],
    );
    const out = renderSvgChart(data);
    expect(out).toContain('Tom &amp; Jerry &lt;&quot;x&quot;&gt;');
    expect(out).toContain('a&amp;b.csv');
    expect(balanced(out)).toBe(true);
    expect(escapeXml('a\u0001b')).toBe('ab');
  });

  it('draws calendar-year ticks for monthly data, and stays well formed with no series', () => {
    const months: ChartPoint[] = [];
    for (let i = 0; i < 48; i++) {
      const y = 2018 + Math.floor(i / 12);
      const m = (i % 12) + 1;
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      months.push({
        start: `${y}-${String(m).padStart(2, '0')}-01`,
        end: `${y}-${String(m).padStart(2, '0')}-${last}`,
        label: `m${i}`,
        value: 100 + i,
      });
    }
    const out = renderSvgChart(chartDataFromSeries([{ area: 'A', category: 'stalking', points: months }], ['m.csv']));
    expect(out).toContain('>2019<');
    expect(out).toContain('Offences per month');
    const empty = renderSvgChart(chartDataFromSeries([], []));
    expect(balanced(empty)).toBe(true);
    expect(empty).toContain('No figures to chart');
    expect(empty).not.toMatch(/NaN/);
  });

  it('chooses round tick steps', () => {
    expect(niceTicks(0, 621, 6)).toEqual([0, 200, 400, 600, 800]);
    expect(niceTicks(0, 22280, 6)).toEqual([0, 5000, 10000, 15000, 20000, 25000]);
    expect(niceTicks(0, 1.7, 6)).toEqual([0, 0.5, 1, 1.5, 2]);
  });
});
