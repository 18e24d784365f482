import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { expectBalanced, expectNoCrash, expectOneLineError, type ReconciliationDoc, runQuiet } from './helpers.js';

const DIR = fileURLToPath(new URL('../fixtures/bad/', import.meta.url));

interface Counted {
  category: string;
  start?: string;
  end?: string;
  area?: string;
  count: number;
}

interface Expect {
  exit: number;
  code?: string;
  line?: number | null;
  message?: string;
  where?: 'file' | 'none';
  layout?: string;
  encoding?: string;
  bom?: boolean;
  linesAbove?: number;
  delimiter?: string;
  labels?: string[];
  unmatched?: string[];
  negativeRows?: number;
  negatives?: { line: number; count: number }[];
  reconciliation?: Partial<ReconciliationDoc>;
  counts?: Counted[];
  labelCounts?: { offence: string; rows: number; offences: number }[];
  periods?: { count: number; first: string; last: string };
  notes?: string[];
}

interface Fixture {
  file: string;
  about: string;
  command?: string;
  args?: string[];
  expect: Expect;
}

const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { fixtures: Fixture[] };
const path = (f: Fixture) => join(DIR, f.file);

function expectExcluded(
  actual: { reason: string; rows: number; offences?: number; line?: number }[],
  wanted: { reason: string; rows: number; offences?: number; line?: number }[],
): void {
  expect(actual.map((e) => e.reason)).toHaveLength(wanted.length);
  for (const w of wanted) {
    const hit = actual.filter((e) => e.reason.startsWith(w.reason));
    expect(
      hit,
      `one excluded entry starting '${w.reason}' in ${JSON.stringify(actual.map((e) => e.reason))}`,
    ).toHaveLength(1);
    expect(hit[0].rows).toBe(w.rows);
    if (w.line !== undefined) expect(hit[0].line).toBe(w.line);
    if (w.offences !== undefined) expect(hit[0].offences).toBe(w.offences);
    else if (!('offences' in w))
      expect(typeof hit[0].offences === 'number' || hit[0].offences === undefined).toBe(true);
  }
}

function checkReconciliation(actual: ReconciliationDoc, wanted: Partial<ReconciliationDoc>): void {
  expectBalanced(actual);
  const { excluded, cellsExcluded, ...plain } = wanted;
  expect(actual).toMatchObject(plain);
  if (excluded) expectExcluded(actual.excluded, excluded);
  if (cellsExcluded) expectExcluded(actual.cellsExcluded, cellsExcluded);
}

