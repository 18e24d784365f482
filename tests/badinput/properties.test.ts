import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { expectBalanced, expectNoCrash, type Outcome, runQuiet } from './helpers.js';

/**
 * Properties over generated input. Files are small and runs are bounded, so the whole file takes
 * seconds; a failing case prints its seed and a shrunk counterexample.
 */

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const REAL_DIR = path(repoRoot, '../shared/data/real');
function path(...parts: string[]): string {
  return resolve(...parts);
}

const dir = mkdtempSync(join(tmpdir(), 'stalkstats-props-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function writeCase(bytes: Buffer | Uint8Array): string {
  const p = join(dir, `case-${fileNo++}.csv`);
  writeFileSync(p, bytes);
  return p;
}

const RUN_LIMIT_MS = 10_000;
/** One CLI run, failing (instead of hanging the suite) if it takes longer than RUN_LIMIT_MS. */
async function runBounded(args: string[]): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${RUN_LIMIT_MS} ms: stalkstats ${args.join(' ')}`)),
      RUN_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([runQuiet(args), limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Either a balanced reconciliation (exit 0) or one typed, one-line error (exit 1 or 2). */
function expectTypedOutcome(o: Outcome): void {
  expectNoCrash(o);
  if (o.code === 0) {
    expectBalanced(JSON.parse(o.stdout).reconciliation);
    return;
  }
  expect([1, 2], o.stderr).toContain(o.code);
  const first = o.stderr.split('\n')[0];
  expect(first).toMatch(/^(stalkstats: )?error: .*\[E_[A-Z_]+\]$/);
  expect(o.stdout).toBe('');
}

// ---------------------------------------------------------------------------------------------
// Generated files in the supported layouts, with a model of what the reconciliation must say.

const MARKERS = ['[x]', '[c]', '[z]', '..', '*', '-', 'N/a', ''];

interface Cell {
  text: string;
  /** The count it stands for, or null for a suppression or missing marker. */
  value: number | null;
}

const countCell: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -30, max: 3000 }).map((v) => ({ text: String(v), value: v })) },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 1000, max: 2_000_000 })
      .map((v) => ({ text: `"${v.toLocaleString('en-GB')}"`, value: v })),
  },
  { weight: 2, arbitrary: fc.constantFrom(...MARKERS).map((m) => ({ text: m, value: null })) },
);

interface Layout {
  header: string[];
  /** Key columns of a data row, before its count cells. */
  keys: fc.Arbitrary<string[]>;
  /** Count cells per row (0 for one row per crime). */
  cells: number;
  /** A totals row's key cells, where the layout has one. */
  totals?: string[];
  /** One row per crime: the count is 1 when the date is valid. */
  records?: { valid: (keys: string[]) => boolean };
}

const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const FORCES = ['Dorset', 'Kent', 'Gwent', 'Devon and Cornwall', 'London, City of', 'Avon & Somerset'];
const HO_OFFENCES: [string, string][] = [
  ['Stalking', '8Q'],
  ['Harassment', '8L'],
  ['Racially or religiously aggravated harassment', '8M'],
  ['Malicious Communications', '8R'],
  ['Controlling and coercive behaviour', '8U'],
  ['Shoplifting', '46'],
  ['Burglary, residential', '28E'],
  ['Fraud £ card', '53A'],
];
const VAP = ['Violence against the person', 'Stalking and harassment'];

const LAYOUTS: Record<string, Layout> = {
  homeOffice: {
    header: [
      'Financial Year',
      'Financial Quarter',
      'Force Name',
      'Offence Description',
      'Offence Group',
      'Offence Subgroup',
      'Offence Code',
      'Number of Offences',
    ],
    keys: fc
      .tuple(
        fc.integer({ min: 2015, max: 2023 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(...FORCES),
        fc.constantFrom(...HO_OFFENCES),
      )
      .map(([y, qr, f, [o, c]]) => [`${y}/${String((y + 1) % 100).padStart(2, '0')}`, String(qr), f, o, ...VAP, c]),
    cells: 1,
    totals: ['2020/21', '1', 'Dorset', 'All crimes', 'All crimes', 'All crimes', 'All codes'],
  },
  onsRolling: {
    header: ['12 months ending', 'PFA', 'Region', 'Offence', 'Rolling year total number of offences'],
    keys: fc
      .tuple(
        fc.integer({ min: 2003, max: 2018 }),
        fc.constantFrom('31/03', '30/06', '30/09', '31/12', '30/12'),
        fc.constantFrom('/', '-'),
        fc.constantFrom(...FORCES),
        fc.constantFrom('Stalking and harassment', 'Burglary', 'Fraud offences'),
      )
      .map(([y, dm, sep, f, o]) => [`${dm.replace('/', sep)}${sep}${y}`, f, 'Some Region', o]),
    cells: 1,
  },
  wideFinancialYear: {
    header: [
      'Force Name',
      'CSP Name',
      'Offence Description',
      'Offence Group',
      'Offence Subgroup',
      'OffenceCode',
      '2017/18',
      '2018/19',
      '2019/20',
    ],
    keys: fc
      .tuple(
        fc.constantFrom(...FORCES),
        fc.constantFrom('Calderdale', 'Kirklees', 'Leeds'),
        fc.constantFrom(...HO_OFFENCES),
      )
      .map(([f, csp, [o, c]]) => [f, csp, o, ...VAP, c]),
    cells: 3,
    totals: ['West Yorkshire', 'Calderdale', 'All crimes', 'All crimes', 'All crimes', 'All codes'],
  },
  metMonthly: {
    header: ['MajorText', 'MinorText', 'BoroughName', '202001', '202002', '202003', '202004'],
    keys: fc
      .tuple(
        fc.constantFrom('VIOLENCE AGAINST THE PERSON', 'THEFT'),
        fc.constantFrom('STALKING AND HARASSMENT', 'SHOPLIFTING', 'HARASSMENT'),
        fc.constantFrom('Camden', 'Westminster', 'Hackney', 'Brent', 'Ealing', 'Barnet', 'Bexley', 'Sutton'),
      )
      .map((k) => [...k]),
    cells: 4,
  },
  recordLevel: {
    header: ['Offence Date', 'Offence', 'Force'],
    keys: fc
      .tuple(
        fc.oneof(
          fc.integer({ min: 1, max: 28 }).map((d) => `${String(d).padStart(2, '0')}/04/2020`),
          fc.constant('2020-04-30'),
          fc.constant('not recorded'),
        ),
        fc.constantFrom('Stalking', 'Harassment', 'Shoplifting'),
        fc.constantFrom(...FORCES),
      )
      .map((k) => [...k]),
    cells: 0,
    records: { valid: (k) => k[0] !== 'not recorded' },
  },
};

type RowKind = 'data' | 'copy' | 'totals' | 'blank' | 'commas';
interface GenRow {
  kind: RowKind;
  keys: string[];
  cells: Cell[];
  /** For 'copy': which earlier data row (index into the data rows, modulo their number). */
  of: number;
}

const ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be-bom', 'windows-1252'] as const;

function encode(text: string, encoding: (typeof ENCODINGS)[number]): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be-bom': {
      const le = Buffer.from(text, 'utf16le');
      for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
    }
    case 'windows-1252':
      // Every character used here is Latin-1, where Windows-1252 agrees with it.
      return Buffer.from(text, 'latin1');
  }
}

const generatedFile = fc
  .record({
    layout: fc.constantFrom(...Object.keys(LAYOUTS)),
    titles: fc.array(
      fc.constantFrom(
        'Police recorded crime',
        '"Source: Home Office, open data tables"',
        'Figures are provisional',
        '',
      ),
      { maxLength: 3 },
    ),
    rows: fc.array(
      fc.record({
        kind: fc.constantFrom<RowKind>('data', 'data', 'data', 'data', 'data', 'copy', 'totals', 'blank', 'commas'),
        seed: fc.nat(),
        of: fc.nat(),
      }),
      { maxLength: 25 },
    ),
    footnotes: fc.array(
      fc.constantFrom(
        'Source: Home Office',
        'Note: see the user guide, table 2',
        '"Note 1: 2020, 2021 are provisional"',
      ),
      { maxLength: 2 },
    ),
    eol: fc.constantFrom('\n', '\r\n'),
    encoding: fc.constantFrom(...ENCODINGS),
  })
  .chain((spec) => {
    const layout = LAYOUTS[spec.layout];
    const n = spec.rows.length;
    return fc
      .tuple(
        // Rows of a table of counts have distinct keys (copies are added on purpose); crimes need not.
        layout.records
          ? fc.array(layout.keys, { minLength: n, maxLength: n })
          : fc.uniqueArray(layout.keys, { minLength: n, maxLength: n, selector: (k) => k.join('\u0001') }),
        fc.array(fc.array(countCell, { minLength: layout.cells, maxLength: layout.cells }), {
          minLength: n,
          maxLength: n,
        }),
      )
      .map(([keys, cells]) => ({
        spec,
        layout,
        rows: spec.rows.map((r, i): GenRow => ({ kind: r.kind, keys: keys[i] ?? [], cells: cells[i] ?? [], of: r.of })),
      }));
  });

interface Model {
  text: string;
  /** No row has the header's field count, but a footnote of several cells does not either: a broken file. */
  raggedOnly: boolean;
  rowsRead: number;
  rowsUsed: number;
  offencesRead: number;
  offencesUsed: number;
}

/** Writes the file and says, independently of the loader, what its reconciliation must be. */
function model(g: {
  spec: { titles: string[]; footnotes: string[]; eol: string };
  layout: Layout;
  rows: GenRow[];
}): Model {
  const { layout } = g;
  const lines: string[] = [...g.spec.titles, layout.header.map(q).join(',')];
  const m = { rowsRead: 0, rowsUsed: 0, offencesRead: 0, offencesUsed: 0 };
  const data: string[] = [];
  const dataCells: Cell[][] = [];
  const dataKeys: string[][] = [];
  for (const r of g.rows) {
    let keys = r.keys;
    const cells = r.cells;
    let kind = r.kind;
    if (kind === 'copy') {
      if (data.length === 0) kind = 'data';
      else {
        const i = r.of % data.length;
        lines.push(data[i]);
        m.rowsRead++;
        if (layout.records) {
          // One row per crime: an identical row is another crime.
          if (layout.records.valid(dataKeys[i])) {
            m.rowsUsed++;
            m.offencesUsed++;
          }
          m.offencesRead++;
        } else {
          // A table of counts: an identical row is another figure under the same description, added.
          const cells = dataCells[i].filter((c) => c.value !== null);
          for (const c of cells) m.offencesRead += c.value as number;
          if (cells.length > 0) {
            m.rowsUsed++;
            for (const c of cells) m.offencesUsed += c.value as number;
          }
        }
        continue;
      }
    }
    if (kind === 'blank') {
      lines.push('');
      continue;
    }
    if (kind === 'commas') {
      lines.push(','.repeat(layout.header.length - 1));
      continue;
    }
    if (kind === 'totals') {
      if (!layout.totals) continue;
      keys = layout.totals;
    }
    const line = [...keys.map(q), ...cells.map((c) => c.text)].join(',');
    lines.push(line);
    m.rowsRead++;
    const read = cells.filter((c) => c.value !== null).reduce((s, c) => s + (c.value as number), 0);
    const readable = cells.some((c) => c.value !== null);
    if (layout.records) {
      m.offencesRead++;
      if (layout.records.valid(keys)) {
        m.rowsUsed++;
        m.offencesUsed++;
      }
    } else {
      m.offencesRead += read;
      if (kind === 'data' && readable) {
        m.rowsUsed++;
        m.offencesUsed += read;
      }
    }
    if (kind === 'data') {
      data.push(line);
      dataCells.push(cells);
      dataKeys.push(keys);
    }
  }
  for (const f of g.spec.footnotes) {
    lines.push(f);
    m.rowsRead++;
  }
  const wellFormed = m.rowsRead - g.spec.footnotes.length;
  const raggedOnly = wellFormed === 0 && g.spec.footnotes.some((f) => !f.startsWith('"') && f.includes(','));
  return { text: lines.join(g.spec.eol) + g.spec.eol, raggedOnly, ...m };
}

describe('properties: nothing lost', () => {
  it('on generated files in every supported layout, the reconciliation balances and matches a model of the file', async () => {
    await fc.assert(
      fc.asyncProperty(generatedFile, async (g) => {
        const m = model(g);
        const p = writeCase(encode(m.text, g.spec.encoding));
        const o = await runBounded(['inspect', p, '--format', 'json']);
        expectNoCrash(o);
        if (m.raggedOnly) {
          expect(o.stderr, m.text).toMatch(/\[E_CSV_RAGGED\]$/m);
          return;
        }
        if (m.rowsRead === 0) {
          expect(o.stderr, m.text).toMatch(/\[E_HEADER_ONLY\]$/m);
          return;
        }
        if (m.rowsUsed === 0) {
          expect(o.stderr, m.text).toMatch(/\[E_NO_DATA\]$/m);
          return;
        }
        expect(o.code, `${o.stderr}\n${m.text}`).toBe(0);
        const doc = JSON.parse(o.stdout);
        const r = doc.reconciliation;
        expectBalanced(r);
        expect(
          { rowsRead: r.rowsRead, rowsUsed: r.rowsUsed, offencesRead: r.offencesRead, offencesUsed: r.offencesUsed },
          m.text,
        ).toEqual({
          rowsRead: m.rowsRead,
          rowsUsed: m.rowsUsed,
          offencesRead: m.offencesRead,
          offencesUsed: m.offencesUsed,
        });
        // Every offence used is under exactly one label; a rolling-year file's labels add nothing up,
        // since its totals overlap.
        if (doc.files[0].layout.id === 'ons-rolling-year') {
          expect(doc.rows.every((l: { offences: number | null }) => l.offences === null)).toBe(true);
        } else {
          expect(doc.rows.reduce((s: number, l: { offences: number }) => s + l.offences, 0)).toBe(m.offencesUsed);
        }
        // A Windows-1252 file of ASCII only is indistinguishable from UTF-8, and read as such.
        const ascii = !/[^\u0000-\u007f]/.test(m.text);
        expect(doc.files[0].layout.encoding).toBe(
          g.spec.encoding === 'windows-1252' && ascii ? 'utf-8' : g.spec.encoding.replace(/-bom$/, ''),
        );
        // trend reads the same file to the same ledger (every category, so that a file of other
        // offences only has rows too: with none, trend is an error).
        const every = 'stalking,harassment,malicious-communications,coercive-control,stalking-and-harassment,other';
        const t = await runBounded(['trend', p, '--format', 'json', '--category', every]);
        expectNoCrash(t);
        // Records of a part of one month give no whole month to show: that, and only that, is E_NO_DATA.
        if (t.code === 1 && /incomplete month left out/.test(t.stderr)) {
          expect(t.stderr).toMatch(/\[E_NO_DATA\]/);
          return;
        }
        expect(t.code, t.stderr).toBe(0);
        expect(JSON.parse(t.stdout).reconciliation).toEqual(r);
      }),
      { numRuns: 150 },
    );
  });
});

describe('properties: only typed errors, never a crash or a hang', () => {
  const csvish = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          ',',
          '"',
          '\n',
          '\r\n',
          '\r',
          ';',
          '\t',
          ' ',
          '..',
          '[x]',
          '-',
          '1,234',
          '2020/21',
          '31/12/2017',
          '201004',
          '8Q',
          '£',
          '\u00a0',
          '\u0000',
          '\u001b[31m',
        ),
        fc.constantFrom(
          ...LAYOUTS.homeOffice.header,
          ...LAYOUTS.onsRolling.header,
          ...LAYOUTS.metMonthly.header,
          ...LAYOUTS.wideFinancialYear.header,
          'Offence Date',
          'Offence',
          'Stalking',
          'All crimes',
          'Total',
        ),
        fc.integer({ min: -1000, max: 100000 }).map(String),
      ),
      { maxLength: 200 },
    )
    .map((tokens) => Buffer.from(tokens.join(''), 'utf8'));

  it('random bytes and CSV-like token soup', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
          csvish,
        ),
        async (bytes) => {
          const p = writeCase(bytes);
          expectTypedOutcome(await runBounded(['inspect', p, '--format', 'json']));
        },
      ),
      { numRuns: 150 },
    );
  });

  const realFiles = existsSync(REAL_DIR)
    ? [
        'calderdale_csp_recorded_crime_2015-16_to_2021-22.csv',
        'homeoffice_prc_pfa_2024-25_nonterritorial_forces_derived_subset.csv',
        'met_mps_borough_level_crime_recent24m_2023-12_to_2025-11.csv',
        'ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyA_dashdates.csv',
      ].filter((f) => existsSync(join(REAL_DIR, f)))
    : [];
  if (realFiles.length === 0)
    console.warn(`[stalkstats tests] skipping mutated real files: real data folder not found at ${REAL_DIR}`);

  /** The first 40 lines of each real file: small, but every quirk of its layout. */
  const heads = realFiles.map((f) => {
    const bytes = readFileSync(join(REAL_DIR, f));
    let end = 0;
    for (let lines = 0; end < bytes.length && lines < 40; end++) if (bytes[end] === 0x0a) lines++;
    return bytes.subarray(0, end);
  });

  const SPECIAL = [0x22, 0x2c, 0x0a, 0x0d, 0x00, 0xff, 0xa3, 0x3b, 0x09, 0x1b, 0xef, 0xbb, 0xbf];
  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant('set' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      byte: fc.oneof(fc.constantFrom(...SPECIAL), fc.integer({ min: 0, max: 255 })),
    }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      byte: fc.constantFrom(...SPECIAL),
    }),
    fc.record({
      kind: fc.constant('delete' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      length: fc.integer({ min: 1, max: 200 }),
    }),
    fc.record({
      kind: fc.constant('repeat' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      length: fc.integer({ min: 1, max: 300 }),
    }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

  function mutate(src: Buffer, ms: Mutation[]): Buffer {
    let b = Buffer.from(src);
    for (const m of ms) {
      const at = Math.min(b.length, Math.floor(m.at * b.length));
      if (m.kind === 'set' && b.length) b[Math.min(at, b.length - 1)] = m.byte;
      else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from([m.byte]), b.subarray(at)]);
      else if (m.kind === 'delete')
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + m.length))]);
      else if (m.kind === 'repeat') b = Buffer.concat([b.subarray(0, at + m.length), b.subarray(at)]);
      else if (m.kind === 'truncate') b = b.subarray(0, at);
    }
    return b;
  }

  it.skipIf(heads.length === 0)('mutated real files (first 40 lines of each)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: Math.max(0, heads.length - 1) }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        async (which, ms) => {
          const p = writeCase(mutate(heads[which], ms));
          expectTypedOutcome(await runBounded(['inspect', p, '--format', 'json']));
          expectTypedOutcome(await runBounded(['trend', p, '--format', 'json']));
        },
      ),
      { numRuns: 200 },
    );
  });
});
