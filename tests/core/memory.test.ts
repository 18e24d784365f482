import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/core/memory.js';

describe('collectGarbage', () => {
  it('frees what is no longer reachable, at once', () => {
    // Held through an object, as a compiler may drop a local it sees no further read of.
    const holder: { rows: { n: number; text: string }[] | null } = { rows: [] };
    for (let n = 0; n < 400_000; n++) holder.rows!.push({ n, text: `row ${n}` });
    collectGarbage();
    const holding = process.memoryUsage().heapUsed;
    expect(holder.rows).toHaveLength(400_000);
    holder.rows = null;
    collectGarbage();
    const after = process.memoryUsage().heapUsed;
    // 400,000 objects of two fields and a string each, and the array: well over 16 MB however V8
    // lays them out. Without a collection most of them would still be counted here.
    expect(holding - after).toBeGreaterThan(16 * 1024 * 1024);
  });

  it('can be asked for again', () => {
    expect(() => {
      collectGarbage();
      collectGarbage();
    }).not.toThrow();
  });
});
