import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProgram, run } from '../../src/cli.js';
import type { Io } from '../../src/commands/options.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO = 'data/demo/demo-home-office-quarterly.csv';
const REAL_DIR = resolve(ROOT, '../shared/data/real');
const CALDERDALE = join(REAL_DIR, 'calderdale_csp_recorded_crime_2015-16_to_2021-22.csv');
const hasCalderdale = existsSync(CALDERDALE);
if (!hasCalderdale) console.warn(`[stalkstats tests] skipping Calderdale chart tests: ${CALDERDALE} not found`);

const ESC = /\u001b\[/;
const CHART_CHARS = /[▁▂▃▄▅▆▇█╭╮╯╰│┤─]/;
const tmp = mkdtempSync(join(tmpdir(), 'stalkstats-help-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process from the project root, as a terminal or a pipe. */
async function cli(
  args: string[],
  opts: { env?: Record<string, string>; tty?: boolean; columns?: number } = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: opts.env ?? {},
    stdoutIsTTY: opts.tty ?? false,
    stderrIsTTY: opts.tty ?? false,
    columns: opts.columns,
    cwd: ROOT,
  };
  const code = await run(
    args.map((a) => (a === DEMO ? join(ROOT, DEMO) : a)),
    io,
  );
  return { code, stdout, stderr };
}

const quietIo: Io = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  env: {},
  stdoutIsTTY: false,
  stderrIsTTY: false,
};
const wholeProgram = await loadProgram(quietIo);

function commandNames(): string[] {
  return wholeProgram.commands.map((c) => c.name());
}

describe('help', () => {
  it('the program help lists the commands, examples on the demo data and exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(DEMO);
    expect(r.stdout).toMatch(/Exit codes/);
    for (const name of ['trend', 'inspect', 'categories']) expect(r.stdout).toContain(name);
  });

  it('--version prints the package version', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) {
      const r = await cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it.each(commandNames())('%s --help describes every option and has examples', async (name) => {
    const r = await cli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples/);
    expect(r.stdout).toContain('$ stalkstats ');
    // The program's own options are shown too, since they may follow the command.
    expect(r.stdout).toContain('--quiet');
    expect(r.stdout).toContain('--debug');
    const cmd = wholeProgram.commands.find((c) => c.name() === name)!;
    expect(cmd.description().length).toBeGreaterThan(10);
    for (const o of cmd.options) expect(o.description.length, `${name} ${o.flags}`).toBeGreaterThan(5);
  });

  it.each(['trend', 'inspect', 'categories'])('the examples of %s that use the demo data run', async (name) => {
    const r = await cli([name, '--help']);
    const examples = r.stdout
      .split('\n')
      .filter((l) => l.trim().startsWith(`$ stalkstats ${name}`) && (name === 'categories' || l.includes(DEMO)))
      .map((l) =>
        l
          .trim()
          .slice('$ stalkstats '.length)
          .replace(/\s*>\s*\S+$/, ''),
      );
    expect(examples.length).toBeGreaterThan(0);
    for (const line of examples) {
      const args = line.split(/\s+/).map((a) => (a.endsWith('.svg') ? join(tmp, a) : a));
      const out = await cli(args);
      expect(out.code, `stalkstats ${line}\n${out.stderr}`).toBe(0);
      expect(out.stdout.length + out.stderr.length).toBeGreaterThan(0);
    }
  });

  it('trend --help explains the charts', async () => {
    const r = await cli(['trend', '--help']);
    expect(r.stdout).toContain('--chart ');
    expect(r.stdout).toContain('--chart-svg <file>');
    expect(r.stdout).toMatch(/Charts:/);
  });
});

