import { compareText } from '../core/order.js';
import type { Period } from '../core/periods.js';
import { KEY_SEPARATOR } from '../read/group.js';
import type { DetectedLayout, Role } from '../schema/layouts.js';
import type { CategoryId, Classification, Taxonomy } from '../taxonomy/taxonomy.js';
import { ALL_AREAS } from './areas.js';
import { ObservationTable } from './observations.js';
import type { LabelUse, ObservationKey } from './types.js';

/**
 * Where a loader puts its counts: observations per area, offence label and period (each label
 * classified once), the list of labels with their rows and offences, and the areas seen.
 */

/** An area as the sink holds it: its shared path, and a small index for observation keys. */
export interface AreaSlot {
  path: string[];
  roles: Role[];
  index: number;
  /** A row of a published table that totals other rows (a region, England and Wales). */
  aggregate?: boolean;
}

/** Observations and tallies of one label key (`offence` and `code`): labels with equal keys are one. */
interface LabelTally {
  use: LabelUse | null;
  /** The first pair of offence and code that came with this key. */
  first: LabelSlot | null;
  /** By area index: the observations' shared key, and the observations' indices by period index. */
  byArea: Map<number, { key: ObservationKey; byPeriod: number[] }>;
}

/** An offence label (offence text and code), classified once. */
export interface LabelSlot {
  offence: string;
  code: string | null;
  cls: Classification;
  /** Its observations are held (see `keep`). */
  kept: boolean;
  tally: LabelTally;
}

/** A period as the sink holds it, by its key. */
export interface PeriodSlot {
  index: number;
  /** The one period object every observation of this period shares (later stages key by it). */
  period: Period;
}

export class ObservationSink {
  private readonly obs = new ObservationTable();
  private labels = new Map<string, LabelTally>();
  private areaSlots = new Map<string[], AreaSlot>();
  private periods = new Map<string, PeriodSlot>();
  hasCombined = false;
  codes = new Set<string>();
  warnings = new Set<string>();

  private areas = new Map<string, { path: string[]; roles: Role[]; aggregate?: boolean }>();
  private byRaw = new Map<string, { path: string[]; roles: Role[] }>();
  /** Record-level files: first and last date of any crime read, whatever categories are kept. */
  dayRange: { start: string; end: string } | null = null;
  /** The months any row was counted in (first days), whatever categories are kept. */
  readonly months = new Set<string>();

  constructor(
    private readonly input: number,
    private readonly taxonomy: Taxonomy,
    private readonly layout: DetectedLayout,
    private readonly keep?: ReadonlySet<CategoryId>,
  ) {}

  /** One shared path array per distinct area, so later stages can index areas by identity. */
  area(cell: (index: number) => string): { path: string[]; roles: Role[] } {
    const raw = this.layout.areaLevels.map((l) => cell(l.index)).join(KEY_SEPARATOR);
    let a = this.byRaw.get(raw);
    if (!a) {
      // Cells that differ only in spacing name one area, and share its path.
      const made = areaOf(this.layout, cell);
      const key = made.path.join(KEY_SEPARATOR);
      a = this.areas.get(key);
      if (!a) this.areas.set(key, (a = made));
      this.byRaw.set(raw, a);
    }
    return a;
  }

  /** The slot of an area path (by the identity of the path array). */
  areaSlot(area: { path: string[]; roles: Role[]; aggregate?: boolean }): AreaSlot {
    let a = this.areaSlots.get(area.path);
    if (!a) {
      a = { path: area.path, roles: area.roles, index: this.areaSlots.size };
      if (area.aggregate) a.aggregate = true;
      this.areaSlots.set(area.path, a);
    }
    return a;
  }

  /** An area given by its path (a published table's row): one shared path array per distinct path. */
  areaOfPath(
    path: string[],
    roles: Role[],
    aggregate: boolean,
  ): { path: string[]; roles: Role[]; aggregate?: boolean } {
    const raw = `${path.join(KEY_SEPARATOR)}\u0002${aggregate ? 1 : 0}`;
    let a = this.areas.get(raw);
    if (!a) this.areas.set(raw, (a = aggregate ? { path, roles, aggregate } : { path, roles }));
    return a;
  }

  /**
   * The slot of a label, classified. To be asked for only just before adding a count under it:
   * the label list keeps labels in the order they were first counted.
   */
  labelSlot(offence: string, code: string | null): LabelSlot {
    const key = `${offence}\u0002${code ?? ''}`;
    let tally = this.labels.get(key);
    if (!tally) this.labels.set(key, (tally = { use: null, first: null, byArea: new Map() }));
    const first = tally.first;
    if (first && first.offence === offence && first.code === code) return first;
    const cls = this.taxonomy.classify(offence, code, this.layout.id);
    if (cls.warning) this.warnings.add(cls.warning);
    if (cls.category === 'stalking-and-harassment') this.hasCombined = true;
    if (cls.subcategory) this.codes.add(cls.subcategory);
    const kept = !(
      this.keep &&
      !this.keep.has(cls.category) &&
      !(cls.subcategory && this.keep.has('stalking-and-harassment'))
    );
    const slot: LabelSlot = { offence, code, cls, kept, tally };
    tally.first ??= slot;
    return slot;
  }

