# Reference values for test/core/summary/{icc,r2,shrinkage}.test.ts, computed by hand from lme4 and nlme fits.
# Run from the project root:  Rscript test/core/summary/r/summaries.R   (writes summaries.json next to it)
# Development aid only: R is not a dependency of the product or its tests.
#
# performance and MuMIn are not installed, so their formulas are written out here from their sources:
#   - Nakagawa S, Schielzeth H (2013). A general and simple method for obtaining R2 from generalized linear
#     mixed-effects models. Methods Ecol Evol 4:133-142.  R2m = sf/(sf + sum(sl) + se), R2c = (sf + sum(sl))/(...).
#   - Johnson PCD (2014). Extension of Nakagawa & Schielzeth's R2GLMM to random slopes models. Methods Ecol
#     Evol 5:944-946.  sl = mean over rows of z_i' G z_i = tr(Z G Z')/n.
#   - sf = var(X beta) with R's var() (divisor n - 1), as MuMIn::r.squaredGLMM and insight::get_variance
#     (behind performance::r2_nakagawa and performance::icc) compute it.
#   - performance::icc: adjusted = sum(sl)/(sum(sl) + se), unadjusted = sum(sl)/(sf + sum(sl) + se),
#     by_group = TRUE: var.intercept[g]/(sum(sl) + se) (G[1, 1] of each term; performance itself warns that
#     this is not accurate for terms with random slopes, so the tests compare it for intercept-only terms).
#   - ICC(t) for (1 + t | g): (g00 + 2 g01 t + g11 t^2)/(g00 + 2 g01 t + g11 t^2 + se).
#   - Shrinkage: PEV/G_jj with PEV = diag(G - G Z' P Z G), P = V^-1 - V^-1 X (X'V^-1 X)^-1 X'V^-1 (SAS's
#     prediction variance, which counts the uncertainty of beta). lme4's condVar ("postVar") is
#     diag(G - G Z' V^-1 Z G), at beta fixed; both are written, and pev - postVar = the beta term.
suppressPackageStartupMessages({ library(lme4); library(nlme); library(jsonlite) })
ctl <- lmerControl(optimizer = "nloptwrap", optCtrl = list(xtol_abs = 1e-14, ftol_abs = 1e-15, xtol_rel = 0, maxeval = 1e5),
                   check.conv.singular = "ignore")
versions <- sprintf("R %s; lme4 %s; nlme %s", getRversion(), packageVersion("lme4"), packageVersion("nlme"))

sleep <- read.csv("test/reference/data/sleepstudy.csv"); sleep$Subject <- factor(sleep$Subject)
orth <- read.csv("test/reference/data/orthodont.csv"); orth$Subject <- factor(orth$Subject); orth$Sex <- relevel(factor(orth$Sex), "Male")
fev <- read.csv("test/reference/data/fev_data.csv"); fev <- fev[!is.na(fev$FEV1), ]
for (v in c("AVISIT", "ARMCD", "RACE", "SEX", "USUBJID")) fev[[v]] <- factor(fev[[v]])
fev$ARMCD <- relevel(fev$ARMCD, "PBO")
# A nested model whose outer blocks stay small: each subject's days 0-4 ("early") and 5-9 ("late") as an inner
# grouping, (1 | Subject/Half). (fev_data with (1 | RACE/USUBJID) has 3 blocks of ~180 rows and fits slowly.)
half <- sleep; half$Half <- ifelse(half$Days < 5, "early", "late")
write.csv(half, "test/core/summary/r/sleepstudy-half.csv", row.names = FALSE)

# Johnson's sl for every random term of an lmer fit. As MuMIn and insight do, z_i is taken from the columns of
# the fixed-effects model matrix named like the term's columns (all of them are in X for the models below).
# Terms are in lme4's order (getME(m, "cnms")); (Days || Subject) is two terms there and one (diagonal) in Longitude.
lmer_summary <- function(m, formula, data_name) {
  X <- getME(m, "X"); n <- nrow(X)
  sf <- var(as.vector(X %*% fixef(m)))
  se <- sigma(m)^2
  vc <- VarCorr(m); cnms <- getME(m, "cnms"); Gp <- getME(m, "Gp"); flist <- getME(m, "flist")
  asgn <- attr(flist, "assign")
  # dense V = Z Gfull Z' + se I, for the BLUPs and their prediction variances
  Z <- as.matrix(getME(m, "Z")); Lambda <- as.matrix(getME(m, "Lambda"))
  Gfull <- se * Lambda %*% t(Lambda)
  V <- Z %*% Gfull %*% t(Z) + se * diag(n)
  Vi <- solve(V); C <- solve(t(X) %*% Vi %*% X)
  P <- Vi - Vi %*% X %*% C %*% t(X) %*% Vi
  r <- getME(m, "y") - X %*% fixef(m)
  blup <- as.vector(Gfull %*% t(Z) %*% Vi %*% r)
  pev <- diag(Gfull - Gfull %*% t(Z) %*% P %*% Z %*% Gfull)
  cv <- diag(Gfull - Gfull %*% t(Z) %*% Vi %*% Z %*% Gfull)
  terms <- lapply(seq_along(cnms), function(k) {
    G <- as.matrix(vc[[k]]); q <- nrow(G)
    Zg <- X[, colnames(G), drop = FALSE]
    idx <- (Gp[k] + 1):Gp[k + 1]
    byrow <- function(v) unname(matrix(v[idx], ncol = q, byrow = TRUE))
    list(group = names(cnms)[k], terms = I(colnames(G)), G = unname(G), sl = sum(rowSums((Zg %*% G) * Zg)) / n,
         levels = levels(flist[[asgn[k]]]), blup = byrow(blup), pev = byrow(pev), postVarDense = byrow(cv))
  })
  sl <- sapply(terms, `[[`, "sl")
  list(data = data_name, formula = formula, logLik = as.numeric(logLik(m)), sf = sf, se = se, random = terms,
       r2m = sf / (sf + sum(sl) + se), r2c = (sf + sum(sl)) / (sf + sum(sl) + se),
       icc_adjusted = sum(sl) / (sum(sl) + se), icc_unadjusted = sum(sl) / (sf + sum(sl) + se),
       icc_by_group = sapply(terms, function(t) t$G[1, 1]) / (sum(sl) + se))
}
# lme4's own conditional variances (condVar, "postVar": Var(b | y) at beta fixed) for a one-term model, to check postVarDense.
lme4_postvar <- function(m) {
  re <- ranef(m, condVar = TRUE)[[1]]; pv <- attr(re, "postVar"); q <- dim(pv)[1]
  unname(matrix(as.vector(sapply(seq_len(dim(pv)[3]), function(i) diag(matrix(pv[, , i], q, q)))), ncol = q, byrow = TRUE))
}
fit_lmer <- function(f, data, data_name, postvar = FALSE) {
  m <- lmer(as.formula(f), data, REML = TRUE, control = ctl)
  s <- lmer_summary(m, f, data_name)
  if (postvar) s$lme4_postVar <- lme4_postvar(m)
  s
}

