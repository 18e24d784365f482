/**
 * A count cell as text: digits with an optional sign, thousands separators (`1,213`) and a
 * decimal part, spaces around it allowed. NaN when the cell is not a plain number (a suppression
 * marker such as `[x]` or `..`, a blank cell, text). The byte scanner reads plain integers itself
 * and hands every other cell here, so there is one rule for what a count is.
 */
export function parseCount(cell: string): number {
  // Plain digits, the usual cell, are read without a regular expression.
  const n = cell.length;
  if (n > 0 && n <= 15) {
    let v = 0;
    let i = 0;
    for (; i < n; i++) {
      const d = cell.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === n) return v;
  }
  const t = cell.trim();
  if (t === '') return Number.NaN;
  if (PLAIN.test(t)) return Number(t);
  if (GROUPED.test(t)) return Number(t.replace(/,/g, ''));
  return Number.NaN;
}

/** `-12`, `+3`, `2.5`. */
const PLAIN = /^[-+]?\d+(\.\d+)?$/;
/** `1,213`, `-12,345.5`: commas between groups of three digits only. */
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
