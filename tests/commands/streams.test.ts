import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hasRealData, REAL_DIR, REPO_ROOT, warnIfNoRealData } from '../helpers/realData.js';

// stdout holds the result alone; warnings and notes go to stderr in every format, --quiet leaves
// the notes out (never a warning), and at 80 columns every table fits.

const DEMO = join(REPO_ROOT, 'data', 'demo', 'demo-home-office-quarterly.csv');
const OLD_MET = join(REAL_DIR, 'met_mps_borough_level_crime_historic_2008-01_to_2016-12_OLDEST_FORMAT.csv');
warnIfNoRealData('the stream tests on the oldest Met file');

describe('what goes where', () => {
  for (const format of ['table', 'csv', 'json', 'markdown']) {
    it(`--format ${format}: notes on stderr, and stdout is the result`, async () => {
      const r = await runCli(['trend', DEMO, '--by', 'fy', '--format', format]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^note: change is measured against the same period a year earlier/m);
      expect(r.stderr).toMatch(/^reconciliation: rows read/m);
      if (format === 'table' || format === 'csv') expect(r.stdout).not.toMatch(/note:|reconciliation:/);
      // JSON carries its notes as data too, for programs.
      if (format === 'json') expect(JSON.parse(r.stdout).notes.length).toBeGreaterThan(0);
    });
  }

  it('--quiet leaves out the notes', async () => {
    const r = await runCli(['trend', DEMO, '--by', 'fy', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/2020\/21/);
  });

  it.skipIf(!hasRealData)(
    'CSV keeps the warning that the old Met Harassment is not comparable, on stderr, even with --quiet',
    async () => {
      for (const extra of [[], ['--quiet']]) {
        const r = await runCli(['trend', OLD_MET, '--format', 'csv', ...extra]);
        expect(r.code).toBe(0);
        expect(r.stderr).toMatch(/^warning: .*old Met 'Harassment' category is wider/m);
        expect(r.stdout.split('\n')[0]).toMatch(/^area,category,period/);
      }
    },
  );
});

describe('tables fit the terminal', () => {
  const runs: string[][] = [
    ['trend', DEMO, '--by', 'fy'],
    ['trend', DEMO, '--each-area', '--by', 'year'],
    ['daily', DEMO, '--by', 'fy'],
    ['compare', DEMO, '--event', '2020-04'],
    ['summary', DEMO, '--year', '2020/21', '--each-area'],
    ['inspect', DEMO],
    ['categories'],
    ['check', DEMO, '--area', 'Eastwick', '--claim', '2,145 cases in 2019 - more than five a day'],
  ];
  for (const args of runs) {
    it(`${args[0]} ${args.slice(2).join(' ')}: no line wider than 80 columns`, async () => {
      const r = await runCli(args, {}, { tty: true, columns: 80 });
      expect(r.code).toBe(0);
      // Colour codes take no columns.
      const visible = r.stdout.replace(/\u001b\[[0-9;]*m/g, '');
      const wide = visible.split('\n').filter((l) => [...l].length > 80);
      expect(wide).toEqual([]);
    });
  }

  it('a pipe gets the whole table, at its natural width', async () => {
    const r = await runCli(['trend', DEMO, '--by', 'fy']);
    expect(Math.max(...r.stdout.split('\n').map((l) => [...l].length))).toBeGreaterThan(80);
  });
});

describe.skipIf(!hasRealData)('an area held only around one finer area (real file)', () => {
  it('Calderdale: --area "West Yorkshire" warns that its figures are Calderdale\'s alone, even with --quiet', async () => {
    const r = await runCli([
      'trend',
      join(REAL_DIR, 'calderdale_csp_recorded_crime_2015-16_to_2021-22.csv'),
      '--area',
      'West Yorkshire',
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: West Yorkshire is in the data only as the area around Calderdale/m);
  });
});
