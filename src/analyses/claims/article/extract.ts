import type { AreaIndex } from '../../../series/areas.js';
import { findOffences, isSubGroup, type OffenceId, offenceWords } from '../categories.js';
import { parseClaim } from '../parse.js';
import { normaliseText } from '../periods.js';
import { previousOf, shiftYears } from '../shift.js';
import type { Assertion, ClaimPeriod, PeriodRef } from '../types.js';
import { figureValue } from '../working.js';
import { type Dateline, findDateline } from './dateline.js';
import { findNumerals, type Numeral } from './numerals.js';
import { type AreaMention, findAreas } from './places.js';
import { splitSentences } from './sentences.js';
import {
  COUNTED_REASONS,
  type Counted,
  countedBy,
  countedNouns,
  DATE_REASON,
  LEFTOVER_REASON,
  otherGroupReason,
  otherNounAfter,
  ownNoun,
  PERIOD_REASON,
  skipReason,
} from './skips.js';
import type { ArticleClaim, ArticleDoc, Sentence, Skipped } from './types.js';

/**
 * An article → its published figures, each completed from its context as a careful reader would,
 * and every other number with the reason it is not one. Pure: what it needs of the data (the
 * areas, which categories and groups are there) comes in `data`.
 *
 * Context rules, in order:
 * - area: named in the sentence (the mention nearest the figure), else the last area named before
 *   it (the headline included), else --area; a place the data lack is kept, so that the figure
 *   cannot be judged against another area.
 * - category: named in the sentence (the parser's rule), else the last one named before it. Where
 *   the data have only the combined sub-group, a bare "harassment" in an article that names the
 *   sub-group in its headline, its opening or the sentence itself (and not stalking on its own
 *   there) is read as the sub-group.
 * - period: named in the sentence, else named in the sentence before it; a change whose periods
 *   are relative ("last year … the same period three years earlier") takes the explicit periods
 *   of two figures compared in a sentence beside it.
 */

export interface ArticleData {
  areas: AreaIndex;
  /** The data hold every force of England and Wales, so "England and Wales" is their sum. */
  englandAndWales: boolean;
  /** The data have the combined sub-group and no separate harassment figure. */
  onlyCombined: boolean;
  holds(id: OffenceId): boolean;
}

export interface ArticleOptions {
  asOf?: string;
  area?: string;
}

export interface ArticleRead {
  sentences: Sentence[];
  claims: ArticleClaim[];
  skipped: Skipped[];
  date: { date: string | null; from: 'text' | '--as-of' | null; text: string | null };
}

interface SentenceInfo {
  sentence: Sentence;
  areas: AreaMention[];
  categories: { s: number; e: number; id: OffenceId }[];
  /** Explicit fixed periods named in it (not relative ones), in order. */
  periods: { period: ClaimPeriod; text: string }[];
  /** Every fixed period named in it, relative ones ("last year") included. */
  allPeriods: { period: ClaimPeriod; text: string }[];
  /** The period its first figure is for: the period a later figure naming none is read in. */
  main: { period: ClaimPeriod; text: string } | null;
  /** Where each figure's own numbers are ("six" of "MORE than six cases … every day"), for marking. */
  marks: Map<Assertion, { s: number; e: number }>;
  /** Rates per head ("seven per 1,000 people"): figures checked elsewhere (rates), listed as cannot-check. */
  perHead: Numeral[];
  /** The last thing it counts (offences, arrests, victims). */
  counted: Counted | null;
  assertions: Assertion[];
}

/** Period phrases read against the publication date; an explicit period beside them wins. */
const RELATIVE_TEXT = /\b(?:last|this|past|previous|same\s+period|earlier|ago|before)\b/;

