import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { binLoadedFiles, BUNDLE_DIR, BUNDLE_ENTRY, BUNDLE_LOADER, bundleIsFresh, MODULES_ENTRY, runEntry, scratchDir } from '../helpers/moduleGraph.js';
import { REPO_ROOT } from '../helpers/realData.js';

// The bundle (dist/bundle, from scripts/bundle.mjs) must behave exactly as the compiled modules it
// is built from: same stdout, stderr and exit code, byte for byte.

const fresh = bundleIsFresh();
if (!fresh) console.warn('[stalkstats tests] skipping the bundle tests: dist/bundle is missing or older than dist/src (run `npm run build`)');

const DEMO = 'data/demo/demo-home-office-quarterly.csv';

const CASES: { args: string[]; env?: Record<string, string> }[] = [
  { args: ['--version'] },
  { args: ['--help'] },
  { args: ['trend', '--help'] },
  { args: ['trend', DEMO, '--by', 'fy'] },
  { args: ['trend', DEMO, '--by', 'fy', '--format', 'json'] },
  { args: ['trend', DEMO, '--by', 'fy', '--format', 'markdown', '--chart'] },
  { args: ['trend', DEMO, '--category', 'stalking', '--by', 'fy', '--chart'], env: { FORCE_COLOR: '1' } },
  { args: ['inspect', DEMO] },
  { args: ['daily', DEMO, '--by', 'fy', '--format', 'csv'] },
  { args: ['compare', DEMO, '--event', '2018-04-01'] },
  { args: ['summary', DEMO, '--year', '2020/21'] },
  { args: ['check', DEMO, '--claim', 'stalking more than tripled between 2019/20 and 2020/21'] },
  { args: ['events', '--format', 'json'] },
  { args: ['categories'] },
  { args: ['trend', 'no-such.csv'] },
  { args: ['trend', DEMO, '--format', 'xml'] },
];

describe.skipIf(!fresh)('the bundle', () => {
  for (const { args, env } of CASES) {
    it(`gives the output of the compiled modules: ${args.join(' ')}${env ? ` (${Object.keys(env).join(', ')})` : ''}`, () => {
      const bundled = runEntry(BUNDLE_ENTRY, args, env);
      const modules = runEntry(MODULES_ENTRY, args, env);
      expect(bundled).toEqual(modules);
      expect(bundled.stdout.length + bundled.stderr.length).toBeGreaterThan(0);
    });
  }

  it('writes the same SVG chart', () => {
    const dir = scratchDir();
    const a = join(dir, 'bundle.svg');
    const b = join(dir, 'modules.svg');
    expect(runEntry(BUNDLE_ENTRY, ['trend', DEMO, '--by', 'fy', '--chart-svg', a]).code).toBe(0);
    expect(runEntry(MODULES_ENTRY, ['trend', DEMO, '--by', 'fy', '--chart-svg', b]).code).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
  });

  it('is what bin/stalkstats.js runs, with its code cache, unless STALKSTATS_NO_BUNDLE is set', () => {
    const viaBin = binLoadedFiles(['trend', DEMO, '--by', 'fy', '--format', 'json']);
    expect(viaBin.run.code).toBe(0);
    expect(viaBin.files).toEqual(expect.arrayContaining(['dist/bundle/stalkstats.cjs', 'dist/bundle/stalkstats.cjs.trend.cache']));
    expect(viaBin.files).not.toContain('dist/bundle/stalkstats.cjs.cache');
    expect(viaBin.files.filter((f) => f.startsWith('dist/src/'))).toEqual([]);
    expect(viaBin.modules).toContain('dist/src/commands/trend.js');
    expect(viaBin.run.stdout).toBe(runEntry(MODULES_ENTRY, ['trend', DEMO, '--by', 'fy', '--format', 'json']).stdout);
    const unbundled = binLoadedFiles(['--version'], { STALKSTATS_NO_BUNDLE: '1' });
    expect(unbundled.files).toContain('dist/src/main.js');
    expect(unbundled.files.filter((f) => f.startsWith('dist/bundle/'))).toEqual([]);
    // No command: the cache of every training run.
    const version = binLoadedFiles(['--version']);
    expect(version.files.filter((f) => f.endsWith('.cache'))).toEqual(['dist/bundle/stalkstats.cjs.cache']);
  });

  it('is ASCII, which the loader reads as a one-byte string without decoding it', () => {
    // One non-ASCII character (a £ in a regular expression) made the loader decode all 900 KB as
    // UTF-8 into a two-byte string: about 1 ms of every start.
    const bytes = readFileSync(BUNDLE_ENTRY);
    const at = bytes.findIndex((b) => b > 0x7f);
    expect(at === -1 ? 'ASCII' : `byte ${at}: ${bytes.subarray(Math.max(0, at - 40), at + 10).toString('utf8')}`).toBe('ASCII');
  });

  it('keeps the worker thread file next to the bundle that starts it', () => {
    // (Leaving out the copies the code-cache tests below make, should a run have been cut short.)
    const commands = ['categories', 'check', 'compare', 'daily', 'events', 'inspect', 'summary', 'trend'];
    expect(readdirSync(BUNDLE_DIR).filter((f) => !f.startsWith('test-')).sort()).toEqual(['group-worker.js', 'stalkstats.cjs', 'stalkstats.cjs.cache', ...commands.map((c) => `stalkstats.cjs.${c}.cache`)]);
    // src/read/parallel.ts finds the worker as new URL('./group-worker.js', import.meta.url), and the
    // loader passes the bundle's own URL for import.meta.url.
    expect(readFileSync(BUNDLE_ENTRY, 'utf8')).toContain('new URL("./group-worker.js", __stalkstatsUrl)');
  });
});

