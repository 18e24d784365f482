import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { Io } from './commands/options.js';
import { packageRoot } from './core/dataFiles.js';
import { isStalkError } from './core/errors.js';

export type { Io };

type CommandFactory = (io: Io) => Command;

/**
 * Each command's module, loaded only when that command runs (a cold `trend` need not load the
 * claim parser or the chart renderers); help without a command loads them all. Listed in the order
 * the help shows them.
 */
const COMMANDS: Record<string, () => Promise<CommandFactory>> = {
  trend: async () => (await import('./commands/trend.js')).trendCommand,
  inspect: async () => (await import('./commands/inspect.js')).inspectCommand,
  categories: async () => (await import('./commands/categories.js')).categoriesCommand,
  daily: async () => (await import('./commands/daily.js')).dailyCommand,
  compare: async () => (await import('./commands/compare.js')).compareCommand,
  events: async () => (await import('./commands/events.js')).eventsCommand,
  summary: async () => (await import('./commands/summary.js')).summaryCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  areas: async () => (await import('./commands/areas.js')).areasCommand,
  breaks: async () => (await import('./commands/breaks.js')).breaksCommand,
};

/** The factories `argv` needs: the named command's alone, or every one (help, unknown command). */
export async function loadCommands(argv: string[] = []): Promise<CommandFactory[]> {
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  const versionOnly = words.length === 0 && argv.some((a) => a === '--version' || a === '-V');
  const names = versionOnly ? [] : name && COMMANDS[name] ? [name] : Object.keys(COMMANDS);
  return Promise.all(names.map((n) => COMMANDS[n]()));
}

/** The whole program with every command, for help and tests. */
export async function loadProgram(io: Io): Promise<Command> {
  return buildProgram(io, await loadCommands());
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

const MAIN_HELP = `
Examples:
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --by fy
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --category stalking --by fy --chart
  $ stalkstats inspect data/demo/demo-home-office-quarterly.csv
  $ stalkstats areas data/demo/demo-home-office-quarterly.csv --period 2022/23 --population \
data/demo/demo-populations.csv --chart
  $ stalkstats categories
  $ stalkstats help trend

Colour: only in the table format on a terminal; NO_COLOR (any value) always turns it off,
FORCE_COLOR=1 turns it on when piped, --no-color turns it off. JSON, CSV and Markdown never have it.
--quiet and --debug work before or after the command name.

Exit codes: 0 success; 1 bad or unusable data; 2 usage error (unknown option, area or category).
The demo data in data/demo is invented for illustration: it is not official statistics.`;

export function buildProgram(io: Io, factories: CommandFactory[]): Command {
  const program = new Command('stalkstats')
    .description(
      'Stalking and harassment statistics from police-recorded crime files (England and Wales): separated ' +
        'categories, growth, per-day rates and rates per residents, areas compared, recording changes.',
    )
    .version(version(), '-V, --version')
    .option('--debug', 'show stack traces on errors (default: one-line messages)')
    .option('-q, --quiet', 'no notes or progress on stderr (default: progress such as "wrote chart FILE" is shown)')
    .showHelpAfterError('(run with --help for usage and examples)')
    .addHelpText('after', MAIN_HELP);
  program.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
    outputError: (s, write) => write(`stalkstats: ${s}`),
  });
  program.exitOverride();
  // --quiet and --debug belong to the program but may follow the command name
  // (`stalkstats trend FILE --debug`); hand them to the command's own options.
  program.hook('preAction', (_program, action) => {
    const global = program.opts<{ quiet?: boolean; debug?: boolean }>();
    if (global.quiet) action.setOptionValue('quiet', true);
    if (global.debug) action.setOptionValue('debug', true);
  });
  for (const sub of factories.map((f) => f(io))) {
    sub.exitOverride();
    sub.configureHelp({ showGlobalOptions: true });
    sub.configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`stalkstats: ${s}`),
    });
    sub.showHelpAfterError('(run with --help for usage and examples)');
    program.addCommand(sub);
  }
  return program;
}

/** Runs the CLI on `argv` (without the node and script paths); returns the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(
    {
      ...io,
      setExitCode: (code) => {
        exitCode = code;
        io.setExitCode?.(code);
      },
    },
    await loadCommands(argv),
  );
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return 0;
      if (e.code === 'commander.executeSubCommandAsync') return e.exitCode;
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isStalkError(e)) {
      io.stderr.write(`stalkstats: error: ${e.oneLine()}\n`);
      if (e.hint) io.stderr.write(`${e.hint}\n`);
      if (debug && e.stack) io.stderr.write(`${e.stack}\n`);
      return e.exitCode;
    }
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'EPIPE') return 0;
    io.stderr.write(
      `stalkstats: internal error: ${err?.message ?? String(e)}${debug ? '' : ' (run with --debug for details)'}\n`,
    );
    if (debug && err?.stack) io.stderr.write(`${err.stack}\n`);
    return 70;
  }
}
