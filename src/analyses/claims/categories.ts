import type { CategoryId } from '../../taxonomy/taxonomy.js';

/**
 * The words that name offences in news copy, and what each names. One table, so the parser, the
 * working and the help say the same thing (as vague.ts does for vague words).
 *
 * The sub-group's own categories come first. Other offence groups follow: a figure for one of them
 * is checked against that group where the data hold it (by its labels), and skipped otherwise; it
 * is never judged against stalking or harassment.
 */

/** Offence groups outside the stalking-and-harassment sub-group. */
export type OtherGroupId =
  | 'sexual-offences'
  | 'rape'
  | 'violence'
  | 'domestic-abuse'
  | 'hate-crime'
  | 'public-order'
  | 'criminal-damage'
  | 'burglary'
  | 'robbery'
  | 'theft'
  | 'drugs'
  | 'weapons'
  | 'knife-crime'
  | 'homicide'
  | 'fraud'
  | 'total-crime';

export type OffenceId = Exclude<CategoryId, 'other'> | OtherGroupId;

export interface OffenceWords {
  id: OffenceId;
  /** Ways of writing it, each a regular-expression source over lower-case text, longest first. */
  phrases: string[];
  /** As the working names it. */
  name: string;
  /** As in "the data have no … figures". */
  short: string;
  /** Shown in the help. */
  example: string;
  /**
   * Other groups: the data's offence labels that are exactly this group (normalised: lower case,
   * single spaces). Empty where no file this tool reads has the group as one figure.
   */
  labels?: string[];
}

// Pieces shared by several phrases.
const AND_OR = String.raw`(?:\s*,?\s*(?:and|or|&)\s+|\s*/\s*)`;
const MALICIOUS = String.raw`malicious[\s-]+comm(?:unications?|s)?`;
const BEHAVIOUR = String.raw`behaviou?rs?`;

export const OFFENCE_WORDS: OffenceWords[] = [
  {
    id: 'stalking-and-harassment',
    phrases: [
      // "stalking, harassment or malicious communications": the sub-group by its three parts
      String.raw`stalking\s*,\s*harassment${AND_OR}${MALICIOUS}`,
      String.raw`stalking${AND_OR}harassment(?:${AND_OR}${MALICIOUS})?`,
      // "stalking, harassment or the sending of a malicious message": a list of the sub-group's parts
      String.raw`stalking\s*,\s*harassment`,
      String.raw`harassment${AND_OR}stalking`,
      String.raw`stalking[\s-]and[\s-]harassment`,
      String.raw`s\s*&\s*h`,
    ],
    name: "the combined 'Stalking and harassment' sub-group",
    short: 'stalking and harassment',
    example: 'stalking and harassment, stalking or harassment, stalking, harassment or malicious communications',
  },
  {
    id: 'malicious-communications',
    phrases: [MALICIOUS],
    name: 'malicious communications',
    short: 'malicious communications',
    example: 'malicious communications',
  },
  {
    id: 'coercive-control',
    phrases: [
      String.raw`controlling${AND_OR}coercive\s+${BEHAVIOUR}`,
      String.raw`coercive${AND_OR}controlling\s+${BEHAVIOUR}`,
      String.raw`coercive[\s-]+control(?:ling\s+${BEHAVIOUR})?`,
      String.raw`controlling\s+${BEHAVIOUR}`,
    ],
    name: 'controlling or coercive behaviour',
    short: 'coercive control',
    example: 'coercive control, controlling or coercive behaviour',
  },
  {
    id: 'harassment-wide',
    phrases: [String.raw`harassment[\s-]wide`],
    name: "the old Met 'Harassment' category",
    short: "old Met 'Harassment'",
    example: 'harassment-wide',
  },
  {
    id: 'stalking',
    phrases: [String.raw`(?:cyber[\s-]?)?stalk(?:ing|ers?|ed)?`],
    name: 'stalking',
    short: 'stalking',
    example: 'stalking, stalking offences',
  },
  {
    id: 'harassment',
    phrases: [String.raw`harassment|harassing|harassed`],
    name: 'harassment',
    short: 'harassment',
    example: 'harassment',
  },

  // Other offence groups.
  {
    id: 'sexual-offences',
    phrases: [String.raw`sex(?:ual)?\s+(?:offen[cs]es?|crimes?)`],
    name: 'sexual offences',
    short: 'sexual offences',
    example: 'sexual offences',
    labels: ['sexual offences'],
  },
  { id: 'rape', phrases: [String.raw`rapes?`], name: 'rape', short: 'rape', example: 'rapes', labels: ['rape'] },
  {
    id: 'domestic-abuse',
    phrases: [String.raw`domestic\s+(?:abuse|violence)(?:[\s-]related)?`],
    name: 'domestic abuse (a flag on many offences, not an offence group)',
    short: 'domestic abuse',
    example: 'domestic abuse',
  },
  {
    id: 'hate-crime',
    phrases: [String.raw`hate\s+crimes?`],
    name: 'hate crime (a flag on many offences, not an offence group)',
    short: 'hate crime',
    example: 'hate crimes',
  },
  {
    id: 'violence',
    phrases: [
      String.raw`violence\s+against\s+(?:the|a)\s+person`,
      String.raw`violent\s+(?:crimes?|offen[cs]es?)`,
      String.raw`violence\s+with(?:out)?\s+injury`,
    ],
    name: 'violence against the person',
    short: 'violent crime',
    example: 'violent crime',
    labels: ['violence against the person'],
  },
  {
    id: 'public-order',
    phrases: [String.raw`public\s+order\s+offen[cs]es?`],
    name: 'public order offences',
    short: 'public order offences',
    example: 'public order offences',
    labels: ['public order offences'],
  },
  {
    id: 'criminal-damage',
    phrases: [String.raw`criminal\s+damage`],
    name: 'criminal damage and arson',
    short: 'criminal damage',
    example: 'criminal damage',
    labels: ['criminal damage and arson'],
  },
  {
    id: 'burglary',
    phrases: [String.raw`burglar(?:y|ies)`],
    name: 'burglary',
    short: 'burglary',
    example: 'burglaries',
  },
  {
    id: 'robbery',
    phrases: [String.raw`robber(?:y|ies)`],
    name: 'robbery',
    short: 'robbery',
    example: 'robberies',
    labels: ['robbery'],
  },
  { id: 'theft', phrases: [String.raw`theft|thefts|shoplifting`], name: 'theft', short: 'theft', example: 'thefts' },
  {
    id: 'drugs',
    phrases: [String.raw`drugs?\s+offen[cs]es?`],
    name: 'drug offences',
    short: 'drug offences',
    example: 'drug offences',
    labels: ['drug offences'],
  },
  {
    id: 'weapons',
    phrases: [
      String.raw`possession\s+of\s+(?:offensive\s+)?weapons?(?:\s+offen[cs]es)?`,
      String.raw`(?:offensive\s+)?weapons?\s+offen[cs]es?`,
    ],
    name: 'possession of weapons offences',
    short: 'weapons offences',
    example: 'possession of weapons',
    labels: ['possession of weapons offences'],
  },
  // Offences involving a knife cut across groups: no file here has them as one figure.
  {
    id: 'knife-crime',
    phrases: [String.raw`knife\s+crimes?|knives|knife|bladed\s+(?:articles?|weapons?)`],
    name: 'offences involving a knife',
    short: 'knife crime',
    example: 'knife crime',
  },
  {
    id: 'homicide',
    phrases: [String.raw`homicides?|murders?|manslaughters?`],
    name: 'homicide',
    short: 'homicide',
    example: 'homicides',
    labels: ['homicide'],
  },
  { id: 'fraud', phrases: [String.raw`fraud(?:s|\s+offen[cs]es?)?`], name: 'fraud', short: 'fraud', example: 'fraud' },
  {
    id: 'total-crime',
    // "Crime across West Yorkshire has risen": crime as a sentence's subject is all crime.
    phrases: [
      String.raw`(?:total|overall|all)\s+(?:recorded\s+)?crimes?`,
      String.raw`crimes?\s+overall`,
      String.raw`^crime(?=\s+(?:across|in|has|have|rose|fell|is|was|levels?|figures?)\b)`,
      String.raw`total\s+(?:number\s+of\s+)?(?:recorded\s+)?offen[cs]es`,
    ],
    name: 'total recorded crime',
    short: 'total crime',
    example: 'total crime',
  },
];

