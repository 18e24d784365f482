// The distinct values of each key column, for the byte scanner (bytescan.ts): interned by their
// raw bytes, which live in one shared arena, and the memory helpers both files use. Tables grow by
// doubling; the minimal runtime's allocator frees and reuses blocks, and nothing is collected.

/** The distinct values of one key column, by id: their bytes are in the shared arena. */
@unmanaged export class Interner {
  table: usize = 0;
  mask: i32 = 0;
  hashes: usize = 0;
  starts: usize = 0;
  lengths: usize = 0;
  count: i32 = 0;
  cap: i32 = 0;
}
let interners: usize = 0;
// Shared arena of key bytes.
let arena: usize = 0;
let arenaUsed: i32 = 0;
let arenaCap: i32 = 0;
export function zeroed(bytes: usize): usize {
  const p = heap.alloc(bytes);
  memory.fill(p, 0, bytes);
  return p;
}

export function grown(p: usize, oldBytes: usize, newBytes: usize): usize {
  if (p == 0) return zeroed(newBytes);
  const q = heap.realloc(p, newBytes);
  memory.fill(q + oldBytes, 0, newBytes - oldBytes);
  return q;
}

/** `grown` for a table whose entries are all written when they are made: its new room is not zeroed. */
export function moved(p: usize, newBytes: usize): usize {
  return p == 0 ? heap.alloc(newBytes) : heap.realloc(p, newBytes);
}
export function getArena(): usize { return arena; }
export function valueCount(k: i32): i32 { return interner(k).count; }
export function valueStarts(k: i32): usize { return interner(k).starts; }
export function valueLengths(k: i32): usize { return interner(k).lengths; }
@inline export function interner(k: i32): Interner {
  return changetype<Interner>(interners + <usize>k * offsetof<Interner>());
}
@inline export function geti(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
@inline export function seti(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }
const K1: u64 = 0x9e3779b97f4a7c15;
const K2: u64 = 0xc2b2ae3d27d4eb4f;

@inline function mix(h: u64, w: u64): u64 {
  return rotl<u64>(h ^ (w * K1), 27) * K2;
}

/**
 * A hash of every byte of a field, eight at a time (the last eight may overlap the ones before).
 * Every hit is still confirmed byte for byte; reading all the bytes keeps values that differ in
 * a few middle bytes (codes with a shared prefix and suffix) out of each other's slot chains.
 */
export function hashField(s: usize, e: usize): i32 {
  const len = e - s;
  let h: u64 = (<u64>len + 1) * K2;
  if (len >= 8) {
    let p = s;
    while (p + 8 < e) {
      h = mix(h, load<u64>(p));
      p += 8;
    }
    h = mix(h, load<u64>(e - 8));
  } else if (len >= 4) {
    h = mix(h, (<u64>load<u32>(s) << 32) | <u64>load<u32>(e - 4));
  } else {
    let w: u64 = 0;
    for (let p = s; p < e; p++) w = (w << 8) | <u64>load<u8>(p);
    h = mix(h, w);
  }
  h ^= h >> 32;
  h *= K1;
  h ^= h >> 29;
  return <i32>h;
}

/** Whether value `id` of interner `t` has exactly the bytes [s, e). */
export function same(t: Interner, id: i32, s: usize, e: usize): bool {
  const len = <i32>(e - s);
  if (geti(t.lengths, id) != len) return false;
  let a = arena + <usize>geti(t.starts, id);
  if (len < 8) {
    if (len >= 4) return load<u32>(a) == load<u32>(s) && load<u32>(a + <usize>len - 4) == load<u32>(e - 4);
    for (let b = s; b < e; b++, a++) if (load<u8>(a) != load<u8>(b)) return false;
    return true;
  }
  const last = a + <usize>len - 8;
  let b = s;
  for (; a < last; a += 8, b += 8) if (load<u64>(a) != load<u64>(b)) return false;
  return load<u64>(last) == load<u64>(e - 8);
}

/** The id of the value with the bytes [s, e) (hash `h`) in interner `t`, added if new. */
export function intern(t: Interner, s: usize, e: usize, h: i32): i32 {
  let slot = (h ^ <i32>(<u32>h >> 15)) & t.mask;
  while (true) {
    const v = geti(t.table, slot);
    if (v == 0) break;
    const id = v - 1;
    if (geti(t.hashes, id) == h && same(t, id, s, e)) return id;
    slot = (slot + 1) & t.mask;
  }
  const id = t.count;
  const len = <i32>(e - s);
  if (id == t.cap) {
    const cap = t.cap * 2;
    t.hashes = grown(t.hashes, <usize>t.cap << 2, <usize>cap << 2);
    t.starts = grown(t.starts, <usize>t.cap << 2, <usize>cap << 2);
    t.lengths = grown(t.lengths, <usize>t.cap << 2, <usize>cap << 2);
    t.cap = cap;
  }
  if (arenaUsed + len + 8 > arenaCap) {
    let cap = arenaCap * 2;
    if (cap < arenaUsed + len + 8) cap = arenaUsed + len + 8;
    arena = grown(arena, arenaCap, cap);
    arenaCap = cap;
  }
  memory.copy(arena + <usize>arenaUsed, s, len);
  seti(t.hashes, id, h);
  seti(t.starts, id, arenaUsed);
  seti(t.lengths, id, len);
  arenaUsed += len;
  t.count = id + 1;
  seti(t.table, slot, id + 1);
  if ((id + 1) * 2 > t.mask + 1) {
    const size = (t.mask + 1) * 2;
    const table = zeroed(<usize>size << 2);
    const mask = size - 1;
    for (let j = 0; j < t.count; j++) {
      const jh = geti(t.hashes, j);
      let sl = (jh ^ <i32>(<u32>jh >> 15)) & mask;
      while (geti(table, sl) != 0) sl = (sl + 1) & mask;
      seti(table, sl, j + 1);
    }
    heap.free(t.table);
    t.table = table;
    t.mask = mask;
  }
  return id;
}

/** Room for the values of `kCount` key columns, and an empty arena. */
export function initValues(kCount: i32): void {
  interners = zeroed(<usize>kCount * offsetof<Interner>());
  for (let k = 0; k < kCount; k++) {
    const t = changetype<Interner>(interners + <usize>k * offsetof<Interner>());
    t.table = zeroed(256 << 2);
    t.mask = 255;
    t.cap = 64;
    t.hashes = zeroed(64 << 2);
    t.starts = zeroed(64 << 2);
    t.lengths = zeroed(64 << 2);
    t.count = 0;
  }
  arenaCap = 4096;
  arena = zeroed(arenaCap);
  arenaUsed = 0;
}
