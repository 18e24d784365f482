import { StalkError } from '../core/errors.js';
import { type CsvText, readStart } from '../read/byteInput.js';
import type { OpenedInputs, SkippedUnit } from '../read/inputs.js';
import type { Workbook } from '../read/workbook/index.js';
import { detectTextLayout, layoutOrTable, TABLE_SEARCH_RECORDS } from '../schema/detect.js';
import type { ColumnMap, DetectedLayout, HeadRecords } from '../schema/layouts.js';

/**
 * Which inputs the units make: each named file, sheet and member with a known layout is an input;
 * the files of one folder or archive that share a long layout (a folder of monthly police.uk
 * files) are one input read file after file, not hundreds of series to merge. Units of a folder,
 * archive or workbook without a known layout are skipped and listed; a container with nothing
 * readable is an error that lists why.
 */
export type InputPlan =
  | { kind: 'csv'; name: string; text: CsvText; layout: DetectedLayout }
  | { kind: 'sheet'; name: string; workbook: Workbook; sheet: string; layout: DetectedLayout };

export interface Plans {
  plans: InputPlan[];
  skipped: SkippedUnit[];
}

/** Errors that mean "not a table this tool reads": inside a container the file is skipped, not fatal. */
const NOT_READABLE = new Set(['E_LAYOUT_UNKNOWN', 'E_EMPTY_FILE', 'E_HEADER_ONLY', 'E_BINARY', 'E_MAP_INVALID']);

/** Shapes whose files can be read one after another as one input (one count or one crime per row). */
const JOINABLE = new Set(['long', 'records']);

const HEAD_BYTES = 4096;

/** The bytes of the first line (up to a line break), to tell a file whose header repeats another's at once. */
function firstLine(head: Buffer): Buffer | null {
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 10 || head[i] === 13) return head.subarray(0, i);
    if (head[i] === 34) return null;
  }
  return null;
}

interface OpenGroup {
  plan: Extract<InputPlan, { kind: 'csv' }>;
  from: string;
  /** The first file's header line, as bytes, when it is the file's first line. */
  headerBytes: Buffer | null;
}

async function sheetHead(workbook: Workbook, sheet: string, name: string): Promise<HeadRecords> {
  const records: { fields: string[]; line: number }[] = [];
  const stats = await workbook.scan(sheet, (cells, row) => {
    records.push({ fields: cells, line: row });
    return records.length < TABLE_SEARCH_RECORDS;
  });
  return { name, records, more: stats.stopped, encoding: 'utf-8', bom: false, delimiter: '' };
}

const sameHeader = (a: DetectedLayout, b: DetectedLayout) =>
  a.id === b.id && a.delimiter === b.delimiter && a.header.join('\u0001') === b.header.join('\u0001');

export async function planInputs(opened: OpenedInputs, map?: ColumnMap): Promise<Plans> {
  const plans: InputPlan[] = [];
  const skipped: SkippedUnit[] = [...opened.skipped];
  const containers = new Map<string, number>();
  let group: OpenGroup | null = null;
  const skip = (name: string, e: unknown) => {
    if (!(e instanceof StalkError) || !NOT_READABLE.has(e.code)) throw e;
    skipped.push({ name, reason: e.message });
  };
  for (const unit of opened.units) {
    if (unit.from !== null) containers.set(unit.from, containers.get(unit.from) ?? 0);
    if (unit.kind === 'sheet') {
      group = null;
      const head = await sheetHead(unit.workbook, unit.sheet, unit.name);
      let found: ReturnType<typeof layoutOrTable>;
      try {
        found = layoutOrTable(head, map);
      } catch (e) {
        skip(unit.name, e);
        continue;
      }
      if ('ok' in found) {
        skipped.push({ name: unit.name, reason: found.reason });
        continue;
      }
      plans.push({ kind: 'sheet', name: unit.name, workbook: unit.workbook, sheet: unit.sheet, layout: found });
      containers.set(unit.from, containers.get(unit.from)! + 1);
      continue;
    }
    const { input, from } = unit;
    if (from === null) {
      group = null;
      plans.push({
        kind: 'csv',
        name: input.name,
        text: { name: input.name, parts: [{ input, headerLine: 0 }] },
        layout: await detectTextLayout(input, map),
      });
      fixHeaderLine(plans[plans.length - 1]);
      continue;
    }
    // A file whose first line is the header of the files before it joins them without a full look.
    const head = group?.from === from && group.headerBytes ? await readStart(input, HEAD_BYTES) : null;
    const line = head ? firstLine(head) : null;
    if (group && line && group.headerBytes && line.equals(group.headerBytes)) {
      group.plan.text.parts.push({ input, headerLine: group.plan.layout.headerLine });
      continue;
    }
    let layout: DetectedLayout;
    try {
      layout = await detectTextLayout(input, map);
    } catch (e) {
      skip(input.name, e);
      continue;
    }
    containers.set(from, containers.get(from)! + 1);
    if (group && group.from === from && JOINABLE.has(layout.shape) && sameHeader(group.plan.layout, layout)) {
      group.plan.text.parts.push({ input, headerLine: layout.headerLine });
      continue;
    }
    const plan: InputPlan = {
      kind: 'csv',
      name: input.name,
      text: { name: from, parts: [{ input, headerLine: layout.headerLine }] },
      layout,
    };
    plans.push(plan);
    if (JOINABLE.has(layout.shape)) {
      const bytes =
        layout.headerLine === 1 && layout.linesAbove === 0 ? firstLine(await readStart(input, HEAD_BYTES)) : null;
      group = { plan, from, headerBytes: bytes };
    } else group = null;
  }
  // Files read as one are named by their folder or archive; a file read alone by its own name.
  for (const p of plans) {
    if (p.kind !== 'csv') continue;
    if (p.text.parts.length === 1) p.text.name = p.text.parts[0].input.name;
    p.name = p.text.name;
  }
  for (const [from, read] of containers) if (read === 0) throw nothingReadable(from, skipped);
  if (plans.length === 0) {
    const listed = skipped.map((s) => `${s.name}: ${s.reason}`);
    throw new StalkError('E_LAYOUT_UNKNOWN', `nothing to read: ${listed.slice(0, 4).join('; ')}`, {
      file: skipped[0]?.name.replace(/ \[.*$/, ''),
    });
  }
  return { plans, skipped };
}

/** A named file's header line, once its layout is known. */
function fixHeaderLine(plan: InputPlan): void {
  if (plan.kind === 'csv') plan.text.parts[0].headerLine = plan.layout.headerLine;
}

/** A folder, archive or workbook in which no file or sheet holds a table the tool reads. */
function nothingReadable(from: string, skipped: SkippedUnit[]): StalkError {
  const inside = skipped.filter((s) => s.name.startsWith(`${from}/`) || s.name.startsWith(`${from} [`));
  const listed = inside.map((s) => {
    const own = s.name.slice(from.length);
    return `${own.startsWith(' [') ? `sheet '${own.slice(2, -1)}'` : own.replace(/^\//, '')}: ${s.reason}`;
  });
  return new StalkError(
    'E_LAYOUT_UNKNOWN',
    `nothing in it has a layout stalkstats reads: ${listed.slice(0, 4).join('; ')}` +
      (listed.length > 4 ? `; … (${listed.length} in all)` : ''),
    { file: from, hint: listed.length > 4 ? listed.join('\n') : undefined },
  );
}
