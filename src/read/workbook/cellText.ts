import { isoFromDayNumber } from '../../core/dates.js';

/**
 * A stored number as the shortest decimal that reads back as the same double: Excel stores 4.1
 * as `4.0999999999999996`, which is 4.1. Never in exponent form (`1e-7` is `0.0000001`), as a
 * spreadsheet saved as CSV would not show one either. Text that is not a number comes back as is.
 */
export function numberText(raw: string): string {
  // Most cells are counts: digits alone, already shortest.
  if (isPlainInteger(raw)) return raw;
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x)) return raw;
  return shortestDecimal(x);
}

function isPlainInteger(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 15) return false;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n) return false;
  const first = s.charCodeAt(i);
  // "0" alone, or no leading zero; "-0" is zero.
  if (first === 48) return n === 1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function shortestDecimal(x: number): string {
  if (x === 0) return '0';
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const sign = s[0] === '-' ? '-' : '';
  const mantissa = s.slice(sign.length, e).replace('.', '');
  const pointAt = s.indexOf('.') < 0 ? 1 : s.indexOf('.') - sign.length;
  const exp = Number(s.slice(e + 1)) + pointAt;
  if (exp <= 0) return `${sign}0.${'0'.repeat(-exp)}${mantissa}`;
  if (exp >= mantissa.length) return `${sign}${mantissa}${'0'.repeat(exp - mantissa.length)}`;
  return `${sign}${mantissa.slice(0, exp)}.${mantissa.slice(exp)}`;
}

/** What a number format shows: a date, a time of day, both, or neither (a plain number). */
export type DateShape = 'none' | 'date' | 'time' | 'datetime';

/**
 * What a number format code shows. Dates are formats with day, month or year fields; `m` next to
 * `h` or `s` means minutes. Quoted text, escaped characters, padding (`_x`, `*x`) and bracketed
 * parts (`[Red]`, `[$-809]`) are not fields; `[h]` and `[mm]` (elapsed time) are.
 */
export function formatShape(code: string): DateShape {
  const first = code.split(';')[0];
  const fields = first
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(h+|m+|s+)\]/gi, '$1')
    .replace(/\[[^\]]*\]/g, '')
    .toLowerCase();
  // General (and anything spelt with its letters) has no date fields.
  const plain = fields.replace(/general/g, '');
  const time = /[hs]/.test(plain);
  const date = /[dy]/.test(plain) || (/m/.test(plain) && !time);
  if (date && time) return 'datetime';
  if (date) return 'date';
  if (time) return 'time';
  return 'none';
}

/** Excel's built-in number formats that are dates or times (ECMA-376 part 1, 18.8.30). */
export function builtinShape(id: number): DateShape {
  if (id >= 14 && id <= 17) return 'date';
  if (id >= 18 && id <= 21) return 'time';
  if (id === 22) return 'datetime';
  return 'none';
}

/** 1900-01-01 is serial 1 in Excel's 1900 system; serial 0 is 1899-12-31 and 60 is 1900-02-29. */
const DAY_1899_12_31 = -25568;
/** In the 1904 system serial 0 is 1904-01-01. */
const DAY_1904_01_01 = -24107;

/**
 * An Excel serial date as ISO text (`2018-03-31`, `2018-03-31T14:30:00`, `14:30:00`), or null
 * for a number no date can be (negative, or past year 9999). Excel's 1900 system counts a
 * 29 February 1900 that never was (serial 60, kept as Excel shows it), so later serials are a
 * day ahead of a plain count.
 */
export function serialDateText(serial: number, shape: Exclude<DateShape, 'none'>, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial >= 2958466) return null;
  // Times to the millisecond, as Excel keeps them, so 0.99999999 is not 23:59:59.999 but the next day.
  let ms = Math.round(serial * 86_400_000);
  let days = Math.floor(ms / 86_400_000);
  ms -= days * 86_400_000;
  const time = timeText(ms);
  if (shape === 'time') {
    if (days === 0) return time;
    // An elapsed time of a day or more ([h]:mm): hours past 24, as the sheet shows them.
    const h = days * 24 + Math.floor(ms / 3_600_000);
    return `${String(h).padStart(2, '0')}${time.slice(2)}`;
  }
  let date: string;
  if (date1904) date = isoFromDayNumber(DAY_1904_01_01 + days);
  else if (days === 60) date = '1900-02-29';
  else {
    if (days > 60) days -= 1;
    date = isoFromDayNumber(DAY_1899_12_31 + days);
  }
  return shape === 'date' ? date : `${date}T${time}`;
}

function timeText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const frac = ms - s * 1000;
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}${frac ? `.${String(frac).padStart(3, '0')}` : ''}`;
}

/** An ODS time value (`PT14H30M00S`, `PT36H00M00.5S`) as `14:30:00`, or as written if not one. */
export function durationText(iso: string): string {
  const m = /^(-)?P(?:(\d+)D)?T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso);
  if (!m) return iso;
  const secs = Number(m[5] ?? 0);
  const whole = Math.floor(secs);
  const ms = Math.round((secs - whole) * 1000);
  const hours = Number(m[2] ?? 0) * 24 + Number(m[3] ?? 0);
  const two = (n: number) => String(n).padStart(2, '0');
  const text = `${two(hours)}:${two(Number(m[4] ?? 0))}:${two(whole)}`;
  return `${m[1] ?? ''}${text}${ms ? `.${String(ms).padStart(3, '0')}` : ''}`;
}

/** An ODS date value: `2018-03-31` stays; a midnight time part is dropped, others kept. */
export function odsDateText(value: string): string {
  const t = value.indexOf('T');
  if (t < 0) return value;
  return /^T00:00(:00(\.0+)?)?$/.test(value.slice(t)) ? value.slice(0, t) : value;
}
