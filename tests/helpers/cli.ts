import { run } from '../../src/cli.js';
import { REPO_ROOT } from './realData.js';

/** What one in-process run of the CLI produced. `json` is stdout parsed, when `--format json` was asked for. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever fields the parsed JSON has
  json?: any;
}

function asksForJson(args: string[]): boolean {
  return args.some(
    (a, i) =>
      ((a === '--format' || a === '-f') && args[i + 1]?.toLowerCase() === 'json') ||
      a.toLowerCase() === '--format=json',
  );
}

/**
 * Runs `stalkstats ARGS` in-process through `run`, collecting stdout and stderr as strings. Streams
 * are not terminals, and the environment is only `env` (so NO_COLOR or FORCE_COLOR of the machine
 * running the tests cannot change the output). When the arguments ask for JSON and stdout is not
 * empty, it is parsed into `json`; unparsable JSON fails loudly. `terminal.stdin` is standard input.
 */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  terminal: { tty?: boolean; columns?: number; stdin?: AsyncIterable<Uint8Array> } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: {
      write: (s: string) => {
        stdout += s;
        return true;
      },
    },
    stderr: {
      write: (s: string) => {
        stderr += s;
        return true;
      },
    },
    env,
    stdoutIsTTY: terminal.tty ?? false,
    stderrIsTTY: false,
    ...(terminal.columns ? { columns: terminal.columns } : {}),
    ...(terminal.stdin ? { stdin: terminal.stdin } : {}),
  });
  const result: CliResult = { code, stdout, stderr };
  if (asksForJson(args) && stdout.trim() !== '') {
    try {
      result.json = JSON.parse(stdout);
    } catch (e) {
      throw new Error(`stdout is not JSON (${(e as Error).message}): ${stdout.slice(0, 200)}`);
    }
  }
  return result;
}

/** The `$ stalkstats …` lines of a help text, as argument lists (a trailing `> FILE` dropped). */
export function helpExamples(help: string): string[][] {
  return help
    .split('\n')
    .filter((l) => l.trim().startsWith('$ stalkstats '))
    .map((l) =>
      l
        .trim()
        .slice('$ stalkstats '.length)
        .replace(/\s+>\s+\S+$/, '')
        .split(/\s+/)
        .map((a) => a.replace(/^data\/demo\//, `${REPO_ROOT}data/demo/`)),
    );
}

/**
 * What in a run's stderr is not a note: errors and warnings. Notes (and the reconciliation) go to
 * stderr in every format; a clean run has none of the rest.
 */
export function problems(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !/^\s*note: |^\s*reconciliation: |^ {2}\S/.test(l));
}
