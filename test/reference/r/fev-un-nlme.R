# Cross-check of the fev_data UN REML optimum with nlme::gls (run from the project root: Rscript test/reference/r/fev-un-nlme.R).
# Output in fev-un-nlme.out. Development aid only: R is not a dependency of the product or its tests.
library(nlme)
d <- read.csv("test/reference/data/fev_data.csv")
d <- d[!is.na(d$FEV1),]
d$AVISIT <- factor(d$AVISIT); d$ARMCD <- relevel(factor(d$ARMCD), "PBO"); d$RACE <- factor(d$RACE); d$SEX <- relevel(factor(d$SEX), "Male")
d$vi <- as.integer(d$AVISIT)
m <- gls(FEV1 ~ RACE + SEX + ARMCD * AVISIT, data = d, correlation = corSymm(form = ~ vi | USUBJID), weights = varIdent(form = ~ 1 | AVISIT), method = "REML",
         control = glsControl(tolerance = 1e-12, msTol = 1e-14, maxIter = 1000, msMaxIter = 1000))
cat(sprintf("m2ll %.10f\n", -2 * logLik(m)))
print(coef(m), digits = 10)
S <- getVarCov(m, individual = d$USUBJID[which(table(d$USUBJID)[as.character(d$USUBJID)] == 4)[1]])
print(S, digits = 10)
