// Random CSV files whose records and physical line numbers are known by construction, and a
// reference group-and-sum over those records (the semantics `groupRows` promises).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { type GroupResult, KEY_SEPARATOR, parseCount } from '../../src/read/group.js';

export interface Cell {
  v: string;
  /** Quote even when not needed. */
  q: boolean;
}

export interface GenRecord {
  cells: Cell[];
  /** Line break after the record (the last record may have none). */
  eol: '\n' | '\r\n' | '\r' | '';
  /** Blank lines after the record, as their line breaks. */
  blanks: ('\n' | '\r\n' | '\r')[];
}

export interface GenFile {
  text: string;
  records: { fields: string[]; line: number }[];
  /** Offset (in UTF-16 units of `text`) where each record starts. */
  offsets: number[];
  /** Every offset where a reader is between records: the start, and after each line break outside quotes. */
  boundaries: number[];
}

const KEY_VALUES = [
  '',
  ' ',
  'a',
  'b',
  'a,b',
  'say "hi"',
  'line\nbreak',
  'cr\rx',
  'crlf\r\nx',
  'end\r',
  '£5',
  'é',
  'Zürich',
  '😀',
  '""',
  '"',
  ',',
  '2016/17',
  '2017/18',
  '8Q',
  '8L',
  'Stalking',
  '  padded  ',
  'x"y',
  '\t',
];

const COUNT_VALUES = [
  '12',
  '-3',
  '0',
  '-0',
  '+4',
  '00012',
  '1,213',
  ' 7 ',
  '1.5',
  '2.25',
  '-0.75',
  'N/a',
  '',
  '..',
  '[x]',
  '1,2345',
  '12,34',
  '\u00a012',
  '12\u00a0',
  '١٢',
  '1e3',
  '0x1F',
  '123456789012345',
  '1234567890123456',
  '1,234,567',
  '-1,000',
  '12.',
  '.5',
  '"5"',
  '5 5',
  '\t9\t',
  '+1,000.5',
];

const ALPHABET = ['a', 'b', ',', '"', '\n', '\r', ' ', 'é', '£', '😀', ';', '\t', '1'];

export const cellValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEY_VALUES) },
  { weight: 3, arbitrary: fc.constantFrom(...COUNT_VALUES) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 6 }) },
);

const cell = fc.record({ v: cellValue, q: fc.boolean() });
const eol = fc.constantFrom<'\n' | '\r\n' | '\r'>('\n', '\r\n', '\r');

type Break = '\n' | '\r\n' | '\r';

export const genRecord = (fields: fc.Arbitrary<Cell[]>): fc.Arbitrary<GenRecord> =>
  fc.record({
    cells: fields,
    eol: eol as fc.Arbitrary<GenRecord['eol']>,
    blanks: fc.oneof(
      { weight: 5, arbitrary: fc.constant<Break[]>([]) },
      { weight: 1, arbitrary: fc.array(eol, { maxLength: 2 }) },
    ),
  });

/** Mostly `width` fields per record, sometimes fewer or more (ragged rows, trailing empty cells). */
export function genRecords(width: number, maxRecords = 30): fc.Arbitrary<GenRecord[]> {
  const fields = fc.oneof(
    { weight: 8, arbitrary: fc.array(cell, { minLength: width, maxLength: width }) },
    { weight: 1, arbitrary: fc.array(cell, { minLength: 1, maxLength: width + 2 }) },
    {
      weight: 1,
      arbitrary: fc
        .array(cell, { minLength: width, maxLength: width })
        .map((c) => [...c, { v: '', q: false }, { v: '', q: true }]),
    },
  );
  return fc
    .tuple(fc.array(genRecord(fields), { minLength: 1, maxLength: maxRecords }), fc.boolean())
    .map(([recs, endsWithEol]) => {
      if (!endsWithEol) recs[recs.length - 1] = { ...recs[recs.length - 1], eol: '' as const, blanks: [] };
      return recs;
    });
}

function encodeCell(c: Cell, alone: boolean, delimiter: string): string {
  const must =
    c.v.includes('"') || c.v.includes(delimiter) || c.v.includes('\n') || c.v.includes('\r') || (alone && c.v === '');
  return must || c.q ? `"${c.v.replace(/"/g, '""')}"` : c.v;
}

function lineBreaks(s: string): number {
  return (s.match(/\r\n|\r|\n/g) ?? []).length;
}

