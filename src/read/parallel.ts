import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { StalkError, isStalkError, type ErrorCode } from '../core/errors.js';
import { scanFileRange, type ByteScanSpec, type PartialScan, type PlacedPartial, type RangeTask } from './bytescan.js';

/**
 * Splitting one file between threads. A newline is a record boundary only outside quotes, and
 * whether an offset in the middle of a file is inside quotes depends on every byte before it. So:
 *
 * 1. Guess. From each split offset, four copies of the quote state machine run side by side, one
 *    from each state the parser could be in there (between fields, in an unquoted field, in a
 *    quoted field, just after a quote inside one). Once all four are in the same state they agree
 *    for good, and so does the real parser, whichever state it was in: the first record end after
 *    that point is a true boundary. Where they do not meet within the window (a long stretch with
 *    no quote at all), the guess assumes the offset is outside quotes.
 * 2. Check. The thread before a split reads its last record to its true end, wherever that is. A
 *    range is kept only if it starts exactly where the previous one ended; otherwise it is read
 *    again, in this thread, from that true end. So a wrong guess costs time, never correctness.
 *
 * Line numbers: each range counts line breaks from 1; a range's lines are offset by the breaks of
 * all ranges before it. Only the first range knows where the header is, so it must contain it.
 */

const QUOTE = 34;
const CR = 13;
const LF = 10;
const WINDOW_BYTES = 1 << 20;
const FIRST_WINDOW_BYTES = 1 << 14;

const enum Q {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

function step(s: Q, c: number, delim: number): Q {
  switch (s) {
    case Q.Quoted:
      return c === QUOTE ? Q.QuoteInQuoted : Q.Quoted;
    case Q.FieldStart:
      if (c === QUOTE) return Q.Quoted;
      return c === delim || c === LF || c === CR ? Q.FieldStart : Q.Unquoted;
    case Q.QuoteInQuoted:
      if (c === QUOTE) return Q.Quoted;
      return c === delim || c === LF || c === CR ? Q.FieldStart : Q.Unquoted;
    default:
      return c === delim || c === LF || c === CR ? Q.FieldStart : Q.Unquoted;
  }
}

export interface Boundary {
  /** Offset in the window of the first byte of a record. */
  offset: number;
  /** True when proven whatever the quote state at the window's start. */
  certain: boolean;
}

/**
 * The first record start in `bytes` (a window starting at an arbitrary offset of a file), or null
 * when the window holds no usable line break.
 */
export function findRecordBoundary(bytes: Uint8Array, delim: number): Boundary | null {
  let a: Q = Q.FieldStart;
  let b: Q = Q.Unquoted;
  let c: Q = Q.Quoted;
  let d: Q = Q.QuoteInQuoted;
  let guess = -1;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const x = bytes[i];
    const met = a === b && a === c && a === d;
    if ((met || guess < 0) && a !== Q.Quoted && (x === LF || x === CR)) {
      let end = i + 1;
      if (x === CR) {
        if (i + 1 >= n) break;
        if (bytes[i + 1] === LF) end++;
      }
      if (met) return { offset: end, certain: true };
      guess = end;
    }
    a = step(a, x, delim);
    b = step(b, x, delim);
    c = step(c, x, delim);
    d = step(d, x, delim);
  }
  return guess < 0 ? null : { offset: guess, certain: false };
}

/**
 * Where ranges end, as fractions of the data: `parts` ranges of equal size, except that the last
 * `tail` of them are each cut into ranges of a half, a quarter, an eighth and two sixteenths. Threads
 * take ranges in file order as they become free, so the ranges at the end decide how long one
 * thread waits for another: short ones make the wait short.
 */
export function rangeEnds(parts: number, tail: number): number[] {
  const cut = Math.min(Math.max(0, tail), parts);
  const weights: number[] = [];
  for (let k = 0; k < parts - cut; k++) weights.push(1);
  for (const share of [0.5, 0.25, 0.125, 0.0625, 0.0625]) for (let k = 0; k < cut; k++) weights.push(share);
  const ends: number[] = [];
  let sum = 0;
  for (const w of weights) ends.push((sum += w) / parts);
  ends[ends.length - 1] = 1;
  return ends;
}

/**
 * Offsets where ranges start: `dataStart`, then one record start near each split point, the split
 * points cutting the data at the fractions `ends` (the last of which is 1).
 */
