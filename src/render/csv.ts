import type { Cell, Result } from '../analyses/result.js';

const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Neutralises a cell a spreadsheet would run as a formula (OWASP "CSV injection"): a leading
 * `=`, `+`, `@`, tab or carriage return, or `-` when the cell is not a number, gets a leading `'`.
 */
export function neutraliseFormula(s: string): string {
  if (s === '') return s;
  const c = s[0];
  if (c === '=' || c === '@' || c === '\t' || c === '\r' || ((c === '+' || c === '-') && !NUMERIC.test(s))) return `'${s}`;
  return s;
}

export function csvField(value: Cell): string {
  let s: string;
  if (value === null || value === undefined) s = '';
  else if (typeof value === 'object') s = JSON.stringify(value);
  else if (typeof value === 'number') s = Number.isFinite(value) ? String(value) : '';
  else s = neutraliseFormula(String(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV of the rows, every column, LF line endings. */
export function renderCsv(result: Result): string {
  const keys = result.columns.map((c) => c.key);
  const lines = [keys.join(',')];
  for (const r of result.rows) lines.push(keys.map((k) => csvField(r[k] ?? null)).join(','));
  return `${lines.join('\n')}\n`;
}
