import { findOffences, OFFENCE_WORDS, type OffenceId } from './categories.js';
import { changeTest, readChanges } from './changes.js';
import { describeToken } from './describe.js';
import { mainPeriod, orMainPeriod, ownPeriods, sinceOrPrevious } from './figurePeriods.js';
import { normaliseText } from './periods.js';
import { scan } from './scan.js';
import { previousOf } from './shift.js';
import { FIGURE_KINDS, type TokOf } from './tokens.js';
import type { Assertion, CategoryRef, ClaimInput, ParsedClaim, PeriodRef, Recognised, TokenSpan } from './types.js';

/**
 * Claim text → structured claim. Pure: no data, no I/O. The text is scanned once, left to right,
 * into tokens (`scan.ts`), which are then assembled into assertions: a count or a rate in its period
 * (`figurePeriods.ts`), or a change between two periods (`changes.ts`). Everything recognised is
 * listed, so a claim that cannot be read says how far the reading got.
 */

export interface ParseOptions {
  /** ISO date that "last year", "the past 12 months" and claims without a period are read against. */
  asOf?: string;
  /**
   * A sentence of an article: a figure naming no period is left without one (marked `missing`) for
   * the article's context to fill, instead of taking the 12 months before --as-of.
   */
  inArticle?: boolean;
  /** --per: the residents a rate per residents is per when the claim names none ("a rate of 3.2"). */
  per?: number;
}

const CATEGORY_FIELD_ALIASES: Record<string, OffenceId> = {
  combined: 'stalking-and-harassment',
  's-and-h': 'stalking-and-harassment',
  malicious: 'malicious-communications',
  coercive: 'coercive-control',
};

const CATEGORY_FIELD_EXAMPLES =
  'stalking, harassment, malicious communications, coercive control, stalking and harassment';

const NOTHING_FOUND =
  'no count, rate or change found ' +
  '(e.g. "2,339 cases in 2017", "more than six a day", "an 81 per cent increase", "doubled")';

/** A category named in a claim's `category` field or in --category: an id or the words of a claim. */
export function parseCategoryField(text: string): OffenceId | null {
  const t = normaliseText(String(text)).trim();
  if (OFFENCE_WORDS.some((w) => w.id === t)) return t as OffenceId;
  if (CATEGORY_FIELD_ALIASES[t]) return CATEGORY_FIELD_ALIASES[t];
  const found = findOffences(t.replace(/-/g, ' '));
  return found.length === 1 && found[0].s === 0 && found[0].e === t.length ? found[0].id : null;
}

const given = (x: unknown) => x !== undefined && x !== null && String(x).trim() !== '';

export function parseClaim(input: ClaimInput, options: ParseOptions = {}): ParsedClaim {
  const original = String(input.text ?? '');
  const s = normaliseText(original);
  const toks = scan(s, options.asOf, options.per);
  const slice = (a: number, b: number) => original.slice(a, b).trim();
  const recognised: Recognised[] = [];
  const problems: string[] = [];

  // Described before the changes are read, which give a percentage the direction word before it.
  for (const t of toks) recognised.push(...describeToken(t, slice(t.s, t.e)));

  const owned = ownPeriods(toks, s, slice);
  const { own } = owned;
  const drafts = readChanges(toks, s, slice, owned);
  const changeBases = drafts.map((d) => d.from);
  const { main, problem } = mainPeriod(input, options, toks, owned, changeBases);
  if (problem) problems.push(problem);
  const orMain = orMainPeriod(main, options.inArticle);

  // Categories: the one named nearest each part; a claim that names none uses its field.
  const cats = toks.filter((t): t is TokOf<'cat'> => t.t === 'cat');
  let fieldCategory: CategoryRef | null = null;
  if (given(input.category)) {
    const id = parseCategoryField(String(input.category));
    if (id) fieldCategory = { id, text: String(input.category), from: 'field' };
    else problems.push(`the category field '${input.category}' names no category (${CATEGORY_FIELD_EXAMPLES})`);
  }
  const categoryFor = (a: number): CategoryRef | null => {
    if (cats.length === 0) return fieldCategory;
    const distinct = new Set(cats.map((c) => c.id));
    let best = cats[0];
    if (distinct.size > 1) {
      const before = cats.filter((c) => c.s <= a);
      best = before.length ? before[before.length - 1] : cats[0];
    }
    return { id: best.id, text: slice(best.s, best.e), from: 'text' };
  };
  const area = given(input.area) ? String(input.area).trim() : null;

  const placed: { pos: number; a: Assertion }[] = [];
  for (const t of toks) {
    if (t.t !== 'count' && t.t !== 'rate') continue;
    const o = own.get(t);
    // "rose from 12,853 to 14,530 in the year to March 2025": the figures take the change's periods.
    const inChange = drafts.find((d) => d.fromFig === t || d.toFig === t);
    const changeRef = inChange
      ? inChange.fromFig === t
        ? (inChange.from ?? { type: 'previous', text: '' })
        : inChange.to
      : null;
    let ref: PeriodRef =
      o?.ref ??
      (changeRef?.type === 'previous' && inChange?.to?.type === 'fixed'
        ? { type: 'fixed', period: previousOf(inChange.to.period), text: '' }
        : null) ??
      changeRef ??
      orMain(null);
    if (ref.type === 'unresolved') ref = orMain(ref);
    if (ref.type === 'previous' || ref.type === 'since') ref = sinceOrPrevious(ref, main, options.asOf);
    const e = o && o.tok.s > t.s ? o.tok.e : t.e;
    const text = slice(t.s, e);
    const where = { span: { s: t.s, e }, figureSpan: { s: t.s, e: t.e } };
    if (t.t === 'count')
      placed.push({
        pos: t.s,
        a: { kind: 'count', text, ...where, figure: t.figure, period: ref, category: categoryFor(t.s), area },
      });
    else
      placed.push({
        pos: t.s,
        a: {
          kind: 'rate',
          text,
          ...where,
          figure: t.figure,
          unit: t.unit,
          interval: t.interval,
          ...(t.residents ? { residents: t.residents } : {}),
          period: ref,
          category: categoryFor(t.s),
          area,
        },
      });
  }
  for (const d of drafts) {
    const trig = d.trigger;
    const test = changeTest(trig);
    const to = d.to ?? (d.from?.type === 'since' ? main : orMain(null));
    const from = d.from ?? { type: 'previous', text: '' };
    const where = { span: { s: d.s, e: d.e }, figureSpan: { s: trig.s, e: trig.e } };
    placed.push({
      pos: d.s,
      a: { kind: 'change', text: slice(d.s, d.e), ...where, test, from, to, category: categoryFor(d.s), area },
    });
  }
  const assertions = placed.sort((x, y) => x.pos - y.pos).map((x) => x.a);
  if (assertions.length === 0) problems.push(NOTHING_FOUND);
  const spans: TokenSpan[] = [];
  for (const t of toks) {
    if (t.t === 'period' || t.t === 'span') spans.push({ kind: 'period', s: t.s, e: t.e });
    else if (t.t === 'cat') spans.push({ kind: 'category', s: t.s, e: t.e });
    else if (FIGURE_KINDS.has(t.t) && t.t !== 'dir') spans.push({ kind: 'figure', s: t.s, e: t.e });
  }
  return { input, assertions, recognised, spans, problems };
}
