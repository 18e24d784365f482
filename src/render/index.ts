import type { Result } from '../analyses/result.js';
import { StalkError } from '../core/errors.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

export type Format = 'table' | 'json' | 'csv' | 'markdown';
export const FORMATS: Format[] = ['table', 'json', 'csv', 'markdown'];

export function parseFormat(value: string): Format {
  const v = value.toLowerCase() === 'md' ? 'markdown' : value.toLowerCase();
  if ((FORMATS as string[]).includes(v)) return v as Format;
  throw new StalkError('E_BAD_OPTION', `--format must be one of ${FORMATS.join(', ')} (got '${value}')`);
}

export function render(result: Result, format: Format, options: { color: boolean; width?: number }): string {
  switch (format) {
    case 'json':
      return renderJson(result);
    case 'csv':
      return renderCsv(result);
    case 'markdown':
      return renderMarkdown(result);
    case 'table':
      return renderTable(result, options);
  }
}
