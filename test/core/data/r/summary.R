# Expected data summary for test/core/data/summary.test.ts, computed independently of Longitude: ADADAS, the
# ADAS-Cog(11) total (ACTOT), efficacy population, post-baseline observed cases (no LOCF rows), outcome CHG by
# planned treatment TRTP and analysis visit AVISIT (ordered by AVISITN).
# Run from the repository root: Rscript test/core/data/r/summary.R  (writes summary.json next to it)
source("test/core/data/r/read-dataset-json.R")
d <- read_dataset_json("test/fixtures/cdisc/adadas.json")
# The where filter of the test; a blank DTYPE is kept by DTYPE != "LOCF", as in SAS.
d <- d[d$PARAMCD == "ACTOT" & d$EFFFL == "Y" & !is.na(d$AVISITN) & d$AVISITN > 0 & d$ANL01FL == "Y" & d$DTYPE != "LOCF", ]
arms <- sort(unique(d$TRTP))
visits <- unique(d$AVISIT[order(d$AVISITN)])
obs <- d[!is.na(d$CHG), ]
cells <- list()
for (a in arms) for (v in visits) {
  y <- obs$CHG[obs$TRTP == a & obs$AVISIT == v]
  cells[[length(cells) + 1]] <- list(arm = a, visit = v, n = length(y),
    mean = if (length(y) > 0) mean(y) else NA, sd = if (length(y) > 1) sd(y) else NA)
}
# Last visit with an observed CHG, per subject (AVISITN order).
last <- tapply(obs$AVISITN, obs$USUBJID, max)
dropout <- list()
for (a in arms) {
  subjects <- unique(d$USUBJID[d$TRTP == a])
  lastv <- last[subjects]
  for (v in visits) {
    n <- sum(!is.na(lastv) & lastv == unique(d$AVISITN[d$AVISIT == v]))
    dropout[[length(dropout) + 1]] <- list(arm = a, lastVisit = v, subjects = n)
  }
  dropout[[length(dropout) + 1]] <- list(arm = a, lastVisit = NA, subjects = sum(is.na(lastv)))
}
out <- list(
  rows = nrow(d),
  arms = lapply(arms, function(a) list(arm = a, subjects = length(unique(d$USUBJID[d$TRTP == a])),
                                       withOutcome = length(unique(obs$USUBJID[obs$TRTP == a])))),
  visits = visits,
  cells = cells,
  dropout = dropout
)
writeLines(toJSON(out, digits = NA, pretty = TRUE, auto_unbox = TRUE, na = "null"), "test/core/data/r/summary.json")