export function readArticleClaims(doc: ArticleDoc, options: ArticleOptions, data: ArticleData): ArticleRead {
  const dateline: Dateline | null = options.asOf ? null : findDateline(doc);
  const asOf = options.asOf ?? dateline?.date;
  const date: ArticleRead['date'] = options.asOf
    ? { date: options.asOf, from: '--as-of', text: null }
    : dateline
      ? { date: dateline.date, from: 'text', text: dateline.text }
      : { date: null, from: null, text: null };
  const sentences = splitSentences(doc);
  const skipped: Skipped[] = [];
  const claims: ArticleClaim[] = [];

  doc.blocks.forEach((b, block) => {
    if (!b.meta) return;
    for (const n of findNumerals(b.text)) {
      const reason =
        skipReason(contextOf(b.text, normaliseText(b.text), n)) ?? 'page metadata, not the text of the article';
      skipped.push({ text: n.text, value: n.value, paragraph: b.paragraph, reason, block, s: n.s, e: n.e });
    }
  });

  let counted: Counted | null = null;
  let lastParagraph = -1;
  const infos: SentenceInfo[] = sentences.map((sentence) => {
    // What a sentence counts carries to the next sentence of the same or the next paragraph.
    if (sentence.paragraph > lastParagraph + 1) counted = null;
    lastParagraph = sentence.paragraph;
    const info = readSentence(sentence, asOf, data, skipped, counted);
    counted = info.counted ?? counted;
    return info;
  });

  // Which sentence, if any, names the combined sub-group at the top of the article.
  const opening = infos.filter((i) => i.sentence.paragraph <= 1);
  const subGroupUp = opening.some((i) => i.categories.some((c) => c.id === 'stalking-and-harassment'));

  let lastArea: { mention: AreaMention; where: Sentence } | null = null;
  let lastCategory: { id: OffenceId; text: string; where: Sentence } | null = null;
  let lastChange: CarryState['lastChange'] = null;
  infos.forEach((info, k) => {
    const { sentence } = info;
    for (const a of info.assertions) {
      const claim = completeClaim(a, info, k, infos, { lastArea, lastCategory, lastChange, subGroupUp, options, data });
      const done = typeof claim === 'string' ? null : claim.readings[0]?.assertion;
      if (done?.kind === 'change' && done.from?.type === 'fixed' && done.to?.type === 'fixed') lastChange = done;
      if (typeof claim === 'string') {
        const s = sentence.start + a.figureSpan.s;
        skipped.push({
          text: sentence.text.slice(a.figureSpan.s, a.figureSpan.e),
          value: figureValue(a),
          paragraph: sentence.paragraph,
          reason: claim,
          block: sentence.block,
          s,
          e: sentence.start + a.figureSpan.e,
        });
        continue;
      }
      claims.push(claim);
    }
    for (const n of info.perHead) {
      claims.push({
        sentence,
        readings: [],
        s: sentence.start + n.s,
        e: sentence.start + n.e,
        figure: { text: n.text, value: n.value },
        cannotCheck: 'a rate per head of population: it needs population estimates, which this check does not use',
      });
    }
    const area = info.areas[info.areas.length - 1];
    if (area) lastArea = { mention: area, where: sentence };
    // A category carries to later sentences only from a sentence that names one, of the sub-group:
    // after "sexual offences … also 39 homicides" nothing is carried.
    const ids = new Set(info.categories.map((c) => c.id));
    if (ids.size === 1 && isSubGroup([...ids][0])) {
      const cat = info.categories[info.categories.length - 1];
      lastCategory = { id: cat.id, text: sentence.text.slice(cat.s, cat.e), where: sentence };
    } else if (ids.size > 0 && ![...ids].every(isSubGroup)) lastCategory = null;
  });

  skipped.sort((a, b) => a.block - b.block || a.s - b.s);
  return { sentences, claims, skipped, date };
}

function contextOf(text: string, lower: string, n: Numeral) {
  let ts = n.s;
  let te = n.e;
  while (ts > 0 && !/\s/.test(text[ts - 1])) ts--;
  while (te < text.length && !/\s/.test(text[te])) te++;
  return {
    numeral: n,
    lower,
    before: lower.slice(Math.max(0, n.s - 60), n.s),
    after: lower.slice(n.e, n.e + 60),
    token: text.slice(ts, te),
  };
}

