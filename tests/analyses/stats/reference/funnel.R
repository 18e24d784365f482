# Reference values for tests/analyses/stats/funnel.test.ts and funnel.real.test.ts, computed
# independently of the TypeScript code with R's own qpois/ppois/quantile/qnorm/pchisq and,
# for the DerSimonian-Laird step, the metafor package.
#   Rscript tests/analyses/stats/reference/funnel.R [path/to/shared/data/real]
options(digits = 15)

# Spiegelhalter (2005, Stat Med 24:1185), exact Poisson limit with interpolation between counts:
# r_p = qpois(p, E), alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1)), limit = (r_p - alpha) / pop.
exact_limit <- function(target, pop, p, per) {
  lambda <- target / per * pop
  r <- qpois(p, lambda)
  alpha <- (ppois(r, lambda) - p) / (ppois(r, lambda) - ppois(r - 1, lambda))
  pmax(0, r - alpha) / pop * per
}

funnel_ref <- function(count, pop, per, winsorise = 0.1) {
  target <- sum(count) / sum(pop) * per
  rate <- count / pop * per
  s <- sqrt(target * per / pop)
  expected <- target * pop / per
  z <- (count - expected) / sqrt(expected)
  q <- quantile(z, c(winsorise, 1 - winsorise), type = 7)
  zw <- pmin(pmax(z, q[1]), q[2])
  n <- length(z)
  phi <- mean(zw^2)
  w <- 1 / s^2
  tau2 <- max(0, (n * phi - (n - 1)) / (sum(w) - sum(w^2) / sum(w)))
  z95 <- qnorm(0.975); z998 <- qnorm(0.999)
  list(
    target = target, rate = rate, z = z, phi = phi, tau2 = tau2,
    p = pchisq(n * phi, n - 1, lower.tail = FALSE),
    none95 = cbind(exact_limit(target, pop, 0.025, per), exact_limit(target, pop, 0.975, per)),
    none998 = cbind(exact_limit(target, pop, 0.001, per), exact_limit(target, pop, 0.999, per)),
    mult998 = cbind(pmax(0, target - z998 * sqrt(phi) * s), target + z998 * sqrt(phi) * s),
    add95 = cbind(pmax(0, target - z95 * sqrt(s^2 + tau2)), target + z95 * sqrt(s^2 + tau2)),
    add998 = cbind(pmax(0, target - z998 * sqrt(s^2 + tau2)), target + z998 * sqrt(s^2 + tau2))
  )
}

flags <- function(rate, lim) ifelse(rate > lim[, 2], "above", ifelse(rate < lim[, 1], "below", "within"))

cat("== synthetic areas (funnel.test.ts) ==\n")
count <- c(12, 150, 480, 75, 1300, 33, 610, 2, 0, 900)
pop <- c(4000, 52000, 98000, 31000, 205000, 9000, 150000, 1500, 800, 260000)
r <- funnel_ref(count, pop, per = 1000)
print(r)
cat("flags none998:", flags(r$rate, r$none998), "\n")
cat("flags add998:", flags(r$rate, r$add998), "\n")
cat("flags mult998:", flags(r$rate, r$mult998), "\n")
cat("no winsorising: phi =", mean(r$z^2), "\n")

cat("== single limits (funnelLimits) ==\n")
print(exact_limit(5, c(100, 1000, 12345, 1e6), 0.001, 1000))
print(exact_limit(5, c(100, 1000, 12345, 1e6), 0.999, 1000))
print(exact_limit(5, c(100, 1000, 12345, 1e6), 0.025, 1000))
print(exact_limit(5, c(100, 1000, 12345, 1e6), 0.975, 1000))

cat("== DerSimonian-Laird on the BCG trials (metafor) ==\n")
suppressMessages(library(metafor))
dat <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
fit <- rma(yi, vi, data = dat, method = "DL")
cat("tau2 =", fit$tau2, " QE =", fit$QE, " QEp =", fit$QEp, "\n")

args <- commandArgs(trailingOnly = TRUE)
real <- if (length(args) > 0) args[1] else "../shared/data/real"
ons <- file.path(real, "ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyB_slashdates.csv")
p9 <- file.path(real, "ons_pfa_table_P9_population_mid2002-2016_sheet_saved_as_csv.csv")
if (file.exists(ons) && file.exists(p9)) {
  cat("== ONS year ending March 2018, 43 territorial forces, mid-2016 populations ==\n")
  d <- read.csv(ons, check.names = FALSE, stringsAsFactors = FALSE)
  d <- d[d[[1]] == "31/03/2018" & d$Offence == "Stalking and harassment", ]
  pp <- read.csv(p9, header = FALSE, skip = 5, stringsAsFactors = FALSE)
  pp <- pp[grepl("^(E23|W15)", pp$V1), ]
  m <- merge(d, data.frame(PFA = pp$V2, pop = as.numeric(pp$V17)), by = "PFA")
  cat("forces matched:", nrow(m), "\n")
  x <- m[[5]]
  rr <- funnel_ref(x, m$pop, per = 1000)
  cat("target =", rr$target, " phi =", rr$phi, " tau2 =", rr$tau2, "\n")
  for (k in c("none998", "mult998", "add998")) {
    f <- flags(rr$rate, rr[[k]])
    cat(k, ": above", sum(f == "above"), " below", sum(f == "below"), "\n")
    cat("  ", paste(m$PFA[f != "within"], substr(f[f != "within"], 1, 1), collapse = "; "), "\n")
  }
  sel <- m$PFA %in% c("Durham", "Derbyshire", "City of London", "Metropolitan Police")
  print(data.frame(PFA = m$PFA[sel], rate = rr$rate[sel], z = rr$z[sel],
                   none998 = rr$none998[sel, ], add998 = rr$add998[sel, ]))
}
