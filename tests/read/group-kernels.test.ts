import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupPasses, MAX_PASS_GROUPS } from '../../src/read/groupKernels.js';

/** Plain JavaScript statements of what each compiled pass gives. */
function tuplesByHand(keys: Int32Array, width: number, n: number, positions: number[]) {
  const seen = new Map<string, number>();
  const ids: number[] = [];
  const first: number[] = [];
  for (let g = 0; g < n; g++) {
    const t = positions.map((p) => keys[g * width + p]).join(',');
    let id = seen.get(t);
    if (id === undefined) {
      seen.set(t, (id = seen.size));
      first.push(g);
    }
    ids.push(id);
  }
  return { ids, first, count: seen.size };
}

const table = fc
  .record({ width: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 0, max: 300 }), distinct: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 4, maxLength: 4 }) })
  .chain(({ width, n, distinct }) =>
    fc.record({
      width: fc.constant(width),
      n: fc.constant(n),
      sizes: fc.constant(distinct.slice(0, width)),
      keys: fc.tuple(...Array.from({ length: n }, () => fc.tuple(...distinct.slice(0, width).map((d) => fc.integer({ min: 0, max: d - 1 }))))),
      positions: fc.subarray([...Array(width).keys()]),
      values: fc.array(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 })), { minLength: n, maxLength: n }),
    }),
  );

describe('GroupPasses (compiled passes over the groups)', () => {
  it('number tuples densely in order of first group, and sum, select and find positives as plain loops do', () => {
    fc.assert(
      fc.property(table, ({ width, n, sizes, keys, positions, values }) => {
        const flat = Int32Array.from(keys.flat());
        const passes = GroupPasses.over(flat, width, n)!;
        expect(passes).not.toBeNull();
        const t = passes.tuples(positions, positions.map((p) => sizes[p]))!;
        const hand = tuplesByHand(flat, width, n, positions);
        expect(t.count).toBe(hand.count);
        expect([...t.ids()]).toEqual(hand.ids);
        expect([...t.first]).toEqual(hand.first);

        const numbers = passes.numbers(Float64Array.from(values));
        const sums = new Array<number>(hand.count).fill(0);
        hand.ids.forEach((id, g) => (sums[id] += values[g]));
        expect([...passes.sumBy(t, numbers)]).toEqual(sums);

        const flags = Uint8Array.from({ length: hand.count }, (_, i) => (i % 3 === 1 ? 1 : 0));
        expect([...passes.select(t, flags)]).toEqual(hand.ids.flatMap((id, g) => (flags[id] ? [g] : [])));
        expect([...passes.positive(numbers)]).toEqual(values.flatMap((v, g) => (v > 0 ? [g] : [])));
        expect(passes.wholeNumbers(numbers)).toBe(values.every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 31));
      }),
      { numRuns: 200 },
    );
  });

  it('number every group 0 when no position is asked for', () => {
    const passes = GroupPasses.over(Int32Array.of(3, 1, 2, 0), 2, 2)!;
    const t = passes.tuples([], [])!;
    expect(t.count).toBe(1);
    expect([...t.ids()]).toEqual([0, 0]);
    expect([...t.first]).toEqual([0]);
  });

  it('count whole numbers only up to 32 bits, and reject NaN and fractions', () => {
    const passes = GroupPasses.over(new Int32Array(5), 1, 5)!;
    // 2^31 - 1 and -2^31 fit; 2^31 does not, nor 0.5 nor NaN.
    expect(passes.wholeNumbers(passes.numbers(Float64Array.of(0, -5, 2147483647, -2147483648, 7)))).toBe(true);
    expect(passes.wholeNumbers(passes.numbers(Float64Array.of(0, -5, 2147483648, 1, 7)))).toBe(false);
    expect(passes.wholeNumbers(passes.numbers(Float64Array.of(0, 0.5, 1, 1, 7)))).toBe(false);
    expect(passes.wholeNumbers(passes.numbers(Float64Array.of(0, Number.NaN, 1, 1, 7)))).toBe(false);
  });

  it('decline tuples with more combinations than a table holds, and files with too many groups', () => {
    const passes = GroupPasses.over(Int32Array.of(0, 0, 0), 3, 1)!;
    // 2048^2 = 2^22 possible tuples: more than the 2^20 table.
    expect(passes.tuples([0, 1], [2048, 2048])).toBeNull();
    expect(passes.tuples([0, 1], [1024, 1024])).not.toBeNull();
    expect(GroupPasses.over(new Int32Array(0), 1, MAX_PASS_GROUPS + 1)).toBeNull();
  });

  it('keep working when the memory grows between passes (views are taken afresh)', () => {
    // 60,000 groups: the copies and tables take a few megabytes, grown step by step from one page.
    const n = 60_000;
    const keys = Int32Array.from({ length: n * 2 }, (_, i) => (i % 2 === 0 ? (i >> 1) % 997 : (i >> 1) % 13));
    const passes = GroupPasses.over(keys, 2, n)!;
    const t = passes.tuples([0, 1], [997, 13])!;
    // 997 and 13 are coprime, so the pairs repeat every 997 × 13 = 12,961 groups.
    expect(t.count).toBe(12_961);
    const ones = passes.numbers(new Float64Array(n).fill(1));
    const sums = passes.sumBy(t, ones);
    // 60,000 = 4 × 12,961 + 8,156: the first 8,156 tuples have 5 groups, the rest 4.
    expect(sums[0]).toBe(5);
    expect(sums[8155]).toBe(5);
    expect(sums[8156]).toBe(4);
    expect(sums.reduce((a, b) => a + b, 0)).toBe(n);
  });
});
