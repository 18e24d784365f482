# Reference values for tests/analyses/stats/changepoints.test.ts and changepoints.real.test.ts:
# an independent R implementation of the same method (R's glm, poisson()$dev.resids, mad), and the
# synthetic series themselves (drawn here with fixed seeds).
#   Rscript tests/analyses/stats/reference/changepoints.R [path/to/shared/data/real]
options(digits = 15)

# Segment cost: Poisson deviance at the segment's own rate (R's family function), over phi.
seg_cost <- function(y, e) {
  mu <- e * sum(y) / sum(e)
  if (sum(y) == 0) return(0)
  sum(poisson()$dev.resids(y, mu, rep(1, length(y))))
}

# Optimal partitioning (Jackson et al. 2005) with minimum segment length m; returns the index
# (1-based) of the first period of each new segment. Ties go to the earliest break.
op_search <- function(y, e, phi, beta, m) {
  n <- length(y)
  F <- rep(Inf, n + 1); F[1] <- -beta          # F[t + 1] = best for the first t periods
  last <- rep(NA_integer_, n + 1)
  for (t in m:n) {
    taus <- c(0, if (t - m >= m) m:(t - m) else integer(0))
    vals <- sapply(taus, function(tau) F[tau + 1] + seg_cost(y[(tau + 1):t], e[(tau + 1):t]) / phi + beta)
    k <- which.min(vals)
    F[t + 1] <- vals[k]; last[t + 1] <- taus[k]
  }
  b <- integer(0); t <- n
  while (last[t + 1] > 0) { b <- c(last[t + 1] + 1, b); t <- last[t + 1] }
  b
}

# Dispersion from consecutive blocks of m periods: robust (MAD) scale of standardised differences.
block_phi <- function(y, e, m) {
  nb <- floor(length(y) / m)
  Y <- sapply(1:nb, function(j) sum(y[((j - 1) * m + 1):(j * m)]))
  E <- sapply(1:nb, function(j) sum(e[((j - 1) * m + 1):(j * m)]))
  pooled <- (Y[-1] + Y[-nb]) / (E[-1] + E[-nb])
  d <- (Y[-1] / E[-1] - Y[-nb] / E[-nb]) / sqrt(pooled * (1 / E[-1] + 1 / E[-nb]))
  d <- d[pooled > 0]
  max(1, mad(d, constant = 1 / qnorm(0.75))^2)    # MAD about the median, as a normal SD
}

group_of <- function(n, breaks) cumsum(seq_len(n) %in% breaks) + 1

seasonal_fit <- function(y, days, group, season) {
  # One group: the intercept is its level (R will not build a one-level factor).
  f <- if (length(unique(group)) == 1) y ~ 1 + factor(season) else y ~ 0 + factor(group) + factor(season)
  glm(f, offset = log(days), family = poisson, control = glm.control(epsilon = 1e-12, maxit = 100))
}

factors_of <- function(fit, cycle) {
  g <- c(0, tail(coef(fit), cycle - 1))
  exp(g - mean(g))
}

level_shifts <- function(y, days, season, cycle, m = if (cycle == 12) 6 else 2, beta = 2 * log(length(y))) {
  n <- length(y)
  blocks <- max(1, floor(n / cycle))
  fit0 <- seasonal_fit(y, days, pmin((seq_len(n) - 1) %/% cycle, blocks - 1), season)
  f <- factors_of(fit0, cycle)
  phi <- block_phi(y, days * f[season + 1], m)
  breaks <- NULL
  for (it in 1:20) {
    nb <- op_search(y, days * f[season + 1], phi, beta, m)
    if (!is.null(breaks) && identical(nb, breaks)) break
    breaks <- nb
    f <- factors_of(seasonal_fit(y, days, group_of(n, breaks), season), cycle)
  }
  final <- seasonal_fit(y, days, group_of(n, breaks), season)
  K <- length(breaks) + 1
  pearson <- sum(residuals(final, type = "pearson")^2) / final$df.residual
  scale <- max(1, pearson, phi)
  V <- vcov(final)[1:K, 1:K, drop = FALSE]
  b <- coef(final)[1:K]
  g <- c(0, tail(coef(final), cycle - 1))
  out <- data.frame(index0 = breaks - 1, rr = exp(diff(b))[seq_along(breaks)])
  se <- sapply(seq_len(K - 1), function(k) sqrt((V[k, k] + V[k + 1, k + 1] - 2 * V[k, k + 1]) * scale))
  if (K > 1) { out$low <- exp(diff(b) - qnorm(0.975) * se); out$high <- exp(diff(b) + qnorm(0.975) * se) }
  list(breaks = out, phi = phi, pearson = pearson, iterations = it, factors = exp(g - mean(g)),
       adjusted = exp(b + mean(g)))
}

