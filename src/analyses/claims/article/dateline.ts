import { isoDate, isValidDate } from '../../../core/dates.js';
import { monthNumber } from '../periods.js';
import type { ArticleDoc } from './types.js';

/**
 * The publication date an article gives: a "Published:" line, else a short line that is a date
 * (a dateline: "Wednesday, 2nd May 2018", "24 April 2017", "7:00 PM March 12, 2021") among the
 * first paragraphs, else a date the saved page declares. A year or date inside a sentence is never
 * taken for it.
 */
export interface Dateline {
  date: string;
  text: string;
}

const WEEKDAY = String.raw`(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)`;
const MONTH_FULL = 'january|february|march|april|may|june|july|august|september|october|november|december';
const MONTH_SHORT = 'jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec';
const MONTH = String.raw`(${MONTH_FULL}|${MONTH_SHORT})\.?`;
const TIME = String.raw`(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)`;
/** "2nd May 2018", "24 April 2017". */
const DAY_MONTH_YEAR = String.raw`${WEEKDAY}?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH},?\s+(\d{4})`;
/** "March 12, 2021". */
const MONTH_DAY_YEAR = String.raw`${WEEKDAY}?${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`;
/** "2021-03-12", "12/03/2021" (day first, as in the UK). */
const NUMERIC = String.raw`(\d{4})-(\d{2})-(\d{2})|(\d{1,2})/(\d{1,2})/(\d{4})`;
const ANY_DATE = new RegExp(`${DAY_MONTH_YEAR}|${MONTH_DAY_YEAR}|${NUMERIC}`, 'i');
const PUBLISHED = /^(?:first\s+)?(?:published|posted|date(?:d)?|updated|last\s+updated)\b\s*(?:on|at)?\s*:?/i;
/** What a dateline may hold besides its date: a time, "By NAME", separators, "BST". */
const DATELINE_REST = new RegExp(
  String.raw`^(?:\s|[|,:\u2013\u2014-]|${TIME}|bst|gmt|updated|published|posted|on|at|by\s+[\w .'-]+)*$`,
  'i',
);

export function findDateline(doc: ArticleDoc): Dateline | null {
  const blocks = doc.blocks.filter((b) => !b.meta);
  const published = blocks.filter((b) => PUBLISHED.test(b.text) && b.text.length < 120);
  // "Published" before "Updated": the date the figures were written against.
  published.sort((a, b) => Number(/updated/i.test(a.text)) - Number(/updated/i.test(b.text)));
  for (const b of published) {
    const d = dateIn(b.text);
    if (d) return d;
  }
  for (const b of blocks.slice(0, 8)) {
    if (b.text.length > 80) continue;
    const d = dateIn(b.text);
    if (d && DATELINE_REST.test(b.text.replace(d.text, ' '))) return d;
  }
  const declared = doc.declaredDates[0];
  if (
    declared &&
    isValidDate(Number(declared.slice(0, 4)), Number(declared.slice(5, 7)), Number(declared.slice(8, 10)))
  )
    return { date: declared, text: `${declared} (declared in the page)` };
  return null;
}

function dateIn(text: string): Dateline | null {
  const m = ANY_DATE.exec(text);
  if (!m) return null;
  let y: number;
  let mo: number;
  let d: number;
  if (m[1]) [d, mo, y] = [Number(m[1]), monthNumber(m[2].toLowerCase()), Number(m[3])];
  else if (m[4]) [mo, d, y] = [monthNumber(m[4].toLowerCase()), Number(m[5]), Number(m[6])];
  else if (m[7]) [y, mo, d] = [Number(m[7]), Number(m[8]), Number(m[9])];
  else [d, mo, y] = [Number(m[10]), Number(m[11]), Number(m[12])];
  if (!isValidDate(y, mo, d) || y < 1990 || y > 2100) return null;
  return { date: isoDate(y, mo, d), text: m[0] };
}
