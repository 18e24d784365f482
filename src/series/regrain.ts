import {
  exactGrainOf,
  GRAIN_NAMES,
  type Grain,
  PERIOD_KIND_NAMES,
  type Period,
  periodContaining,
  periodsWithin,
} from '../core/periods.js';
import type { SeriesPoint } from './build.js';

interface Bucket {
  period: Period;
  count: number;
  coveredDays: number;
  parts: Period[];
  direct: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Re-aggregates a series to another grain, only ever from complete, non-overlapping sub-periods:
 * a calendar year from four quarters or twelve months, never from rolling years. A rolling year
 * whose bounds are exactly a financial or calendar year is that year, and is taken as it is.
 * Incomplete periods are left out and reported, never treated as zero or annualised.
 */
/** What record-level inputs cover: a span of days, and for files by month the months they have rows in. */
export interface SeriesCoverage {
  start: string;
  end: string;
  months?: Set<string>;
}

export function regrain(
  native: SeriesPoint[],
  grain: Grain | undefined,
  coverage: SeriesCoverage | null,
): { points: SeriesPoint[]; notes: string[] } {
  const notes: string[] = [];
  let target = grain;
  if (!target) {
    if (native.length > 0 && native.every((p) => p.period.kind === 'day')) {
      target = 'month';
      notes.push('one row per crime: counts are summed by month (use --by to choose another grain)');
    } else return { points: native, notes };
  }
  const buckets = new Map<string, Bucket>();
  let rollingUnused = 0;
  const coarser = new Map<string, number>();
  for (const p of native) {
    const exact = exactGrainOf(p.period);
    if (exact === target) {
      const period = periodContaining(target, p.period.start);
      const b = buckets.get(period.key);
      if (b?.direct) {
        b.count += p.count;
      } else
        buckets.set(period.key, { period, count: p.count, coveredDays: period.days, parts: [p.period], direct: true });
      continue;
    }
    if (p.period.kind === 'rolling') {
      rollingUnused++;
      continue;
    }
    const bucketPeriod = periodContaining(target, p.period.start);
    if (p.period.end > bucketPeriod.end || p.period.days >= bucketPeriod.days) {
      const k = PERIOD_KIND_NAMES[p.period.kind];
      coarser.set(k, (coarser.get(k) ?? 0) + 1);
      continue;
    }
    let b = buckets.get(bucketPeriod.key);
    if (!b)
      buckets.set(bucketPeriod.key, (b = { period: bucketPeriod, count: 0, coveredDays: 0, parts: [], direct: false }));
    if (b.direct) continue;
    b.count += p.count;
    b.coveredDays += p.period.days;
    b.parts.push(p.period);
  }
  if (rollingUnused > 0) {
    const which = target === 'fy' ? 'March' : target === 'year' ? 'December' : null;
    notes.push(
      which
        ? `${plural(rollingUnused, 'rolling 12-month total')} not ending in ${which} left out: rolling totals ` +
            'overlap and are never added together'
        : `${plural(rollingUnused, 'rolling 12-month total')} cannot give ${GRAIN_NAMES[target]} figures: rolling ` +
            'totals overlap and are never added together or split',
    );
  }
  for (const [kind, n] of coarser)
    notes.push(`${plural(n, `${kind} figure`)} cannot be split into ${GRAIN_NAMES[target]}s`);
  const points: SeriesPoint[] = [];
  const incomplete: string[] = [];
  for (const b of [...buckets.values()].sort((x, y) => (x.period.start < y.period.start ? -1 : 1))) {
    let complete: boolean;
    let detail = '';
    if (b.direct) complete = true;
    else if (coverage?.months && b.parts.every((p) => p.kind === 'month')) {
      // A month with rows of other offences is a month the files cover, with none of these.
      const months = periodsWithin(b.period, 'month').map((m) => m.start);
      const missing = months.filter((m) => !coverage.months!.has(m));
      complete = missing.length === 0;
      if (!complete) detail = `${months.length - missing.length} of ${months.length} months in the files`;
    } else if (coverage && b.parts.every((p) => p.kind === 'day')) {
      complete = b.period.start >= coverage.start && b.period.end <= coverage.end;
      if (!complete) detail = `the data cover ${coverage.start} to ${coverage.end}`;
    } else {
      complete = b.coveredDays === b.period.days;
      if (!complete) {
        const subGrain = exactGrainOf(b.parts[0]);
        if (subGrain && subGrain !== target) {
          const have = new Set(b.parts.map((p) => p.key));
          const subs = periodsWithin(b.period, subGrain);
          const missing = subs.filter((s) => !have.has(s.key));
          const which =
            missing.length > 3
              ? `${missing[0].label} … ${missing[missing.length - 1].label}`
              : missing.map((m) => m.label).join(', ');
          const present = subs.length - missing.length;
          detail = `${present} of ${subs.length} ${GRAIN_NAMES[subGrain]}s present; missing ${which}`;
        } else detail = `${b.coveredDays} of ${b.period.days} days covered`;
      }
    }
    if (complete) points.push({ period: b.period, count: b.count });
    else incomplete.push(`${b.period.label} (${detail})`);
  }
  if (incomplete.length)
    notes.push(
      `incomplete ${GRAIN_NAMES[target]}${incomplete.length > 1 ? 's' : ''} left out: ${incomplete.join('; ')}`,
    );
  return { points, notes };
}
