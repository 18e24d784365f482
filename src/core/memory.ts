import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: (() => void) | null | undefined;

/**
 * Asks V8 for a full garbage collection now. V8 schedules its next full collection from what was
 * live at the last one, so after a phase that held a lot (the shared basis of `summary
 * --all-years` holds the merged table while it is built) it lets later garbage pile up to several
 * times what is live: each year's text and notes, long dead, stayed in memory to the end of the
 * run. One collection at the end of such a phase resets that measure from what is live now. It
 * takes milliseconds; where V8 does not allow it, nothing happens.
 */
export function collectGarbage(): void {
  if (collector === undefined) {
    try {
      // The collector is a global of contexts made after the flag is set; the one made here is
      // dropped at once.
      setFlagsFromString('--expose-gc');
      collector = runInNewContext('gc') as () => void;
    } catch {
      collector = null;
    }
  }
  collector?.();
}
