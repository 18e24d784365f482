import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ClaimInput, checkClaims, parseClaim, type Verdict } from '../../src/analyses/claims/index.js';
import { loadInput } from '../../src/series/load.js';
import { ObservationTable } from '../../src/series/observations.js';
import type { LoadedInput } from '../../src/series/types.js';
import { DEFAULT_CATEGORIES } from '../../src/taxonomy/taxonomy.js';

// Claims of our own, checked against the real files in ../shared/data/real (see SOURCES.md there).
// Beside each: the rows it rests on and the hand calculation behind the expected verdicts (one
// verdict per part of the claim, in the order the parts appear). Tolerance is 2% unless stated.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REAL = path.resolve(repoRoot, '../shared/data/real');
const FILES = {
  onsB: 'ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyB_slashdates.csv',
  onsA: 'ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyA_dashdates.csv',
  calderdale: 'calderdale_csp_recorded_crime_2015-16_to_2021-22.csv',
  met: 'met_mps_borough_level_crime_historical_2010-04_to_2023-11.csv',
  metRecent: 'met_mps_borough_level_crime_recent24m_2023-12_to_2025-11.csv',
  metOlder: 'met_mps_borough_level_crime_historical_2010-04_to_2022-12_OLDER_VINTAGE_no_SH_split.csv',
  metOldest: 'met_mps_borough_level_crime_historic_2008-01_to_2016-12_OLDEST_FORMAT.csv',
  btp: 'homeoffice_prc_pfa_2024-25_nonterritorial_forces_derived_subset.csv',
} as const;
type FileKey = keyof typeof FILES;
const available = Object.values(FILES).every((f) => existsSync(path.join(REAL, f)));

interface Case {
  files: FileKey[];
  claim: string | ClaimInput;
  area?: string;
  asOf?: string;
  tolerance?: number;
  expect: Verdict[];
  /** The hand calculation. */
  why: string;
}

