/** Help texts of the command line (docs/cli.md is the full reference). */
export function mainHelp(version: string): string {
  return `Longitude ${version}: linear mixed models and MMRMs for longitudinal clinical trials,
with numbers that match SAS PROC MIXED and R.

Usage:
  longitude fit --data FILE --spec SPEC.json [--json]
  longitude fit --dataset ID [--db DB] --spec SPEC.json [--json]
  longitude report --data FILE --spec SPEC.json --out DIR
  longitude report --dataset ID [--db DB] --spec SPEC.json --out DIR
  longitude import FILE [--db DB] [--study NAME] [--json]
  longitude datasets [--db DB] [--study NAME] [--json]
  longitude studies [--db DB] [--json]
  longitude audit verify|list [--db DB]
  longitude serve [--db DB] [--port N] [--export-root DIR]
  longitude compare --data FILE --spec A.json --with B.json [--json]
  longitude structures --data FILE --spec SPEC.json [--structures LIST] [--json]
  longitude demo [--json]
  longitude help [COMMAND]
  longitude --version

Commands:
  fit     Fit the model that SPEC.json describes to the data in FILE and print a
          report with SAS PROC MIXED's sections, or the result as JSON (--json).
  report  Fit the model and write the analysis report into DIR: report.pdf (PDF/A,
          tables, figures, spec, software, audit trail), one CSV per table,
          ard.csv (one row per statistic) and fit.json.
  compare Likelihood-ratio test between two nested models (refitted by ML
          when their fixed effects differ; a mixture reference when the larger
          model adds a random effect).
  structures
          Fit the model with each residual covariance structure in the fallback
          order (us, toeph, ar1h, csh, toep, ar1, cs) and tabulate -2 log L, AIC,
          AICC and BIC.
  import  Import a data file (CSV/TSV, Excel .xlsx, SAS XPORT .xpt, CDISC
          Dataset-JSON .json/.ndjson) into the study database as a new, immutable
          dataset version; print its rows, SHA-256, suggested ADaM roles and the
          data checks' findings.
  datasets, studies
          List the stored datasets or studies.
  audit   verify: walk the audit trail's hash chain (exit 1 naming the first broken
          event); list: show recent events.
  serve   Run the app as a web page on this machine (http://127.0.0.1 only, for
          machines without Electron); open the address it prints.
  demo    Fit the bundled demo: the FEV1 trial's MMRM (unstructured covariance
          over visits, REML) and print its report.
  help    Show this help, or one command's help.

Exit codes:
  0  the fit converged
  1  the fit did not converge (the report says so; the JSON has "converged": false);
     compare: a model did not converge; structures: none converged
  2  bad input: one line "error: ..." on stderr says what to change
  3  internal error (set LONGITUDE_DEBUG=1 to see the stack trace)

The study database: --db DB, else $LONGITUDE_DB, else longitude.sqlite in the user
data folder (Linux: ~/.config/Longitude), created with the demo study on first use.

Reference: docs/cli.md
`;
}

export const FIT_HELP = `Usage: longitude fit --data FILE --spec SPEC.json [--json]
       longitude fit --dataset ID [--db DB] --spec SPEC.json [--json]

Fits the model in SPEC.json to the data in FILE, or to a dataset stored in the study
database (the fit is then stored too, with its provenance, and audited).

Options:
  --data FILE       the data: CSV/TSV with a header row (delimiter and decimal comma
                    detected; empty cells and NA are missing), SAS XPORT (.xpt), CDISC
                    Dataset-JSON (.json, .ndjson) or Excel (.xlsx, first sheet); typed
                    exactly as an import would type it
  --dataset ID      a stored dataset (see longitude datasets)
  --db DB           the study database (default: see longitude --help)
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

export const IMPORT_HELP = `Usage: longitude import FILE [--db DB] [--study NAME] [--json] [options]

Imports FILE into the study database as a new dataset version, all or nothing: a bad
file or an interrupted import leaves the database unchanged. The file's SHA-256, size,
the options used and each column's label and type are kept, and the import is audited.

Options:
  --db DB              the study database (default: see longitude --help)
  --study NAME         the study (created if new; default "Imported datasets")
  --sheet NAME         Excel: the sheet (default: the first)
  --member NAME        SAS XPORT: the member, when the file holds several
  --delimiter D        CSV: , ; | or tab (default: detected)
  --decimal-comma      CSV: numbers are written 12,5 (default: detected with ;)
  --encoding E         CSV: utf-8 or latin-1 (default: UTF-8 if valid, else Latin-1)
  --na LIST            CSV/Excel: cell values meaning missing (default NA)
  --types C=T,...      override inferred types: COLUMN=numeric or COLUMN=character
  --progress           print progress lines on stderr while storing rows
  --json               print {studyId, datasetId, name, rows, columns, sha256,
                       mapping, findings, ...} as JSON
`;

export const DATASETS_HELP = `Usage: longitude datasets [--db DB] [--study NAME] [--json]

Lists the stored datasets: {datasetId, studyId, name, version, format, rows, columns,
size, sha256, importedAt, importedBy}.
`;

export const STUDIES_HELP = `Usage: longitude studies [--db DB] [--json]

Lists the studies in the database.
`;

export const AUDIT_HELP = `Usage: longitude audit verify [--db DB] [--json]
       longitude audit list [--db DB] [--limit N] [--json]

verify  walks the audit trail's hash chain; exits 0 when it is intact and 1, naming
        the first broken event, when it is not.
list    shows the newest events (default 50).
`;

export const SERVE_HELP = `Usage: longitude serve [--db DB] [--port N] [--export-root DIR]

Runs the app as a local web page: the same screens as the desktop app, served on
127.0.0.1 (never to other machines) until Ctrl+C. It prints one line,
  Longitude is serving on http://127.0.0.1:PORT/?token=TOKEN
Open that address in a browser: the token, new at each start, lets that browser in;
without it the server refuses every request. Data files are uploaded into an "uploads"
folder beside the database, and reports are written on this machine.

Options:
  --db DB              the study database (default: see longitude --help)
  --port N             the port (default 0: any free port)
  --export-root DIR    the folder offered for report exports (default: "reports"
                       beside the database)
  -h, --help           show this help
`;

export const REPORT_HELP = `Usage:
  longitude report --data FILE --spec SPEC.json --out DIR [--name NAME] [--json]
  longitude report --dataset ID [--db DB] --spec SPEC.json --out DIR [--name NAME] [--json]

Fits the model that SPEC.json describes, to a data file (CSV, .xlsx, .xpt, .json,
.ndjson) or to a stored dataset (the fit is stored, as with fit --dataset), and
writes the report into the folder DIR (created when missing):

  report.pdf      title page (study, analysis, data file and SHA-256, engine, date),
                  treatment differences, data summary and checks, model, covariance,
                  fixed effects, Type 3 tests, LS means, figures, and an appendix
                  with the spec, software versions and (with --db) the audit trail
  TABLE.csv       one UTF-8 file per table; numbers with 17 significant digits
  ard.csv         analysis results data: analysis, table, row, labels, statistic, value
  fit.json        the fit result (without its timing)

Options:
  --name NAME     the analysis's name as printed (default: the spec file's name)
  --json          print the written files as JSON

Set SOURCE_DATE_EPOCH (seconds since 1970) to date the report; the same inputs then
give identical bytes in every file. Files are written to a temporary folder first and
moved into DIR only when all of them are complete.

Exit status: 0 written, 1 written but the fit did not converge, 2 bad input.
`;
