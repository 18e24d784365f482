import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import { categoriesResult } from '../../src/commands/categories.js';
import type { Io } from '../../src/commands/options.js';
import { loadTaxonomy } from '../../src/taxonomy/taxonomy.js';

async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

const ids = loadTaxonomy().categoryIds;

describe('categories', () => {
  it('lists every category of the taxonomy with its label, codes and description', async () => {
    const r = await cli(['categories']);
    expect(r.code).toBe(0);
    // The notes on the codes go to stderr; the listing alone to stdout.
    expect(r.stderr).toMatch(/^note: codes are Home Office classifications/);
    expect(r.stdout).not.toMatch(/note:/);
    for (const c of loadTaxonomy().categories) {
      expect(r.stdout).toContain(c.id);
      expect(r.stdout).toContain(c.label);
    }
    expect(r.stdout).toMatch(/│ stalking +│ Stalking +│ 8Q +│/);
    expect(r.stdout).toMatch(/│ harassment +│ Harassment +│ 8L 8M +│/);
    expect(r.stdout).not.toContain('reconciliation:');
  });

  it('writes JSON with one row per category, in taxonomy order', async () => {
    const r = await cli(['categories', '--format', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.command).toBe('categories');
    expect(doc.rows.map((x: { id: string }) => x.id)).toEqual(ids);
    const stalking = doc.rows.find((x: { id: string }) => x.id === 'stalking');
    expect(stalking).toMatchObject({ label: 'Stalking', codes: '8Q', inSubGroup: true });
    expect(stalking.description).toMatch(/8Q/);
  });

  it('writes CSV with a header and one line per category', async () => {
    const r = await cli(['categories', '-f', 'csv']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('id,label,codes,inSubGroup,description');
    expect(lines).toHaveLength(ids.length + 1);
    expect(lines.find((l) => l.startsWith('coercive-control,'))).toContain('8U');
  });

  it('writes a Markdown table', async () => {
    const r = await cli(['categories', '--format', 'md']);
    expect(r.stdout).toMatch(/^### Categories/);
    expect(r.stdout).toContain('| Category | Label | Codes | In the sub-group | Description |');
    expect(r.stdout).toContain('| malicious-communications | Malicious communications | 8R |');
    expect(r.stdout).not.toMatch(/Rows read/);
  });

  it('every id it lists is accepted by --category', async () => {
    const demo = fileURLToPath(new URL('../../data/demo/demo-home-office-quarterly.csv', import.meta.url));
    const r = await cli(['trend', demo, '--category', ids.join(','), '--format', 'json']);
    expect(r.stderr).not.toContain('E_UNKNOWN_CATEGORY');
    expect(r.code).toBe(0);
  });

  it('rejects an unknown format as a usage error', async () => {
    const r = await cli(['categories', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format must be one of/);
  });

  it('has examples in its help', async () => {
    const r = await cli(['categories', '--help']);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('$ stalkstats categories --format markdown');
  });

  it('builds the same result every time', () => {
    expect(categoriesResult()).toEqual(categoriesResult());
  });
});
