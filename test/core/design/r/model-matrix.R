# Expected model matrices for test/core/design/model-matrix.test.ts, from R's model.matrix and lm.
# Run from the repository root: Rscript test/core/design/r/model-matrix.R
# Writes test/core/design/r/model-matrix.json. Data: test/reference/data/*.csv.
# Data-dependent bases (poly, ns, within/between) are fitted on the complete cases, as Longitude does,
# so each case first keeps the rows with no missing value in the variables it uses.
library(jsonlite)
library(splines)
fev <- read.csv("test/reference/data/fev_data.csv", stringsAsFactors = TRUE)
orth <- read.csv("test/reference/data/orthodont.csv", stringsAsFactors = TRUE)

case <- function(name, data, formula, vars, prep = identity) {
  d <- data[complete.cases(data[, vars, drop = FALSE]), , drop = FALSE]
  d <- droplevels(prep(d))
  f <- as.formula(formula)
  X <- model.matrix(f, d)
  fit <- lm(f, d)
  list(name = name, formula = formula, nobs = nrow(X),
       names = colnames(X),
       aliased = names(coef(fit))[is.na(coef(fit))],
       terms = attr(terms(f), "term.labels"),
       head = unname(X[1:6, , drop = FALSE]),
       colSums = unname(colSums(X)),
       colSumSq = unname(colSums(X^2)))
}
cases <- list(
  case("fev main", fev, "FEV1 ~ RACE + SEX + ARMCD * AVISIT", c("FEV1", "RACE", "SEX", "ARMCD", "AVISIT")),
  case("fev three-way", fev, "FEV1 ~ RACE * SEX * ARMCD", c("FEV1", "RACE", "SEX", "ARMCD")),
  case("fev power", fev, "FEV1 ~ (RACE + SEX + AVISIT)^2", c("FEV1", "RACE", "SEX", "AVISIT")),
  case("fev no intercept", fev, "FEV1 ~ -1 + ARMCD + RACE", c("FEV1", "ARMCD", "RACE")),
  case("fev interaction only", fev, "FEV1 ~ ARMCD:AVISIT", c("FEV1", "ARMCD", "AVISIT")),
  case("fev slope with main", fev, "FEV1 ~ FEV1_BL + FEV1_BL:ARMCD", c("FEV1", "FEV1_BL", "ARMCD")),
  case("fev slope without main", fev, "FEV1 ~ FEV1_BL:ARMCD", c("FEV1", "FEV1_BL", "ARMCD")),
  case("fev nested", fev, "FEV1 ~ AVISIT/ARMCD", c("FEV1", "AVISIT", "ARMCD")),
  case("fev removal", fev, "FEV1 ~ ARMCD * AVISIT - AVISIT", c("FEV1", "ARMCD", "AVISIT")),
  case("fev reference", fev, "FEV1 ~ ARMCD * AVISIT", c("FEV1", "ARMCD", "AVISIT"),
       function(d) { d$ARMCD <- relevel(d$ARMCD, ref = "TRT"); d }),
  case("fev numeric factor", fev, "FEV1 ~ VISITN + ARMCD:VISITN", c("FEV1", "VISITN", "ARMCD"),
       function(d) { d$VISITN <- factor(d$VISITN); d }),
  case("fev functions", fev, "FEV1 ~ I(FEV1_BL^2) + log(FEV1_BL) + exp(VISITN2/10) + sqrt(WEIGHT) + I((VISITN2 + 1) * -2)",
       c("FEV1", "FEV1_BL", "VISITN2", "WEIGHT")),
  case("fev poly ns", fev, "FEV1 ~ poly(VISITN2, 3) + ns(FEV1_BL, 4) + ns(WEIGHT, df = 1) + poly(FEV1_BL, degree = 2):ARMCD",
       c("FEV1", "VISITN2", "FEV1_BL", "WEIGHT", "ARMCD")),
  case("fev aliased", fev, "FEV1 ~ FEV1_BL + ARMCD + I(2 * FEV1_BL) + AVISIT + I(FEV1_BL - 3)", c("FEV1", "FEV1_BL", "ARMCD", "AVISIT")),
  case("orthodont", orth, "distance ~ age * Sex", c("distance", "age", "Sex")),
  case("orthodont nested slope", orth, "distance ~ Sex + age:Sex", c("distance", "age", "Sex")),
  case("orthodont no intercept", orth, "distance ~ 0 + Sex + Sex:age", c("distance", "age", "Sex"))
)
# within/between: the subject mean of FEV1_BL*VISITN2 type covariates, computed over the used rows.
d <- fev[complete.cases(fev[, c("FEV1", "VISITN2", "USUBJID")]), ]
d$b <- ave(d$VISITN2, d$USUBJID)
d$w <- d$VISITN2 - d$b
X <- model.matrix(FEV1 ~ w + b, d)
cases[[length(cases) + 1]] <- list(name = "fev within between", formula = "FEV1 ~ within(VISITN2, USUBJID) + between(VISITN2, USUBJID)",
  nobs = nrow(X), names = c("(Intercept)", "within(VISITN2, USUBJID)", "between(VISITN2, USUBJID)"), aliased = character(0),
  terms = c("within(VISITN2, USUBJID)", "between(VISITN2, USUBJID)"),
  head = unname(X[1:6, ]), colSums = unname(colSums(X)), colSumSq = unname(colSums(X^2)))
writeLines(toJSON(cases, digits = NA, auto_unbox = TRUE, pretty = FALSE), "test/core/design/r/model-matrix.json")
