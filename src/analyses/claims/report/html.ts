import type { Row } from '../../result.js';
import { marksByBlock } from './annotate.js';
import { type CheckReport, markOf, VERDICT_MARKS } from './types.js';

/**
 * The annotated article as one standalone web page: the text with each figure highlighted by its
 * verdict and numbered, numbers that are not figures underlined with their reason on hover, and
 * the notes with the working below. No scripts, no outside resources; the same bytes every run.
 */
const esc = (s: unknown) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** The list of numbers that are not figures, at the end. */
const SKIPPED_LIST_CSS =
  'table.skipped-list { border-collapse: collapse; font-size: 13px; } ' +
  '.skipped-list td { padding: .1em .8em .1em 0; vertical-align: top; }';

const CSS = `
body { font: 17px/1.6 Georgia, 'Times New Roman', serif; color: #1a1a1a; background: #fafaf7; margin: 0; }
main { max-width: 46em; margin: 0 auto; padding: 2em 1.5em 4em; }
h1 { font-size: 1.7em; line-height: 1.25; margin: 0 0 .3em; }
.meta { font: 14px/1.5 system-ui, sans-serif; color: #555; margin-bottom: 1.5em; }
.legend { font: 13px/1.5 system-ui, sans-serif; display: flex; flex-wrap: wrap; gap: .4em 1em; margin: 0 0 1.5em; }
.fig { border-radius: 3px; padding: 0 .15em; }
.fig sup { font: 600 11px system-ui, sans-serif; margin-left: .2em; white-space: nowrap; }
.fig a { color: inherit; text-decoration: none; }
.v-supported { background: #d9f2dd; } .v-supported sup { color: #17692b; }
.v-close { background: #fff1c2; } .v-close sup { color: #7a5b00; }
.v-not-supported { background: #fbd5d5; } .v-not-supported sup { color: #a11a1a; }
.v-cannot-check, .v-unparsed { background: #e6e6ef; } .v-cannot-check sup, .v-unparsed sup { color: #44446a; }
.skipped { border-bottom: 1px dotted #999; cursor: help; }
.notes { font: 14px/1.55 system-ui, sans-serif; border-top: 1px solid #ccc; margin-top: 2.5em; padding-top: 1em; }
.notes ol { padding-left: 1.6em; } .notes li { margin-bottom: .9em; }
.notes .facts { color: #444; } .notes .working { color: #333; margin: .2em 0 0; padding-left: 1.1em; }
.notes .working li { margin: 0; }
.notcomparable { color: #7a5b00; }
${SKIPPED_LIST_CSS}
`;

function figureHtml(text: string, row: Row): string {
  const verdict = String(row.verdict);
  const no = esc(row.claimNo);
  const mark = `<sup>${esc(markOf(verdict))} ${no}</sup>`;
  return `<span class="fig v-${esc(verdict)}" id="fig-${no}"><a href="#note-${no}">${esc(text)}${mark}</a></span>`;
}

export function renderAnnotatedHtml(report: CheckReport): string {
  const doc = report.doc;
  if (!doc) return '';
  const by = marksByBlock(report);
  const body: string[] = [];
  doc.blocks.forEach((b, k) => {
    if (b.meta) return;
    let html = '';
    let at = 0;
    for (const m of by.get(k) ?? []) {
      html += esc(b.text.slice(at, m.s));
      const text = b.text.slice(m.s, m.e);
      html += m.row
        ? figureHtml(text, m.row)
        : `<span class="skipped" title="not checked: ${esc(m.reason)}">${esc(text)}</span>`;
      at = m.e;
    }
    html += esc(b.text.slice(at));
    if (b.heading && b.paragraph === 0) body.push(`<h1>${html}</h1>`);
    else if (b.heading) body.push(`<h2>${html}</h2>`);
    else body.push(`<p>${html}</p>`);
  });
  const a = report.article;
  const r = report.result;
  const meta = [
    a?.date
      ? `Published ${esc(a.date)} ` +
        `(${a.dateFrom === 'text' ? `from the dateline &lsquo;${esc(a.dateText)}&rsquo;` : 'from --as-of'})`
      : 'No publication date: relative periods cannot be checked',
    `Checked against ${r.inputs.map((i) => esc(i.path.split(/[\\/]/).pop())).join(', ')}`,
    esc(r.preamble?.[0] ?? ''),
  ];
  const legend = Object.entries(VERDICT_MARKS)
    .filter(([v]) => v !== 'unparsed')
    .map(([v]) => `<span class="fig v-${v}">${esc(markOf(v))}</span>`)
    .join('');
  const notes = r.rows.map((row) => {
    const facts = [row.area, row.category, row.period].filter(Boolean).map(esc).join(', ');
    const steps = String(row.working ?? '')
      .split('; ')
      .filter(Boolean)
      .map((s) => `<li>${esc(s)}</li>`)
      .join('');
    const nc =
      row.comparable === false
        ? `<div class="notcomparable">&dagger; not comparable: ${esc(row.notComparableBecause)}</div>`
        : '';
    const published = row.published ? ` &middot; published ${esc(row.published)}` : '';
    const computed = row.computed ? ` &middot; data ${esc(row.computed)}` : '';
    const head = `<strong>${esc(markOf(String(row.verdict)))}</strong> &ldquo;${esc(row.claim)}&rdquo;`;
    return (
      `<li id="note-${esc(row.claimNo)}">${head}<div class="facts">${facts}${published}${computed}</div>` +
      `${nc}<ul class="working">${steps}</ul></li>`
    );
  });
  const skipped = report.skipped
    .map((s) => `<tr><td>${esc(s.text)}</td><td>paragraph ${s.paragraph}</td><td>${esc(s.reason)}</td></tr>`)
    .join('');
  const title = a?.title ?? 'Article checked';
  const headline = body[0]?.startsWith('<h1>') ? body.shift()! : `<h1>${esc(title)}</h1>`;
  const notAFigure =
    '<span class="skipped" title="a number that is not a figure of recorded offences">not a figure</span>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — figures checked</title>
<style>${CSS}</style>
</head>
<body>
<main>
${headline}
<div class="meta">${meta.join('<br>')}</div>
<div class="legend">${legend}${notAFigure}</div>
${body.join('\n')}
<section class="notes">
<h2>Working</h2>
<ol>
${notes.join('\n')}
</ol>
${skipped ? `<h3>Other numbers, not checked</h3>\n<table class="skipped-list">${skipped}</table>` : ''}
${r.notes.map((n) => `<p>${esc(n)}</p>`).join('\n')}
</section>
</main>
</body>
</html>
`;
}