/** The sub-group's categories, as the parser and the evaluator use them. */
export const SUB_GROUP_IDS: CategoryId[] = [
  'stalking',
  'harassment',
  'malicious-communications',
  'coercive-control',
  'stalking-and-harassment',
  'harassment-wide',
];

export function isSubGroup(id: OffenceId): id is Exclude<CategoryId, 'other'> {
  return (SUB_GROUP_IDS as string[]).includes(id);
}

export function offenceWords(id: OffenceId): OffenceWords {
  return OFFENCE_WORDS.find((w) => w.id === id)!;
}

/** One pattern per entry, global, matching at word boundaries. */
export const OFFENCE_PATTERNS: { id: OffenceId; re: RegExp }[] = OFFENCE_WORDS.map((w) => ({
  id: w.id,
  re: new RegExp(`\\b(?:${w.phrases.join('|')})\\b`, 'g'),
}));

/** What follows an offence's words when they name a service, an order or a law instead. */
const NAMED_THINGS = [
  'helpline',
  'hotline',
  'awareness',
  'advocacy',
  'advocates?',
  String.raw`protection\s+orders?`,
  'threat',
  'trust',
  'service',
  'unit',
  'clinic',
  'week',
  'campaign',
  String.raw`act\b`,
  String.raw`bill\b`,
  'team',
  'training',
].join('|');
const NAME_AFTER = new RegExp(String.raw`^\s+(?:${NAMED_THINGS})`);

/** Every offence phrase in lower-case text, earlier entries winning where two overlap. */
export function findOffences(s: string): { s: number; e: number; id: OffenceId }[] {
  const taken = new Uint8Array(s.length);
  const out: { s: number; e: number; id: OffenceId }[] = [];
  for (const { re, id } of OFFENCE_PATTERNS) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s))) {
      const st = m.index;
      const en = st + m[0].length;
      if (en === st) {
        re.lastIndex++;
        continue;
      }
      if (taken.subarray(st, en).some(Boolean)) continue;
      // "the National Stalking Helpline", "stalking protection orders": names of services and orders, not offences.
      if (NAME_AFTER.test(s.slice(en, en + 40))) continue;
      taken.fill(1, st, en);
      out.push({ s: st, e: en, id });
    }
  }
  return out.sort((a, b) => a.s - b.s);
}

/** "stalking and harassment, stalking or harassment, …; malicious communications; …" for the help. */
export function offenceHelp(): string {
  const sub = OFFENCE_WORDS.filter((w) => isSubGroup(w.id) && w.id !== 'harassment-wide').map((w) => w.example);
  const other = OFFENCE_WORDS.filter((w) => !isSubGroup(w.id)).map((w) => w.example);
  return `${sub.join('; ')}\n           other groups (checked where the data hold them): ${other.join(', ')}`;
}
