import type { Period } from '../core/periods.js';
import { KeyedObservation, type Observation, type ObservationKey } from './types.js';

/**
 * Observations in columns, in the order they were added: per observation the number of its key
 * (area and offence label, shared by the observations of one pair) and of its period, its count
 * and its rows. A file of thousands of areas has millions of observations: as objects they take
 * 56 bytes each and are all held by the garbage collector; here they take 24.
 *
 * Iterating gives each one as an `Observation` object made for the reader, so code that reads
 * observations one by one is unchanged; code over millions of them reads the columns by index.
 */
export class ObservationTable implements Iterable<Observation> {
  private readonly keys: ObservationKey[] = [];
  private readonly keyIds = new Map<ObservationKey, number>();
  private readonly periods: Period[] = [];
  private readonly periodIds = new Map<Period, number>();
  // The columns in pages. The first starts with room for 64 and doubles up to a page's length;
  // then each page is added whole, so nothing is copied again and no grown-out arrays are left
  // for the garbage collector (millions of observations would leave hundreds of megabytes).
  private readonly keyOf: Int32Array[] = [new Int32Array(64)];
  private readonly periodOf: Int32Array[] = [new Int32Array(64)];
  private readonly counts: Float64Array[] = [new Float64Array(64)];
  private readonly rowCounts: Float64Array[] = [new Float64Array(64)];
  private room = 64;
  private size = 0;

  /** A table of the observations given (objects without a shared key get one each). */
  static from(observations: Iterable<Observation>): ObservationTable {
    const table = new ObservationTable();
    table.append(observations);
    return table;
  }

  get length(): number {
    return this.size;
  }

  /** Adds an observation and returns its index. */
  push(key: ObservationKey, period: Period, count: number, rows: number): number {
    let k = this.keyIds.get(key);
    if (k === undefined) {
      k = this.keys.length;
      this.keys.push(key);
      this.keyIds.set(key, k);
    }
    let p = this.periodIds.get(period);
    if (p === undefined) {
      p = this.periods.length;
      this.periods.push(period);
      this.periodIds.set(period, p);
    }
    const i = this.size;
    if (i === this.room) this.grow();
    const page = i >>> PAGE_BITS;
    const at = i & PAGE_MASK;
    this.keyOf[page][at] = k;
    this.periodOf[page][at] = p;
    this.counts[page][at] = count;
    this.rowCounts[page][at] = rows;
    this.size = i + 1;
    return i;
  }

  /** Adds the observations given, in their order. */
  append(observations: Iterable<Observation>): void {
    if (observations instanceof ObservationTable) {
      for (let i = 0; i < observations.length; i++)
        this.push(observations.key(i), observations.period(i), observations.count(i), observations.rows(i));
    } else for (const o of observations) this.push(keyOf(o), o.period, o.count, o.rows);
  }

  /** Adds to the counts of observation `i`. */
  addTo(i: number, count: number, rows: number): void {
    this.counts[i >>> PAGE_BITS][i & PAGE_MASK] += count;
    this.rowCounts[i >>> PAGE_BITS][i & PAGE_MASK] += rows;
  }

  key(i: number): ObservationKey {
    return this.keys[this.keyOf[i >>> PAGE_BITS][i & PAGE_MASK]];
  }
  period(i: number): Period {
    return this.periods[this.periodOf[i >>> PAGE_BITS][i & PAGE_MASK]];
  }
  count(i: number): number {
    return this.counts[i >>> PAGE_BITS][i & PAGE_MASK];
  }
  rows(i: number): number {
    return this.rowCounts[i >>> PAGE_BITS][i & PAGE_MASK];
  }

  /** Observation `i` as an object of its own. */
  at(i: number): Observation {
    return new KeyedObservation(this.key(i), this.period(i), this.count(i), this.rows(i));
  }

  *[Symbol.iterator](): Iterator<Observation> {
    for (let i = 0; i < this.size; i++) yield this.at(i);
  }

  some(test: (o: Observation) => boolean): boolean {
    for (const o of this) if (test(o)) return true;
    return false;
  }

  filter(test: (o: Observation) => boolean): Observation[] {
    const out: Observation[] = [];
    for (const o of this) if (test(o)) out.push(o);
    return out;
  }

  /** Room for more: the first page twice as long, or another page. */
  private grow(): void {
    if (this.room < PAGE) {
      this.room *= 2;
      this.keyOf[0] = widened(this.keyOf[0], new Int32Array(this.room));
      this.periodOf[0] = widened(this.periodOf[0], new Int32Array(this.room));
      this.counts[0] = widened(this.counts[0], new Float64Array(this.room));
      this.rowCounts[0] = widened(this.rowCounts[0], new Float64Array(this.room));
    } else {
      this.keyOf.push(new Int32Array(PAGE));
      this.periodOf.push(new Int32Array(PAGE));
      this.counts.push(new Float64Array(PAGE));
      this.rowCounts.push(new Float64Array(PAGE));
      this.room += PAGE;
    }
  }
}

/** Observations per page of the columns: 65,536, 1.5 MB. */
const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;

/** `into`, a longer column, holding `from`'s values at its start. */
function widened<T extends Int32Array | Float64Array>(from: T, into: T): T {
  into.set(from);
  return into;
}

/** The key an observation shares with others of its area and label (a plain object gets its own). */
function keyOf(o: Observation): ObservationKey {
  if (o instanceof KeyedObservation) return o.key;
  const key: ObservationKey = {
    input: o.input,
    areaPath: o.areaPath,
    areaRoles: o.areaRoles,
    category: o.category,
    subcategory: o.subcategory,
    offence: o.offence,
    code: o.code,
    derived: o.derived,
  };
  if (o.aggregate !== undefined) key.aggregate = o.aggregate;
  return key;
}
