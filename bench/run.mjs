// Benchmark: group-and-sum of Home Office-layout files (financial year × offence code) by the
// built reader, the CLI, DuckDB, Miller and a csv-parse streaming baseline; a cold run on a real
// ONS file; a generated police.uk archive (a folder of monthly files) read by the CLI and by
// DuckDB; and a generated workbook against the same rows as CSV and openpyxl (bench/workbook.mjs).
// Writes bench/results.md.
//
// Usage: npm run bench -- [--sizes 100k,1m,10m] [--runs N] [--cold-runs N]
//   [--police-uk-rows N] [--police-uk-runs N] [--workbook-rows N] [--workbook-runs N]
//   [--areas N] [--area-years N] [--areas-runs N] [--article-runs N]
//   [--skip police-uk,workbook,cold,many-areas,article]
// DuckDB is used only when installed beside the bench (bench/.deps pins its version):
//   npm install --prefix bench/.deps
// Miller is used only when `mlr` is on the PATH (Debian: apt-get install miller).
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARTICLE_TARGET_SECONDS, articleBench } from './article.mjs';
import { generateHomeOffice, generatePoliceUk } from './generate.mjs';
import { MANY_AREAS_TARGET, manyAreasBench } from './manyAreas.mjs';
import { workbookBench } from './workbook.mjs';

const bench = dirname(fileURLToPath(import.meta.url));
const root = join(bench, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

const SIZES = { '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000 };
const sizes = option('sizes', '100k,1m,10m').split(',');
const runsFor = (size) => Number(option('runs', size === '10m' ? 3 : 5));
const ONS = join(
  root,
  '..',
  'shared',
  'data',
  'real',
  'ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyB_slashdates.csv',
);

const HO_KEYS = ['Financial Year', 'Offence Code'];
const HO_COUNT = 'Number of Offences';
const ONS_KEYS = ['12 months ending', 'Offence'];
const ONS_COUNT = 'Rolling year total number of offences';

const timeBin = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));
// The command as npm links it.
const ENTRY = join(root, 'bin', 'stalkstats.js');
const skipSections = new Set(option('skip', '').split(',').filter(Boolean));

/** Runs a command; elapsed seconds and peak memory come from GNU time when present. */
function measure(cmd, cmdArgs, env = process.env) {
  const started = process.hrtime.bigint();
  const r = timeBin
    ? spawnSync(timeBin, ['-f', '@@time %e %M', cmd, ...cmdArgs], {
        cwd: root,
        env,
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      })
    : spawnSync(cmd, cmdArgs, { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const timeLine = (r.stderr ?? '').split('\n').find((l) => l.startsWith('@@time '));
  const [, seconds, kb] = timeLine ? timeLine.split(' ') : [];
  return {
    ok: r.status === 0,
    seconds: seconds ? Number(seconds) : wall,
    // GNU time gives hundredths of a second; cold runs of a tenth of a second need the clock.
    wall,
    peakMB: kb ? Number(kb) / 1024 : null,
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '')
      .split('\n')
      .filter((l) => !l.startsWith('@@time '))
      .join('\n'),
  };
}

function summaryOf(stdout) {
  try {
    const s = JSON.parse(stdout.trim().split('\n').pop());
    return { groups: s.groups, sum: s.sum, peakMB: s.maxRssKB ? s.maxRssKB / 1024 : null };
  } catch {
    return null;
  }
}

/** Miller prints one JSON record per group; the check sums them. */
function millerSummary(stdout, countName) {
  try {
    const rows = JSON.parse(stdout);
    return { groups: rows.length, sum: rows.reduce((s, r) => s + Number(r[`${countName}_sum`]), 0) };
  } catch {
    return null;
  }
}

function tools(keys, count) {
  const list = [];
  list.push({
    name: 'stalkstats groupRows',
    cmd: process.execPath,
    args: (f) => [join(bench, 'driver.mjs'), f, keys.join('|'), count],
    summary: summaryOf,
  });
  list.push({
    name: 'stalkstats groupRows, 1 thread',
    cmd: process.execPath,
    args: (f) => [join(bench, 'driver.mjs'), f, keys.join('|'), count, '1'],
    summary: summaryOf,
    large: true,
  });
  list.push({
    name: 'stalkstats trend (CLI)',
    cmd: process.execPath,
    args: (f) => [ENTRY, 'trend', f, '--by', 'fy', '--format', 'json'],
    summary: () => null,
    cli: true,
  });
  if (existsSync(join(bench, '.deps', 'node_modules', '@duckdb', 'node-api'))) {
    list.push({
      name: 'DuckDB',
      cmd: process.execPath,
      args: (f) => [join(bench, 'duckdb-driver.mjs'), f, keys.join('|'), count],
      summary: summaryOf,
      reference: true,
    });
  }
  if (spawnSync('mlr', ['--version']).status === 0) {
    list.push({
      name: 'Miller (mlr stats1)',
      cmd: 'mlr',
      args: (f) => ['--icsv', '--ojson', 'stats1', '-a', 'sum', '-f', count, '-g', keys.join(','), f],
      summary: (o) => millerSummary(o, count),
    });
  }
  list.push({
    name: 'csv-parse stream',
    cmd: process.execPath,
    args: (f) => [join(bench, 'csvparse-driver.mjs'), f, keys.join('|'), count],
    summary: summaryOf,
    slow: true,
  });
  return list;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));