const YEAR_LIKE = /^(?:19|20)\d\d$/;
/** After a number: "offences per 1,000 people", "per 100,000 population". */
const PER_HEAD =
  /^(?:\s+[a-z'-]+){0,3}?\s+per\s+(?:1,000|1000|10,000|100,000|thousand|100k)(?:\s+(?:of\s+the\s+)?(?:people|residents|population|head|inhabitants|women|adults))?(?![\d,])/;

/** One sentence: its numbers sorted into figures and skipped ones, its places, offences and periods. */
function readSentence(
  sentence: Sentence,
  asOf: string | undefined,
  data: ArticleData,
  skipped: Skipped[],
  carried: Counted | null,
): SentenceInfo {
  const text = sentence.text;
  const lower = normaliseText(text);
  const categories = findOffences(lower);
  const areas = findAreas(text, data.areas);
  const numerals = findNumerals(text);
  // An offence named ("stalking and harassment rose by 15pc") is what the sentence counts, as "offences" would be.
  const counted = countedNouns(lower);
  const named = categories
    .filter((c) => !counted.some((x) => x.s < c.e && x.e > c.s))
    .map((c) => ({ s: c.s, e: c.e, kind: 'offences' as const }));
  const nouns = [...counted, ...named].sort((x, y) => x.s - y.s);
  const info: SentenceInfo = {
    sentence,
    areas,
    categories,
    periods: [],
    allPeriods: [],
    main: null,
    marks: new Map(),
    perHead: [],
    // What the next sentence's "This" or "a figure" stands for: the first figure's noun, else the last noun.
    counted: (numerals[0] && ownNoun(lower, numerals[0], nouns)) ?? nouns[nouns.length - 1]?.kind ?? null,
    assertions: [],
  };
  const skip = (n: Numeral, reason: string) =>
    skipped.push({
      text: n.text,
      value: n.value,
      paragraph: sentence.paragraph,
      reason,
      block: sentence.block,
      s: sentence.start + n.s,
      e: sentence.start + n.e,
    });

  const raw = parseClaim({ text, inArticle: true }, { asOf, inArticle: true });
  const periodSpans = raw.spans.filter((t) => t.kind === 'period');
  for (const a of raw.assertions) {
    const refs = a.kind === 'change' ? [a.from, a.to] : [a.period];
    for (const r of refs) {
      if (r?.type !== 'fixed' || !r.text || r.text.startsWith('(')) continue;
      const named = { period: r.period, text: r.text };
      if (!info.allPeriods.some((p) => p.period.start === r.period.start && p.period.end === r.period.end))
        info.allPeriods.push(named);
      if (!info.main && (a.kind !== 'change' || r === a.to)) info.main = named;
      if (a.kind !== 'change' && !RELATIVE_TEXT.test(r.text)) info.periods.push(named);
    }
  }
  if (numerals.length === 0) return info;

  // "seven offences per 1,000 people": a rate per head, which needs populations this check does not use.
  const perHead: Numeral[] = [];
  for (const n of numerals) {
    const m = PER_HEAD.exec(lower.slice(n.e));
    if (!m || n.kind === 'phone' || n.kind === 'time') continue;
    const base = numerals.find((x) => x.s >= n.e + m.index && x.s < n.e + m[0].length);
    if (!base) continue;
    perHead.push(n, base);
    skip(base, 'the base of a rate per head of population');
    info.perHead.push(n);
  }
  const candidates: Numeral[] = [];
  for (const n of numerals) {
    if (perHead.includes(n)) continue;
    const inPeriod = periodSpans.some((p) => n.s >= p.s && n.e <= p.e);
    if (inPeriod) {
      skip(n, YEAR_LIKE.test(n.text) || /(?:st|nd|rd|th)$/.test(n.text) ? DATE_REASON : PERIOD_REASON);
      continue;
    }
    const reason = skipReason(contextOf(text, lower, n));
    const what = reason ? null : countedBy(lower, n, nouns, carried);
    const noun =
      reason || (what !== null && what !== 'offences')
        ? null
        : n.kind === 'digits' || n.kind === 'words'
          ? otherNounAfter(lower.slice(n.e, n.e + 40))
          : null;
    if (reason) skip(n, reason);
    else if (what && what !== 'offences') skip(n, COUNTED_REASONS[what]);
    else if (noun && !categories.some((c) => c.s >= n.e && c.s <= n.e + 30))
      skip(n, `a count of ${noun}, not of these offences`);
    else candidates.push(n);
  }
  if (candidates.length === 0) return info;

  // The sentence again with the skipped numbers blanked out, so the grammar reads only figures.
  const keep = new Set(candidates);
  let masked = '';
  let at = 0;
  for (const n of numerals) {
    masked +=
      text.slice(at, n.s) +
      (keep.has(n) || periodSpans.some((p) => n.s >= p.s && n.e <= p.e) ? n.text : n.text.replace(/\S/g, 'x'));
    at = n.e;
  }
  masked += text.slice(at);
  const parsed = parseClaim({ text: masked, inArticle: true }, { asOf, inArticle: true });

  const used = new Set<Numeral>();
  for (const a of parsed.assertions) {
    const mine = candidates.filter((n) => n.s < a.figureSpan.e && n.e > a.figureSpan.s && !used.has(n));
    if (mine.length === 0) continue;
    for (const n of mine) used.add(n);
    info.assertions.push(a);
    info.marks.set(a, { s: Math.min(...mine.map((n) => n.s)), e: Math.max(...mine.map((n) => n.e)) });
  }
  for (const n of candidates) if (!used.has(n)) skip(n, YEAR_LIKE.test(n.text) ? DATE_REASON : LEFTOVER_REASON);
  return info;
}

/** "over this period", "in the same period": the periods of the change just before. */
const THIS_PERIOD = /\b(?:over|in|during|for|across)\s+(?:this|that|the\s+same)\s+(?:time\s+)?period\b/i;

interface CarryState {
  lastChange: Extract<Assertion, { kind: 'change' }> | null;
  lastArea: { mention: AreaMention; where: Sentence } | null;
  lastCategory: { id: OffenceId; text: string; where: Sentence } | null;
  subGroupUp: boolean;
  options: ArticleOptions;
  data: ArticleData;
}

const where = (s: Sentence) => (s.heading && s.paragraph === 0 ? 'the headline' : `paragraph ${s.paragraph}`);
const quote = (t: string) => `'${t.length > 60 ? `${t.slice(0, 57)}…` : t}'`;

/** The assertion with its area, category and period completed from context; or why it is skipped. */
function completeClaim(
  a0: Assertion,
  info: SentenceInfo,
  k: number,
  infos: SentenceInfo[],
  st: CarryState,
): ArticleClaim | string {
  const a: Assertion = { ...a0, context: [] };
  const { sentence } = info;
  const context = a.context!;

  // Category. With "respectively", the offence in the same position as the figure.
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
      a.category = {
        id: 'stalking-and-harassment',
        text: a.category.text,
        from: 'context',
        how: `'${a.category.text}' read as the combined stalking and harassment sub-group, which ${here ? 'the sentence' : "the article's opening"} names (the data have no figure for harassment on its own)`,
      };
    }
  }
  if (a.category && !isSubGroup(a.category.id) && !st.data.holds(a.category.id))
    return otherGroupReason(offenceWords(a.category.id).short);

  // Area.
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

  // Period.
  if (a.kind !== 'change') {
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
        context.push(
          `'${p.text}': ${period.label}, ${p.yearsBefore === 1 ? 'the year' : `${p.yearsBefore} years`} before ${found.period.label} (${quote(found.text)})`,
        );
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
  } else if (isMissing(a.to) && THIS_PERIOD.test(sentence.text) && st.lastChange) {
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
        `periods from the ${adopted.where} sentence, which gives the figures compared: ${adopted.to.label} against ${adopted.from.label}`,
      );
    } else if (isMissing(a.to) && !isMissing(a.from) && a.from?.type !== 'previous') {
      // "double the figure from 2015" with no later period: left for the evaluator (latest like period).
    }
  }
  const mark = info.marks.get(a0) ?? a.figureSpan;
  return { sentence, readings: readingsOf(a), s: sentence.start + mark.s, e: sentence.start + mark.e };
}

