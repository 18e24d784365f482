import type { DuplicateTally, LoadedInput } from './types.js';

/**
 * Every input's ledger added up. Two identities hold, and users' scripts may check them:
 * rowsRead = rowsUsed + Σ excluded.rows, and offencesRead = offencesUsed + Σ excluded.offences
 * (an excluded entry without `offences` had no count that could be read).
 */
export interface CombinedReconciliation {
  rowsRead: number;
  rowsUsed: number;
  excluded: { file?: string; reason: string; rows: number; offences?: number; example: string; line?: number }[];
  cellsExcluded: { file?: string; reason: string; rows: number; example: string; line?: number }[];
  offencesRead: number;
  offencesUsed: number;
  negativeRows: number;
  duplicates: DuplicateTally;
  blankLines: number;
}

/** The ledgers of every input added up; each excluded reason names its file when there are several. */
export function combineLedgers(inputs: LoadedInput[]): CombinedReconciliation {
  const several = inputs.length > 1;
  const out: CombinedReconciliation = {
    rowsRead: 0,
    rowsUsed: 0,
    excluded: [],
    cellsExcluded: [],
    offencesRead: 0,
    offencesUsed: 0,
    negativeRows: 0,
    duplicates: { identicalRows: 0, identicalOffences: 0, sameKeyRows: 0 },
    blankLines: 0,
  };
  for (const i of inputs) {
    const l = i.ledger;
    out.rowsRead += l.rowsRead;
    out.rowsUsed += l.rowsUsed;
    out.offencesRead += l.offencesRead;
    out.offencesUsed += l.offencesUsed;
    out.negativeRows += l.negativeRows;
    out.duplicates.identicalRows += l.duplicates.identicalRows;
    out.duplicates.identicalOffences += l.duplicates.identicalOffences;
    out.duplicates.sameKeyRows += l.duplicates.sameKeyRows;
    out.blankLines += l.blankLines;
    for (const e of l.excluded) out.excluded.push({ ...(several ? { file: i.path } : {}), ...e });
    for (const e of l.cellsExcluded) out.cellsExcluded.push({ ...(several ? { file: i.path } : {}), ...e });
  }
  return out;
}
