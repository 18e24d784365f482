export { betaQuantile, betaQuantilePair, ConvergenceError, incompleteBeta } from './beta.js';
export { logBeta, logGamma } from './gamma.js';
export {
  cagr,
  change,
  changePct,
  DAYS_PER_AVERAGE_MONTH,
  isSmallBase,
  PER_MONTH_CONVENTION,
  perDay,
  perMonth,
  perWeek,
  SMALL_BASE,
} from './growth.js';
export { normalQuantile, twoSidedZ } from './normal.js';
export type { PoissonGlmFit, PoissonGlmInput } from './poissonGlm.js';
export { fitPoissonGlm, poissonDeviance } from './poissonGlm.js';
export type { RateRatio, RateRatioMethod } from './rateRatio.js';
export { EXACT_RATE_RATIO_LIMIT, poissonRateRatio } from './rateRatio.js';
export type { Seasonality, SegmentedStep, SegmentedStepOptions, SegmentPoint } from './segmented.js';
export { MIN_POINTS_EACH_SIDE, segmentedStep } from './segmented.js';
