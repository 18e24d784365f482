import { basename, resolve } from 'node:path';
import type { PeriodQuery } from '../analyses/areas.js';
import { daysInMonth, isoDate, isValidDate } from '../core/dates.js';
import { StalkError } from '../core/errors.js';
import type { Grain } from '../core/periods.js';
import { closest } from '../core/similar.js';
import { monthFromName, parseFinancialYear } from '../schema/periodCells.js';
import { type CategoryId, loadTaxonomy } from '../taxonomy/taxonomy.js';

/** Option values, read at the edge: each parser returns the value or throws a StalkError. */

export const GRAINS: Grain[] = ['fy', 'year', 'quarter', 'month'];
export function parseGrain(v: string): Grain {
  const g = v.toLowerCase();
  const aliases: Record<string, Grain> = {
    fy: 'fy',
    'financial-year': 'fy',
    year: 'year',
    calendar: 'year',
    'calendar-year': 'year',
    quarter: 'quarter',
    q: 'quarter',
    month: 'month',
  };
  if (aliases[g]) return aliases[g];
  throw new StalkError('E_BAD_OPTION', `--by must be one of ${GRAINS.join(', ')} (got '${v}')`);
}

export function parseCategoryList(v: string): CategoryId[] {
  const tax = loadTaxonomy();
  const out: CategoryId[] = [];
  for (const raw of v.split(',')) {
    if (!raw.trim()) continue;
    const id = tax.categoryByName(raw);
    if (!id) {
      const s = closest(raw.trim(), tax.categoryIds);
      throw new StalkError(
        'E_UNKNOWN_CATEGORY',
        'unknown category ' +
          `'${raw.trim()}'${s.length ? `; did you mean ${s.map((x) => `'${x}'`).join(', ')}?` : ''} (categories: ` +
          `${tax.categoryIds.join(', ')})`,
      );
    }
    if (!out.includes(id)) out.push(id);
  }
  if (out.length === 0) throw new StalkError('E_UNKNOWN_CATEGORY', '--category needs at least one category');
  return out;
}

/**
 * `--from` / `--to` bounds: a year (2017), a financial year (2017/18), a month (2017-04) or a day.
 * `--from` takes the first day, `--to` the last.
 */
export function parsePeriodBound(v: string, side: 'from' | 'to'): string {
  const t = v.trim();
  const fy = parseFinancialYear(t);
  if (fy !== null) return side === 'from' ? isoDate(fy, 4, 1) : isoDate(fy + 1, 3, 31);
  let m = /^(\d{4})$/.exec(t);
  if (m) return side === 'from' ? isoDate(Number(m[1]), 1, 1) : isoDate(Number(m[1]), 12, 31);
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return side === 'from' ? isoDate(y, mo, 1) : isoDate(y, mo, daysInMonth(y, mo));
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) return t;
  throw new StalkError(
    'E_BAD_OPTION',
    `--${side} expects a year (2017), financial year (2017/18), month (2017-04) or date (2017-04-01), got '${v}'`,
  );
}

/**
 * `--coverage FROM..TO`: the span a record-level extract covers, each end in the forms `--from`
 * and `--to` take (2020-01..2020-12, 2017/18..2019/20, 2020-01-01..2020-12-31).
 */
export function parseCoverage(v: string): { start: string; end: string } {
  const m = /^\s*([^.]+?)\s*\.\.\s*([^.]+?)\s*$/.exec(v);
  if (!m) throw new StalkError('E_BAD_OPTION', `--coverage expects FROM..TO, e.g. 2020-01..2020-12 (got '${v}')`);
  const start = parsePeriodBound(m[1], 'from');
  const end = parsePeriodBound(m[2], 'to');
  if (end < start) throw new StalkError('E_BAD_OPTION', `--coverage ends (${end}) before it starts (${start})`);
  return { start, end };
}

/**
 * Input indices from lowest to highest precedence: the files in argument order, then those named
 * by `--prefer` (the first named last, so it wins). A name matches an input by path or, when only
 * one input has it, by file name.
 */
