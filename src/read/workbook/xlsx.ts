import { posix } from 'node:path';
import { StalkError } from '../../core/errors.js';
import type { ZipArchive, ZipEntry } from '../archive/zip.js';
import { findSheet, rowsOf, scanRows } from './rowStream.js';
import type { RowHandler, RowRun, ScanSheetStats, SheetInfo, SheetRow, Workbook } from './types.js';
import { XlsxSheetScanner } from './xlsxSheet.js';
import { XlsxStringsSink } from './xlsxStrings.js';
import { XlsxStylesSink } from './xlsxStyles.js';
import { attribute, localName, type XmlSink } from './xml.js';
import { parseXmlEntry, utf8Chunks } from './xmlEntry.js';

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;
const REL_STYLES = /\/styles$/;

interface Relationship {
  id: string;
  type: string;
  target: string;
}

/** Collects `<Relationship>` elements of a .rels part. */
class RelsSink implements XmlSink {
  readonly rels: Relationship[] = [];
  open(name: string, s: string, a: number, b: number): void {
    if (localName(name) !== 'Relationship') return;
    const id = attribute(s, a, b, 'Id') ?? '';
    const type = attribute(s, a, b, 'Type') ?? '';
    const target = attribute(s, a, b, 'Target') ?? '';
    if (attribute(s, a, b, 'TargetMode') !== 'External') this.rels.push({ id, type, target });
  }
  close(): void {}
  text(): void {}
}

/** Collects the `<sheet>` list and the date system of workbook.xml. */
class WorkbookSink implements XmlSink {
  readonly sheets: { name: string; hidden: boolean; relId: string }[] = [];
  date1904 = false;
  open(name: string, s: string, a: number, b: number): void {
    const local = localName(name);
    if (local === 'sheet') {
      const state = attribute(s, a, b, 'state');
      this.sheets.push({
        name: attribute(s, a, b, 'name') ?? '',
        hidden: state === 'hidden' || state === 'veryHidden',
        relId: attribute(s, a, b, 'r:id') ?? relIdAnyPrefix(s, a, b),
      });
    } else if (local === 'workbookPr') {
      const v = attribute(s, a, b, 'date1904');
      this.date1904 = v === '1' || v === 'true';
    }
  }
  close(): void {}
  text(): void {}
}

/** The relationship id of a `<sheet>` whose namespace prefix is not the usual `r:`. */
function relIdAnyPrefix(s: string, a: number, b: number): string {
  const m = /\s([A-Za-z_][\w.-]*):id\s*=\s*["']([^"']*)["']/.exec(s.slice(a, b));
  return m ? m[2] : '';
}

/** A relationship target as a zip entry name: relative to the part's folder, or absolute. */
function resolveTarget(fromPart: string, target: string): string {
  const clean = decodeTarget(target.replace(/\\/g, '/'));
  if (clean.startsWith('/')) return posix.normalize(clean).slice(1);
  return posix.normalize(posix.join(posix.dirname(fromPart), clean));
}

/** Targets are URIs (`sheet%201.xml`); one that is not valid as a URI is taken as written. */
function decodeTarget(target: string): string {
  try {
    return decodeURI(target);
  } catch {
    return target;
  }
}

function relsPartOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

async function readRels(zip: ZipArchive, part: string): Promise<Relationship[]> {
  const entry = findEntry(zip, relsPartOf(part));
  if (!entry) return [];
  const sink = new RelsSink();
  await parseXmlEntry(zip, entry, sink);
  return sink.rels;
}