export async function planRanges(path: string, delimiter: number, dataStart: number, size: number, ends: number[]): Promise<number[]> {
  const starts = [dataStart];
  // Plain reads of a few kilobytes each, from the page cache: a trip through the thread pool per
  // window would take longer than the read.
  const fd = openSync(path, 'r');
  try {
    const window = Buffer.allocUnsafe(WINDOW_BYTES);
    for (let k = 0; k + 1 < ends.length; k++) {
      const at = dataStart + Math.floor((size - dataStart) * ends[k]);
      if (at <= starts[starts.length - 1]) continue;
      // A short window first: the quote states usually meet within a few records.
      let found: Boundary | null = null;
      for (const length of [FIRST_WINDOW_BYTES, WINDOW_BYTES]) {
        const bytesRead = readSync(fd, window, 0, Math.min(length, size - at), at);
        found = findRecordBoundary(window.subarray(0, bytesRead), delimiter);
        if (found?.certain || bytesRead < length) break;
      }
      if (found && at + found.offset < size && at + found.offset > starts[starts.length - 1]) starts.push(at + found.offset);
    }
  } finally {
    closeSync(fd);
  }
  return starts;
}

/** Runs one range somewhere (a worker thread, or this thread). */
export type RangeRunner = (task: RangeTask, onBytes?: (bytes: number) => void) => Promise<PartialScan>;

/**
 * A thread that reads ranges: it takes the next unread range (by bumping `next`, shared between
 * threads) until none is left, recording each result in `settled` under the range's index.
 */
export interface Lane {
  /** Starts the thread early, so that it boots while the ranges are planned. */
  prepare?(): void;
  drain(tasks: RangeTask[], next: Int32Array, settled: PromiseSettledResult<PartialScan>[], onBytes?: (bytes: number) => void): Promise<void>;
  close(): void;
}

/** A lane in this thread, running each range through `run`. */
export function runnerLane(run: RangeRunner): Lane {
  return {
    async drain(tasks, next, settled, onBytes) {
      for (;;) {
        const k = Atomics.add(next, 0, 1);
        if (k >= tasks.length) return;
        try {
          settled[k] = { status: 'fulfilled', value: await run(tasks[k], onBytes) };
        } catch (reason) {
          settled[k] = { status: 'rejected', reason };
          // A thread that failed for a reason other than the data takes no more ranges; its range
          // is read again afterwards.
          if (!isStalkError(reason)) return;
        }
      }
    },
    close() {},
  };
}

const workerUrl = new URL('./group-worker.js', import.meta.url);

/**
 * node:worker_threads, loaded when a first worker starts: it brings in a dozen internal modules,
 * which a run that reads in one thread (every file under 128 MB) need not compile.
 */
function workerThreads(): typeof import('node:worker_threads') {
  return createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
}

/**
 * A lane in a worker thread (one in this thread when the compiled worker file is missing, as
 * when running from TypeScript sources). The worker takes ranges from the shared counter itself,
 * so it never waits for this thread between two ranges.
 */
export function workerLane(): Lane {
  if (!existsSync(fileURLToPath(workerUrl))) return runnerLane(scanFileRange);
  let worker: Worker | null = null;
  // What the running drain is told; set before the worker is sent its ranges.
  let onMessage: (m: WorkerMessage) => void = () => {};
  let onEnd: () => void = () => {};
  const start = (): Worker => {
    // The reader needs no flags, and some of the parent's (--input-type, --eval) would stop it loading.
    const w = new (workerThreads().Worker)(workerUrl, { execArgv: [] });
    w.on('message', (m: WorkerMessage) => onMessage(m));
    // A thread that could not start or stopped: the ranges it took and did not finish stay
    // unsettled and are read again afterwards.
    w.on('error', () => onEnd());
    w.on('exit', () => onEnd());
    return w;
  };
  return {
    prepare() {
      worker ??= start();
    },
    drain(tasks, next, settled, onBytes) {
      return new Promise((resolve) => {
        onEnd = resolve;
        onMessage = (m) => {
          if (m.type === 'progress') onBytes?.(m.bytes ?? 0);
          else if (m.type === 'done') settled[m.range!] = { status: 'fulfilled', value: m.partial! };
          else if (m.type === 'error') {
            const reason = m.code ? new StalkError(m.code, m.message ?? '', { file: m.file, line: m.line }) : new Error(m.message);
            settled[m.range!] = { status: 'rejected', reason };
          } else resolve();
        };
        worker ??= start();
        worker.postMessage({ tasks, next });
      });
    },
    close() {
      void worker?.terminate();
    },
  };
}

