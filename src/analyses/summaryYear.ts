import { StalkError } from '../core/errors.js';
import { calendarYear, financialYear, type Period } from '../core/periods.js';
import { parseFinancialYear } from '../schema/periodCells.js';
import type { AreaName } from '../series/areas.js';
import type { CategoryId } from '../taxonomy/taxonomy.js';
import type { Comparability } from './trend.js';

/** The year a summary is for, and what else it is asked for. */

export type YearKind = 'fy' | 'year';

export interface SummaryYear {
  kind: YearKind;
  period: Period;
  previous: Period;
  /** As written by users: "2017" or "2017/18". */
  label: string;
  /** Safe in a file name: "2017" or "2017-18". */
  fileLabel: string;
}

export function summaryYear(kind: YearKind, startYear: number): SummaryYear {
  const period = kind === 'fy' ? financialYear(startYear) : calendarYear(startYear);
  const previous = kind === 'fy' ? financialYear(startYear - 1) : calendarYear(startYear - 1);
  return { kind, period, previous, label: period.label, fileLabel: period.label.replace('/', '-') };
}

/** `2017` (calendar year) or `2017/18` (financial year, April to March; `2017-18` also read). */
export function parseSummaryYear(v: string): SummaryYear {
  const t = v.trim();
  const cal = /^(\d{4})$/.exec(t);
  if (cal && Number(cal[1]) >= 1900 && Number(cal[1]) <= 2200) return summaryYear('year', Number(cal[1]));
  const fy = parseFinancialYear(t);
  if (fy !== null) return summaryYear('fy', fy);
  throw new StalkError(
    'E_BAD_OPTION',
    `--year expects a calendar year (2017) or a financial year (2017/18), got '${v}'`,
  );
}

export interface SummaryOptions {
  /** Areas named by the user (any level), resolved; empty means every area, summed. */
  areas: AreaName[];
  eachArea: boolean;
  categories: CategoryId[];
  preferOrder?: number[];
  comparability?: Comparability;
}
