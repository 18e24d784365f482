import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/**
 * A deliberately tiny .xlsx reader for tests: each sheet's rows as cell text with their row
 * numbers, as a workbook reader gives them (shared strings with their rich-text runs joined, so a
 * superscript footnote run is fused to its label as Excel's CSV export fuses it). No styles, no
 * dates, no formulas beyond their cached values. Independent of src/read.
 */
export interface SheetRows {
  name: string;
  rows: { fields: string[]; line: number }[];
}

function unzip(bytes: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(dataAt, dataAt + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

function texts(xml: string): string {
  return [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1])).join('');
}

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)![0];
  return [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
}

function sheetRows(xml: string, shared: string[]): { fields: string[]; line: number }[] {
  const rows: { fields: string[]; line: number }[] = [];
  for (const row of xml.matchAll(/<row\s[^>]*?r="(\d+)"[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const fields: string[] = [];
    for (const c of (row[2] ?? '').matchAll(/<c\s([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ref = /\br="([A-Z]+\d+)"/.exec(c[1])![1];
      const type = /\bt="(\w+)"/.exec(c[1])?.[1];
      const body = c[2] ?? '';
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      const value = v === undefined ? '' : unescapeXml(v);
      const text = type === 's' ? shared[Number(v)] : type === 'inlineStr' ? texts(body) : value;
      const i = columnIndex(ref);
      while (fields.length < i) fields.push('');
      fields[i] = text;
    }
    if (fields.some((f) => f !== '')) rows.push({ fields, line: Number(row[1]) });
  }
  return rows;
}

/** Every sheet of the workbook at `path`, in the workbook's order. */
export function readXlsxSheets(path: string): SheetRows[] {
  const files = unzip(readFileSync(path));
  const read = (name: string) => files.get(name)?.toString('utf8') ?? '';
  const shared = [...read('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]));
  const rels = new Map(
    [...read('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\s[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)].map(
      (m) => [m[1], m[2]] as const,
    ),
  );
  return [...read('xl/workbook.xml').matchAll(/<sheet\s[^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"/g)].map((m) => ({
    name: unescapeXml(m[1]),
    rows: sheetRows(read(`xl/${rels.get(m[2])!.replace(/^\/?xl\//, '')}`), shared),
  }));
}
