# Expected poly() and ns() bases for test/core/design/basis.test.ts, from R's stats::poly and splines::ns,
# and their predict() methods at new values (inside and outside the boundary knots).
# Run from the repository root: Rscript test/core/design/r/basis.R  (writes basis.json next to it)
library(jsonlite)
library(splines)
x <- c(0.5, 1.2, 2, 3.3, 3.3, 4.1, 5, 7.5, 8, 10.2, 2.7, 6.4)
xnew <- c(-1, 0.5, 2.2, 9.9, 10.2, 12)
out <- list(x = x, xnew = xnew, poly = list(), ns = list())
for (k in 1:4) {
  p <- poly(x, k)
  out$poly[[k]] <- list(degree = k, basis = unname(unclass(p)[, , drop = FALSE]),
                        alpha = I(attr(p, "coefs")$alpha), norm2 = attr(p, "coefs")$norm2,
                        predict = unname(predict(p, xnew)))
}
for (df in 1:5) {
  b <- ns(x, df = df)
  out$ns[[df]] <- list(df = df, basis = unname(unclass(b)[, , drop = FALSE]), knots = I(as.numeric(attr(b, "knots"))),
                       predict = unname(predict(b, xnew)))
}
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), "test/core/design/r/basis.json")
