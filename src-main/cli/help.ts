/** Help texts of the command line (docs/cli.md is the full reference). */
export function mainHelp(version: string): string {
  return `Longitude ${version}: linear mixed models and MMRMs for longitudinal clinical trials,
with numbers that match SAS PROC MIXED and R.

Usage:
  longitude fit --data FILE --spec SPEC.json [--json]
  longitude compare --data FILE --spec A.json --with B.json [--json]
  longitude structures --data FILE --spec SPEC.json [--structures LIST] [--json]
  longitude demo [--json]
  longitude help [COMMAND]
  longitude --version

Commands:
  fit     Fit the model that SPEC.json describes to the data in FILE and print a
          report with SAS PROC MIXED's sections, or the result as JSON (--json).
  compare Likelihood-ratio test between two nested models (refitted by ML
          when their fixed effects differ; a mixture reference when the larger
          model adds a random effect).
  structures
          Fit the model with each residual covariance structure in the fallback
          order (us, toeph, ar1h, csh, toep, ar1, cs) and tabulate -2 log L, AIC,
          AICC and BIC.
  demo    Fit the bundled demo: the FEV1 trial's MMRM (unstructured covariance
          over visits, REML) and print its report.
  help    Show this help, or one command's help.

Exit codes:
  0  the fit converged
  1  the fit did not converge (the report says so; the JSON has "converged": false);
     compare: a model did not converge; structures: none converged
  2  bad input: one line "error: ..." on stderr says what to change
  3  internal error (set LONGITUDE_DEBUG=1 to see the stack trace)

Reference: docs/cli.md
`;
}

export const FIT_HELP = `Usage: longitude fit --data FILE --spec SPEC.json [--json]

Fits the model in SPEC.json to the data in FILE.

Options:
  --data FILE       the data: a .csv or .tsv file with a header row (the delimiter is
                    detected; empty cells and NA are missing). SAS XPORT (.xpt),
                    Dataset-JSON (.json, .ndjson) and Excel (.xlsx) come later.
  --spec SPEC.json  the analysis spec, for example
                    {"formula": "FEV1 ~ ARMCD * AVISIT + us(AVISIT | USUBJID)",
                     "method": "REML", "ddf": "kenward-roger",
                     "reference": {"ARMCD": "PBO"}}
  --json            print the fit result as JSON instead of the report
  -h, --help        show this help
`;

export const DEMO_HELP = `Usage: longitude demo [--json]

Fits the bundled demo analysis and prints its report (or JSON with --json):
fev_data (200 subjects, 4 visits, 2 arms; shipped with R's mmrm package),
  FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID), REML, Satterthwaite df,
the same analysis as the SAS PROC MIXED output published for these data.
The files are src-main/demo/fev_data.csv and src-main/demo/fev_mmrm.spec.json.
`;

export const COMPARE_HELP = `Usage: longitude compare --data FILE --spec A.json --with B.json [--json]

Likelihood-ratio test of two nested models fitted to the same rows of FILE. The model
with fewer parameters is the null model. Both specs must use the same method; when
their fixed effects differ, both are refitted by ML. When the larger model adds one
random effect (for example a random slope), the boundary-aware p-value from the
50:50 mixture of chi-square distributions is reported as well.

Options:
  --data FILE    the data (.csv or .tsv)
  --spec A.json  one model
  --with B.json  the other model
  --json         print the test as JSON
  -h, --help     show this help
`;

export const STRUCTURES_HELP = `Usage: longitude structures --data FILE --spec SPEC.json [--structures LIST] [--json]

Fits the model in SPEC.json once per residual covariance structure, replacing the
structure of its covariance term (for example us(AVISIT | USUBJID)), and prints
-2 log L, AIC, AICC and BIC for each, the first structure to converge in the order
given (the fallback choice) and the ones with the smallest AIC and BIC.

Options:
  --data FILE          the data (.csv or .tsv)
  --spec SPEC.json     the model; its formula must have a residual covariance term
  --structures LIST    comma-separated, in fallback order
                       (default us,toeph,ar1h,csh,toep,ar1,cs)
  --json               print the table as JSON
  -h, --help           show this help
`;
