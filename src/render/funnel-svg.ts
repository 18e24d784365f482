import type { FunnelPlot } from '../analyses/areas.js';
import { escapeXml, figuresKind, niceTicks } from './chart-svg.js';
import { formatNumber } from './format.js';
import { compact } from './funnel-terminal.js';

/**
 * A standalone SVG funnel plot in the style of the line charts (chart-svg.ts: fonts, greys, a
 * source line): rate up, residents across on a log scale, the overall rate, the 95% limits dashed
 * and the 99.8% limits solid, the band between them shaded; areas as dots, those outside the
 * flagging limits coloured (Okabe–Ito vermillion above, blue below) and named. Pure and
 * deterministic: plot data in, SVG text out.
 */
export interface SvgFunnelOptions {
  width?: number;
  plotHeight?: number;
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const INK = '#222222';
const MUTED = '#555555';
const GRID = '#e6e6e6';
const ABOVE = '#D55E00';
const BELOW = '#0072B2';
const WITHIN = '#8c8c8c';
const BAND998 = '#f2f2f2';
const BAND95 = '#e4e4e4';

export function renderSvgFunnel(plot: FunnelPlot, options: SvgFunnelOptions = {}): string {
  const W = Math.max(480, Math.round(options.width ?? 900));
  const plotH = Math.max(200, Math.round(options.plotHeight ?? 400));
  const left = 78;
  const right = 28;
  const top = 74;
  const plotW = W - left - right;
  const bottom = top + plotH;
  const esc = escapeXml;
  const out: string[] = [];
  const has = plot.points.length > 0 && plot.target !== null && plot.curve.length > 0;

  const maxRate = has ? Math.max(...plot.points.map((p) => p.rate)) : 1;
  const yTicks = niceTicks(0, has ? Math.max(maxRate, (plot.target ?? 0) * 1.5) * 1.05 : 1, 6);
  const yHi = yTicks[yTicks.length - 1] || 1;
  const y = (v: number) => bottom - (v / yHi) * plotH;
  const pFrom = has ? plot.curve[0].population : 1;
  const pTo = has ? plot.curve[plot.curve.length - 1].population : 10;
  const lo = Math.log10(pFrom);
  const hi = Math.log10(pTo);
  const x = (population: number) => left + ((Math.log10(population) - lo) / (hi - lo || 1)) * plotW;

  const flagged = plot.points.filter((p) => p.flag !== 'within').sort((a, b) => b.rate - a.rate);
  const flagText = plot.flagLevel === 0.95 ? '95%' : '99.8%';
  const legend = [
    { kind: 'target', text: `Overall rate${plot.target === null ? '' : ` ${formatNumber(plot.target, 3)}`}` },
    { kind: '95', text: '95% limits' },
    { kind: '998', text: '99.8% limits' },
    { kind: 'above', text: `Above the ${flagText} limits` },
    { kind: 'below', text: `Below the ${flagText} limits` },
    { kind: 'within', text: 'Within' },
  ];
  const labels = has
    ? placeLabels(flagged, plot.points, {
        x,
        y: (v) => y(Math.min(v, yHi)),
        left,
        top,
        plotW,
        plotH,
        target: plot.target ?? 0,
      })
    : [];
  const unlabelled = flagged.filter((p) => !labels.some((l) => l.point === p));
  const crime = `${plot.sources.join('; ') || 'no input named'}${figuresKind(plot.illustrative)}`;
  const sourceText = `Source: ${crime}; populations: ${plot.populationSource}.`;
  const footChars = Math.floor((W - left - right) / (11 * 0.56));
  const unlabelledText = unlabelled.length
    ? [
        `Also outside the ${flagText} limits, not labelled for want of room: ` +
          `${unlabelled.map((p) => p.name).join(', ')}.`,
      ]
    : [];
  const footLines = [sourceText, ...unlabelledText, ...plot.notes.map((n) => `${n}.`)].flatMap((t) =>
    wrapText(t, footChars),
  );
  const legendTop = bottom + 62;
  // Legend items left to right, wrapping into rows.
  const placedLegend: { item: (typeof legend)[number]; lx: number; ly: number }[] = [];
  let lx = left;
  let ly = legendTop;
  for (const item of legend) {
    const w = 30 + textWidth(item.text, 12) + 22;
    if (lx + w > W - right && lx > left) {
      lx = left;
      ly += 20;
    }
    placedLegend.push({ item, lx, ly });
    lx += w;
  }
  const footTop = ly + 30;
  const H = Math.ceil(footTop + footLines.length * 15 + 10);
  const subtitle = `${plot.illustrative ? 'Illustrative (invented) data · ' : ''}${plot.subtitle}`;

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" ` +
      `aria-labelledby="funnel-title funnel-desc" font-family="${esc(FONT)}">`,
  );
  out.push(`<title id="funnel-title">${esc(plot.title)}</title>`);
  const outside = flagged.map((p) => `${p.name} (${p.flag})`).join(', ') || 'none';
  const description = `${subtitle}. Outside the ${flagText} limits: ${outside}. ${sourceText}`;
  out.push(`<desc id="funnel-desc">${esc(description)}</desc>`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${left}" y="30" font-size="19" font-weight="700" fill="${INK}">${esc(plot.title)}</text>`);
  out.push(`<text x="${left}" y="52" font-size="13" fill="${MUTED}">${esc(subtitle)}</text>`);
  out.push(
    `<defs><clipPath id="plot-area"><rect x="${left}" y="${top}" width="${plotW}" ` +
      `height="${plotH}"/></clipPath></defs>`,
  );

  // Grid and rate axis.
  out.push(`<g class="y-axis" font-size="12" fill="${MUTED}" text-anchor="end">`);
  const step = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
  const digits = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
  for (const t of yTicks) {
    const ty = f(y(t));
    out.push(`<line x1="${left}" x2="${left + plotW}" y1="${ty}" y2="${ty}" stroke="${t === 0 ? '#9a9a9a' : GRID}"/>`);
    out.push(`<text x="${left - 8}" y="${f(y(t) + 4)}">${esc(formatNumber(t, digits))}</text>`);
  }
  out.push('</g>');
  out.push(
    `<text transform="translate(18 ${f(top + plotH / 2)}) rotate(-90)" font-size="12" fill="${MUTED}" ` +
      `text-anchor="middle">${esc(plot.rateLabel)}</text>`,
  );

  // Population axis: 1, 2 and 5 times powers of ten.
  out.push(`<g class="x-axis" font-size="12" fill="${MUTED}" text-anchor="middle">`);
  out.push(`<line x1="${left}" x2="${left + plotW}" y1="${bottom}" y2="${bottom}" stroke="#9a9a9a"/>`);
  let lastLabel = -Infinity;
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v < pFrom || v > pTo) continue;
      const tx = x(v);
      out.push(`<line x1="${f(tx)}" x2="${f(tx)}" y1="${top}" y2="${bottom}" stroke="${GRID}"/>`);
      out.push(`<line x1="${f(tx)}" x2="${f(tx)}" y1="${bottom}" y2="${bottom + 5}" stroke="#9a9a9a"/>`);
      if (tx - lastLabel >= 44) {
        out.push(`<text x="${f(tx)}" y="${bottom + 20}">${esc(compact(v))}</text>`);
        lastLabel = tx;
      }
    }
  }
  out.push('</g>');
  out.push(
    `<text x="${f(left + plotW / 2)}" y="${bottom + 40}" font-size="12" fill="${MUTED}" ` +
      `text-anchor="middle">${esc(plot.populationLabel)}</text>`,
  );

  if (has) {
    const c = plot.curve;
    const path = (pick: (p: (typeof c)[number]) => number) =>
      c.map((p, i) => `${i ? 'L' : 'M'}${f(x(p.population))} ${f(y(pick(p)))}`).join(' ');
    const band = (upper: (p: (typeof c)[number]) => number, lower: (p: (typeof c)[number]) => number) =>
      `${path(upper)} ${[...c]
        .reverse()
        .map((p) => `L${f(x(p.population))} ${f(y(lower(p)))}`)
        .join(' ')} Z`;
    out.push(`<g class="limits" clip-path="url(#plot-area)">`);
    out.push(
      `<path d="${band(
        (p) => p.high998,
        (p) => p.low998,
      )}" fill="${BAND998}" stroke="none"/>`,
    );
    out.push(
      `<path d="${band(
        (p) => p.high95,
        (p) => p.low95,
      )}" fill="${BAND95}" stroke="none"/>`,
    );
    const ty = f(y(plot.target!));
    out.push(`<line x1="${left}" x2="${left + plotW}" y1="${ty}" y2="${ty}" stroke="${INK}" stroke-width="1.3"/>`);
    for (const pick of [(p: (typeof c)[number]) => p.high95, (p: (typeof c)[number]) => p.low95])
      out.push(`<path d="${path(pick)}" fill="none" stroke="${MUTED}" stroke-width="1.2" stroke-dasharray="5 4"/>`);
    for (const pick of [(p: (typeof c)[number]) => p.high998, (p: (typeof c)[number]) => p.low998])
      out.push(`<path d="${path(pick)}" fill="none" stroke="${INK}" stroke-width="1.5"/>`);
    out.push('</g>');

    // Areas within the limits first, so flagged ones are drawn on top.
    const ordered = [...plot.points].sort((a, b) => Number(a.flag !== 'within') - Number(b.flag !== 'within'));
    out.push(`<g class="areas">`);
    for (const p of ordered) {
      const colour = p.flag === 'above' ? ABOVE : p.flag === 'below' ? BELOW : WITHIN;
      const r = p.flag === 'within' ? 4 : 5;
      const rate = `${formatNumber(p.rate, 3)} per ${formatNumber(plot.per, 0)}`;
      const title = `${p.name}: ${rate}, ${formatNumber(p.population, 0)} residents (${p.flag})`;
      out.push(
        `<circle cx="${f(x(p.population))}" cy="${f(y(Math.min(p.rate, yHi)))}" r="${r}" fill="${colour}" ` +
          'fill-opacity="0.9" stroke="#ffffff" stroke-width="1">' +
          `<title>${esc(title)}</title></circle>`,
      );
    }
    out.push('</g>');

    out.push(`<g class="labels" font-size="12">`);
    for (const l of labels) {
      const colour = l.point.flag === 'above' ? ABOVE : BELOW;
      out.push(
        `<text x="${f(l.anchorX)}" y="${f(l.y)}" ` +
          `fill="${colour}"${l.end ? ' text-anchor="end"' : ''}>${esc(l.point.name)}</text>`,
      );
    }
    out.push('</g>');
  } else {
    out.push(
      `<text x="${f(left + plotW / 2)}" y="${f(top + plotH / 2)}" font-size="14" fill="${MUTED}" ` +
        'text-anchor="middle">No areas to plot</text>',
    );
  }

  // Legend.
  out.push(`<g class="legend" font-size="12" fill="${INK}">`);
  for (const { item, lx: ix, ly: iy } of placedLegend) {
    if (item.kind === 'target')
      out.push(`<line x1="${ix}" x2="${ix + 24}" y1="${iy}" y2="${iy}" stroke="${INK}" stroke-width="1.3"/>`);
    else if (item.kind === '95')
      out.push(
        `<line x1="${ix}" x2="${ix + 24}" y1="${iy}" y2="${iy}" stroke="${MUTED}" stroke-width="1.2" ` +
          'stroke-dasharray="5 4"/>',
      );
    else if (item.kind === '998')
      out.push(`<line x1="${ix}" x2="${ix + 24}" y1="${iy}" y2="${iy}" stroke="${INK}" stroke-width="1.5"/>`);
    else {
      const colour = item.kind === 'above' ? ABOVE : item.kind === 'below' ? BELOW : WITHIN;
      out.push(`<circle cx="${ix + 12}" cy="${iy}" r="4.5" fill="${colour}"/>`);
    }
    out.push(`<text x="${ix + 30}" y="${iy + 4}">${esc(item.text)}</text>`);
  }
  out.push('</g>');

  out.push(`<g class="source" font-size="11" fill="${MUTED}">`);
  footLines.forEach((l, k) => {
    out.push(`<text x="${left}" y="${footTop + k * 15}">${esc(l)}</text>`);
  });
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

