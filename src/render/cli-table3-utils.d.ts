// cli-table3's own text measure (ANSI colour codes stripped, then string-width's East Asian and
// emoji widths): the width it gives a cell, used to fix column widths for a table drawn in blocks.
declare module 'cli-table3/src/utils.js' {
  const utils: { strlen(text: string): number; colorizeLines(lines: string[]): string[] };
  export default utils;
}
