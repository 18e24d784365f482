import { StalkError } from '../../core/errors.js';

/**
 * What the tokenizer hands on. Attributes and text come as index ranges into the string being
 * read, so a reader that skips an element allocates nothing for it; `attribute` and `xmlText`
 * turn a range into a value when one is needed.
 */
export interface XmlSink {
  open(name: string, s: string, attrStart: number, attrEnd: number, selfClosing: boolean): void;
  close(name: string): void;
  /** Character data between tags, entities not yet decoded (CDATA arrives escaped). */
  text(s: string, start: number, end: number): void;
}

/** A token longer than this (a text node, a tag) means a broken or hostile file, not a workbook. */
const MAX_TOKEN_CHARS = 32 * 1024 * 1024;

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const QUOT = 34;
const APOS = 39;
const BANG = 33;
const QUESTION = 63;

/**
 * A streaming tokenizer for the XML that spreadsheet files hold: elements, attributes, text,
 * comments, processing instructions and CDATA. Namespaces are not resolved (names keep their
 * prefix), entities are the five predefined ones and character references, and a DOCTYPE is
 * refused, since no workbook writer emits one and its entities are the way to an "XML bomb".
 * Chunks may split anything; an unfinished token (text included) waits for the next chunk, so a
 * text node usually arrives whole, though a comment or CDATA section inside it splits it.
 */
export class XmlTokenizer {
  private rest = '';
  private depth = 0;
  private started = false;

  constructor(
    private readonly sink: XmlSink,
    private readonly path: string,
    private readonly part: string,
  ) {}

