export { betaQuantile, betaQuantilePair, ConvergenceError, incompleteBeta } from './beta.js';
export type {
  LevelSegment,
  LevelShift,
  LevelShiftFound,
  LevelShiftOptions,
  LevelShiftResult,
  SeriesCount,
  SeriesGrain,
} from './changepoints.js';
export { findLevelShifts } from './changepoints.js';
export type {
  FunnelCurvePoint,
  FunnelDispersion,
  FunnelExclusion,
  FunnelFlag,
  FunnelInterval,
  FunnelOptions,
  FunnelResult,
  FunnelRow,
  FunnelUnit,
  OverdispersionEstimate,
  OverdispersionMethod,
} from './funnel.js';
export {
  DEFAULT_RANK_DRAWS,
  DEFAULT_WINSORISE,
  estimateOverdispersion,
  funnel,
  funnelCurve,
  funnelLimits,
  MIN_UNITS_FOR_OVERDISPERSION,
  POISSON_ONLY,
} from './funnel.js';
export { logBeta, logGamma } from './gamma.js';
export {
  cagr,
  change,
  changePct,
  DAYS_PER_AVERAGE_MONTH,
  isSmallBase,
  PER_MONTH_CONVENTION,
  type PerMonthBasis,
  perDay,
  perMonth,
  perWeek,
  SMALL_BASE,
} from './growth.js';
export { chiSquaredUpper, poissonCdf, poissonPmf, regularizedGamma } from './incompleteGamma.js';
export { normalQuantile, twoSidedZ } from './normal.js';
export type { PoissonGlmFit, PoissonGlmInput } from './poissonGlm.js';
export { fitPoissonGlm, poissonDeviance } from './poissonGlm.js';
export type { Random } from './prng.js';
export { seededRandom } from './prng.js';
export type { RateRatio, RateRatioMethod } from './rateRatio.js';
export { EXACT_RATE_RATIO_LIMIT, poissonRateRatio } from './rateRatio.js';
export type { Seasonality, SegmentedStep, SegmentedStepOptions, SegmentPoint } from './segmented.js';
export { MIN_POINTS_EACH_SIDE, segmentedStep } from './segmented.js';
