import type { FileHandle } from 'node:fs/promises';
import { unreadableFile } from '../source.js';

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
/** Header slots for the first FAT sectors; more are listed in DIFAT sectors. */
const HEADER_DIFAT = 109;
/** A directory longer than this (32,000 entries at 512-byte sectors) is a loop or a broken file. */
const MAX_DIRECTORY_SECTORS = 1000;

export function isCompoundFile(head: Uint8Array): boolean {
  return head.length >= 8 && SIGNATURE.every((b, i) => head[i] === b);
}

/**
 * The names of the streams and storages in an OLE compound file (the container of old .xls files
 * and of password-protected .xlsx files), read from its directory without reading the streams.
 * Returns null when the file is not a readable compound file.
 */
export async function compoundFileNames(path: string): Promise<string[] | null> {
  // Loaded when a compound file is met: file handles bring Node.js's stream and readline modules,
  // which a CSV run need not load.
  const { open } = await import('node:fs/promises');
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw unreadableFile(path, e);
  }
  try {
    return await readNames(fh);
  } finally {
    await fh.close();
  }
}

async function readNames(fh: FileHandle): Promise<string[] | null> {
  const header = Buffer.alloc(512);
  if ((await fh.read(header, 0, 512, 0)).bytesRead < 512 || !isCompoundFile(header)) return null;
  const shift = header.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return null;
  const sectorSize = 1 << shift;
  const perSector = sectorSize / 4;
  const sector = Buffer.alloc(sectorSize);
  const readSector = async (n: number, into: Buffer): Promise<boolean> =>
    (await fh.read(into, 0, sectorSize, (n + 1) * sectorSize)).bytesRead === sectorSize;

  // The FAT sector that holds entry k of the DIFAT (the list of FAT sectors).
  const difat = async (k: number): Promise<number> => {
    if (k < HEADER_DIFAT) return header.readUInt32LE(0x4c + 4 * k);
    let next = header.readUInt32LE(0x44);
    let index = k - HEADER_DIFAT;
    const buf = Buffer.alloc(sectorSize);
    for (let hops = 0; hops < MAX_DIRECTORY_SECTORS && next !== END_OF_CHAIN && next !== FREE; hops++) {
      if (!(await readSector(next, buf))) return FREE;
      if (index < perSector - 1) return buf.readUInt32LE(4 * index);
      index -= perSector - 1;
      next = buf.readUInt32LE(sectorSize - 4);
    }
    return FREE;
  };
  const fatBuf = Buffer.alloc(sectorSize);
  const nextSector = async (s: number): Promise<number> => {
    const fatSector = await difat(Math.floor(s / perSector));
    if (fatSector === FREE || fatSector === END_OF_CHAIN || !(await readSector(fatSector, fatBuf))) return END_OF_CHAIN;
    return fatBuf.readUInt32LE(4 * (s % perSector));
  };

  const names: string[] = [];
  let s = header.readUInt32LE(0x30);
  for (let hops = 0; s !== END_OF_CHAIN && hops < MAX_DIRECTORY_SECTORS; hops++) {
    if (!(await readSector(s, sector))) break;
    for (let off = 0; off + 128 <= sectorSize; off += 128) {
      const type = sector[off + 0x42];
      const len = sector.readUInt16LE(off + 0x40);
      if (type === 0 || len < 2 || len > 64) continue;
      names.push(sector.toString('utf16le', off, off + len - 2));
    }
    s = await nextSector(s);
  }
  return names;
}
