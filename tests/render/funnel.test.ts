import { describe, expect, it } from 'vitest';
import type { FunnelPlot } from '../../src/analyses/areas.js';
import { funnelCurve } from '../../src/analyses/stats/index.js';
import { renderSvgFunnel } from '../../src/render/funnel-svg.js';
import { compact, renderTerminalFunnel } from '../../src/render/funnel-terminal.js';

/** A target of 5 per 1,000, Poisson limits, three areas: one far above, one far below, one within. */
function plot(names = ['High & <Mighty>', 'Low', 'Middle']): FunnelPlot {
  return {
    title: 'Stalking per 1,000 residents, 2022/23',
    subtitle: '3 police force areas; funnel around the overall rate 5.000',
    per: 1000,
    target: 5,
    populationLabel: 'Residents (mid-2022 estimate), log scale',
    rateLabel: 'Offences per 1,000 residents',
    points: [
      { name: names[0], population: 200000, rate: 9, flag: 'above' },
      { name: names[1], population: 1500000, rate: 2, flag: 'below' },
      { name: names[2], population: 500000, rate: 5.1, flag: 'within' },
    ],
    curve: funnelCurve(5, { method: 'none', phi: 1, tau2: 0 }, 1000, { from: 100000, to: 3000000, points: 60 }),
    flagLevel: 0.998,
    sources: ['invented.csv'],
    populationSource: 'invented-populations.csv',
    illustrative: true,
    notes: ['Left out: Nowhere'],
  };
}

describe('renderTerminalFunnel', () => {
  it('fits the width, marks areas outside the limits and lists them with their rates', () => {
    for (const width of [80, 60]) {
      const text = renderTerminalFunnel(plot(), { width });
      for (const line of text.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(width);
    }
    const text = renderTerminalFunnel(plot(), { width: 80 });
    expect(text).toContain('▲1 High & <Mighty>: 9.00 (above)');
    expect(text).toContain('▼2 Low: 2.00 (below)');
    expect(text).toMatch(/▲1/);
    expect(text).toMatch(/100k .*1M/);
    expect(text).toContain('note: Left out: Nowhere');
  });

  it('puts the within area on the overall-rate row and draws no colour unless asked', () => {
    const text = renderTerminalFunnel(plot(), { width: 80 });
    expect(text).not.toContain('\u001b[');
    const ruleRow = text.split('\n').find((l) => l.includes('─') && l.includes('o'));
    expect(ruleRow).toBeDefined();
    expect(renderTerminalFunnel(plot(), { width: 80, color: true })).toContain('\u001b[');
  });

  it('says so when there is nothing to plot', () => {
    expect(renderTerminalFunnel({ ...plot(), points: [], target: null, curve: [] })).toContain('(no areas to plot)');
  });

  it('compact writes populations as the axis shows them', () => {
    expect([compact(5000), compact(20000), compact(1500000), compact(750)]).toEqual(['5k', '20k', '1.5M', '750']);
  });
});

describe('renderSvgFunnel', () => {
  it('is standalone SVG with the names escaped, flagged areas named, and the same bytes every time', () => {
    const svg = renderSvgFunnel(plot());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('>High &amp; &lt;Mighty&gt;</text>');
    expect(svg).not.toContain('<Mighty>');
    expect(svg).toContain('>Low</text>');
    expect(svg).not.toContain('>Middle</text>');
    expect(svg).toContain('Illustrative (invented) data');
    expect(svg).toContain('Left out: Nowhere.');
    expect(svg).toContain('not official statistics; populations: invented-populations.csv.');
    expect(renderSvgFunnel(plot())).toBe(svg);
  });

  it('lists flagged areas it has no room to name under the plot', () => {
    const crowded = plot();
    crowded.points = Array.from({ length: 40 }, (_, i) => ({
      name: `Area number ${i + 1}`,
      population: 400000 + i * 1000,
      rate: 8 + (i % 3) * 0.01,
      flag: 'above' as const,
    }));
    const svg = renderSvgFunnel(crowded);
    expect(svg).toMatch(/not labelled for want of room: Area number/);
  });
});
