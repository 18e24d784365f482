# Reference values for tests/commands/areas.test.ts and rates.test.ts: the `areas` and `--per`
# figures for the ONS rolling-year file, computed here without the project's code or its
# data/populations.json. Force populations are summed from the ONS district estimates with the
# ONS district -> force lookup (January 2017); districts created since then are put in their force
# by hand below. Funnel formulas as in tests/analyses/stats/reference/funnel.R (Spiegelhalter 2005).
#   Rscript tests/commands/reference/areas.R [path/to/shared/data/real]
options(digits = 15)
args <- commandArgs(trailingOnly = TRUE)
real <- if (length(args) > 0) args[1] else "../shared/data/real"

districts <- read.csv(file.path(real, "ons_population_lad_mid2001-2020_long.csv"), stringsAsFactors = FALSE)
districts$code <- trimws(gsub("\u00a0", " ", districts$code))
lookup <- read.csv(file.path(real, "ons_lookup_lad17_csp17_pfa17.csv"), stringsAsFactors = FALSE,
                   fileEncoding = "UTF-8-BOM")
# The lookup writes two forces as the Home Office does; the crime file as ONS does.
lookup$PFA17NM[lookup$PFA17NM == "Devon & Cornwall"] <- "Devon and Cornwall"
lookup$PFA17NM[lookup$PFA17NM == "London, City of"] <- "City of London"
force_of <- setNames(lookup$PFA17NM, lookup$LAD17CD)
# Districts formed in 2019-2021, each inside one force (docs/populations.md, "Boundary changes").
force_of[c("E06000058", "E06000059")] <- "Dorset"
force_of[c("E07000244", "E07000245")] <- "Suffolk"
force_of["E07000246"] <- "Avon and Somerset"
force_of["E06000060"] <- "Thames Valley"
force_of[c("E06000061", "E06000062")] <- "Northamptonshire"
districts$force <- force_of[districts$code]
stopifnot(!any(is.na(districts$force[grepl("^(E0[6-9]|W06)", districts$code)])))
force_pop <- function(year) {
  d <- districts[districts$year == year & !is.na(districts$force), ]
  tapply(d$population, d$force, sum)
}

ons <- read.csv(file.path(real, "ons_rec-crime-pfa_ye-mar2003-to-ye-dec2018_copyB_slashdates.csv"),
                check.names = FALSE, stringsAsFactors = FALSE)
sh <- ons[ons$Offence == "Stalking and harassment", ]
count_at <- function(end) { x <- sh[sh[[1]] == end, ]; setNames(x[[5]], x$PFA) }

cat("== rates (trend --per) ==\n")
c18 <- count_at("31/03/2018"); p16 <- force_pop(2016); p17 <- force_pop(2017)
cat("Dorset YE Mar 2018 per 1000, mid-2016:", c18["Dorset"] / p16["Dorset"] * 1000, " pop", p16["Dorset"], "\n")
cat("Met YE Mar 2018 per 1000, mid-2016:", c18["Metropolitan Police"] / p16["Metropolitan Police"] * 1000,
    " pop", p16["Metropolitan Police"], "\n")
c15 <- count_at("31/12/2015"); p15 <- force_pop(2015)
cat("Durham YE Dec 2015 per 1000, mid-2015:", c15["Durham"] / p15["Durham"] * 1000, "\n")

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
  z998 <- qnorm(0.999)
  exact <- function(p) {
    lambda <- target / per * pop
    r <- qpois(p, lambda)
    alpha <- (ppois(r, lambda) - p) / (ppois(r, lambda) - ppois(r - 1, lambda))
    pmax(0, r - alpha) / pop * per
  }
  list(target = target, rate = rate, z = z, phi = phi, tau2 = tau2, expected = expected,
       none998 = cbind(exact(0.001), exact(0.999)),
       add998 = cbind(pmax(0, target - z998 * sqrt(s^2 + tau2)), target + z998 * sqrt(s^2 + tau2)),
       mult998 = cbind(pmax(0, target - z998 * sqrt(phi) * s), target + z998 * sqrt(phi) * s))
}
flags <- function(rate, lim) ifelse(rate > lim[, 2], "above", ifelse(rate < lim[, 1], "below", "within"))

cat("== areas, 12 months ending Mar 2018, mid-2017 populations (the default) ==\n")
forces <- intersect(names(c18), names(p17))
cat("forces:", length(forces), " left out:", setdiff(names(c18), names(p17)), "\n")
r <- funnel_ref(c18[forces], p17[forces], per = 1000)
cat("target", r$target, " phi", r$phi, " tau2", r$tau2, " total", sum(c18[forces]), sum(p17[forces]), "\n")
for (k in c("none998", "add998", "mult998")) {
  f <- flags(r$rate, r[[k]])
  cat(k, ": above", sum(f == "above"), " below", sum(f == "below"), ":",
      paste(forces[f != "within"], substr(f[f != "within"], 1, 1), collapse = "; "), "\n")
}
sel <- c("Durham", "Derbyshire", "City of London", "Metropolitan Police", "Dorset")
i <- match(sel, forces)
print(data.frame(force = sel, pop = p17[sel], rate = r$rate[i], expected = r$expected[i], z = r$z[i],
                 add_high = r$add998[i, 2], none_low = r$none998[i, 1], none_high = r$none998[i, 2]))
