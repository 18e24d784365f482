import type { Row } from '../../result.js';
import { type CheckReport, markOf, PLAIN, type Style, VERDICT_MARKS, wrap } from './types.js';

/**
 * The terminal table of a check: one block per claim, its verdict, figures, area, offence and
 * period on top and the working under it, wrapped to the width (80 columns when it is not known),
 * then the numbers skipped with their reasons (the notes go to stderr, as every command's do).
 */
export function renderLayout(report: CheckReport, width = 80, style: Style = PLAIN): string {
  const w = Math.max(40, Math.min(width, 80));
  const { result, article, skipped } = report;
  const out: string[] = [];
  out.push(style.bold(result.title));
  if (article) {
    const from =
      article.dateFrom === 'text'
        ? `from its dateline '${article.dateText}'`
        : article.dateFrom === '--as-of'
          ? 'from --as-of'
          : null;
    const name = article.path && article.path !== '-' ? article.path : 'article';
    const date = article.date ? `published ${article.date} (${from})` : 'no publication date (no dateline, no --as-of)';
    out.push(...wrap(`${name}: ${date}`, w));
  }
  for (const line of result.preamble ?? []) out.push(...wrap(line, w));
  out.push('-'.repeat(w));
  if (result.rows.length === 0) out.push(style.dim('(no figures of recorded offences found)'));
  for (const r of result.rows) out.push(...claimBlock(r, w, style), '');
  if (skipped.length) {
    out.push(style.bold('Other numbers, not checked'));
    for (const s of skipped)
      out.push(
        ...wrap(`${s.text} (paragraph ${s.paragraph}): ${s.reason}`, w, '  ').map((l, i) =>
          i ? `    ${l.trimStart()}` : l,
        ),
      );
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function claimBlock(r: Row, w: number, style: Style): string[] {
  const verdict = String(r.verdict);
  const colour = VERDICT_MARKS[verdict]?.colour ?? 'dim';
  const paint = style[colour].bind(style);
  const head = `${r.claimNo}. ${paint(markOf(verdict))} ${r.claim}`;
  const lines = wrap(head, w);
  const facts = [
    r.published ? `published ${r.published}` : null,
    r.computed ? `data ${r.computed}` : null,
    r.area ? String(r.area) : null,
    r.category ? String(r.category) : null,
    r.period ? String(r.period) : null,
    r.paragraph !== null && r.paragraph !== undefined ? `paragraph ${r.paragraph}` : null,
  ].filter(Boolean);
  lines.push(...wrap(facts.join(' | '), w, '   '));
  if (r.comparable === false)
    lines.push(...wrap(`\u2020 not comparable: ${r.notComparableBecause}`, w, '   ').map((l) => style.yellow(l)));
  for (const step of String(r.working ?? '')
    .split('; ')
    .filter(Boolean))
    lines.push(...wrap(step, w, '     ').map((l, i) => (i ? `  ${l}` : `   - ${l.trimStart()}`)));
  return lines;
}
