# Expected level order for test/core/design/collate.test.ts: R 4.2.2's default sort() of character vectors
# (ICU collation, locale "root", as R reports with icuGetCollate()). Also as.character() of numbers, which
# labels the levels of numeric columns listed in "factors" (the numbers are written with 17 digits, exactly).
# Run from the repository root: Rscript test/core/design/r/collate.R  (writes collate.json next to it)
library(jsonlite)
ascii <- sapply(32:126, function(i) intToUtf8(i))
words <- c("a b", "ab", "a-b", "aB", "Ab", "AB", "a_b", "B", "b", "VIS10", "VIS2", "VIS1", "Z", "a", "_x", "1x",
           "Black or African American", "White", "Asian", "WEEK 8", "WEEK 12", "Week 2", "PBO", "TRT", "placebo",
           "a.b", "a1", "a10", "a2", "aa", "aA", "Aa", "ab.", "Screening", "BASELINE", "Baseline")
numbers <- c(1, 2, 10, 0.5, -2.5, 100000, 123456, 0.0001, 0.1 + 0.2, 1/3, 1e15, 1e-20, 2^60, -0.000123)
out <- list(icu = icuGetCollate(), ascii = sort(ascii), words = sort(words),
            numbers = sprintf("%.17g", numbers), labels = as.character(numbers))
writeLines(toJSON(out, digits = NA, pretty = TRUE), "test/core/design/r/collate.json")
