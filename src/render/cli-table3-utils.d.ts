// cli-table3's own helpers, so that a table drawn without it is its text: its text measure (ANSI
// colour codes stripped, then string-width's East Asian and emoji widths), its closing of colour
// codes left open in a cell, and its options with defaults (the border characters).
declare module 'cli-table3/src/utils.js' {
  const utils: {
    strlen(text: string): number;
    colorizeLines(lines: string[]): string[];
    mergeOptions(options: { chars?: Record<string, string> }): { chars: Record<string, string> };
  };
  export default utils;
}
