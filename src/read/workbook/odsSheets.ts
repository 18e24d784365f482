import type { ZipArchive, ZipEntry } from '../archive/zip.js';
import type { SheetInfo } from './types.js';
import { attribute, type XmlSink, XmlTokenizer } from './xml.js';
import { utf8Chunks } from './xmlEntry.js';

const BODY = Buffer.from('<office:body');
const TABLE = Buffer.from('<table:table');
/** The tag's name then whitespace: searching for '<table:table' alone would stop at every row and cell. */
const TABLE_TAGS = [' ', '\n', '\r', '\t'].map((space) => Buffer.from(`<table:table${space}`));
const EMPTY = Buffer.alloc(0);

/**
 * Collects which automatic table styles hide their table (`<style:table-properties
 * table:display="false"/>`): the styles come before the body.
 */
class HiddenStylesSink implements XmlSink {
  readonly hidden = new Set<string>();
  private style: string | null = null;

  open(name: string, s: string, a: number, b: number): void {
    if (name === 'style:style') {
      this.style = attribute(s, a, b, 'style:family') === 'table' ? (attribute(s, a, b, 'style:name') ?? null) : null;
    } else if (name === 'style:table-properties' && this.style && attribute(s, a, b, 'table:display') === 'false') {
      this.hidden.add(this.style);
    }
  }

  close(name: string): void {
    if (name === 'style:style') this.style = null;
  }

  text(): void {}
}

/**
 * The sheets of an ODS file, in order, and which are hidden. Every sheet's cells are in
 * content.xml, so listing them reads it all: the styles before the body are tokenized, and the body
 * is searched for `<table:table` tags as bytes, which costs little beyond unpacking it (a table
 * inside a cell, which spreadsheets do not make, would be listed as a sheet).
 */
export async function odsSheets(zip: ZipArchive, entry: ZipEntry): Promise<SheetInfo[]> {
  const styles = new HiddenStylesSink();
  const head = new XmlTokenizer(styles, zip.path, entry.name);
  const decoder = new TextDecoder();
  const tables: { name: string; style: string }[] = [];
  let inBody = false;
  let carry: Buffer = EMPTY;
  for await (const chunk of utf8Chunks(zip, entry)) {
    const buf = carry.length
      ? Buffer.concat([carry, chunk])
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let from = 0;
    if (!inBody) {
      const body = buf.indexOf(BODY);
      if (body < 0) {
        // Keep back what could be the start of '<office:body' cut by the chunk's end.
        const keep = Math.max(0, buf.length - (BODY.length - 1));
        head.push(decoder.decode(buf.subarray(0, keep), { stream: true }));
        carry = Buffer.from(buf.subarray(keep));
        continue;
      }
      head.push(decoder.decode(buf.subarray(0, body)));
      inBody = true;
      from = body;
    }
    const starts: number[] = [];
    for (const pattern of TABLE_TAGS) {
      for (let at = buf.indexOf(pattern, from); at >= 0; at = buf.indexOf(pattern, at + pattern.length))
        starts.push(at);
    }
    starts.sort((x, y) => x - y);
    let pending = -1;
    for (const at of starts) {
      const end = tagEnd(buf, at + TABLE.length);
      if (end < 0) {
        pending = at;
        break;
      }
      const tag = buf.toString('utf8', at, end);
      tables.push({
        name: attribute(tag, TABLE.length, tag.length, 'table:name') ?? '',
        style: attribute(tag, TABLE.length, tag.length, 'table:style-name') ?? '',
      });
    }
    const keepFrom = pending >= 0 ? pending : Math.max(from, buf.length - TABLE.length);
    carry = Buffer.from(buf.subarray(keepFrom));
  }
  return tables.map((t) => ({ name: t.name, hidden: styles.hidden.has(t.style) }));
}

/** Where the tag whose attributes start at `i` ends ('>' outside quotes), or -1 if past the buffer. */
function tagEnd(buf: Buffer, i: number): number {
  let quote = 0;
  for (; i < buf.length; i++) {
    const c = buf[i];
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i;
  }
  return -1;
}
