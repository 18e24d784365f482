import type { Period } from '../core/periods.js';
import type { SeriesPoint } from '../series/build.js';

/**
 * The finest areas' own points (summed over offences, in their own periods), one list per area and
 * category, all held in shared columns: a point is the number of its period and its count. A file
 * of thousands of areas has millions of points; as objects they took 40 bytes each and were all
 * traced by the garbage collector, here they take 16.
 */
export class PointColumns {
  private periodOf: Int32Array;
  private counts: Float64Array;
  /** Per point, the number of the period with the latest end among its list's points up to it. */
  private reach: Int32Array;
  private size = 0;

  /** `periods` are the periods the points' numbers stand for; `capacity` the number of points to come. */
  constructor(
    readonly periods: readonly Period[],
    capacity: number,
  ) {
    this.periodOf = new Int32Array(capacity);
    this.counts = new Float64Array(capacity);
    this.reach = new Int32Array(capacity);
  }

  /** Adds a list: periods by number, in order of start, and their counts. */
  add(periodNumbers: readonly number[], counts: readonly number[]): NativePoints {
    const from = this.size;
    if (from + periodNumbers.length > this.counts.length) throw new RangeError('more points than the columns hold');
    let latest = -1;
    for (let i = 0; i < periodNumbers.length; i++) {
      const p = periodNumbers[i];
      if (latest < 0 || this.periods[p].end > this.periods[latest].end) latest = p;
      this.periodOf[from + i] = p;
      this.counts[from + i] = counts[i];
      this.reach[from + i] = latest;
    }
    this.size = from + periodNumbers.length;
    return new NativePoints(this, from, periodNumbers.length);
  }

  period(i: number): Period {
    return this.periods[this.periodOf[i]];
  }
  count(i: number): number {
    return this.counts[i];
  }
  /** The latest end among the points of `i`'s list up to `i`. */
  reachOf(i: number): string {
    return this.periods[this.reach[i]].end;
  }
}

/** One finest area's own points of one category, in order of start. */
export class NativePoints {
  constructor(
    private readonly columns: PointColumns,
    private readonly from: number,
    readonly length: number,
  ) {}

  period(i: number): Period {
    return this.columns.period(this.from + i);
  }
  count(i: number): number {
    return this.columns.count(this.from + i);
  }

  /** The points as objects, made for the reader. */
  toArray(): SeriesPoint[] {
    const out: SeriesPoint[] = [];
    for (let i = 0; i < this.length; i++) out.push({ period: this.period(i), count: this.count(i) });
    return out;
  }

  /**
   * Whether any point overlaps `range`: a binary search of the points starting by the range's end
   * for one ending at or after its start.
   */
  overlaps(range: Period): boolean {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.period(mid).start <= range.end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.columns.reachOf(this.from + lo - 1) >= range.start;
  }
}
