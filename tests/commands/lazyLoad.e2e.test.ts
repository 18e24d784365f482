import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLE_ENTRY, bundleIsFresh, loadedBuiltins, loadedFiles, MODULES_ENTRY } from '../helpers/moduleGraph.js';
import { writeTemp } from '../helpers/temp.js';

// A cold start pays for every module it loads, so a run loads only what it uses: the table
// renderer (cli-table3) only for the table format, chalk only for colour, the chart renderers only
// with --chart or --chart-svg, the data loader only when a file is read, and no command's module
// for --version.
// Checked in a child process: for the compiled modules (dist/src), a loader hook logs each file
// loaded; the bundle (dist/bundle) is one file, in which each module runs only when first imported,
// so there the modules it initialises are logged.

const DEMO = 'data/demo/demo-home-office-quarterly.csv';
const TABLE = /^node_modules\/(cli-table3|chalk)\/|^dist\/src\/render\/table\.js$/;
const CHARTS = /^dist\/src\/(render\/chart-(svg|terminal)|render\/chartData|commands\/charts)\.js$/;
const LOADER = /^dist\/src\/series\/load\.js$/;
const TREND = /^dist\/src\/commands\/trend\.js$/;

const modulesBuilt = existsSync(MODULES_ENTRY);
if (!modulesBuilt) console.warn('[stalkstats tests] skipping the module-graph tests: dist/src/main.js is missing (run `npm run build`)');
const bundleBuilt = bundleIsFresh();
if (modulesBuilt && !bundleBuilt) console.warn('[stalkstats tests] skipping the module-graph tests of the bundle: dist/bundle is missing or older than dist/src (run `npm run build`)');

/** What a run loaded: the files for dist/src, the modules initialised for the bundle. */
function sources(entry: string, args: string[], env: Record<string, string> = {}): string[] {
  const { run, files } = loadedFiles(entry, args, env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  // Dependencies as node_modules/NAME/…, wherever node_modules is (a linked one lies outside the repository).
  const named = files.map((f) => f.replace(/^(?:.*\/)?node_modules\//, 'node_modules/'));
  return entry === BUNDLE_ENTRY ? named : named.filter((f) => f.startsWith('dist/src/') || f.startsWith('node_modules/'));
}

const entries = [
  { name: 'compiled modules (dist/src)', entry: MODULES_ENTRY, built: modulesBuilt },
  { name: 'bundle (dist/bundle)', entry: BUNDLE_ENTRY, built: bundleBuilt },
];

for (const { name, entry, built } of entries) {
  describe.skipIf(!built)(`modules a run loads: ${name}`, () => {
    it('trend --format json loads neither cli-table3 nor chalk, nor the chart code', () => {
      const loaded = sources(entry, ['trend', DEMO, '--by', 'fy', '--format', 'json']);
      expect(loaded.filter((f) => TABLE.test(f))).toEqual([]);
      expect(loaded.filter((f) => CHARTS.test(f))).toEqual([]);
      expect(loaded.filter((f) => LOADER.test(f))).toHaveLength(1);
    });

    it('a file read in one thread does not load node:worker_threads', () => {
      const { run, builtins } = loadedBuiltins(entry, ['trend', DEMO, '--by', 'fy', '--format', 'json']);
      expect(run.code).toBe(0);
      expect(builtins.filter((m) => /worker/.test(m))).toEqual([]);
      // The log does list built-in modules: a coloured table loads node:tty (chalk asks it
      // whether the output is a terminal).
      expect(loadedBuiltins(entry, ['trend', DEMO, '--by', 'fy'], { FORCE_COLOR: '1' }).builtins).toContain('tty');
    });

    it.skipIf(entry !== BUNDLE_ENTRY)('output to a pipe is written without loading the stream and network modules', () => {
      // Here stdout and stderr are pipes. (The compiled modules load commander's node:child_process,
      // and with it node:net, which the bundle leaves out: see scripts/bundle.mjs.)
      const { run, builtins } = loadedBuiltins(entry, ['trend', DEMO, '--by', 'fy', '--format', 'json']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('"command": "trend"');
      expect(builtins.filter((m) => m === 'net' || m === 'stream' || m === 'tty')).toEqual([]);
    });

    it('check loads the YAML parser only for a claims file', () => {
      const YAML = /^node_modules\/yaml\//;
      const one = sources(entry, ['check', DEMO, '--claim', 'Eastwick recorded more than 100 stalking offences in 2020/21', '--format', 'json']);
      expect(one.filter((f) => YAML.test(f))).toEqual([]);
      const file = writeTemp('claims.yaml', '- claim: Eastwick recorded more than 100 stalking offences in 2020/21\n');
      const run = loadedFiles(entry, ['check', DEMO, '--claims', file, '--format', 'json']);
      expect(run.run.stderr).toBe('');
      const named = run.files.map((f) => f.replace(/^(?:.*\/)?node_modules\//, 'node_modules/'));
      expect(named.filter((f) => YAML.test(f)).length).toBeGreaterThan(0);
    });

    it('trend --format csv and markdown load neither cli-table3 nor chalk', () => {
      for (const format of ['csv', 'markdown']) {
        const loaded = sources(entry, ['trend', DEMO, '--by', 'fy', '--format', format]);
        expect(loaded.filter((f) => TABLE.test(f))).toEqual([]);
      }
    });

    it('the table format loads cli-table3, and chalk when coloured (so the checks above mean something), still no chart code', () => {
      const loaded = sources(entry, ['trend', DEMO, '--by', 'fy']);
      expect(loaded.some((f) => f.startsWith('node_modules/cli-table3/'))).toBe(true);
      expect(loaded.some((f) => f.startsWith('node_modules/chalk/'))).toBe(false);
      expect(loaded.filter((f) => CHARTS.test(f))).toEqual([]);
      const coloured = sources(entry, ['trend', DEMO, '--by', 'fy'], { FORCE_COLOR: '1' });
      expect(coloured.some((f) => f.startsWith('node_modules/chalk/'))).toBe(true);
    });

    it('--chart loads the chart code', () => {
      const loaded = sources(entry, ['trend', DEMO, '--by', 'fy', '--category', 'stalking', '--chart']);
      expect(loaded.filter((f) => CHARTS.test(f)).length).toBeGreaterThanOrEqual(3);
    });

    it('trend --help does not load the data loader or any renderer; --version loads no command', () => {
      const help = sources(entry, ['trend', '--help']);
      expect(help.filter((f) => LOADER.test(f) || TABLE.test(f) || CHARTS.test(f))).toEqual([]);
      expect(help.filter((f) => TREND.test(f))).toHaveLength(1);
      const version = sources(entry, ['--version']);
      expect(version.filter((f) => f.startsWith('dist/src/commands/'))).toEqual([]);
    });
  });
}