/**
 * One reading, or two where a period is written two ways: "the year 2015 to 2016" beside a year
 * ending June is the financial year 2015/16 or July 2015 to June 2016.
 */
function readingsOf(a: Assertion): ArticleClaim['readings'] {
  if (a.kind !== 'change' || a.to?.type !== 'fixed' || a.from?.type !== 'fixed' || !a.from.yearAcross)
    return [{ assertion: a, label: null }];
  const to = a.to.period;
  const endMonth = Number(to.end.slice(5, 7));
  if (endMonth === 3 || to.days < 365 || to.days > 366) return [{ assertion: a, label: null }];
  const alt = shiftYears(to, a.from.yearAcross - Number(to.end.slice(0, 4)));
  const text = a.from.text;
  return [
    { assertion: a, label: `'${text}' as the financial year ${a.from.period.label}` },
    {
      assertion: { ...a, from: { type: 'fixed', period: alt, text } },
      label: `'${text}' as ${alt.label}, the months of ${to.label}`,
    },
  ];
}

/** The same figure given elsewhere in the article with its period ("More than 50,000 …" in the opening, "… in the 12 months up to September 2018" later). */
function restated(a: Assertion, k: number, infos: SentenceInfo[]) {
  if (a.kind === 'change') return null;
  for (const [j, info] of infos.entries()) {
    if (j === k) continue;
    for (const b of info.assertions) {
      if (b.kind !== a.kind || b.figure.value !== a.figure.value || b.figure.qualifier !== a.figure.qualifier) continue;
      if (b.kind === 'rate' && a.kind === 'rate' && (b.unit !== a.unit || b.interval !== a.interval)) continue;
      if (b.period?.type === 'fixed' && b.period.text && !b.period.text.startsWith('(')) {
        return {
          period: b.period.period,
          text: b.period.text,
          how: `where ${where(info.sentence)} gives the same figure with its period (${quote(b.period.text)})`,
        };
      }
    }
  }
  return null;
}

