import type { LoadedInput } from './types.js';

export interface CombinedReconciliation {
  rowsRead: number;
  rowsUsed: number;
  excluded: { file?: string; reason: string; rows: number; offences?: number; example: string; line?: number }[];
  cellsExcluded: { file?: string; reason: string; rows: number; example: string; line?: number }[];
  offencesUsed: number;
  negativeRows: number;
}

/** The ledgers of every input added up; each excluded reason names its file when there are several. */
export function combineLedgers(inputs: LoadedInput[]): CombinedReconciliation {
  const several = inputs.length > 1;
  const out: CombinedReconciliation = { rowsRead: 0, rowsUsed: 0, excluded: [], cellsExcluded: [], offencesUsed: 0, negativeRows: 0 };
  for (const i of inputs) {
    const l = i.ledger;
    out.rowsRead += l.rowsRead;
    out.rowsUsed += l.rowsUsed;
    out.offencesUsed += l.offencesUsed;
    out.negativeRows += l.negativeRows;
    for (const e of l.excluded) out.excluded.push({ ...(several ? { file: i.path } : {}), ...e });
    for (const e of l.cellsExcluded) out.cellsExcluded.push({ ...(several ? { file: i.path } : {}), ...e });
  }
  return out;
}
