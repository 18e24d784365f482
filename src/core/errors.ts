/**
 * One error type for the whole tool. Codes are stable: tests and users' scripts match on them,
 * never on the wording. Usage errors exit 2, data errors exit 1.
 */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_BAD_OPTION'
  | 'E_UNKNOWN_AREA'
  | 'E_UNKNOWN_CATEGORY'
  | 'E_UNKNOWN_EVENT'
  | 'E_FILE_NOT_FOUND'
  | 'E_IS_DIRECTORY'
  | 'E_FILE_UNREADABLE'
  | 'E_EMPTY_FILE'
  | 'E_HEADER_ONLY'
  | 'E_BINARY'
  | 'E_NOT_A_TABLE_FILE'
  | 'E_ENCRYPTED'
  | 'E_ARCHIVE_CORRUPT'
  | 'E_ARCHIVE_TOO_LARGE'
  | 'E_ARCHIVE_UNSUPPORTED'
  | 'E_WORKBOOK_CORRUPT'
  | 'E_SHEET_NOT_FOUND'
  | 'E_ENCODING'
  | 'E_CSV_MALFORMED'
  | 'E_CSV_UNTERMINATED_QUOTE'
  | 'E_CSV_RAGGED'
  | 'E_LINE_TOO_LONG'
  | 'E_LAYOUT_UNKNOWN'
  | 'E_MAP_INVALID'
  | 'E_PERIOD_INVALID'
  | 'E_NO_DATA'
  | 'E_STRICT'
  | 'E_DATA_FILE'
  | 'E_WRITE'
  | 'E_CLAIMS_FILE';

const USAGE_CODES: ReadonlySet<ErrorCode> = new Set([
  'E_USAGE',
  'E_BAD_OPTION',
  'E_UNKNOWN_AREA',
  'E_UNKNOWN_CATEGORY',
  'E_UNKNOWN_EVENT',
  'E_MAP_INVALID',
  'E_SHEET_NOT_FOUND',
]);

/**
 * Error text often quotes the data (a label, the first row of an unknown layout). Control
 * characters there could drive the user's terminal, and a line break would split the one-line
 * error, so they become spaces (or are dropped) before the text is stored.
 */
function plainText(s: string, keepNewlines: boolean): string {
  const lines = s
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map((l) =>
      l.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ''),
    );
  return keepNewlines ? lines.join('\n') : lines.join(' ');
}

export interface ErrorLocation {
  file?: string;
  line?: number;
}

export class StalkError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, where: ErrorLocation & { hint?: string } = {}) {
    super(plainText(message, false));
    this.name = 'StalkError';
    this.code = code;
    this.file = where.file === undefined ? undefined : plainText(where.file, false);
    this.line = where.line;
    this.hint = where.hint === undefined ? undefined : plainText(where.hint, true);
  }

  get exitCode(): number {
    return USAGE_CODES.has(this.code) ? 2 : 1;
  }

  /** The one line a user sees after `stalkstats: error: `: `FILE:LINE: message [CODE]`. */
  oneLine(): string {
    const where = this.file ? `${this.file}${this.line ? `:${this.line}` : ''}: ` : '';
    return `${where}${this.message} [${this.code}]`;
  }
}

export function isStalkError(e: unknown): e is StalkError {
  return e instanceof StalkError;
}
