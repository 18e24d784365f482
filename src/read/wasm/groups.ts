// Passes over the columns of a grouped read (one entry per group), in AssemblyScript, compiled with
// the byte scanner into dist/wasm/bytescan.wasm. src/read/groupKernels.ts drives them: it copies
// the columns in, calls a pass, and copies the answer out. They run at full speed from the first
// group, where the same loops in JavaScript would run in the interpreter for most of a small file.
//
// Memory is the minimal runtime's allocator; an instance serves one file's groups and is dropped.

/** Room for `bytes` bytes, for the caller to fill. */
export function alloc(bytes: i32): usize {
  return heap.alloc(<usize>bytes);
}

/**
 * Numbers the distinct tuples of key ids at `npos` positions (`pos`, i32 each) of every group's
 * `width` ids (`keys`), densely from 0 in order of first group: `ids` gets each group's number and
 * `first` each number's first group. `radix` holds each position's count of distinct ids; their
 * product is the size of `table` (i32 each, zeroed here). Returns how many tuples there are.
 */
export function tuples(keys: usize, width: i32, n: i32, pos: usize, radix: usize, npos: i32, table: usize, size: i32, ids: usize, first: usize): i32 {
  memory.fill(table, 0, <usize>size << 2);
  let count = 0;
  for (let g = 0; g < n; g++) {
    const row = keys + (<usize>(g * width) << 2);
    let c = 0;
    for (let i = 0; i < npos; i++) {
      const o = <usize>i << 2;
      c = c * load<i32>(radix + o) + load<i32>(row + (<usize>load<i32>(pos + o) << 2));
    }
    const slot = table + (<usize>c << 2);
    let id = load<i32>(slot) - 1;
    if (id < 0) {
      id = count++;
      store<i32>(slot, id + 1);
      store<i32>(first + (<usize>id << 2), g);
    }
    store<i32>(ids + (<usize>g << 2), id);
  }
  return count;
}

/** `out[ids[g]] += values[g]` over every group (`out`, `count` f64, is zeroed first). */
export function sumBy(ids: usize, n: i32, values: usize, out: usize, count: i32): void {
  memory.fill(out, 0, <usize>count << 3);
  for (let g = 0; g < n; g++) {
    const o = out + (<usize>load<i32>(ids + (<usize>g << 2)) << 3);
    store<f64>(o, load<f64>(o) + load<f64>(values + (<usize>g << 3)));
  }
}

/** The groups whose tuple is flagged (`flags[ids[g]]`, u8), in order, into `out`; returns how many. */
export function select(ids: usize, n: i32, flags: usize, out: usize): i32 {
  let count = 0;
  for (let g = 0; g < n; g++) {
    if (load<u8>(flags + <usize>load<i32>(ids + (<usize>g << 2))) != 0) {
      store<i32>(out + (<usize>count << 2), g);
      count++;
    }
  }
  return count;
}

/** The groups whose value is above zero, in order, into `out`; returns how many. */
export function positive(values: usize, n: i32, out: usize): i32 {
  let count = 0;
  for (let g = 0; g < n; g++) {
    if (load<f64>(values + (<usize>g << 3)) > 0) {
      store<i32>(out + (<usize>count << 2), g);
      count++;
    }
  }
  return count;
}

/**
 * Whether every value is a whole number of at most 31 bits, so that sums of up to 2^20 of them
 * are exact in any order.
 */
export function wholeNumbers(values: usize, n: i32): bool {
  for (let g = 0; g < n; g++) {
    const v = load<f64>(values + (<usize>g << 3));
    if (!(v == Math.trunc(v) && v <= 2147483647 && v >= -2147483648)) return false;
  }
  return true;
}
