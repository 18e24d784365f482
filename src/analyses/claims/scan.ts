import { findOffences } from './categories.js';
import { FALL, RISE } from './changeWords.js';
import { looksLikeCount, scanFigure } from './figures.js';
import { matchPeriod } from './periods.js';
import type { Tok } from './tokens.js';

/**
 * A claim's text (normalised) → tokens, scanned once, left to right. The categories are found
 * first; at each other word a period is tried, then a figure, a filler ("in total"), a direction
 * and a preposition; anything else is a word.
 */

const DIR_RE = new RegExp(`(${RISE})\\b|(${FALL})\\b|(up)\\b(?!\\s+to\\b)|(down)\\b`, 'y');
/** Phrases before their words: "prior to" before "to", "in comparison with" before "in". */
const PREPOSITIONS = [
  String.raw`compared\s+(?:with|to)`,
  String.raw`as\s+against`,
  String.raw`in\s+comparison\s+(?:with|to)`,
  'against',
  'versus',
  String.raw`vs\.?`,
  String.raw`prior\s+to`,
  'from',
  'to',
  'between',
  'and',
  'since',
  'than',
  'on',
  'in',
  'of',
  'during',
  'over',
  'for',
  'across',
  'throughout',
  'by',
  'at',
  'within',
  'after',
  'before',
].join('|');
const PREP_RE = new RegExp(`(${PREPOSITIONS})\\b`, 'y');
const FILLER_RE = /on\s+average\b|in\s+total\b|a\s+total\s+of\b/y;

function atWordStart(s: string, i: number): boolean {
  return i === 0 || !/[a-z0-9]/.test(s[i - 1]);
}

/** Punctuation that parts one figure from the next: ";", a full stop, a dash between spaces. */
function isSeparator(s: string, i: number): boolean {
  const c = s[i];
  return (
    /[;:!?()[\]]/.test(c) ||
    (c === '.' && !/\d/.test(s[i + 1] ?? '')) ||
    (c === '-' && /\s/.test(s[i - 1] ?? ' ') && /\s/.test(s[i + 1] ?? ' '))
  );
}

export function scan(s: string, asOf: string | undefined, per?: number): Tok[] {
  const cats = findOffences(s);
  const catAt = new Map(cats.map((c) => [c.s, c]));
  const toks: Tok[] = cats.map((c) => ({ t: 'cat', id: c.id, s: c.s, e: c.e }));
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s|,|"|'/.test(c)) {
      i++;
      continue;
    }
    if (isSeparator(s, i)) {
      toks.push({ t: 'sep', s: i, e: i + 1 });
      i++;
      continue;
    }
    const cat = catAt.get(i);
    if (cat) {
      i = cat.e;
      continue;
    }
    const signed = (c === '+' || c === '-') && /\d/.test(s[i + 1] ?? '');
    if (!signed && !(/[a-z0-9]/.test(c) && atWordStart(s, i))) {
      i++;
      continue;
    }
    const period = signed ? null : matchPeriod(s, i, asOf);
    if (period && !looksLikeCount(s, i, period.end)) {
      if (period.span) {
        const { a, b, joiner, whole } = period.span;
        toks.push({ t: 'span', a, b, joiner, whole, s: i, e: period.end });
      } else if (period.ref) toks.push({ t: 'period', ref: period.ref, s: i, e: period.end });
      i = period.end;
      continue;
    }
    const fig = scanFigure(s, i, per);
    if (fig) {
      toks.push(fig);
      i = fig.e;
      continue;
    }
    let m: RegExpExecArray | null;
    FILLER_RE.lastIndex = i;
    if ((m = FILLER_RE.exec(s))) {
      toks.push({ t: 'word', word: m[0], s: i, e: FILLER_RE.lastIndex });
      i = FILLER_RE.lastIndex;
      continue;
    }
    DIR_RE.lastIndex = i;
    if ((m = DIR_RE.exec(s))) {
      toks.push({ t: 'dir', direction: m[1] || m[3] ? 'rise' : 'fall', s: i, e: DIR_RE.lastIndex });
      i = DIR_RE.lastIndex;
      continue;
    }
    PREP_RE.lastIndex = i;
    if ((m = PREP_RE.exec(s))) {
      toks.push({ t: 'prep', word: m[1].replace(/\s+/g, ' ').replace(/\.$/, ''), s: i, e: PREP_RE.lastIndex });
      i = PREP_RE.lastIndex;
      continue;
    }
    // \u00a3: £, written as an escape so that the bundle stays ASCII (bin/bundle-loader.js).
    const w = /[a-z0-9'&/+%$\u00a3.-]+/y;
    w.lastIndex = i;
    const wm = w.exec(s);
    const end = wm ? w.lastIndex : i + 1;
    toks.push({ t: 'word', word: s.slice(i, end), s: i, e: end });
    i = end;
  }
  return toks.sort((a, b) => a.s - b.s);
}
