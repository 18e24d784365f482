import { run } from './cli.js';

/** The process edge: real streams, environment and exit code. A closed pipe exits quietly with 0. */
export function main(): void {
  const onPipeError = (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  };
  process.stdout.on('error', onPipeError);
  process.stderr.on('error', onPipeError);
  run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.columns,
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
