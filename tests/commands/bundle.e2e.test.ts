import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { binLoadedFiles, BUNDLE_DIR, BUNDLE_ENTRY, bundleIsFresh, MODULES_ENTRY, runEntry, scratchDir } from '../helpers/moduleGraph.js';
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

  it('is what bin/stalkstats.js runs, unless STALKSTATS_NO_BUNDLE is set', () => {
    const viaBin = binLoadedFiles(['trend', DEMO, '--by', 'fy', '--format', 'json']);
    expect(viaBin.run.code).toBe(0);
    expect(viaBin.files).toContain('dist/bundle/stalkstats.js');
    expect(viaBin.files.filter((f) => f.startsWith('dist/src/'))).toEqual([]);
    expect(viaBin.run.stdout).toBe(runEntry(MODULES_ENTRY, ['trend', DEMO, '--by', 'fy', '--format', 'json']).stdout);
    const unbundled = binLoadedFiles(['--version'], { STALKSTATS_NO_BUNDLE: '1' });
    expect(unbundled.files).toContain('dist/src/main.js');
    expect(unbundled.files.filter((f) => f.startsWith('dist/bundle/'))).toEqual([]);
  });

  it('keeps the worker thread file next to the chunk that starts it', () => {
    const files = readdirSync(BUNDLE_DIR);
    expect(files).toContain('group-worker.js');
    // src/read/parallel.ts finds the worker as new URL('./group-worker.js', import.meta.url): that
    // chunk must be in the same folder as group-worker.js, with the expression left as written.
    const starters = files.filter((f) => f.endsWith('.js') && readFileSync(join(BUNDLE_DIR, f), 'utf8').includes('new URL("./group-worker.js", import.meta.url)'));
    expect(starters).toHaveLength(1);
  });
});

describe.skipIf(!existsSync(MODULES_ENTRY))('worker threads from a bundle', () => {
  it('a bundled reader runs its ranges in worker threads and gives the single-thread result', async () => {
    // The reader's own entry added to the CLI's bundle options, so a script can call groupRows;
    // the worker is found and started exactly as from dist/bundle.
    const out = join(scratchDir(), 'bundle');
    const { bundleOptions } = (await import(pathToFileURL(join(REPO_ROOT, 'scripts/bundle.mjs')).href)) as { bundleOptions: (dir: string) => Record<string, unknown> };
    const { build } = await import('esbuild');
    const options = bundleOptions(out) as { entryPoints: Record<string, string> };
    await build({ ...options, entryPoints: { ...options.entryPoints, group: 'dist/src/read/group.js' }, metafile: false } as Parameters<typeof build>[0]);
    expect(existsSync(join(out, 'group-worker.js'))).toBe(true);

    const rows = ['a,b,c,d'];
    for (let i = 0; i < 4000; i++) rows.push(`k${i % 7},x,"v ${i % 3}, quoted",${i % 11}`);
    const csvPath = join(scratchDir(), 'workers.csv');
    (await import('node:fs')).writeFileSync(csvPath, `${rows.join('\n')}\n`);
    const spec = { headerLine: 1, headerFields: 4, keyColumns: [0, 2], countColumn: 3, delimiter: ',' };
    const script = `
      import { createRequire, syncBuiltinESMExports } from 'node:module';
      const threads = createRequire(import.meta.url)('node:worker_threads');
      let started = 0;
      const Worker = threads.Worker;
      threads.Worker = class extends Worker { constructor(...a) { super(...a); started++; } };
      syncBuiltinESMExports();
      const { groupRows } = await import(${JSON.stringify(pathToFileURL(join(out, 'group.js')).href)});
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
