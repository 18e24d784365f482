import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is tests/helpers/realData.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Official files re-uploaded beside the project (../shared/data/real; STALKSTATS_REAL_DATA names
 * another folder). They are never copied into the repository; tests that need them are skipped,
 * with a warning, where the folder is absent.
 */
export const REAL_DIR = resolve(REPO_ROOT, process.env.STALKSTATS_REAL_DATA || '../shared/data/real');
export const hasRealData = existsSync(REAL_DIR);

export const REAL = {
  onsA: 'ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyA_dashdates.csv',
  onsB: 'ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyB_slashdates.csv',
  calderdale: 'calderdale_csp_recorded_crime_2015-16_to_2021-22.csv',
  homeOffice: 'homeoffice_prc_pfa_2024-25_nonterritorial_forces_derived_subset.csv',
  met: 'met_mps_borough_level_crime_historical_2010-04_to_2023-11.csv',
  metOlderVintage: 'met_mps_borough_level_crime_historical_2010-04_to_2022-12_OLDER_VINTAGE_no_SH_split.csv',
  metRecent: 'met_mps_borough_level_crime_recent24m_2023-12_to_2025-11.csv',
  metOld: 'met_mps_borough_level_crime_historic_2008-01_to_2016-12_OLDEST_FORMAT.csv',
  homeOffice1718: 'homeoffice_prc_pfa_2017-18_all_forces.csv',
  homeOffice1718Pandas: 'homeoffice_prc_pfa_2017-18_pandas_resaved.csv',
  metWard: 'met_mps_ward_level_crime_recent24m_2023-11_to_2025-10.csv',
  onsTablesXlsx: 'ons_pfa_data_tables_ye-mar2018.xlsx',
  onsTableP1Csv: 'ons_pfa_table_P1_ye-mar2018_sheet_saved_as_csv.csv',
  onsTableP9Csv: 'ons_pfa_table_P9_population_mid2002-2016_sheet_saved_as_csv.csv',
  policeUkCityOfLondon: 'policeuk_street_city-of-london_2020-04_to_2021-03',
  policeUkEssex: 'policeuk_street_essex_2018-01_to_03_snakecase_header',
} as const;

export type RealName = keyof typeof REAL;

export function realPath(name: RealName): string {
  return join(REAL_DIR, REAL[name]);
}

/** Call at the top of a test file that uses the real files: says why its tests are skipped. */
export function warnIfNoRealData(what: string): void {
  if (!hasRealData) {
    console.warn(
      `[stalkstats tests] skipping ${what}: the real published files were not found at ${REAL_DIR}; ` +
        'put them there or set STALKSTATS_REAL_DATA to the folder that holds them',
    );
  }
}

export { readCsvRecords } from './csvLite.js';
