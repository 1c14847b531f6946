# Expected duplicate subject x visit rows for test/core/data/checks.test.ts, computed independently of Longitude:
# rows (1-based) whose (USUBJID, AVISIT) pair occurs more than once among the rows kept by a filter.
# Run from the repository root: Rscript test/core/data/r/checks.R  (writes checks.json next to it)
source("test/core/data/r/read-dataset-json.R")
duplicates <- function(d, keep) {
  rows <- which(keep)
  key <- paste(d$USUBJID[rows], d$AVISIT[rows], sep = "\r")
  repeated <- key %in% key[duplicated(key)]
  dup <- rows[repeated]
  list(rows = dup, subjects = sort(unique(d$USUBJID[dup])), pairs = unbox(length(unique(key[repeated]))))
}
adcibc <- read_dataset_json("test/fixtures/cdisc/adcibc.json")
adadas <- read_dataset_json("test/fixtures/cdisc/adadas.json")
actot <- adadas$PARAMCD == "ACTOT"
out <- list(
  adcibc_all = duplicates(adcibc, rep(TRUE, nrow(adcibc))),
  adcibc_anl01fl = duplicates(adcibc, adcibc$ANL01FL == "Y"),
  adadas_actot_all = duplicates(adadas, actot),
  adadas_actot_anl01fl = duplicates(adadas, actot & adadas$ANL01FL == "Y")
)
writeLines(toJSON(out, digits = NA, pretty = TRUE, auto_unbox = FALSE), "test/core/data/r/checks.json")
