import { MONTH_NAMES } from '../../../core/dates.js';
import { isStalkError } from '../../../core/errors.js';
import { type AreaIndex, type AreaName, normaliseArea, resolveArea } from '../../../series/areas.js';

/**
 * Places named in a sentence. A run of capitalised words ("West Yorkshire Police", "Welwyn
 * Hatfield") is looked up in the data's areas (src/series/areas.ts does the matching, aliases
 * such as "the Met" included); the longest part that is an area wins. A place the data do not
 * hold is kept as unknown when the sentence puts a figure there ("in Peterborough"), so that the
 * figure is not judged against some other area. "England and Wales" is every area.
 */
export interface AreaMention {
  s: number;
  e: number;
  text: string;
  /** The area's name in the data; null for every area ("England and Wales") or an unknown place. */
  area: string | null;
  kind: 'data' | 'all' | 'unknown';
  role?: string;
  /** Named as where the figures come from ("according to the Met website"), not where they are. */
  source?: boolean;
}

/** Words before a place that make it the source of the figures. */
const ACCORDING_TO = /\baccording\s+to\s+(?:the\s+)?$/i;

/** Capitalised words joined by the small words place names have inside them. */
const CAPITALISED_RUN =
  /(?<![\w'])(?:[A-Z][\w'\u2019.-]*)(?:\s+(?:(?:and|of|upon|on|under|the|in|&)\s+)*[A-Z][\w'\u2019.-]*)*/g;
/** Every area: the data's sum. */
const ALL_AREAS = /\bengland\s+(?:and|&)\s+wales\b/g;
const SURVEY_NAME = /\bsurvey\s+(?:of|for|in)\s+$/;
/** Places outside England and Wales, which no file here covers. */
const OUTSIDE = /^(?:the\s+)?(?:uk|united\s+kingdom|britain|great\s+britain|scotland|northern\s+ireland|ireland)$/i;
/** Prepositions that put a figure in a place. */
const IN_PLACE = /\b(?:in|across|throughout|around|within|for)\s+(?:the\s+)?$/;
/** Capitalised words that are not places. */
const NOT_PLACES = new Set([
  ...MONTH_NAMES,
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'christmas',
  'easter',
  'covid',
  'covid-19',
  'england',
  'wales',
  'parliament',
  'court',
  'police',
  'the',
  'a',
  'an',
  'in',
  'crown',
  'magistrates',
  'national',
  'stalking',
  'harassment',
  'ons',
  'office',
  'home',
  'crime',
  'survey',
  'lockdown',
  'government',
  'it',
  'this',
  'that',
  // Words that open sentences of figures and are not places.
  'there',
  'these',
  'those',
  'they',
  'we',
  'he',
  'she',
  'figures',
  'data',
  'reports',
  'officers',
  'victims',
  'overall',
  'however',
  'meanwhile',
  'latest',
  'official',
  'of',
  'both',
  'across',
  'last',
  'total',
  'statistics',
  'cases',
  'offences',
  'incidents',
  'numbers',
  'recorded',
  'so',
  'but',
  'and',
  'or',
  'since',
  'between',
  'from',
  'on',
  'at',
  'for',
  'by',
]);
/** "Dartford and Gravesham came second": a place as the subject of a sentence of figures. */
const SUBJECT_VERB =
  /^\s+(?:came|had|has|have|saw|sees|recorded|records|logged|registered|topped|ranked|was|were|is|are)\b/;
/** Titles and roles: a run holding one names a person. */
const PERSON_WORDS = [
  'mr|mrs|ms|miss|dr|detective|sergeant|inspector|superintendent|constable|chief|commander|commissioner',
  'officer|minister|secretary|councillor|cllr|professor|sir|dame|lord|lady|pc|ds|di|dci|dcs',
].join('|');
const PERSON = new RegExp(String.raw`\b(?:${PERSON_WORDS})\b`, 'i');
/** Names of organisations, not places: "the Suzy Lamplugh Trust", "Victim Support Service". */
const ORGANISATION_WORDS = [
  'trust|charity|foundation|helpline|hotline|service|services|support|university|college|school|commission',
  'commissioner|office|association|society|network|group|centre|center|agency|department|ministry|union',
  'company|ltd|limited|plc|institute|unit|team|week|day|month|act|bill|report|survey|statistics',
  // newspapers and broadcasters
  'news|times|post|echo|telegraph|guardian|herald|mail|gazette|bbc|press|express|standard|star|journal',
  'recorder|courier|examiner|today|mirror|sun|observer|independent|chronicle|argus|advertiser',
].join('|');
const ORGANISATION = new RegExp(String.raw`\b(?:${ORGANISATION_WORDS})$`, 'i');
/** Words that end an organisation's name after its place: "Peterborough City Council". */
const ORG_TAIL_WORDS = [
  String.raw`police(?:\s+service|\s+force)?|constabulary|city\s+council|borough\s+council|district\s+council`,
  String.raw`county\s+council|council|magistrates'?|crown\s+court|court|community\s+safety\s+partnership|csp`,
].join('|');
const ORG_TAIL = new RegExp(String.raw`\s+(?:${ORG_TAIL_WORDS})$`, 'i');

/** A capitalised word that opens a sentence, not a name: "In", "The", "However". */
const SENTENCE_OPENERS = [
  'in|at|for|across|throughout|around|within|from|the|and|but',
  'of|on|by|while|meanwhile|overall|however',
].join('|');
const SENTENCE_OPENER = new RegExp(String.raw`^(?:${SENTENCE_OPENERS})\s+`, 'i');

export function findAreas(sentence: string, index: AreaIndex): AreaMention[] {
  const out: AreaMention[] = [];
  const lower = sentence.toLowerCase();
  ALL_AREAS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ALL_AREAS.exec(lower))) {
    // "the Crime Survey for England and Wales" names a survey, not a place for a figure.
    if (SURVEY_NAME.test(lower.slice(0, m.index))) continue;
    out.push({
      s: m.index,
      e: m.index + m[0].length,
      text: sentence.slice(m.index, m.index + m[0].length),
      area: null,
      kind: 'all',
    });
  }
  const taken = (s: number, e: number) => out.some((o) => s < o.e && e > o.s);
  CAPITALISED_RUN.lastIndex = 0;
  while ((m = CAPITALISED_RUN.exec(sentence))) {
    // A capitalised word opening a sentence is not part of the name after it ("In Peterborough").
    const lead = SENTENCE_OPENER.exec(m[0]);
    const run = m[0].slice(lead?.[0].length ?? 0).replace(/[.'\u2019]+$/, '');
    const start = m.index + (lead?.[0].length ?? 0);
    if (!run) continue;
    if (taken(start, start + run.length)) continue;
    const words = [...run.matchAll(/\S+/g)].map((w) => ({ s: start + w.index!, e: start + w.index! + w[0].length }));
    let i = 0;
    let found = false;
    while (i < words.length) {
      let hit: AreaMention | null = null;
      for (let j = words.length; j > i && !hit; j--) {
        const text = sentence.slice(words[i].s, words[j - 1].e);
        const area = lookUp(text, index);
        if (area) hit = { s: words[i].s, e: words[j - 1].e, text, area: area.name, kind: 'data', role: area.role };
      }
      if (hit) {
        out.push(hit);
        found = true;
        i = words.findIndex((w) => w.s >= hit!.e);
        if (i < 0) break;
      } else i++;
    }
    if (found) continue;
    const place = run.replace(ORG_TAIL, '').replace(/^the\s+/i, '');
    const first = place.split(/\s+/)[0].toLowerCase();
    if (OUTSIDE.test(place)) {
      out.push({ s: start, e: start + run.length, text: run, area: null, kind: 'unknown' });
      continue;
    }
    const subject = start === 0 && SUBJECT_VERB.test(sentence.slice(start + run.length)) && !PERSON.test(run);
    if (
      !place ||
      NOT_PLACES.has(first) ||
      ORGANISATION.test(place) ||
      (!IN_PLACE.test(lower.slice(0, start)) && !subject)
    )
      continue;
    out.push({ s: start, e: start + place.length, text: place, area: null, kind: 'unknown' });
  }
  for (const o of out) if (ACCORDING_TO.test(sentence.slice(0, o.s))) o.source = true;
  return out.sort((a, b) => a.s - b.s);
}

/**
 * What news copy calls a region, and the region's name in ONS files. (A list for area aliases,
 * data/areas.json, is where these belong once that file takes region names.)
 */
const REGION_NAMES: Record<string, string> = {
  yorkshire: 'yorkshire and the humber',
  'the north east': 'north east',
  'the north west': 'north west',
  'the south east': 'south east',
  'the south west': 'south west',
  'the east midlands': 'east midlands',
};

/** The data's area a phrase names, by the project's own matching (names, then aliases). */
function lookUp(text: string, index: AreaIndex): AreaName | null {
  const norm = normaliseArea(text);
  if (!norm || NOT_PLACES.has(norm)) return null;
  try {
    return resolveArea(REGION_NAMES[norm] ?? text, index);
  } catch (e) {
    if (isStalkError(e)) return null;
    throw e;
  }
}
