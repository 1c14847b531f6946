# Likelihood-ratio tests and information criteria for src-core/inference/compare.ts.
# Run from the repository root: Rscript test/core/inference/r/compare.R > test/core/inference/r/compare.out
# - lme4::anova(refit = FALSE) gives the REML LRT of a random slope; the boundary (mixture) p-value
#   0.5 P(chi2_1 > LR) + 0.5 P(chi2_2 > LR) is computed here by hand (Stram and Lee 1994).
# - nlme::gls ML fits give the LRT when the fixed effects differ (both models refitted by ML).
# - nlme::gls REML fits give -2 REML log L for residual structures over visits (SAS's AIC counts only the
#   covariance parameters, so AIC and BIC are recomputed by the test from -2 log L).
suppressPackageStartupMessages({ library(lme4); library(nlme) })
options(digits = 12)
sleep <- read.csv("test/reference/data/sleepstudy.csv")
m0 <- lmer(Reaction ~ Days + (1 | Subject), sleep, REML = TRUE)
m1 <- lmer(Reaction ~ Days + (Days | Subject), sleep, REML = TRUE)
m1d <- lmer(Reaction ~ Days + (Days || Subject), sleep, REML = TRUE)
a <- anova(m0, m1, refit = FALSE)
LR <- a$Chisq[2]
cat(sprintf("slope m2ll0 %.10f m2ll1 %.10f LR %.10f df %d p %.12g pmix %.12g\n",
  -2 * logLik(m0), -2 * logLik(m1), LR, a$Df[2], a[["Pr(>Chisq)"]][2],
  0.5 * pchisq(LR, 1, lower.tail = FALSE) + 0.5 * pchisq(LR, 2, lower.tail = FALSE)))
LRd <- as.numeric(2 * (logLik(m1d) - logLik(m0)))
cat(sprintf("diagslope m2ll1 %.10f LR %.10f p %.12g pmix %.12g\n", -2 * logLik(m1d), LRd,
  pchisq(LRd, 1, lower.tail = FALSE), 0.5 * pchisq(LRd, 1, lower.tail = FALSE)))

fev <- read.csv("test/reference/data/fev_data.csv")
fev <- fev[!is.na(fev$FEV1), ]
for (v in c("RACE", "SEX", "ARMCD", "AVISIT")) fev[[v]] <- factor(fev[[v]])
fev$t <- as.integer(fev$AVISIT)
g1 <- gls(FEV1 ~ ARMCD * AVISIT, fev, correlation = corCompSymm(form = ~ 1 | USUBJID), method = "ML")
g0 <- gls(FEV1 ~ ARMCD + AVISIT, fev, correlation = corCompSymm(form = ~ 1 | USUBJID), method = "ML")
LRf <- as.numeric(2 * (logLik(g1) - logLik(g0)))
cat(sprintf("fixed m2ll0 %.10f m2ll1 %.10f LR %.10f df 3 p %.12g\n", -2 * logLik(g0), -2 * logLik(g1), LRf, pchisq(LRf, 3, lower.tail = FALSE)))

f <- FEV1 ~ RACE + SEX + ARMCD * AVISIT
ctl <- glsControl(maxIter = 200, msMaxIter = 200, tolerance = 1e-10)
het <- varIdent(form = ~ 1 | AVISIT)
fits <- list(
  us = gls(f, fev, correlation = corSymm(form = ~ t | USUBJID), weights = het, control = ctl),
  toeph = gls(f, fev, correlation = corARMA(form = ~ t | USUBJID, p = 3), weights = het, control = ctl),
  ar1h = gls(f, fev, correlation = corAR1(form = ~ t | USUBJID), weights = het, control = ctl),
  csh = gls(f, fev, correlation = corCompSymm(form = ~ 1 | USUBJID), weights = het, control = ctl),
  toep = gls(f, fev, correlation = corARMA(form = ~ t | USUBJID, p = 3), control = ctl),
  ar1 = gls(f, fev, correlation = corAR1(form = ~ t | USUBJID), control = ctl),
  cs = gls(f, fev, correlation = corCompSymm(form = ~ 1 | USUBJID), control = ctl)
)
for (s in names(fits)) cat(sprintf("structure %s m2ll %.10f\n", s, -2 * logLik(fits[[s]])))
