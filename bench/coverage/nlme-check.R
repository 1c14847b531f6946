# Cross-check of the coverage study's fits with an independent REML implementation, R's nlme:
#   node dist/coverage.mjs --export DIR --reps N [--subjects-per-arm K]
#   Rscript bench/coverage/nlme-check.R DIR
# gls with a general correlation (corSymm) and a variance per visit (varIdent) is the unstructured MMRM.
# For every replicate it prints the TRT - PBO estimate at the last visit and -2 REML log L from both; the
# summary compares them where both converged and lists what nlme makes of the fits the engine does not count.
suppressMessages(library(nlme))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript bench/coverage/nlme-check.R DIR")
dir <- args[1]
engine <- read.csv(file.path(dir, "engine.csv"), stringsAsFactors = FALSE)
engine$converged <- engine$converged == "true"

fit_nlme <- function(rep) {
  d <- read.csv(file.path(dir, sprintf("rep%d.csv", rep)), stringsAsFactors = FALSE)
  visits <- sort(unique(d$VISIT))
  d$VISIT <- factor(d$VISIT, levels = visits)
  d$ARM <- factor(d$ARM, levels = c("PBO", "TRT"))
  d$time <- as.integer(d$VISIT)
  fit <- tryCatch(
    gls(Y ~ ARM * VISIT, data = d, method = "REML",
        correlation = corSymm(form = ~ time | SUBJ), weights = varIdent(form = ~ 1 | VISIT),
        control = glsControl(maxIter = 500, msMaxIter = 500)),
    error = function(e) conditionMessage(e))
  if (is.character(fit)) return(data.frame(nlme_ok = FALSE, nlme_estimate = NA, nlme_se = NA, nlme_m2logLik = NA, nlme_message = fit))
  b <- coef(fit)
  l <- setNames(numeric(length(b)), names(b))
  l["ARMTRT"] <- 1
  l[paste0("ARMTRT:VISIT", visits[length(visits)])] <- 1
  data.frame(nlme_ok = TRUE, nlme_estimate = sum(l * b), nlme_se = sqrt(drop(l %*% vcov(fit) %*% l)),
             nlme_m2logLik = -2 * as.numeric(logLik(fit)), nlme_message = "")
}

m <- cbind(engine, do.call(rbind, lapply(engine$rep, fit_nlme)))
m$d_estimate <- m$estimate - m$nlme_estimate
m$d_m2logLik <- m$m2logLik - m$nlme_m2logLik
both <- m$converged & m$nlme_ok
cat(sprintf("%d replicates: engine converged %d, nlme converged %d, both %d\n", nrow(m), sum(m$converged), sum(m$nlme_ok), sum(both)))
if (any(both)) {
  cat(sprintf("both converged: max |estimate difference| %.2e, max |SE difference| %.2e, -2 REML log L engine minus nlme from %.2e to %.2e\n",
              max(abs(m$d_estimate[both])), max(abs(m$se[both] - m$nlme_se[both])), min(m$d_m2logLik[both]), max(m$d_m2logLik[both])))
}
bad <- m[!m$converged, c("rep", "estimate", "m2logLik", "nlme_ok", "nlme_estimate", "nlme_m2logLik", "d_m2logLik", "message")]
if (nrow(bad) > 0) {
  cat("\nreplicates the engine does not count (not converged), with nlme's result:\n")
  bad$message <- substr(bad$message, 1, 70)
  print(bad, digits = 6, row.names = FALSE)
}
engine_only <- m[m$converged & !m$nlme_ok, "rep"]
if (length(engine_only) > 0) cat("\nconverged in the engine, nlme failed:", engine_only, "\n")
