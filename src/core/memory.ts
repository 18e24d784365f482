import { createRequire } from 'node:module';

let collector: (() => void) | null | undefined;

/**
 * Asks V8 for a full garbage collection now, at the end of a phase that leaves a lot of memory
 * dead. V8 frees some of it (the byte scanner's WebAssembly memory) only at a full collection, and
 * schedules its next full collection from what was live at the last one: after a phase that held a
 * lot (the shared basis of `summary --all-years` holds the merged table while it is built) it lets
 * garbage pile up to several times what is live. A collection then takes milliseconds and keeps
 * the peak to what the run needs. Where V8 does not allow it, nothing happens.
 */
export function collectGarbage(): void {
  if (collector === undefined) {
    try {
      // Loaded here, not at start-up: most runs never collect, and a cold run would load them.
      const require = createRequire(import.meta.url);
      const { setFlagsFromString } = require('node:v8') as typeof import('node:v8');
      const { runInNewContext } = require('node:vm') as typeof import('node:vm');
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
