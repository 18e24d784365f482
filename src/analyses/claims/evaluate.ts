import { normaliseLabel } from '../../core/dataFiles.js';
import { areaIndex, normaliseArea } from '../../series/areas.js';
import { categoriesOf, type LoadedInput } from '../../series/types.js';
import type { CategoryId } from '../../taxonomy/taxonomy.js';
import type { Row } from '../result.js';
import { isSubGroup, type OffenceId, offenceWords } from './categories.js';
import { hasGroup } from './groups.js';
import { judgeChange } from './judgeChange.js';
import { judgeCount } from './judgeCount.js';
import { judgeRate } from './judgeRate.js';
import { formatFigure } from './numbers.js';
import { parseCategoryField } from './parse.js';
import { ClaimSeries } from './seriesLookup.js';
import type { Assertion, CategoryRef, ParsedClaim, PeriodRef, Verdict } from './types.js';
import { VAGUE_WORDS } from './vague.js';
import type { EvaluateOptions, JudgeContext, Judged } from './verdict.js';
import { figureValue, publishedOf, recognisedLine } from './working.js';

/**
 * Structured claim + data → verdict with working. Pure: the inputs are already loaded; nothing here
 * reads a file or writes anywhere. Every verdict carries the rows used, the arithmetic and the
 * rule that decided it, so a reader can redo it by hand. This file finds each claim's area,
 * category and series; `judgeCount.ts`, `judgeRate.ts` and `judgeChange.ts` judge the figure.
 */

export interface CheckOutcome {
  rows: Row[];
  notes: string[];
}

const categoryName = (id: OffenceId) => offenceWords(id).name;
const categoryShort = (id: OffenceId) => offenceWords(id).short;
const SEPARATE: CategoryId[] = ['stalking', 'harassment', 'malicious-communications', 'coercive-control'];

const CLOSE_NOTE = 'counts are compared as counts, rates as rates, changes as the ratio of the two periods';
const NAME_A_CATEGORY = 'name one in the claim, its category field or --category';

/** Why a claim naming no category is not checked against police.uk's violence and sexual offences. */
const VSO_WHY =
  "no category named, and the data have only police.uk's 'Violence and sexual offences', which holds " +
  'stalking and harassment among every other violent and sexual offence: it is not a stalking or harassment figure';

export class ClaimEvaluator {
  private readonly present: Set<CategoryId>;
  private readonly areaNames: { name: string; norm: string }[];
  private readonly verdicts = new Set<Verdict>();
  private readonly seriesNotes = new Set<string>();
  private readonly seriesOf: ClaimSeries;
  private readonly judging: JudgeContext;

