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
  commitStaged([stageFile(path, text)]);
}

/** A file written under a temporary name beside its place, waiting to be renamed into it. */
export interface Staged {
  path: string;
  temp: string;
}

/**
 * The first half of `writeFileAtomic`: the text in a temporary file beside `path`, flushed to disk.
 * Several files staged, then committed together, let a run write many files and leave the folder
 * as it was if anything fails before the last is staged (`discardStaged`). The text is a string,
 * or a function that writes it in pieces (a large file is then never one string).
 */
export function stageFile(path: string, text: string | ((write: (piece: string) => void) => void)): Staged {
  const file = openStaged(path);
  try {
    if (typeof text === 'string') file.write(text);
    else text((piece) => file.write(piece));
  } catch (e) {
    file.abort();
    throw writeError(e, path);
  }
  return file.finish();
}

/** A file being staged: written a piece at a time, then flushed (`finish`) or removed (`abort`). */
export interface StagingFile {
  write(piece: string): void;
  finish(): Staged;
  abort(): void;
}

/**
 * A temporary file beside `path`, open for writing, for files written as their contents are made
 * (several at once). Failures are `E_WRITE`; after one the temporary file is gone.
 */
export function openStaged(path: string): StagingFile {
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
  const abort = () => {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // Already failing; the original error is the one to report.
      }
      fd = null;
    }
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or already renamed.
    }
  };
  const failing = (e: unknown) => {
    abort();
    return writeError(e, path);
  };
  try {
    // 'wx': never follow or reuse an existing file under the temporary name.
    fd = openSync(temp, 'wx', 0o644);
  } catch (e) {
    throw failing(e);
  }
  return {
    write(piece) {
      try {
        writeSync(fd!, piece, null, 'utf8');
      } catch (e) {
        throw failing(e);
      }
    },
    finish() {
      try {
        fsyncSync(fd!);
        closeSync(fd!);
        fd = null;
        return { path, temp };
      } catch (e) {
        throw failing(e);
      }
    },
    abort,
  };
}

/** Renames staged files into place; on failure removes the ones not yet renamed. */
export function commitStaged(staged: Staged[]): void {
  for (let i = 0; i < staged.length; i++) {
    try {
      renameSync(staged[i].temp, staged[i].path);
    } catch (e) {
      discardStaged(staged.slice(i));
      throw writeError(e, staged[i].path);
    }
  }
}

/** Removes staged files (a run that failed after staging some). */
export function discardStaged(staged: Staged[]): void {
  for (const s of staged) {
    try {
      unlinkSync(s.temp);
    } catch {
      // Already gone.
    }
  }
}

function writeError(e: unknown, path: string): StalkError {
  if (e instanceof StalkError) return e;
  const err = e as NodeJS.ErrnoException;
  const why =
    err.code === 'ENOENT'
      ? 'the folder does not exist'
      : err.code === 'EACCES' || err.code === 'EPERM'
        ? 'permission denied'
        : err.code === 'ENOSPC'
          ? 'no space left on the device'
          : (err.code ?? err.message);
  return new StalkError('E_WRITE', `cannot write the output file (${why})`, { file: path });
}
