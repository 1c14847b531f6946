# emmeans reference values for test/core/inference/lsmeans.test.ts. Run from the project root:
#   Rscript test/core/inference/r/lsmeans.R > test/core/inference/r/lsmeans.out
# Development aid only: R is not a dependency of the product or its tests.
# Every estimate and SE is printed with sprintf("%.10g"), one per line, tab-separated:
#   <model> <weights> <kind> <key> <estimate> <se>      (kind: emmean, diff, contrast)
#   <model> <weights> slice  <key> <F> <df1>            (Wald F of equal LS means within the by group)
#   <model> <weights> joint  <key> <F.ratio> <df1>      (emmeans' test(joint = TRUE), which rounds F to 3 decimals)
# where <key> is "ARMCD=TRT,AVISIT=VIS2" for an LS mean and "<label>|AVISIT=VIS2" for a difference or contrast.
# and the fits' β̂ and their covariance (sprintf("%.17g")), so the tests can check the estimable functions
# exactly against R's own β̂ and vcov as well as against Longitude's fit:
#   <model> fit coef <name> <estimate> NA
#   <model> fit vcov <name> <row of vcov, comma-separated> NA
#
# Weights "proportional": emmeans' reference grid carries a weight per cell (.wgt.), the sum of the model's
# prior weights over the rows in the cell. For gls with a variance function, recover_data.gls takes those
# from nlme::varWeights (the varIdent weights 1/σ_visit-ratio), so emmeans' own "proportional" would weight
# by them. Longitude (and emmeans for lm/lmer without prior weights) weights by row counts, so .wgt. is set
# to the number of used rows in each cell below; emmeans then applies its definition unchanged: each
# combination of the averaged-over factors gets the count summed over the specs and by factors.
suppressPackageStartupMessages({ library(nlme); library(emmeans) })
cat(sprintf("# R %s, nlme %s, emmeans %s\n", getRversion(), packageVersion("nlme"), packageVersion("emmeans")))
d <- read.csv("test/reference/data/fev_data.csv")
d <- d[!is.na(d$FEV1), ]
for (v in c("AVISIT", "ARMCD", "RACE", "SEX")) d[[v]] <- factor(d[[v]])
ctl <- glsControl(tolerance = 1e-12, msTol = 1e-14, maxIter = 1000, msMaxIter = 1000)

# Model "us": Longitude "FEV1 ~ FEV1_BL + RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)", REML.
m_us <- gls(FEV1 ~ FEV1_BL + RACE + SEX + ARMCD * AVISIT, data = d, method = "REML", control = ctl,
            correlation = corSymm(form = ~ VISITN | USUBJID), weights = varIdent(form = ~ 1 | AVISIT))
# Model "cs": Longitude "FEV1 ~ ARMCD * SEX + RACE * SEX + AVISIT + I(FEV1_BL^2) + FEV1_BL:AVISIT + cs(AVISIT | USUBJID)",
# REML. FEV1_BL enters only through I(FEV1_BL^2) and an interaction with AVISIT; RACE:SEX makes the joint
# frequencies of (RACE, SEX) matter when both are averaged over ("proportional" differs from "outer").
m_cs <- gls(FEV1 ~ ARMCD * SEX + RACE * SEX + AVISIT + I(FEV1_BL^2) + FEV1_BL:AVISIT, data = d, method = "REML", control = ctl,
            correlation = corCompSymm(form = ~ 1 | USUBJID))
for (m in list(m_us, m_cs)) cat(sprintf("# %s: -2 REML log L %.10f\n", deparse(formula(m)), -2 * logLik(m)))

key <- function(grid, cols) apply(grid[, cols, drop = FALSE], 1, function(r) paste(paste0(cols, "=", trimws(r)), collapse = ","))
out <- function(model, w, kind, keys, est, se) cat(sprintf("%s\t%s\t%s\t%s\t%.10g\t%.10g\n", model, w, kind, keys, est, se), sep = "")

grids <- list()
counted_grid <- function(model, m) {
  if (!is.null(grids[[model]])) return(grids[[model]])
  rg <- ref_grid(m, data = d, mode = "asymptotic")
  fac <- names(rg@levels)[vapply(rg@levels, is.character, TRUE)]
  cell <- function(df) do.call(paste, c(lapply(df[fac], as.character), sep = "\r"))
  counts <- as.numeric(table(factor(cell(d), levels = cell(rg@grid))))
  cat(sprintf("# %s: %d used rows; emmeans' own cell weights equal the row counts: %s\n", model, nrow(d), isTRUE(all.equal(rg@grid$.wgt., counts))))
  rg@grid$.wgt. <- counts
  b <- coef(m); V <- vcov(m)
  cat(sprintf("%s\tfit\tcoef\t%s\t%.17g\tNA\n", model, names(b), b), sep = "")
  cat(sprintf("%s\tfit\tvcov\t%s\t%s\tNA\n", model, rownames(V), apply(V, 1, function(r) paste(sprintf("%.17g", r), collapse = ","))), sep = "")
  grids[[model]] <<- rg
  rg
}

run <- function(model, m, specs, by, contrasts, weights = c("equal", "proportional")) {
  rg <- counted_grid(sub("-.*", "", model), m)
  for (w in weights) {
    emm <- emmeans(rg, specs = specs, by = by, weights = w)
    s <- as.data.frame(summary(emm))
    out(model, w, "emmean", key(s, c(specs, by)), s$emmean, s$SE)
    # revpairwise: later level minus earlier level; emmeans labels a combination "TRT Female", we write "TRT:Female".
    p <- as.data.frame(summary(contrast(emm, "revpairwise")))
    lab <- gsub(" ", ":", gsub(" - ", "\t", p$contrast))
    lab <- sub("\t", " - ", lab)
    out(model, w, "diff", paste0(lab, "|", key(p, by)), p$estimate, p$SE)
    cc <- as.data.frame(summary(contrast(emm, contrasts)))
    out(model, w, "contrast", paste0(cc$contrast, "|", key(cc, by)), cc$estimate, cc$SE)
    co <- contrast(emm, "consec")
    j <- as.data.frame(test(co, joint = TRUE, by = by))
    term <- paste(specs, collapse = ":")
    out(model, w, "joint", paste0(term, "|", key(j, by)), j$F.ratio, j$df1)
    # The same F unrounded: (Lb)' (L V L')^-1 (Lb) / rank(L) over the consecutive differences in each by group.
    g <- co@grid
    for (lev in levels(g[[by]])) {
      L <- co@linfct[g[[by]] == lev, , drop = FALSE]
      Lb <- L %*% co@bhat
      F <- drop(t(Lb) %*% solve(L %*% co@V %*% t(L), Lb)) / qr(L)$rank
      out(model, w, "slice", paste0(term, "|", by, "=", lev), F, qr(L)$rank)
    }
  }
}
# Custom contrasts by coefficient over the specs levels in emmeans' order (first factor fastest).
run("us", m_us, "ARMCD", "AVISIT", list("2 TRT - PBO/2" = c(-0.5, 2)))
run("cs", m_cs, c("ARMCD", "SEX"), "AVISIT", list("interaction" = c(1, -1, -1, 1), "TRT Male" = c(0, 0, 0, 1)))
# ARMCD alone, averaged over SEX and RACE (and their interaction); "outer" is printed to show it differs.
run("cs-armcd", m_cs, "ARMCD", "AVISIT", list("2 TRT - PBO/2" = c(-0.5, 2)), c("equal", "proportional", "outer"))
