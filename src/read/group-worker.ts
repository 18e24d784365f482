// A reader thread: takes byte ranges of a file (see parallel.ts) from a counter shared with the
// other threads, groups each and posts the result back, until no range is left.
import { parentPort } from 'node:worker_threads';
import { isStalkError } from '../core/errors.js';
import { scanFileRange, type RangeTask } from './bytescan.js';

const PROGRESS_BYTES = 8 * 1024 * 1024;

const port = parentPort!;
// The ranges and the shared counter come in one message (the thread is started before the ranges
// are planned, so that it boots meanwhile).
const { tasks, next } = await new Promise<{ tasks: RangeTask[]; next: Int32Array }>((resolve) => port.once('message', resolve));
let unreported = 0;
const progress = (bytes: number) => {
  unreported += bytes;
  if (unreported >= PROGRESS_BYTES) {
    port.postMessage({ type: 'progress', bytes: unreported });
    unreported = 0;
  }
};
for (;;) {
  const range = Atomics.add(next, 0, 1);
  if (range >= tasks.length) break;
  try {
    const partial = await scanFileRange(tasks[range], progress);
    const transfer = [partial.groupKeys, partial.groupSum, partial.groupRows, partial.groupNegative, partial.groupFirstLine].map((a) => a.buffer as ArrayBuffer);
    port.postMessage({ type: 'done', range, partial }, transfer);
  } catch (e) {
    if (isStalkError(e)) port.postMessage({ type: 'error', range, code: e.code, message: e.message, file: e.file, line: e.line });
    else {
      port.postMessage({ type: 'error', range, message: e instanceof Error ? e.message : String(e) });
      break;
    }
  }
}
if (unreported > 0) port.postMessage({ type: 'progress', bytes: unreported });
port.postMessage({ type: 'finished' });
