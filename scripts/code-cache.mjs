#!/usr/bin/env node
// Writes the V8 code caches of the CLI bundle (see bin/bundle-loader.js): loads the bundle without a
// cache, runs the commands a user typically runs, on the demo data and on small files in the other
// layouts written here, then saves the bytecode of every function those runs compiled. One cache
// holds every run (for --help, --version and anything else); each command also gets a cache from
// its own runs alone, which is smaller and so faster to load. Each cache is written by a process of
// its own (two or more at a time), started by scripts/bundle.mjs with no V8 flags, as the CLI runs.
//
// What the runs print is thrown away; a run that fails stops the build, since the same run would
// fail for a user.
//
// Usage: node scripts/code-cache.mjs BUNDLE_FILE             every cache
//        node scripts/code-cache.mjs BUNDLE_FILE --command C  the cache of command C's runs
//        node scripts/code-cache.mjs BUNDLE_FILE --every      the cache of every run
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import loader from '../bin/bundle-loader.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = resolve(process.argv[2] ?? join(root, 'dist', 'bundle', 'stalkstats.cjs'));
const DEMO = join(root, 'data', 'demo', 'demo-home-office-quarterly.csv');

/** Small files in the layouts the demo does not cover (rolling years, monthly wide, yearly wide). */
function layoutFiles(dir) {
  const files = {
    'ons-rolling.csv': [
      '12 months ending,PFA,Region,Offence,Rolling year total number of offences',
      '31/03/2017,Avon and Somerset,South West,Stalking and harassment,3000',
      '31/03/2017,Avon and Somerset,South West,Shoplifting,9000',
      '31/03/2017,Dorset,South West,Stalking and harassment,1200',
      '31/03/2018,Avon and Somerset,South West,Stalking and harassment,4100',
      '31/03/2018,Avon and Somerset,South West,Shoplifting,9100',
      '31/03/2018,Dorset,South West,Stalking and harassment,1500',
    ],
    'met-monthly.csv': [
      'MajorText,MinorText,BoroughName,202003,202004,202005',
      'VIOLENCE AGAINST THE PERSON,HARASSMENT,Camden,100,120,130',
      'VIOLENCE AGAINST THE PERSON,STALKING,Camden,10,12,13',
      'VIOLENCE AGAINST THE PERSON,HARASSMENT,Hackney,90,95,99',
      'VIOLENCE AGAINST THE PERSON,STALKING,Hackney,9,11,8',
    ],
    'csp-wide.csv': [
      'Force Name,CSP Name,Offence Description,Offence Group,Offence Subgroup,OffenceCode,2017/18,2018/19,2019/20',
      'West Yorkshire,Calderdale,Stalking,VAP,Stalking and harassment,8Q,54,96,128',
      'West Yorkshire,Calderdale,Harassment,VAP,Stalking and harassment,8L,589,1477,1717',
      'West Yorkshire,Calderdale,Malicious Communications,VAP,Stalking and harassment,8R,1073,1584,1681',
    ],
  };
  const paths = {};
  for (const [name, lines] of Object.entries(files)) writeFileSync((paths[name] = join(dir, name)), `${lines.join('\n')}\n`);
  return paths;
}

function runs(f, dir) {
  const trend = (...a) => ['trend', ...a];
  return [
    ['--version'],
    ['--help'],
    trend(DEMO),
    trend(DEMO, '--by', 'fy'),
    trend(DEMO, '--by', 'fy', '--format', 'json'),
    trend(DEMO, '--by', 'fy', '--format', 'csv'),
    trend(DEMO, '--by', 'fy', '--format', 'markdown'),
    trend(DEMO, '--category', 'stalking', '--by', 'fy', '--chart'),
    trend(DEMO, '--each-area', '--by', 'fy', '--format', 'json'),
    ['inspect', DEMO],
    ['daily', DEMO, '--by', 'fy'],
    ['compare', DEMO, '--event', '2020-04'],
    ['summary', DEMO, '--year', '2020/21'],
    ['summary', DEMO, '--all-years', '--out', join(dir, 'summary')],
    ['check', DEMO, '--claim', 'Eastwick recorded more than 100 stalking offences in 2020/21'],
    ['categories'],
    ['events'],
    trend(f['ons-rolling.csv']),
    trend(f['ons-rolling.csv'], '--format', 'json'),
    trend(f['met-monthly.csv'], '--by', 'month'),
    trend(f['csp-wide.csv'], '--format', 'json'),
    trend('no-such-file.csv'),
  ];
}

/** Runs the training runs `which` selects in this process, then writes their cache. */
async function train(which, command) {
  const dir = mkdtempSync(join(tmpdir(), 'stalkstats-cache-'));
  try {
    const loaded = loader.loadBundle(file, { cache: false });
    const sink = { write: () => true };
    for (const argv of runs(layoutFiles(dir), dir).filter(which)) {
      let err = '';
      const code = await loaded.exports.run(argv, { stdout: sink, stderr: { write: (s) => ((err += s), true) }, env: {}, stdoutIsTTY: false, stderrIsTTY: false, cwd: root });
      // The missing file is meant to fail (the error path is worth caching too); nothing else is.
      if (code !== 0 && argv[1] !== 'no-such-file.csv') throw new Error(`stalkstats ${argv.join(' ')} exited with ${code}: ${err.trim().split('\n').pop()}`);
    }
    loader.writeCodeCache(file, loaded, command);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** This script again, for one cache; resolves with its error output when it fails. */
function child(args) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), file, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve(code === 0 ? null : err.trim().split('\n').pop() || `exited with ${code}`));
  });
}

const i = process.argv.indexOf('--command');
try {
  if (i > 0) {
    const command = process.argv[i + 1];
    if (!/^[a-z]+$/.test(command ?? '')) throw new Error(`--command needs a command name, not ${command ?? 'nothing'}`);
    await train((argv) => loader.commandOf(argv) === command, command);
  } else if (process.argv.includes('--every')) {
    await train(() => true, null);
  } else {
    // The commands the runs name (the dummy paths are not read), each cache in a process of its own.
    const commands = [...new Set(runs({}, tmpdir()).map((argv) => loader.commandOf(argv)).filter((c) => c !== null))];
    const jobs = [['--every'], ...commands.map((c) => ['--command', c])];
    const failures = [];
    const lane = async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const failed = await child(job);
        if (failed) failures.push(`${job.join(' ')}: ${failed}`);
      }
    };
    await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, lane));
    if (failures.length) throw new Error(failures.join('; '));
  }
} catch (e) {
  console.error(`code-cache: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
