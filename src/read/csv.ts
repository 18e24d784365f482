import { StalkError } from '../core/errors.js';
import { type ByteInput, type ByteReader, type CsvText, fileInput, type PartPlace } from './byteInput.js';
import { type Encoding, sniffBytes } from './source.js';

/** Called once per CSV record; return `false` to stop reading early. */
export type RecordHandler = (fields: string[], line: number) => boolean | undefined;

export interface ScanOptions {
  /** Field delimiter; sniffed from the first line when absent (comma, tab or semicolon). */
  delimiter?: string;
  /** Longest record accepted, in characters, before `E_LINE_TOO_LONG` (keeps memory bounded). */
  maxRecordChars?: number;
  /** Bytes read per chunk. */
  chunkBytes?: number;
}

export interface ScanStats {
  path: string;
  encoding: Encoding;
  bom: boolean;
  delimiter: string;
  /** Non-blank records handed to the handler. */
  records: number;
  /** Blank lines skipped (never handed to the handler). */
  blankLines: number;
  /** Physical lines seen (up to where reading stopped). */
  lines: number;
  bytes: number;
  /** True when the handler stopped the scan early. */
  stopped: boolean;
}

const DEFAULT_MAX_RECORD = 16 * 1024 * 1024;
/** More fields than this in one record is a broken file, not a table. */
const MAX_FIELDS = 100_000;

const QUOTE = 34;
const CR = 13;
const LF = 10;

enum S {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * An RFC 4180 record parser fed by string chunks. Quoted fields may hold delimiters, doubled
 * quotes and newlines; CRLF, LF and lone CR end records. Line numbers are physical lines, so an
 * error can point at the line an editor shows.
 */
export class CsvParser {
  private state: S = S.FieldStart;
  private fields: string[] = [];
  private cur = '';
  private recordChars = 0;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private pendingCR = false;
  /** A CR ended the last chunk inside a quoted field; the next chunk says if it was half a CRLF. */
  private quotedCR = false;
  /** The current record has a quoted field, so `""` alone is a record with one empty field, not a blank line. */
  private recordQuoted = false;
  private readonly delim: number;
  private readonly maxRecordChars: number;
  records = 0;
  blankLines = 0;
  stopped = false;

  constructor(
    private readonly onRecord: RecordHandler,
    delimiter: string,
    maxRecordChars: number,
    private readonly path: string,
  ) {
    this.delim = delimiter.charCodeAt(0);
    this.maxRecordChars = maxRecordChars;
  }

  get physicalLines(): number {
    return this.line;
  }

  /** Inside a quoted field that is not closed yet. */
  get inQuotes(): boolean {
    return this.state === S.Quoted;
  }

  /** The fields of the unfinished record, the open one included. */
  pending(): string[] {
    return [...this.fields, this.cur];
  }