month_days <- function(year, month) {
  as.integer(as.Date(sprintf("%d-%02d-01", year + (month == 12), month %% 12 + 1)) -
             as.Date(sprintf("%d-%02d-01", year, month)))
}
show <- function(label, r) {
  cat("--", label, "-- phi", r$phi, " pearson", r$pearson, " iterations", r$iterations, "\n")
  print(r$breaks)
  cat("factors:", r$factors, "\n")
}
js <- function(name, v) cat("const ", name, " = [", paste(v, collapse = ", "), "];\n", sep = "")

# Synthetic A: 96 months, Jan 2012 - Dec 2019; 40 a day, x1.30 from April 2015, x0.85 from April 2018;
# month-of-year swing of +-15 %; negative binomial noise with variance 4 mu (size = mu / 3).
set.seed(20240611)
ym <- expand.grid(month = 1:12, year = 2012:2019)
daysA <- mapply(month_days, ym$year, ym$month)
level <- 40 * ifelse(ym$year * 12 + ym$month >= 2015 * 12 + 4, 1.3, 1) *
  ifelse(ym$year * 12 + ym$month >= 2018 * 12 + 4, 0.85, 1)
muA <- level * daysA * (1 + 0.15 * cos(2 * pi * (ym$month - 1) / 12))
yA <- rnbinom(96, mu = muA, size = muA / 3)
js("A_COUNTS", yA)
show("A (monthly, shifts April 2015 and April 2018)", level_shifts(yA, daysA, ym$month - 1, 12))

# Synthetic B: 48 calendar quarters, 2010 Q1 - 2021 Q4; 9 a day,
# x1.5 from 2016 Q2; quarter-of-year factors 1.1, 1.0, 0.95, 0.95; Poisson noise.
set.seed(20240612)
yq <- expand.grid(q = 1:4, year = 2010:2021)
daysB <- mapply(function(y, q) sum(sapply((3 * q - 2):(3 * q), function(m) month_days(y, m))), yq$year, yq$q)
muB <- 9 * daysB * ifelse(yq$year * 4 + yq$q >= 2016 * 4 + 2, 1.5, 1) * c(1.1, 1, 0.95, 0.95)[yq$q]
yB <- rpois(48, muB)
js("B_COUNTS", yB)
show("B (quarterly, shift April 2016)", level_shifts(yB, daysB, yq$q - 1, 4))

# Synthetic C: 72 months, Jan 2016 - Dec 2021, no shift, a strong seasonal swing (+-30 %).
set.seed(20240613)
ymC <- expand.grid(month = 1:12, year = 2016:2021)
daysC <- mapply(month_days, ymC$year, ymC$month)
muC <- 60 * daysC * (1 + 0.3 * sin(2 * pi * (ymC$month - 1) / 12))
yC <- rnbinom(72, mu = muC, size = muC / 2)
js("C_COUNTS", yC)
show("C (monthly, seasonal, no shift)", level_shifts(yC, daysC, ymC$month - 1, 12))

args <- commandArgs(trailingOnly = TRUE)
real <- if (length(args) > 0) args[1] else "../shared/data/real"
met <- file.path(real, "met_mps_borough_level_crime_historical_2010-04_to_2023-11.csv")
if (file.exists(met)) {
  d <- read.csv(met, check.names = FALSE, stringsAsFactors = FALSE)
  d <- d[d$MinorText == "STALKING AND HARASSMENT", ]
  cols <- grep("^[0-9]{6}$", names(d), value = TRUE)
  y <- colSums(d[, cols], na.rm = TRUE)
  yr <- as.integer(substr(cols, 1, 4)); mo <- as.integer(substr(cols, 5, 6))
  days <- mapply(month_days, yr, mo)
  r <- level_shifts(unname(y), days, mo - 1, 12)
  show("London, monthly", r)
  cat("break months:", cols[r$breaks$index0 + 1], "\n")
  cat("adjusted per-day levels:", r$adjusted, "\n")
  # Calendar quarters (April 2010 - September 2023)
  qstart <- which(mo %in% c(1, 4, 7, 10))
  qstart <- qstart[qstart + 2 <= length(y)]
  yq <- sapply(qstart, function(i) sum(y[i:(i + 2)]))
  dq <- sapply(qstart, function(i) sum(days[i:(i + 2)]))
  rq <- level_shifts(yq, dq, (mo[qstart] - 1) %/% 3, 4)
  show("London, quarterly", rq)
  cat("break quarters start:", cols[qstart][rq$breaks$index0 + 1], "\n")
}
