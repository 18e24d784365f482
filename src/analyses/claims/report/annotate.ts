import type { Row } from '../../result.js';
import { type CheckReport, markOf, PLAIN, type Style, VERDICT_MARKS, wrap } from './types.js';

/**
 * The article printed back as a spell checker would show it: each figure followed by its mark and
 * the number of its note ("2,339 [≈ close 2]"), then the notes with the working. Numbers that are
 * not figures are left as they are; the notes list them with their reasons.
 */
export interface Placed {
  s: number;
  e: number;
  row: Row | null;
  reason?: string;
}

/** Each block's marks, in order, overlapping ones dropped (the first kept). */
export function marksByBlock(report: CheckReport): Map<number, Placed[]> {
  const by = new Map<number, Placed[]>();
  for (const m of report.marks) {
    const list = by.get(m.block) ?? [];
    list.push(m);
    by.set(m.block, list);
  }
  for (const [k, list] of by) {
    list.sort((a, b) => a.s - b.s || (a.row ? -1 : 1));
    const kept: Placed[] = [];
    for (const m of list) if (!kept.some((x) => m.s < x.e && m.e > x.s)) kept.push(m);
    by.set(k, kept);
  }
  return by;
}

const KEEP = '\u0001';

export function renderAnnotated(report: CheckReport, width = 80, style: Style = PLAIN): string {
  const w = Math.max(40, Math.min(width, 80));
  const doc = report.doc;
  if (!doc) return '';
  const by = marksByBlock(report);
  const out: string[] = [];
  doc.blocks.forEach((b, k) => {
    if (b.meta) return;
    let text = '';
    let at = 0;
    for (const m of by.get(k) ?? []) {
      if (!m.row) continue;
      const verdict = String(m.row.verdict);
      const paint = style[VERDICT_MARKS[verdict]?.colour ?? 'dim'].bind(style);
      // The mark is kept on one line: its spaces are held apart from the text's while it is wrapped.
      const mark = `${markOf(verdict).slice(0, -1)} ${m.row.claimNo}]`.replace(/ /g, KEEP);
      text += `${b.text.slice(at, m.e)} ${paint(mark)}`;
      at = m.e;
    }
    text += b.text.slice(at);
    const lines = wrap(text, w).map((l) => l.split(KEEP).join(' '));
    out.push(...(b.heading ? lines.map((l) => style.bold(l)) : lines), '');
  });
  out.push('-'.repeat(Math.min(w, 40)));
  const a = report.article;
  if (a)
    out.push(
      ...wrap(
        a.date
          ? `Published ${a.date} (${a.dateFrom === 'text' ? `from the dateline '${a.dateText}'` : 'from --as-of'}).`
          : 'No publication date: relative periods cannot be checked.',
        w,
      ),
    );
  out.push(...wrap(report.result.preamble?.[0] ?? '', w), '');
  for (const r of report.result.rows) {
    const verdict = String(r.verdict);
    out.push(...wrap(`${r.claimNo}. ${markOf(verdict)} ${r.claim}`, w));
    const facts = [r.area, r.category, r.period].filter(Boolean).join(', ');
    out.push(
      ...wrap(
        `${facts}${r.published ? `: published ${r.published}` : ''}${r.computed ? `, data ${r.computed}` : ''}`,
        w,
        '   ',
      ),
    );
    if (r.comparable === false) out.push(...wrap(`\u2020 not comparable: ${r.notComparableBecause}`, w, '   '));
    out.push(...wrap(String(r.working ?? ''), w, '   '), '');
  }
  if (report.skipped.length) {
    out.push('Not checked (not figures of recorded offences):');
    for (const s of report.skipped) out.push(...wrap(`${s.text} (paragraph ${s.paragraph}): ${s.reason}`, w, '  '));
  }
  return `${out.join('\n')}\n`;
}
