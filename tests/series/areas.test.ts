import { describe, expect, it } from 'vitest';
import { StalkError } from '../../src/core/errors.js';
import type { Role } from '../../src/schema/layouts.js';
import { areaIndex, normaliseArea, resolveArea, resolveAreas } from '../../src/series/areas.js';

function obs(path: string[], roles: Role[]) {
  return { path, roles };
}

const index = areaIndex([
  obs(['South West', 'Devon and Cornwall'], ['region', 'force']),
  obs(['South West', 'Dorset'], ['region', 'force']),
  obs(['London', 'City of London'], ['region', 'force']),
  obs(['London', 'Metropolitan Police'], ['region', 'force']),
  obs(['CIFAS'], ['force']),
]);

describe('normaliseArea', () => {
  it("reads '&' as 'and', ignores case and a trailing 'Police' or 'Constabulary'", () => {
    expect(normaliseArea('Devon & Cornwall')).toBe(normaliseArea('Devon and Cornwall'));
    expect(normaliseArea('DORSET POLICE')).toBe('dorset');
    expect(normaliseArea('Kent Constabulary')).toBe('kent');
    expect(normaliseArea('Police Service of Northern Ireland')).toBe('police service of northern ireland');
  });

  it("turns 'London, City of' into 'City of London'", () => {
    expect(normaliseArea('London, City of')).toBe('city of london');
    expect(normaliseArea('Bristol, City of')).toBe('city of bristol');
  });
});

describe('resolveArea', () => {
  it('finds names at any level, whatever the spelling', () => {
    expect(resolveArea('Devon & Cornwall', index)).toEqual({ name: 'Devon and Cornwall', role: 'force' });
    expect(resolveArea('London, City of', index)).toEqual({ name: 'City of London', role: 'force' });
    expect(resolveArea('south west', index)).toEqual({ name: 'South West', role: 'region' });
    expect(resolveArea('Cifas', index).name).toBe('CIFAS');
  });

  it('uses the aliases file: MPS is the Metropolitan Police', () => {
    expect(resolveArea('MPS', index).name).toBe('Metropolitan Police');
  });

  it('takes a name held by a force and a region as the force, and says how to ask for the region', () => {
    // 'London' is a region here and another name of the Metropolitan Police (areas.json).
    const london = resolveArea('London', index);
    expect(london).toMatchObject({ name: 'Metropolitan Police', role: 'force' });
    expect(london.note).toMatch(/both a police force area and a region.*'London region'/);
    expect(resolveArea('London region', index)).toEqual({ name: 'London', role: 'region', label: 'London region' });
    const wm = areaIndex([
      obs(['West Midlands', 'West Midlands'], ['region', 'force']),
      obs(['West Midlands', 'Staffordshire'], ['region', 'force']),
    ]);
    expect(resolveArea('West Midlands', wm)).toMatchObject({ name: 'West Midlands', role: 'force' });
    expect(resolveArea('West Midlands Police', wm)).toEqual({ name: 'West Midlands', role: 'force' });
    expect(resolveArea('west midlands REGION', wm)).toMatchObject({ role: 'region', label: 'West Midlands region' });
    expect(resolveArea('Staffordshire Constabulary', wm)).toEqual({ name: 'Staffordshire', role: 'force' });
  });

  it('says what a name is when a level it does not have is asked for', () => {
    expect(() => resolveArea('Dorset region', index)).toThrow(
      /no region called 'Dorset' in the data \(it is a force there\)/,
    );
  });

  it('refuses a name that means two areas of one level, naming both', () => {
    const two = areaIndex([obs(['Kent'], ['force']), obs(['KENT'], ['force'])]);
    try {
      resolveArea('kent', two);
      expect.unreachable();
    } catch (e) {
      expect((e as StalkError).code).toBe('E_USAGE');
      expect((e as StalkError).message).toMatch(/names two force areas in the data: 'Kent' and 'KENT'/);
    }
  });

  it('fails with E_UNKNOWN_AREA and a suggestion', () => {
    try {
      resolveArea('Dorsett', index);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StalkError);
      expect((e as StalkError).code).toBe('E_UNKNOWN_AREA');
      expect((e as StalkError).exitCode).toBe(2);
      expect((e as StalkError).message).toContain("did you mean 'Dorset'");
      expect((e as StalkError).hint).toContain('areas in the data');
    }
  });
});

describe('resolveAreas', () => {
  it('warns when an area is held only as the area around one finer area', () => {
    // A partnership's file (Calderdale) names its force in a column of its own.
    const inputs = [{ areas: [obs(['West Yorkshire', 'Calderdale'], ['force', 'csp'])] }];
    const [wy] = resolveAreas(inputs, ['West Yorkshire']);
    expect(wy.warning).toMatch(
      /only as the area around Calderdale.*Calderdale's alone, not the whole of West Yorkshire's/,
    );
    expect(resolveAreas(inputs, ['Calderdale'])[0].warning).toBeUndefined();
    // Two partnerships of the force: no warning (the file may hold them all).
    const two = [
      {
        areas: [
          obs(['West Yorkshire', 'Calderdale'], ['force', 'csp']),
          obs(['West Yorkshire', 'Leeds'], ['force', 'csp']),
        ],
      },
    ];
    expect(resolveAreas(two, ['West Yorkshire'])[0].warning).toBeUndefined();
  });
});
