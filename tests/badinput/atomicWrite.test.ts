import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commitStaged, openStaged, stageFile, writeFileAtomic } from '../../src/core/atomicWrite.js';
import { StalkError } from '../../src/core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'stalkstats-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function codeOf(f: () => void): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(StalkError);
    return (e as StalkError).code;
  }
  return undefined;
}

describe('writeFileAtomic', () => {
  it('writes text given in pieces, and a failure part way leaves the old file and no temporary one', () => {
    const sub = join(dir, 'pieces');
    mkdirSync(sub);
    const p = join(sub, 'year.csv');
    commitStaged([
      stageFile(p, (write) => {
        write('a,b\n');
        write('1,£2\n');
      }),
    ]);
    expect(readFileSync(p, 'utf8')).toBe('a,b\n1,£2\n');
    expect(() =>
      stageFile(p, (write) => {
        write('half');
        throw new StalkError('E_NO_DATA', 'stopped');
      }),
    ).toThrow('stopped');
    expect(readFileSync(p, 'utf8')).toBe('a,b\n1,£2\n');
    expect(readdirSync(sub)).toEqual(['year.csv']);
  });

  it('stages files open side by side, written in turns; one given up leaves nothing behind', () => {
    const sub = join(dir, 'side-by-side');
    mkdirSync(sub);
    const json = openStaged(join(sub, 'y.json'));
    const csv = openStaged(join(sub, 'y.csv'));
    const md = openStaged(join(sub, 'y.md'));
    for (const n of [1, 2]) {
      json.write(`${n}`);
      csv.write(`${n},£\n`);
    }
    md.write('# draft');
    md.abort();
    commitStaged([json.finish(), csv.finish()]);
    expect(readdirSync(sub).sort()).toEqual(['y.csv', 'y.json']);
    expect(readFileSync(join(sub, 'y.json'), 'utf8')).toBe('12');
    expect(readFileSync(join(sub, 'y.csv'), 'utf8')).toBe('1,£\n2,£\n');
  });

  it('writes the text, and replaces an existing file whole', () => {
    const p = join(dir, 'out.json');
    writeFileAtomic(p, '{"a":1}\n');
    expect(readFileSync(p, 'utf8')).toBe('{"a":1}\n');
    writeFileAtomic(p, 'second £ – text\n');
    expect(readFileSync(p, 'utf8')).toBe('second £ – text\n');
  });

  it('leaves no temporary file behind, and writes nowhere but the path it is given', () => {
    const sub = join(dir, 'clean');
    mkdirSync(sub);
    writeFileAtomic(join(sub, 'a.csv'), 'x\n');
    writeFileAtomic(join(sub, 'a.csv'), 'y\n');
    expect(readdirSync(sub)).toEqual(['a.csv']);
  });

  it('fails with E_WRITE when the folder does not exist, creating nothing', () => {
    const p = join(dir, 'missing', 'out.csv');
    expect(codeOf(() => writeFileAtomic(p, 'x'))).toBe('E_WRITE');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('fails with E_WRITE when the path is a directory, leaving it untouched', () => {
    const d = join(dir, 'a-folder');
    mkdirSync(d);
    writeFileSync(join(d, 'keep.txt'), 'keep');
    expect(codeOf(() => writeFileAtomic(d, 'x'))).toBe('E_WRITE');
    expect(readdirSync(d)).toEqual(['keep.txt']);
  });

  it.skipIf(process.getuid?.() === 0)('keeps the old file when the folder is read-only', () => {
    const ro = join(dir, 'read-only');
    mkdirSync(ro);
    const p = join(ro, 'out.csv');
    writeFileSync(p, 'old\n');
    chmodSync(ro, 0o555);
    try {
      expect(codeOf(() => writeFileAtomic(p, 'new\n'))).toBe('E_WRITE');
      expect(readFileSync(p, 'utf8')).toBe('old\n');
      expect(readdirSync(ro)).toEqual(['out.csv']);
    } finally {
      chmodSync(ro, 0o755);
    }
  });
});
