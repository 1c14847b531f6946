# Cross-check of the Woodbury path (src-core/fit/woodbury.ts): a site random intercept on top of an unstructured
# residual, fitted by nlme (corSymm + varIdent within SITE/USUBJID). Data: withSites(simulateTrial(300, 4, 11), 7, 12)
# from bench/simulate.ts. Run from the repository root: Rscript bench/r/site-nlme.R > bench/r/site-nlme.out
suppressMessages(library(nlme))
d <- read.csv("bench/r/site-trial.csv")
d$AVISIT <- factor(d$AVISIT); d$ARM <- factor(d$ARM, levels=c("PBO","TRT")); d$SITE <- factor(d$SITE); d$USUBJID <- factor(d$USUBJID)
d$v <- as.integer(d$AVISIT)
m <- lme(CHG ~ BASE + ARM * AVISIT, random = ~1 | SITE, data = d, method = "REML",
         correlation = corSymm(form = ~ v | SITE/USUBJID), weights = varIdent(form = ~ 1 | AVISIT),
         control = lmeControl(maxIter = 500, msMaxIter = 500, opt = "optim"))
cat(sprintf("-2 REML logLik %.6f\n", -2 * as.numeric(logLik(m))))
cat(sprintf("site variance %.6f\n", as.numeric(VarCorr(m)[1, 1])))
print(summary(m)$tTable[, 1:2], digits = 10)
