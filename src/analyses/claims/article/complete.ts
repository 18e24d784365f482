import { isSubGroup, type OffenceId, offenceWords } from '../categories.js';
import { shiftYears } from '../shift.js';
import type { Assertion } from '../types.js';
import { carried, explicitPair, isMissing, readingsOf, restated } from './contextPeriods.js';
import type { AreaMention } from './places.js';
import { RELATIVE_TEXT, type SentenceInfo } from './readSentence.js';
import { otherGroupReason } from './skips.js';
import type { ArticleClaim, ArticleData, ArticleOptions, Sentence } from './types.js';
import { quote, where } from './wording.js';

/**
 * A figure of an article completed as a careful reader would: its category, area and period taken
 * from its sentence, else from what the article said before (the rules are in `extract.ts`).
 */

/** What the article has said so far, that a figure naming less may take. */
export interface CarryState {
  lastChange: Extract<Assertion, { kind: 'change' }> | null;
  lastArea: { mention: AreaMention; where: Sentence } | null;
  lastCategory: { id: OffenceId; text: string; where: Sentence } | null;
  subGroupUp: boolean;
  options: ArticleOptions;
  data: ArticleData;
}

/** "over this period", "in the same period": the periods of the change just before. */
const THIS_PERIOD = /\b(?:over|in|during|for|across)\s+(?:this|that|the\s+same)\s+(?:time\s+)?period\b/i;

/** Where clauses of a sentence end: a comma, a semicolon, a dash, "and", "but", "while". */
const CLAUSE_END = /,(?!\d)|[;:]|\s[-\u2013\u2014]\s|\s(?:and|but|while|whereas)\s/g;

/**
 * The place a figure is for: with "respectively", the place in the same position as the figure;
 * else a place in the figure's own clause ("26,096 offences reported to the West Yorkshire force and
 * 15,246 cases to the South Yorkshire force"), the nearest if several; else the nearest in the
 * sentence.
 */
function areaOf(a: Assertion, info: SentenceInfo): AreaMention | null {
  // The source of the figures ("according to the Met website") is where they are only when the
  // sentence names no other place.
  const places = info.areas.filter((x) => !x.source);
  const areas = places.length ? places : info.areas;
  if (areas.length === 0) return null;
  const text = info.sentence.text;
  if (/\brespectively\b/i.test(text) && areas.length > 1) {
    const figures = info.assertions.filter((b) => b.kind !== 'change');
    const i = figures.findIndex((b) => b.figureSpan.s === a.figureSpan.s);
    if (figures.length === areas.length && i >= 0) return areas[i];
  }
  // Clause bounds, never inside a place's name ("Devon and Cornwall").
  const bounds = [0];
  CLAUSE_END.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CLAUSE_END.exec(text)))
    if (!info.areas.some((x) => m!.index >= x.s && m!.index < x.e)) bounds.push(m.index);
  bounds.push(text.length);
  const clause = (pos: number) => bounds.findIndex((b, k) => pos >= b && pos < (bounds[k + 1] ?? Infinity));
  const fig = (a.figureSpan.s + a.figureSpan.e) / 2;
  const dist = (x: AreaMention) => Math.abs((x.s + x.e) / 2 - fig);
  const own = areas.filter((x) => clause(x.s) === clause(a.figureSpan.s));
  const pool = own.length ? own : areas;
  return pool.reduce((best, x) => (dist(x) < dist(best) ? x : best));
}

/** The figure's category; or why it is skipped (a group of offences the data do not hold). */
function completeCategory(a: Assertion, info: SentenceInfo, st: CarryState): string | null {
  const { sentence } = info;
  // With "respectively", the offence in the same position as the figure.
  if (/\brespectively\b/i.test(sentence.text) && info.categories.length > 1) {
    const figures = info.assertions.filter((b) => b.kind !== 'change');
    const i = figures.findIndex((b) => b.figureSpan.s === a.figureSpan.s);
    const c = info.categories[i];
    if (figures.length === info.categories.length && c)
      a.category = {
        id: c.id,
        text: sentence.text.slice(c.s, c.e),
        from: 'text',
        how: `'respectively': the offence in the figure's place, '${sentence.text.slice(c.s, c.e)}'`,
      };
  }
  if (!a.category && st.lastCategory) {
    a.category = {
      id: st.lastCategory.id,
      text: st.lastCategory.text,
      from: 'context',
      how: `offence '${st.lastCategory.text}' from ${where(st.lastCategory.where)}`,
    };
  }
  if (a.category?.id === 'harassment' && st.data.onlyCombined) {
    const here = info.categories.some((c) => c.id === 'stalking-and-harassment');
    const stalkingAlone = info.categories.some((c) => c.id === 'stalking');
    if ((here || st.subGroupUp) && !stalkingAlone) {
      const namer = here ? 'the sentence' : "the article's opening";
      a.category = {
        id: 'stalking-and-harassment',
        text: a.category.text,
        from: 'context',
        how:
          `'${a.category.text}' read as the combined stalking and harassment sub-group, which ${namer} names ` +
          '(the data have no figure for harassment on its own)',
      };
    }
  }
  if (a.category && !isSubGroup(a.category.id) && !st.data.holds(a.category.id))
    return otherGroupReason(offenceWords(a.category.id).short);
  return null;
}

