import type { ZipArchive, ZipEntry } from '../archive/zip.js';
import { type XmlSink, XmlTokenizer } from './xml.js';

/**
 * An XML part's text, chunk by chunk. Parts are UTF-8 unless a byte-order mark says UTF-16
 * (both allowed in Office Open XML and OpenDocument packages).
 */
export async function* xmlChunks(zip: ZipArchive, entry: ZipEntry): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  for await (const bytes of zip.stream(entry)) {
    if (!decoder) {
      const le = bytes[0] === 0xff && bytes[1] === 0xfe;
      const be = bytes[0] === 0xfe && bytes[1] === 0xff;
      decoder = new TextDecoder(le ? 'utf-16le' : be ? 'utf-16be' : 'utf-8');
    }
    const text = decoder.decode(bytes, { stream: true });
    if (text.length) yield text;
  }
  const tail = decoder?.decode() ?? '';
  if (tail.length) yield tail;
}

/** Reads a whole part into `sink` (the small parts: workbook, relationships, styles, strings). */
export async function parseXmlEntry(zip: ZipArchive, entry: ZipEntry, sink: XmlSink): Promise<void> {
  const tokenizer = new XmlTokenizer(sink, zip.path, entry.name);
  for await (const text of xmlChunks(zip, entry)) tokenizer.push(text);
  tokenizer.end();
}

/**
 * An XML part's bytes as UTF-8, chunk by chunk: as stored, or re-encoded from UTF-16 when a
 * byte-order mark says so (allowed in packages, though no common writer does it).
 */
export async function* utf8Chunks(zip: ZipArchive, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  let decoder: TextDecoder | null | undefined;
  for await (const bytes of zip.stream(entry)) {
    if (decoder === undefined) {
      const le = bytes[0] === 0xff && bytes[1] === 0xfe;
      const be = bytes[0] === 0xfe && bytes[1] === 0xff;
      decoder = le || be ? new TextDecoder(le ? 'utf-16le' : 'utf-16be') : null;
    }
    yield decoder ? Buffer.from(decoder.decode(bytes, { stream: true }), 'utf8') : bytes;
  }
  if (decoder) yield Buffer.from(decoder.decode(), 'utf8');
}
