/**
 * Text order for everything the tool sorts by name (areas, offence labels, reasons, revisions):
 * case-folded text code unit by code unit, ties broken by the exact text. It does not depend on the
 * machine's locale, as `localeCompare` does (in a Danish locale 'aa' sorts after 'b'; in a Swedish
 * one 'ä' after 'z'), so the same input gives the same output files everywhere; and it needs no
 * collation tables, which take several milliseconds to load on the first `localeCompare`.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : 1;
}
