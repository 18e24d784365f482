import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { StalkError } from '../../core/errors.js';
import { unreadableFile } from '../source.js';
import { DEFAULT_LIMITS, overLimits, type UnpackLimits } from './limits.js';

/**
 * A .gz file's unpacked bytes, chunk by chunk (concatenated members included, as gunzip does).
 * The gzip trailer's size can lie, so the limits are applied to the bytes as they come out: the
 * stream stops with `E_ARCHIVE_TOO_LARGE` as soon as they are passed.
 */
export async function* gunzipFile(
  path: string,
  limits: UnpackLimits = DEFAULT_LIMITS,
  chunkBytes = 64 * 1024,
): AsyncGenerator<Buffer> {
  let packed: number;
  try {
    packed = statSync(path).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new StalkError('E_FILE_NOT_FOUND', 'no such file', { file: path });
    throw unreadableFile(path, e);
  }
  // Loaded here, when a .gz file is read: a run on plain CSV never needs them.
  const [{ pipeline }, { createGunzip }] = await Promise.all([import('node:stream'), import('node:zlib')]);
  const raw = createReadStream(path, { highWaterMark: chunkBytes });
  const gunzip = pipeline(raw, createGunzip({ chunkSize: chunkBytes }), () => {});
  let unpacked = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      unpacked += chunk.length;
      const tooLarge = overLimits(path, 'the gzip data', unpacked, packed, limits);
      if (tooLarge) throw tooLarge;
      yield chunk;
    }
  } catch (e) {
    if (e instanceof StalkError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(String((e as Error).message))) {
      throw new StalkError('E_ARCHIVE_CORRUPT', 'the gzip data is cut short (an incomplete download?)', { file: path });
    }
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new StalkError('E_ARCHIVE_CORRUPT', `not valid gzip data (${(e as Error).message})`, { file: path });
    }
    throw unreadableFile(path, e);
  } finally {
    raw.destroy();
    gunzip.destroy();
  }
}

/**
 * The unpacked size a `.gz` file's trailer states (of its last member, modulo 4 GiB), so a file
 * that says it would unpack past the limits is refused before anything is unpacked. The trailer
 * can lie or wrap; `gunzipFile` checks the bytes themselves as they come out.
 */
export function gzipStatedSize(path: string): { unpacked: number; packed: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw unreadableFile(path, e);
  }
  try {
    const packed = fstatSync(fd).size;
    if (packed < 18) return { unpacked: 0, packed };
    const tail = Buffer.alloc(4);
    readSync(fd, tail, 0, 4, packed - 4);
    return { unpacked: tail.readUInt32LE(0), packed };
  } finally {
    closeSync(fd);
  }
}
