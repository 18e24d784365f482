import { byteScannerModule } from './bytescan.js';

/**
 * Passes over the columns of a grouped read, one entry per group, run in WebAssembly (compiled
 * from src/read/wasm/groups.ts with the byte scanner). A file of 50,000 groups is loaded before
 * V8 has optimised a JavaScript loop over them, so such a loop runs in the interpreter at a few
 * hundred nanoseconds a group; these run compiled from the first group.
 *
 * The columns are copied into the instance's memory; an instance serves one file and is dropped.
 */

/** What the compiled passes export (src/read/wasm/groups.ts). */
interface PassExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  tuples(keys: number, width: number, n: number, pos: number, radix: number, npos: number, table: number, size: number, ids: number, first: number): number;
  sumBy(ids: number, n: number, values: number, out: number, count: number): void;
  select(ids: number, n: number, flags: number, out: number): number;
  positive(values: number, n: number, out: number): number;
  wholeNumbers(values: number, n: number): number;
}

/**
 * Most groups taken. The passes pay where V8 would still be interpreting a JavaScript loop over
 * the groups; over more groups it optimises that loop early in its run, and the copies here would
 * only add memory (about 100 bytes a group: `--each-area` on the 10M-row bench file, 281,600
 * groups, peaked 30 MB higher with them).
 */
export const MAX_PASS_GROUPS = 1 << 16;

/** Largest product of distinct-id counts numbered through a table. */
const MAX_TUPLE_TABLE = 1 << 20;

/** Tuples of key ids numbered densely from 0 in order of first group. */
export interface TupleIds {
  count: number;
  /** Each number's first group. */
  first: Int32Array;
  /** Each group's number (copied out on demand). */
  ids(): Int32Array;
  /** Where the numbers are in the instance's memory. */
  readonly at: number;
}

/** Numbers of the groups copied in. */
export interface GroupNumbers {
  readonly at: number;
}

export class GroupPasses {
  private readonly w: PassExports;
  private readonly keysAt: number;

  private constructor(
    module: WebAssembly.Module,
    keys: Int32Array,
    private readonly width: number,
    private readonly n: number,
  ) {
    this.w = new WebAssembly.Instance(module, {}).exports as unknown as PassExports;
    this.keysAt = this.copyIn(keys.subarray(0, n * width));
  }

  /**
   * Passes over `n` groups of `width` key ids each, or null where they would not help: no
   * WebAssembly in this Node.js, or more than `MAX_PASS_GROUPS` groups.
   */
  static over(keys: Int32Array, width: number, n: number): GroupPasses | null {
    if (n > MAX_PASS_GROUPS) return null;
    const module = byteScannerModule();
    return module ? new GroupPasses(module, keys, width, n) : null;
  }

  private copyIn(a: Int32Array | Float64Array | Uint8Array): number {
    const at = this.w.alloc(Math.max(1, a.byteLength));
    new Uint8Array(this.w.memory.buffer, at, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    return at;
  }

  private int32s(at: number, length: number): Int32Array {
    return new Int32Array(this.w.memory.buffer, at, length).slice();
  }

  /** One number per group, copied in for the passes below. */
  numbers(values: Float64Array): GroupNumbers {
    return { at: this.copyIn(values.subarray(0, this.n)) };
  }

  /** Every number is whole and within 32 bits: sums of up to `MAX_PASS_GROUPS` of them are exact in any order. */
  wholeNumbers(values: GroupNumbers): boolean {
    return this.w.wholeNumbers(values.at, this.n) !== 0;
  }

  /**
   * Numbers the distinct tuples of ids at `positions` (`sizes`: each position's count of distinct
   * ids), or null when there are too many possible tuples for a table.
   */
  tuples(positions: number[], sizes: number[]): TupleIds | null {
    const radix = sizes.map((s) => Math.max(1, s));
    const size = radix.reduce((a, b) => a * b, 1);
    if (size > MAX_TUPLE_TABLE) return null;
    const w = this.w;
    const n = this.n;
    const pos = this.copyIn(Int32Array.from(positions));
    const rad = this.copyIn(Int32Array.from(radix));
    const table = w.alloc(size * 4);
    const ids = w.alloc(Math.max(1, n * 4));
    const first = w.alloc(Math.max(4, Math.min(n, size) * 4));
    const count = w.tuples(this.keysAt, this.width, n, pos, rad, positions.length, table, size, ids, first);
    const firsts = this.int32s(first, count);
    return { count, first: firsts, ids: () => this.int32s(ids, n), at: ids };
  }

  /** Per tuple, the sum of its groups' numbers. */
  sumBy(tuples: TupleIds, values: GroupNumbers): Float64Array {
    const out = this.w.alloc(Math.max(8, tuples.count * 8));
    this.w.sumBy(tuples.at, this.n, values.at, out, tuples.count);
    return new Float64Array(this.w.memory.buffer, out, tuples.count).slice();
  }

  /** The groups whose tuple is flagged (`flags`, one per tuple), in order. */
  select(tuples: TupleIds, flags: Uint8Array): Int32Array {
    const f = this.copyIn(flags.subarray(0, tuples.count));
    const out = this.w.alloc(Math.max(4, this.n * 4));
    return this.int32s(out, this.w.select(tuples.at, this.n, f, out));
  }

  /** The groups whose number is above zero, in order. */
  positive(values: GroupNumbers): Int32Array {
    const out = this.w.alloc(Math.max(4, this.n * 4));
    return this.int32s(out, this.w.positive(values.at, this.n, out));
  }
}