  push(chunk: string): void {
    // Joined strings are ropes in V8, on which every indexOf costs about three times as much: a
    // slice of one is flat.
    const s = this.rest.length ? ` ${this.rest}${chunk}`.slice(1) : chunk;
    const n = s.length;
    const sink = this.sink;
    let i = 0;
    for (;;) {
      const lt = s.indexOf('<', i);
      if (lt < 0) break;
      if (lt > i) {
        if (this.depth > 0) sink.text(s, i, lt);
        else if (!isBlank(s, i, lt)) this.fail('text outside the root element');
      }
      i = lt;
      if (lt + 1 >= n) break;
      const c = s.charCodeAt(lt + 1);
      if (c === SLASH) {
        const gt = s.indexOf('>', lt + 2);
        if (gt < 0) break;
        let e = gt;
        while (e > lt + 2 && isSpace(s.charCodeAt(e - 1))) e--;
        if (this.depth === 0) this.fail('a closing tag with no element open');
        sink.close(s.slice(lt + 2, e));
        this.depth--;
        i = gt + 1;
      } else if (c === QUESTION) {
        const end = s.indexOf('?>', lt + 2);
        if (end < 0) break;
        i = end + 2;
      } else if (c === BANG) {
        if (s.startsWith('<!--', lt)) {
          const end = s.indexOf('-->', lt + 4);
          if (end < 0) break;
          i = end + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end < 0) break;
          const raw = s
            .slice(lt + 9, end)
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;');
          if (raw.length) sink.text(raw, 0, raw.length);
          i = end + 3;
        } else if (n - lt < 9) {
          break;
        } else {
          this.fail(s.startsWith('<!DOCTYPE', lt) ? 'a DOCTYPE, which no workbook has' : 'a malformed <! declaration');
        }
      } else {
        // The name runs to whitespace, '/' or '>'; the tag ends at a '>' outside quotes.
        let j = lt + 1;
        for (; j < n; j++) {
          const d = s.charCodeAt(j);
          if (d === GT || d === SLASH || isSpace(d)) break;
        }
        if (j === lt + 1 && j < n) this.fail('a "<" that starts no tag');
        const nameEnd = j;
        let gt = -1;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d === GT) {
            gt = j;
            break;
          }
          if (d === QUOT || d === APOS) {
            const q = s.indexOf(d === QUOT ? '"' : "'", j + 1);
            if (q < 0) break;
            j = q + 1;
          } else if (d === LT) {
            this.fail('a "<" inside a tag');
          } else j++;
        }
        if (gt < 0) break;
        const selfClosing = s.charCodeAt(gt - 1) === SLASH;
        const attrEnd = selfClosing ? gt - 1 : gt;
        if (this.depth === 0 && this.started) this.fail('a second root element');
        this.started = true;
        sink.open(s.slice(lt + 1, nameEnd), s, nameEnd, attrEnd, selfClosing);
        if (!selfClosing) this.depth++;
        i = gt + 1;
      }
    }
    this.rest = i < n ? s.slice(i) : '';
    if (this.rest.length > MAX_TOKEN_CHARS)
      this.fail(`a tag or text of more than ${MAX_TOKEN_CHARS / 1048576} million characters`);
  }

  /** The document is complete: every element closed, nothing left half-read. */
  end(): void {
    if (this.rest.length && !isBlank(this.rest, 0, this.rest.length)) this.fail('it ends inside a tag (cut short?)');
    if (!this.started) this.fail('no XML elements');
    if (this.depth !== 0) this.fail('it ends before its elements are closed (cut short?)');
  }

  private fail(what: string): never {
    throw new StalkError('E_WORKBOOK_CORRUPT', `the workbook's ${this.part} is not well-formed XML: ${what}`, {
      file: this.path,
    });
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isBlank(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

/**
 * The value of attribute `name` (prefix included, as written) in `s[from, to)`, entities decoded;
 * undefined when absent.
 */
export function attribute(s: string, from: number, to: number, name: string): string | undefined {
  const out: (string | undefined)[] = [undefined];
  attributes(s, from, to, [name], out);
  return out[0];
}

/**
 * The values of the attributes named in `names` (prefixes included, as written), in one pass
 * over `s[from, to)`: `out[i]` is the value of `names[i]`, entities decoded, or undefined.
 */
export function attributes(
  s: string,
  from: number,
  to: number,
  names: readonly string[],
  out: (string | undefined)[],
): void {
  out.fill(undefined);
  let i = from;
  while (i < to) {
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    const eq = s.indexOf('=', i);
    if (eq < 0 || eq >= to) return;
    let k = eq;
    while (k > i && isSpace(s.charCodeAt(k - 1))) k--;
    let v = eq + 1;
    while (v < to && isSpace(s.charCodeAt(v))) v++;
    const quote = s.charCodeAt(v);
    if (quote !== QUOT && quote !== APOS) return;
    const close = s.indexOf(quote === QUOT ? '"' : "'", v + 1);
    if (close < 0 || close >= to) return;
    for (let n = 0; n < names.length; n++) {
      if (k - i === names[n].length && s.startsWith(names[n], i)) {
        out[n] = xmlText(s, v + 1, close);
        break;
      }
    }
    i = close + 1;
  }
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** `s[from, to)` with entities and character references decoded. */
export function xmlText(s: string, from: number, to: number): string {
  // Sliced first: an indexOf on the whole chunk would run past `to` when there is no '&'.
  const part = s.slice(from, to);
  let amp = part.indexOf('&');
  if (amp < 0) return part;
  let out = '';
  let i = 0;
  while (amp >= 0) {
    out += part.slice(i, amp);
    const semi = part.indexOf(';', amp);
    let ch: string | undefined;
    if (semi > amp && semi - amp <= 12) {
      const ref = part.slice(amp + 1, semi);
      if (ref.charCodeAt(0) === 35) {
        const hex = ref[1] === 'x' || ref[1] === 'X';
        const digits = ref.slice(hex ? 2 : 1);
        const code = (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits) ? parseInt(digits, hex ? 16 : 10) : NaN;
        ch = Number.isInteger(code) && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
      } else ch = NAMED[ref];
    }
    if (ch === undefined) {
      // A bare '&' is not well-formed, but browsers and spreadsheets keep it as it is.
      out += '&';
      i = amp + 1;
    } else {
      out += ch;
      i = semi + 1;
    }
    amp = part.indexOf('&', i);
  }
  return out + part.slice(i);
}

/** The name without its namespace prefix (`x:row` is `row`): the readers match local names. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
