import type { Result, Row } from '../../result.js';
import type { ArticleDoc } from '../article/types.js';

export interface ArticleOutput {
  path: string | null;
  title: string | null;
  date: string | null;
  dateFrom: 'text' | '--as-of' | null;
  dateText: string | null;
}

export interface SkippedOutput {
  text: string;
  value: number | null;
  paragraph: number;
  reason: string;
}

/** Everything `check` found, for every output: the rows, the article and the numbers skipped. */
export interface CheckReport {
  result: Result;
  article: ArticleOutput | null;
  skipped: SkippedOutput[];
  /** For --annotate: the article's paragraphs and where each row's figure and each skipped number is. */
  doc: ArticleDoc | null;
  marks: { block: number; s: number; e: number; row: Row | null; reason?: string }[];
}

/** Colours for the terminal (chalk's, handed in by the command), or none. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

export const PLAIN: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s, yellow: (s) => s };

/** How each verdict is marked in the text, the table and the page. */
export const VERDICT_MARKS: Record<string, { sign: string; words: string; colour: keyof Style }> = {
  supported: { sign: '\u2713', words: 'supported', colour: 'green' },
  close: { sign: '\u2248', words: 'close', colour: 'yellow' },
  'not-supported': { sign: '\u2717', words: 'not supported', colour: 'red' },
  'cannot-check': { sign: '?', words: 'cannot check', colour: 'dim' },
  unparsed: { sign: '?', words: 'not read', colour: 'dim' },
};

/** "[✓ supported]". */
export function markOf(verdict: string): string {
  const m = VERDICT_MARKS[verdict] ?? VERDICT_MARKS['cannot-check'];
  return `[${m.sign} ${m.words}]`;
}

/** Words cut at spaces to lines of at most `width` characters. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if ([...(indent + next)].length > width && line) {
      out.push(indent + line);
      line = word;
    } else line = next;
  }
  if (line) out.push(indent + line);
  return out.length ? out : [indent];
}