/** Serialises records; a lone CR is never followed by an LF that would pair with it. */
export function serialise(recs: GenRecord[], delimiter = ','): GenFile {
  let text = '';
  let line = 1;
  const records: GenFile['records'] = [];
  const offsets: number[] = [];
  const boundaries = [0];
  for (const r of recs) {
    const body = r.cells.map((c) => encodeCell(c, r.cells.length === 1, delimiter)).join(delimiter);
    records.push({ fields: r.cells.map((c) => c.v), line });
    offsets.push(text.length);
    text += body;
    line += lineBreaks(body);
    // A blank line's LF right after a lone CR would make one CRLF, not two line breaks.
    for (const b of r.eol ? [r.eol, ...r.blanks] : []) {
      text += text.endsWith('\r') && b !== '\r' ? '\r' : b;
      line++;
      boundaries.push(text.length);
    }
  }
  return { text, records, offsets, boundaries };
}

export interface PlainGroups {
  dataRows: number;
  ragged: GroupResult['ragged'];
  groups: [
    string,
    {
      key: string[];
      sum: number;
      rows: number;
      negativeRows: number;
      firstLine: number;
      unparsed: [string, { rows: number; firstLine: number }][];
    },
  ][];
}

/** A comparable copy of a result: maps as arrays in insertion order. */
export function plain(r: Pick<GroupResult, 'dataRows' | 'ragged' | 'groups'>): PlainGroups {
  return {
    dataRows: r.dataRows,
    ragged: r.ragged,
    groups: [...r.groups].map(([id, g]) => [
      id,
      {
        key: g.key,
        sum: g.sum,
        rows: g.rows,
        negativeRows: g.negativeRows,
        firstLine: g.firstLine,
        unparsed: [...g.unparsed],
      },
    ]),
  };
}

/** What `groupRows` must return for these records: the definition, row by row. */
export function referenceGroups(
  records: { fields: string[]; line: number }[],
  spec: { headerLine: number; headerFields: number; keyColumns: number[]; countColumn: number | null },
): PlainGroups {
  const groups = new Map<
    string,
    {
      key: string[];
      sum: number;
      rows: number;
      negativeRows: number;
      firstLine: number;
      unparsed: Map<string, { rows: number; firstLine: number }>;
    }
  >();
  let dataRows = 0;
  let ragged: GroupResult['ragged'] = null;
  for (const { fields, line } of records) {
    if (line <= spec.headerLine) continue;
    dataRows++;
    let n = fields.length;
    while (n > spec.headerFields && fields[n - 1] === '') n--;
    if (n !== spec.headerFields) {
      if (ragged) ragged.rows++;
      else ragged = { rows: 1, firstLine: line, example: fields.join(',').slice(0, 120) };
      continue;
    }
    const id = spec.keyColumns.map((c) => fields[c]).join(KEY_SEPARATOR);
    let g = groups.get(id);
    if (!g) {
      g = {
        key: spec.keyColumns.map((c) => fields[c]),
        sum: 0,
        rows: 0,
        negativeRows: 0,
        firstLine: line,
        unparsed: new Map(),
      };
      groups.set(id, g);
    }
    if (spec.countColumn === null) {
      g.sum += 1;
      g.rows++;
      continue;
    }
    const v = parseCount(fields[spec.countColumn]);
    if (Number.isNaN(v)) {
      const raw = fields[spec.countColumn].trim();
      const u = g.unparsed.get(raw);
      if (u) u.rows++;
      else g.unparsed.set(raw, { rows: 1, firstLine: line });
      continue;
    }
    g.sum += v;
    g.rows++;
    if (v < 0) g.negativeRows++;
  }
  return plain({ dataRows, ragged, groups });
}

/** A scratch folder under the OS temp folder, removed by `cleanup`. */
export function scratch(): { dir: string; file: (name: string, data: string | Buffer) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'stalkstats-read-'));
  let n = 0;
  return {
    dir,
    file: (name, data) => {
      const p = join(dir, `${n++}-${name}`);
      writeFileSync(p, data);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Picks key and count columns for a header of `width` fields. */
export const genColumns = (width: number) =>
  fc.record({
    keyColumns: fc.shuffledSubarray([...Array(width).keys()], { minLength: 1 }),
    countColumn: fc.option(fc.integer({ min: 0, max: width - 1 }), { nil: null }),
  });

export const mutation = fc.record({
  at: fc.nat(),
  del: fc.integer({ min: 0, max: 2 }),
  ins: fc.constantFrom('', '"', ',', '\n', '\r', '\r\n', 'x', '""', 'é'),
});

/** Inserts and deletes whole code points (never half a surrogate pair). */
export function mutate(text: string, muts: { at: number; del: number; ins: string }[]): string {
  let cps = Array.from(text);
  for (const m of muts) {
    const at = m.at % (cps.length + 1);
    cps = [...cps.slice(0, at), ...Array.from(m.ins), ...cps.slice(at + m.del)];
  }
  return cps.join('');
}
