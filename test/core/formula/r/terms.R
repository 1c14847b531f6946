# Expected term expansion for test/core/formula/terms.test.ts, from R's terms.formula.
# Run from the repository root: Rscript test/core/formula/r/terms.R  (writes terms.json next to it)
library(jsonlite)
formulas <- c(
  "y ~ a*b", "y ~ a*b*c - a:b:c", "y ~ (a + b + c)^2", "y ~ a/b", "y ~ (a + b)/c", "y ~ b:a + a",
  "y ~ a + b - 1", "y ~ 0 + a", "y ~ a:b + a", "y ~ c + a*b", "y ~ a*b - a", "y ~ I(x^2) + x",
  "y ~ poly(x, 2)*a", "y ~ a + b + a:b + b:a", "y ~ -1 + a + 1", "y ~ a*(b + c)", "y ~ (a + b)*(c + d)",
  "y ~ a:b:c + a:b + a", "y ~ log(x + 1) + exp(-x) + sqrt(x/2)", "y ~ a - a", "y ~ 1", "y ~ 0",
  "y ~ a + (b + c):d"
)
out <- lapply(formulas, function(f) {
  t <- terms(as.formula(f))
  list(formula = f, terms = attr(t, "term.labels"), intercept = attr(t, "intercept") == 1)
})
writeLines(toJSON(out, auto_unbox = FALSE, pretty = TRUE), "test/core/formula/r/terms.json")