if (!existsSync(join(root, 'dist', 'src', 'read', 'group.js'))) {
  console.error('bench: build first (npm run build)');
  process.exit(1);
}
mkdirSync(join(bench, 'data'), { recursive: true });

/** Reads a file through, so that the timed runs find it in the page cache. */
function warmPageCache(file) {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 22);
    while (readSync(fd, buf, 0, buf.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/** The CLI is used only if it runs a `trend` on a small file of the same layout. */
let cliChecked = null;
function cliWorks() {
  if (cliChecked !== null) return cliChecked;
  const probe = join(bench, 'data', 'ho-probe.csv');
  if (!existsSync(probe)) generateHomeOffice(probe, 2000);
  // Its own grain: 2,000 rows hold part of a year only, which --by fy would leave out (no rows, exit 1).
  const m = measure(process.execPath, [ENTRY, 'trend', probe, '--format', 'json']);
  if (!m.ok)
    console.error(`bench: the CLI failed on a small file, left out: ${m.stderr.trim().split('\n').pop() ?? ''}`);
  return (cliChecked = m.ok);
}

const loadBefore = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const sections = [];

const extraCerts = !!process.env.NODE_EXTRA_CA_CERTS;
const UNSET_CERTS = 'NODE_EXTRA_CA_CERTS unset';
const withoutCerts = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS'));

for (const size of sizes) {
  const rows = SIZES[size];
  if (!rows) throw new Error(`unknown size ${size} (use ${Object.keys(SIZES).join(', ')})`);
  const file = join(bench, 'data', `ho-${size}.csv`);
  if (!existsSync(file)) {
    console.error(`generating ${relative(root, file)} (${rows.toLocaleString('en-GB')} rows)…`);
    generateHomeOffice(file, rows);
  }
  // Read once, untimed: the first run would otherwise read the file from disk (20 s for the 10M-row
  // file here, where the page cache had dropped it), whichever tool it is.
  warmPageCache(file);
  const runs = runsFor(size);
  const list = tools(HO_KEYS, HO_COUNT);
  const active = list.filter((t) => !(t.cli && !cliWorks()) && !(t.large && statSync(file).size < 128 * 1024 * 1024));
  const byTool = new Map(active.map((t) => [t.name, { times: [], peaks: [], summary: null, failed: null }]));
  for (let r = 0; r < runs; r++) {
    // Tools take turns, so a burst of load on the machine hits all of them alike.
    for (const t of active) {
      const res = byTool.get(t.name);
      if (res.failed || (t.slow && rows >= 10_000_000 && r > 0)) continue;
      // As the CLI leaves NODE_EXTRA_CA_CERTS out (bin/stalkstats), so do the Node.js tools here:
      // none of them opens a connection, and Node.js parses those certificates as it starts.
      const m = measure(t.cmd, t.args(file), t.cmd === process.execPath ? withoutCerts : process.env);
      if (!m.ok) {
        res.failed = m.stderr.trim().split('\n').pop() ?? 'failed';
        continue;
      }
      res.times.push(m.seconds);
      const s = t.summary(m.stdout);
      res.peaks.push(m.peakMB ?? s?.peakMB ?? null);
      res.summary ??= s;
      console.error(`${size} ${t.name}: ${m.seconds.toFixed(2)} s`);
    }
  }
  sections.push({ size, rows, file, bytes: statSync(file).size, runs, tools: active, byTool });
}

// Cold runs (each a fresh process) on a real file: the CLI as people type it (a table on stdout)
// and as CI jobs run it (JSON).
const real = [];
const coldRuns = Number(option('cold-runs', 11));
if (existsSync(ONS) && !skipSections.has('cold')) {
  warmPageCache(ONS);
  const list = tools(ONS_KEYS, ONS_COUNT).filter((t) => (t.cli ? cliWorks() : !t.slow) && !t.large);
  const nodeAlone = {
    name: 'Node.js alone (node -e 0)',
    cmd: process.execPath,
    args: () => ['-e', '0'],
    summary: () => null,
  };
  const cold = [...list, nodeAlone].flatMap((t) => {
    // Node.js reads and parses the certificates named by NODE_EXTRA_CA_CERTS as it starts, before
    // any program runs. Where it is set, Node.js programs are timed without it too. The command
    // (bin/stalkstats) leaves it out itself; it is also timed as `node bin/stalkstats.js`.
    if (t.cli) {
      return [
        { ...t, name: 'stalkstats trend (CLI, table)', args: () => [ENTRY, 'trend', ONS] },
        { ...t, name: 'stalkstats trend (CLI, JSON)', args: () => [ENTRY, 'trend', ONS, '--format', 'json'] },
      ];
    }
    return extraCerts && t.cmd === process.execPath
      ? [t, { ...t, name: `${t.name}, ${UNSET_CERTS}`, env: withoutCerts }]
      : [t];
  });
  const byTool = new Map(cold.map((t) => [t.name, { times: [], peaks: [], summary: null, error: '' }]));
  for (let r = 0; r < coldRuns; r++) {
    for (const t of cold) {
      const res = byTool.get(t.name);
      if (res.error) continue;
      const m = measure(t.cmd, t.args(ONS), t.env);
      if (!m.ok) {
        res.error = m.stderr.trim().split('\n').pop() ?? 'failed';
        continue;
      }
      res.times.push(m.wall);
      res.peaks.push(m.peakMB ?? t.summary(m.stdout)?.peakMB ?? null);
      res.summary ??= t.summary(m.stdout);
    }
  }
  for (const t of cold) {
    const res = byTool.get(t.name);
    const peaks = res.peaks.filter((p) => p !== null);
    real.push({
      name: t.name,
      ok: !res.error && res.times.length > 0,
      seconds: res.times.length ? median(res.times) : NaN,
      min: Math.min(...res.times),
      max: Math.max(...res.times),
      peakMB: peaks.length ? Math.max(...peaks) : null,
      summary: res.summary,
      error: res.error,
    });
  }
}
// A police.uk archive as its download unpacks (a folder per month, a file per force and month):
// `trend FOLDER --by fy` against DuckDB's read_csv over the same files (a glob).
let policeUk = null;
if (!skipSections.has('police-uk')) {
  const rows = Number(option('police-uk-rows', 18_000_000));
  const dir = join(bench, 'data', `police-uk-${rows}`);
  if (!existsSync(dir)) {
    console.error(`generating ${relative(root, dir)} (${rows.toLocaleString('en-GB')} rows in monthly files)…`);
    generatePoliceUk(`${dir}.part`, rows);
    renameSync(`${dir}.part`, dir);
  }
  const files = readdirSync(dir).flatMap((m) => readdirSync(join(dir, m)).map((f) => join(dir, m, f)));
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  for (const f of files) warmPageCache(f);
  const runs = Number(option('police-uk-runs', 3));
  const list = [
    {
      name: 'stalkstats trend FOLDER --by fy (CLI)',
      cmd: process.execPath,
      args: [ENTRY, 'trend', dir, '--by', 'fy', '--format', 'json'],
      summary: () => null,
    },
  ];
  if (existsSync(join(bench, '.deps', 'node_modules', '@duckdb', 'node-api'))) {
    list.push({
      name: "DuckDB `read_csv('FOLDER/*/*.csv')`, GROUP BY force, month, crime type",
      cmd: process.execPath,
      args: [join(bench, 'duckdb-driver.mjs'), join(dir, '*', '*.csv'), 'Falls within|Month|Crime type', '*'],
      summary: summaryOf,
      reference: true,
    });
  }
  const byTool = new Map(list.map((t) => [t.name, { times: [], peaks: [], summary: null, failed: null }]));
  for (let r = 0; r < runs; r++) {
    for (const t of list) {
      const res = byTool.get(t.name);
      // A run of a minute or more is timed once.
      if (res.failed || (r > 0 && res.times[0] > 60)) continue;
      const m = measure(t.cmd, t.args, withoutCerts);
      if (!m.ok) {
        res.failed = m.stderr.trim().split('\n').pop() ?? 'failed';
        continue;
      }
      res.times.push(m.seconds);
      res.peaks.push(m.peakMB ?? t.summary(m.stdout)?.peakMB ?? null);
      res.summary ??= t.summary(m.stdout);
      console.error(`police.uk ${t.name}: ${m.seconds.toFixed(2)} s`);
    }
  }
  policeUk = { rows, files: files.length, bytes, list, byTool };
}

// A workbook of the Home Office layout against the same rows as CSV, and openpyxl (workbook.mjs).
let workbook = null;
if (!skipSections.has('workbook')) {
  const rows = Number(option('workbook-rows', 1_000_000));
  const runs = Number(option('workbook-runs', 3));
  workbook = {
    rows,
    ...(await workbookBench({ rows, runs, dir: join(bench, 'data', 'workbook'), log: console.error })),
  };
}

const duckdbDriver = existsSync(join(bench, '.deps', 'node_modules', '@duckdb', 'node-api'))
  ? join(bench, 'duckdb-driver.mjs')
  : null;

// Many areas: trend and summary of every one of 7,000 partnerships (manyAreas.mjs).
let manyAreas = null;
if (!skipSections.has('many-areas')) {
  manyAreas = manyAreasBench({
    bench,
    root,
    entry: ENTRY,
    areas: Number(option('areas', 7000)),
    years: Number(option('area-years', 15)),
    runs: Number(option('areas-runs', 3)),
    measure,
    env: withoutCerts,
    duckdb: duckdbDriver,
    log: console.error,
  });
}

// A 2,000-word article checked against the real ONS file (article.mjs).
let article = null;
if (existsSync(ONS) && !skipSections.has('article')) {
  article = articleBench({
    entry: ENTRY,
    ons: ONS,
    runs: Number(option('article-runs', 5)),
    measure,
    env: withoutCerts,
    log: console.error,
  });
}

const loadAfter = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');

const lines = [];
lines.push('# Benchmark results', '');
lines.push(
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average ${loadBefore} before and ${loadAfter} after.`,
);
lines.push(
  'Task: sum `Number of Offences` by `Financial Year` × `Offence Code` over synthetic files in the Home Office layout (bench/generate.mjs; real labels, some quoted descriptions with commas).',
);
lines.push(
  `Times are wall-clock medians of fresh processes (startup included); memory is peak resident set size. Ratios are time ÷ DuckDB's time (below 1 is faster).${extraCerts ? ' NODE_EXTRA_CA_CERTS is left out of every Node.js run in these sections: Node.js parses those certificates as it starts, and no tool here opens a connection (see the cold runs below).' : ''}`,
  '',
);
for (const s of sections) {
  const ref = s.tools.find((t) => t.reference);
  const refMedian = ref && results(s, ref).times.length ? median(results(s, ref).times) : null;
  lines.push(`## ${s.rows.toLocaleString('en-GB')} rows (${(s.bytes / 1e6).toFixed(0)} MB), ${s.runs} runs`, '');
  lines.push('| tool | median s | min–max s | × DuckDB | peak MB | groups | total |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const t of s.tools) {
    const r = results(s, t);
    if (r.failed || r.times.length === 0) {
      lines.push(`| ${t.name} | failed: ${r.failed ?? 'no run'} | | | | | |`);
      continue;
    }
    const m = median(r.times);
    const peaks = r.peaks.filter((p) => p !== null);
    lines.push(
      `| ${t.name} | ${fmt(m)} | ${fmt(Math.min(...r.times))}–${fmt(Math.max(...r.times))}${r.times.length === 1 ? ' (1 run)' : ''} | ${refMedian ? fmt(m / refMedian) : '–'} | ${peaks.length ? fmt(Math.max(...peaks), 0) : '–'} | ${r.summary?.groups ?? '–'} | ${r.summary?.sum ?? '–'} |`,
    );
  }
  lines.push('');
}
if (real.length) {
  const mlr = real.find((r) => r.name.startsWith('Miller'));
  lines.push(
    `## Real file, cold: ${relative(join(root, '..'), ONS)} (${(statSync(ONS).size / 1e6).toFixed(1)} MB)`,
    '',
  );
  lines.push(
    `${coldRuns} runs each, every one a fresh process (start-up included; times from the clock around each run, which includes starting GNU time), summing the rolling-year totals by period end × offence; the CLI runs a whole \`trend\` (every area, the taxonomy, the analysis, the table or JSON).`,
    '',
  );
  lines.push('| tool | median s | min–max s | × mlr | peak MB | groups | total |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of real) {
    if (!r.ok) {
      lines.push(`| ${r.name} | failed: ${r.error} | | | | | |`);
      continue;
    }
    lines.push(
      `| ${r.name} | ${fmt(r.seconds, 3)} | ${fmt(r.min, 3)}–${fmt(r.max, 3)} | ${mlr?.ok ? fmt(r.seconds / mlr.seconds) : '–'} | ${fmt(r.peakMB, 0)} | ${r.summary?.groups ?? '–'} | ${r.summary?.sum ?? '–'} |`,
    );
  }
  lines.push('');
  if (extraCerts) {
    const alone = (suffix) => real.find((r) => r.name === `Node.js alone (node -e 0)${suffix}`);
    const [withIt, without] = [alone(''), alone(`, ${UNSET_CERTS}`)];
    lines.push(
      `NODE_EXTRA_CA_CERTS is set on this machine (${process.env.NODE_EXTRA_CA_CERTS}). Node.js reads and parses those certificates, with its own, each time it starts: an empty program took ${withIt?.ok ? fmt(withIt.seconds, 3) : '–'} s with it and ${without?.ok ? fmt(without.seconds, 3) : '–'} s without. stalkstats opens no network connections and needs none of them. The CLI rows here run with the variable as set; rows marked "${UNSET_CERTS}" are the other Node.js runs without it, as on a machine that does not set it.`,
      '',
    );
  }
}
if (policeUk) {
  const p = policeUk;
  const ref = p.list.find((t) => t.reference);
  const refTimes = ref ? p.byTool.get(ref.name).times : [];
  const refMedian = refTimes.length ? median(refTimes) : null;
  lines.push(
    `## police.uk archive: ${p.rows.toLocaleString('en-GB')} rows in ${p.files.toLocaleString('en-GB')} monthly files (${(p.bytes / 1e9).toFixed(1)} GB)`,
    '',
  );
  lines.push(
    '36 months × 43 forces of street-level files as data.police.uk unpacks them (bench/generate.mjs `generatePoliceUk`): the CLI reads the folder as one input; DuckDB reads the same files by a glob and counts rows by force, month and crime type.',
    '',
  );
  lines.push('| tool | median s | min–max s | runs | × DuckDB | peak MB | groups | rows |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const t of p.list) {
    const r = p.byTool.get(t.name);
    if (r.failed || r.times.length === 0) {
      lines.push(`| ${t.name} | failed: ${r.failed ?? 'no run'} | | | | | | |`);
      continue;
    }
    const m = median(r.times);
    const peaks = r.peaks.filter((x) => x !== null);
    lines.push(
      `| ${t.name} | ${fmt(m)} | ${fmt(Math.min(...r.times))}–${fmt(Math.max(...r.times))} | ${r.times.length} | ${refMedian ? fmt(m / refMedian) : '–'} | ${peaks.length ? fmt(Math.max(...peaks), 0) : '–'} | ${r.summary?.groups ?? '–'} | ${r.summary?.sum ?? '–'} |`,
    );
  }
  lines.push('');
}
if (workbook) {
  const w = workbook;
  lines.push(`## Workbook: ${w.rows.toLocaleString('en-GB')} rows (${w.sizes})`, '');
  lines.push(
    'The Home Office layout as CSV and as an .xlsx with shared strings (as Excel writes it; bench/workbook.mjs). Reader rows read every cell as text; CLI rows run a whole `trend --by fy` (the CSV from its bytes in WebAssembly, the sheet row by row). openpyxl runs once.',
    '',
  );
  lines.push('| reader | median s | runs | × CSV (scanCsv) | peak MB |');
  lines.push('|---|---:|---:|---:|---:|');
  const base = w.results[0]?.seconds;
  for (const r of w.results) {
    lines.push(
      `| ${r.label} | ${fmt(r.seconds)} | ${r.runs} | ${base ? fmt(r.seconds / base) : '–'} | ${fmt(r.peakMB, 0)} |`,
    );
  }
  lines.push('');
}
if (manyAreas) {
  const m = manyAreas;
  const ref = m.results.find((t) => t.reference && t.times.length);
  const refMedian = ref ? median(ref.times) : null;
  lines.push(
    `## Many areas: ${m.rows.toLocaleString('en-GB')} rows, ${m.areas.toLocaleString('en-GB')} partnerships, ${m.years} financial years of quarters`,
    '',
  );
  lines.push(
    `A generated file in the Home Office partnership layout (bench/generate-partnerships.mjs). Targets: each command under ${MANY_AREAS_TARGET.seconds} s and ${MANY_AREAS_TARGET.peakMB} MB. DuckDB groups the same rows by partnership, year and code (no analysis, no output files), as a reference for reading them.`,
    '',
  );
  lines.push('| tool | median s | min–max s | runs | × DuckDB | peak MB | within target |');
  lines.push('|---|---:|---:|---:|---:|---:|---|');
  for (const t of m.results) {
    if (t.failed || t.times.length === 0) {
      lines.push(`| ${t.name} | failed: ${t.failed ?? 'no run'} | | | | | |`);
      continue;
    }
    const med = median(t.times);
    const peak = t.peaks.length ? Math.max(...t.peaks) : null;
    const within = t.target
      ? `${med < MANY_AREAS_TARGET.seconds ? 'time yes' : 'time no'}, ${peak !== null && peak < MANY_AREAS_TARGET.peakMB ? 'memory yes' : 'memory no'}`
      : '–';
    lines.push(
      `| ${t.name} | ${fmt(med)} | ${fmt(Math.min(...t.times))}–${fmt(Math.max(...t.times))} | ${t.times.length} | ${refMedian ? fmt(med / refMedian) : '–'} | ${fmt(peak, 0)} | ${within} |`,
    );
  }
  lines.push('');
}
if (article) {
  const ref = article.results.find((t) => t.reference && t.times.length);
  const refMedian = ref ? median(ref.times) : null;
  lines.push(`## Checking an article against ${relative(join(root, '..'), ONS)}`, '');
  lines.push(
    `Wall-clock medians of fresh processes. The one-claim run reads the file the same way; the difference is the article's reading and checking. Target: the article in under ${ARTICLE_TARGET_SECONDS} s.`,
    '',
  );
  lines.push('| run | median s | min–max s | runs | × one claim | peak MB |');
  lines.push('|---|---:|---:|---:|---:|---:|');
  for (const t of article.results) {
    if (t.failed || t.times.length === 0) {
      lines.push(`| ${t.name} | failed: ${t.failed ?? 'no run'} | | | | |`);
      continue;
    }
    const med = median(t.times);
    lines.push(
      `| ${t.name} | ${fmt(med, 3)} | ${fmt(Math.min(...t.times), 3)}–${fmt(Math.max(...t.times), 3)} | ${t.times.length} | ${refMedian ? fmt(med / refMedian) : '–'} | ${t.peaks.length ? fmt(Math.max(...t.peaks), 0) : '–'} |`,
    );
  }
  lines.push('');
}
const skipped = [];
if (!existsSync(join(bench, '.deps', 'node_modules', '@duckdb', 'node-api')))
  skipped.push('DuckDB (not installed: npm install --prefix bench/.deps)');
if (spawnSync('mlr', ['--version']).status !== 0) skipped.push('Miller (mlr not found)');
if (!timeBin) skipped.push('peak memory of non-Node tools (GNU time not found)');
if (sections.some((s) => s.rows >= 10_000_000))
  lines.push('csv-parse runs once on the 10M-row file (about a minute a run).', '');
if (sections.some((s) => s.tools.some((t) => t.cli))) {
  lines.push(
    'The CLI row is a whole `trend --by fy` (layout detection, grouping by period and offence, the taxonomy, the analysis). Inputs over 64 MB summed over every area are grouped without their area columns (the areas are only counted); smaller ones are grouped area by area. Rows repeating a key are added, and counted from the groups, without a second read.',
    '',
  );
}
if (skipped.length) lines.push(`Skipped: ${skipped.join('; ')}.`, '');

function results(s, t) {
  return s.byTool.get(t.name);
}

const md = lines.join('\n');
writeFileSync(join(bench, 'results.md'), md);
// The repository's formatter aligns the tables, so the committed file passes `npm run lint`.
const biome = spawnSync(process.execPath, [
  join(bench, '..', 'node_modules', '@biomejs', 'biome', 'bin', 'biome'),
  'format',
  '--write',
  join(bench, 'results.md'),
]);
if (biome.status !== 0) console.error('bench: results.md left unformatted (Biome did not run)');
console.log(readFileSync(join(bench, 'results.md'), 'utf8'));
