import type { Cell, Result } from '../analyses/result.js';

const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Neutralises a cell a spreadsheet would run as a formula (OWASP "CSV Injection"; ASVS 1.2.10):
 * a cell starting with `=`, `+`, `-`, `@`, tab, carriage return or NUL gets a leading `'`, as does
 * one where such a character follows leading spaces (some spreadsheets trim on import). Plain
 * numbers (`-120`, `+3.5`) are left alone: they cannot hold a formula, and negative adjustments
 * must stay numbers.
 */
export function neutraliseFormula(s: string): string {
  if (s === '') return s;
  const c = s[0];
  if (c === '=' || c === '@' || c === '\t' || c === '\r' || c === '\0') return `'${s}`;
  if (c === '+' || c === '-') return NUMERIC.test(s) ? s : `'${s}`;
  const t = s.trimStart();
  if (t !== s && t !== '' && '=+-@'.includes(t[0]) && !NUMERIC.test(t)) return `'${s}`;
  return s;
}

export function csvField(value: Cell): string {
  let s: string;
  if (value === null || value === undefined) s = '';
  else if (typeof value === 'object') s = JSON.stringify(value);
  else if (typeof value === 'number') s = Number.isFinite(value) ? String(value) : '';
  else s = neutraliseFormula(String(value));
  // Semicolons and tabs are quoted too: a spreadsheet splitting on them (a European locale, a
  // paste) would otherwise start a new cell mid-value, where a formula could begin (OWASP).
  return /[",;\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV of the rows, every column, LF line endings. */
export function renderCsv(result: Result): string {
  const keys = result.columns.map((c) => c.key);
  const lines = [keys.join(',')];
  for (const r of result.rows) lines.push(keys.map((k) => csvField(r[k] ?? null)).join(','));
  return `${lines.join('\n')}\n`;
}