interface Label {
  point: FunnelPlot['points'][number];
  anchorX: number;
  y: number;
  end: boolean;
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Names beside the flagged areas' dots, the furthest from the overall rate first: each takes the
 * first of eight places around its dot that stays inside the plot and clear of every dot and
 * every name already placed. A name with no such place is left off (and listed under the plot).
 */
function placeLabels(
  flagged: FunnelPlot['points'],
  all: FunnelPlot['points'],
  frame: {
    x: (p: number) => number;
    y: (r: number) => number;
    left: number;
    top: number;
    plotW: number;
    plotH: number;
    target: number;
  },
): Label[] {
  const dots: Box[] = all.map((p) => {
    const cx = frame.x(p.population);
    const cy = frame.y(p.rate);
    return { x0: cx - 5, x1: cx + 5, y0: cy - 5, y1: cy + 5 };
  });
  // The overall-rate line is kept clear too: a name across it is hard to read.
  const ty = frame.y(frame.target);
  const taken: Box[] = [{ x0: frame.left, x1: frame.left + frame.plotW, y0: ty - 1.5, y1: ty + 1.5 }];
  const labels: Label[] = [];
  // |rate − target| √population orders the areas as their Poisson z-scores do.
  const distance = (p: FunnelPlot['points'][number]) => Math.abs(p.rate - frame.target) * Math.sqrt(p.population);
  const ordered = [...flagged].sort((a, b) => distance(b) - distance(a));
  for (const point of ordered) {
    const cx = frame.x(point.population);
    const cy = frame.y(point.rate);
    const w = textWidth(point.name, 12);
    // Text baseline offsets: right, left, then above and below on either side, then further out.
    const places = [
      { dx: 8, dy: 4, end: false },
      { dx: -8, dy: 4, end: true },
      { dx: 6, dy: -9, end: false },
      { dx: -6, dy: -9, end: true },
      { dx: 6, dy: 17, end: false },
      { dx: -6, dy: 17, end: true },
      { dx: 8, dy: -22, end: false },
      { dx: 8, dy: 30, end: false },
    ];
    for (const place of places) {
      const anchorX = cx + place.dx;
      const x0 = place.end ? anchorX - w : anchorX;
      const box = { x0, x1: x0 + w, y0: cy + place.dy - 11, y1: cy + place.dy + 2 };
      const inside =
        box.x0 >= frame.left &&
        box.x1 <= frame.left + frame.plotW &&
        box.y0 >= frame.top &&
        box.y1 <= frame.top + frame.plotH;
      if (!inside || taken.some((t) => overlaps(t, box)) || dots.some((d) => overlaps(d, box))) continue;
      taken.push(box);
      labels.push({ point, anchorX, y: cy + place.dy, end: place.end });
      break;
    }
  }
  return labels;
}

function f(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

function textWidth(s: string, size: number): number {
  return s.length * size * 0.56;
}

function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of text.split(/\s+/)) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}