/**
 * Whether a code cache was used (and which file, if `withFile`), and what `--version` printed,
 * loading `file` for `command` in a child process.
 */
function loadIn(file: string, command: string | null = null, withFile = false): { cached: boolean; out: string; cacheFile?: string | null } {
  const script = `const l = require(${JSON.stringify(BUNDLE_LOADER)}).loadBundle(${JSON.stringify(file)}, { command: ${JSON.stringify(command)} });
    let out = ''; l.exports.run(['--version'], { stdout: { write: (s) => (out += s) }, stderr: { write: (s) => (out += s) }, env: {}, stdoutIsTTY: false, stderrIsTTY: false })
      .then(() => console.log(JSON.stringify({ cached: l.cached, out, ...(${withFile} ? { cacheFile: l.cacheFile && require('node:path').basename(l.cacheFile) } : {}) })));`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '' } });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { cached: boolean; out: string; cacheFile?: string | null };
}

describe.skipIf(!fresh)('the code cache', () => {
  const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  it('is taken by V8 for the bundle it was made from', () => {
    expect(readFileSync(BUNDLE_ENTRY, 'latin1').split('\n')[0]).toMatch(/^\/\/ stalkstats build [0-9a-f]{32}$/);
    expect(readFileSync(`${BUNDLE_ENTRY}.cache`, 'latin1').split('\n')[0]).toBe(readFileSync(BUNDLE_ENTRY, 'latin1').split('\n')[0]);
    expect(loadIn(BUNDLE_ENTRY)).toEqual({ cached: true, out: `${version}\n` });
  });

  it('of each command is its own, made for the same build, and taken by V8', () => {
    const line = readFileSync(BUNDLE_ENTRY, 'latin1').split('\n')[0];
    const own = readdirSync(BUNDLE_DIR).filter((f) => /^stalkstats\.cjs\.[a-z]+\.cache$/.test(f));
    expect(own.length).toBe(8);
    const sizes = new Map(own.map((f) => [f, readFileSync(join(BUNDLE_DIR, f)).length]));
    const every = readFileSync(`${BUNDLE_ENTRY}.cache`).length;
    for (const f of own) {
      const command = f.split('.')[2];
      expect(readFileSync(join(BUNDLE_DIR, f), 'latin1').split('\n')[0], f).toBe(line);
      expect(loadIn(BUNDLE_ENTRY, command, true), f).toEqual({ cached: true, out: `${version}\n`, cacheFile: f });
      // A command's runs compile less than all of them: its cache is the smaller.
      expect(sizes.get(f)!, f).toBeLessThan(every);
    }
    // A command with no cache of its own, or none named: the cache of every run.
    expect(loadIn(BUNDLE_ENTRY, 'help', true)).toEqual({ cached: true, out: `${version}\n`, cacheFile: 'stalkstats.cjs.cache' });
    expect(loadIn(BUNDLE_ENTRY, null, true)).toEqual({ cached: true, out: `${version}\n`, cacheFile: 'stalkstats.cjs.cache' });
  });

  it("falls back to the cache of every run when a command's own is missing or made for another build", () => {
    const text = readFileSync(BUNDLE_ENTRY);
    const copy = join(BUNDLE_DIR, `test-fallback-${process.pid}.cjs`);
    const files = [copy, `${copy}.cache`, `${copy}.trend.cache`];
    try {
      writeFileSync(copy, text);
      writeFileSync(`${copy}.cache`, readFileSync(`${BUNDLE_ENTRY}.cache`));
      const name = `test-fallback-${process.pid}.cjs`;
      expect(loadIn(copy, 'trend', true)).toEqual({ cached: true, out: `${version}\n`, cacheFile: `${name}.cache` });
      // Another build's trend cache (the build line changed, V8's data kept): not taken.
      const cache = readFileSync(`${BUNDLE_ENTRY}.trend.cache`);
      const line = cache.indexOf(10);
      writeFileSync(`${copy}.trend.cache`, Buffer.concat([Buffer.from(`// stalkstats build ${'0'.repeat(32)}`), cache.subarray(line)]));
      expect(loadIn(copy, 'trend', true)).toEqual({ cached: true, out: `${version}\n`, cacheFile: `${name}.cache` });
      // Its own, once it is there.
      writeFileSync(`${copy}.trend.cache`, cache);
      expect(loadIn(copy, 'trend', true)).toEqual({ cached: true, out: `${version}\n`, cacheFile: `${name}.trend.cache` });
    } finally {
      for (const f of files) rmSync(f, { force: true });
    }
  });

  it('tells the command from the arguments as far as a cache goes', async () => {
    const { createRequire } = await import('node:module');
    const { commandOf } = createRequire(import.meta.url)(BUNDLE_LOADER) as { commandOf: (a: string[]) => string | null };
    expect(commandOf(['trend', 'data.csv', '--by', 'fy'])).toBe('trend');
    expect(commandOf(['--debug', 'compare', 'data.csv'])).toBe('compare');
    expect(commandOf(['--version'])).toBeNull();
    expect(commandOf([])).toBeNull();
    // Not a command name (an option's value, say): no cache of its own is looked for.
    expect(commandOf(['data.csv'])).toBeNull();
    expect(commandOf(['../x'])).toBeNull();
  });

  it('is not used for another build, and a damaged cache is refused: the bundle still runs', () => {
    // Copies beside the real bundle, so the data files are found from them as from it.
    const text = readFileSync(BUNDLE_ENTRY);
    const cache = readFileSync(`${BUNDLE_ENTRY}.cache`);
    const other = join(BUNDLE_DIR, `test-other-${process.pid}.cjs`);
    const damaged = join(BUNDLE_DIR, `test-damaged-${process.pid}.cjs`);
    try {
      // Another build: the same text under another build line (of the same length, so V8's own
      // length check would not notice).
      const line = text.indexOf(10);
      writeFileSync(other, Buffer.concat([Buffer.from(`// stalkstats build ${'0'.repeat(32)}`), text.subarray(line)]));
      writeFileSync(`${other}.cache`, cache);
      expect(loadIn(other)).toEqual({ cached: false, out: `${version}\n` });
      // The same build, but V8's data cut short: V8 refuses it.
      writeFileSync(damaged, text);
      writeFileSync(`${damaged}.cache`, cache.subarray(0, line + 1 + 64));
      expect(loadIn(damaged)).toEqual({ cached: false, out: `${version}\n` });
    } finally {
      for (const f of [other, damaged]) for (const g of [f, `${f}.cache`]) rmSync(g, { force: true });
    }
  });
});

