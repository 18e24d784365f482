import zlib from 'node:zlib';

let table: Int32Array | null = null;

/** CRC-32 in JavaScript, for Node.js 20 before 20.15, which has no zlib.crc32. */
function crc32Js(data: Uint8Array, value = 0): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = ~value;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** The CRC-32 of `data` continued from `value` (zip's checksum), natively where Node.js has it. */
export const crc32: (data: Uint8Array, value?: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (d, v) => zlib.crc32(d, v) : crc32Js;

export { crc32Js };
