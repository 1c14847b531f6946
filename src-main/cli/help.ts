/** Help texts of the command line (docs/cli.md is the full reference). */
export function mainHelp(version: string): string {
  return `Longitude ${version}: linear mixed models and MMRMs for longitudinal clinical trials,
with numbers that match SAS PROC MIXED and R.

Usage:
  longitude fit --data FILE --spec SPEC.json [--json]
  longitude demo [--json]
  longitude help [COMMAND]
  longitude --version

Commands:
  fit     Fit the model that SPEC.json describes to the data in FILE and print a
          report with SAS PROC MIXED's sections, or the result as JSON (--json).
  demo    Fit the bundled demo: the FEV1 trial's MMRM (unstructured covariance
          over visits, REML) and print its report.
  help    Show this help, or one command's help.

Exit codes:
  0  the fit converged
  1  the fit did not converge (the report says so; the JSON has "converged": false)
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
