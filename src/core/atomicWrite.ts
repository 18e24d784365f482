import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StalkError } from './errors.js';

/**
 * Writes `text` (UTF-8) to `path` so that readers see the old file or the new one, never half of
 * either: the text goes to a temporary file in the same folder (a rename is only atomic within
 * one file system), is flushed to disk, and is then renamed over `path`. If anything fails the
 * temporary file is removed and `path` is left as it was. Failures are `E_WRITE`.
 */
export function writeFileAtomic(path: string, text: string): void {
  const dir = dirname(path);
  try {
    if (statSync(path).isDirectory())
      throw new StalkError('E_WRITE', 'cannot write: the path is a directory', { file: path });
  } catch (e) {
    if (e instanceof StalkError) throw e;
    // Not there yet: the usual case.
  }
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    // 'wx': never follow or reuse an existing file under the temporary name.
    fd = openSync(temp, 'wx', 0o644);
    writeSync(fd, text, null, 'utf8');
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
  } catch (e) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // Already failing; the original error is the one to report.
      }
    }
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or already renamed.
    }
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? 'the folder does not exist'
        : err.code === 'EACCES' || err.code === 'EPERM'
          ? 'permission denied'
          : err.code === 'ENOSPC'
            ? 'no space left on the device'
            : (err.code ?? err.message);
    throw new StalkError('E_WRITE', `cannot write the output file (${why})`, { file: path });
  }
}
