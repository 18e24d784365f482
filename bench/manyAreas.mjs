// Many areas: a generated file in the Home Office community safety partnership layout
// (bench/generate-partnerships.mjs: 7,000 partnerships, 15 financial years of quarters, five codes,
// 2.1 million rows), read by `trend --each-area --by fy` and `summary --all-years --each-area
// --out DIR`, against DuckDB grouping the same rows by partnership, year and code. Targets: each
// command under 20 s and under 500 MB.
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generatePartnerships } from './generate-partnerships.mjs';

export const MANY_AREAS_TARGET = { seconds: 20, peakMB: 500 };

/**
 * Times the commands (each a fresh process, `runs` times; a run of a minute or more once).
 * `measure(cmd, args, env)` is run.mjs's: seconds and peak memory from GNU time.
 */
export function manyAreasBench({ bench, root, entry, areas, years, runs, measure, env, duckdb, log }) {
  const file = join(bench, 'data', `csp-${areas}x${years}.csv`);
  if (!existsSync(file)) {
    log(`generating ${relative(root, file)} (${areas} partnerships, ${years} years)…`);
    generatePartnerships(`${file}.part`, { areas, years });
    renameSync(`${file}.part`, file);
  }
  const out = mkdtempSync(join(tmpdir(), 'stalkstats-bench-summary-'));
  const list = [
    {
      name: 'stalkstats trend --each-area --by fy --format csv',
      cmd: process.execPath,
      args: [entry, 'trend', file, '--each-area', '--by', 'fy', '--format', 'csv'],
      target: true,
    },
    {
      name: 'stalkstats summary --all-years --each-area --out DIR',
      cmd: process.execPath,
      args: [entry, 'summary', file, '--all-years', '--each-area', '--out', out, '--quiet'],
      target: true,
      before: () => rmSync(out, { recursive: true, force: true }),
    },
  ];
  if (duckdb) {
    list.push({
      name: 'DuckDB, GROUP BY partnership, financial year, code',
      cmd: process.execPath,
      args: [duckdb, file, 'CSP Name|Financial Year|Offence Code', 'Number of Offences'],
      reference: true,
    });
  }
  const results = list.map((t) => ({ ...t, times: [], peaks: [], failed: null }));
  try {
    for (let r = 0; r < runs; r++) {
      for (const t of results) {
        if (t.failed || (r > 0 && t.times[0] > 60)) continue;
        t.before?.();
        const m = measure(t.cmd, t.args, env);
        if (!m.ok) {
          t.failed = m.stderr.trim().split('\n').pop() ?? 'failed';
          continue;
        }
        t.times.push(m.seconds);
        if (m.peakMB !== null) t.peaks.push(m.peakMB);
        log(`many areas ${t.name}: ${m.seconds.toFixed(2)} s, ${m.peakMB?.toFixed(0) ?? '?'} MB`);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return { file, areas, years, rows: areas * years * 4 * 5, results };
}
