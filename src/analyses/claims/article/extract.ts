import { isSubGroup, type OffenceId } from '../categories.js';
import { normaliseText } from '../periods.js';
import { figureValue } from '../working.js';
import { type CarryState, completeClaim } from './complete.js';
import { type Dateline, findDateline } from './dateline.js';
import { findNumerals } from './numerals.js';
import type { AreaMention } from './places.js';
import { contextOf, readSentence, type SentenceInfo } from './readSentence.js';
import { splitSentences } from './sentences.js';
import { type Counted, skipReason } from './skips.js';
import type { ArticleClaim, ArticleData, ArticleDoc, ArticleOptions, Sentence, Skipped } from './types.js';

export type { ArticleData, ArticleOptions } from './types.js';

/**
 * An article → its published figures, each completed from its context as a careful reader would,
 * and every other number with the reason it is not one. Pure: what it needs of the data (the
 * areas, which categories and groups are there) comes in `data`. Each sentence is read on its own
 * (`readSentence.ts`), then each figure is completed from the sentences around it (`complete.ts`).
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

export interface ArticleRead {
  sentences: Sentence[];
  claims: ArticleClaim[];
  skipped: Skipped[];
  date: { date: string | null; from: 'text' | '--as-of' | null; text: string | null };
}

const PER_HEAD_REASON = 'a rate per head of population: it needs population estimates, which this check does not use';

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
    const info = readSentence(sentence, asOf, data.areas, skipped, counted);
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
        cannotCheck: PER_HEAD_REASON,
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
