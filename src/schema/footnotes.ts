/**
 * Footnote markers in published tables, and labels cleaned of them.
 *
 * A workbook prints a footnote number as a superscript run; a text reader or a CSV export fuses it
 * to the label ("Stalking and harassment5", "ENGLAND AND WALES8", "Residential burglary6,7",
 * "Total recorded crime (excluding fraud4)", ONS police force area tables, year ending March 2018).
 * The rule: a marker is
 *   1. "[note 5]" or "[notes 2, 3]" anywhere (ONS tables since 2021),
 *   2. superscript digits anywhere ("Surrey⁷", where a reader keeps the superscript),
 *   3. a list of one- or two-digit numbers ("5", "6,7", "5, 6") written straight after a word of three
 *      or more letters, or after a closing bracket, with only the end of the label or a closing
 *      bracket after it.
 * Digits that belong to a label stay: "Table P1" and "QT1" (words under three letters), area codes
 * such as "E23000039" (one letter), "Homicide 1/4.1", "year ending March 2018" and "mid-2016" (not
 * straight after a word). The price: a label whose own name ends in digits fused to a long word
 * (none seen in ONS tables) would lose them.
 */

const NOTE_IN_BRACKETS = new RegExp(
  [
    '\\[\\s*notes?\\s*', // "[note " or "[notes "
    '\\d+(?:\\s*(?:,|and)\\s*\\d+)*', // "5", "2, 3", "2 and 3"
    '\\s*\\]',
  ].join(''),
  'giu',
);

const SUPERSCRIPT_DIGIT = '[\\u00b9\\u00b2\\u00b3\\u2070\\u2074-\\u2079]';
const SUPERSCRIPT_LIST = new RegExp(
  [
    `${SUPERSCRIPT_DIGIT}+`, // "⁷", "¹⁴"
    `(?:\\s*,\\s*${SUPERSCRIPT_DIGIT}+)*`, // "⁶,⁷"
  ].join(''),
  'gu',
);

const FUSED_NUMBER_LIST = new RegExp(
  [
    '(?:(?<=\\p{L}{3})|(?<=\\)\\s*))', // straight after a word of 3+ letters, or after ")" ("(households) 7,8,10")
    '\\d{1,2}', // a footnote number: ONS tables run to a few dozen notes at most
    '(?:\\s*,\\s*\\d{1,2})*', // more of them, comma-separated ("6,7", "5, 6")
    '(?=\\)|$)', // and nothing after but a closing bracket ("fraud4)") or the end
  ].join(''),
  'gu',
);

/** Line breaks in a header cell ("Stalking\nand harassment") and doubled spaces read as one space. */
export function collapseSpaces(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A label without footnote markers (see the rule above), its spaces collapsed. */
export function stripFootnoteMarkers(label: string): string {
  const spaced = collapseSpaces(label).replace(NOTE_IN_BRACKETS, ' ').replace(SUPERSCRIPT_LIST, '');
  return collapseSpaces(collapseSpaces(spaced).replace(FUSED_NUMBER_LIST, ''));
}
