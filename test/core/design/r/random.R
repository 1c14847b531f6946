# Expected random-effects design for test/core/design/random.test.ts, from lme4 (getME) on sleepstudy.
# Run from the repository root: Rscript test/core/design/r/random.R  (writes random.json next to it)
library(jsonlite)
library(lme4)
sleep <- read.csv("test/reference/data/sleepstudy.csv", stringsAsFactors = TRUE)
sleep$Subject <- factor(sleep$Subject)
one <- function(f) {
  m <- lmer(as.formula(f), sleep, REML = TRUE)
  Z <- as.matrix(getME(m, "Z"))
  list(formula = f, cnms = unname(lapply(getME(m, "cnms"), I)), groups = names(getME(m, "cnms")),
       levels = levels(getME(m, "flist")[[1]]), Zsums = unname(colSums(Z)), Zrow10 = unname(Z[10, ]))
}
out <- list(one("Reaction ~ Days + (Days | Subject)"), one("Reaction ~ Days + (0 + Days | Subject)"),
            one("Reaction ~ Days + (Days || Subject)"), one("Reaction ~ Days + (1 | Subject)"))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "test/core/design/r/random.json")