interface WorkerMessage {
  type: 'progress' | 'done' | 'error' | 'finished';
  range?: number;
  bytes?: number;
  partial?: PartialScan;
  code?: ErrorCode;
  message?: string;
  file?: string;
  line?: number;
}

/**
 * Ranges per thread by default: several, so that a thread that finishes early takes the next one,
 * but not many, since each range meets its groups afresh (the first row of each group in a range
 * is looked up and interned again) and is merged with the others at the end.
 */
export const RANGES_PER_THREAD = 4;

/**
 * Groups `[dataStart, size)` with `threads` threads: this one and `threads - 1` lanes (worker
 * threads by default, or `runner` for each). The file is cut into several ranges per thread,
 * handed out in file order to whichever thread is free, so a thread slowed down by the rest of
 * the machine (or by starting later) does not hold the others up. Returns the ranges' results in
 * file order, each with its line offset, or null when the header is not inside the first range
 * (the caller then reads the file in one piece).
 */
export async function groupInParallel(
  spec: ByteScanSpec,
  dataStart: number,
  size: number,
  threads: number,
  chunkBytes: number,
  onBytes?: (bytes: number) => void,
  runner?: RangeRunner,
  rangesPerThread: number | (() => number) = RANGES_PER_THREAD,
): Promise<PlacedPartial[] | null> {
  const lanes: Lane[] = Array.from({ length: Math.max(0, threads - 1) }, () => (runner ? runnerLane(runner) : workerLane()));
  let starts: number[] = [];
  const stopOf = (k: number) => (k + 1 < starts.length ? starts[k + 1] : Number.MAX_SAFE_INTEGER);
  const settled: PromiseSettledResult<PartialScan>[] = [];
  // Ranges after the first hold no header line: every record in them is data.
  const bodySpec: ByteScanSpec = { ...spec, headerLine: 0 };
  try {
    for (const l of lanes) l.prepare?.();
    const perThread = Math.max(1, typeof rangesPerThread === 'function' ? rangesPerThread() : rangesPerThread);
    // With one range per thread the ranges stay even (each holds its own groups until the merge).
    starts = await planRanges(spec.path, spec.delimiter, dataStart, size, rangeEnds(threads * perThread, perThread > 1 ? threads : 0));
    const tasks = starts.map((start, k): RangeTask => ({ spec: k === 0 ? spec : bodySpec, start, stop: stopOf(k), chunkBytes }));
    // The index of the next range to read, shared with the worker threads.
    const next = new Int32Array(new SharedArrayBuffer(4));
    // The other threads are given the ranges first: this thread's first turn reads several
    // megabytes before it lets anything else run. Any thread may read the first range (its task
    // carries the header line); this one usually does, as a worker needs a moment to be told.
    const drains = lanes.map((l) => l.drain(tasks, next, settled, onBytes));
    await Promise.all([runnerLane(scanFileRange).drain(tasks, next, settled, onBytes), ...drains]);
  } finally {
    for (const l of lanes) l.close();
  }
  const placed: PlacedPartial[] = [];
  let expected = dataStart;
  let lineOffset = 0;
  for (let k = 0; k < starts.length; k++) {
    const s = settled[k];
    const again = (start: number) => scanFileRange({ spec: k === 0 ? spec : bodySpec, start, stop: Math.max(start, stopOf(k)), chunkBytes });
    let partial: PartialScan;
    try {
      if (starts[k] !== expected) {
        // The previous range's last record ran past this split: read this range again from its true start.
        partial = await again(expected);
      } else if (s?.status === 'fulfilled') {
        partial = s.value;
      } else if (s && isStalkError(s.reason)) {
        throw s.reason;
      } else {
        // The thread failed, not the data (it could not start, say): read the range here.
        partial = await again(expected);
      }
    } catch (e) {
      if (isStalkError(e) && e.line !== undefined) {
        throw new StalkError(e.code, e.message, { file: e.file, line: e.line + lineOffset, hint: e.hint });
      }
      throw e;
    }
    if (k === 0 && partial.line <= spec.headerLine) return null;
    placed.push({ partial, lineOffset });
    lineOffset += partial.line - 1;
    expected = partial.end;
  }
  return placed;
}
