import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hasRealData, realPath, warnIfNoRealData } from '../helpers/realData.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/foundation/${name}`, import.meta.url));

warnIfNoRealData('inspect on the real Calderdale file');

describe('inspect command', () => {
  it('JSON names the layout, the header line and what it skipped', async () => {
    const r = await runCli(['inspect', fixture('home-office-with-title-lines.csv'), '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json.command).toBe('inspect');
    expect(r.json.files[0].layout.id).toBe('home-office-open-data');
    expect(r.json.files[0].layout).toMatchObject({ headerLine: 4, linesAbove: 2 });
    // Every label with its category.
    const labels = Object.fromEntries(r.json.rows.map((x: { code: string; category: string }) => [x.code, x.category]));
    expect(labels).toMatchObject({ '8Q': 'stalking', '8L': 'harassment' });
  });

  it('the table says what it found', async () => {
    const r = await runCli(['inspect', fixture('home-office-with-title-lines.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[home-office-open-data]');
    expect(r.stdout).toContain('2 title or note lines above it skipped');
  });

  it.skipIf(!hasRealData)('on Calderdale: wide by financial year, separate codes, totals row excluded', async () => {
    const r = await runCli(['inspect', realPath('calderdale'), '--format', 'json']);
    expect(r.code).toBe(0);
    const f = r.json.files[0];
    expect(f.layout.id).toBe('wide-financial-year');
    expect(f.separateCodes).toEqual(['8L', '8M', '8Q', '8R', '8U']);
    expect(f.periods).toMatchObject({ count: 7, first: { label: '2015/16' }, last: { label: '2021/22' } });
    expect(r.json.reconciliation.excluded[0]).toMatchObject({ rows: 1, offences: 157000 });
  });
});
