import { claimPeriod, parsePeriodField, twelveMonthsBefore } from './periods.js';
import { previousOf, shiftYears } from './shift.js';
import { COMPARISON_PREPS, FIGURE_KINDS, IN_PREPS, prepBefore, type Tok, type TokOf } from './tokens.js';
import type { ClaimInput, PeriodRef } from './types.js';

/**
 * Which period each figure of a claim is for: the period written beside it, the claim's own period
 * (its field, its first dated figure, its first period not used as a base, or the twelve months
 * before --as-of), and "the year before" or "since 2015" dated against that.
 */

export interface Owned {
  ref: PeriodRef;
  /** The period or span token this came from, for the part's text. */
  tok: Tok;
}

export interface Ownership {
  own: Map<Tok, Owned>;
  /** Period tokens a figure owns. */
  attachedTo: Set<Tok>;
  /** Figures after "compared with", "than", "against": a base, never the claim's own period. */
  baseFigures: Set<Tok>;
}

export function spanRef(tok: TokOf<'span'>, text: string): PeriodRef {
  return { type: 'fixed', period: tok.whole ?? claimPeriod(tok.a.start, tok.b.end), text };
}

/**
 * Each count or rate owns the period written right after it ("1,213 in 2015") or, failing that,
 * right before it ("In 2017, 2,339 cases").
 */
export function ownPeriods(toks: Tok[], s: string, slice: (a: number, b: number) => string): Ownership {
  const own = new Map<Tok, Owned>();
  const attachedTo = new Set<Tok>();
  const baseFigures = new Set<Tok>();
  toks.forEach((t, k) => {
    if (t.t !== 'count' && t.t !== 'rate') return;
    const before = prepBefore(toks, k);
    if (before && COMPARISON_PREPS.has(before)) baseFigures.add(t);
    for (let j = k + 1; j < toks.length; j++) {
      const u = toks[j];
      if (u.t === 'period' || u.t === 'span') {
        own.set(t, { ref: u.t === 'span' ? spanRef(u, slice(u.s, u.e)) : u.ref, tok: u });
        attachedTo.add(u);
        return;
      }
      if (u.t === 'prep' && !IN_PREPS.has(u.word)) break;
      if (u.t === 'sep' || FIGURE_KINDS.has(u.t)) break;
    }
    for (let j = k - 1; j >= 0; j--) {
      const u = toks[j];
      // "compared with the year before (2,102)": a figure right after "the year before" is its figure.
      const adjacent = u.t === 'period' && u.ref.type === 'previous' && /^\s*[([]?\s*$/.test(s.slice(u.e, t.s));
      if (u.t === 'period' && !attachedTo.has(u) && (u.ref.type !== 'previous' || adjacent)) {
        const p = prepBefore(toks, j);
        if (p === null || IN_PREPS.has(p) || adjacent) {
          own.set(t, { ref: u.ref, tok: u });
          attachedTo.add(u);
        }
        return;
      }
      // "the year before (2,102)": the bracket does not part a figure from its period.
      if (u.t === 'sep' && s[u.s] === '(' && /^\s*$/.test(s.slice(u.e, t.s))) continue;
      if (u.t === 'sep' || FIGURE_KINDS.has(u.t) || u.t === 'span') return;
    }
  });
  return { own, attachedTo, baseFigures };
}

export interface PeriodOptions {
  asOf?: string;
  inArticle?: boolean;
}

const PERIOD_FIELD_EXAMPLES = '2017, 2017/18, the year to March 2018, Oct 2015 to Sep 2016';

/**
 * The claim's own period: its field, else the first figure's own period, else the first period
 * not used as a base (`changeBases`, the periods changes run from), else the twelve months before
 * --as-of. `problem` says why the field was not read.
 */
export function mainPeriod(
  input: ClaimInput,
  options: PeriodOptions,
  toks: Tok[],
  { own, baseFigures }: Ownership,
  changeBases: (PeriodRef | null)[],
): { main: PeriodRef | null; problem: string | null } {
  let main: PeriodRef | null = null;
  let problem: string | null = null;
  if (input.period !== undefined && input.period !== null && String(input.period).trim() !== '') {
    main = parsePeriodField(String(input.period), options.asOf);
    if (!main)
      problem = `the period field '${input.period}' is not a period this tool reads (e.g. ${PERIOD_FIELD_EXAMPLES})`;
  }
  if (!main) {
    for (const t of toks) {
      if ((t.t === 'count' || t.t === 'rate') && !baseFigures.has(t) && own.get(t)?.ref.type === 'fixed') {
        main = own.get(t)!.ref;
        break;
      }
    }
  }
  if (!main) {
    const usedAsBase = new Set(changeBases.filter(Boolean));
    for (const t of toks) {
      if (
        t.t === 'period' &&
        t.ref.type === 'fixed' &&
        !usedAsBase.has(t.ref) &&
        ![...own.entries()].some(([f, o]) => o.tok === t && baseFigures.has(f))
      ) {
        main = t.ref;
        break;
      }
    }
  }
  if (!main && options.asOf && !options.inArticle) {
    main = {
      type: 'fixed',
      period: twelveMonthsBefore(options.asOf),
      text: `(no period named: the 12 complete months before --as-of ${options.asOf})`,
    };
  }
  return { main, problem };
}

/**
 * A part's period, or, where it has none (or names no particular one), the claim's own; failing
 * both, a period that says none was named.
 */
export function orMainPeriod(main: PeriodRef | null, inArticle: boolean | undefined) {
  const noPeriod: PeriodRef = inArticle
    ? { type: 'unresolved', text: '', why: 'no period named', missing: true }
    : {
        type: 'unresolved',
        text: '',
        why: 'no period named: give the claim a period field, name one in the text, or give --as-of DATE',
      };
  return (r: PeriodRef | null): PeriodRef => {
    if (r && r.type === 'unresolved' && main && /names no particular period/.test(r.why)) return main;
    return r ?? main ?? noPeriod;
  };
}

/** A figure's "the year before" or "since 2015" outside a change: dated against the claim's period or --as-of. */
export function sinceOrPrevious(ref: PeriodRef, main: PeriodRef | null, asOf: string | undefined): PeriodRef {
  if (ref.type === 'since') {
    if (!asOf) return { type: 'unresolved', text: ref.text, why: `'${ref.text}' runs up to now: give --as-of DATE` };
    const end = twelveMonthsBefore(asOf).end;
    return { type: 'fixed', period: claimPeriod(ref.period.start, end), text: ref.text };
  }
  if (ref.type === 'previous' && main?.type === 'fixed') {
    const p = main.period;
    const prev = ref.years ? shiftYears(p, -ref.years) : previousOf(p);
    return { type: 'fixed', period: prev, text: ref.text };
  }
  return {
    type: 'unresolved',
    text: ref.text,
    why: `'${ref.text}' needs a period to be earlier than`,
    yearsBefore: ref.type === 'previous' ? (ref.years ?? 1) : undefined,
  };
}
