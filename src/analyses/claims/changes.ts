import type { Ownership } from './figurePeriods.js';
import { COMPARISON_PREPS, FIGURE_KINDS, IN_PREPS, prepBefore, type Tok, type TokOf } from './tokens.js';
import type { ChangeAssertion, PeriodRef } from './types.js';

/**
 * The changes a claim names: a percentage, a multiple or a direction word, with the periods (or the
 * figures) it runs from and to. A direction next to a percentage or a multiple ("rose by 81%", "rose
 * almost four-fold") is one change.
 */

export interface ChangeDraft {
  trigger: Tok;
  from: PeriodRef | null;
  to: PeriodRef | null;
  fromFig: Tok | null;
  toFig: Tok | null;
  s: number;
  e: number;
}

/** Prepositions before the period or figure a change is measured against. */
const BASE_PREPS = new Set([...COMPARISON_PREPS, 'on', 'since', 'of']);

/** "the figure", "that": a multiple of something named after it ("double the figure for 2015"). */
const OF_A_BASE = /\b(?:the\s+(?:number|figure|level|rate|total|amount)s?|that|those)$/;

const isWordIn = (tok: Tok | undefined, kind: 'prep' | 'word', words: string[]) =>
  tok?.t === kind && words.includes((tok as { word: string }).word);

/** The tokens that start a change; a direction merged into the figure after it is kept by that figure. */
function triggersOf(toks: Tok[]): { triggers: Tok[]; mergedDir: Map<Tok, Tok> } {
  const triggers: Tok[] = [];
  const mergedDir = new Map<Tok, Tok>();
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.t === 'pct' || t.t === 'mult') triggers.push(t);
    else if (t.t === 'dir') {
      let j = k + 1;
      while (
        j < toks.length &&
        (isWordIn(toks[j], 'prep', ['by', 'of']) || isWordIn(toks[j], 'word', ['an', 'a', 'some']))
      )
        j++;
      const next = toks[j];
      if (next && (next.t === 'pct' || next.t === 'mult')) {
        if (next.direction === null) next.direction = t.direction;
        mergedDir.set(next, t);
      } else triggers.push(t);
    }
  }
  return { triggers, mergedDir };
}

/**
 * Each change with the periods or figures it runs from and to. A figure a change runs from ("from
 * 12,853") is added to the ownership's base figures, so that it never gives the claim its period.
 */
export function readChanges(
  toks: Tok[],
  s: string,
  slice: (a: number, b: number) => string,
  { own, attachedTo, baseFigures }: Ownership,
): ChangeDraft[] {
  const { triggers, mergedDir } = triggersOf(toks);
  const drafts: ChangeDraft[] = [];
  for (const trig of triggers) {
    const k = toks.indexOf(trig);
    const d: ChangeDraft = {
      trigger: trig,
      from: null,
      to: null,
      fromFig: null,
      toFig: null,
      s: mergedDir.get(trig)?.s ?? trig.s,
      e: trig.e,
    };
    let pending: 'from' | 'to' | 'base' | 'in' | null = null;
    let lastPrep = '';
    const figureOfBase = trig.t === 'mult' && OF_A_BASE.test(s.slice(trig.s, trig.e));
    let sinceStart = true;
    for (let j = k + 1; j < toks.length; j++) {
      const u = toks[j];
      if (u.t === 'sep' || triggers.includes(u)) break;
      if (u.t === 'prep') {
        lastPrep = u.word;
        if (u.word === 'from') pending = 'from';
        else if (u.word === 'to') pending = 'to';
        else if (BASE_PREPS.has(u.word)) pending = 'base';
        // "double the figure for 2015": after "the figure", "for 2015" is the base.
        else if (IN_PREPS.has(u.word) && pending === null) pending = figureOfBase ? 'base' : 'in';
        continue;
      }
      // "an increase in possession of offensive weapons with 2,314": words after "of" end its hold.
      if (u.t === 'word' || u.t === 'cat') {
        if (pending === 'base' && lastPrep === 'of') pending = null;
        continue;
      }
      if (u.t === 'span') {
        if (!d.from && !d.to) {
          d.from = { type: 'fixed', period: u.a, text: slice(u.s, u.e) };
          d.to = { type: 'fixed', period: u.b, text: slice(u.s, u.e) };
          d.e = u.e;
        }
        pending = null;
        continue;
      }
      if (u.t === 'period') {
        if (attachedTo.has(u)) {
          d.e = Math.max(d.e, u.e);
          continue;
        }
        const role = pending ?? (trig.t === 'mult' && sinceStart ? 'base' : 'in');
        if (u.ref.type === 'previous' || u.ref.type === 'since' || role === 'from' || role === 'base') {
          if (!d.from) d.from = u.ref;
        } else if (!d.to) d.to = u.ref;
        d.e = Math.max(d.e, u.e);
        pending = null;
        sinceStart = false;
        continue;
      }
      if (u.t === 'count' || u.t === 'rate') {
        if (pending === 'from' || pending === 'base') {
          d.fromFig = u;
          baseFigures.add(u);
        } else if (pending === 'to') d.toFig = u;
        else break;
        d.e = Math.max(d.e, own.get(u)?.tok.e ?? u.e);
        pending = null;
        sinceStart = false;
        continue;
      }
      break;
    }
    if (!d.to) {
      for (let j = k - 1; j >= 0; j--) {
        const u = toks[j];
        if (u.t === 'sep' || FIGURE_KINDS.has(u.t) || u.t === 'span') break;
        if (u.t === 'period' && !attachedTo.has(u) && u.ref.type !== 'previous') {
          const p = prepBefore(toks, j);
          if (p === null || IN_PREPS.has(p)) {
            d.to = u.ref;
            d.s = Math.min(d.s, u.s);
          }
          break;
        }
      }
    }
    if (d.fromFig && !d.from) d.from = own.get(d.fromFig)?.ref ?? null;
    if (d.toFig && !d.to) d.to = own.get(d.toFig)?.ref ?? null;
    drafts.push(d);
  }
  return drafts;
}

/** What a change claims: a direction, a percentage, or a ratio (a fall by a multiple as its inverse). */
export function changeTest(trig: Tok): ChangeAssertion['test'] {
  if (trig.t === 'pct') return { type: 'pct', direction: trig.direction, figure: trig.figure };
  if (trig.t === 'mult') {
    const figure =
      trig.direction === 'fall' && trig.figure.value > 1
        ? { ...trig.figure, value: 1 / trig.figure.value }
        : trig.figure;
    return { type: 'ratio', figure, word: trig.word };
  }
  return { type: 'direction', direction: (trig as TokOf<'dir'>).direction };
}
