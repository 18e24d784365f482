import { describe, expect, it } from 'vitest';
import { loadRegister } from '../../src/taxonomy/register.js';
import { helpExamples, problems, runCli } from '../helpers/cli.js';

const register = loadRegister();

describe('stalkstats events', () => {
  it('JSON lists every event with its sources as publication and URL', async () => {
    const r = await runCli(['events', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json.command).toBe('events');
    expect(r.json.rows).toHaveLength(register.events.length);
    expect(Object.keys(r.json.rows[0])).toEqual([
      'id',
      'date',
      'title',
      'changed',
      'affects',
      'confidence',
      'sources',
      'note',
    ]);
    const april2020 = r.json.rows.find((e: { date: string }) => e.date === '2020-04-01');
    expect(april2020).toMatchObject({
      id: 'ex-partner-stalking-coercive-control-2020',
      confidence: 'confirmed',
      note: null,
    });
    expect(april2020.affects).toEqual(['stalking', 'harassment', 'coercive-control', 'stalking-and-harassment']);
    for (const e of r.json.rows) {
      expect(e.sources.length).toBeGreaterThan(0);
      for (const s of e.sources) {
        expect(Object.keys(s)).toEqual(['publication', 'url']);
        expect(s.url).toMatch(/^https?:\/\//);
      }
    }
    // In date order, as the register keeps them.
    const dates = r.json.rows.map((e: { date: string }) => e.date);
    expect(dates).toEqual([...dates].sort());
  });

  it('CSV has one row per event, lists joined into one cell', async () => {
    const r = await runCli(['events', '--format', 'csv']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('id,date,title,changed,affects,confidence,sources,note');
    const row2018 = lines.find((l) => l.startsWith('conduct-crimes-recorded-in-addition-2018,2018-04-01,'))!;
    expect(row2018).toContain('"stalking; harassment; coercive-control; stalking-and-harassment"');
    expect(row2018).toContain('<https://archive.northumbria-pcc.gov.uk/?p=8471>');
  });

  it('the table gives each source with its address in full', async () => {
    const r = await runCli(['events']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Recording changes');
    expect(r.stdout).toContain('2023-05-31');
    expect(r.stdout).toContain('probable');
    expect(r.stdout).toContain('<https://commonslibrary.parliament.uk/stalking-does-the-new-law-protect-victims/>');
    expect(r.stderr).not.toContain('reconciliation:');
  });

  it('at 80 columns, is one block per event, each line within the width but for web addresses', async () => {
    const r = await runCli(['events'], {}, { tty: true, columns: 80 });
    const events = JSON.parse((await runCli(['events', '--format', 'json'])).stdout).rows.length;
    // Each block starts with a blank line and the event's id.
    expect(r.stdout.split('\n\n').length - 1).toBe(events);
    for (const line of r.stdout.split('\n'))
      if (!/<https?:/.test(line)) expect([...line].length).toBeLessThanOrEqual(80);
    expect(r.stdout.split('\n').length).toBeLessThan(events * 30);
  });

  it('Markdown links each source', async () => {
    const r = await runCli(['events', '--format', 'markdown']);
    expect(r.stdout).toContain('| Id | Date | Title | What changed | Affects | Confidence | Sources | Note |');
    expect(r.stdout).toContain(
      '](https://vawg.gss-data.org.uk/dashboards/stalking-and-harassment/police-recorded-crime-of-harassment)',
    );
  });

  it('--category keeps the events that affect it', async () => {
    const r = await runCli(['events', '--category', 'malicious-communications', '--format', 'json']);
    const ids = r.json.rows.map((e: { id: string }) => e.id);
    expect(ids).toEqual([
      'malicious-communications-notifiable-2015',
      'malicious-communications-code-8r-2017',
      'principal-crime-rule-restored-2023',
    ]);
    const bad = await runCli(['events', '--category', 'stalkin']);
    expect(bad.code).toBe(2);
  });

  it('help has examples, and every one runs', async () => {
    const help = await runCli(['events', '--help']);
    expect(help.stdout).toContain('Examples');
    const examples = helpExamples(help.stdout);
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const args of examples) {
      const r = await runCli(args);
      expect({ args, code: r.code, problems: problems(r.stderr) }).toEqual({ args, code: 0, problems: [] });
    }
  });
});
