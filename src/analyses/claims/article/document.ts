import type { ArticleDoc, Block } from './types.js';

/**
 * Plain text or Markdown → the article's paragraphs. Blank lines end a paragraph; a Markdown
 * heading, a bullet or a numbered item starts one. Front matter (a leading `---` block or fenced
 * `yaml` block) is page metadata: its `title:` is the title, and its numbers are listed as skipped.
 * A first paragraph of one short line without a full stop is the headline.
 */

/** "# Title", "## Heading". */
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
/** "- item", "* item", "• item", "1. item", "1) item". */
const BULLET = /^\s*(?:[-*+\u2022\u25aa\u25cf]|\d{1,2}[.)])\s+/;
/** "* * *", "---", "___": a rule between sections. */
const RULE = /^\s*(?:[-*_]\s*){3,}$/;
const FRONT_MATTER = /^(?:---\n([\s\S]*?)\n---\n|```ya?ml\n([\s\S]*?)\n```\n)/;
/** Markdown inline marks, dropped: emphasis, code ticks, images and links (their text kept). */
const IMAGE = /!\[([^\]]*)\]\([^)]*\)/g;
const LINK = /\[([^\]]+)\]\([^)]*\)/g;
const EMPHASIS = /(\*\*|__|`)/g;

export function readTextArticle(text: string): ArticleDoc {
  let body = text;
  const blocks: Block[] = [];
  let title: string | null = null;
  const fm = FRONT_MATTER.exec(body);
  if (fm) {
    const yaml = fm[1] ?? fm[2] ?? '';
    const t = /^title:\s*(.+?)\s*\|?\s*$/m.exec(yaml);
    if (t) title = t[1].replace(/^["']|["']$/g, '');
    blocks.push({ paragraph: 0, text: yaml.replace(/\n/g, ' '), heading: false, meta: true });
    body = body.slice(fm[0].length);
  }
  const paragraphs: { text: string; heading: boolean }[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) paragraphs.push({ text: inline(current.join(' ')), heading: false });
    current = [];
  };
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    if (!line || RULE.test(line)) {
      flush();
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      flush();
      paragraphs.push({ text: inline(h[2]), heading: true });
      continue;
    }
    if (BULLET.test(raw)) {
      flush();
      current.push(line.replace(BULLET, ''));
      continue;
    }
    current.push(line);
  }
  flush();
  const first = paragraphs[0];
  if (first && paragraphs.length > 1 && (first.heading || looksLikeHeadline(first.text))) {
    title ??= first.text;
    first.heading = true;
  }
  let n = 0;
  for (const p of paragraphs) {
    if (p.heading && n === 0 && blocks.every((b) => b.meta)) blocks.push({ paragraph: 0, text: p.text, heading: true });
    else blocks.push({ paragraph: ++n, text: p.text, heading: p.heading });
  }
  return { title, blocks, declaredDates: [] };
}

function inline(s: string): string {
  return s.replace(IMAGE, '$1').replace(LINK, '$1').replace(EMPHASIS, '').replace(/\s+/g, ' ').trim();
}

/** One short line, no full stop at its end: a headline, not a sentence. */
export function looksLikeHeadline(s: string): boolean {
  const words = s.split(/\s+/).length;
  return words <= 16 && !/[.!?:;,"\u201d]$/.test(s.trim());
}
