# Cross-check of the benchmark's missingness trials with nlme (not a dependency of Longitude or its tests).
#   node bin/build.js && node dist/bench.mjs --export-missingness /tmp/missingness
#   Rscript bench/r/missingness-nlme.R /tmp/missingness > bench/r/missingness-nlme.out
# Fits the same UN REML model as the benchmark (CHG ~ BASE + ARM * AVISIT, unstructured over AVISIT within
# USUBJID) with gls(corSymm + varIdent), nlme's default optimiser, and prints -2 REML log-likelihood or the
# failure message per trial.
library(nlme)
dir <- commandArgs(TRUE)[1]
cat("nlme", as.character(packageVersion("nlme")), "\n")
for (f in sort(list.files(dir, pattern = "^missingness-.*\\.csv$", full.names = TRUE))) {
  d <- read.csv(f)
  d$AVISIT <- factor(d$AVISIT); d$ARM <- factor(d$ARM); d$vi <- as.integer(d$AVISIT)
  t0 <- Sys.time()
  fit <- tryCatch(
    gls(CHG ~ BASE + ARM * AVISIT, data = d, correlation = corSymm(form = ~ vi | USUBJID),
        weights = varIdent(form = ~ 1 | AVISIT), method = "REML"),
    error = function(e) conditionMessage(e))
  secs <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
  if (is.character(fit)) cat(basename(f), "failed:", fit, sprintf("(%.1f s)", secs), "\n")
  else cat(basename(f), "converged: -2 REML logLik", sprintf("%.4f", -2 * as.numeric(logLik(fit))), sprintf("(%.1f s)", secs), "\n")
}
