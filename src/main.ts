import { fstatSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { run } from './cli.js';

const onPipeError = (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
};

/**
 * Whether a file descriptor is a terminal. Only a character device can be: others are told without
 * loading node:tty.
 */
function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  const { isatty } = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
  return isatty(fd);
}

/**
 * Output to a file or pipe, written straight to its descriptor. `process.stdout` on a pipe is a
 * socket whose first use loads Node.js's network modules, several milliseconds of a short run;
 * a write to a pipe is synchronous either way on Linux and macOS. A pipe that another process left
 * non-blocking can refuse a write when full (EAGAIN): the stream then takes over, which waits.
 * A closed pipe ends the program quietly with 0, as the stream's handler below does.
 */
function directOutput(fd: number, stream: () => NodeJS.WriteStream): { write(s: string): boolean } {
  let taken: NodeJS.WriteStream | null = null;
  return {
    write(s: string): boolean {
      if (taken) return taken.write(s);
      const bytes = Buffer.from(s, 'utf8');
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done);
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        taken = stream();
        taken.on('error', onPipeError);
        return taken.write(bytes.subarray(done));
      }
    },
  };
}

/** The process edge: real output, environment and exit code. A closed pipe exits quietly with 0. */
export function main(): void {
  const stdoutIsTTY = isTerminal(1);
  const stderrIsTTY = isTerminal(2);
  if (stdoutIsTTY) process.stdout.on('error', onPipeError);
  if (stderrIsTTY) process.stderr.on('error', onPipeError);
  run(process.argv.slice(2), {
    stdout: stdoutIsTTY ? process.stdout : directOutput(1, () => process.stdout),
    stderr: stderrIsTTY ? process.stderr : directOutput(2, () => process.stderr),
    env: process.env,
    // Touched only when read: making process.stdin builds a stream, a few milliseconds of every run.
    stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
    stdoutIsTTY,
    stderrIsTTY,
    columns: stdoutIsTTY ? process.stdout.columns || 80 : undefined,
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`stalkstats: internal error: ${(e as Error)?.message ?? String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
