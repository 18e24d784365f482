import type { Numeral } from './numerals.js';

/**
 * The numbers of an article that are not figures of police-recorded offences, and how each is
 * known. One table, so the help, the skipped list and the tests say the same thing. Rules are
 * tried in order; the first that holds gives the reason. Dates and periods ("2015", "the 12 months
 * to June") are known from the claim parser's periods and do not need a rule here.
 */
export interface NumberContext {
  numeral: Numeral;
  /** The sentence, lower case, same length as written. */
  lower: string;
  /** Up to 60 characters either side, lower case. */
  before: string;
  after: string;
  /** The run of non-space characters the number is part of, as written. */
  token: string;
}

export interface SkipRule {
  reason: string;
  /** What it covers, for the help and the documentation. */
  examples: string;
  test: (c: NumberContext) => boolean;
}

// Named pieces.
const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;
const TIME_UNIT = String.raw`(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|yrs?)`;
const PEOPLE_WORDS = [
  'victims?|people|persons?|women|men|girls|boys|children|adults|residents|callers|perpetrators|offenders',
  'suspects|stalkers|individuals|survivors|clients|users|students|staff|households|families|respondents',
  'members|officers|teenagers|pupils|youngsters|parents|partners|defendants',
].join('|');
const PEOPLE = `(?:${PEOPLE_WORDS})`;
const OFFENCE_NOUN = /\b(?:offen[cs]es?|crimes?|cases?|reports?|incidents?|allegations?|complaints?)\b/;
const OUTCOME_WORDS = [
  String.raw`charged|charges?|charging|convict\w*|prosecut\w*|arrest\w*|caution\w*|sentenc\w*|jail\w*|imprison\w*`,
  String.raw`court|orders?|summons\w*|outcomes?|solved|detect(?:ed|ions?)`,
  String.raw`further\s+action|no\s+suspect|public\s+interest|evidential\s+difficult\w*|not\s+guilty|no\s+conviction`,
  String.raw`finali[sz]ed|resulting\s+in|resulted\s+in|led\s+to\s+(?:a|an)\s+(?:charge|conviction|arrest)`,
].join('|');
const OUTCOME = `(?:${OUTCOME_WORDS})`;
const PHONE_BEFORE = new RegExp(
  [
    '(?:call|calling|dial|dialling|dialing|ring|ringing|phone|telephone|contact|contacted|text|via|on|number|line)',
    String.raw`\s+(?:(?:police|us|them|the\s+police)\s+(?:on|via)\s+)?$`, // "call police on"
    String.raw`|\bor\s+$`, // "101 or"
  ].join(''),
);
const PHONE_AFTER =
  /^\s*(?:in\s+(?:an?\s+)?emergenc|or\s+\d{3}\b|,?\s*or\s+(?:online|report)|calls?\b|number\b|line\b|non-emergency)/;