const CASES: Case[] = [
  // Dorset, ONS rolling 12-month totals (combined 'Stalking and harassment' only).
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: 'more than six cases a day in 2017',
    expect: ['supported'],
    why: 'YE "30/12/2017" (= Dec 2017) 2,336 / 365 days = 6.40 a day > 6',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: '2,339 in 2017',
    expect: ['close'],
    why: 'Echo 2,339 vs data 2,336: +3 = +0.13% of 2,336, within 2%',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: '2,339 cases in 2017 — more than six a day — double 2015',
    expect: ['close', 'supported', 'supported'],
    why: '2,339 vs 2,336 (+0.13%); 2,336 / 365 = 6.40 > 6; YE Dec 2015 1,224: 2,336 / 1,224 = 1.908, within [1.9, 2.1]',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: 'rose from 1,213 in 2015 to 2,017 in 2016',
    expect: ['supported', 'close', 'close'],
    why: 'rise: 1,224 → 2,041; 1,213 vs 1,224 = −11 (−0.90%); 2,017 vs 2,041 = −24 (−1.18%)',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: 'an 81 per cent increase in the 12 months to September 2016',
    expect: ['supported'],
    why: 'YE Sep 2016 1,918 / YE Sep 2015 1,060 = 1.8094: +80.94%, rounds to 81',
  },
  {
    files: ['onsA'],
    area: 'Dorset',
    claim: '2,336 offences in 2017',
    expect: ['supported'],
    why: 'copy A writes the period end 30-12-2017; read as Dec 2017: 2,336 exactly',
  },
  {
    files: ['onsB'],
    claim: { text: 'SIX cases of stalking and harassment are reported to police every day in Dorset', period: '2017' },
    expect: ['supported'],
    why: 'area named in the text; 2,336 / 365 = 6.40 a day, which rounds to 6 (5.5 to under 6.5)',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: 'stalking rose in 2017',
    expect: ['cannot-check'],
    why: 'the ONS file has only the combined sub-group: no stalking figure',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: '2,465 offences in the year to March 2018',
    expect: ['supported'],
    why: 'YE Mar 2018 = 2,465',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: 'Police recorded 1,918 offences from October 2015 to September 2016',
    expect: ['supported'],
    why: 'Oct 2015 – Sep 2016 has the bounds of YE Sep 2016 = 1,918',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: 'more than 2,400 offences in the 12 months to October 2017',
    expect: ['cannot-check'],
    why: 'rolling years end in Mar, Jun, Sep and Dec only; overlapping totals are never added',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: 'stalking and harassment nearly doubled between 2017 and 2018',
    expect: ['not-supported'],
    why: '4,087 / 2,336 = 1.750; nearly = [1.8, 2.0); 1.750 × 1.02 = 1.785 < 1.8',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: 'one every four hours in 2017',
    expect: ['supported'],
    why: '2,336 / 365 = 6.40 a day; 24 / 6.40 = 3.75 hours, which rounds to 4',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: 'about 2,300 offences in 2017',
    expect: ['supported'],
    why: 'about = ±10%: 2,070 to 2,530 holds 2,336',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: 'fewer than 2,000 offences in 2016',
    expect: ['not-supported'],
    why: '2,041 is not below 2,000; even 2,041 × 0.98 = 2,000.2 is not',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: 'a 75 per cent rise in 2018',
    expect: ['supported'],
    why: '4,087 / 2,336 = 1.7496: +74.96%, rounds to 75',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    asOf: '2018-06-01',
    claim: 'last year, 2,336 offences',
    expect: ['supported'],
    why: 'as of 2018-06-01 last year is 2017: 2,336',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    asOf: '2019-01-15',
    claim: 'more than 11 a day over the past 12 months',
    expect: ['supported'],
    why: 'the 12 months to Dec 2018: 4,087 / 365 = 11.20 > 11',
  },
  {
    files: ['onsB'],
    area: 'Dorset',
    claim: '2,336 offences last year',
    expect: ['unparsed'],
    why: "'last year' needs --as-of",
  },

  // England and Wales: the sum of the 44 'PFAs' with the sub-group (43 territorial forces and BTP).
  {
    files: ['onsB'],
    claim: '86,363 stalking and harassment offences in England and Wales in the year to March 2015',
    expect: ['supported'],
    why: "sum of 44 PFAs, YE Mar 2015 = 86,363 (SOURCES.md); 'England and Wales' is every area, not the region Wales",
  },
  {
    files: ['onsB'],
    claim: 'stalking and harassment almost doubled in 2015/16',
    expect: ['supported'],
    why: '161,594 / 86,363 = 1.871, in [1.8, 2.0)',
  },
  {
    files: ['onsB'],
    claim: 'stalking and harassment doubled in 2015/16',
    expect: ['close'],
    why: '1.871 is outside [1.9, 2.1], but 1.871 × 1.02 = 1.909 is inside',
  },
  { files: ['onsB'], claim: '408,522 offences in 2018', expect: ['supported'], why: 'YE Dec 2018 sum = 408,522' },
  {
    files: ['onsB'],
    claim: '722,574 stalking and harassment offences in the year to March 2022',
    expect: ['cannot-check'],
    why: 'Independent figure; the file ends with YE Dec 2018',
  },
  {
    files: ['onsB'],
    area: 'Metropolitan Police',
    claim: '41,617 offences in 2017/18',
    expect: ['not-supported'],
    why: 'ONS Met YE Mar 2018 40,787; 41,617 − 40,787 = 830 = +2.03%, just over 2%',
  },
  {
    files: ['onsB'],
    area: 'Metropolitan Police',
    tolerance: 3,
    claim: '41,617 offences in 2017/18',
    expect: ['close'],
    why: 'the same +2.03% is within --tolerance 3',
  },
  {
    files: ['onsB'],
    area: 'Met',
    claim: '48,642 stalking and harassment offences in 2018',
    expect: ['supported'],
    why: "'Met' is an alias of Metropolitan Police; YE Dec 2018 = 48,642",
  },

  // Calderdale CSP, wide by financial year, separate codes (harassment = 8L + 8M).
  {
    files: ['calderdale'],
    claim: 'stalking rose almost four-fold between 2019/20 and 2020/21',
    expect: ['supported'],
    why: '8Q 128 → 498: 498 / 128 = 3.89, in [3.6, 4.0)',
  },
  {
    files: ['calderdale'],
    claim: 'stalking fell in 2020/21',
    expect: ['not-supported'],
    why: '128 → 498 is a rise (×3.89)',
  },
  {
    files: ['calderdale'],
    claim: 'stalking rose nearly ten-fold between 2015/16 and 2018/19',
    expect: ['supported'],
    why: '96 / 10 = 9.6, in [9, 10) (a small base, flagged)',
  },
  {
    files: ['calderdale'],
    claim: 'harassment fell by 59 per cent in 2017/18',
    expect: ['supported'],
    why: '(912 + 18 = 930; 1,454 + 16 = 1,470) → 589 + 10 = 599: 599 / 1,470 = 0.4075, −59.25%, rounds to 59',
  },
  {
    files: ['calderdale'],
    claim: 'malicious communications rose in 2017/18',
    expect: ['supported'],
    why: '8R 0 → 1,073: a rise; no ratio is needed for a direction',
  },
  {
    files: ['calderdale'],
    claim: 'malicious communications doubled in 2017/18',
    expect: ['cannot-check'],
    why: 'the base, 2016/17, is 0: no ratio exists',
  },
  {
    files: ['calderdale'],
    claim: 'coercive control rose 13 per cent in 2021/22',
    expect: ['supported'],
    why: '8U 216 → 245: 245 / 216 = 1.1343, +13.43%, rounds to 13',
  },
  {
    files: ['calderdale'],
    claim: '4,058 stalking and harassment offences in 2020/21',
    expect: ['supported'],
    why: 'derived: 1,475 + 33 + 498 + 1,836 + 216 (8U from April 2020) = 4,058',
  },
  {
    files: ['calderdale'],
    claim: 'there were 4,058 offences in 2020/21',
    expect: ['supported'],
    why: 'no category named: the combined figure is assumed (and the working says so): 4,058',
  },
  {
    files: ['calderdale'],
    claim: '5 stalking offences in 2014/15',
    expect: ['cannot-check'],
    why: 'the file starts with 2015/16',
  },
  {
    files: ['calderdale'],
    claim: '250 stalking offences between April and September 2020',
    expect: ['cannot-check'],
    why: 'financial years only: half a year cannot be built',
  },
  {
    files: ['calderdale'],
    claim: 'stalking more than trebled in 2020/21',
    expect: ['supported'],
    why: '498 / 128 = 3.89 > 3',
  },
  {
    files: ['calderdale'],
    claim: 'an increase of 289 per cent in stalking in 2020/21',
    expect: ['supported'],
    why: '498 / 128 = 3.890625: +289.06%, rounds to 289',
  },
  {
    files: ['calderdale'],
    claim: 'harassment rose by a quarter in 2021/22',
    expect: ['not-supported'],
    why: '(1,951 + 40) / (1,475 + 33) = 1,991 / 1,508 = 1.320: +32.0%; a quarter = 25% ± 5% of it (23.75 to 26.25%)',
  },
  {
    files: ['calderdale'],
    claim: 'stalking rose from 128 in 2019/20 to 498 in 2020/21',
    expect: ['supported', 'supported', 'supported'],
    why: 'a rise; 128 and 498 exactly',
  },

  // Metropolitan Police borough file (London total), combined 'STALKING AND HARASSMENT' only.
  {
    files: ['met'],
    claim: 'more than 1,000 stalking cases per month, compared with 200 cases per month prior to April 2020',
    expect: ['cannot-check', 'cannot-check'],
    why: 'Met press release: stalking alone; the file has only the combined category',
  },
  {
    files: ['met'],
    claim: '64,776 stalking and harassment offences in 2020/21, averaging 5,398 a month',
    expect: ['supported', 'supported'],
    why: 'sum of Apr 2020 … Mar 2021 = 64,776; 64,776 / 12 months = 5,398.0',
  },
  {
    files: ['met'],
    claim: '4,244 offences in April 2020',
    expect: ['supported'],
    why: 'April 2020 London total = 4,244',
  },
  {
    files: ['met'],
    claim: 'Stalking and harassment rose 18 per cent in London in 2020/21',
    expect: ['close'],
    why: '64,776 / 54,555 = 1.1873 (+18.7%); +18% needs [1.175, 1.185); 1.1873 × 0.98 = 1.1636 reaches it',
  },
  {
    files: ['met'],
    claim: '1,965 offences in Westminster in 2020/21',
    expect: ['supported'],
    why: 'the borough named in the claim; Westminster Apr 2020 … Mar 2021 = 1,965',
  },
  {
    files: ['met'],
    claim: '49,683 offences in 2018',
    expect: ['supported'],
    why: 'calendar 2018 from 12 months = 49,683 (SOURCES.md)',
  },
  {
    files: ['met'],
    claim: '60,608 stalking and harassment offences in 2023/24',
    expect: ['cannot-check'],
    why: 'the file ends Nov 2023: Dec 2023 … Mar 2024 missing',
  },
  {
    files: ['met', 'metRecent'],
    claim: '60,608 stalking and harassment offences in 2023/24',
    expect: ['supported'],
    why: 'Apr–Nov 2023 from one file (41,579) + Dec 2023–Mar 2024 from the other (19,029) = 60,608',
  },
  {
    files: ['metRecent'],
    claim: 'an average of 4,510 a month in 2024/25',
    expect: ['supported'],
    why: '54,114 / 12 = 4,509.5, rounds to 4,510',
  },
  {
    files: ['met', 'metRecent'],
    claim: 'stalking and harassment fell by 11 per cent in 2024/25',
    expect: ['supported'],
    why: '54,114 / 60,608 = 0.8929: −10.71%, rounds to 11',
  },
  {
    files: ['met'],
    claim: '12,015 across the year',
    expect: ['unparsed'],
    why: "'the year' names no period and the claim has no period field",
  },
  {
    files: ['met'],
    claim: { text: '12,015 across the year', period: '2018/19' },
    expect: ['not-supported'],
    why: 'London 2018/19 = 52,534, far from 12,015',
  },
  {
    files: ['metOlder'],
    claim: '52,534 stalking and harassment offences in 2018/19',
    expect: ['cannot-check'],
    why: 'this vintage has no STALKING AND HARASSMENT category',
  },
  {
    files: ['metOldest'],
    claim: 'harassment rose in 2015',
    expect: ['cannot-check'],
    why: "the old Met 'Harassment' is a wider category, not Home Office harassment",
  },

  // British Transport Police, Home Office quarters of 2024/25, separate codes.
  {
    files: ['btp'],
    area: 'British Transport Police',
    claim: '350 stalking and harassment offences in 2024/25',
    expect: ['supported'],
    why: '8L 135 + 8M 3 + 8Q 136 + 8R 76 + 8U 0 = 350',
  },
  {
    files: ['btp'],
    area: 'BTP',
    claim: '136 stalking offences in 2024/25',
    expect: ['supported'],
    why: '8Q 25 + 32 + 41 + 38 = 136',
  },
  {
    files: ['btp'],
    area: 'British Transport Police',
    claim: 'stalking rose in 2024/25',
    expect: ['cannot-check'],
    why: 'no 2023/24 in the file to compare with',
  },
  {
    files: ['btp'],
    area: 'British Transport Police',
    claim: '49 malicious communications offences between July and September 2024',
    expect: ['supported'],
    why: '8R in quarter 2 (Jul–Sep 2024) = 49',
  },
  {
    files: ['btp'],
    area: 'British Transport Police',
    claim: '138 harassment offences in 2024/25',
    expect: ['supported'],
    why: '8L 135 + 8M 3 = 138',
  },
  {
    files: ['btp'],
    area: 'British Transport Police',
    claim: '130 stalking offences in 2024',
    expect: ['cannot-check'],
    why: 'calendar 2024 needs Jan–Mar 2024, which is in 2023/24',
  },
  { files: ['btp'], claim: 'Stalking is a serious crime', expect: ['unparsed'], why: 'no figure, rate or change' },
];

