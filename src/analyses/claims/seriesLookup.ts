import { isStalkError, StalkError } from '../../core/errors.js';
import { ALL_AREAS, normaliseArea, resolveAreas } from '../../series/areas.js';
import { buildSeries, type SeriesPoint } from '../../series/build.js';
import type { LoadedInput } from '../../series/types.js';
import type { CategoryId } from '../../taxonomy/taxonomy.js';
import { forceScoped, partialArea } from './areaScope.js';
import { isSubGroup, type OffenceId, offenceWords } from './categories.js';
import { groupSeries } from './groups.js';

/**
 * The series a claim is checked against: an area's (or all areas') figures for one category, found
 * once per area and category however many claims ask; or why the data cannot give it.
 */

export interface SeriesLookup {
  label: string;
  points: SeriesPoint[];
  notes: string[];
  error?: string;
}

const AREA_KIND_NAMES: Record<string, string> = {
  region: 'regions',
  force: 'police force areas',
  csp: 'community safety partnership areas',
  borough: 'London boroughs',
  area: 'areas',
};
const AREA_KIND_ORDER = ['force', 'csp', 'borough', 'region', 'area'];

/** The note a series of all areas carries, less the hint at --each-area, which a claim has no use for. */
const SUM_NOTE = `${ALL_AREAS}: the sum`;
const EACH_AREA_HINT = / or --each-area for one series each$/;

/** The force's name as the data write it. */
function forceName(inputs: LoadedInput[], area: string): string {
  const n = normaliseArea(area);
  for (const i of inputs) for (const a of i.areas) for (const p of a.path) if (normaliseArea(p) === n) return p;
  return area;
}

export class ClaimSeries {
  private readonly cache = new Map<string, SeriesLookup>();

  constructor(private readonly inputs: LoadedInput[]) {}

  /** "it holds police force areas and regions": what the data's areas are, for an area they lack. */
  private areaKinds(): string {
    const roles = new Set(this.inputs.flatMap((i) => i.areas.flatMap((a) => a.roles)));
    const kinds = AREA_KIND_ORDER.filter((r) => roles.has(r as never)).map((r) => AREA_KIND_NAMES[r]);
    if (kinds.length === 0) return 'no named areas';
    return kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}`;
  }

  private unknownArea(area: string): string {
    return `${area} is not in this file; it holds ${this.areaKinds()}`;
  }

  get(area: string | null, category: OffenceId): SeriesLookup {
    const key = `${area ?? ''}\u0000${category}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out = isSubGroup(category) ? this.subGroup(area, category) : this.group(area, category);
    this.cache.set(key, out);
    return out;
  }

  /** Another offence group, found by its labels. */
  private group(area: string | null, category: OffenceId): SeriesLookup {
    const g = groupSeries(this.inputs, offenceWords(category).labels ?? [], area);
    if (g.ok) return { label: g.label, points: g.points, notes: [] };
    return {
      label: area ?? ALL_AREAS,
      points: [],
      notes: [],
      error: /unknown area/.test(g.why) && area ? this.unknownArea(area) : g.why,
    };
  }

  /** A category of the stalking and harassment sub-group; a force's figures when the area is one. */
  private subGroup(area: string | null, category: Exclude<CategoryId, 'other'>): SeriesLookup {
    try {
      const scoped = area ? forceScoped(this.inputs, area) : null;
      const set = buildSeries(scoped ?? this.inputs, {
        areas: area && !scoped ? resolveAreas(this.inputs, [area]) : [],
        eachArea: false,
        categories: [category],
      });
      const s = set.series[0];
      const partial = area && !scoped && s ? partialArea(this.inputs, area, s.area) : null;
      if (partial) throw new StalkError('E_UNKNOWN_AREA', partial);
      return {
        label: scoped ? `${forceName(this.inputs, area!)} (the force)` : (s?.area ?? area ?? ALL_AREAS),
        points: s?.points ?? [],
        notes: set.notes.filter((n) => n.startsWith(SUM_NOTE)).map((n) => n.replace(EACH_AREA_HINT, '')),
      };
    } catch (e) {
      if (!isStalkError(e)) throw e;
      const notHeld = e.code === 'E_UNKNOWN_AREA' && area && /^unknown area/.test(e.message);
      return {
        label: area ?? ALL_AREAS,
        points: [],
        notes: [],
        error: notHeld ? this.unknownArea(area) : e.message,
      };
    }
  }
}