describe.skipIf(!existsSync(MODULES_ENTRY))('worker threads from a bundle', () => {
  it('a bundled reader runs its ranges in worker threads and gives the single-thread result', async () => {
    // The reader bundled as the CLI is (the same options, with the reader's exports), beside the
    // worker's file, and loaded by the CLI's loader: the worker is found and started exactly as
    // from dist/bundle.
    const out = join(scratchDir(), 'bundle');
    type Options = (file: string, entry?: string) => Record<string, unknown>;
    const { cliOptions, workerOptions } = (await import(pathToFileURL(join(REPO_ROOT, 'scripts/bundle.mjs')).href)) as { cliOptions: Options; workerOptions: Options };
    const { build } = await import('esbuild');
    const group = join(out, 'group.cjs');
    await build(cliOptions(group, "export { groupRows } from './dist/src/read/group.js';\n") as Parameters<typeof build>[0]);
    await build(workerOptions(join(out, 'group-worker.js')) as Parameters<typeof build>[0]);
    // The compiled byte scanner beside the bundle's folder, as dist/wasm is beside dist/bundle.
    (await import('node:fs')).cpSync(join(REPO_ROOT, 'dist', 'wasm'), join(out, '..', 'wasm'), { recursive: true });

    const rows = ['a,b,c,d'];
    for (let i = 0; i < 4000; i++) rows.push(`k${i % 7},x,"v ${i % 3}, quoted",${i % 11}`);
    const csvPath = join(scratchDir(), 'workers.csv');
    (await import('node:fs')).writeFileSync(csvPath, `${rows.join('\n')}\n`);
    const spec = { headerLine: 1, headerFields: 4, keyColumns: [0, 2], countColumn: 3, delimiter: ',' };
    const script = `
      import { createRequire, syncBuiltinESMExports } from 'node:module';
      const require = createRequire(import.meta.url);
      const threads = require('node:worker_threads');
      let started = 0;
      const Worker = threads.Worker;
      threads.Worker = class extends Worker { constructor(...a) { super(...a); started++; } };
      syncBuiltinESMExports();
      const { groupRows } = require(${JSON.stringify(BUNDLE_LOADER)}).loadBundle(${JSON.stringify(group)}, { cache: false }).exports;
      const show = (r) => JSON.stringify({ ...r, stats: undefined, groups: [...r.groups].map(([k, g]) => [k, { ...g, unparsed: [...g.unparsed] }]) });
      const one = show(await groupRows(${JSON.stringify(csvPath)}, { ...${JSON.stringify(spec)}, workers: 1 }));
      const three = show(await groupRows(${JSON.stringify(csvPath)}, { ...${JSON.stringify(spec)}, workers: 3, minPartBytes: 1000 }));
      console.log(JSON.stringify({ same: one === three, started, size: one.length }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as { same: boolean; started: number; size: number };
    expect(got.started).toBeGreaterThanOrEqual(1);
    expect(got.same).toBe(true);
    expect(got.size).toBeGreaterThan(100);
  });
});
