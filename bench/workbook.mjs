// Benchmark: reading a sheet row by row (every cell as text) from a generated .xlsx and .ods in the
// Home Office long layout, against reading the same rows as CSV with scanCsv, and against Python's
// openpyxl in read-only mode. Run by hand after `npm run build`:
//
//   node bench/workbook.mjs [--rows 1000000] [--runs 3] [--keep DIR] [--ods] [--profile]
//
// Inputs are generated into a temporary folder (or DIR): the CSV by bench/generate.mjs, the .xlsx
// from that CSV by the small streaming writer below (shared strings and `r` references, as Excel
// writes them), the .ods (with --ods) by LibreOffice from the CSV. Each reader runs in its own
// process under GNU time for its elapsed time and peak memory. --profile also times the parts of
// an .xlsx read: inflating the sheet, decoding it to text, and tokenizing it without building rows.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, createDeflateRaw } from 'node:zlib';
import { generateHomeOffice } from './generate.mjs';

const bench = dirname(fileURLToPath(import.meta.url));
const root = join(bench, '..');
const dist = join(root, 'dist', 'src', 'read');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROWS = Number(option('rows', 1_000_000));
const RUNS = Number(option('runs', 3));
const timeBin = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));

// --- a child process runs one reader and prints "rows cells checksum" --------------------------
if (args[0] === '--child') {
  const [, what, path] = args;
  const started = process.hrtime.bigint();
  let rows = 0;
  let cells = 0;
  let chars = 0;
  if (what === 'csv') {
    const { scanCsv } = await import(join(dist, 'csv.js'));
    await scanCsv(path, (fields) => {
      rows++;
      cells += fields.length;
      for (const f of fields) chars += f.length;
    });
  } else if (what === 'workbook' || what === 'workbook-iter') {
    const { openWorkbook } = await import(join(dist, 'workbook', 'index.js'));
    const wb = await openWorkbook(path);
    const sheet = wb.sheets[0].name;
    if (what === 'workbook') {
      await wb.scan(sheet, (row) => {
        rows++;
        cells += row.length;
        for (const f of row) chars += f.length;
      });
    } else {
      for await (const r of wb.rows(sheet)) {
        rows++;
        cells += r.cells.length;
        for (const f of r.cells) chars += f.length;
      }
    }
    await wb.close();
  } else if (what === 'profile') {
    await profile(path);
    process.exit(0);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ rows, cells, chars, seconds }));
  process.exit(0);
}

/**
 * Times the stages of an .xlsx sheet read: inflating it, decoding it to text, the sheet scanner
 * (rows built, shared strings stood in for by their index) and the general tokenizer, no-op sink.
 */
async function profile(path) {
  const { ZipArchive } = await import(join(dist, 'archive', 'zip.js'));
  const { XmlTokenizer } = await import(join(dist, 'workbook', 'xml.js'));
  const zip = await ZipArchive.open(path);
  const entry = zip.entry('xl/worksheets/sheet1.xml');
  const time = async (label, fn) => {
    const t = process.hrtime.bigint();
    await fn();
    console.log(`${label.padEnd(36)} ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(2)} s`);
  };
  await time('inflate + CRC', async () => {
    for await (const _ of zip.stream(entry)) void _;
  });
  await time('inflate + CRC + UTF-8 decode', async () => {
    const d = new TextDecoder();
    for await (const c of zip.stream(entry)) d.decode(c, { stream: true });
  });
  await time('inflate + CRC + sheet scanner (rows)', async () => {
    const { XlsxSheetScanner } = await import(join(dist, 'workbook', 'xlsxSheet.js'));
    const strings = Array.from({ length: 10_000 }, (_, i) => String(i));
    const scanner = new XlsxSheetScanner(path, 'sheet', strings, new Uint8Array(0), false);
    for await (const c of zip.stream(entry)) {
      scanner.push(c);
      scanner.take();
    }
    scanner.end();
  });
  await time('inflate + UTF-8 decode + xml.ts tokenizer', async () => {
    const d = new TextDecoder();
    const t = new XmlTokenizer({ open() {}, close() {}, text() {} }, path, 'sheet');
    for await (const c of zip.stream(entry)) t.push(d.decode(c, { stream: true }));
    t.end();
  });
  await zip.close();
}

// --- inputs ------------------------------------------------------------------------------------

