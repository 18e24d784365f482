#!/usr/bin/env node
// Records what every command prints (stdout, stderr, exit code, files written) on every real file,
// the demo data and the bad-input corpus, and compares two such records. A change that should not
// change what users see is checked with it:
//
//   node scripts/compare-outputs.mjs record /tmp/before     (on the old code)
//   node scripts/compare-outputs.mjs record /tmp/after      (on the new code)
//   node scripts/compare-outputs.mjs diff /tmp/before /tmp/after
//
// The real files are read from ../shared/data/real (STALKSTATS_REAL_DATA names another folder).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const realDir = resolve(root, process.env.STALKSTATS_REAL_DATA || '../shared/data/real');
const bin = join(root, 'bin', 'stalkstats.js');
const scratch = join(root, '.compare-scratch');

/** Arguments run on every data file, then per-file extras. */
const PER_FILE = [
  ['trend'],
  ['trend', '-f', 'json'],
  ['trend', '-f', 'csv'],
  ['trend', '-f', 'markdown'],
  ['trend', '--by', 'fy', '-f', 'csv'],
  ['trend', '--by', 'year'],
  ['trend', '--by', 'quarter', '-f', 'csv'],
  ['trend', '--by', 'month', '-f', 'csv'],
  ['trend', '--each-area', '-f', 'csv'],
  ['trend', '--category', 'stalking', '-f', 'json'],
  ['trend', '--category', 'other', '--by', 'fy', '-f', 'csv'],
  ['trend', '--from', '2017', '--to', '2019', '-f', 'csv'],
  ['trend', '--strict'],
  ['trend', '--chart'],
  ['trend', '--chart-svg', `${scratch}/chart.svg`],
  ['daily'],
  ['daily', '-f', 'json'],
  ['daily', '--by', 'fy', '-f', 'csv'],
  ['daily', '--each-area', '--by', 'year', '-f', 'csv'],
  ['compare', '--event', '2020-04'],
  ['compare', '--event', '2020-04', '-f', 'json'],
  ['compare', '--event', '2017-04', '--window', '24', '-f', 'csv'],
  ['summary', '--year', '2017/18'],
  ['summary', '--year', '2017', '-f', 'json'],
  ['summary', '--year', '2020/21', '--each-area', '-f', 'markdown'],
  ['summary', '--all-years', '--out', `${scratch}/summaries`],
  ['inspect'],
  ['inspect', '-f', 'json'],
  ['check', '--claim', '2,339 cases in 2017 - more than six a day - double 2015'],
  ['check', '--claim', 'stalking more than tripled between 2019/20 and 2020/21', '-f', 'json'],
  [
    'check',
    '--as-of',
    '2018-04-26',
    '--claim',
    'an 81 per cent increase from October 2015 to September 2016',
    '-f',
    'json',
  ],
];

const AREAS = {
  'ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyA_dashdates.csv': ['Dorset', 'West Midlands', 'London'],
  'ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyB_slashdates.csv': ['Dorset', 'West Midlands', 'Metropolitan Police'],
  'calderdale_csp_recorded_crime_2015-16_to_2021-22.csv': ['Calderdale'],
  'homeoffice_prc_pfa_2017-18_all_forces.csv': ['West Midlands', 'Dorset'],
  'homeoffice_prc_pfa_2024-25_nonterritorial_forces_derived_subset.csv': ['BTP'],
  'met_mps_borough_level_crime_historical_2010-04_to_2023-11.csv': ['Westminster', 'London'],
};

