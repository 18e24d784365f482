import { describe, expect, it } from 'vitest';
import { isAreaCode, levelOfCode, levelOfName } from '../../src/schema/areaLevels.js';
import { tableLayoutSpecs } from '../../src/schema/layouts.js';

const spec = tableLayoutSpecs()[0].table;

describe('area levels', () => {
  it.each([
    ['E23000039', 'force'],
    ['W15000004', 'force'],
    ['E12000005', 'region'],
    ['E92000001', 'country'],
    ['W92000004', 'country'],
    ['K04000001', 'england-and-wales'],
    ['E13000001', 'other'],
  ])('%s is %s', (code, level) => {
    expect(isAreaCode(code)).toBe(true);
    expect(levelOfCode(code, spec)).toBe(level);
  });

  it.each(['', 'E2300003', 'E230000390', 'Dorset', '23000039'])('%j is not an area code', (text) => {
    expect(isAreaCode(text)).toBe(false);
  });

  it.each([
    ['ENGLAND AND WALES', 'england-and-wales'],
    ['England & Wales', 'england-and-wales'],
    ['WALES', 'country'],
    ['Yorkshire and the Humber', 'region'],
    ['East', 'region'],
    ['British Transport Police', 'force'],
    ['Dorset', 'force'],
  ])('without a code, %j is %s', (name, level) => {
    expect(levelOfName(name, spec)).toBe(level);
  });
});