export function preferredOrder(files: string[], prefer: string[]): number[] {
  const base = (p: string) => basename(p);
  const chosen: number[] = [];
  for (const want of prefer) {
    let hit = files.findIndex((f) => resolve(f) === resolve(want));
    if (hit < 0) {
      const byName = files.map((f, i) => (base(f) === base(want) ? i : -1)).filter((i) => i >= 0);
      if (byName.length === 1) hit = byName[0];
      else if (byName.length > 1)
        throw new StalkError(
          'E_USAGE',
          `--prefer ${want}: several input files are called ${base(want)}; give its path as in the file list`,
        );
    }
    if (hit < 0)
      throw new StalkError('E_USAGE', `--prefer ${want}: not one of the input files (${files.map(base).join(', ')})`);
    if (!chosen.includes(hit)) chosen.push(hit);
  }
  return [...files.keys()].filter((i) => !chosen.includes(i)).concat([...chosen].reverse());
}

/** `--per`: how many residents a rate is per (1000, 1,000, 100000). */
export function parsePer(v: string): number {
  const t = v.trim().replace(/,(?=\d{3}(?:\D|$))/g, '');
  const n = Number(t);
  if (!/^\d+(?:\.\d+)?$/.test(t) || !Number.isFinite(n) || n <= 0 || n > 1e9) {
    throw new StalkError('E_BAD_OPTION', `--per expects a number of residents such as 1000 or 100000 (got '${v}')`);
  }
  return n;
}

/** `--population-year`: a mid-year such as 2016 (the estimate of residents at 30 June). */
export function parsePopulationYear(v: string): number {
  const m = /^(?:mid[-\s]?)?(\d{4})$/i.exec(v.trim());
  if (!m) throw new StalkError('E_BAD_OPTION', `--population-year expects a year such as 2016 (got '${v}')`);
  return Number(m[1]);
}

/** A rolling year as written: "12 months ending Mar 2018", "year ending March 2018", "the 12 months to June 2016". */
const ROLLING_TEXT = new RegExp(
  [
    '^(?:the\\s+)?', // an optional article
    '(?:12[- ]months?|twelve months|year)\\s+', // what the period is
    '(?:ending|to|ended)\\s+', // how its end is introduced
    '([a-z]+)\\.?,?\\s+(\\d{4})$', // the month and year it ends in
  ].join(''),
  'i',
);

/**
 * `--period`: a period as printed ('12 months ending Mar 2018', 'Apr-Jun 2017') or in the forms
 * --from takes (2017/18, 2017, 2017-04), and the year ending a month ('year ending March 2018').
 * The bounds and grain are given where the form says them, so a period can be matched whatever
 * label the data give it, or built from shorter periods.
 */
export function parsePeriodQuery(v: string): PeriodQuery {
  const text = v.trim();
  if (!text)
    throw new StalkError('E_BAD_OPTION', '--period needs a period, e.g. 2017/18 or "12 months ending Mar 2018"');
  const fy = parseFinancialYear(text);
  if (fy !== null) return { text, start: isoDate(fy, 4, 1), end: isoDate(fy + 1, 3, 31), grain: 'fy' };
  let m = /^(\d{4})$/.exec(text);
  if (m) return { text, start: isoDate(Number(m[1]), 1, 1), end: isoDate(Number(m[1]), 12, 31), grain: 'year' };
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return { text, start: isoDate(y, mo, 1), end: isoDate(y, mo, daysInMonth(y, mo)), grain: 'month' };
  }
  m = ROLLING_TEXT.exec(text);
  const month = m ? monthFromName(m[1]) : null;
  if (m && month !== null) {
    const y = Number(m[2]);
    const end = isoDate(y, month, daysInMonth(y, month));
    const start = month === 12 ? isoDate(y, 1, 1) : isoDate(y - 1, month + 1, 1);
    const grain: Grain | undefined = month === 3 ? 'fy' : month === 12 ? 'year' : undefined;
    return { text, start, end, ...(grain ? { grain } : {}) };
  }
  return { text };
}