/** The period of the last sentence before that names one, else of the first after it. */
function carried(k: number, infos: SentenceInfo[]) {
  for (let j = k - 1; j >= 0; j--) {
    const m = infos[j].main;
    if (m) return { ...m, how: `the period of the figures before it (${quote(m.text)}, ${where(infos[j].sentence)})` };
  }
  for (let j = k + 1; j < infos.length; j++) {
    const m = infos[j].main;
    if (m)
      return {
        ...m,
        how: `the first period the article names after it (${quote(m.text)}, ${where(infos[j].sentence)})`,
      };
  }
  return null;
}

/** Where clauses of a sentence end: a comma, a semicolon, a dash, "and", "but", "while". */
const CLAUSE_END = /,(?!\d)|[;:]|\s[-\u2013\u2014]\s|\s(?:and|but|while|whereas)\s/g;

/**
 * The place a figure is for: with "respectively", the place in the same position as the figure;
 * else a place in the figure's own clause ("26,096 offences reported to the West Yorkshire force and
 * 15,246 cases to the South Yorkshire force"), the nearest if several; else the nearest in the
 * sentence.
 */
function areaOf(a: Assertion, info: SentenceInfo): AreaMention | null {
  const areas = info.areas;
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
  while ((m = CLAUSE_END.exec(text))) if (!areas.some((x) => m!.index >= x.s && m!.index < x.e)) bounds.push(m.index);
  bounds.push(text.length);
  const clause = (pos: number) => bounds.findIndex((b, k) => pos >= b && pos < (bounds[k + 1] ?? Infinity));
  const fig = (a.figureSpan.s + a.figureSpan.e) / 2;
  const dist = (x: AreaMention) => Math.abs((x.s + x.e) / 2 - fig);
  const own = areas.filter((x) => clause(x.s) === clause(a.figureSpan.s));
  const pool = own.length ? own : areas;
  return pool.reduce((best, x) => (dist(x) < dist(best) ? x : best));
}

function isMissing(r: PeriodRef | null): boolean {
  return !r || (r.type === 'unresolved' && !!r.missing);
}

function isRelative(r: PeriodRef | null): boolean {
  if (!r) return true;
  if (r.type === 'unresolved' || r.type === 'previous') return true;
  if (r.type === 'fixed') return !r.text || RELATIVE_TEXT.test(r.text) || r.text.startsWith('(');
  return false;
}

/**
 * A change whose periods are relative or missing takes the periods of two figures compared in the
 * sentence before or after it ("… five times higher last year than the same period three years
 * earlier. … 1,499 for the year ending June 2018 - compared to 288 … ending June 30, 2015"), when
 * that sentence names two explicit periods and, where the change says how many years apart they
 * are, they are that far apart.
 */
function explicitPair(a: Extract<Assertion, { kind: 'change' }>, k: number, infos: SentenceInfo[]) {
  if (!isRelative(a.to) || (a.from && a.from.type === 'fixed' && !isRelative(a.from))) return null;
  const years = a.from?.type === 'previous' ? a.from.years : undefined;
  for (const [j, side] of [
    [k + 1, 'next'],
    [k - 1, 'previous'],
  ] as const) {
    const other = infos[j];
    if (
      !other ||
      (other.sentence.paragraph !== infos[k].sentence.paragraph &&
        Math.abs(other.sentence.paragraph - infos[k].sentence.paragraph) > 1)
    )
      continue;
    const periods = other.periods;
    if (periods.length !== 2) continue;
    const [p, q] = periods[0].period.end < periods[1].period.end ? [periods[0], periods[1]] : [periods[1], periods[0]];
    if (p.period.days !== q.period.days && Math.abs(p.period.days - q.period.days) > 1) continue;
    if (years !== undefined) {
      const shifted = shiftYears(q.period, -years);
      if (shifted.end !== p.period.end) continue;
    } else if (previousOf(q.period).end > p.period.end && a.from?.type === 'previous' && !a.from.years) {
      // "than the year before" with periods further apart: not this pair.
      if (previousOf(q.period).end !== p.period.end) continue;
    }
    return { from: p.period, to: q.period, fromText: p.text, toText: q.text, where: side };
  }
  return null;
}
