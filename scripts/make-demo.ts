// Generates the bundled demo dataset: invented quarterly counts for five fictional police forces,
// in the Home Office police-recorded-crime open-data layout. The numbers are illustrative only and
// are not official statistics. They are shaped to show the real recording changes (see
// data/demo/README.md) so that every analysis has something to find.
//
// Usage (from the project root): node dist/scripts/make-demo.js [outPath]
// Default outPath: data/demo/demo-home-office-quarterly.csv
//
// Output is byte-stable: a seeded PRNG, a fixed iteration order, and only basic IEEE arithmetic
// (+, -, *, /) in the noise model, so every platform produces the same file.

import { mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const DEMO_HEADER = [
  'Financial Year',
  'Financial Quarter',
  'Force Name',
  'Offence Description',
  'Offence Group',
  'Offence Subgroup',
  'Offence Code',
  'Number of Offences',
] as const;

export const DEMO_DEFAULT_SEED = 2024;
export const DEMO_DEFAULT_PATH = 'data/demo/demo-home-office-quarterly.csv';

/** Start years of the financial years covered: 2012/13 … 2024/25. */
export const DEMO_FIRST_YEAR = 2012;
export const DEMO_LAST_YEAR = 2024;

/** Fictional forces and their size relative to a mid-sized force. Sorted by name (row order). */
export const DEMO_FORCES: readonly { name: string; scale: number }[] = [
  { name: 'Eastwick', scale: 0.7 },
  { name: 'Midshire', scale: 2.4 },
  { name: 'Northvale', scale: 1.6 },
  { name: 'Southmere', scale: 1.0 },
  { name: 'Westerfold', scale: 0.45 },
];

export interface DemoOffence {
  code: string;
  description: string;
  group: string;
  subgroup: string;
  /** First financial year (start year) in which the code has rows. */
  firstYear: number;
}

const VAP = 'Violence against the person';
const SH = 'Stalking and harassment';

/** Sorted by code with plain string comparison (row order). */
export const DEMO_OFFENCES: readonly DemoOffence[] = [
  { code: '46', description: 'Shoplifting', group: 'Theft offences', subgroup: 'Shoplifting', firstYear: 2012 },
  {
    code: '58A',
    description: 'Criminal damage to a dwelling',
    group: 'Criminal damage and arson',
    subgroup: 'Criminal damage',
    firstYear: 2012,
  },
  { code: '8L', description: 'Harassment', group: VAP, subgroup: SH, firstYear: 2012 },
  {
    code: '8M',
    description: 'Racially or religiously aggravated harassment',
    group: VAP,
    subgroup: SH,
    firstYear: 2012,
  },
  // Stalking got its own classification on 1 April 2014; before that it was recorded as harassment.
  { code: '8Q', description: 'Stalking', group: VAP, subgroup: SH, firstYear: 2014 },
  // Malicious communications: inside harassment from 1 April 2015, own classification from 1 April 2017.
  { code: '8R', description: 'Malicious Communications', group: VAP, subgroup: SH, firstYear: 2017 },
  // Controlling or coercive behaviour counted in the sub-group from 1 April 2020.
  { code: '8U', description: 'Controlling and coercive behaviour', group: VAP, subgroup: SH, firstYear: 2020 },
];

// Annual expected counts for a force of scale 1.0 before recording drift. Stalking conduct is
// split into the part that is stalking under any rule and the ex-partner course of conduct that
// was recorded as harassment until the April 2020 rule change.
const CORE = {
  stalking: 100,
  exPartnerConduct: 200,
  harassment: 450,
  raceHarassment: 40,
  maliciousComms: 600,
  coerciveControl: 150,
  criminalDamage: 900,
  shoplifting: 2500,
};

// Recording improvements after the 2014 HMIC inspection: a steady rise to 2019/20, then flat.
const RECORDING_DRIFT: Record<number, number> = {
  2012: 1.0,
  2013: 1.08,
  2014: 1.2,
  2015: 1.35,
  2016: 1.5,
  2017: 1.65,
  2018: 1.8,
  2019: 1.9,
  2020: 1.95,
  2021: 2.0,
  2022: 2.0,
  2023: 2.0,
  2024: 2.0,
};

// Quarter 1 = Apr–Jun … 4 = Jan–Mar; conduct crimes run a little higher in spring and summer.
const SEASON = [1.04, 1.08, 0.96, 0.92];

/** mulberry32: a small 32-bit seeded PRNG returning numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// exp(-x) for 0 <= x <= 32 using only + * /, so the result is identical on every platform
// (Math.exp is not required to be correctly rounded).
function expNeg(x: number): number {
  const y = x / 64;
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= 20; k++) {
    term = (term * -y) / k;
    sum += term;
  }
  for (let i = 0; i < 6; i++) sum *= sum;
  return sum;
}

/** Poisson(lambda) as a sum of Knuth draws over chunks of at most 20. */
export function poisson(lambda: number, rand: () => number): number {
  if (!(lambda > 0)) return 0;
  const chunks = Math.ceil(lambda / 20);
  const limit = expNeg(lambda / chunks);
  let total = 0;
  for (let c = 0; c < chunks; c++) {
    let p = rand();
    while (p > limit) {
      total++;
      p *= rand();
    }
  }
  return total;
}

/** Expected annual count (before force size and seasonality) for one code in one financial year. */
function annualExpectation(code: string, year: number, drift: number): number {
  switch (code) {
    case '8Q':
      if (year < 2014) return 0;
      return (year >= 2020 ? CORE.stalking + CORE.exPartnerConduct : CORE.stalking) * drift;
    case '8L': {
      let h = CORE.harassment;
      if (year < 2014) h += CORE.stalking;
      if (year < 2020) h += CORE.exPartnerConduct;
      if (year === 2015 || year === 2016) h += maliciousCommsCore(year);
      return h * drift;
    }
    case '8M':
      return CORE.raceHarassment * drift;
    case '8R':
      return year >= 2017 ? maliciousCommsCore(year) * drift : 0;
    case '8U':
      return year >= 2020 ? CORE.coerciveControl * (1 + 0.12 * (year - 2020)) * drift : 0;
    case '58A':
      return CORE.criminalDamage * (1 - 0.02 * (year - 2012));
    case '46': {
      // Shops shut for much of 2020/21; later rises in shoplifting.
      const covid = year === 2020 ? 0.7 : 1;
      const rise = year >= 2022 ? 1 + 0.12 * (year - 2021) : 1;
      return CORE.shoplifting * covid * rise;
    }
    default:
      throw new Error(`unknown demo offence code ${code}`);
  }
}

// Online abuse grows faster than other conduct.
function maliciousCommsCore(year: number): number {
  return CORE.maliciousComms * (1 + 0.06 * (year - 2015));
}

// The principal-crime rule for conduct crimes came back in 2023; low-level malicious
// communications stopped being recorded. Simplified here to the whole of 2023/24 onward.
function principalCrimeFactor(code: string, year: number): number {
  if (year < 2023) return 1;
  if (code === '8R') return 0.75;
  if (code === '8L' || code === '8Q' || code === '8M' || code === '8U') return 0.93;
  return 1;
}

export function financialYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** All data rows (header excluded) in row order: year, quarter, force, code. Pure. */
export function makeDemoRows(seed: number = DEMO_DEFAULT_SEED): string[][] {
  const rand = mulberry32(seed);

  // Fixed per-force traits: how fast recording improved, and a local level for each offence.
  const traits = DEMO_FORCES.map(() => {
    const driftSpeed = 0.85 + 0.3 * rand();
    const level: Record<string, number> = {};
    for (const o of DEMO_OFFENCES) level[o.code] = 0.85 + 0.3 * rand();
    return { driftSpeed, level };
  });

  const rows: string[][] = [];
  for (let year = DEMO_FIRST_YEAR; year <= DEMO_LAST_YEAR; year++) {
    for (let quarter = 1; quarter <= 4; quarter++) {
      DEMO_FORCES.forEach((force, f) => {
        const trait = traits[f];
        const drift = 1 + (RECORDING_DRIFT[year] - 1) * trait.driftSpeed;
        for (const o of DEMO_OFFENCES) {
          if (year < o.firstYear) continue;
          const seasonal = o.subgroup === SH ? SEASON[quarter - 1] : 1;
          const mean =
            (annualExpectation(o.code, year, drift) / 4) *
            principalCrimeFactor(o.code, year) *
            seasonal *
            force.scale *
            trait.level[o.code];
          const count = poisson(mean, rand);
          rows.push([
            financialYearLabel(year),
            String(quarter),
            force.name,
            o.description,
            o.group,
            o.subgroup,
            o.code,
            String(count),
          ]);
        }
      });
    }
  }
  return rows;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The whole CSV file: header, rows, LF line endings, final newline, no BOM. */
export function makeDemoCsv(seed: number = DEMO_DEFAULT_SEED): string {
  const lines = [DEMO_HEADER as readonly string[], ...makeDemoRows(seed)].map((r) => r.map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

export function writeDemoCsv(outPath: string, seed: number = DEMO_DEFAULT_SEED): void {
  const target = resolve(outPath);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, makeDemoCsv(seed), 'utf8');
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

export const DEMO_POPULATIONS_PATH = 'data/demo/demo-populations.csv';

/**
 * Invented mid-year populations of the fictional forces, so rates per residents and the funnel of
 * `areas` can be tried on the demo: residents at mid-2012 and a yearly growth. Not proportional to
 * the forces' sizes, so their rates differ.
 */
export const DEMO_RESIDENTS: Record<string, { mid2012: number; growth: number }> = {
  Eastwick: { mid2012: 520000, growth: 0.004 },
  Midshire: { mid2012: 1480000, growth: 0.007 },
  Northvale: { mid2012: 1010000, growth: 0.005 },
  Southmere: { mid2012: 690000, growth: 0.006 },
  Westerfold: { mid2012: 250000, growth: 0.003 },
};

/** The populations file (area, year, population, level, source), one row per force and mid-year. */
export function makeDemoPopulationsCsv(): string {
  const lines = ['area,year,population,level,source'];
  for (const { name } of DEMO_FORCES) {
    const { mid2012, growth } = DEMO_RESIDENTS[name];
    for (let year = DEMO_FIRST_YEAR; year <= DEMO_LAST_YEAR; year++) {
      const people = Math.round(mid2012 * (1 + growth) ** (year - DEMO_FIRST_YEAR));
      lines.push(`${name},${year},${people},force,invented for the demo: not official statistics`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isMainModule()) {
  const outPath = process.argv[2] ?? DEMO_DEFAULT_PATH;
  writeDemoCsv(outPath);
  process.stdout.write(`wrote ${outPath}\n`);
  if (!process.argv[2]) {
    writeFileSync(DEMO_POPULATIONS_PATH, makeDemoPopulationsCsv(), 'utf8');
    process.stdout.write(`wrote ${DEMO_POPULATIONS_PATH}\n`);
  }
}
