// A reader thread: groups one byte range of a file (see parallel.ts) and posts the result back.
import { parentPort, workerData } from 'node:worker_threads';
import { isStalkError } from '../core/errors.js';
import { scanFileRange, type RangeTask } from './bytescan.js';

const PROGRESS_BYTES = 8 * 1024 * 1024;

const port = parentPort!;
const task = workerData as RangeTask;
let unreported = 0;
try {
  const partial = await scanFileRange(task, (bytes) => {
    unreported += bytes;
    if (unreported >= PROGRESS_BYTES) {
      port.postMessage({ type: 'progress', bytes: unreported });
      unreported = 0;
    }
  });
  if (unreported > 0) port.postMessage({ type: 'progress', bytes: unreported });
  const transfer = [partial.groupKeys, partial.groupSum, partial.groupRows, partial.groupNegative, partial.groupFirstLine].map((a) => a.buffer as ArrayBuffer);
  port.postMessage({ type: 'done', partial }, transfer);
} catch (e) {
  if (isStalkError(e)) port.postMessage({ type: 'error', code: e.code, message: e.message, file: e.file, line: e.line });
  else port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
