import { parseNumber } from '../numbers.js';

/**
 * Every number in a sentence, however written, so that each is either read as a claim or listed
 * as skipped with its reason: digits ("2,339", "6.4", "0808 802 0300", "7:00"), words ("six",
 * "five million"), multiples ("doubled", "five-fold") and fractions ("a third", "half"). Ordinal
 * words count only as ranks ("fourth highest"); "one" counts only in "one every", "one in".
 */
export type NumeralKind = 'digits' | 'words' | 'multiple' | 'fraction' | 'phone' | 'time' | 'ordinal';

export interface Numeral {
  s: number;
  e: number;
  text: string;
  value: number | null;
  kind: NumeralKind;
}

// Named pieces of the patterns, each one line.
/** A UK phone number: a leading 0 and groups of digits ("0808 802 0300", "01202 222222"). */
const PHONE = String.raw`\(?0\d{2,4}\)?(?:[ -]?\d{3,4}){1,3}(?!\d)`;
/** Short service numbers written as two groups ("116 123"). */
const SERVICE = String.raw`116\s123`;
/** A clock time: "7:00", "7:00 PM", "10.30am", "7pm". */
const TIME = String.raw`\d{1,2}:\d{2}(?:\s*[ap](?:\.m\.|m))?|\d{1,2}(?:\.\d{2})?\s*[ap](?:\.m\.|m)(?![a-z])`;
/** Digits with thousands separators and decimals, and an ordinal ending ("2nd"). */
const DIGITS = [
  String.raw`(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`, // "2,339", "4.65"
  String.raw`(?:\s+(?:million|billion|thousand)|pc|m|bn|k)?`, // "1.2 million", "15pc", "40k"
  String.raw`(?![.,]?\d)`, // the whole number
  String.raw`|\d+(?:st|nd|rd|th)`, // or an ordinal: "2nd"
].join('');
const UNIT_WORDS = [
  'one|two|three|four|five|six|seven|eight|nine',
  'ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen',
].join('|');
const TEN_WORDS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const SCALE = String.raw`(?:\s+(?:hundred|thousand|million|billion))`;
/** "six", "twenty-one", "five million", "a dozen", "a million". */
const WORDS = [
  String.raw`(?:(?:${TEN_WORDS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|${UNIT_WORDS})${SCALE}?`,
  String.raw`(?:half\s+a\s+|a\s+)?dozen`,
  `a${SCALE}`,
  String.raw`half\s+a\s+million`,
].join('|');
/** "doubled", "tripled", "five-fold", "twice". */
const MULTIPLE = [
  'doubl(?:ed|es|e|ing)',
  'twice',
  'tripl(?:ed|es|e|ing)',
  'trebl(?:ed|es|e|ing)',
  'quadrupl(?:ed|es|e|ing)',
  'halv(?:ed|es|ing)',
  String.raw`(?:${TEN_WORDS}|${UNIT_WORDS}|\d+)[- ]?fold`,
].join('|');
/** "a third", "two-thirds", "half". */
const FRACTION = String.raw`(?:a|one)[\s-](?:third|quarter|fifth|tenth)|two[\s-]thirds|three[\s-]quarters|half`;
/** Ordinal words, counted only as ranks. */
const ORDINAL = [
  '(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)',
  String.raw`(?=[\s-]+(?:highest|lowest|largest|biggest|smallest|worst|best|most|least|place|greatest))`, // a rank
].join('');

const NUMERAL = new RegExp(
  [
    `(?<phone>${PHONE}|${SERVICE})`,
    `(?<time>${TIME})`,
    `(?<digits>${DIGITS})`,
    `(?<multiple>${MULTIPLE})`,
    `(?<ordinal>${ORDINAL})`,
    `(?<fraction>${FRACTION})`,
    `(?<words>${WORDS})`,
  ]
    .map((p) => `(?<![\\w])${p}(?![\\w])`)
    .join('|'),
  'gi',
);

/** "one every four hours", "one in five", "one per cent", "at least one case … every day". */
const ONE_AS_FIGURE = new RegExp(
  [
    String.raw`^(?:\s+(?:every|in|per\s*cent|percent)\b`, // "one every", "one in five", "one per cent"
    String.raw`|\s*%|[\s-]+fold\b`,
    String.raw`|(?:,?\s+[a-z'-]+){0,14}?\s+(?:every|a|an|per|each)\s+(?:day|week|month|year)\b)`, // "one case a day"
  ].join(''),
  'i',
);
const FRACTION_VALUES: Record<string, number> = {
  third: 1 / 3,
  thirds: 2 / 3,
  quarter: 0.25,
  quarters: 0.75,
  fifth: 0.2,
  tenth: 0.1,
  half: 0.5,
};
const ORDINAL_VALUES = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
];
const MULTIPLE_VALUES: [RegExp, number][] = [
  [/^(?:doubl|twice)/, 2],
  [/^(?:tripl|trebl)/, 3],
  [/^quadrupl/, 4],
  [/^halv/, 0.5],
];

export function findNumerals(text: string): Numeral[] {
  const out: Numeral[] = [];
  NUMERAL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NUMERAL.exec(text))) {
    const g = m.groups!;
    const kind = (Object.keys(g) as NumeralKind[]).find((k) => g[k] !== undefined)!;
    const t = m[0];
    // "one man", "one of the": a word, not a figure; "one every four hours", "one in five" are figures.
    if (kind === 'words' && /^one$/i.test(t) && !ONE_AS_FIGURE.test(text.slice(m.index + t.length))) continue;
    out.push({ s: m.index, e: m.index + t.length, text: t, value: numeralValue(t.toLowerCase(), kind), kind });
  }
  return out;
}

function numeralValue(t: string, kind: NumeralKind): number | null {
  switch (kind) {
    case 'phone':
      return Number(t.replace(/\D/g, ''));
    case 'time':
      return null;
    case 'digits': {
      const scale = /(?:m|million)$/.test(t)
        ? 1e6
        : /(?:bn|billion)$/.test(t)
          ? 1e9
          : /(?:k|thousand)$/.test(t)
            ? 1e3
            : 1;
      return (
        Math.round(
          Number(t.replace(/,/g, '').replace(/\s*(st|nd|rd|th|pc|million|billion|thousand|m|bn|k)$/, '')) * scale * 1e6,
        ) / 1e6
      );
    }
    case 'ordinal':
      return ORDINAL_VALUES.indexOf(t) + 1;
    case 'fraction': {
      const last = t.split(/[\s-]+/).pop()!;
      return FRACTION_VALUES[last] ?? null;
    }
    case 'multiple': {
      const fold = /^(.+?)[- ]?fold$/.exec(t);
      if (fold) return parseNumber(fold[1])?.value ?? null;
      return MULTIPLE_VALUES.find(([re]) => re.test(t))?.[1] ?? null;
    }
    case 'words':
      return (
        parseNumber(t.replace(/^half a million$/, '500 thousand'))?.value ??
        (t.endsWith('dozen') ? (t.startsWith('half') ? 6 : 12) : null)
      );
  }
}