  push(chunk: string): void {
    const n = chunk.length;
    const delim = this.delim;
    let i = 0;
    let segStart = 0;
    // An empty chunk must not settle whether a CR just before it was half of a CRLF.
    if (n === 0) return;
    if (this.quotedCR) {
      this.quotedCR = false;
      if (chunk.charCodeAt(0) !== LF) this.line++;
    }
    if (this.pendingCR) {
      this.pendingCR = false;
      if (n > 0 && chunk.charCodeAt(0) === LF) {
        i = 1;
        segStart = 1;
      }
    }
    for (; i < n; i++) {
      if (this.stopped) return;
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case S.FieldStart:
          if (c === QUOTE) {
            this.state = S.Quoted;
            this.recordQuoted = true;
            this.quoteLine = this.line;
            segStart = i + 1;
          } else if (c === delim) {
            if (this.fields.push('') > MAX_FIELDS) this.tooManyFields();
            segStart = i + 1;
          } else if (c === LF || c === CR) {
            this.fields.push('');
            this.endRecord();
            if (c === CR) {
              if (i + 1 < n) {
                if (chunk.charCodeAt(i + 1) === LF) i++;
              } else this.pendingCR = true;
            }
            segStart = i + 1;
          } else {
            this.state = S.Unquoted;
            segStart = i;
          }
          break;
        case S.Unquoted:
          if (c === delim) {
            if (this.fields.push(this.cur + chunk.slice(segStart, i)) > MAX_FIELDS) this.tooManyFields();
            this.cur = '';
            this.state = S.FieldStart;
            segStart = i + 1;
          } else if (c === LF || c === CR) {
            this.fields.push(this.cur + chunk.slice(segStart, i));
            this.cur = '';
            this.endRecord();
            if (c === CR) {
              if (i + 1 < n) {
                if (chunk.charCodeAt(i + 1) === LF) i++;
              } else this.pendingCR = true;
            }
            this.state = S.FieldStart;
            segStart = i + 1;
          }
          break;
        case S.Quoted:
          if (c === QUOTE) {
            this.cur += chunk.slice(segStart, i);
            this.state = S.QuoteInQuoted;
            segStart = i + 1;
          } else if (c === LF) {
            this.line++;
          } else if (c === CR) {
            if (i + 1 >= n) this.quotedCR = true;
            else if (chunk.charCodeAt(i + 1) !== LF) this.line++;
          }
          break;
        case S.QuoteInQuoted:
          if (c === QUOTE) {
            // A doubled quote stands for one quote character.
            this.state = S.Quoted;
            segStart = i;
          } else if (c === delim) {
            if (this.fields.push(this.cur) > MAX_FIELDS) this.tooManyFields();
            this.cur = '';
            this.state = S.FieldStart;
            segStart = i + 1;
          } else if (c === LF || c === CR) {
            this.fields.push(this.cur);
            this.cur = '';
            this.endRecord();
            if (c === CR) {
              if (i + 1 < n) {
                if (chunk.charCodeAt(i + 1) === LF) i++;
              } else this.pendingCR = true;
            }
            this.state = S.FieldStart;
            segStart = i + 1;
          } else {
            // Text after a closing quote ("ab"c): kept, as spreadsheets do.
            this.state = S.Unquoted;
            segStart = i;
          }
          break;
      }
    }
    if (this.stopped) return;
    if (this.state === S.Unquoted || this.state === S.Quoted) {
      this.cur += chunk.slice(segStart, n);
    }
    this.recordChars += n;
    if (this.recordChars > this.maxRecordChars) {
      throw new StalkError(
        'E_LINE_TOO_LONG',
        `a record longer than ${Math.round(this.maxRecordChars / 1048576)} million characters ` +
          `(${this.state === S.Quoted ? 'an unterminated quote?' : 'no line breaks?'})`,
        { file: this.path, line: this.recordLine },
      );
    }
  }

  /** A record of more fields than any table has: stop before the field list grows without bound. */
  private tooManyFields(): never {
    throw new StalkError(
      'E_LINE_TOO_LONG',
      `a record with more than ${MAX_FIELDS.toLocaleString('en-GB')} fields (no line breaks?)`,
      { file: this.path, line: this.recordLine },
    );
  }

  end(): void {
    if (this.stopped) return;
    if (this.state === S.Quoted) {
      throw new StalkError('E_CSV_UNTERMINATED_QUOTE', 'a quoted field is never closed', {
        file: this.path,
        line: this.quoteLine,
      });
    }
    if (this.state === S.Unquoted || this.state === S.QuoteInQuoted) {
      this.fields.push(this.cur);
      this.cur = '';
      this.endRecord();
    } else if (this.fields.length > 0) {
      this.fields.push('');
      this.endRecord();
    }
  }

  private endRecord(): void {
    const f = this.fields;
    this.fields = [];
    this.recordChars = 0;
    const line = this.recordLine;
    const quoted = this.recordQuoted;
    this.recordQuoted = false;
    this.line++;
    this.recordLine = this.line;
    if (f.length === 1 && f[0] === '' && !quoted) {
      this.blankLines++;
      return;
    }
    this.records++;
    if (this.onRecord(f, line) === false) this.stopped = true;
  }
}