describe('bad-input corpus (tests/fixtures/bad/manifest.json)', () => {
  it('holds at least 30 bad or messy files, each listed in the manifest', () => {
    const files = new Set(
      manifest.fixtures.map((f) => f.file).filter((f) => f.endsWith('.csv') && f !== 'does-not-exist.csv'),
    );
    expect(files.size).toBeGreaterThanOrEqual(30);
  });

  for (const f of manifest.fixtures.filter((x) => x.expect.code)) {
    it(`${f.file}${f.args ? ` ${f.args.join(' ')}` : ''}: ${f.expect.code} (${f.about})`, async () => {
      const o = await runQuiet([f.command ?? 'trend', path(f), ...(f.args ?? [])]);
      const first = expectOneLineError(o, f.expect.code!, {
        exit: f.expect.exit,
        file: path(f),
        line: f.expect.line,
        where: f.expect.where,
      });
      if (f.expect.message) expect(first).toContain(f.expect.message);
    });
  }

  for (const f of manifest.fixtures.filter((x) => !x.expect.code)) {
    describe(`${f.file}: ${f.about}`, () => {
      const e = f.expect;
      it('inspect --format json: layout, encoding, labels, negatives and a balanced reconciliation', async () => {
        const o = await runQuiet(['inspect', path(f), '--format', 'json', ...(f.args ?? [])]);
        expectNoCrash(o);
        expect(o.code, o.stderr).toBe(0);
        const doc = JSON.parse(o.stdout);
        const file = doc.files[0];
        if (e.layout) expect(file.layout.id).toBe(e.layout);
        if (e.encoding) expect(file.layout.encoding).toBe(e.encoding);
        if (e.bom !== undefined) expect(file.layout.bom).toBe(e.bom);
        if (e.linesAbove !== undefined) expect(file.layout.linesAbove).toBe(e.linesAbove);
        if (e.delimiter) expect(file.layout.delimiter).toBe(e.delimiter);
        for (const label of e.labels ?? [])
          expect(doc.rows.map((r: { offence: string }) => r.offence)).toContain(label);
        if (e.unmatched) expect(file.unmatched).toEqual(e.unmatched);
        for (const l of e.labelCounts ?? [])
          expect(doc.rows.find((r: { offence: string }) => r.offence === l.offence)).toMatchObject(l);
        if (e.periods)
          expect([file.periods.count, file.periods.first.start, file.periods.last.start]).toEqual([
            e.periods.count,
            e.periods.first,
            e.periods.last,
          ]);
        if (e.negativeRows !== undefined) expect(file.negativeCounts.rows).toBe(e.negativeRows);
        if (e.negatives)
          expect(
            file.negativeCounts.listed.map((n: { line: number; count: number }) => ({ line: n.line, count: n.count })),
          ).toEqual(e.negatives);
        if (e.reconciliation) checkReconciliation(doc.reconciliation, e.reconciliation);
        else expectBalanced(doc.reconciliation);
      });

      it('trend --format json: the expected numbers', async () => {
        const o = await runQuiet(['trend', path(f), '--format', 'json', ...(f.args ?? [])]);
        expectNoCrash(o);
        expect(o.code, o.stderr).toBe(0);
        const doc = JSON.parse(o.stdout);
        expectBalanced(doc.reconciliation);
        if (e.reconciliation) checkReconciliation(doc.reconciliation, e.reconciliation);
        for (const c of e.counts ?? []) {
          const hits = doc.rows.filter(
            (r: Record<string, unknown>) =>
              r.category === c.category &&
              (!c.start || r.start === c.start) &&
              (!c.end || r.end === c.end) &&
              (!c.area || r.area === c.area),
          );
          expect(hits, `one row for ${JSON.stringify(c)}`).toHaveLength(1);
          expect(hits[0].count).toBe(c.count);
        }
        for (const n of e.notes ?? []) expect(doc.notes.join('\n')).toContain(n);
      });

      it('every output format renders it', async () => {
        for (const format of ['table', 'csv', 'markdown']) {
          for (const command of ['inspect', 'trend']) {
            const o = await runQuiet([command, path(f), '--format', format, ...(f.args ?? [])]);
            expectNoCrash(o);
            expect(o.code, `${command} --format ${format}: ${o.stderr}`).toBe(0);
          }
        }
      });
    });
  }
});