const SERVICE_NUMBERS = new Set([101, 999, 111, 112, 105, 116]);
/** A sentence that breaks figures down by the age or sex of suspects or victims. */
const BREAKDOWN = new RegExp(
  [
    String.raw`\b(?:identified\s+as\s+(?:male|female)|were\s+(?:male|female)`, // by sex
    String.raw`|\d+\s*(?:-|\u2013|to)\s*\d+[\s-]*year[\s-]*olds`, // by age: "18-24 year olds"
    String.raw`|aged\s+\d+\s+(?:or|and)\s+(?:older|over|under|above|younger)|age\s+groups?)\b`, // "aged 65 or over"
  ].join(''),
);
const OFFENCE_AFTER = /^(?:\s+[a-z'-]+){0,2}?\s+(?:reported\s+)?(?:offen[cs]es|crimes|cases|reports|incidents)\b/;
const SURVEY =
  /\b(?:survey|helpline|hotline|charity|charities|poll|polling|estimat\w*|study|studies|research|questionnaire|csew)\b/;
const POLICE_RECORDED = /\b(?:recorded|police|force|constabulary|ons)\b/;
/** Before a figure, the outcome it is a count of: "charged in 41", "resulted in just 12". */
const OUTCOME_BEFORE = new RegExp(
  [
    String.raw`\b(?:${OUTCOME}|results?\s+of)\s*,?\s+`,
    String.raw`(?:(?:or|and)\s+)?(?:in\s+|of\s+)?(?:just\s+|only\s+|some\s+)?$`, // "or in just"
  ].join(''),
);
/** After a figure, the areas it counts: "43 police forces", "12 boroughs". */
const AREAS_AFTER =
  /^\s+(?:police\s+)?(?:forces|constabularies|areas|councils|boroughs|regions|partnerships|counties|districts)\b/;

/** The words between the number and a later word, if only up to `n` plain words lie between. */
function within(after: string, word: string, n: number): string | null {
  const m = new RegExp(
    String.raw`^(?:%|\s*per\s*cent)?\s+(?:of\s+(?:the\s+|all\s+|those\s+)?)?((?:[a-z'-]+\s+){0,${n}}?)${word}\b`,
  ).exec(after);
  return m ? m[1] : null;
}

export const SKIP_RULES: SkipRule[] = [
  {
    reason: 'a web address or ID',
    examples: 'www.police.uk/2707, media/53501, section 2A, crime reference numbers',
    test: (c) =>
      /[/@=?#]|www\.|\.(?:uk|com|org|net|gov)\b/i.test(c.token) ||
      /\b(?:section|s\.|article|ref(?:erence)?|crime\s+number|case\s+number|no\.)\s*$/.test(c.before) ||
      /^[a-z]+\d/i.test(c.token),
  },
  {
    reason: 'a phone number',
    examples: '101, 999, 0808 802 0300',
    test: (c) =>
      c.numeral.kind === 'phone' ||
      (SERVICE_NUMBERS.has(c.numeral.value ?? -1) &&
        c.numeral.kind === 'digits' &&
        (PHONE_BEFORE.test(c.before) || PHONE_AFTER.test(c.after))),
  },
  { reason: 'a clock time', examples: '7:00 PM, 10.30am', test: (c) => c.numeral.kind === 'time' },
  {
    reason: 'money',
    examples: '£5,000, £1.2m',
    test: (c) => /[\u00a3$\u20ac]\s*$/.test(c.before) || /^\s*(?:pounds|pence|quid|euros|dollars)\b/.test(c.after),
  },
  {
    reason: 'an age',
    examples: '33-year-old, aged 16, in her 40s',
    test: (c) =>
      /^[\s-]*years?[\s-]*olds?\b|^\s+years?\s+of\s+age\b|^[\s-]*yr[\s-]*old/.test(c.after) ||
      // "25-34 year-olds", "aged 16 to 24"
      /^\s*(?:-|\u2013|to)\s*\d{1,2}[\s-]*years?[\s-]*olds?\b/.test(c.after) ||
      (/\d{1,2}\s*(?:-|\u2013|to)\s*$/.test(c.before) && /^[\s-]*years?[\s-]*olds?\b/.test(c.after)) ||
      (/\b(?:aged|ages?\s+of|aged\s+between|aged\s+from|under|over)[\s-]*$/.test(c.before) &&
        /^s?\b(?!\s*(?:%|per\s*cent|cases|offen|crimes|reports|a\s+(?:day|week|month|year)))/.test(c.after) &&
        /\baged?\b|\bages\b|under-$|over-$/.test(c.before)) ||
      (/^s\b/.test(c.after) && /\bin\s+(?:his|her|their)\s+(?:early\s+|late\s+|mid[\s-]+)?$/.test(c.before)),
  },
  {
    reason: 'a date or year',
    examples: '24 April, April 24, 2017-2021, 2nd May 2018',
    test: (c) =>
      ((c.numeral.value ?? 99) <= 31 &&
        Number.isInteger(c.numeral.value) &&
        (new RegExp(String.raw`^(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH}(?![a-z])`).test(c.after) ||
          new RegExp(String.raw`\b${MONTH}\s+$`).test(c.before))) ||
      (/^(?:19|20)\d\d$/.test(c.numeral.text) &&
        (/\d{4}\s*[-\u2013/]\s*$/.test(c.before) || /^\s*[-\u2013/]\s*\d{2,4}\b/.test(c.after))),
  },
  {
    reason: 'a rank',
    examples: 'fourth highest, ranked 5th, top 10',
    test: (c) =>
      c.numeral.kind === 'ordinal' ||
      /^(?:st|nd|rd|th)?[\s-]+(?:highest|lowest|largest|biggest|smallest|worst|best|most|least|greatest|place)\b/.test(
        c.after,
      ) ||
      /\b(?:ranked|ranking|rank|placed|top)\s+$/.test(c.before),
  },
  {
    reason: 'an outcome (charges, convictions, orders), not recorded offences',
    examples: '3.4% resulting in a charge, 40 people were charged, 12 stalking protection orders',
    test: (c) =>
      new RegExp(String.raw`^[^.;,:\u2013\u2014]{0,40}?\b${OUTCOME}`).test(c.after) ||
      // "In 267 cases, no suspect was identified": across a comma, while no other number comes first
      new RegExp(String.raw`^[^.;:\d]{0,60}?\b${OUTCOME}`).test(c.after) ||
      // "suspects were charged in less than one in five cases"
      new RegExp(String.raw`\b${OUTCOME}\s+in\s+(?:[a-z]+\s+){0,4}$`).test(c.before) ||
      OUTCOME_BEFORE.test(c.before) ||
      // "in 138 of the cases, evidential difficulties prevented further action"; "4.6% [of cases] resulted in a charge"
      ((/^\s+of\s+(?:the|these|those)\s+cases\b/.test(c.after) || /^\s*(?:%|per\s*cent)/.test(c.after)) &&
        new RegExp(String.raw`\b${OUTCOME}`).test(c.lower)),
  },
  {
    reason: 'people, not offences',
    examples: '22,676 victims, five million people, 80 per cent of victims were women',
    test: (c) => {
      const between = within(c.after, PEOPLE, 3);
      return between !== null && !OFFENCE_NOUN.test(between);
    },
  },
  {
    reason: 'a duration or prison term',
    examples: '16 months in prison, up to two years, a five-year restraining order',
    // "one every 15 minutes" is a rate, not a duration.
    test: (c) => new RegExp(String.raw`^(?:[\s-]+|-)${TIME_UNIT}\b`).test(c.after) && !/\bevery\s+$/.test(c.before),
  },
  {
    reason: 'a survey or helpline figure',
    examples: "Crime Survey estimates, calls to a helpline, a charity's study",
    // A figure of reports or offences "according to the Crime Survey" is still a count of offences.
    test: (c) =>
      (SURVEY.test(c.lower) && !POLICE_RECORDED.test(c.lower) && !OFFENCE_AFTER.test(c.after)) ||
      // "the 1.1 million offences that take place each year": all that happen, recorded or not, an estimate
      /^(?:\s+[a-z'-]+){0,2}?\s+(?:that|which)\s+(?:take\s+place|took\s+place|occur|happen)/.test(c.after),
  },
  {
    reason: 'a breakdown by age or sex, which the data do not hold',
    examples: '407 of the offences by 25-34 year-olds, 93.38 per cent identified as male',
    test: (c) => BREAKDOWN.test(c.lower),
  },
  {
    reason: 'a number of occasions, not offences',
    examples: 'reported him five times over six months, three times a week',
    test: (c) => /^\s+times\s+(?:over|in|during|a|per|each|within|before|since|that|when)\b/.test(c.after),
  },
  {
    reason: 'a number of police forces or areas, not of offences',
    examples: 'the 43 police forces, 12 boroughs',
    test: (c) => AREAS_AFTER.test(c.after),
  },
  {
    reason: 'a count of kinds of thing, not of offences',
    examples: 'the three offences, both forces, all four categories',
    test: (c) =>
      c.numeral.kind === 'words' &&
      (c.numeral.value ?? 99) <= 10 &&
      /\b(?:the|these|those|its|their|all)\s+$/.test(c.before) &&
      /^\s+[a-z]/.test(c.after),
  },
];

/** Why a number is skipped, or null when it may be a figure. */
export function skipReason(c: NumberContext): string | null {
  return SKIP_RULES.find((r) => r.test(c))?.reason ?? null;
}

export const DATE_REASON = 'a date or year';
/** A number inside a period phrase ("the 12 months to June 2018", "the past two years"). */
export const PERIOD_REASON = 'part of a date or period';
/** A number the claim grammar could not tie to offences, a rate or a change. */
export const LEFTOVER_REASON = 'not a figure of recorded offences (no count, rate or change of offences reads from it)';
/** A figure for an offence group the data do not hold. */
export const otherGroupReason = (name: string) => `a figure for ${name}, which the data do not hold`;

/**
 * What a sentence counts. A figure with no noun of its own ("… rose slightly to 167 the year
 * after", "Arrests then went up to 240") counts what the nearest counted noun before it names,
 * else the nearest after it, else what the sentence before counted: arrests and victims are not
 * offences.
 */
export type Counted = 'offences' | 'outcome' | 'people';
const COUNTED_NOUNS: { kind: Counted; re: string }[] = [
  { kind: 'offences', re: String.raw`offen[cs]es?|crimes?|cases?|reports?|incidents?|allegations?|complaints?` },
  {
    kind: 'outcome',
    re: [
      'arrests?|charges|convictions?|prosecutions?|cautions?',
      String.raw`(?:protection|restraining)\s+orders?|sentences|outcomes?`,
    ].join('|'),
  },
  { kind: 'people', re: PEOPLE },
];
const COUNTED_RE = new RegExp(COUNTED_NOUNS.map((c) => `\\b(?<${c.kind}>${c.re})\\b`).join('|'), 'g');
const COUNTED_RE_ONE = new RegExp(
  `^(?:${COUNTED_NOUNS.map((c) => c.re).join('|')}|stalking|harassment|malicious|stalkers?)$`,
);
export const COUNTED_REASONS: Record<Exclude<Counted, 'offences'>, string> = {
  outcome: 'an outcome (charges, convictions, orders), not recorded offences',
  people: 'people, not offences',
};

export function countedNouns(lower: string): { s: number; e: number; kind: Counted }[] {
  const out: { s: number; e: number; kind: Counted }[] = [];
  COUNTED_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COUNTED_RE.exec(lower))) {
    const kind = (Object.keys(m.groups!) as Counted[]).find((k) => m!.groups![k] !== undefined)!;
    out.push({ s: m.index, e: m.index + m[0].length, kind });
  }
  return out;
}

/** The noun right after a figure ("2,339 stalking cases", "24 victims"), within three words. */
export function ownNoun(lower: string, n: Numeral, nouns: { s: number; e: number; kind: Counted }[]): Counted | null {
  const own = nouns.find(
    (x) =>
      x.s >= n.e &&
      /^(?:%|\s*per\s*cent)?(?:\s+[a-z'-]+){0,3}\s+$/.test(`${lower.slice(n.e, x.s)} `) &&
      !/\d/.test(lower.slice(n.e, x.s)),
  );
  return own?.kind ?? null;
}

/** What a figure counts: its own noun (within three words after it), else the nearest before, after, or carried. */
/** Nouns a figure of offences may be followed by, besides the counted nouns: units, periods, words for the figure. */
const FIGURE_WORD_LIST = [
  'times|years?|months?|weeks?|days?|hours?|minutes?|per|percent|cent|pc',
  'a|an|the|more|fewer|less|than|in|on|of|to|and|or|across|over|since|from|between|every|each',
  'recorded|reported|new|further|additional|extra|separate|serious|such|million|thousand|hundred',
].join('|');
const FIGURE_WORDS = new RegExp(`^(?:${FIGURE_WORD_LIST})$`);

/**
 * A figure followed by a plural noun that counts something other than offences ("39 homicides",
 * "1,000 calls"): the noun, or null. Offence groups the vocabulary knows are found before this.
 */
export function otherNounAfter(after: string): string | null {
  const m = /^(?:\s+([a-z'-]+)){1,2}/.exec(after);
  if (!m) return null;
  const words = after
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w.replace(/[^a-z'-]/g, ''));
  for (const w of words) {
    if (!w || FIGURE_WORDS.test(w)) continue;
    if (COUNTED_RE_ONE.test(w)) return null;
    return /[^su]s$/.test(w) && !/(?:ous|ss|is)$/.test(w) && w.length > 3 ? w : null;
  }
  return null;
}

export function countedBy(
  lower: string,
  n: Numeral,
  nouns: { s: number; e: number; kind: Counted }[],
  carried: Counted | null,
): Counted | null {
  // "0.3 per cent of all reported stalking offences": a share; what it counts is its subject, before it.
  const share = /^\s*(?:%|per\s*cent|percent)\s+of\b/.test(lower.slice(n.e));
  const own = share ? undefined : ownNoun(lower, n, nouns);
  if (own) return own;
  const before = nouns.filter((x) => x.e <= n.s);
  if (before.length) return before[before.length - 1].kind;
  if (share) return carried;
  const after = nouns.find((x) => x.s >= n.e);
  return after?.kind ?? carried;
}