const loaded = new Map<FileKey, LoadedInput>();
async function inputsFor(keys: FileKey[]): Promise<LoadedInput[]> {
  const out: LoadedInput[] = [];
  for (const [i, k] of keys.entries()) {
    if (!loaded.has(k))
      loaded.set(k, await loadInput(path.join(REAL, FILES[k]), 0, { keep: new Set(DEFAULT_CATEGORIES) }));
    out.push({
      ...loaded.get(k)!,
      index: i,
      observations: ObservationTable.from(
        [...loaded.get(k)!.observations].map((o) => ({
          input: i,
          areaPath: o.areaPath,
          areaRoles: o.areaRoles,
          category: o.category,
          subcategory: o.subcategory,
          offence: o.offence,
          code: o.code,
          period: o.period,
          count: o.count,
          rows: o.rows,
          derived: o.derived,
        })),
      ),
    });
  }
  return out;
}

describe.skipIf(!available)(`claims against the real files${available ? '' : ` (skipped: ${REAL} not found)`}`, () => {
  beforeAll(async () => {
    for (const k of Object.keys(FILES) as FileKey[]) await inputsFor([k]);
  });

  it('has at least 40 claims and every verdict kind', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    const kinds = new Set(CASES.flatMap((c) => c.expect));
    expect([...kinds].sort()).toEqual(['cannot-check', 'close', 'not-supported', 'supported', 'unparsed']);
  });

  for (const c of CASES) {
    const input: ClaimInput = typeof c.claim === 'string' ? { text: c.claim } : c.claim;
    it(`${input.text}${c.area ? ` [${c.area}]` : ''} → ${c.expect.join(', ')}`, async () => {
      const inputs = await inputsFor(c.files);
      const parsed = parseClaim(input, { asOf: c.asOf });
      const { rows } = checkClaims([parsed], inputs, { tolerancePct: c.tolerance ?? 2, area: c.area, asOf: c.asOf });
      const got = rows.map((r) => r.verdict);
      expect(got, `${c.why}\n${rows.map((r) => `${r.verdict}: ${r.working}`).join('\n')}`).toEqual(c.expect);
    });
  }
});
