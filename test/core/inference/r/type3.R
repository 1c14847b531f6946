# Type III reference values for test/core/inference/type3.test.ts. Run from the project root:
#   Rscript test/core/inference/r/type3.R > test/core/inference/r/type3.out
# Development aid only: R is not a dependency of the product or its tests.
#
# Coding-independent Type III Wald F without car or lmerTest: refit with sum-to-zero contrasts
# (options(contrasts = c("contr.sum", "contr.poly"))) and, for each term, take the Wald test of that term's
# columns (attr(X, "assign")): F = b' V^-1 b / df, with b and V the term's block of coef() and vcov().
# With contr.sum every term's columns are its sum-to-zero effects, so this is SAS's Type III for models
# without empty cells; car::Anova(type = 3) gives the same chi-square (checked below, chisq = F * df).
# Lines: <model> <term> <numDF> <F> (tab-separated, F with sprintf("%.10g")); "#" lines are comments and give
# each model's -2 REML log L on Longitude's scale: REML's log|X'V^-1 X| depends on the coding, so the value is
# converted to treatment contrasts, -2 log L(treatment) = -2 log L(sum) - 2 log|det T| with X_sum = X_treatment T.
# Lines <model> parm <name> <value> give the estimated covariance parameters under SAS's names (UN(i,j) over
# VIS1..VIS4; CS and Residual), with sprintf("%.17g"), so the test can compute beta and C at exactly this fit's.
suppressPackageStartupMessages({ library(nlme); library(car) })
cat(sprintf("# R %s, nlme %s, car %s\n", getRversion(), packageVersion("nlme"), packageVersion("car")))
options(contrasts = c("contr.sum", "contr.poly"))
d <- read.csv("test/reference/data/fev_data.csv")
d <- d[!is.na(d$FEV1), ]
for (v in c("AVISIT", "ARMCD", "RACE", "SEX")) d[[v]] <- factor(d[[v]])
# optim() rather than nlminb(): with nlminb the UN fit stops about 1e-7 above the optimum of -2 log L.
ctl <- glsControl(tolerance = 1e-14, msTol = 1e-16, maxIter = 5000, msMaxIter = 5000, opt = "optim")

# Each model is fitted by REML; Longitude's formula is in the comment.
models <- list(
  # "FEV1 ~ FEV1_BL + RACE + SEX + ARMCD * AVISIT + FEV1_BL:AVISIT + us(AVISIT | USUBJID)"
  us = gls(FEV1 ~ FEV1_BL + RACE + SEX + ARMCD * AVISIT + FEV1_BL:AVISIT, data = d, method = "REML", control = ctl,
           correlation = corSymm(form = ~ VISITN | USUBJID), weights = varIdent(form = ~ 1 | AVISIT)),
  # "FEV1 ~ RACE + ARMCD * SEX * AVISIT + FEV1_BL:ARMCD + cs(AVISIT | USUBJID)": a three-way interaction, and a
  # covariate in an interaction without its main effect (R and Longitude code ARMCD there by all its levels).
  cs3 = gls(FEV1 ~ RACE + ARMCD * SEX * AVISIT + FEV1_BL:ARMCD, data = d, method = "REML", control = ctl,
            correlation = corCompSymm(form = ~ 1 | USUBJID)),
  # "FEV1 ~ RACE + ARMCD/AVISIT + poly(FEV1_BL, 2) * SEX + cs(AVISIT | USUBJID)": AVISIT nested in ARMCD (no AVISIT
  # main effect), and a two-column covariate crossed with a factor.
  nest = gls(FEV1 ~ RACE + ARMCD / AVISIT + poly(FEV1_BL, 2) * SEX, data = d, method = "REML", control = ctl,
             correlation = corCompSymm(form = ~ 1 | USUBJID))
)

for (name in names(models)) {
  m <- models[[name]]
  X <- model.matrix(formula(m), data = d)
  Xt <- model.matrix(formula(m), data = d, contrasts.arg = lapply(Filter(is.factor, d), function(f) "contr.treatment"))
  T <- qr.solve(Xt, X)
  stopifnot(max(abs(Xt %*% T - X)) < 1e-8)
  m2ll <- -2 * logLik(m) - 2 * determinant(T)$modulus
  cat(sprintf("# %s: %s: -2 REML log L %.10f\n", name, deparse(formula(m)), m2ll))
  stopifnot(identical(colnames(X), names(coef(m))))
  labels <- attr(terms(formula(m)), "term.labels")
  assign <- attr(X, "assign")
  b <- coef(m); V <- vcov(m)
  if (inherits(m$modelStruct$corStruct, "corSymm")) {
    full <- names(which(table(d$USUBJID) == 4))[1]
    S <- getVarCov(m, individual = full)
    stopifnot(identical(d$AVISIT[d$USUBJID == full], factor(paste0("VIS", 1:4))))
    for (i in 1:4) for (j in 1:i) cat(sprintf("%s\tparm\tUN(%d,%d)\t%.17g\n", name, i, j, S[i, j]))
  } else {
    rho <- coef(m$modelStruct$corStruct, unconstrained = FALSE)
    cat(sprintf("%s\tparm\t%s\t%.17g\n", name, c("CS", "Residual"), m$sigma^2 * c(rho, 1 - rho)), sep = "")
  }
  chisq <- Anova(m, type = 3)
  for (k in seq_along(labels)) {
    idx <- which(assign == k)
    Fk <- drop(t(b[idx]) %*% solve(V[idx, idx], b[idx])) / length(idx)
    stopifnot(abs(chisq[labels[k], "Chisq"] - Fk * length(idx)) < 1e-8 * Fk * length(idx))
    cat(sprintf("%s\t%s\t%d\t%.10g\n", name, labels[k], length(idx), Fk))
  }
}