function completeArea(a: Assertion, info: SentenceInfo, st: CarryState): void {
  const nearest = areaOf(a, info);
  const mention = nearest ?? st.lastArea?.mention ?? null;
  const from = nearest ? 'the sentence' : st.lastArea ? where(st.lastArea.where) : null;
  if (mention) {
    if (mention.kind === 'all' && !st.data.englandAndWales) {
      a.area = mention.text;
      a.areaHow = `area '${mention.text}' from ${from}`;
    } else if (mention.kind === 'all') {
      a.area = null;
      a.areaHow = `'${mention.text}': every area in the data (from ${from})`;
    } else {
      a.area = mention.area ?? mention.text;
      a.areaHow = `area '${mention.text}' from ${from}`;
    }
  } else if (st.options.area) {
    a.area = st.options.area;
    a.areaHow = `no area named: '${st.options.area}' from --area`;
  }
}

/** A count's or a rate's period: restated elsewhere, carried from around it, or a year before one named. */
function completeFigurePeriod(
  a: Exclude<Assertion, { kind: 'change' }>,
  info: SentenceInfo,
  k: number,
  infos: SentenceInfo[],
  context: string[],
): void {
  const p = a.period;
  const again = restated(a, k, infos);
  if (p?.type === 'unresolved' && p.missing) {
    const found = again ?? carried(k, infos);
    if (found) {
      a.period = { type: 'fixed', period: found.period, text: found.text };
      context.push(`no period in the sentence: ${found.period.label}, ${found.how}`);
    }
  } else if (p?.type === 'unresolved' && p.yearsBefore) {
    // "1,534 the year before": a year before the period just named.
    const found = info.main ?? carried(k, infos);
    if (found) {
      const period = shiftYears(found.period, -p.yearsBefore);
      a.period = { type: 'fixed', period, text: p.text };
      const before = p.yearsBefore === 1 ? 'the year' : `${p.yearsBefore} years`;
      context.push(`'${p.text}': ${period.label}, ${before} before ${found.period.label} (${quote(found.text)})`);
    }
  } else if (
    p?.type === 'fixed' &&
    again &&
    RELATIVE_TEXT.test(p.text) &&
    (again.period.start !== p.period.start || again.period.end !== p.period.end)
  ) {
    // A caption's "1,520 reports last year" is the "1,520 reports … in the year to September 2020" of the text.
    a.period = { type: 'fixed', period: again.period, text: again.text };
    context.push(`'${p.text}' read as ${again.period.label}, ${again.how}`);
  }
}

/** A change's periods: those of the change before, of figures compared beside it, or carried. */
function completeChangePeriods(
  a: Extract<Assertion, { kind: 'change' }>,
  sentence: Sentence,
  k: number,
  infos: SentenceInfo[],
  st: CarryState,
  context: string[],
): void {
  if (isMissing(a.to) && THIS_PERIOD.test(sentence.text) && st.lastChange) {
    a.from = st.lastChange.from;
    a.to = st.lastChange.to;
    context.push(`'${THIS_PERIOD.exec(sentence.text)![0]}': the periods of the change before it`);
  } else if (isMissing(a.to) && !explicitPair(a, k, infos)) {
    const found = carried(k, infos);
    if (found) {
      a.to = { type: 'fixed', period: found.period, text: found.text };
      context.push(`no period in the sentence: ${found.period.label}, ${found.how}`);
    }
  } else {
    const adopted = explicitPair(a, k, infos);
    if (adopted) {
      a.from = { type: 'fixed', period: adopted.from, text: adopted.fromText };
      a.to = { type: 'fixed', period: adopted.to, text: adopted.toText };
      context.push(
        `periods from the ${adopted.where} sentence, which gives the figures compared: ` +
          `${adopted.to.label} against ${adopted.from.label}`,
      );
    }
    // Otherwise "double the figure from 2015" with no later period is left for the evaluator (latest like period).
  }
}

/** The assertion with its area, category and period completed from context; or why it is skipped. */
export function completeClaim(
  a0: Assertion,
  info: SentenceInfo,
  k: number,
  infos: SentenceInfo[],
  st: CarryState,
): ArticleClaim | string {
  const a: Assertion = { ...a0, context: [] };
  const { sentence } = info;
  const context = a.context!;
  const skip = completeCategory(a, info, st);
  if (skip) return skip;
  completeArea(a, info, st);
  if (a.kind !== 'change') completeFigurePeriod(a, info, k, infos, context);
  else completeChangePeriods(a, sentence, k, infos, st, context);
  const mark = info.marks.get(a0) ?? a.figureSpan;
  return { sentence, readings: readingsOf(a), s: sentence.start + mark.s, e: sentence.start + mark.e };
}
