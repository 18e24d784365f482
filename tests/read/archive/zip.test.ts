import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { StalkError } from '../../../src/core/errors.js';
import { crc32, crc32Js } from '../../../src/read/archive/crc32.js';
import { DEFAULT_LIMITS, formatBytes } from '../../../src/read/archive/limits.js';
import { ZipArchive } from '../../../src/read/archive/zip.js';
import { writeTemp } from '../../helpers/temp.js';

const BAD = fileURLToPath(new URL('../../fixtures/bad/', import.meta.url));

/** The offences table the bad fixtures pack (make-archive-fixtures.py writes the same rows). */
function offencesCsv(): string {
  let s = 'Financial Year,Financial Quarter,Force Name,Offence Code,Number of Offences\n';
  for (let f = 0; f < 40; f++) for (let q = 1; q <= 4; q++) s += `2017/18,${q},Force ${f},8Q,${f * 10 + q}\n`;
  return s;
}

async function text(zip: ZipArchive, name: string): Promise<string> {
  const e = zip.entry(name);
  if (!e) throw new Error(`no entry ${name}`);
  return (await zip.read(e)).toString('utf8');
}

async function failure(p: Promise<unknown>): Promise<StalkError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(StalkError);
  const err = e as StalkError;
  expect(err.oneLine()).not.toContain('\n');
  return err;
}

async function drain(zip: ZipArchive, name: string): Promise<number> {
  let n = 0;
  for await (const c of zip.stream(zip.entry(name)!)) n += c.length;
  return n;
}

/** A zip made by Python's zipfile (the common writer besides Excel and LibreOffice). */
function pythonZip(name: string, entries: Record<string, string>, method: 'STORED' | 'DEFLATED'): string {
  const path = writeTemp(name, '');
  const script = [
    'import json, sys, zipfile',
    `z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_${method})`,
    'for k, v in json.load(sys.stdin).items(): z.writestr(k, v)',
    'z.close()',
  ].join('\n');
  execFileSync('python3', ['-c', script, path], { input: JSON.stringify(entries) });
  return path;
}