describe('safe output of hostile labels', () => {
  it('the terminal table never receives escape sequences or BEL from the data', async () => {
    for (const command of ['inspect', 'trend']) {
      const o = await runQuiet([command, join(DIR, 'control-chars-label.csv'), '--format', 'table', '--each-area']);
      expect(o.code, o.stderr).toBe(0);
      expect(o.stdout).not.toContain('\u001b');
      expect(o.stdout).not.toContain('\u0007');
      if (command === 'inspect') expect(o.stdout).toContain('[31mShoplifting[0m');
    }
  });

  it('CSV output neutralises formula cells and Markdown escapes pipes', async () => {
    const csv = await runQuiet(['inspect', join(DIR, 'formula-labels.csv'), '--format', 'csv']);
    expect(csv.code).toBe(0);
    const offences = csv.stdout.split('\n').map((l) => l.split(',')[1] ?? '');
    expect(offences).toContain("'-2+3");
    expect(offences).toContain("'@SUM(A1:A9)");
    expect(offences).toContain("'+cmd|' /C calc'!A0");
    expect(csv.stdout).toContain(`"'=HYPERLINK(""http://x.invalid"",""click"")"`);
    expect(csv.stdout).not.toMatch(/(^|,)[=+@-][^,]*[A-Za-z(]/m);
    const md = await runQuiet(['inspect', join(DIR, 'formula-labels.csv'), '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('Stalking \\| harassment (pipe)');
    expect(md.stdout).not.toMatch(/[^\\]\| harassment \(pipe\)/);
  });

  it('an error quoting the data strips its control characters, so the error stays one safe line', async () => {
    // Enough plain rows that three control characters do not make the file look binary.
    const p = writeTemp(
      'hostile-header.csv',
      `\u001b]0;owned\u0007Date,\u001b[2JPlace\n${'2020-04-01,Dorset\n'.repeat(30)}`,
    );
    const o = await runQuiet(['trend', p]);
    const first = expectOneLineError(o, 'E_LAYOUT_UNKNOWN', { file: p, line: 1 });
    expect(first).toContain(']0;owned');
  });
});

let tmp: string | null = null;
function writeTemp(name: string, data: string | Buffer): string {
  tmp ??= mkdtempSync(join(tmpdir(), 'stalkstats-bad-'));
  const p = join(tmp, name);
  writeFileSync(p, data);
  return p;
}
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const HO =
  'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
const VAP = 'Violence against the person,Stalking and harassment';

describe('generated at test time: binary, huge and late-encoded files', () => {
  // A file is known by its first bytes before it is read as text: the error says what it is.
  it('random bytes with NULs: E_NOT_A_TABLE_FILE, a binary file', async () => {
    const bytes = randomBytes(8192);
    bytes[10] = 0;
    const p = writeTemp('random.csv', bytes);
    const first = expectOneLineError(await runQuiet(['inspect', p]), 'E_NOT_A_TABLE_FILE', { file: p, line: null });
    expect(first).toContain('binary file saved with a .csv name');
  });

  it.each([
    // A zip header and no directory: read as the zip it claims to be, and found cut short.
    [
      'workbook.xlsx.csv',
      Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(2000)]),
      'E_ARCHIVE_CORRUPT',
      'not a complete zip file',
    ],
    [
      'workbook.xls.csv',
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2000)]),
      'E_NOT_A_TABLE_FILE',
      'OLE compound file',
    ],
    ['report.pdf.csv', Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n'), 'E_NOT_A_TABLE_FILE', 'PDF document'],
  ])('%s (a renamed binary file): %s naming what it is', async (name, bytes, code, what) => {
    const p = writeTemp(name, bytes);
    const first = expectOneLineError(await runQuiet(['trend', p]), code, { file: p, line: null });
    expect(first).toContain(what);
  });

  it('a text header followed by binary junk: a typed error or an excluded row, never a crash', async () => {
    const junk = randomBytes(3000).map((b) => (b === 0 ? 1 : b));
    const p = writeTemp(
      'junk-after-header.csv',
      Buffer.concat([Buffer.from(`${HO}\n2020/21,1,Dorset,Stalking,${VAP},8Q,5\n`), junk]),
    );
    const o = await runQuiet(['inspect', p, '--format', 'json']);
    expectNoCrash(o);
    if (o.code === 0) expectBalanced(JSON.parse(o.stdout).reconciliation);
    else expect(o.stderr).toMatch(/\[E_[A-Z_]+\]$/m);
  });

  function writeBig(name: string, head: string, fill: number, bytes: number, tail: string): string {
    tmp ??= mkdtempSync(join(tmpdir(), 'stalkstats-bad-'));
    const p = join(tmp, name);
    const fd = openSync(p, 'w');
    try {
      writeSync(fd, head);
      const chunk = Buffer.alloc(1 << 20, fill);
      for (let left = bytes; left > 0; left -= chunk.length) writeSync(fd, chunk, 0, Math.min(left, chunk.length));
      writeSync(fd, tail);
    } finally {
      closeSync(fd);
    }
    return p;
  }

  it('a 50 MB file that is one line: E_LINE_TOO_LONG at line 1, in bounded memory', async () => {
    const p = writeBig('one-line.csv', '', 0x78, 50 * 1024 * 1024, '');
    const before = process.memoryUsage().rss;
    const o = await runQuiet(['inspect', p]);
    expectOneLineError(o, 'E_LINE_TOO_LONG', { file: p, line: 1 });
    // The parser gives up at 16 MB of one record: it never holds the whole 50 MB line.
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * 1024 * 1024);
    rmSync(p);
  });

  it('a 50 MB line after 60 good rows: E_LINE_TOO_LONG at its line', async () => {
    let rows = '';
    for (let i = 0; i < 60; i++) rows += `2020/21,1,Force ${i},Stalking,${VAP},8Q,${i}\n`;
    const p = writeBig('late-long-line.csv', `${HO}\n${rows}`, 0x79, 50 * 1024 * 1024, '\n');
    expectOneLineError(await runQuiet(['inspect', p]), 'E_LINE_TOO_LONG', { file: p, line: 62 });
    rmSync(p);
  });

  // csv.ts decodes in 1 MB chunks and starts again as Windows-1252 when a chunk is not UTF-8:
  // rows seen before that must not be counted twice.
  it('a wide file over 1 MB whose only Windows-1252 byte is near the end: read once, as Windows-1252', async () => {
    const header = 'Force Name,CSP Name,Offence Description,Offence Group,Offence Subgroup,OffenceCode,2019/20,2020/21';
    const lines = [header];
    let total = 0;
    for (let i = 0, size = 0; size < 1_300_000; i++) {
      const line = `Force ${i},CSP ${i},Stalking,${VAP},8Q,${i % 7},${i % 5}`;
      lines.push(line);
      size += line.length + 2;
      total += (i % 7) + (i % 5);
    }
    lines.push(`Gwent,Casnewydd,Fraud \u00e9 \u00a3 card,Fraud,Fraud,53,3,4`);
    total += 7;
    const p = writeTemp('late-1252-wide.csv', Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1'));
    const o = await runQuiet(['inspect', p, '--format', 'json']);
    expect(o.code, o.stderr).toBe(0);
    const doc = JSON.parse(o.stdout);
    expect(doc.files[0].layout.encoding).toBe('windows-1252');
    expect(doc.reconciliation.rowsRead).toBe(lines.length - 1);
    expect(doc.reconciliation.offencesRead).toBe(total);
    expectBalanced(doc.reconciliation);
    expect(doc.rows.map((r: { offence: string }) => r.offence)).toContain('Fraud \u00e9 \u00a3 card');
  });

  it('a long file over 1 MB whose only Windows-1252 byte is near the end: read once, as Windows-1252', async () => {
    const lines = [HO];
    let total = 0;
    for (let i = 0, size = 0; size < 1_300_000; i++) {
      const line = `2020/21,${(i % 4) + 1},Force ${i},Stalking,${VAP},8Q,${i % 9}`;
      lines.push(line);
      size += line.length + 1;
      total += i % 9;
    }
    lines.push(`2020/21,1,Gwent,Fraud \u00a3,Fraud,Fraud,53,4`);
    total += 4;
    const p = writeTemp('late-1252-long.csv', Buffer.from(`${lines.join('\n')}\n`, 'latin1'));
    const o = await runQuiet(['inspect', p, '--format', 'json']);
    expect(o.code, o.stderr).toBe(0);
    const doc = JSON.parse(o.stdout);
    expect(doc.files[0].layout.encoding).toBe('windows-1252');
    expect(doc.reconciliation.rowsRead).toBe(lines.length - 1);
    expect(doc.reconciliation.offencesRead).toBe(total);
    expect(doc.rows.map((r: { offence: string }) => r.offence)).toContain('Fraud \u00a3');
  });
});
