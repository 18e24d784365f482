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
]);

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
    super(message);
    this.name = 'StalkError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.hint = where.hint;
  }

  get exitCode(): number {
    return USAGE_CODES.has(this.code) ? 2 : 1;
  }

  /** The one line a user sees: `stalkstats: FILE:LINE: message [CODE]`. */
  oneLine(): string {
    const where = this.file ? `${this.file}${this.line ? `:${this.line}` : ''}: ` : '';
    return `${where}${this.message} [${this.code}]`;
  }
}

export function isStalkError(e: unknown): e is StalkError {
  return e instanceof StalkError;
}
