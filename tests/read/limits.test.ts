import { describe, expect, it } from 'vitest';
import { StalkError } from '../../src/core/errors.js';
import { parseCsvText } from '../../src/read/csv.js';

describe('record limits', () => {
  it('a record of more than 100,000 fields stops with E_LINE_TOO_LONG at its line', () => {
    const text = `a,b\n${'1,'.repeat(100_001)}1\n`;
    let caught: unknown;
    try {
      parseCsvText(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(StalkError);
    expect((caught as StalkError).code).toBe('E_LINE_TOO_LONG');
    expect((caught as StalkError).line).toBe(2);
  });

  it('100,000 fields are still read', () => {
    const rows = parseCsvText(`${'x,'.repeat(99_999)}x\n`);
    expect(rows[0].fields.length).toBe(100_000);
  });
});

describe('encoding switch without reading twice', () => {
  it('incompleteUtf8Tail finds an unfinished sequence at the end of a chunk', async () => {
    const { incompleteUtf8Tail } = await import('../../src/read/csv.js');
    expect(incompleteUtf8Tail(Buffer.from('abc'))).toBe(0);
    expect(incompleteUtf8Tail(Buffer.from([0x61, 0xc3]))).toBe(1); // é is C3 A9: A9 missing
    expect(incompleteUtf8Tail(Buffer.from([0x61, 0xe2, 0x82]))).toBe(2); // € is E2 82 AC
    expect(incompleteUtf8Tail(Buffer.from([0x61, 0xe2, 0x82, 0xac]))).toBe(0);
    expect(incompleteUtf8Tail(Buffer.from([0xf0, 0x9f, 0x98]))).toBe(3);
  });

  it('a Windows-1252 byte after the first chunk switches encoding; every record is handed over once', async () => {
    const { scanCsv } = await import('../../src/read/csv.js');
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const lines = ['label,n'];
    for (let i = 0; i < 200; i++) lines.push(`row ${i},${i}`);
    lines.push('caf\u00e9 \u00a3,7'); // 0xE9 and 0xA3 in Windows-1252: not valid UTF-8
    const path = join(mkdtempSync(join(tmpdir(), 'stalkstats-enc-')), 'late.csv');
    writeFileSync(path, Buffer.from(`${lines.join('\n')}\n`, 'latin1'));
    const seen: number[] = [];
    let last = '';
    // 64-byte chunks: the odd bytes come many chunks after records were handed over.
    const stats = await scanCsv(
      path,
      (fields, line) => {
        seen.push(line);
        last = fields[0];
      },
      { chunkBytes: 64 },
    );
    expect(stats.encoding).toBe('windows-1252');
    expect(seen.length).toBe(202);
    expect(new Set(seen).size).toBe(202);
    expect(seen[201]).toBe(202);
    expect(last).toBe('caf\u00e9 \u00a3');
  });

  it('valid UTF-8 split across chunks stays UTF-8', async () => {
    const { scanCsv } = await import('../../src/read/csv.js');
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'stalkstats-enc-')), 'utf8.csv');
    const text = `label\n${'€é😀,'.repeat(50)}x\n`;
    writeFileSync(path, text, 'utf8');
    let fields: string[] = [];
    const stats = await scanCsv(path, (f) => void (fields = f), { chunkBytes: 5 });
    expect(stats.encoding).toBe('utf-8');
    expect(fields[0]).toBe('€é😀');
    expect(fields.length).toBe(51);
  });
});
