/** A record as the readers give it: a CSV record or a sheet row, with its line or row number. */
export interface SheetRecord {
  fields: string[];
  line: number;
}

export function cellText(fields: string[], index: number): string {
  return (fields[index] ?? '').trim();
}

export function isBlankRecord(fields: string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

export function nonEmptyCells(fields: string[]): { index: number; text: string }[] {
  const out: { index: number; text: string }[] = [];
  fields.forEach((f, index) => {
    if (f.trim() !== '') out.push({ index, text: f.trim() });
  });
  return out;
}

const NUMBER = new RegExp(
  [
    '^[-+]?', // counts can be negative (adjustments), changes too
    '(?:\\d{1,3}(?:,\\d{3})+|\\d*)', // "1,213" or "1213" (or nothing before a decimal point)
    '(?:\\.\\d+)?', // rates and percentages
    '(?:e[-+]?\\d+)?$', // a workbook's small rates: "1.2435506440367628E-2" (Table P3)
  ].join(''),
  'i',
);

/** A cell holding a number as a sheet or its CSV export writes it. */
export function isNumberCell(text: string): boolean {
  const t = text.trim();
  return /\d/.test(t) && NUMBER.test(t);
}

/**
 * Markers printed where a figure is withheld or does not apply: ".." and ":" (not available), "-"
 * (Table P2: "the base number is fewer than 50"), "*", and the bracketed letters of newer ONS tables
 * ("[x]" not available, "[c]" confidential, "[z]" not applicable, "[u]" low reliability).
 */
const FIGURE_MARKERS = new Set([
  ...['..', '.', ':', '-', '\u2013', '*', 'n/a'],
  ...['x', 'c', 'z', '[x]', '[c]', '[z]', '[u]', '[w]'],
]);

/** A cell in a value column that is a figure: a number or a marker standing for one. */
export function isFigureCell(text: string): boolean {
  const t = text.trim();
  return isNumberCell(t) || FIGURE_MARKERS.has(t.toLowerCase());
}