function cases() {
  const list = [];
  const add = (name, args) => list.push({ name, args });
  const real = existsSync(realDir) ? readdirSync(realDir).sort() : [];
  const files = [...real.map((f) => join(realDir, f)), join(root, 'data', 'demo', 'demo-home-office-quarterly.csv')];
  for (const file of files) {
    const base = file.split('/').pop();
    for (const args of PER_FILE) add(`${base} ${args.join(' ')}`, [args[0], file, ...args.slice(1)]);
    for (const area of AREAS[base] ?? []) {
      add(`${base} trend --area ${area}`, ['trend', file, '--area', area, '-f', 'csv']);
      add(`${base} summary --area ${area}`, ['summary', file, '--year', '2017/18', '--area', area]);
    }
  }
  const ons = real.filter((f) => f.startsWith('ons_rec-crime')).map((f) => join(realDir, f));
  if (ons.length === 2) {
    add('ons A+B trend', ['trend', ...ons, '--area', 'North Wales', '-f', 'json']);
    add('ons A+B inspect', ['inspect', ...ons]);
    add('ons A+B prefer', [
      'trend',
      ...ons,
      '--prefer',
      ons[0],
      '--area',
      'North Wales',
      '--category',
      'other',
      '-f',
      'csv',
    ]);
  }
  const bad = join(root, 'tests', 'fixtures', 'bad');
  if (existsSync(bad)) for (const f of readdirSync(bad).sort()) add(`bad ${f}`, ['trend', join(bad, f), '-f', 'json']);
  add('events', ['events']);
  add('events json', ['events', '-f', 'json']);
  add('events stalking', ['events', '--category', 'stalking']);
  add('categories', ['categories']);
  add('categories json', ['categories', '-f', 'json']);
  add('help', ['--help']);
  for (const c of ['trend', 'daily', 'compare', 'check', 'summary', 'inspect', 'events', 'categories'])
    add(`help ${c}`, [c, '--help']);
  add('no such file', ['trend', 'no-such-file.csv']);
  add('unknown option', ['trend', join(root, 'data', 'demo', 'demo-home-office-quarterly.csv'), '--nope']);
  return list;
}

/** Everything under a folder, as one text: each file's path and contents. */
function folderText(dir) {
  if (!existsSync(dir)) return '';
  const out = [];
  const walk = (d) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(`--- ${p.slice(dir.length + 1)}\n${readFileSync(p, 'utf8')}`);
    }
  };
  walk(dir);
  return out.join('\n');
}

function record(outDir) {
  mkdirSync(outDir, { recursive: true });
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.CI;
  const results = [];
  for (const c of cases()) {
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    const r = spawnSync(process.execPath, [bin, ...c.args], { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    results.push({ name: c.name, code: r.status, stdout: r.stdout, stderr: r.stderr, files: folderText(scratch) });
  }
  rmSync(scratch, { recursive: true, force: true });
  // Paths differ between checkouts; the record holds them relative to the project and the data.
  const text = JSON.stringify(results, null, 1).split(realDir).join('$REAL').split(root).join('$ROOT/');
  writeFileSync(join(outDir, 'outputs.json'), text);
  console.log(`recorded ${results.length} runs in ${join(outDir, 'outputs.json')}`);
}

function diff(a, b) {
  const before = JSON.parse(readFileSync(join(a, 'outputs.json'), 'utf8'));
  const after = new Map(JSON.parse(readFileSync(join(b, 'outputs.json'), 'utf8')).map((r) => [r.name, r]));
  let same = 0;
  const differ = [];
  for (const x of before) {
    const y = after.get(x.name);
    if (!y) {
      differ.push(`${x.name}: missing in ${b}`);
      continue;
    }
    const parts = ['code', 'stdout', 'stderr', 'files'].filter((k) => x[k] !== y[k]);
    if (parts.length === 0) same++;
    else
      differ.push(
        `${x.name}: ${parts.join(', ')} differ${parts.includes('stderr') ? `\n  before: ${x.stderr.slice(0, 300)}\n  after:  ${y.stderr.slice(0, 300)}` : ''}`,
      );
  }
  for (const d of differ) console.log(d);
  console.log(`${same} of ${before.length} runs identical`);
  process.exitCode = differ.length ? 1 : 0;
}

const [verb, ...dirs] = process.argv.slice(2);
if (verb === 'record' && dirs.length === 1) record(resolve(dirs[0]));
else if (verb === 'diff' && dirs.length === 2) diff(resolve(dirs[0]), resolve(dirs[1]));
else {
  console.error('usage: node scripts/compare-outputs.mjs record DIR | diff BEFORE AFTER');
  process.exitCode = 2;
}
