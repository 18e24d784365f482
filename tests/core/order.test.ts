import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/core/order.js';
import { REPO_ROOT } from '../helpers/realData.js';
import { csv, writeTemp } from '../helpers/temp.js';

const run = promisify(execFile);

describe('compareText', () => {
  it('orders case-folded text by code unit, ties by the exact text', () => {
    expect(compareText('apple', 'Banana')).toBeLessThan(0); // 'apple' < 'banana' once folded
    expect(compareText('Banana', 'apple')).toBeGreaterThan(0);
    expect(compareText('A', 'a')).toBeLessThan(0); // a tie once folded: 'A' (65) before 'a' (97)
    expect(compareText('a', 'A')).toBeGreaterThan(0);
    expect(compareText('same', 'same')).toBe(0);
    expect(compareText('', 'a')).toBeLessThan(0);
    expect(compareText('Avon', 'Avon and Somerset')).toBeLessThan(0); // a prefix first
    expect(compareText('West Midlands', 'West Midlands / Staffordshire')).toBeLessThan(0);
  });

  it('ignores the locale: "aa" before "b" and "ä" after "z", as in no particular language', () => {
    // Danish collation puts 'aa' (å) after 'z', Swedish puts 'ä' after 'z'; English puts 'ä' with 'a'.
    expect(['b', 'aa'].sort(compareText)).toEqual(['aa', 'b']);
    expect(['ä', 'z'].sort(compareText)).toEqual(['z', 'ä']);
  });

  it('is a consistent total order (antisymmetric, transitive on a sample)', () => {
    const words = ['b', 'B', 'a', 'A', 'ab', 'Ab', 'a b', 'a-b', 'a_b', '10', '9', 'é', 'E', ''];
    for (const x of words)
      for (const y of words) expect(Math.sign(compareText(x, y)) + Math.sign(compareText(y, x))).toBe(0);
    const sorted = [...words].sort(compareText);
    for (let i = 1; i < sorted.length; i++) expect(compareText(sorted[i - 1], sorted[i])).toBeLessThan(0);
  });
});

describe('output order does not depend on the locale', () => {
  it('inspect lists labels in the same order under a Danish and a plain locale', async () => {
    // In Danish collation 'Aardvark' (å) sorts after 'Burglary'.
    const file = writeTemp(
      'locale.csv',
      csv(
        'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences',
        '2020/21,1,Eastwick,Burglary of bins,Other,Other,99A,5',
        '2020/21,1,Eastwick,Aardvark theft,Other,Other,99B,7',
        '2020/21,1,Eastwick,Stalking,VAP,Stalking and harassment,8Q,3',
      ),
    );
    const labels = async (locale: string) => {
      const { stdout } = await run(process.execPath, ['bin/stalkstats.js', 'inspect', file, '--format', 'json'], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', LC_ALL: locale, LANG: locale },
      });
      return stdout;
    };
    const plain = await labels('C.UTF-8');
    expect(plain.indexOf('Aardvark theft')).toBeLessThan(plain.indexOf('Burglary of bins'));
    expect(plain.indexOf('Aardvark theft')).toBeGreaterThan(0);
    expect(await labels('da_DK.UTF-8')).toBe(plain);
  });
});
