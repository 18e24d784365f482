import { day, financialYear, fyQuarter, type Period } from '../core/periods.js';
import {
  parseDateCell,
  parseFinancialYear,
  parsePeriodLabel,
  parseQuarterNumber,
  parseRollingEnd,
  parseYyyymm,
} from './periodCells.js';

/**
 * How each layout writes its time, and how its cells become exact periods: one place for every
 * time form, so a new form touches this file and data/layouts.json only.
 */
export type TimeForm =
  | 'fy-quarter'
  | 'rolling-end'
  | 'fy-columns'
  | 'month-columns'
  | 'date'
  | 'period'
  /** One period for the whole table, named in its title (ONS data tables). */
  | 'title-period';

/** Long layouts: the columns (by role) that hold a row's time, in key order. */
export type TimeRole = 'fy' | 'quarter' | 'rollingEnd' | 'date' | 'period';

export function timeRoles(form: TimeForm): TimeRole[] {
  if (form === 'fy-quarter') return ['fy', 'quarter'];
  if (form === 'rolling-end') return ['rollingEnd'];
  if (form === 'date') return ['date'];
  return ['period'];
}

/** A row's period, and the date as written when it was read as another (ONS's 30/12/2017). */
export interface TimeCell {
  period: Period | null;
  snappedFrom?: string;
}

/** The period of a long row from its time cells (in `timeRoles` order). */
export function periodOfCells(form: TimeForm, cells: string[]): TimeCell {
  if (form === 'fy-quarter') {
    const y = parseFinancialYear(cells[0] ?? '');
    const q = parseQuarterNumber(cells[1] ?? '');
    return { period: y !== null && q !== null ? fyQuarter(y, q) : null };
  }
  if (form === 'rolling-end') {
    const r = parseRollingEnd(cells[0]);
    if (!r) return { period: null };
    return r.snappedFrom ? { period: r.period, snappedFrom: cells[0] } : { period: r.period };
  }
  if (form === 'date') {
    const iso = parseDateCell(cells[0]);
    return { period: iso ? day(iso) : null };
  }
  return { period: parsePeriodLabel(cells[0]) };
}

/** Wide layouts: the period a column header names (`2015/16`, `201004`), or null for other columns. */
export function periodOfColumn(form: TimeForm, header: string): Period | null {
  if (form === 'fy-columns') {
    const y = parseFinancialYear(header);
    return y === null ? null : financialYear(y);
  }
  if (form === 'month-columns') return parseYyyymm(header);
  return null;
}
