import type { Cell, Column } from '../analyses/result.js';

/** A run of digits with commas between thousands ("12345" → "12,345"). */
function groupThousands(digits: string): string {
  const n = digits.length;
  if (n <= 3) return digits;
  // Anything but plain digits (an exponent) keeps the general rule.
  if (!/^\d+$/.test(digits)) return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let out = digits.slice(0, n % 3 || 3);
  for (let i = n % 3 || 3; i < n; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}

/** 12345 → "12,345"; −1234 → "−1,234" when `unicodeMinus`. */
export function formatInt(n: number, unicodeMinus = false): string {
  const neg = n < 0;
  const s = groupThousands(Math.abs(Math.round(n)).toString());
  return neg ? `${unicodeMinus ? '−' : '-'}${s}` : s;
}

export function formatNumber(n: number, digits: number, unicodeMinus = false): string {
  const neg = n < 0;
  const fixed = Math.abs(n).toFixed(digits);
  const [i, f] = fixed.split('.');
  const s = groupThousands(i) + (f ? `.${f}` : '');
  return neg && Number(fixed) !== 0 ? `${unicodeMinus ? '−' : '-'}${s}` : s;
}

/** A signed change: rises and falls read apart without colour ("+295", "−12"). */
export function formatSigned(n: number, digits = 0, suffix = ''): string {
  const body = digits === 0 ? formatInt(Math.abs(n)) : formatNumber(Math.abs(n), digits);
  const sign = n > 0 ? '+' : n < 0 ? '−' : '±';
  return `${sign}${body}${suffix}`;
}

/** Plain text of a cell for tables and Markdown. */
export function cellText(value: Cell, col: Column): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    switch (col.kind) {
      case 'int':
        return col.key === 'change' ? formatSigned(value) : formatInt(value, true);
      case 'pct':
        return formatSigned(value, col.digits ?? 1, '%');
      case 'ratio':
        return formatNumber(value, col.digits ?? 4);
      case 'number':
        return formatNumber(value, col.digits ?? 2, true);
      default:
        return String(value);
    }
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Makes text from a data file safe to print on a terminal: C0 and C1 control characters (ESC,
 * so escape sequences, BEL, CSI) are removed, and so are the bidirectional overrides and isolates
 * that can make a terminal show digits in another order. Line breaks and tabs become spaces, so a
 * label cannot fake a line of the output.
 */
/** Any character `stripControl` changes. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export function stripControl(s: string): string {
  // Most text has none: it is returned as it is, without two replacements.
  if (!CONTROL.test(s)) return s;
  return s
    .replace(/\r\n|[\t\n\r\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}
