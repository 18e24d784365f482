/**
 * Numbers as news copy writes them: "2,339", "6.4", "1.2 million", "six", "twenty-one",
 * "a dozen", "two hundred". Each comes with the precision it is written to, so a bare "six a day"
 * can be judged by rounding and "12,000" read as a round figure.
 */

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const UNIT_WORDS = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const TEN_WORDS = Object.keys(TENS).join('|');
const SMALL_WORD = `(?:(?:${TEN_WORDS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|${UNIT_WORDS})`;
const DIGITS = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;

/** A number in digits or words, as a regular-expression source (no capture groups). */
export const NUMBER_PATTERN = [
  '(?:',
  `${DIGITS}(?:\\s*(?:million|thousand|m\\b|k\\b))?`, // "2,339", "1.2 million", "40k"
  '|half\\s+a\\s+dozen|a\\s+dozen|dozen|a\\s+hundred|a\\s+thousand', // "a dozen", "a hundred"
  `|${SMALL_WORD}(?:\\s+(?:hundred|thousand|million))?`, // "six", "twenty-one", "three hundred"
  ')',
].join('');

/** Multiple words: "double", "tripled", "five-fold", "4 times". */
export const MULTIPLE_WORDS: { pattern: string; n: number | null; word: string }[] = [
  { pattern: 'doubl(?:ed|e|ing)|twice|two-?fold', n: 2, word: 'double' },
  { pattern: 'tripl(?:ed|e|ing)|trebl(?:ed|e|ing)|three-?fold|thrice', n: 3, word: 'triple' },
  { pattern: 'quadrupl(?:ed|e|ing)|four-?fold', n: 4, word: 'quadruple' },
  { pattern: 'halv(?:ed|ing)', n: 0.5, word: 'halve' },
];

export interface ParsedNumber {
  value: number;
  precision: number;
}

function wordValue(w: string): number | null {
  const t = w.trim().replace(/\s+/g, ' ');
  if (t in UNITS) return UNITS[t];
  const m = /^([a-z]+)(?:[- ]([a-z]+))?$/.exec(t);
  if (m && m[1] in TENS) {
    if (!m[2]) return TENS[m[1]];
    const u = UNITS[m[2]];
    return u !== undefined && u >= 1 && u <= 9 ? TENS[m[1]] + u : null;
  }
  return null;
}

/** The last non-zero digit's unit of a whole number (1,200 → 100; 12,015 → 1; 0 → 1). */
function wholePrecision(n: number): number {
  if (n === 0) return 1;
  let p = 1;
  while (n % (p * 10) === 0) p *= 10;
  return p;
}

/**
 * Parses one number matched by NUMBER_PATTERN. Whole numbers below 100 and numbers not ending in
 * "00" are precise to the unit; round figures ("200", "12,000", "1.2 million") to their last
 * non-zero digit.
 */
export function parseNumber(text: string): ParsedNumber | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === 'a dozen' || t === 'dozen') return { value: 12, precision: 1 };
  if (t === 'half a dozen') return { value: 6, precision: 1 };
  if (t === 'a hundred') return { value: 100, precision: 100 };
  if (t === 'a thousand') return { value: 1000, precision: 1000 };
  const d = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(million|thousand|m|k)?$/.exec(t);
  if (d) {
    const whole = Number(d[1].replace(/,/g, ''));
    const decimals = d[2] ?? '';
    const scale = d[3] === 'million' || d[3] === 'm' ? 1e6 : d[3] === 'thousand' || d[3] === 'k' ? 1e3 : 1;
    const value = Math.round((whole + (decimals ? Number(`0.${decimals}`) : 0)) * scale * 1e6) / 1e6;
    let precision: number;
    if (decimals) precision = scale / 10 ** decimals.length;
    else if (scale > 1) precision = scale * wholePrecision(whole);
    else precision = whole >= 100 && whole % 100 === 0 ? wholePrecision(whole) : 1;
    return { value, precision };
  }
  const w = /^(.+?)(?: (hundred|thousand|million))?$/.exec(t);
  if (w) {
    const base = wordValue(w[1]);
    if (base === null) return null;
    const scale = w[2] === 'hundred' ? 100 : w[2] === 'thousand' ? 1000 : w[2] === 'million' ? 1e6 : 1;
    return { value: base * scale, precision: Math.max(scale, 1) };
  }
  return null;
}

/** "5-fold", "five-fold", "10 times" → 5, 5, 10. */
export function parseMultipleNumber(text: string): number | null {
  return parseNumber(text)?.value ?? null;
}

/** 6.4 → "6.4"; 2339 → "2,339"; 0.123456 → "0.1235" (up to four decimals, trailing zeros dropped). */
export function formatFigure(x: number, maxDigits = 4): string {
  const neg = x < 0;
  const fixed = Math.abs(x)
    .toFixed(maxDigits)
    .replace(/\.?0+$/, '');
  const [i, f] = fixed.split('.');
  const s = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (f ? `.${f}` : '');
  return neg ? `-${s}` : s;
}

/** Fixed decimals with thousands separators: (6.4, 2) → "6.40". */
export function formatFixed(x: number, digits: number): string {
  const neg = x < 0;
  const fixed = Math.abs(x).toFixed(digits);
  const [i, f] = fixed.split('.');
  const s = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (f ? `.${f}` : '');
  return neg && Number(fixed) !== 0 ? `-${s}` : s;
}

/** Decimal places needed to show a precision: 1 → 0, 0.1 → 1, 0.05 → 2. */
export function digitsFor(precision: number): number {
  if (precision >= 1) return 0;
  return Math.min(6, Math.ceil(-Math.log10(precision) - 1e-9));
}