export function sniffDelimiter(firstText: string): string {
  const firstLine = firstText.split(/\r\n|\n|\r/, 8).find((l) => l.trim() !== '') ?? '';
  const counts = [',', '\t', ';', '|'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const comma = counts[0][1];
  let best = counts[0];
  for (const c of counts) if (c[1] > best[1]) best = c;
  return best[1] > comma ? best[0] : ',';
}

/**
 * Streams CSV text to `onRecord` in constant memory (one chunk and one record at a time): a file
 * (a path), or any input that can be read from its start (a `.gz` file's contents, a zip member).
 * UTF-8 is assumed unless a BOM says otherwise. If bytes that are not valid UTF-8 turn up, the rest
 * of the text is read as Windows-1252 (what Excel writes for `£` and curly quotes) from that chunk
 * on: what came before was valid UTF-8, which in such a file means plain ASCII, read the same
 * either way. No record is ever handed over twice.
 */
export async function scanCsv(
  source: string | ByteInput,
  onRecord: RecordHandler,
  options: ScanOptions = {},
): Promise<ScanStats> {
  const input = typeof source === 'string' ? fileInput(source) : source;
  const reader = input.open();
  try {
    return await scanWith(input.name, reader, onRecord, options);
  } finally {
    reader.close();
  }
}

/**
 * The records of an input of one or more files, one file after another, with lines numbered on
 * from one file to the next (`places` says where each starts). The first file's records are all
 * handed over, its header and any title lines included, as `scanCsv` does; a later file's only
 * after its header, since it repeats the first file's.
 */
export async function scanCsvParts(
  text: CsvText,
  onRecord: RecordHandler,
  options: ScanOptions = {},
): Promise<{ stats: ScanStats; places: PartPlace[] }> {
  const places: PartPlace[] = [];
  let total: ScanStats | null = null;
  let lineOffset = 0;
  for (let k = 0; k < text.parts.length; k++) {
    const part = text.parts[k];
    const offset = lineOffset;
    let dataRows = 0;
    let stopped = false;
    const handler: RecordHandler = (fields, line) => {
      if (line <= part.headerLine) return k === 0 ? onRecord(fields, line) : undefined;
      dataRows++;
      if (onRecord(fields, line + offset) === false) stopped = true;
      return !stopped;
    };
    let stats: ScanStats;
    try {
      stats = await scanCsv(part.input, handler, options);
    } catch (e) {
      // A reader's error names the input and its line: here, the file and the line in it.
      if (!(e instanceof StalkError) || e.file !== text.name || e.line === undefined || text.parts.length < 2) throw e;
      throw new StalkError(e.code, e.message, { file: part.input.name, line: e.line - offset, hint: e.hint });
    }
    places.push({ name: part.input.name, lineOffset: offset, dataRows });
    lineOffset += stats.lines - 1;
    if (!total) total = { ...stats, path: text.name };
    else {
      total.records += stats.records;
      total.blankLines += stats.blankLines;
      total.bytes += stats.bytes;
      if (stats.encoding !== 'utf-8') total.encoding = stats.encoding;
    }
    total.lines = lineOffset + 1;
    total.stopped = stats.stopped;
    if (stats.stopped) break;
  }
  return { stats: total!, places };
}

/** How many bytes at the end of `buf` start a UTF-8 sequence that the buffer does not finish. */
export function incompleteUtf8Tail(buf: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** Fills `buf` from the reader as far as it can: short only at the end of the input. */
export async function readFull(reader: ByteReader, buf: Uint8Array, from = 0): Promise<number> {
  let got = from;
  while (got < buf.length) {
    const n = await reader.read(buf, got, buf.length - got);
    if (n === 0) break;
    got += n;
  }
  return got - from;
}

const SNIFF_BYTES = 64 * 1024;

async function scanWith(
  path: string,
  reader: ByteReader,
  onRecord: RecordHandler,
  options: ScanOptions,
): Promise<ScanStats> {
  const chunkBytes = Math.max(options.chunkBytes ?? 1 << 20, 4);
  // The first chunk is read whole, so the encoding is sniffed from as many bytes as a file gives.
  const first = Buffer.allocUnsafe(Math.max(chunkBytes, SNIFF_BYTES));
  const firstGot = await readFull(reader, first);
  if (firstGot === 0) throw new StalkError('E_EMPTY_FILE', 'the file is empty', { file: path });
  const sniffed = sniffBytes(first.subarray(0, Math.min(firstGot, SNIFF_BYTES)), path);
  const bom = sniffed.bom;
  let encoding = sniffed.encoding;
  let decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  // Bytes of an unfinished UTF-8 sequence the decoder holds from the previous chunk.
  let held: Uint8Array = new Uint8Array(0);
  const toWindows1252 = (buf: Uint8Array): string => {
    encoding = 'windows-1252';
    decoder = new TextDecoder('windows-1252');
    const bytes = held.length ? Buffer.concat([held, buf]) : buf;
    held = new Uint8Array(0);
    // Streaming, since Node 20 decodes Windows-1252 in a single call as Latin-1.
    return decoder.decode(bytes, { stream: true });
  };
  const decode = (buf: Uint8Array): string => {
    if (encoding !== 'utf-8') return decoder.decode(buf, { stream: true });
    try {
      const text = decoder.decode(buf, { stream: true });
      // A tail of at most 3 bytes lies within a chunk of 4 or more; a tinier chunk may extend it.
      const joined = buf.length >= 4 ? buf : Buffer.concat([held, buf]);
      const tail = incompleteUtf8Tail(joined);
      held = tail ? joined.slice(joined.length - tail) : new Uint8Array(0);
      return text;
    } catch {
      return toWindows1252(buf);
    }
  };
  let parser: CsvParser | null = null;
  let delimiter = options.delimiter ?? '';
  let bytes = 0;
  let reads = 0;
  let pending: Buffer | null = first.subarray(sniffed.bomLength, firstGot);
  for (;;) {
    let buf: Buffer;
    if (pending) {
      buf = pending;
      pending = null;
    } else {
      // The event loop gets a turn now and then (a progress bar's timer).
      if (++reads % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
      // A buffer per chunk: the decoder may hold on to the bytes of an unfinished character.
      const chunk = Buffer.allocUnsafe(chunkBytes);
      const got = await reader.read(chunk, 0, chunkBytes);
      if (got === 0) break;
      buf = chunk.subarray(0, got);
    }
    if (buf.length === 0) continue;
    bytes += buf.length;
    const text = decode(buf);
    if (!parser) {
      if (!delimiter) delimiter = sniffDelimiter(text);
      parser = new CsvParser(onRecord, delimiter, options.maxRecordChars ?? DEFAULT_MAX_RECORD, path);
    }
    parser.push(text);
    if (parser.stopped) break;
  }
  if (!parser) {
    delimiter ||= ',';
    parser = new CsvParser(onRecord, delimiter, options.maxRecordChars ?? DEFAULT_MAX_RECORD, path);
  }
  if (!parser.stopped) {
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      // The file ends inside a UTF-8 sequence: those last bytes are Windows-1252 text.
      tail = toWindows1252(new Uint8Array(0)) + decoder.decode();
    }
    if (tail) parser.push(tail);
    parser.end();
  }
  return {
    path,
    encoding,
    bom,
    delimiter,
    records: parser.records,
    blankLines: parser.blankLines,
    lines: parser.physicalLines,
    bytes,
    stopped: parser.stopped,
  };
}

/**
 * The fields of the first record in `text` (a record as the byte scanner hands it over, which may
 * be cut short): quotes removed and doubled quotes undone by the same tokenizer as every file.
 */
export function parseRecord(text: string, delimiter = ','): string[] {
  if (text === '') return [''];
  let fields: string[] = [];
  const p = new CsvParser(
    (f) => {
      fields = f;
      return false;
    },
    delimiter,
    DEFAULT_MAX_RECORD,
    '<text>',
  );
  p.push(text);
  // A record cut short inside quotes is closed where it was cut.
  if (!p.stopped && !p.inQuotes) p.end();
  else if (!p.stopped) fields = p.pending();
  return fields;
}

/** Parses CSV text held in memory (tests, small inputs). */
export function parseCsvText(text: string, delimiter = ','): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const p = new CsvParser((fields, line) => void out.push({ fields, line }), delimiter, DEFAULT_MAX_RECORD, '<text>');
  p.push(text);
  p.end();
  return out;
}
