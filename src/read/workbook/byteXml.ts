import { StalkError } from '../../core/errors.js';

/** A tag or text run longer than this means a broken or hostile file, not a spreadsheet. */
const MAX_TOKEN_BYTES = 4 * 1024 * 1024;

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const QUOT = 34;
const APOS = 39;
const COLON = 58;
const BANG = 33;
const QUESTION = 63;

const EMPTY = new Uint8Array(0);

/**
 * The tokenizer loop of the sheet readers, on UTF-8 bytes as they come from the inflater. A sheet
 * is most of a workbook's bytes, and reading them without decoding every name, attribute and
 * text into strings, as a general XML parser does, is what keeps a workbook within a small
 * multiple of the time of the same rows as CSV (docs/reading-workbooks.md). Element names come as
 * byte ranges (with where the local name starts, after any prefix), attributes as the range to
 * read them from, and text only while `collecting` is set, as one run (a run cut by the chunk's
 * end waits for the next chunk). Comments and processing instructions are skipped, CDATA is
 * handed on as text, and a DOCTYPE is refused (no spreadsheet writer emits one, and its entities
 * are the way to an "XML bomb"). The checks are structural: quotes closed, one root element,
 * every element closed at the end.
 */
export abstract class ByteXmlScanner {
  /** Text between tags is wanted (handed to `onText`); otherwise it is skipped unread. */
  protected collecting = false;
  private rest: Uint8Array = EMPTY;
  private depth = 0;
  private started = false;

  constructor(
    protected readonly path: string,
    /** What the messages call the part: "sheet 'Table P1'". */
    private readonly what: string,
  ) {}

  protected abstract onOpen(
    b: Uint8Array,
    name: number,
    local: number,
    end: number,
    attrEnd: number,
    selfClosing: boolean,
  ): void;
  protected abstract onClose(b: Uint8Array, name: number, local: number, end: number): void;
  protected abstract onText(b: Uint8Array, from: number, to: number): void;
  /** CDATA while collecting, as a string with '&' escaped (so it decodes as the text it is). */
  protected abstract onCdata(text: string): void;

  push(chunk: Uint8Array): void {
    const b = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const n = b.length;
    let i = 0;
    for (;;) {
      let lt = i;
      while (lt < n && b[lt] !== LT) lt++;
      if (lt >= n) {
        if (!this.collecting) i = n;
        break;
      }
      if (this.collecting && lt > i) this.onText(b, i, lt);
      i = lt;
      if (lt + 1 >= n) break;
      const c1 = b[lt + 1];
      if (c1 === SLASH) {
        let gt = lt + 2;
        while (gt < n && b[gt] !== GT) gt++;
        if (gt >= n) break;
        let local = lt + 2;
        let e = local;
        for (; e < gt; e++) {
          const d = b[e];
          if (d <= 32) break;
          if (d === COLON) local = e + 1;
        }
        if (this.depth === 0) this.fail('a closing tag with no element open');
        this.onClose(b, lt + 2, local, e);
        this.depth--;
        i = gt + 1;
        continue;
      }
      if (c1 === QUESTION || c1 === BANG) {
        const next = this.declaration(b, lt, n);
        if (next < 0) break;
        i = next;
        continue;
      }
      let j = lt + 1;
      let local = j;
      for (; j < n; j++) {
        const d = b[j];
        if (d === GT || d === SLASH || d <= 32) break;
        if (d === COLON) local = j + 1;
      }
      if (j >= n) break;
      const gt = tagEnd(b, j, n);
      if (gt === -2) this.fail('a "<" inside a tag');
      if (gt < 0) break;
      const selfClosing = b[gt - 1] === SLASH;
      if (this.depth === 0 && this.started) this.fail('a second root element');
      this.started = true;
      this.onOpen(b, lt + 1, local, j, selfClosing ? gt - 1 : gt, selfClosing);
      if (!selfClosing) this.depth++;
      i = gt + 1;
    }
    // Copied: the stream may reuse the chunk's memory.
    this.rest = i < n ? Uint8Array.prototype.slice.call(b, i) : EMPTY;
    if (this.rest.length > MAX_TOKEN_BYTES) this.fail('a tag or text of more than 4 MB');
  }

  /** The part is complete: every element closed, nothing left half-read. */
  end(): void {
    if (this.rest.some((c) => c > 32)) this.fail('it ends inside a tag (cut short?)');
    if (!this.started) this.fail('no XML elements');
    if (this.depth !== 0) this.fail('it ends before its elements are closed (cut short?)');
  }

  protected fail(what: string): never {
    throw new StalkError('E_WORKBOOK_CORRUPT', `${this.what} is not well-formed XML: ${what}`, { file: this.path });
  }

  /** Skips `<?...?>` and comments, hands on CDATA; returns where to go on, or -1 to wait for more. */
  private declaration(b: Uint8Array, lt: number, n: number): number {
    const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    if (b[lt + 1] === QUESTION) {
      const end = buf.indexOf('?>', lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (n - lt < 9) return -1;
    if (bytesEqual(b, lt, '<!--')) {
      const end = buf.indexOf('-->', lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (bytesEqual(b, lt, '<![CDATA[')) {
      const end = buf.indexOf(']]>', lt + 9);
      if (end < 0) return -1;
      if (this.collecting) this.onCdata(buf.toString('utf8', lt + 9, end).replace(/&/g, '&amp;'));
      return end + 3;
    }
    this.fail(bytesEqual(b, lt, '<!DOCTYPE') ? 'a DOCTYPE, which no workbook has' : 'a malformed <! declaration');
  }
}

/** `b[from, to)` as text. */
export function decodeUtf8(b: Uint8Array, from: number, to: number): string {
  return (b instanceof Buffer ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)).toString('utf8', from, to);
}

/** Whether the bytes at `at` spell `ascii`. */
export function bytesEqual(b: Uint8Array, at: number, ascii: string): boolean {
  for (let k = 0; k < ascii.length; k++) if (b[at + k] !== ascii.charCodeAt(k)) return false;
  return true;
}

/** The '>' that ends a tag whose attributes start at `j`, skipping quoted values; -1 if not yet read, -2 if broken. */
function tagEnd(b: Uint8Array, j: number, n: number): number {
  while (j < n) {
    const d = b[j];
    if (d === GT) return j;
    if (d === QUOT || d === APOS) {
      j++;
      while (j < n && b[j] !== d) j++;
      if (j >= n) return -1;
      j++;
    } else if (d === LT) return -2;
    else j++;
  }
  return -1;
}

/**
 * Calls `fn(nameStart, nameEnd, valueStart, valueEnd)` for each attribute in `b[a, e)` (values
 * still escaped). Returns early if `fn` returns true.
 */
export function eachAttribute(
  b: Uint8Array,
  a: number,
  e: number,
  fn: (nameStart: number, nameEnd: number, valueStart: number, valueEnd: number) => boolean | undefined,
): void {
  let i = a;
  while (i < e) {
    while (i < e && b[i] <= 32) i++;
    const nameStart = i;
    while (i < e && b[i] !== 61 /* = */ && b[i] > 32) i++;
    const nameEnd = i;
    while (i < e && b[i] !== QUOT && b[i] !== APOS) i++;
    if (i >= e) return;
    const quote = b[i];
    const v = i + 1;
    let close = v;
    while (close < e && b[close] !== quote) close++;
    if (fn(nameStart, nameEnd, v, close) === true) return;
    i = close + 1;
  }
}