  /** The slot of a period, by its key. To be asked for only just before adding a count in it. */
  periodSlot(period: Period): PeriodSlot {
    let p = this.periods.get(period.key);
    if (p) return p;
    this.periods.set(period.key, (p = { index: this.periods.size, period }));
    if (period.kind === 'month') this.months.add(period.start);
    if (period.kind === 'day') {
      if (!this.dayRange) this.dayRange = { start: period.start, end: period.end };
      else if (period.start < this.dayRange.start) this.dayRange.start = period.start;
      else if (period.end > this.dayRange.end) this.dayRange.end = period.end;
    }
    return p;
  }

  /** Adds a count under an area, a label and a period, given as their slots: per call only number-keyed lookups. */
  addResolved(area: AreaSlot, label: LabelSlot, slot: PeriodSlot, count: number, rows: number): void {
    this.addUse(label, count, rows);
    if (label.kept) this.addObservation(area, label, slot, count, rows);
  }

  /** Adds rows and their count to a label's tally in the label list. */
  private addUse(label: LabelSlot, count: number, rows: number): void {
    const tally = label.tally;
    const l = tally.use;
    if (l) {
      l.rows += rows;
      l.offences += count;
    } else {
      const cls = label.cls;
      tally.use = {
        offence: label.offence,
        code: label.code,
        category: cls.category,
        subcategory: cls.subcategory,
        matchedBy: cls.matchedBy,
        rows,
        offences: count,
      };
    }
  }

  /** Adds a count to the observation of an area, a kept label and a period (the label list aside). */
  private addObservation(area: AreaSlot, label: LabelSlot, slot: PeriodSlot, count: number, rows: number): void {
    const tally = label.tally;
    let at = tally.byArea.get(area.index);
    if (!at) {
      const key: ObservationKey = {
        input: this.input,
        areaPath: area.path,
        areaRoles: area.roles,
        category: label.cls.category,
        subcategory: label.cls.subcategory,
        offence: label.offence,
        code: label.code,
        derived: false,
      };
      if (area.aggregate) key.aggregate = true;
      tally.byArea.set(area.index, (at = { key, byPeriod: [] }));
    }
    const i = at.byPeriod[slot.index];
    if (i !== undefined) this.obs.addTo(i, count, rows);
    else at.byPeriod[slot.index] = this.obs.push(at.key, slot.period, count, rows);
  }

  /** Areas read but not kept apart: observations carry one path, and the names are listed. */
  summed: { names: string[]; role: Role } | null = null;
  summedAreas(names: string[], role: Role): { path: string[]; roles: Role[] } {
    this.summed = { names, role };
    const path = [...(this.layout.parentArea ? [this.layout.parentArea.name] : []), ALL_AREAS];
    const roles: Role[] = [...(this.layout.parentArea ? [this.layout.parentArea.level] : []), 'area'];
    return { path, roles };
  }

  areaPaths(): { path: string[]; roles: Role[] }[] {
    if (this.summed) return this.summed.names.map((n) => ({ path: [n], roles: [this.summed!.role] }));
    return [...this.areas.values()];
  }

  observations(): ObservationTable {
    return this.obs;
  }

  labelUses(): LabelUse[] {
    const rank = (c: string) => (c === 'other' ? 1 : 0);
    const uses: LabelUse[] = [];
    for (const t of this.labels.values()) if (t.use) uses.push(t.use);
    return uses.sort(
      (a, b) =>
        rank(a.category) - rank(b.category) ||
        compareText(a.category, b.category) ||
        compareText(a.offence, b.offence) ||
        compareText(a.code ?? '', b.code ?? ''),
    );
  }
}

function areaOf(layout: DetectedLayout, cell: (index: number) => string): { path: string[]; roles: Role[] } {
  const path: string[] = [];
  const roles: Role[] = [];
  if (layout.parentArea) {
    path.push(layout.parentArea.name);
    roles.push(layout.parentArea.level);
  }
  for (const lvl of layout.areaLevels) {
    path.push(cell(lvl.index).trim() || '(blank)');
    roles.push(lvl.role);
  }
  if (path.length === 0) {
    path.push('(all of the file)');
    roles.push('area');
  }
  return { path, roles };
}
