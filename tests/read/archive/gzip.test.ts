import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { StalkError } from '../../../src/core/errors.js';
import { gunzipFile } from '../../../src/read/archive/gzip.js';
import { DEFAULT_LIMITS } from '../../../src/read/archive/limits.js';
import { CsvParser } from '../../../src/read/csv.js';
import { writeTemp } from '../../helpers/temp.js';

const BAD = fileURLToPath(new URL('../../fixtures/bad/', import.meta.url));

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

async function failure(p: Promise<unknown>): Promise<StalkError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(StalkError);
  expect((e as StalkError).oneLine()).not.toContain('\n');
  return e as StalkError;
}

describe('gunzipFile', () => {
  it('unpacks a .gz file, and its chunks feed the CSV tokenizer record for record', async () => {
    const out = await collect(gunzipFile(`${BAD}gzip-good.csv.gz`));
    const text = out.toString('utf8');
    // make-archive-fixtures.py: a header and 40 forces x 4 quarters.
    const records: string[][] = [];
    const p = new CsvParser((f) => void records.push(f), ',', 1 << 20, 'gzip-good.csv.gz');
    const decoder = new TextDecoder();
    for await (const c of gunzipFile(`${BAD}gzip-good.csv.gz`, DEFAULT_LIMITS, 100))
      p.push(decoder.decode(c, { stream: true }));
    p.end();
    expect(records).toHaveLength(161);
    expect(records[160]).toEqual(['2017/18', '4', 'Force 39', '8Q', '394']);
    expect(text.split('\n')).toHaveLength(162);
  });

  it('reads concatenated members as one stream, as gunzip does', async () => {
    const path = writeTemp('two.csv.gz', Buffer.concat([gzipSync('a,b\n'), gzipSync('1,2\n')]));
    expect((await collect(gunzipFile(path))).toString()).toBe('a,b\n1,2\n');
  });

  it('a .gz cut short: E_ARCHIVE_CORRUPT naming the file', async () => {
    const e = await failure(collect(gunzipFile(`${BAD}gzip-truncated.csv.gz`)));
    expect(e.code).toBe('E_ARCHIVE_CORRUPT');
    expect(e.file).toBe(`${BAD}gzip-truncated.csv.gz`);
    expect(e.message).toContain('cut short');
  });

  it('not gzip at all: E_ARCHIVE_CORRUPT', async () => {
    const path = writeTemp('plain.csv.gz', 'a,b\n1,2\n');
    expect((await failure(collect(gunzipFile(path)))).code).toBe('E_ARCHIVE_CORRUPT');
  });

  it('20 MB of zeros in 19 kB: stops at 100 times the packed size, having unpacked no more than that', async () => {
    let seen = 0;
    const e = await failure(
      (async () => {
        for await (const c of gunzipFile(`${BAD}gzip-bomb.csv.gz`)) seen += c.length;
      })(),
    );
    expect(e.code).toBe('E_ARCHIVE_TOO_LARGE');
    expect(e.message).toContain('more than 100 times');
    // 100 x 19,465 bytes = 1,946,500: nothing past that was handed out.
    expect(seen).toBeLessThanOrEqual(1_946_500);
    expect(seen).toBeGreaterThan(1_946_500 - 64 * 1024);
  });

  it('stops at the byte limit as it streams', async () => {
    const path = writeTemp('digits.csv.gz', gzipSync('0123456789\n'.repeat(10_000)));
    const e = await failure(collect(gunzipFile(path, { ...DEFAULT_LIMITS, maxBytes: 50_000 })));
    expect(e.code).toBe('E_ARCHIVE_TOO_LARGE');
    expect(e.message).toContain('more than 50 kB');
  });
});
