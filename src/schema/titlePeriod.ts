import { daysInMonth, isoDate, MONTH_NAMES } from '../core/dates.js';
import { type Grain, type Period, periodContaining, rollingYearEnding } from '../core/periods.js';
import { monthFromName, parseFinancialYear } from './periodCells.js';

/**
 * The period a table's title names: "year ending March 2018", "12 months ending March 2018",
 * "April 2017 to March 2018", "2017/18".
 *
 * Twelve months that are exactly a financial year (April to March) come back as that financial
 * year (kind 'fy'), twelve months that are exactly a calendar year as that year, and other twelve
 * months as a rolling year. The ONS "year ending March 2018" is April 2017 to March 2018, the same
 * dates as the Home Office's 2017/18, and the tool joins figures by period (kind, start and end), so
 * the kind follows the dates, not the wording; the wording is kept beside it. A span that is exactly
 * a month or a quarter comes back as that; any other span is named but not read (period null).
 */
export interface PeriodMention {
  /** The words the period was read from, as written, without notes fused to the year ("year ending March 18"). */
  text: string;
  period: Period | null;
  /** Why a span was not read as a period. */
  why?: string;
}

export interface PeriodWords {
  /** Words before "Month YYYY" naming the twelve months ending then ("year ending"). */
  ending: string[];
  /** Words between two "Month YYYY" naming a span ("to"). */
  span: string[];
}

function phraseAlternatives(words: string[]): string {
  const escaped = words.map((w) =>
    w
      .trim()
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\s+/g, '\\s+'),
  );
  return escaped.sort((a, b) => b.length - a.length).join('|');
}

const MONTH = [
  '(',
  [...MONTH_NAMES, 'sept', ...MONTH_NAMES.map((m) => m.slice(0, 3))].join('|'), // full names before abbreviations
  ')\\.?', // "Mar." as well as "Mar"
].join('');

const YEAR = [
  "['\\u2019]?", // "Mar '18"
  '((?:19|20)\\d{2}|\\d{2})', // four digits, or two: Table P1 of the year ending March 2018 says "March 18"
].join('');

// Footnote numbers a CSV export fuses to the year: "March 181,2,3" is "March 18" with notes 1, 2 and 3.
const FUSED_NOTES = '(?<notes>\\d{1,2}(?:\\s*,\\s*\\d{1,2})*)?';
const NO_MORE_DIGITS = '(?!\\d)';

function endingPattern(words: PeriodWords): RegExp {
  return new RegExp(
    [
      `\\b(?:${phraseAlternatives(words.ending)})\\s+`, // "year ending "
      `${MONTH}\\s+${YEAR}`, // "March 2018"
      FUSED_NOTES,
      NO_MORE_DIGITS,
    ].join(''),
    'giu',
  );
}

function spanPattern(words: PeriodWords): RegExp {
  return new RegExp(
    [
      `\\b${MONTH}\\s+${YEAR}`, // "April 2017"
      `\\s*(?:${phraseAlternatives(words.span)})\\s*`, // " to "
      `${MONTH}\\s+${YEAR}`, // "March 2018"
      FUSED_NOTES,
      NO_MORE_DIGITS,
    ].join(''),
    'giu',
  );
}

const FINANCIAL_YEAR = new RegExp(
  [
    '(?<!\\d)(\\d{4})', // "2017"
    '\\s*[/\\u2013-]\\s*', // "/", "-" or an en dash
    '((?:19|20)\\d{2}|\\d{2})', // "18" or "2018"
    FUSED_NOTES,
    NO_MORE_DIGITS,
  ].join(''),
  'gu',
);

function fullYear(text: string): number {
  // Two-digit years in ONS titles are this century's ("March 18").
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function monthsIn(startIso: string, endIso: string): number {
  const months = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7));
  return months(endIso) - months(startIso) + 1;
}

/** The period with exactly these bounds (see the note at the top), or null. */
export function periodOfSpan(startIso: string, endIso: string): Period | null {
  for (const grain of ['month', 'quarter', 'fy', 'year'] as Grain[]) {
    const p = periodContaining(grain, startIso);
    if (p.start === startIso && p.end === endIso) return p;
  }
  const rolling = rollingYearEnding(endIso);
  return rolling.start === startIso ? rolling : null;
}

function monthEnd(year: number, month: number): string {
  return isoDate(year, month, daysInMonth(year, month));
}

/** The words matched, without footnote numbers fused to the year. */
function said(m: RegExpExecArray): string {
  return m[0].slice(0, m[0].length - (m.groups?.notes?.length ?? 0));
}

function fromEnding(m: RegExpExecArray): PeriodMention {
  const month = monthFromName(m[1])!;
  const end = monthEnd(fullYear(m[2]), month);
  return { text: said(m), period: periodOfSpan(rollingYearEnding(end).start, end) };
}

function fromSpan(m: RegExpExecArray): PeriodMention {
  const start = isoDate(fullYear(m[2]), monthFromName(m[1])!, 1);
  const end = monthEnd(fullYear(m[4]), monthFromName(m[3])!);
  if (end < start) return { text: said(m), period: null, why: 'the span ends before it starts' };
  const period = periodOfSpan(start, end);
  const why = period ? undefined : `a span of ${monthsIn(start, end)} months is not a month, quarter or year`;
  return { text: said(m), period, ...(why ? { why } : {}) };
}

function fromFinancialYear(m: RegExpExecArray): PeriodMention | null {
  const startYear = parseFinancialYear(`${m[1]}/${m[2]}`);
  if (startYear === null) return null;
  return { text: said(m), period: periodContaining('fy', isoDate(startYear, 4, 1)) };
}

/** Every period `text` names, in the order written. */
export function periodsNamed(text: string, words: PeriodWords): PeriodMention[] {
  const found: { at: number; mention: PeriodMention }[] = [];
  const taken: [number, number][] = [];
  const overlaps = (m: RegExpExecArray) => taken.some(([a, b]) => m.index < b && a < m.index + m[0].length);
  const collect = (re: RegExp, read: (m: RegExpExecArray) => PeriodMention | null) => {
    for (const m of text.matchAll(re)) {
      if (overlaps(m)) continue;
      const mention = read(m);
      if (!mention) continue;
      found.push({ at: m.index, mention });
      taken.push([m.index, m.index + m[0].length]);
    }
  };
  collect(endingPattern(words), fromEnding);
  collect(spanPattern(words), fromSpan);
  collect(FINANCIAL_YEAR, fromFinancialYear);
  return found.sort((a, b) => a.at - b.at).map((f) => f.mention);
}
