/**
 * The words of a rise and of a fall, as regular-expression sources (no capture groups), shared by
 * the direction words themselves ("rose") and the figures they follow ("81% higher", "doubled").
 */

export const RISE = [
  'rose',
  'risen',
  'rises',
  'rising',
  'rise',
  'increased',
  'increases',
  'increasing',
  'increase',
  'grew',
  'grown',
  'growing',
  'growth',
  'climbed',
  'climbing',
  'climb',
  'jumped',
  'jumping',
  'jump',
  'soared',
  'soaring',
  'surged',
  'surging',
  'surge',
  String.raw`went\s+up`,
  String.raw`gone\s+up`,
  String.raw`going\s+up`,
].join('|');

export const FALL = [
  'fell',
  'fallen',
  'falls',
  'falling',
  'fall',
  'dropped',
  'dropping',
  'drops',
  'drop',
  'decreased',
  'decreases',
  'decreasing',
  'decrease',
  'declined',
  'declining',
  'declines',
  'decline',
  'dipped',
  'dip',
  String.raw`went\s+down`,
  String.raw`gone\s+down`,
  String.raw`going\s+down`,
  'reduced',
  'reduction',
].join('|');

/** A direction written after a figure: "81% higher", "a third down". */
export const TRAILING_DIR = `(${RISE}|more|higher|up|${FALL}|less|lower|fewer|down)`;

/** A trailing direction that is a rise; any other is a fall. */
export const RISE_WORD = new RegExp(`^(?:${RISE}|more|higher|up)$`);