describe('colour', () => {
  const trend = [DEMO, '--by', 'fy', '--category', 'stalking'];

  it('colours the table on a terminal only', async () => {
    expect((await cli(['trend', ...trend], { tty: true })).stdout).toMatch(ESC);
    expect((await cli(['trend', ...trend], { tty: false })).stdout).not.toMatch(ESC);
  });

  it('NO_COLOR always wins, even with FORCE_COLOR and a terminal', async () => {
    for (const env of [{ NO_COLOR: '1' }, { NO_COLOR: '1', FORCE_COLOR: '1' }, { NO_COLOR: 'yes', FORCE_COLOR: '3' }]) {
      expect((await cli(['trend', ...trend], { tty: true, env })).stdout).not.toMatch(ESC);
      expect((await cli(['trend', ...trend, '--chart'], { tty: true, env })).stdout).not.toMatch(ESC);
    }
  });

  it('an empty NO_COLOR does not count (no-color.org)', async () => {
    expect((await cli(['trend', ...trend], { tty: true, env: { NO_COLOR: '' } })).stdout).toMatch(ESC);
  });

  it('FORCE_COLOR colours a pipe; --no-color turns colour off', async () => {
    expect((await cli(['trend', ...trend], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(ESC);
    expect((await cli(['trend', ...trend, '--no-color'], { tty: true })).stdout).not.toMatch(ESC);
    expect((await cli(['trend', ...trend, '--no-color'], { env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(ESC);
  });

  it.each(['json', 'csv', 'markdown'])(
    '--format %s never has escape codes, even when colour is forced',
    async (format) => {
      const r = await cli(['trend', ...trend, '--format', format], { tty: true, env: { FORCE_COLOR: '3' } });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(ESC);
      const c = await cli(['categories', '--format', format], { tty: true, env: { FORCE_COLOR: '3' } });
      expect(c.stdout).not.toMatch(ESC);
    },
  );

  it('markdown with --chart puts a plain chart in a text block', async () => {
    const r = await cli(['trend', ...trend, '--format', 'markdown', '--chart'], {
      tty: true,
      env: { FORCE_COLOR: '3' },
    });
    expect(r.stdout).toMatch(/```text\n[\s\S]*[▁▂▃▄▅▆▇█][\s\S]*```\n$/);
    expect(r.stdout).not.toMatch(ESC);
  });
});

describe('tables', () => {
  it('right-aligns numbers with thousands separators and signs rises and falls', async () => {
    const r = await cli(['trend', DEMO, '--by', 'fy', '--category', 'harassment']);
    expect(r.stdout).toMatch(/│ +11,285 │/);
    expect(r.stdout).toMatch(/│ +\+\d[\d,]* │/);
    expect(r.stdout).toMatch(/│ +−\d[\d,]* │/);
    // Notes and the reconciliation go to stderr: stdout holds the table alone.
    expect(r.stdout).not.toMatch(/note:|reconciliation:/);
    expect(r.stderr).toMatch(/^note: /m);
    expect(r.stderr).toMatch(/^reconciliation: rows read/m);
  });

  it('marks not-comparable changes and gives the reason under the table, in the table and in Markdown', async () => {
    for (const format of ['table', 'markdown']) {
      const r = await cli(['trend', DEMO, '--by', 'fy', '--category', 'stalking', '--format', format]);
      expect(r.stdout).toMatch(/†1/);
      expect(r.stdout).toMatch(/^†\d not comparable: .*2020-04-01/m);
    }
  });

  it('wraps long text columns to the terminal width, and not in a pipe', async () => {
    const wide = await cli(['categories'], { tty: true, columns: 100, env: { NO_COLOR: '1' } });
    for (const line of wide.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    // Too narrow for the descriptions as a column: a block per category, ids whole.
    expect(wide.stdout).toMatch(/^malicious-communications\n {2}Label Malicious communications · Codes 8R/m);
    expect(wide.stdout).toMatch(/^violence-and-sexual-offences$/m);
    // The head and one line for each of the nine categories.
    const piped = await cli(['categories']);
    expect(piped.stdout.split('\n').filter((l) => l.startsWith('│')).length).toBe(10);
  });
});

describe('charts from the command line', () => {
  it('--chart draws after the table, fitting the terminal width', async () => {
    const r = await cli(['trend', DEMO, '--by', 'fy', '--category', 'stalking,harassment', '--chart'], {
      columns: 100,
    });
    expect(r.code).toBe(0);
    const table = r.stdout.lastIndexOf('┘');
    const chart = r.stdout.search(/[▁▂▃▄▅▆▇█]/);
    expect(chart).toBeGreaterThan(table);
    expect(r.stdout).toContain('Stalking: offences per financial year');
    expect(r.stdout).toContain('Harassment: offences per financial year');
    expect(r.stdout).toMatch(/▲\d 2020-04-01/);
    const chartLines = r.stdout.slice(r.stdout.indexOf('Stalking: offences')).split('\n');
    for (const l of chartLines) expect([...l].length).toBeLessThanOrEqual(100);
    const narrow = await cli(['trend', DEMO, '--category', 'stalking', '--chart']);
    for (const l of narrow.stdout.slice(narrow.stdout.indexOf('Stalking: offences')).split('\n'))
      expect([...l].length).toBeLessThanOrEqual(80);
  });

  it('--chart is refused with JSON and CSV (a usage error)', async () => {
    for (const format of ['json', 'csv']) {
      const r = await cli(['trend', DEMO, '--chart', '--format', format]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('E_BAD_OPTION');
      expect(r.stdout).toBe('');
    }
  });

  it('--chart-svg writes the SVG only where asked, atomically, and says so unless --quiet', async () => {
    const dir = mkdtempSync(join(tmp, 'svg-'));
    const file = join(dir, 'trend.svg');
    const r = await cli(['trend', DEMO, '--by', 'fy', '--chart-svg', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).command).toBe('trend');
    expect(readdirSync(dir)).toEqual(['trend.svg']);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('Stalking');
    expect(svg).toContain('illustrative data');
    expect(r.stderr).toContain('wrote chart');
    const quiet = await cli(['trend', DEMO, '--chart-svg', file, '--quiet']);
    expect(quiet.stderr).toBe('');
    const quietFirst = await cli(['-q', 'trend', DEMO, '--chart-svg', file]);
    expect(quietFirst.stderr).toBe('');
  });

  it('--chart-svg into a missing folder fails cleanly and leaves nothing behind', async () => {
    const r = await cli(['trend', DEMO, '--chart-svg', join(tmp, 'no', 'such', 'folder', 'x.svg')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('E_WRITE');
    expect(r.stdout).toBe('');
  });

  it.skipIf(!hasCalderdale)('Calderdale stalking: --chart draws, --chart-svg names its categories', async () => {
    const r = await cli(['trend', CALDERDALE, '--category', 'stalking', '--chart']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(CHART_CHARS);
    expect(r.stdout).toMatch(/highest 621 in 2021\/22/);
    const file = join(tmp, 'calderdale.svg');
    const s = await cli(['trend', CALDERDALE, '--chart-svg', file]);
    expect(s.code).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toMatch(/stalking/i);
    expect(svg).toContain('Calderdale');
    expect(svg).toContain('calderdale_csp_recorded_crime_2015-16_to_2021-22.csv');
    expect(svg).not.toContain('illustrative');
  });
});

describe('--quiet and --debug', () => {
  it('--debug shows a stack trace whether it comes before or after the command', async () => {
    for (const args of [
      ['--debug', 'trend', join(tmp, 'missing.csv')],
      ['trend', join(tmp, 'missing.csv'), '--debug'],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/E_FILE_NOT_FOUND/);
      expect(r.stderr).toMatch(/\n\s+at /);
    }
    const plain = await cli(['trend', join(tmp, 'missing.csv')]);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
  });

  it('--quiet after the command reaches the command', async () => {
    const r = await cli(['categories', '--format', 'json', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
