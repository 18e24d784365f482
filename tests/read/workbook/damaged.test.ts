import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StalkError } from '../../../src/core/errors.js';
import { openWorkbook } from '../../../src/read/workbook/index.js';
import { writeTemp } from '../../helpers/temp.js';

const WORKBOOKS = fileURLToPath(new URL('../../fixtures/workbooks/', import.meta.url));

/** Opens the bytes as a workbook and reads every sheet; the error if one is thrown. */
async function readAll(bytes: Buffer): Promise<unknown> {
  const path = writeTemp('damaged.xlsx', bytes);
  try {
    const wb = await openWorkbook(path);
    try {
      for (const s of wb.sheets) for await (const r of wb.rows(s.name)) expect(r.row).toBeGreaterThan(0);
    } finally {
      await wb.close();
    }
    return null;
  } catch (e) {
    return e;
  }
}

describe('damaged workbooks: a one-line StalkError or rows, never another error', () => {
  for (const file of ['features.xlsx', 'features.ods']) {
    const original = readFileSync(`${WORKBOOKS}${file}`);
    it(`${file}, cut short or with bytes changed`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.record({ cut: fc.integer({ min: 0, max: original.length - 1 }) }),
            fc.record({
              at: fc.array(fc.nat({ max: original.length - 1 }), { minLength: 1, maxLength: 5 }),
              byte: fc.nat({ max: 255 }),
            }),
          ),
          async (damage) => {
            const bytes = Buffer.from(original);
            const damaged = 'cut' in damage ? bytes.subarray(0, damage.cut) : bytes;
            if ('at' in damage) for (const i of damage.at) damaged[i] = damage.byte;
            const e = await readAll(damaged);
            if (e !== null) {
              expect(e).toBeInstanceOf(StalkError);
              expect((e as StalkError).oneLine()).not.toContain('\n');
            }
          },
        ),
        { numRuns: 300, seed: 2018 },
      );
    });
  }
});
