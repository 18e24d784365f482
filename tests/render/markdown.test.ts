import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderMarkdown } from '../../src/render/markdown.js';
import { sampleTrendResult } from '../helpers/result.js';

describe('Markdown renderer', () => {
  it('escapes pipes, backslashes and line breaks', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('a\\b')).toBe('a\\\\b');
    expect(escapeMarkdown('a\nb')).toBe('a b');
  });

  it('a pipe in the data cannot add a column', () => {
    const r = sampleTrendResult([{ area: 'Bad | Area', category: 'stalking', period: '2019/20', days: 366, count: 5 }]);
    const md = renderMarkdown(r);
    const header = md.split('\n').find((l) => l.startsWith('| Area'))!;
    const row = md.split('\n').find((l) => l.includes('Bad'))!;
    expect(row).toContain('Bad \\| Area');
    // Unescaped pipes delimit cells: the same number in the header and the row.
    const cells = (l: string) => l.split(/(?<!\\)\|/).length;
    expect(cells(row)).toBe(cells(header));
  });

  it('is a table of the table columns, numbers right-aligned, then notes and the reconciliation', () => {
    const md = renderMarkdown(sampleTrendResult());
    const lines = md.split('\n');
    const head = lines.findIndex((l) => l.startsWith('| Area'));
    expect(lines[head + 1]).toMatch(/^\| --- \| --- \| --- \| ---: \| ---: /);
    expect(md).toContain('| 1,234,567 |');
    expect(md).toContain('- a note');
    expect(md).toContain('Rows read 136, used 135, excluded 1.');
    expect(md).toContain('Source: calderdale.csv (wide-financial-year)');
    expect(md).not.toMatch(/\u001b\[/);
  });
});
