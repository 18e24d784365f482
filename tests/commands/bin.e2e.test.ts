import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/realData.js';

const run = promisify(execFile);

const DEMO = 'data/demo/demo-home-office-quarterly.csv';

describe('bin/stalkstats.js end to end', () => {
  it('trend --by fy on the demo data matches sums computed here from the CSV', async () => {
    // Independent expectation: Northvale, 2020/21, the five sub-group codes over the four quarters.
    const lines = readFileSync(join(REPO_ROOT, DEMO), 'utf8').trimEnd().split('\n');
    expect(lines[0].split(',')[7]).toBe('Number of Offences');
    const rows = lines.slice(1).map((l) => l.split(','));
    const sum = (pick: (r: string[]) => boolean) => rows.filter(pick).reduce((s, r) => s + Number(r[7]), 0);
    const inYear = (r: string[]) => r[0] === '2020/21' && r[2] === 'Northvale';
    const stalking = sum((r) => inYear(r) && r[6] === '8Q');
    const combined = sum((r) => inYear(r) && ['8L', '8M', '8Q', '8R', '8U'].includes(r[6]));
    expect(rows.filter((r) => inYear(r) && r[6] === '8Q')).toHaveLength(4);

    const { stdout, stderr } = await run(
      process.execPath,
      ['bin/stalkstats.js', 'trend', DEMO, '--by', 'fy', '--area', 'Northvale', '--format', 'json', '--quiet'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(stderr).toBe('');
    const doc = JSON.parse(stdout);
    const find = (category: string) =>
      doc.rows.find((r: { category: string; period: string }) => r.category === category && r.period === '2020/21');
    expect(find('stalking').count).toBe(stalking);
    expect(find('stalking-and-harassment').count).toBe(combined);
    expect(find('stalking')).toMatchObject({ area: 'Northvale', start: '2020-04-01', end: '2021-03-31', days: 365 });
  });

  it('exits 1 on a missing file, with the message on stderr', async () => {
    const err = await run(process.execPath, ['bin/stalkstats.js', 'trend', 'no-such.csv'], { cwd: REPO_ROOT }).then(
      () => null,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain('E_FILE_NOT_FOUND');
    expect(err?.stdout).toBe('');
  });
});

describe('the command npm links', () => {
  it('is bin/stalkstats.js, a JavaScript file that starts with #!/usr/bin/env node (so it runs on Windows too)', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ stalkstats: 'bin/stalkstats.js' });
    expect(readFileSync(join(REPO_ROOT, pkg.bin.stalkstats), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
