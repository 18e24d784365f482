import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { StalkError } from '../core/errors.js';

/**
 * Standard input, written to a private temporary file, so it is read as a file is: told by its
 * first bytes (CSV, gzip, a workbook), and read again where a second look needs it. `remove`
 * deletes the file; nothing else is written.
 */
export async function spoolToFile(stream: AsyncIterable<Uint8Array>): Promise<{ path: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'stalkstats-stdin-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const path = join(dir, 'stdin');
  try {
    await pipeline(stream, createWriteStream(path, { mode: 0o600 }));
  } catch (e) {
    remove();
    throw new StalkError('E_FILE_UNREADABLE', `cannot read standard input (${(e as Error).message})`, { file: '-' });
  }
  return { path, remove };
}
