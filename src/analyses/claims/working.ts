import type { SeriesPoint } from '../../series/build.js';
import { formatFigure, formatFixed } from './numbers.js';
import type { Assertion, Figure, ParsedClaim } from './types.js';

/** The words of a verdict's working: figures as published, sums of the data's figures, what was read. */

export const fmtInt = (x: number) => formatFixed(x, 0);

export function qualified(f: Figure, body: string): string {
  return f.qualifierText ? `${f.qualifierText} ${body}` : body;
}

/** "Apr-Jun 2017 600 + Jul-Sep 2017 612 + … = 2,336", or the single figure's label. */
export function describeParts(parts: SeriesPoint[], total: number): string {
  if (parts.length === 1) return `${parts[0].period.label} = ${fmtInt(total)}`;
  const shown = parts.length <= 12 ? parts : [...parts.slice(0, 3), null, ...parts.slice(-2)];
  const body = shown.map((p) => (p ? `${p.period.label} ${fmtInt(p.count)}` : '…')).join(' + ');
  return `${body}${parts.length > 12 ? ` (${parts.length} figures)` : ''} = ${fmtInt(total)}`;
}

/** The published figure's value: a change's percentage or multiple, none for a bare direction. */
export function figureValue(a: Assertion): number | null {
  if (a.kind === 'change') return a.test.type === 'direction' ? null : a.test.figure.value;
  return a.figure.value;
}

/** The figure as published, in the words the working uses. */
export function publishedOf(a: Assertion): string {
  if (a.kind === 'count') return qualified(a.figure, formatFigure(a.figure.value));
  if (a.kind === 'rate') {
    if (a.interval) {
      const units = `${a.interval}${a.figure.value === 1 ? '' : 's'}`;
      return qualified(a.figure, `one every ${formatFigure(a.figure.value)} ${units}`);
    }
    if (a.residents) return qualified(a.figure, `${formatFigure(a.figure.value)} per ${fmtInt(a.residents)} residents`);
    return qualified(a.figure, `${formatFigure(a.figure.value)} a ${a.unit}`);
  }
  const t = a.test;
  if (t.type === 'direction') return t.direction === 'rise' ? 'a rise' : 'a fall';
  if (t.type === 'pct') {
    const x = `${formatFigure(t.figure.value)}%`;
    if (!t.figure.qualifierText) return `${t.direction === 'fall' ? '−' : t.direction === 'rise' ? '+' : ''}${x}`;
    const change = t.direction === 'fall' ? 'a fall of ' : t.direction === 'rise' ? 'a rise of ' : '';
    return `${change}${t.figure.qualifierText} ${x}`;
  }
  if (t.type === 'difference')
    return qualified(t.figure, `${formatFigure(t.figure.value)} ${t.direction === 'rise' ? 'more' : 'fewer'}`);
  return qualified(t.figure, `×${formatFigure(t.figure.value)} (${t.word})`);
}

/** What the parser read in a claim, for the working of one it could not use. */
export function recognisedLine(claim: ParsedClaim): string {
  if (claim.recognised.length === 0) return 'recognised: nothing (no number, period or category)';
  return `recognised: ${claim.recognised.map((r) => `${r.what} '${r.text}' = ${r.meaning}`).join('; ')}`;
}