/** Part names match case-insensitively in OPC packages. */
function findEntry(zip: ZipArchive, name: string): ZipEntry | undefined {
  const exact = zip.entry(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  return zip.entries.find((e) => e.name.toLowerCase() === lower);
}

export class XlsxWorkbook implements Workbook {
  readonly kind = 'xlsx' as const;

  private constructor(
    private readonly zip: ZipArchive,
    readonly sheets: readonly SheetInfo[],
    private readonly sheetParts: readonly (string | undefined)[],
    private readonly strings: readonly string[],
    private readonly shapes: Uint8Array,
    private readonly date1904: boolean,
  ) {}

  get path(): string {
    return this.zip.path;
  }

  /** Reads the workbook's index, relationships, styles and shared strings; sheets are read later. */
  static async open(zip: ZipArchive): Promise<XlsxWorkbook> {
    const path = zip.path;
    const rootRels = await readRels(zip, '');
    const mainRel = rootRels.find((r) => REL_OFFICE_DOCUMENT.test(r.type));
    const workbookPart = mainRel ? resolveTarget('', mainRel.target) : 'xl/workbook.xml';
    const workbookEntry = findEntry(zip, workbookPart);
    if (!workbookEntry) {
      throw new StalkError(
        'E_WORKBOOK_CORRUPT',
        `no ${workbookPart} in the workbook (not an Excel workbook, or a damaged one)`,
        { file: path },
      );
    }
    const wb = new WorkbookSink();
    await parseXmlEntry(zip, workbookEntry, wb);
    const rels = await readRels(zip, workbookEntry.name);
    const byId = new Map(rels.map((r) => [r.id, r]));
    const sheetParts = wb.sheets.map((s) => {
      const rel = byId.get(s.relId);
      return rel ? resolveTarget(workbookEntry.name, rel.target) : undefined;
    });

    let strings: string[] = [];
    const stringsRel = rels.find((r) => REL_SHARED_STRINGS.test(r.type));
    const stringsEntry = findEntry(
      zip,
      stringsRel ? resolveTarget(workbookEntry.name, stringsRel.target) : 'xl/sharedStrings.xml',
    );
    if (stringsEntry) {
      const sink = new XlsxStringsSink(path);
      await parseXmlEntry(zip, stringsEntry, sink);
      strings = sink.strings;
    }
    let shapes: Uint8Array = new Uint8Array(0);
    const stylesRel = rels.find((r) => REL_STYLES.test(r.type));
    const stylesEntry = findEntry(
      zip,
      stylesRel ? resolveTarget(workbookEntry.name, stylesRel.target) : 'xl/styles.xml',
    );
    if (stylesEntry) {
      const sink = new XlsxStylesSink();
      await parseXmlEntry(zip, stylesEntry, sink);
      shapes = sink.shapes();
    }
    const sheets = wb.sheets.map((s) => ({ name: s.name, hidden: s.hidden }));
    return new XlsxWorkbook(zip, sheets, sheetParts, strings, shapes, wb.date1904);
  }

  rows(sheet: string): AsyncIterable<SheetRow> {
    return rowsOf(this.batches(sheet));
  }

  scan(sheet: string, onRow: RowHandler): Promise<ScanSheetStats> {
    return scanRows(this.batches(sheet), onRow);
  }

  partBytes(sheet: string): number {
    const part = this.sheetParts[findSheet(this.path, this.sheets, sheet)];
    return (part === undefined ? undefined : findEntry(this.zip, part))?.size ?? 0;
  }

  async close(): Promise<void> {
    await this.zip.close();
  }

  private async *batches(sheet: string): AsyncGenerator<RowRun[]> {
    const i = findSheet(this.path, this.sheets, sheet);
    const part = this.sheetParts[i];
    const entry = part === undefined ? undefined : findEntry(this.zip, part);
    if (!entry) {
      throw new StalkError(
        'E_WORKBOOK_CORRUPT',
        `sheet '${sheet}' has no part in the workbook (${part ?? 'no relationship'})`,
        { file: this.path },
      );
    }
    const scanner = new XlsxSheetScanner(this.path, sheet, this.strings, this.shapes, this.date1904);
    for await (const bytes of utf8Chunks(this.zip, entry)) {
      scanner.push(bytes);
      const batch = scanner.take();
      if (batch.length) yield batch;
    }
    scanner.end();
  }
}
