import {
  addDays,
  addYears,
  daysBetweenInclusive,
  daysInMonth,
  isMonthEnd,
  isoDate,
  isValidDate,
  MONTH_NAMES,
  monthAbbrev,
} from '../../core/dates.js';
import { calendarYear, financialYear, financialYearOf, fyLabel } from '../../core/periods.js';
import { NUMBER_PATTERN, parseNumber } from './numbers.js';
import type { ClaimPeriod, PeriodRef } from './types.js';

/**
 * The period phrases of news copy and press releases, each pinned to exact dates:
 * "2017", "2017/18", "the year to March 2018", "the 12 months to September 2016",
 * "October 2015 to September 2016", "between 2019/20 and 2020/21", "April to September 2020",
 * "Q1 2020/21", "March 2020", "before April 2020", "since 2015", and, relative to --as-of,
 * "last year", "last financial year", "the past 12 months".
 */

/** After the full names, and "sept" before "sep". */
const MONTH_SHORT = ['sept', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = `(${[...MONTH_NAMES, ...MONTH_SHORT].join('|')})\\.?`;
const YEAR = String.raw`((?:19[89]|20[0-4])\d)`;
const FY = String.raw`((?:19[89]|20[0-4])\d)\s*[/-]\s*(\d{4}|\d{2})(?!\d|,\d)`;

export function monthNumber(name: string): number {
  const n = name.replace(/\.$/, '');
  return n === 'sept' ? 9 : MONTH_NAMES.findIndex((m) => m.startsWith(n)) + 1;
}

/** A period's label from its bounds, so equal periods read alike however they were written. */
export function labelOf(start: string, end: string): string {
  const cy = calendarYear(Number(start.slice(0, 4)));
  if (cy.start === start && cy.end === end) return cy.label;
  const fy = financialYear(financialYearOf(start));
  if (fy.start === start && fy.end === end) return fy.label;
  const sy = Number(start.slice(0, 4));
  const sm = Number(start.slice(5, 7));
  const ey = Number(end.slice(0, 4));
  const em = Number(end.slice(5, 7));
  if (start.endsWith('-01') && isMonthEnd(end)) {
    const months = (ey - sy) * 12 + (em - sm) + 1;
    if (months === 1) return `${monthAbbrev(sm)} ${sy}`;
    if (months === 12) return `12 months to ${monthAbbrev(em)} ${ey}`;
    if (sy === ey) return `${monthAbbrev(sm)}-${monthAbbrev(em)} ${ey}`;
    return `${monthAbbrev(sm)} ${sy} to ${monthAbbrev(em)} ${ey}`;
  }
  if (daysBetweenInclusive(start, end) >= 365 && addDays(addYears(end, -1), 1) === start) return `12 months to ${end}`;
  return `${start} to ${end}`;
}

export function claimPeriod(start: string, end: string, label?: string): ClaimPeriod {
  return { start, end, days: daysBetweenInclusive(start, end), label: label ?? labelOf(start, end) };
}

function fyStart(a: string, b: string): number | null {
  const start = Number(a);
  const endYear =
    b.length === 2 ? Math.floor(start / 100) * 100 + Number(b) + (Number(b) < start % 100 ? 100 : 0) : Number(b);
  return endYear === start + 1 ? start : null;
}

/** `n` whole months ending with month `m` of year `y`. */
function monthsEnding(n: number, y: number, m: number): ClaimPeriod {
  const end = isoDate(y, m, daysInMonth(y, m));
  let sy = y;
  let sm = m - n + 1;
  while (sm < 1) {
    sm += 12;
    sy--;
  }
  return claimPeriod(isoDate(sy, sm, 1), end);
}

function monthPeriod(y: number, m: number): ClaimPeriod {
  return claimPeriod(isoDate(y, m, 1), isoDate(y, m, daysInMonth(y, m)));
}

/** The last month end on or before an ISO date. */
function lastMonthEndBy(iso: string): { y: number; m: number } {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  if (isMonthEnd(iso)) return { y, m };
  return m === 1 ? { y: y - 1, m: 12 } : { y, m: m - 1 };
}

/** The twelve complete months before --as-of: a claim's period when it names none. */
export function twelveMonthsBefore(asOf: string): ClaimPeriod {
  const { y, m } = lastMonthEndBy(asOf);
  return monthsEnding(12, y, m);
}

export interface PeriodHit {
  end: number;
  ref?: PeriodRef;
  /** "between 2019/20 and 2020/21", "from 2015 to 2017": two periods, or one span. */
  span?: { a: ClaimPeriod; b: ClaimPeriod; joiner: string; whole?: ClaimPeriod };
}

interface Single {
  period: ClaimPeriod;
  /** Month without a year ("April" in "April to September 2020"): filled from the other side. */
  monthOnly?: number;
}

const SINGLE_SOURCES: { re: string; make: (m: RegExpExecArray) => Single | null }[] = [
  {
    re: String.raw`(?:the\s+)?(?:financial\s+year|fiscal\s+year|fy)\s*(?:of\s+)?${FY}`,
    make: (m) => {
      const s = fyStart(m[1], m[2]);
      return s === null ? null : { period: claimPeriod(financialYear(s).start, financialYear(s).end) };
    },
  },
  {
    re: FY,
    make: (m) => {
      const s = fyStart(m[1], m[2]);
      return s === null ? null : { period: claimPeriod(financialYear(s).start, financialYear(s).end) };
    },
  },
  {
    re: String.raw`q([1-4])\s+${FY}`,
    make: (m) => {
      const s = fyStart(m[2], m[3]);
      if (s === null) return null;
      const q = Number(m[1]);
      const startMonth = q === 4 ? 1 : q * 3 + 1;
      const y = q === 4 ? s + 1 : s;
      return { period: monthsEnding(3, y, startMonth + 2) };
    },
  },
  {
    re: String.raw`q([1-4])\s+${YEAR}`,
    make: (m) => ({ period: monthsEnding(3, Number(m[2]), Number(m[1]) * 3) }),
  },
  {
    re: String.raw`(\d{1,2})(?:st|nd|rd|th)?\s+${MONTH}\s+${YEAR}`,
    make: (m) => {
      const d = Number(m[1]);
      const mo = monthNumber(m[2]);
      const y = Number(m[3]);
      return isValidDate(y, mo, d) ? { period: claimPeriod(isoDate(y, mo, d), isoDate(y, mo, d)) } : null;
    },
  },
  {
    // "June 30, 2015", as American copy and some agencies write a day
    re: String.raw`${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+${YEAR}`,
    make: (m) => {
      const d = Number(m[2]);
      const mo = monthNumber(m[1]);
      const y = Number(m[3]);
      return isValidDate(y, mo, d) ? { period: claimPeriod(isoDate(y, mo, d), isoDate(y, mo, d)) } : null;
    },
  },
  { re: String.raw`${MONTH}\s+${YEAR}`, make: (m) => ({ period: monthPeriod(Number(m[2]), monthNumber(m[1])) }) },
  {
    re: String.raw`(?:the\s+)?(?:calendar\s+)?(?:year\s+)?${YEAR}(?!\d|,\d|/|\s*-\s*\d)`,
    make: (m) => ({ period: claimPeriod(isoDate(Number(m[1]), 1, 1), isoDate(Number(m[1]), 12, 31)) }),
  },
];

const MONTH_ONLY = {
  re: String.raw`${MONTH}(?!\s*${YEAR})`,
  make: (m: RegExpExecArray): Single => ({
    period: monthPeriod(2000, monthNumber(m[1])),
    monthOnly: monthNumber(m[1]),
  }),
};

function sticky(source: string): RegExp {
  return new RegExp(source, 'y');
}

const SINGLES = SINGLE_SOURCES.map((s) => ({ re: sticky(s.re), make: s.make }));
const MONTH_ONLY_RE = sticky(MONTH_ONLY.re);

function matchSingle(s: string, i: number, allowMonthOnly: boolean): { single: Single; end: number } | null {
  for (const rule of SINGLES) {
    rule.re.lastIndex = i;
    const m = rule.re.exec(s);
    if (!m || !endsAtBoundary(s, rule.re.lastIndex)) continue;
    const single = rule.make(m);
    if (single) return { single, end: rule.re.lastIndex };
  }
  if (allowMonthOnly) {
    MONTH_ONLY_RE.lastIndex = i;
    const m = MONTH_ONLY_RE.exec(s);
    // "may" alone is too common a word to be read as a month.
    if (m && m[1] !== 'may' && endsAtBoundary(s, MONTH_ONLY_RE.lastIndex))
      return { single: MONTH_ONLY.make(m), end: MONTH_ONLY_RE.lastIndex };
  }
  return null;
}

function endsAtBoundary(s: string, j: number): boolean {
  return j >= s.length || !/[a-z0-9]/.test(s[j]);
}

/** The length of a rolling period: "the year", "the 12 months", "the 12-month period". */
const ROLLING_LENGTH = [
  String.raw`(?:the\s+)?(?:`,
  String.raw`(?:financial\s+)?year`,
  String.raw`|(${NUMBER_PATTERN})[\s-]+months?(?:\s+period)?`, // "12 months", "six-month period"
  String.raw`|12-month\s+period|twelve-month\s+period`,
  ')',
].join('');
/** Its end: "to", "ending", "up to the end of". */
const ROLLING_END = String.raw`\s+(?:to|ending|ended|up\s+to|leading\s+up\s+to|until|through|to\s+the\s+end\s+of)\s+`;
/** "30 June 2015", "June 2015" or "June 30, 2015": a day before or after the month. */
const END_DATE = [
  String.raw`(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?`, // the day before the month: "30 June"
  MONTH,
  String.raw`(?:\s+(\d{1,2})(?:st|nd|rd|th)?,?)?`, // or after it: "June 30,"
  String.raw`\s+${YEAR}`,
].join('');
const ROLLING = sticky(ROLLING_LENGTH + ROLLING_END + END_DATE);
const YE = sticky(String.raw`ye\s+${MONTH}\s+${YEAR}`);
const BEFORE = sticky(
  [
    String.raw`(?:before|prior\s+to)\s+(?:(?:the\s+)?start\s+of\s+)?`, // "before", "before the start of"
    String.raw`(?:${MONTH}\s+${YEAR}|${YEAR}(?!\d|,\d|/))`, // "April 2020", "2020" but not "2020/21"
  ].join(''),
);
const SINCE = sticky(String.raw`since\s+`);
/** "the year 2015 to 2016", "from the year 2015-2016": one year across two calendar years. */
const YEAR_ACROSS = sticky(String.raw`(?:from\s+)?the\s+year\s+${YEAR}\s*(?:to|-|/)\s*${YEAR}`);
const SPAN_LEAD = sticky(String.raw`(between|from)\s+`);
const SPAN_JOIN = sticky(String.raw`\s*(?:(and)|(to|until|till|through|-))\s*`);
/** "over the past two years": a change from the year N before last year to last year; a count over the N years. */
const PAST_YEARS = sticky(String.raw`(?:the\s+)?(?:past|last|previous)\s+(${NUMBER_PATTERN})\s+years`);
/** "the same period three years earlier", "three years before": as far before the period compared. */
const YEARS_EARLIER = sticky(
  [
    String.raw`(?:(?:the\s+)?same\s+(?:period|time|months?|quarter)\s+)?`, // "the same period"
    String.raw`(${NUMBER_PATTERN})\s+years?\s+(?:earlier|before|previously|ago)`, // "three years earlier"
  ].join(''),
);
/** "the same period a year earlier", "the previous year", "a year before", "year-on-year". */
const PREVIOUS_PERIOD = [
  String.raw`(?:the\s+)?same\s+period\s+(?:a\s+year\s+(?:earlier|before)|the\s+(?:previous|year\s+before)|last\s+year)`,
  String.raw`(?:the\s+)?(?:previous|preceding|prior)\s+(?:year|12\s+months|twelve\s+months|financial\s+year|period)`,
  String.raw`(?:a|one)\s+year\s+(?:earlier|before)`,
  String.raw`the\s+year\s+before`,
  String.raw`year[\s-]on[\s-]year`,
].join('|');
/** "a 12-month period", "that year"; but "the year to March 2018" is a rolling period, read elsewhere. */
const ONE = String.raw`(?:the|a|that|one|a\s+single)\s+`;
const IMPLICIT_PERIOD = [
  String.raw`${ONE}(?:12|twelve)[\s-]months?(?:\s+period)?`,
  String.raw`${ONE}year(?![\s-]+(?:to|ending|ended|on|before|earlier)\b)`,
].join('|');
const RELATIVE: { re: RegExp; kind: 'last-year' | 'last-fy' | 'this-year' | 'past-12' | 'previous' | 'implicit' }[] = [
  { re: sticky(String.raw`(?:the\s+)?last\s+(?:full\s+)?financial\s+year`), kind: 'last-fy' },
  // "the last year" is the past twelve months; "last year" alone is the calendar year before.
  {
    re: sticky(
      [
        String.raw`(?:the\s+)?(?:past|last|latest|most\s+recent)\s+(?:12|twelve)\s+months`,
        String.raw`the\s+(?:past|last)\s+year(?!s)`, // not "the past years"
      ].join('|'),
    ),
    kind: 'past-12',
  },
  {
    re: sticky(PREVIOUS_PERIOD),
    kind: 'previous',
  },
  { re: sticky(String.raw`last\s+year|(?:the\s+)?last\s+calendar\s+year`), kind: 'last-year' },
  { re: sticky(String.raw`this\s+year`), kind: 'this-year' },
  {
    re: sticky(IMPLICIT_PERIOD),
    kind: 'implicit',
  },
];

/**
 * A period phrase starting at `i` of the normalised (lower-case) text, or null. `asOf` dates the
 * relative phrases; without it they come back `unresolved`, saying why.
 */
export function matchPeriod(s: string, i: number, asOf: string | undefined): PeriodHit | null {
  let m: RegExpExecArray | null;
  ROLLING.lastIndex = i;
  if ((m = ROLLING.exec(s))) {
    const n = m[1] ? (parseNumber(m[1])?.value ?? null) : 12;
    const y = Number(m[5]);
    const mo = monthNumber(m[3]);
    const day = m[2] ?? m[4];
    if (n !== null && Number.isInteger(n) && n >= 1 && n <= 120) {
      const text = s.slice(i, ROLLING.lastIndex);
      if (day) {
        const d = Number(day);
        if (!isValidDate(y, mo, d)) return null;
        const endIso = isoDate(y, mo, d);
        if (!isMonthEnd(endIso)) {
          if (n !== 12) return null;
          const start = addDays(addYears(endIso, -1), 1);
          return { end: ROLLING.lastIndex, ref: { type: 'fixed', period: claimPeriod(start, endIso), text } };
        }
      }
      return { end: ROLLING.lastIndex, ref: { type: 'fixed', period: monthsEnding(n, y, mo), text } };
    }
  }
  YE.lastIndex = i;
  if ((m = YE.exec(s)) && endsAtBoundary(s, YE.lastIndex)) {
    return {
      end: YE.lastIndex,
      ref: { type: 'fixed', period: monthsEnding(12, Number(m[2]), monthNumber(m[1])), text: s.slice(i, YE.lastIndex) },
    };
  }
  BEFORE.lastIndex = i;
  if ((m = BEFORE.exec(s)) && endsAtBoundary(s, BEFORE.lastIndex)) {
    const text = s.slice(i, BEFORE.lastIndex);
    // "before April 2020": the twelve months up to the day before, the window a before/after comparison uses.
    const period = m[1]
      ? monthsEnding(
          12,
          Number(m[2]) - (monthNumber(m[1]) === 1 ? 1 : 0),
          monthNumber(m[1]) === 1 ? 12 : monthNumber(m[1]) - 1,
        )
      : monthsEnding(12, Number(m[3]) - 1, 12);
    return { end: BEFORE.lastIndex, ref: { type: 'fixed', period, text } };
  }
  YEAR_ACROSS.lastIndex = i;
  if ((m = YEAR_ACROSS.exec(s)) && Number(m[2]) === Number(m[1]) + 1 && endsAtBoundary(s, YEAR_ACROSS.lastIndex)) {
    const fy = financialYear(Number(m[1]));
    return {
      end: YEAR_ACROSS.lastIndex,
      ref: {
        type: 'fixed',
        period: claimPeriod(fy.start, fy.end),
        text: s.slice(i, YEAR_ACROSS.lastIndex),
        yearAcross: Number(m[2]),
      },
    };
  }
  PAST_YEARS.lastIndex = i;
  if ((m = PAST_YEARS.exec(s)) && endsAtBoundary(s, PAST_YEARS.lastIndex)) {
    const n = parseNumber(m[1])?.value ?? 0;
    const text = s.slice(i, PAST_YEARS.lastIndex);
    if (Number.isInteger(n) && n >= 2 && n <= 20) {
      if (!asOf)
        return {
          end: PAST_YEARS.lastIndex,
          ref: { type: 'unresolved', text, why: `'${text}' is relative: give --as-of DATE` },
        };
      const last = Number(asOf.slice(0, 4)) - 1;
      const year = (y: number) => claimPeriod(isoDate(y, 1, 1), isoDate(y, 12, 31));
      const whole = claimPeriod(isoDate(last - n + 1, 1, 1), isoDate(last, 12, 31));
      return { end: PAST_YEARS.lastIndex, span: { a: year(last - n), b: year(last), joiner: 'over', whole } };
    }
  }
  YEARS_EARLIER.lastIndex = i;
  if ((m = YEARS_EARLIER.exec(s)) && endsAtBoundary(s, YEARS_EARLIER.lastIndex)) {
    const n = parseNumber(m[1])?.value ?? 0;
    if (Number.isInteger(n) && n >= 1 && n <= 20)
      return {
        end: YEARS_EARLIER.lastIndex,
        ref: { type: 'previous', text: s.slice(i, YEARS_EARLIER.lastIndex), years: n },
      };
  }
  SINCE.lastIndex = i;
  if (SINCE.exec(s)) {
    const single = matchSingle(s, SINCE.lastIndex, false);
    if (single)
      return { end: single.end, ref: { type: 'since', period: single.single.period, text: s.slice(i, single.end) } };
  }
  for (const r of RELATIVE) {
    r.re.lastIndex = i;
    if (!(m = r.re.exec(s)) || !endsAtBoundary(s, r.re.lastIndex)) continue;
    const text = s.slice(i, r.re.lastIndex);
    return { end: r.re.lastIndex, ref: relative(r.kind, text, asOf) };
  }
  const span = matchSpan(s, i);
  if (span) return span;
  const single = matchSingle(s, i, false);
  if (single)
    return { end: single.end, ref: { type: 'fixed', period: single.single.period, text: s.slice(i, single.end) } };
  return null;
}

function relative(kind: (typeof RELATIVE)[number]['kind'], text: string, asOf: string | undefined): PeriodRef {
  if (kind === 'previous') return { type: 'previous', text };
  if (kind === 'implicit')
    return { type: 'unresolved', text, why: `'${text}' names no particular period: give the claim a period field` };
  if (!asOf) return { type: 'unresolved', text, why: `'${text}' is relative: give --as-of DATE` };
  const y = Number(asOf.slice(0, 4));
  switch (kind) {
    case 'last-year':
      return { type: 'fixed', period: claimPeriod(isoDate(y - 1, 1, 1), isoDate(y - 1, 12, 31)), text };
    case 'this-year':
      return { type: 'fixed', period: claimPeriod(isoDate(y, 1, 1), isoDate(y, 12, 31)), text };
    case 'last-fy': {
      const fy = financialYearOf(asOf) - 1;
      return { type: 'fixed', period: claimPeriod(isoDate(fy, 4, 1), isoDate(fy + 1, 3, 31), fyLabel(fy)), text };
    }
    case 'past-12':
      return { type: 'fixed', period: twelveMonthsBefore(asOf), text };
  }
}

/** Months, quarters, years or days: a bare "A to B" joins two periods of one shape only. */
function shapeOf(p: ClaimPeriod): string {
  if (p.days === 1) return 'day';
  if (!p.start.endsWith('-01') || !isMonthEnd(p.end)) return 'other';
  const months =
    (Number(p.end.slice(0, 4)) - Number(p.start.slice(0, 4))) * 12 +
    Number(p.end.slice(5, 7)) -
    Number(p.start.slice(5, 7)) +
    1;
  return `${months} months`;
}

function matchSpan(s: string, i: number): PeriodHit | null {
  let j = i;
  let lead: string | null = null;
  SPAN_LEAD.lastIndex = i;
  const l = SPAN_LEAD.exec(s);
  if (l) {
    lead = l[1];
    j = SPAN_LEAD.lastIndex;
  }
  const a = matchSingle(s, j, true);
  if (!a) return null;
  SPAN_JOIN.lastIndex = a.end;
  const join = SPAN_JOIN.exec(s);
  if (!join) return null;
  const joiner = join[1] ?? join[2];
  if (lead === 'between' ? joiner !== 'and' : joiner === 'and') return null;
  const b = matchSingle(s, SPAN_JOIN.lastIndex, false);
  if (!b) return null;
  let pa = a.single.period;
  const pb = b.single.period;
  if (a.single.monthOnly) {
    // "April to September 2020": the first month takes the second's year (or the year before,
    // "November to March 2020").
    const ey = Number(pb.end.slice(0, 4));
    const em = Number(pb.end.slice(5, 7));
    pa = monthPeriod(a.single.monthOnly <= em ? ey : ey - 1, a.single.monthOnly);
  } else if (!lead && shapeOf(pa) !== shapeOf(pb)) {
    return null;
  }
  if (pa.start > pb.start) return null;
  // "October 2015 to September 2016", "between July 2017 and June 2018": months up to a year apart
  // name the one period they run across, not two months to compare.
  if (
    shapeOf(pa) === '1 months' &&
    shapeOf(pb) === '1 months' &&
    shapeOf(claimPeriod(pa.start, pb.end)).match(/^([1-9]|1[0-2]) months$/)
  ) {
    return { end: b.end, ref: { type: 'fixed', period: claimPeriod(pa.start, pb.end), text: s.slice(i, b.end) } };
  }
  return { end: b.end, span: { a: pa, b: pb, joiner: lead ?? joiner } };
}

/** A claim's `period` field: one period phrase and nothing else. */
export function parsePeriodField(text: string, asOf: string | undefined): PeriodRef | null {
  const s = normaliseText(String(text)).trim();
  const hit = matchPeriod(s, 0, asOf);
  if (!hit || hit.end !== s.length) return null;
  if (hit.span) {
    const p = claimPeriod(hit.span.a.start, hit.span.b.end);
    return { type: 'fixed', period: p, text: s };
  }
  return hit.ref ?? null;
}

/**
 * Lower case, one character for one: dashes as '-', curly quotes straight, odd spaces as spaces. The
 * text keeps its length, so spans found in it point into the claim as written.
 */
export function normaliseText(text: string): string {
  return Array.from(text, (c) => {
    const l = c.toLowerCase();
    return l.length === c.length ? l : c;
  })
    .join('')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/[\u00a0\u2007\u202f\u2009]/g, ' ');
}