describe('ZipArchive: listing and reading', () => {
  it('lists entries with sizes and methods and reads deflated and stored entries back', async () => {
    const csv = offencesCsv();
    for (const method of ['DEFLATED', 'STORED'] as const) {
      const path = pythonZip(
        `ok-${method}.zip`,
        { 'data/offences.csv': csv, 'data/': '', 'notes £.txt': 'notes' },
        method,
      );
      const zip = await ZipArchive.open(path);
      try {
        expect(zip.entries.map((e) => e.name)).toEqual(['data/offences.csv', 'data/', 'notes £.txt']);
        const e = zip.entry('data/offences.csv')!;
        expect(e.size).toBe(Buffer.byteLength(csv));
        expect(e.method).toBe(method === 'DEFLATED' ? 8 : 0);
        expect(e.encrypted).toBe(false);
        expect(zip.entry('data/')!.isDirectory).toBe(true);
        expect(await text(zip, 'data/offences.csv')).toBe(csv);
        expect(await text(zip, 'notes £.txt')).toBe('notes');
      } finally {
        await zip.close();
      }
    }
  });

  it('streams a large entry in chunks whose lengths add up to its size', async () => {
    // 3 MB of varied digits: several 64 kB chunks, nothing like a bomb (deflate packs it about 2x).
    let body = '';
    for (let i = 0; body.length < 3_000_000; i++) body += `${(i * 7919) % 100003},`;
    const path = pythonZip('big.zip', { 'big.csv': body }, 'DEFLATED');
    const zip = await ZipArchive.open(path);
    try {
      const chunks: number[] = [];
      for await (const c of zip.stream(zip.entry('big.csv')!)) chunks.push(c.length);
      expect(chunks.length).toBeGreaterThan(10);
      expect(chunks.reduce((a, b) => a + b, 0)).toBe(body.length);
    } finally {
      await zip.close();
    }
  });

  it('stops cleanly when the reader leaves early, and can read the entry again', async () => {
    const path = pythonZip('early.zip', { 'a.csv': offencesCsv().repeat(200) }, 'DEFLATED');
    const zip = await ZipArchive.open(path);
    try {
      for await (const c of zip.stream(zip.entry('a.csv')!, 1024)) {
        expect(c.length).toBeGreaterThan(0);
        break;
      }
      expect(await drain(zip, 'a.csv')).toBe(offencesCsv().length * 200);
    } finally {
      await zip.close();
    }
  });

  it('reads an entry whose local header carries a zip64 extra field', async () => {
    const path = writeTemp('z64.zip', '');
    const script = [
      'import sys, zipfile',
      "z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)",
      // force_zip64 puts a zip64 extra field in the local header, which the data start must skip.
      "with z.open('a.csv', 'w', force_zip64=True) as f: f.write(b'x,y\\n1,2\\n')",
      'z.close()',
    ].join('\n');
    execFileSync('python3', ['-c', script, path]);
    const zip = await ZipArchive.open(path);
    try {
      expect(await text(zip, 'a.csv')).toBe('x,y\n1,2\n');
    } finally {
      await zip.close();
    }
  });

  it('reads a hand-built zip whose directory holds every size in the zip64 extra field', async () => {
    const body = Buffer.from('Force,Count\nA,1\n');
    const packed = deflateRawSync(body);
    const name = Buffer.from('t.csv');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(body), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(body.length, 22);
    local.writeUInt16LE(name.length, 26);
    const extra = Buffer.alloc(4 + 24);
    extra.writeUInt16LE(1, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(body.length), 4);
    extra.writeBigUInt64LE(BigInt(packed.length), 12);
    extra.writeBigUInt64LE(0n, 20);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(body), 16);
    central.writeUInt32LE(0xffffffff, 20);
    central.writeUInt32LE(0xffffffff, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(0xffffffff, 42);
    const cdOffset = 30 + name.length + packed.length;
    const cd = Buffer.concat([central, name, extra]);
    const z64 = Buffer.alloc(56);
    z64.writeUInt32LE(0x06064b50, 0);
    z64.writeBigUInt64LE(44n, 4);
    z64.writeBigUInt64LE(1n, 24);
    z64.writeBigUInt64LE(1n, 32);
    z64.writeBigUInt64LE(BigInt(cd.length), 40);
    z64.writeBigUInt64LE(BigInt(cdOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(cdOffset + cd.length), 8);
    locator.writeUInt32LE(1, 16);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt16LE(0xffff, 10);
    end.writeUInt32LE(0xffffffff, 12);
    end.writeUInt32LE(0xffffffff, 16);
    const path = writeTemp('hand-z64.zip', Buffer.concat([local, name, packed, cd, z64, locator, end]));
    const zip = await ZipArchive.open(path);
    try {
      expect(zip.entries).toHaveLength(1);
      expect(zip.entries[0]).toMatchObject({
        name: 't.csv',
        size: body.length,
        compressedSize: packed.length,
        offset: 0,
      });
      expect(await text(zip, 't.csv')).toBe(body.toString());
    } finally {
      await zip.close();
    }
  });
});

describe('ZipArchive: bad archives give one-line errors naming the file', () => {
  it('a zip cut short (no end of central directory): E_ARCHIVE_CORRUPT', async () => {
    const e = await failure(ZipArchive.open(`${BAD}zip-truncated.zip`));
    expect(e.code).toBe('E_ARCHIVE_CORRUPT');
    expect(e.file).toBe(`${BAD}zip-truncated.zip`);
    expect(e.message).toContain('no end of central directory');
  });

  it('deflate data overwritten: E_ARCHIVE_CORRUPT when the entry is read', async () => {
    const zip = await ZipArchive.open(`${BAD}zip-corrupt-deflate.zip`);
    try {
      const e = await failure(drain(zip, 'offences.csv'));
      expect(e.code).toBe('E_ARCHIVE_CORRUPT');
      expect(e.message).toMatch(/offences\.csv/);
    } finally {
      await zip.close();
    }
  });

  it('an entry whose deflate data ends too soon: E_ARCHIVE_CORRUPT, cut short', async () => {
    const zip = await ZipArchive.open(`${BAD}zip-entry-cut-short.zip`);
    try {
      const e = await failure(drain(zip, 'offences.csv'));
      expect(e.code).toBe('E_ARCHIVE_CORRUPT');
      expect(e.message).toContain('cut short');
    } finally {
      await zip.close();
    }
  });

  it('an entry whose bytes fail their CRC-32: E_ARCHIVE_CORRUPT', async () => {
    const zip = await ZipArchive.open(`${BAD}zip-crc-mismatch.zip`);
    try {
      const e = await failure(drain(zip, 'offences.csv'));
      expect(e.code).toBe('E_ARCHIVE_CORRUPT');
      expect(e.message).toContain('CRC-32');
    } finally {
      await zip.close();
    }
  });

  it('a password-protected entry: listed, and E_ENCRYPTED when read', async () => {
    const zip = await ZipArchive.open(`${BAD}zip-encrypted-entry.zip`);
    try {
      expect(zip.entries[0].encrypted).toBe(true);
      const e = await failure(drain(zip, 'offences.csv'));
      expect(e.code).toBe('E_ENCRYPTED');
      expect(e.message).toContain('password-protected');
    } finally {
      await zip.close();
    }
  });

  it('20 MB of zeros in 20 kB (over 100 times): E_ARCHIVE_TOO_LARGE before anything is unpacked', async () => {
    const e = await failure(ZipArchive.open(`${BAD}zip-bomb-ratio.zip`));
    expect(e.code).toBe('E_ARCHIVE_TOO_LARGE');
    expect(e.message).toContain('more than 100 times');
    // The packed size is the entry's deflate data, a little under the file's 19.6 kB.
    expect(e.message).toMatch(/\(20 MB from 19\.\d kB\)/);
  });

  it('60 directory entries sharing one 20 MB entry (1.2 GB): E_ARCHIVE_TOO_LARGE, naming 1 GB', async () => {
    const e = await failure(ZipArchive.open(`${BAD}zip-bomb-overlapping.zip`));
    expect(e.code).toBe('E_ARCHIVE_TOO_LARGE');
    // 60 x 20,000,000 bytes = 1.2 GB, over the limit of 1,000,000,000.
    expect(e.message).toContain('more than 1 GB (1.2 GB from');
  });

  it('a directory that understates an entry: the stream stops at the stated size', async () => {
    const path = pythonZip('understated.zip', { 'a.csv': 'x,y\n'.repeat(1000) }, 'DEFLATED');
    const zip = await ZipArchive.open(path);
    try {
      const lying = { ...zip.entry('a.csv')!, size: 100 };
      const e = await failure(
        (async () => {
          for await (const c of zip.stream(lying)) expect(c.length).toBeGreaterThan(0);
        })(),
      );
      expect(e.code).toBe('E_ARCHIVE_CORRUPT');
      expect(e.message).toContain('more than the 100 bytes its directory says');
    } finally {
      await zip.close();
    }
  });

  it('limits are options: a 4 kB entry refused under a 1 kB limit', async () => {
    const path = pythonZip('small.zip', { 'a.csv': 'x'.repeat(4000) }, 'STORED');
    const e = await failure(ZipArchive.open(path, { ...DEFAULT_LIMITS, maxBytes: 1000 }));
    expect(e.code).toBe('E_ARCHIVE_TOO_LARGE');
    expect(e.message).toContain('more than 1 kB (4 kB from 4 kB)');
  });

  it('a missing file: E_FILE_NOT_FOUND', async () => {
    expect((await failure(ZipArchive.open(`${BAD}no-such.zip`))).code).toBe('E_FILE_NOT_FOUND');
  });
});

describe('formatBytes', () => {
  it('writes sizes in powers of 1000 to three figures', () => {
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(19_563)).toBe('19.6 kB');
    expect(formatBytes(1_200_000_000)).toBe('1.2 GB');
    expect(formatBytes(340_000)).toBe('340 kB');
  });
});

describe('crc32', () => {
  it('the JavaScript fallback agrees with zlib, whole and in pieces', () => {
    const data = Buffer.from('Financial Year,Financial Quarter,Force Name\n2017/18,1,Kent\n'.repeat(50));
    // The CRC-32 of "123456789" is cbf43926 (the check value of the standard).
    expect(crc32Js(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32Js(data)).toBe(crc32(data));
    expect(crc32Js(data.subarray(1000), crc32Js(data.subarray(0, 1000)))).toBe(crc32(data));
  });
});
