import { StalkError } from '../../core/errors.js';

/**
 * How far an archive may unpack. A few hundred bytes of deflate can stand for gigabytes of zeros
 * (a "zip bomb"), so sizes are checked before anything is unpacked and again as bytes come out.
 */
export interface UnpackLimits {
  /** Most bytes all entries together may unpack to. */
  maxBytes: number;
  /** Most unpacked bytes per packed byte. */
  maxRatio: number;
  /**
   * Below this many unpacked bytes the ratio is not checked: a megabyte is harmless however well
   * it packs, and a small sheet of repeated cells can pack more than 100 times.
   */
  ratioFloorBytes: number;
}

export const DEFAULT_LIMITS: UnpackLimits = {
  maxBytes: 1_000_000_000,
  maxRatio: 100,
  ratioFloorBytes: 1_000_000,
};

/** Sizes as people read them: 1.2 GB, 340 kB, 12 bytes (powers of 1000, as the limits are). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 ? Math.round(v) : Number(v.toPrecision(3))} ${units[u]}`;
}

/**
 * The `E_ARCHIVE_TOO_LARGE` error for `unpacked` bytes from `packed`, or null within the limits.
 * `what` names the thing being unpacked ("the archive's 3 entries", "the gzip data").
 */
export function overLimits(
  path: string,
  what: string,
  unpacked: number,
  packed: number,
  limits: UnpackLimits,
): StalkError | null {
  const sizes = `${formatBytes(unpacked)} from ${formatBytes(packed)}`;
  if (unpacked > limits.maxBytes) {
    const limit = formatBytes(limits.maxBytes);
    const message = `${what} would unpack to more than ${limit} (${sizes}): unpack it by hand if you trust it`;
    return new StalkError('E_ARCHIVE_TOO_LARGE', message, { file: path });
  }
  if (unpacked > limits.ratioFloorBytes && unpacked > limits.maxRatio * Math.max(packed, 1)) {
    const times = `${limits.maxRatio} times its packed size`;
    const message = `${what} would unpack to more than ${times} (${sizes}), as a zip bomb does`;
    return new StalkError('E_ARCHIVE_TOO_LARGE', message, { file: path });
  }
  return null;
}
