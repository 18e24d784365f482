import type { Result } from '../analyses/result.js';
import { StalkError } from '../core/errors.js';

export type Format = 'table' | 'json' | 'csv' | 'markdown';
export const FORMATS: Format[] = ['table', 'json', 'csv', 'markdown'];

export function parseFormat(value: string): Format {
  const v = value.toLowerCase() === 'md' ? 'markdown' : value.toLowerCase();
  if ((FORMATS as string[]).includes(v)) return v as Format;
  throw new StalkError('E_BAD_OPTION', `--format must be one of ${FORMATS.join(', ')} (got '${value}')`);
}

/**
 * The result in one format. Each renderer is loaded only when its format is asked for: the table
 * brings cli-table3, which JSON, CSV and Markdown output need not load, and chalk only when it is
 * coloured.
 */
export async function render(
  result: Result,
  format: Format,
  options: { color: boolean; width?: number },
): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('./json.js')).renderJson(result);
    case 'csv':
      return (await import('./csv.js')).renderCsv(result);
    case 'markdown':
      return (await import('./markdown.js')).renderMarkdown(result);
    case 'table': {
      const table = await import('./table.js');
      return table.renderTable(result, {
        ...(options.color ? { style: await table.colourStyle() } : {}),
        ...(options.width !== undefined ? { width: options.width } : {}),
      });
    }
  }
}
