import type { Comparability } from '../trend.js';
import type { OffenceId } from './categories.js';
import { formatFigure } from './numbers.js';
import type { ClaimPeriod, Verdict } from './types.js';
import { contains, overlaps, type Range } from './vague.js';

/** What every judge of a claim shares: the options, what it returns, and how a verdict is reached and said. */

export interface EvaluateOptions {
  /** Per cent: how far the data may be from the published figure for `close`. */
  tolerancePct: number;
  /** --area: the area for claims whose own fields name none. */
  area?: string;
  /** --category: the category for claims that name none. */
  category?: OffenceId;
  asOf?: string;
  comparability?: Comparability;
  /**
   * The residents of an area (a series' label) at the mid-year a period takes, for rates per
   * residents ("3.2 per 1,000"); or why there is no figure. Without it such rates cannot be checked.
   */
  residents?: (area: string, period: ClaimPeriod) => { population: number; year: number } | { why: string };
}

/** What a judge of one figure works with, and what it leaves for the run's notes. */
export interface JudgeContext {
  options: EvaluateOptions;
  /** The span of records (one row per crime) in the inputs, within which a day without a crime is a zero. */
  coverage: { start: string; end: string } | null;
  /** The vague words judged, so the notes say how each was read. */
  usedQualifiers: Set<string>;
}

export interface Judged {
  comparable?: boolean | null;
  notComparableBecause?: string | null;
  verdict: Verdict;
  published: string;
  computed: string;
  working: string[];
  period: string;
  publishedValue: number | null;
  computedValue: number | null;
  difference: number | null;
}

export function judge(range: Range, computed: number, tol: number): Verdict {
  if (contains(range, computed)) return 'supported';
  const a = computed * (1 - tol);
  const b = computed * (1 + tol);
  if (tol > 0 && overlaps(range, Math.min(a, b), Math.max(a, b))) return 'close';
  return 'not-supported';
}

export function verdictWords(v: Verdict, tolPct: number): string {
  switch (v) {
    case 'supported':
      return 'supported';
    case 'close':
      return (
        `not met, but within the ${formatFigure(tolPct)}% tolerance ` +
        '(published figures often come from an earlier vintage of the data)'
      );
    default:
      return `not met, even allowing ${formatFigure(tolPct)}%`;
  }
}

/** " of 1.90 to 2.10" but " above 3.00". */
export function ofRange(text: string): string {
  return /^(above|below|at least|at most|exactly|any|over|between)/.test(text) ? ` ${text}` : ` of ${text}`;
}

/** A figure the data cannot check: its period is not covered, or the data give no figure. */
export function cannotCheck(published: string, period: string, publishedValue: number | null, why: string): Judged {
  return {
    verdict: 'cannot-check',
    published,
    computed: '',
    working: [why],
    period,
    publishedValue,
    computedValue: null,
    difference: null,
  };
}
