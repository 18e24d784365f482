import type { DefaultTreeAdapterTypes } from 'parse5';
import type { ArticleDoc, Block } from './types.js';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/**
 * A saved web page → the article's headline and paragraphs, by parse5 (the WHATWG parsing
 * algorithm browsers use), never by patterns over markup. Kept: the first <h1> as the headline,
 * headings, paragraphs, list items and block quotes, inside <article> or <main> when the page has
 * one. Left out: scripts, styles, navigation, forms, asides, headers and footers of the page. The
 * dates a page declares (<time datetime>, article:published_time and the like) are kept for the
 * publication date. parse5 is loaded when a page is read: a run that reads none never compiles it.
 */

/** Elements whose text is not the article. */
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'form',
  'button',
  'aside',
  'footer',
  'header',
  'svg',
  'iframe',
  'select',
  'figure',
]);
/** Elements that are one paragraph each. */
const BLOCKS = new Set([
  'p',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'dd',
  'dt',
  'figcaption',
  'pre',
  'td',
  'th',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** <meta> names and properties that give a publication date, most trusted first. */
const DATE_META = [
  'article:published_time',
  'datepublished',
  'date',
  'dc.date',
  'dcterms.created',
  'og:published_time',
  'pubdate',
  'publish-date',
  'sailthru.date',
];
const TITLE_META = ['og:title', 'twitter:title', 'headline'];

const isElement = (n: Node): n is Element => 'tagName' in n;
const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value ?? null;

function textOf(n: Node): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterTypes.TextNode).value;
  if (!isElement(n) && !('childNodes' in n)) return '';
  if (isElement(n) && (SKIP.has(n.tagName) || n.tagName === 'br')) return n.tagName === 'br' ? ' ' : '';
  const kids = (n as Element).childNodes ?? [];
  return kids.map(textOf).join('');
}

function find(n: Node, test: (e: Element) => boolean): Element | null {
  if (isElement(n) && test(n)) return n;
  for (const c of (n as Element).childNodes ?? []) {
    const hit = find(c, test);
    if (hit) return hit;
  }
  return null;
}

function all(n: Node, test: (e: Element) => boolean, out: Element[] = []): Element[] {
  if (isElement(n) && test(n)) out.push(n);
  for (const c of (n as Element).childNodes ?? []) all(c, test, out);
  if (isElement(n) && n.tagName === 'template') return out;
  return out;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

export async function readHtmlArticle(html: string): Promise<ArticleDoc> {
  const { parse } = await import('parse5');
  const doc = parse(html);
  const metas = all(doc, (e) => e.tagName === 'meta');
  const metaValue = (names: string[]) => {
    for (const name of names) {
      const m = metas.find(
        (e) => (attr(e, 'property') ?? attr(e, 'name') ?? attr(e, 'itemprop') ?? '').toLowerCase() === name,
      );
      const v = m && attr(m, 'content');
      if (v?.trim()) return v.trim();
    }
    return null;
  };
  const declaredDates: string[] = [];
  const metaDate = metaValue(DATE_META);
  if (metaDate && /^\d{4}-\d{2}-\d{2}/.test(metaDate)) declaredDates.push(metaDate.slice(0, 10));
  for (const t of all(doc, (e) => e.tagName === 'time')) {
    const d = attr(t, 'datetime');
    if (d && /^\d{4}-\d{2}-\d{2}/.test(d) && !declaredDates.includes(d.slice(0, 10)))
      declaredDates.push(d.slice(0, 10));
  }

  const root =
    find(doc, (e) => e.tagName === 'article') ??
    find(doc, (e) => e.tagName === 'main') ??
    find(doc, (e) => e.tagName === 'body') ??
    doc;
  const h1 = find(root, (e) => e.tagName === 'h1') ?? find(doc, (e) => e.tagName === 'h1');
  const titleEl = find(doc, (e) => e.tagName === 'title');
  const title = (h1 && clean(textOf(h1))) || metaValue(TITLE_META) || (titleEl && clean(textOf(titleEl))) || null;

  const blocks: Block[] = [];
  if (title) blocks.push({ paragraph: 0, text: title, heading: true });
  let n = 0;
  const walk = (node: Node) => {
    if (!isElement(node)) {
      for (const c of (node as Element).childNodes ?? []) walk(c);
      return;
    }
    if (SKIP.has(node.tagName) && node !== root) return;
    if (BLOCKS.has(node.tagName)) {
      // A list item or quote holding paragraphs is read paragraph by paragraph.
      if (
        !['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(node.tagName) &&
        find({ ...node, tagName: '' } as Element, (e) => e !== node && BLOCKS.has(e.tagName))
      ) {
        for (const c of node.childNodes) walk(c);
        return;
      }
      const text = clean(textOf(node));
      if (!text || (node === h1 && text === title)) return;
      blocks.push({ paragraph: ++n, text, heading: HEADINGS.has(node.tagName) });
      return;
    }
    for (const c of node.childNodes) walk(c);
  };
  walk(root);
  return { title, blocks, declaredDates };
}

/** Whether text is a saved web page rather than plain text or Markdown. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  return (
    head.startsWith('<!doctype html') || head.startsWith('<html') || /<(?:p|div|article|body|head)[\s>]/.test(head)
  );
}