out <- list(versions = versions)
out$sleep_int <- fit_lmer("Reaction ~ Days + (1 | Subject)", sleep, "test/reference/data/sleepstudy.csv", postvar = TRUE)
out$sleep_slope <- fit_lmer("Reaction ~ Days + (Days | Subject)", sleep, "test/reference/data/sleepstudy.csv", postvar = TRUE)
G <- out$sleep_slope$random[[1]]$G; se <- out$sleep_slope$se; t <- 0:9
out$sleep_slope$icc_curve <- list(t = t, icc = (G[1, 1] + 2 * G[1, 2] * t + G[2, 2] * t^2) / (G[1, 1] + 2 * G[1, 2] * t + G[2, 2] * t^2 + se))
out$sleep_diag <- fit_lmer("Reaction ~ Days + (Days || Subject)", sleep, "test/reference/data/sleepstudy.csv")
out$orth_slope <- fit_lmer("distance ~ age * Sex + (age | Subject)", orth, "test/reference/data/orthodont.csv")
G <- out$orth_slope$random[[1]]$G; se <- out$orth_slope$se; a <- c(8, 10, 12, 14)
out$orth_slope$icc_curve <- list(t = a, icc = (G[1, 1] + 2 * G[1, 2] * a + G[2, 2] * a^2) / (G[1, 1] + 2 * G[1, 2] * a + G[2, 2] * a^2 + se))
out$sleep_nested <- fit_lmer("Reaction ~ Days + (1 | Subject/Half)", half, "test/core/summary/r/sleepstudy-half.csv")

# MMRM (no random effects): gls with an unstructured covariance over AVISIT.
# se = mean over the used rows of R_ii (each row's visit variance); sf = var(X beta); no random terms.
# opt = "optim" (BFGS): the default nlminb stops 1.1e-7 short in log-likelihood here, which moves the
# correlations by 1.6e-5; BFGS reaches the optimum (the same -2 log L as Longitude, to 1e-9).
gctl <- glsControl(tolerance = 1e-12, msTol = 1e-14, maxIter = 1000, msMaxIter = 1000, opt = "optim")
fev$vi <- as.integer(fev$AVISIT)
g <- gls(FEV1 ~ RACE + SEX + ARMCD * AVISIT, data = fev, correlation = corSymm(form = ~ vi | USUBJID),
         weights = varIdent(form = ~ 1 | AVISIT), method = "REML", control = gctl)
full <- names(which(table(fev$USUBJID) == 4))[1]
S <- getVarCov(g, individual = full)
Xg <- model.matrix(~ RACE + SEX + ARMCD * AVISIT, fev)
sf <- var(as.vector(Xg %*% coef(g)))
se <- mean(diag(S)[fev$vi])
out$fev_us <- list(data = "test/reference/data/fev_data.csv", formula = "FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)",
                   logLik = as.numeric(logLik(g)), sf = sf, se = se, r2m = sf / (sf + se), r2c = sf / (sf + se),
                   levels = levels(fev$AVISIT), correlation = unname(cov2cor(unclass(S))))

# Random intercept with an AR(1) residual: nlme::lme with corAR1 over Days (consecutive integers 0..9, so lag = |i - j|).
l <- lme(Reaction ~ Days, random = ~ 1 | Subject, correlation = corAR1(form = ~ Days | Subject), data = sleep, method = "REML",
         control = lmeControl(tolerance = 1e-12, msTol = 1e-14, maxIter = 1000, msMaxIter = 1000, niterEM = 100))
Gl <- as.numeric(getVarCov(l)); sel <- l$sigma^2
sf <- var(as.vector(model.matrix(~ Days, sleep) %*% fixef(l)))
out$sleep_ar1 <- list(data = "test/reference/data/sleepstudy.csv", formula = "Reaction ~ Days + (1 | Subject) + ar1(Days | Subject)",
                      logLik = as.numeric(logLik(l)), sf = sf, se = sel, sl = Gl, phi = as.numeric(coef(l$modelStruct$corStruct, unconstrained = FALSE)),
                      r2m = sf / (sf + Gl + sel), r2c = (sf + Gl) / (sf + Gl + sel), icc_adjusted = Gl / (Gl + sel))

writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE, matrix = "rowmajor"), "test/core/summary/r/summaries.json")
