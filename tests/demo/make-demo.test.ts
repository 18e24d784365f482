import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DEMO_FORCES,
  DEMO_HEADER,
  DEMO_OFFENCES,
  makeDemoCsv,
  makeDemoPopulationsCsv,
  makeDemoRows,
  writeDemoCsv,
} from '../../scripts/make-demo.js';

const committedPath = fileURLToPath(new URL('../../data/demo/demo-home-office-quarterly.csv', import.meta.url));
const HOME_OFFICE_HEADER =
  'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';

const rows = makeDemoRows();
const startYear = (fy: string): number => Number(fy.slice(0, 4));

function total(code: string, fy: string): number {
  return rows.filter((r) => r[0] === fy && r[6] === code).reduce((sum, r) => sum + Number(r[7]), 0);
}

describe('demo dataset generator', () => {
  it('matches the committed file byte for byte', () => {
    const committed = readFileSync(committedPath);
    expect(committed.equals(Buffer.from(makeDemoCsv(), 'utf8'))).toBe(true);
  });

  it('writes the committed invented populations byte for byte, one row per force and mid-year', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../data/demo/demo-populations.csv', import.meta.url)));
    expect(committed.equals(Buffer.from(makeDemoPopulationsCsv(), 'utf8'))).toBe(true);
    const lines = makeDemoPopulationsCsv().trimEnd().split('\n');
    expect(lines).toHaveLength(1 + DEMO_FORCES.length * 13);
    // Eastwick: 520,000 at mid-2012 growing 0.4% a year; mid-2022 is 520,000 × 1.004^10 = 541,178.
    expect(lines).toContain('Eastwick,2022,541178,force,invented for the demo: not official statistics');
  });

  it('is deterministic, and the seed matters', () => {
    expect(makeDemoCsv()).toBe(makeDemoCsv());
    expect(makeDemoCsv(2024)).toBe(makeDemoCsv());
    expect(makeDemoCsv(7)).not.toBe(makeDemoCsv());
  });

  it('has exactly the Home Office header, LF endings, no BOM and a final newline', () => {
    const text = makeDemoCsv();
    expect(text.split('\n')[0]).toBe(HOME_OFFICE_HEADER);
    expect(DEMO_HEADER.join(',')).toBe(HOME_OFFICE_HEADER);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).not.toContain('\r');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });

  it('has eight unquoted cells per row and non-negative integer counts', () => {
    const lines = makeDemoCsv().trimEnd().split('\n').slice(1);
    expect(lines.length).toBe(rows.length);
    for (const line of lines) expect(line.split(',')).toHaveLength(8);
    for (const r of rows) expect(r[7]).toMatch(/^(0|[1-9]\d*)$/);
  });

  it('introduces codes only when the recording rules did', () => {
    const rowsBefore = (code: string, year: number) => rows.filter((r) => r[6] === code && startYear(r[0]) < year);
    const from = (code: string, year: number) => rows.filter((r) => r[6] === code && startYear(r[0]) >= year);
    expect(rowsBefore('8Q', 2014)).toHaveLength(0);
    expect(rowsBefore('8R', 2017)).toHaveLength(0);
    expect(rowsBefore('8U', 2020)).toHaveLength(0);
    expect(from('8Q', 2014).length).toBeGreaterThan(0);
    expect(from('8R', 2017).length).toBeGreaterThan(0);
    expect(from('8U', 2020).length).toBeGreaterThan(0);
  });

  it('has every quarter for every force and every offence in force, once, in order', () => {
    const expected: string[] = [];
    for (let year = 2012; year <= 2024; year++) {
      const fy = `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
      for (let q = 1; q <= 4; q++) {
        for (const force of DEMO_FORCES) {
          for (const o of DEMO_OFFENCES) {
            if (year >= o.firstYear) expected.push([fy, q, force.name, o.code].join('|'));
          }
        }
      }
    }
    expect(rows.map((r) => [r[0], r[1], r[2], r[6]].join('|'))).toEqual(expected);
    expect(new Set(DEMO_FORCES.map((f) => f.name)).size).toBe(5);
    expect(rows[0][0]).toBe('2012/13');
    expect(rows[rows.length - 1][0]).toBe('2024/25');
  });

  it('uses the Home Office descriptions, groups and sub-groups', () => {
    const byCode = new Map(rows.map((r) => [r[6], r.slice(3, 6).join('|')]));
    const sh = 'Violence against the person|Stalking and harassment';
    expect(byCode.get('8Q')).toBe(`Stalking|${sh}`);
    expect(byCode.get('8L')).toBe(`Harassment|${sh}`);
    expect(byCode.get('8M')).toBe(`Racially or religiously aggravated harassment|${sh}`);
    expect(byCode.get('8R')).toBe(`Malicious Communications|${sh}`);
    expect(byCode.get('8U')).toBe(`Controlling and coercive behaviour|${sh}`);
    expect(byCode.get('58A')).toBe('Criminal damage to a dwelling|Criminal damage and arson|Criminal damage');
    expect(byCode.get('46')).toBe('Shoplifting|Theft offences|Shoplifting');
  });

  it('shows the April 2020 reclassification of ex-partner conduct from harassment to stalking', () => {
    // With seed 2024: stalking 1,179 in 2019/20 and 3,642 in 2020/21 (x3.09);
    // harassment 8,048 and 5,681 (-29%).
    const stalking1920 = total('8Q', '2019/20');
    const stalking2021 = total('8Q', '2020/21');
    expect(stalking2021).toBeGreaterThanOrEqual(2 * stalking1920);
    expect(total('8L', '2020/21')).toBeLessThan(total('8L', '2019/20'));
  });

  it('shows malicious communications inside harassment in 2015/16 and 2016/17 only', () => {
    // With seed 2024: harassment 5,037 (2014/15), 10,979 (2015/16), 12,614 (2016/17), 6,873 (2017/18).
    expect(total('8L', '2015/16')).toBeGreaterThan(1.5 * total('8L', '2014/15'));
    expect(total('8L', '2017/18')).toBeLessThan(0.75 * total('8L', '2016/17'));
  });

  it('writes the file atomically, leaving no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stalkstats-demo-'));
    try {
      const out = join(dir, 'nested', 'demo.csv');
      writeDemoCsv(out);
      expect(readFileSync(out, 'utf8')).toBe(makeDemoCsv());
      expect(readdirSync(join(dir, 'nested'))).toEqual(['demo.csv']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
