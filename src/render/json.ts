import type { Result, Row } from '../analyses/result.js';

/** The JSON document users' scripts and CI depend on: stable key order, no timestamps. */
export function toJsonDocument(result: Result): Record<string, unknown> {
  const keys = result.columns.map((c) => c.key);
  const rows = result.rows.map((r: Row) => {
    const o: Record<string, unknown> = {};
    for (const k of keys) o[k] = r[k] === undefined ? null : r[k];
    return o;
  });
  return {
    command: result.command,
    inputs: result.inputs,
    ...(result.skipped ? { skipped: result.skipped } : {}),
    rows,
    notes: result.notes,
    warnings: result.warnings,
    reconciliation: result.reconciliation,
    ...(result.extra ?? {}),
  };
}

export function renderJson(result: Result): string {
  return `${JSON.stringify(toJsonDocument(result), null, 2)}\n`;
}
