export {
  change,
  changePct,
  isSmallBase,
  cagr,
  perDay,
  perWeek,
  perMonth,
  SMALL_BASE,
  DAYS_PER_AVERAGE_MONTH,
  PER_MONTH_CONVENTION,
} from './growth.js';
export { poissonRateRatio, EXACT_RATE_RATIO_LIMIT } from './rateRatio.js';
export type { RateRatio, RateRatioMethod } from './rateRatio.js';
export { fitPoissonGlm, poissonDeviance } from './poissonGlm.js';
export type { PoissonGlmInput, PoissonGlmFit } from './poissonGlm.js';
export { segmentedStep, MIN_POINTS_EACH_SIDE } from './segmented.js';
export type { SegmentPoint, Seasonality, SegmentedStep, SegmentedStepOptions } from './segmented.js';
export { incompleteBeta, betaQuantile, betaQuantilePair, ConvergenceError } from './beta.js';
export { logGamma, logBeta } from './gamma.js';
export { normalQuantile, twoSidedZ } from './normal.js';
export { regularizedGamma, poissonCdf, poissonPmf, chiSquaredUpper } from './incompleteGamma.js';
export { seededRandom } from './prng.js';
export type { Random } from './prng.js';
export {
  funnel,
  funnelLimits,
  funnelCurve,
  estimateOverdispersion,
  POISSON_ONLY,
  MIN_UNITS_FOR_OVERDISPERSION,
  DEFAULT_WINSORISE,
  DEFAULT_RANK_DRAWS,
} from './funnel.js';
export type {
  FunnelUnit,
  FunnelOptions,
  FunnelResult,
  FunnelRow,
  FunnelFlag,
  FunnelInterval,
  FunnelDispersion,
  FunnelExclusion,
  FunnelCurvePoint,
  OverdispersionMethod,
  OverdispersionEstimate,
} from './funnel.js';
export { findLevelShifts } from './changepoints.js';
export type {
  SeriesCount,
  SeriesGrain,
  LevelShiftOptions,
  LevelShiftResult,
  LevelShiftFound,
  LevelShift,
  LevelSegment,
} from './changepoints.js';
