import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const DEMO = 'data/demo/demo-home-office-quarterly.csv';

describe('stalkstats CLI', () => {
  it.each(['trend', 'inspect'])('%s --help shows examples and exits 0', async (cmd) => {
    const r = await runCli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples');
    expect(r.stdout).toContain(`stalkstats ${cmd}`);
    expect(r.stderr).toBe('');
  });

  it('an unknown option exits 2', async () => {
    const r = await runCli(['trend', DEMO, '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown option '--bogus'");
  });

  it('an unknown command exits 2', async () => {
    expect((await runCli(['trnd', DEMO])).code).toBe(2);
  });

  it('a missing file exits 1 with one line naming the path and E_FILE_NOT_FOUND, and no stack trace', async () => {
    const path = 'no/such/file.csv';
    const r = await runCli(['trend', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const line = r.stderr.split('\n').find((l) => l.includes('E_FILE_NOT_FOUND'));
    expect(line).toBeDefined();
    expect(line).toContain(path);
    expect(line).toMatch(/^stalkstats: /);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it.each([[['--debug', 'trend', 'no/such/file.csv']], [['trend', 'no/such/file.csv', '--debug']]])(
    '--debug adds the stack trace (%j)',
    async (args) => {
      const r = await runCli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('E_FILE_NOT_FOUND');
      expect(r.stderr).toMatch(/^\s+at /m);
    },
  );

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
