# Estimability of LS means with an empty cell, for test/core/inference/lsmeans.test.ts. Run from the root:
#   Rscript test/core/inference/r/estimability.R > test/core/inference/r/estimability.out
# fev_data without the TRT rows at VIS4: the cell ARMCD=TRT, AVISIT=VIS4 is empty, so ARMCDTRT:AVISITVIS4 is
# aliased. emmeans marks the LS means and differences that are not estimable as "nonEst" (SAS: "Non-est").
# One line per LS mean or difference: <kind> <key> <estimate or NA> <se or NA>.
# lme4 drops the aliased column (nlme's gls refuses a rank-deficient X); a random intercept is Longitude's
# "FEV1 ~ ARMCD * AVISIT + (1 | USUBJID)".
suppressPackageStartupMessages({ library(lme4); library(emmeans) })
d <- read.csv("test/reference/data/fev_data.csv")
d <- d[!is.na(d$FEV1) & !(d$ARMCD == "TRT" & d$AVISIT == "VIS4"), ]
for (v in c("AVISIT", "ARMCD")) d[[v]] <- factor(d[[v]])
m <- lmer(FEV1 ~ ARMCD * AVISIT + (1 | USUBJID), data = d, REML = TRUE,
          control = lmerControl(optCtrl = list(ftol_abs = 1e-12, xtol_abs = 1e-10)))
cat(sprintf("# -2 REML log L %.10f\n", -2 * logLik(m)))
show <- function(kind, s, key) for (i in seq_len(nrow(s)))
  cat(sprintf("%s\t%s\t%.10g\t%.10g\n", kind, key(s, i), s[i, if (kind == "diff") "estimate" else "emmean"], s[i, "SE"]))
byv <- emmeans(m, ~ ARMCD | AVISIT, lmer.df = "asymptotic")
show("emmean", as.data.frame(summary(byv)), function(s, i) sprintf("ARMCD=%s,AVISIT=%s", s$ARMCD[i], s$AVISIT[i]))
show("diff", as.data.frame(summary(pairs(byv, reverse = TRUE))), function(s, i) sprintf("%s|AVISIT=%s", gsub(" ", "", s$contrast[i]), s$AVISIT[i]))
all <- emmeans(m, ~ ARMCD, lmer.df = "asymptotic")
show("emmean", as.data.frame(summary(all)), function(s, i) sprintf("ARMCD=%s", s$ARMCD[i]))
