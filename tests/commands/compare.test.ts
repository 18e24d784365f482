import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpExamples, problems, runCli } from '../helpers/cli.js';
import { hasRealData, REPO_ROOT, realPath, warnIfNoRealData } from '../helpers/realData.js';
import { onlyRow } from '../helpers/series.js';

warnIfNoRealData('compare command tests on the real Met and Calderdale files');

const DEMO = join(REPO_ROOT, 'data/demo/demo-home-office-quarterly.csv');

const ROW_KEYS = [
  'area',
  'category',
  'event',
  'beforeStart',
  'beforeEnd',
  'beforeDays',
  'beforeCount',
  'beforePerDay',
  'afterStart',
  'afterEnd',
  'afterDays',
  'afterCount',
  'afterPerDay',
  'rateRatio',
  'ciLow',
  'ciHigh',
  'likeForLike',
  'step',
  'comparable',
  'notComparableBecause',
  'missing',
  'likeForLikeNote',
  'stepNote',
];

describe('stalkstats compare: help and usage', () => {
  it('has examples, and every one runs on the demo data', async () => {
    const help = await runCli(['compare', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples');
    const examples = helpExamples(help.stdout);
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const args of examples) {
      const r = await runCli(args);
      expect({ args, code: r.code, problems: problems(r.stderr) }).toEqual({ args, code: 0, problems: [] });
    }
  });

  it('an event not in the register is a usage error with suggestions', async () => {
    const r = await runCli(['compare', DEMO, '--event', '2019-04']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[E_UNKNOWN_EVENT]');
    expect(r.stderr).toContain('did you mean');
  });

  it('--event is required and --window must be whole months', async () => {
    expect((await runCli(['compare', DEMO])).code).toBe(2);
    expect((await runCli(['compare', DEMO, '--event', '2020-04', '--window', '0'])).code).toBe(2);
    expect((await runCli(['compare', DEMO, '--event', '2020-04', '--window', '6.5'])).code).toBe(2);
  });
});

describe('stalkstats compare on the demo data', () => {
  it('JSON rows: windows, rates, ratio, like for like and step', async () => {
    const r = await runCli([
      'compare',
      DEMO,
      '--event',
      'ex-partner-stalking-coercive-control-2020',
      '--category',
      'stalking-and-harassment,coercive-control',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const row = onlyRow(r.json.rows, { category: 'stalking-and-harassment' });
    expect(Object.keys(row)).toEqual(ROW_KEYS);
    expect(row).toMatchObject({
      area: 'All areas',
      beforeStart: '2019-04-01',
      beforeEnd: '2020-03-31',
      beforeDays: 366,
      afterStart: '2020-04-01',
      afterEnd: '2021-03-31',
      afterDays: 365,
      comparable: false,
    });
    // Per-day rates and their ratio, by hand from the counts.
    const { beforeCount: b, afterCount: a } = row as { beforeCount: number; afterCount: number };
    expect(row.beforePerDay).toBeCloseTo(b / 366, 6);
    expect(row.afterPerDay).toBeCloseTo(a / 365, 6);
    expect(row.rateRatio).toBeCloseTo(a / 365 / (b / 366), 6);
    expect(row.ciLow).toBeLessThan(row.rateRatio);
    expect(row.ciHigh).toBeGreaterThan(row.rateRatio);
    // Like for like: the after window without the coercive control counted in it from April 2020.
    const cc = onlyRow(r.json.rows, { category: 'coercive-control' });
    // The demo has no 8U rows before April 2020: no before count (not zero) and no ratio.
    expect(cc).toMatchObject({ beforeCount: null, rateRatio: null, comparable: false });
    expect(row.likeForLike).toMatchObject({
      beforeCount: b,
      afterCount: a - (cc.afterCount as number),
      excluded: ['coercive-control'],
    });
    const lfl = row.likeForLike as { afterCount: number; rateRatio: number };
    expect(lfl.rateRatio).toBeCloseTo(lfl.afterCount / 365 / (b / 366), 6);
    expect(row.step).toMatchObject({ method: expect.stringContaining('quarter of year') });
    expect(r.json.event).toMatchObject({ id: 'ex-partner-stalking-coercive-control-2020', date: '2020-04-01' });
    expect(r.json.windowMonths).toBe(12);
  });

  it('the table shows both windows, the ratio with its interval and the like-for-like figure', async () => {
    const t = await runCli(['compare', DEMO, '--event', '2020-04', '--category', 'stalking-and-harassment']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('1 Apr 2019 – 31 Mar 2020');
    expect(t.stdout).toContain('1 Apr 2020 – 31 Mar 2021');
    expect(t.stdout).toMatch(/without coercive-control/);
    expect(t.stdout).toContain('† not comparable: Ex-partner courses of conduct');
    const c = await runCli(['compare', DEMO, '--event', '2020-04', '--format', 'csv']);
    expect(c.stdout.split('\n')[0]).toBe(ROW_KEYS.join(','));
  });
});

describe.skipIf(!hasRealData)('stalkstats compare on real files', () => {
  it('Met monthly, April 2020, 12 months: 54,555 in 366 days against 64,776 in 365', async () => {
    const r = await runCli(['compare', realPath('met'), '--event', '2020-04', '--window', '12', '--format', 'json']);
    expect(r.code).toBe(0);
    const row = onlyRow(r.json.rows, { category: 'stalking-and-harassment' });
    // 54555 / 366 = 149.057377…; 64776 / 365 = 177.468493…; ratio = 177.468493 / 149.057377 = 1.1906052…
    // R: poisson.test(c(64776, 54555), c(365, 366)) → 1.1906052331253 [1.17710363706422, 1.20426501385201]
    expect(row).toMatchObject({
      beforeStart: '2019-04-01',
      beforeEnd: '2020-03-31',
      beforeDays: 366,
      beforeCount: 54555,
      beforePerDay: 149.057377,
      afterStart: '2020-04-01',
      afterEnd: '2021-03-31',
      afterDays: 365,
      afterCount: 64776,
      afterPerDay: 177.468493,
      rateRatio: 1.190605,
      ciLow: 1.177104,
      ciHigh: 1.204265,
      comparable: false,
      missing: null,
    });
    // The Met publishes only the combined figure: coercive control cannot be taken out.
    expect(row.likeForLike).toBeNull();
    expect(row.likeForLikeNote).toContain('no separate coercive-control figures');
    // R, on the 61 months Apr 2018 – Apr 2023 between the April 2018 and May 2023 changes:
    // glm(count ~ t + after + factor(month) + offset(log(days)), family = quasipoisson) →
    // exp(b) = 1.25244705595083 [1.17696509180873, 1.33276988321657], dispersion 19.49
    expect(row.step).toMatchObject({ rateRatio: 1.252447, ciLow: 1.176965, ciHigh: 1.33277 });
    expect(row.step.method).toContain('segmented quasi-Poisson regression (level step, pre-trend, month of year)');
    expect(row.step.method).toContain('24 months before and 37 after (Apr 2018 to Apr 2023)');
  });

  it('Calderdale, April 2020: like for like without coercive control', async () => {
    const r = await runCli(['compare', realPath('calderdale'), '--event', '2020-04-01', '--format', 'json']);
    expect(r.code).toBe(0);
    const sh = onlyRow(r.json.rows, { category: 'stalking-and-harassment' });
    // 2019/20 3,552 (366 days); 2020/21 4,058 (365 days) of which 216 coercive control: 4058 − 216 = 3842.
    // R: poisson.test(c(4058, 3552), c(365, 366)) → 1.14558496853017 [1.09486735855314, 1.19869277647677]
    // R: poisson.test(c(3842, 3552), c(365, 366)) → 1.08460755275824 [1.03596703745938, 1.13555523376432]
    expect(sh).toMatchObject({
      beforeCount: 3552,
      afterCount: 4058,
      rateRatio: 1.145585,
      ciLow: 1.094867,
      ciHigh: 1.198693,
    });
    expect(sh.likeForLike).toEqual({
      beforeCount: 3552,
      afterCount: 3842,
      rateRatio: 1.084608,
      ciLow: 1.035967,
      ciHigh: 1.135555,
      excluded: ['coercive-control'],
    });
    expect(sh.step).toBeNull();
    expect(sh.stepNote).toContain('monthly or quarterly');
    // R: poisson.test(c(498, 128), c(365, 366)) → 3.90128424657534 [3.20644191413202, 4.77555934871651]
    expect(onlyRow(r.json.rows, { category: 'stalking' })).toMatchObject({
      beforeCount: 128,
      afterCount: 498,
      rateRatio: 3.901284,
      ciLow: 3.206442,
      ciHigh: 4.775559,
    });
  });

  it('Calderdale, April 2015: the before window lies outside the data, so no ratio', async () => {
    const r = await runCli([
      'compare',
      realPath('calderdale'),
      '--event',
      '2015-04',
      '--category',
      'stalking-and-harassment',
      '--format',
      'json',
    ]);
    const row = r.json.rows[0];
    expect(row).toMatchObject({
      beforeCount: null,
      beforePerDay: null,
      afterCount: 940,
      rateRatio: null,
      ciLow: null,
      ciHigh: null,
    });
    expect(row.missing).toBe(
      'before window: no data for 1 Apr 2014 – 31 Mar 2015 (the data run from 1 Apr 2015 to 31 Mar 2022)',
    );
  });

  it('ONS rolling years: one rolling year each side, never overlapping ones added', async () => {
    const r = await runCli(['compare', realPath('onsB'), '--event', '2015-04', '--area', 'Dorset', '--format', 'json']);
    expect(r.code).toBe(0);
    // Years ending March 2015 (850) and March 2016 (1,477): (1477 / 366) / (850 / 365) = 1.7328994
    expect(r.json.rows[0]).toMatchObject({
      beforeCount: 850,
      beforeDays: 365,
      afterCount: 1477,
      afterDays: 366,
      rateRatio: 1.732899,
      step: null,
    });
    const r18 = await runCli([
      'compare',
      realPath('onsB'),
      '--event',
      '2015-04',
      '--area',
      'Dorset',
      '--window',
      '18',
      '--format',
      'json',
    ]);
    expect(r18.json.rows[0]).toMatchObject({ beforeCount: null, afterCount: null, rateRatio: null });
    expect(r18.json.rows[0].missing).toContain('rolling 12-month totals overlap');
  });
});