  constructor(
    private readonly inputs: LoadedInput[],
    private readonly options: EvaluateOptions,
  ) {
    this.present = new Set(inputs.flatMap((i) => [...categoriesOf(i)]).filter((c) => c !== 'other'));
    const index = areaIndex(inputs.flatMap((i) => i.areas));
    this.areaNames = [...new Set([...index.values()].flat().map((a) => a.name))]
      .filter((n) => !/^\(|^unknown$/i.test(n.trim()))
      .map((name) => ({ name, norm: normaliseArea(name) }))
      .filter((a) => a.norm.length >= 3)
      .sort((a, b) => b.norm.length - a.norm.length);
    const records = inputs.filter((i) => i.layout.shape === 'records');
    let start = '9999-12-31';
    let end = '0000-01-01';
    for (const i of records) {
      // The input's span (its first to last record of any offence, or --coverage), else its figures'.
      const spans = i.coverage ? [i.coverage] : Array.from(i.observations, (o) => o.period);
      for (const p of spans) {
        if (p.start < start) start = p.start;
        if (p.end > end) end = p.end;
      }
    }
    this.seriesOf = new ClaimSeries(inputs);
    this.judging = { options, coverage: records.length ? { start, end } : null, usedQualifiers: new Set() };
  }

  /** Notes for the whole run: how each vague word used was judged, and what the series summed. */
  notes(): string[] {
    const out: string[] = [];
    if (this.verdicts.has('close')) {
      const within = `within ${formatFigure(this.options.tolerancePct)}% of what the claim needs (--tolerance)`;
      out.push(`close: the data are ${within}; ${CLOSE_NOTE}`);
    }
    for (const v of VAGUE_WORDS)
      if (this.judging.usedQualifiers.has(v.qualifier))
        out.push(v.qualifier === 'stated' ? v.meaning : `'${v.words.slice(0, 3).join("', '")}': ${v.meaning}`);
    return [...out, ...this.seriesNotes];
  }

  /** Whether the data hold this offence group (the sub-group's categories, or another group by its labels). */
  holds(id: OffenceId): boolean {
    if (isSubGroup(id)) return this.present.has(id);
    return hasGroup(this.inputs, offenceWords(id).labels ?? []);
  }

  private areaFor(claim: ParsedClaim, a: Assertion): { area: string | null; how: string | null } {
    if (a.area || a.areaHow) return { area: a.area, how: a.areaHow ?? null };
    if (this.options.area) return { area: this.options.area, how: null };
    // "England and Wales" is every area, not the region called Wales.
    const text = ` ${normaliseLabel(claim.input.text)} `.replace(/ england and wales /g, ' ');
    const named = this.areaNames.find((n) => text.includes(` ${n.norm} `));
    if (named) return { area: named.name, how: `area '${named.name}' named in the claim` };
    return { area: null, how: null };
  }

  private categoryFor(a: Assertion): { ref: CategoryRef | null; how: string | null; why?: string } {
    if (a.category) return { ref: a.category, how: a.category.how ?? null };
    if (this.options.category)
      return {
        ref: { id: this.options.category, text: this.options.category, from: 'option' },
        how: `no category named: ${this.options.category} from --category`,
      };
    const present = [...this.present];
    if (present.length === 1 && present[0] === 'violence-and-sexual-offences') {
      return { ref: null, how: null, why: VSO_WHY };
    }
    if (present.length === 1) {
      const only = present[0];
      return {
        ref: { id: only as OffenceId, text: only, from: 'option' },
        how: only === 'stalking-and-harassment' ? null : `no category named: the data have only ${only}`,
      };
    }
    if (this.present.has('stalking-and-harassment')) {
      const others = present.filter((c) => c !== 'stalking-and-harassment').join(', ');
      this.seriesNotes.add(
        'claims naming no category are checked against stalking-and-harassment, the sub-group total; ' +
          `the data also have ${others} (${NAME_A_CATEGORY})`,
      );
      return {
        ref: { id: 'stalking-and-harassment', text: 'stalking-and-harassment', from: 'option' },
        how: 'no category named: stalking-and-harassment assumed',
      };
    }
    return {
      ref: null,
      how: null,
      why: `no category named, and the data have several (${present.join(', ')}): ${NAME_A_CATEGORY}`,
    };
  }

  private missingCategoryWhy(category: OffenceId): string {
    const word = categoryName(category);
    if (!isSubGroup(category)) {
      const labels = (offenceWords(category).labels ?? []).map((l) => `'${l}'`).join(' or ') || 'so';
      return `the data have no ${categoryShort(category)} figures (no offence labelled ${labels})`;
    }
    const separable = this.inputs.some((i) => i.separateCodes.length > 0);
    if (SEPARATE.includes(category) && this.present.has('stalking-and-harassment') && !separable)
      return `the source has only the combined 'Stalking and harassment' figure: it cannot give ${word} on its own`;
    if (this.present.has('violence-and-sexual-offences') && !this.present.has('stalking-and-harassment'))
      return (
        `police.uk has no ${word} category: ${word} is counted inside 'Violence and sexual offences' and ` +
        'cannot be separated from it'
      );
    if (this.present.has('harassment-wide') && !this.present.has('stalking-and-harassment'))
      return (
        `the source's 'Harassment' is the Met's old, wider category (it includes other offences), not ${word}; ` +
        'it has no Home Office stalking or harassment figures'
      );
    return `the data have no ${categoryShort(category)} figures (no matching offence labels or codes)`;
  }

  evaluate(claim: ParsedClaim, claimNo: number): Row[] {
    const rows: Row[] = [];
    const multi = claim.assertions.length > 1;
    if (claim.assertions.length === 0) {
      const judged: Judged = {
        verdict: 'unparsed',
        published: '',
        computed: '',
        working: [recognisedLine(claim), ...claim.problems],
        period: '',
        publishedValue: null,
        computedValue: null,
        difference: null,
      };
      rows.push(this.row(claim, String(claimNo), claim.input.text, judged, null, this.areaLabel(null)));
      return rows;
    }
    claim.assertions.forEach((a, k) => {
      const id = multi ? `${claimNo}.${k + 1}` : String(claimNo);
      const text = multi ? a.text : claim.input.text;
      rows.push(this.evaluateOne(claim, a, id, text));
    });
    return rows;
  }

  /** One assertion of a claim judged: its row. */
  evaluateOne(claim: ParsedClaim, a: Assertion, id: string, text: string): Row {
    const { area, how: areaHow } = this.areaFor(claim, a);
    const cat = this.categoryFor(a);
    const pre: string[] = [];
    if (areaHow) pre.push(areaHow);
    if (cat.how) pre.push(cat.how);
    pre.push(...(a.context ?? []));
    if (
      cat.ref &&
      cat.ref.from === 'text' &&
      claim.input.category &&
      parseCategoryField(String(claim.input.category)) !== cat.ref.id
    ) {
      pre.push(
        `the category field says '${claim.input.category}', the claim's text '${cat.ref.text}': the text's is used`,
      );
    }
    const blank = (verdict: Verdict, why: string[], period = ''): Judged => ({
      verdict,
      published: publishedOf(a),
      computed: '',
      working: [...pre, ...why],
      period,
      publishedValue: figureValue(a),
      computedValue: null,
      difference: null,
    });
    const label = (l: string | null) => l ?? this.areaLabel(area);
    const row = (judged: Judged, category: OffenceId | null, areaLabel: string | null) =>
      this.row(claim, id, text, judged, category, areaLabel);
    // What the data cannot give is said first: no period would make a stalking-only figure appear.
    if (cat.ref && !this.holds(cat.ref.id))
      return row(blank('cannot-check', [this.missingCategoryWhy(cat.ref.id)]), cat.ref.id, label(area));
    const unresolved = unresolvedPeriod(a);
    if (unresolved) {
      if (a.kind !== 'change' && a.period?.type === 'unresolved' && a.period.missing) {
        const why = 'no period named for this figure, in its sentence or around it';
        return row(blank('cannot-check', [why]), cat.ref?.id ?? null, label(area));
      }
      const seen = recognisedLine(claim);
      const verdict: Verdict = claim.input.inArticle ? 'cannot-check' : 'unparsed';
      const why = claim.input.inArticle ? [unresolved] : seen.includes(unresolved) ? [seen] : [seen, unresolved];
      return row(blank(verdict, why), cat.ref?.id ?? null, label(area));
    }
    if (!cat.ref) return row(blank('cannot-check', [cat.why ?? 'no category']), null, label(area));
    const category = cat.ref.id;
    const series = this.seriesOf.get(area, category);
    if (series.error) return row(blank('cannot-check', [series.error]), category, area ?? series.label);
    for (const n of series.notes) this.seriesNotes.add(n);
    if (series.points.length === 0) {
      const why = `the data have no ${categoryShort(category)} figures for ${series.label}`;
      return row(blank('cannot-check', [why]), category, series.label);
    }
    const head = `${series.label}, ${category}`;
    let judged: Judged;
    if (a.kind === 'count') judged = judgeCount(a, series, head, this.judging);
    else if (a.kind === 'rate') judged = judgeRate(a, series, head, this.judging);
    else judged = judgeChange(a, series, head, category, this.judging);
    judged.working = [...pre, ...judged.working];
    this.verdicts.add(judged.verdict);
    return row(judged, category, series.label);
  }

  /** The area's label as the series would give it ("All areas", or the one area a file holds). */
  private areaLabel(area: string | null): string | null {
    // A category the claims know by name (police.uk's violence and sexual offences is none of them).
    const any = [...this.present].find((c) => isSubGroup(c as OffenceId));
    return any ? this.seriesOf.get(area, any as OffenceId).label : area;
  }

  private row(
    claim: ParsedClaim,
    id: string,
    text: string,
    j: Judged,
    category: OffenceId | null,
    areaLabel: string | null,
  ): Row {
    const source = claim.input.source;
    return {
      claimNo: id,
      paragraph: claim.input.paragraph ?? null,
      sentence: claim.input.sentence ?? claim.input.text,
      claim: text,
      verdict: j.verdict,
      published: j.published,
      publishedValue: j.publishedValue,
      computed: j.computed,
      computedValue: j.computedValue,
      area: areaLabel,
      category,
      period: j.period,
      comparable: j.comparable ?? null,
      notComparableBecause: j.notComparableBecause ?? null,
      working: j.working.join('; '),
      difference: j.difference,
      source: source?.file ? `${source.file}${source.line ? `:${source.line}` : ''}` : null,
    };
  }
}

function unresolvedPeriod(a: Assertion): string | null {
  const refs: (PeriodRef | null)[] = a.kind === 'change' ? [a.from, a.to] : [a.period];
  for (const r of refs) if (r && r.type === 'unresolved') return r.why;
  if (a.kind !== 'change' && !a.period) return 'no period';
  return null;
}

/** Checks each parsed claim against the inputs: one row per assertion, numbered by claim. */
export function checkClaims(claims: ParsedClaim[], inputs: LoadedInput[], options: EvaluateOptions): CheckOutcome {
  const ev = new ClaimEvaluator(inputs, options);
  const rows = claims.flatMap((c, i) => ev.evaluate(c, i + 1));
  return { rows, notes: ev.notes() };
}
