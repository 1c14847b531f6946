# Between-within df from nlme::lme (Pinheiro and Bates 2000, sec. 2.4.2): a term that changes within the
# grouping factor gets N - (S + p_within), one constant within it gets S - (1 + p_between). nlme gives the
# intercept the within df; SAS's DDFM=BETWITHIN gives it the between df (it does not change within a subject).
# Run from the repository root: Rscript test/core/inference/r/between-within.R > test/core/inference/r/between-within.out
suppressPackageStartupMessages(library(nlme))
show <- function(label, m) {
  a <- anova(m, type = "marginal")
  cat("##", label, "\n")
  for (i in seq_len(nrow(a))) cat(sprintf("term %s numDF %d denDF %d\n", rownames(a)[i], a$numDF[i], a$denDF[i]))
  tt <- summary(m)$tTable
  for (i in seq_len(nrow(tt))) cat(sprintf("coef %s DF %d\n", rownames(tt)[i], tt[i, "DF"]))
}
orth <- read.csv("test/reference/data/orthodont.csv")
orth$Sex <- factor(orth$Sex)
show("orthodont", lme(distance ~ age + Sex, random = ~ 1 | Subject, data = orth, method = "REML"))
sleep <- read.csv("test/reference/data/sleepstudy.csv")
show("sleepstudy", lme(Reaction ~ Days, random = ~ Days | Subject, data = sleep, method = "REML"))
fev <- read.csv("test/reference/data/fev_data.csv")
fev <- fev[!is.na(fev$FEV1), ]
for (v in c("RACE", "SEX", "ARMCD", "AVISIT")) fev[[v]] <- factor(fev[[v]])
show("fev", lme(FEV1 ~ RACE + SEX + ARMCD * AVISIT, random = ~ 1 | USUBJID, data = fev, method = "REML"))
