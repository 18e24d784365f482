import { describe, expect, it } from 'vitest';
import { StalkError } from '../../src/core/errors.js';
import { layoutSpecs, tableLayoutSpecs } from '../../src/schema/layouts.js';
import { validateTableSpec } from '../../src/schema/tableSpec.js';

const good = () => structuredClone(tableLayoutSpecs()[0].table) as unknown as Record<string, unknown>;

function failure(raw: unknown): StalkError {
  try {
    validateTableSpec('t', raw);
  } catch (e) {
    expect(e).toBeInstanceOf(StalkError);
    return e as StalkError;
  }
  throw new Error('expected the table block to be refused');
}

describe('the ONS data table layout in layouts.json', () => {
  it('is loaded apart from the layouts found by one header row, so their detection is unchanged', () => {
    expect(tableLayoutSpecs().map((l) => l.id)).toEqual(['ons-data-table']);
    expect(layoutSpecs().map((l) => l.id)).not.toContain('ons-data-table');
    expect(layoutSpecs().every((l) => l.shape !== 'wide-groups')).toBe(true);
  });

  it('says what a count is and what it is not', () => {
    const t = tableLayoutSpecs()[0].table;
    expect(t.measures.map((m) => m.id)).toContain(t.countMeasure);
    expect(t.measures.map((m) => m.id)).toEqual(expect.arrayContaining(['rate', 'population', 'percentage']));
    expect(t.offenceGroups).toContain('Stalking and harassment');
  });
});

describe('validateTableSpec', () => {
  it('accepts the block as shipped', () => {
    expect(validateTableSpec('t', good()).minOffenceColumns).toBe(2);
  });

  it('refuses a missing block', () => {
    expect(failure(undefined).code).toBe('E_DATA_FILE');
  });

  it.each([
    ['headerSearchRecords', 0],
    ['minOffenceColumns', 1.5],
    ['areaCodeHeaders', []],
    ['offenceGroups', ['Robbery', '']],
    ['offenceParts', ['Burglary']],
    ['offenceParts.Burglary', null],
    ['measures', []],
    ['countMeasure', 'tally'],
    ['periodWords', { ending: ['year ending'] }],
    ['notesStart', 'Source'],
    ['areaCodePrefixes', { E23: 'police' }],
    ['areaCodePrefixes', { E2: 'force' }],
    ['areaNames', { county: ['Kent'] }],
  ])('refuses table.%s = %j, naming the field', (field, value) => {
    const raw = good();
    if (field === 'offenceParts.Burglary') (raw.offenceParts as Record<string, unknown>).Burglary = [];
    else raw[field] = value;
    const e = failure(raw);
    expect(e.code).toBe('E_DATA_FILE');
    expect(e.message).toContain(`table.${field}`);
  });

  it('refuses two measures with one id', () => {
    const raw = good();
    const measures = raw.measures as { id: string }[];
    raw.measures = [...measures, { ...measures[0] }];
    expect(failure(raw).message).toContain('distinct ids');
  });
});
