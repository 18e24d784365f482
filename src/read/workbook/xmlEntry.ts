import type { ZipArchive, ZipEntry } from '../archive/zip.js';
import { XmlTokenizer, type XmlSink } from './xml.js';

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