/** A zip written entry by entry, each deflated as it streams (sizes in data descriptors). */
class ZipWriter {
  constructor(path) {
    this.fd = openSync(path, 'w');
    this.offset = 0;
    this.central = [];
  }
  write(buf) {
    writeSync(this.fd, buf);
    this.offset += buf.length;
  }
  async entry(name, chunks, store = false) {
    const nameBuf = Buffer.from(name);
    const start = this.offset;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(store ? 0 : 0x0008, 6);
    local.writeUInt16LE(store ? 0 : 8, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt16LE(nameBuf.length, 26);
    let crc = 0;
    let size = 0;
    let csize = 0;
    if (store) {
      const data = Buffer.concat([...chunks].map((c) => Buffer.from(c)));
      crc = crc32(data);
      size = csize = data.length;
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(size, 18);
      local.writeUInt32LE(size, 22);
      this.write(local);
      this.write(nameBuf);
      this.write(data);
    } else {
      this.write(local);
      this.write(nameBuf);
      const deflate = createDeflateRaw({ level: 6 });
      const done = (async () => {
        for await (const out of deflate) {
          this.write(out);
          csize += out.length;
        }
      })();
      for (const c of chunks) {
        const b = Buffer.from(c);
        crc = crc32(b, crc);
        size += b.length;
        if (!deflate.write(b)) await new Promise((r) => deflate.once('drain', r));
      }
      deflate.end();
      await done;
      const desc = Buffer.alloc(16);
      desc.writeUInt32LE(0x08074b50, 0);
      desc.writeUInt32LE(crc, 4);
      desc.writeUInt32LE(csize, 8);
      desc.writeUInt32LE(size, 12);
      this.write(desc);
    }
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(store ? 0 : 0x0008, 8);
    cd.writeUInt16LE(store ? 0 : 8, 10);
    cd.writeUInt16LE(0x21, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(csize, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(nameBuf.length, 28);
    cd.writeUInt32LE(start, 42);
    this.central.push(cd, nameBuf);
  }
  close() {
    const cd = Buffer.concat(this.central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.central.length / 2, 8);
    end.writeUInt16LE(this.central.length / 2, 10);
    end.writeUInt32LE(cd.length, 12);
    end.writeUInt32LE(this.offset, 16);
    this.write(cd);
    this.write(end);
    closeSync(this.fd);
  }
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const colName = (i) => String.fromCharCode(65 + i);
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** The CSV's records, read with the project's tokenizer, as an .xlsx sheet. */
async function writeXlsx(csvPath, xlsxPath) {
  const { scanCsv } = await import(join(dist, 'csv.js'));
  const records = [];
  await scanCsv(csvPath, (fields) => void records.push(fields));
  const index = new Map();
  const strings = [];
  const shared = (s) => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      index.set(s, i);
      strings.push(s);
    }
    return i;
  };
  const numeric = /^-?(0|[1-9]\d*)$/;
  function* sheetXml() {
    yield `${DECL}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><dimension ref="A1:H${records.length}"/><sheetData>`;
    let buf = '';
    for (let r = 0; r < records.length; r++) {
      const n = r + 1;
      buf += `<row r="${n}" spans="1:8">`;
      records[r].forEach((v, c) => {
        buf +=
          numeric.test(v.trim()) && r > 0
            ? `<c r="${colName(c)}${n}"><v>${v.trim()}</v></c>`
            : `<c r="${colName(c)}${n}" t="s"><v>${shared(v)}</v></c>`;
      });
      buf += '</row>';
      if (buf.length > 1 << 16) {
        yield buf;
        buf = '';
      }
    }
    yield `${buf}</sheetData></worksheet>`;
  }
  const type = (part, what) => `<Override PartName="${part}" ContentType="${OFFICE_TYPE}.${what}+xml"/>`;
  const rel = (id, what, target) => `<Relationship Id="${id}" Type="${REL}/${what}" Target="${target}"/>`;
  const zip = new ZipWriter(xlsxPath);
  await zip.entry('[Content_Types].xml', [
    `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`,
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
    '<Default Extension="xml" ContentType="application/xml"/>',
    type('/xl/workbook.xml', 'sheet.main'),
    type('/xl/worksheets/sheet1.xml', 'worksheet'),
    type('/xl/sharedStrings.xml', 'sharedStrings'),
    '</Types>',
  ]);
  await zip.entry('_rels/.rels', [
    `${DECL}<Relationships xmlns="${PKG_REL}">${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`,
  ]);
  await zip.entry('xl/workbook.xml', [
    `${DECL}<workbook xmlns="${MAIN}" xmlns:r="${REL}">`,
    '<sheets><sheet name="2017-18" sheetId="1" r:id="rId1"/></sheets></workbook>',
  ]);
  await zip.entry('xl/_rels/workbook.xml.rels', [
    `${DECL}<Relationships xmlns="${PKG_REL}">`,
    rel('rId1', 'worksheet', 'worksheets/sheet1.xml'),
    rel('rId2', 'sharedStrings', 'sharedStrings.xml'),
    '</Relationships>',
  ]);
  await zip.entry('xl/worksheets/sheet1.xml', sheetXml());
  await zip.entry('xl/sharedStrings.xml', [
    `${DECL}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">`,
    ...strings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`),
    '</sst>',
  ]);
  zip.close();
}

// --- measurements ------------------------------------------------------------------------------

function measure(cmd, cmdArgs) {
  const r = timeBin
    ? spawnSync(timeBin, ['-f', '@@time %e %M', cmd, ...cmdArgs], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(cmd, cmdArgs, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed: ${r.stderr}`);
  const timeLine = (r.stderr ?? '').split('\n').find((l) => l.startsWith('@@time '));
  const [, seconds, kb] = timeLine ? timeLine.split(' ') : [];
  // The readers print one JSON line; the CLI prints its whole JSON document.
  let out = {};
  try {
    out = JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {}
  return { ...out, elapsed: Number(seconds), peakMB: kb ? Number(kb) / 1024 : null };
}

const OPENPYXL = `
import json, sys, time
from openpyxl import load_workbook
t = time.time()
wb = load_workbook(sys.argv[1], read_only=True)
ws = wb.worksheets[0]
rows = cells = chars = 0
for row in ws.iter_rows(values_only=True):
    rows += 1
    for v in row:
        cells += 1
        chars += len(str(v)) if v is not None else 0
wb.close()
print(json.dumps({"rows": rows, "cells": cells, "chars": chars, "seconds": time.time() - t}))
`;

/** A Python that has openpyxl: the one on the PATH, or Debian's (python3-openpyxl). */
function pythonWithOpenpyxl() {
  return ['python3', '/usr/bin/python3'].find(
    (py) => spawnSync(py, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0,
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Times each reader on `rows` rows in `dir` (inputs generated there when missing): the CSV with
 * scanCsv, the .xlsx with Workbook.scan and `for await`, the .ods with --ods, openpyxl when
 * installed, and the whole CLI (`trend --by fy`) on the .xlsx and on the CSV. Returns one result
 * per reader; the first is the CSV the others are compared with.
 */
export async function workbookBench({ rows, runs, dir, ods = false, log = console.log }) {
  if (!existsSync(join(dist, 'workbook', 'index.js'))) throw new Error('run `npm run build` first (bench reads dist/)');
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `ho-${rows}.csv`);
  const xlsx = join(dir, `ho-${rows}.xlsx`);
  const odsFile = join(dir, `ho-${rows}.ods`);
  if (!existsSync(csv)) generateHomeOffice(csv, rows);
  if (!existsSync(xlsx)) await writeXlsx(csv, xlsx);
  if (ods && !existsSync(odsFile)) {
    spawnSync('soffice', ['--headless', '--convert-to', 'ods', '--outdir', dir, csv], { stdio: 'ignore' });
  }
  const mb = (p) => (statSync(p).size / 1e6).toFixed(1);
  const sizes = `CSV ${mb(csv)} MB, .xlsx ${mb(xlsx)} MB${existsSync(odsFile) ? `, .ods ${mb(odsFile)} MB` : ''}`;
  log(`inputs: ${rows.toLocaleString('en-GB')} rows; ${sizes}`);
  if (runs === 0) return { results: [], sizes };
  const me = fileURLToPath(import.meta.url);
  const cli = join(root, 'bin', 'stalkstats.js');
  const cases = [
    ['CSV, scanCsv', process.execPath, [me, '--child', 'csv', csv]],
    ['.xlsx, Workbook.scan', process.execPath, [me, '--child', 'workbook', xlsx]],
    ['.xlsx, for await of Workbook.rows', process.execPath, [me, '--child', 'workbook-iter', xlsx]],
  ];
  if (existsSync(odsFile)) cases.push(['.ods, Workbook.scan', process.execPath, [me, '--child', 'workbook', odsFile]]);
  const python = pythonWithOpenpyxl();
  if (python) cases.push(['.xlsx, openpyxl read-only', python, ['-c', OPENPYXL, xlsx]]);
  else log('openpyxl not installed (apt-get install python3-openpyxl): skipped');
  cases.push(['CLI trend --by fy on the CSV', process.execPath, [cli, 'trend', csv, '--by', 'fy', '--format', 'json']]);
  cases.push([
    'CLI trend --by fy on the .xlsx',
    process.execPath,
    [cli, 'trend', xlsx, '--by', 'fy', '--format', 'json'],
  ]);
  const results = [];
  for (const [label, cmd, cmdArgs] of cases) {
    const times = [];
    for (let i = 0; i < (label.includes('openpyxl') ? 1 : runs); i++) times.push(measure(cmd, cmdArgs));
    const r = {
      label,
      rows: times[0].rows ?? null,
      cells: times[0].cells ?? null,
      seconds: median(times.map((x) => x.elapsed)),
      peakMB: median(times.map((x) => x.peakMB ?? 0)),
      runs: times.length,
    };
    results.push(r);
    const counts = r.rows === null ? '' : `  (${r.rows} rows, ${r.cells} cells)`;
    log(`${label.padEnd(36)} ${r.seconds.toFixed(2)} s  ${r.peakMB.toFixed(0)} MB peak${counts}`);
  }
  return { results, sizes };
}

async function main() {
  const keep = option('keep', null);
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'stalkstats-bench-wb-'));
  try {
    if (args.includes('--profile')) {
      const xlsx = join(dir, `ho-${ROWS}.xlsx`);
      if (!existsSync(xlsx)) await workbookBench({ rows: ROWS, runs: 0, dir });
      console.log(
        spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', 'profile', xlsx], { encoding: 'utf8' })
          .stdout,
      );
    }
    const { results } = await workbookBench({ rows: ROWS, runs: RUNS, dir, ods: args.includes('--ods') });
    const base = results[0].seconds;
    for (const r of results.slice(1))
      console.log(`${r.label.padEnd(36)} ${(r.seconds / base).toFixed(2)} x the CSV time`);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && args[0] !== '--child') await main();
