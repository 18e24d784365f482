import type { ArticleDoc, Sentence } from './types.js';

/**
 * Paragraphs → sentences. A sentence ends at '.', '!' or '?' (and any closing quotes or brackets)
 * followed by a space and what can start a sentence; not after a title or abbreviation ("Det Sgt.",
 * "Mr.", "e.g."), a lone initial ("J. Smith") or inside a number ("6.4", "dorset.police.uk").
 */

/** Words after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'sgt',
  'det',
  'insp',
  'supt',
  'ch',
  'cllr',
  'rev',
  'gen',
  'col',
  'capt',
  'lt',
  'cmdr',
  'pc',
  'no',
  'nos',
  'vs',
  'v',
  'approx',
  'etc',
  'e.g',
  'i.e',
  'inc',
  'ltd',
  'co',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'fig',
  'para',
  'sec',
  's',
  'ss',
]);
/** The end of a sentence: stop marks, then closing quotes or brackets. */
const END = /[.!?]+["'\u2019\u201d)\]]*/g;
/** What may start the next sentence: a capital, a digit, an opening quote or bracket. */
const STARTS = /^\s+["'\u2018\u201c([]*[A-Z0-9\u00c0-\u00de]/;

export function splitSentences(doc: ArticleDoc): Sentence[] {
  const out: Sentence[] = [];
  doc.blocks.forEach((b, block) => {
    if (b.meta) return;
    for (const [start, end] of sentenceBounds(b.text, b.heading)) {
      const text = b.text.slice(start, end);
      if (text.trim()) out.push({ paragraph: b.paragraph, block, index: out.length, start, text, heading: b.heading });
    }
  });
  return out;
}

/** [start, end) of each sentence of one paragraph, surrounding spaces left out. */
export function sentenceBounds(text: string, heading = false): [number, number][] {
  if (heading) return [trimmed(text, 0, text.length)];
  const out: [number, number][] = [];
  let start = 0;
  END.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = END.exec(text))) {
    const end = m.index + m[0].length;
    const rest = text.slice(end);
    if (!STARTS.test(rest) && rest.trim() !== '') continue;
    if (m[0].startsWith('.') && m[0].length === 1 && !endsSentence(text, m.index)) continue;
    out.push(trimmed(text, start, end));
    start = end;
  }
  if (text.slice(start).trim()) out.push(trimmed(text, start, text.length));
  return out.filter(([s, e]) => e > s);
}

function endsSentence(text: string, dot: number): boolean {
  const before = /([A-Za-z.]+)$/.exec(text.slice(Math.max(0, dot - 12), dot));
  if (!before) return true;
  const word = before[1].toLowerCase().replace(/^\.+/, '');
  if (ABBREVIATIONS.has(word)) return false;
  // A lone capital initial: "J. Smith".
  if (/^[A-Z]$/.test(before[1])) return false;
  return true;
}

function trimmed(text: string, s: number, e: number): [number, number] {
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return [s, e];
}
