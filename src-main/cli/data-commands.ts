/** The command line's study-database commands: import, datasets, studies, audit, and fit --db. */
import { basename } from "node:path";
import type { ImportOptions, ImportResult, ReportExport } from "../api/contract.js";
import type { ColumnType } from "../importers/typing.js";
import { InputError } from "../errors.js";
import { defaultDatabasePath } from "../paths.js";
import { readSpec } from "../io/read-spec.js";
import { LongitudeService } from "../services/service.js";
import { reportDate, reportOnFile } from "../services/reports.js";
import type { FitResult } from "../../src-core/result.js";
import { parseOptions } from "./args.js";

export interface Out {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}

/** Opens the database named by --db, or the default one (which gets the demo study on its first use). */
export async function openService(db: string | undefined, io: Out): Promise<LongitudeService> {
  const dbPath = db ?? defaultDatabasePath(io.env);
  return LongitudeService.open({ dbPath, seedDemo: db === undefined, env: io.env });
}

async function withService<T>(db: string | undefined, io: Out, run: (s: LongitudeService) => Promise<T>): Promise<T> {
  const service = await openService(db, io);
  try {
    return await run(service);
  } finally {
    service.close();
  }
}

export async function importCommand(argv: readonly string[], io: Out): Promise<number> {
  const { values, flags, positional } = parseOptions("import", argv, {
    values: ["db", "study", "sheet", "member", "delimiter", "encoding", "na", "types"], flags: ["json", "decimal-comma", "progress", "help"], positional: 1,
  });
  const path = positional[0];
  if (!path) throw new InputError("import needs a FILE; run longitude import --help");
  const options: ImportOptions = {
    ...(values.sheet ? { sheet: values.sheet } : {}),
    ...(values.member ? { member: values.member } : {}),
    ...(values.delimiter ? { delimiter: values.delimiter === "tab" ? "\t" : values.delimiter } : {}),
    ...(values.encoding ? { encoding: encodingOption(values.encoding) } : {}),
    ...(values.na ? { naStrings: values.na.split(",") } : {}),
    ...(values.types ? { types: typesOption(values.types) } : {}),
    ...(flags.has("decimal-comma") ? { decimalComma: true } : {}),
  };
  const showProgress = flags.has("progress");
  const result = await withService(values.db, io, async (s) => {
    let lastRows = -1;
    const stop = showProgress ? s.subscribe((e) => {
      if (e.kind !== "import-progress" || e.progress.stage !== "read" || e.progress.rows === lastRows) return;
      lastRows = e.progress.rows;
      io.stderr(`progress: ${e.progress.rows} rows stored, ${mib(e.progress.bytesRead)} of ${mib(e.progress.totalBytes)} MiB read\n`);
    }) : () => {};
    try {
      return await s.importFile({ path, ...(values.study ? { study: values.study } : {}), options });
    } finally {
      stop();
    }
  });
  io.stdout(flags.has("json") ? `${JSON.stringify(importJson(result))}\n` : importText(result));
  return 0;
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

function encodingOption(text: string): "utf-8" | "windows-1252" {
  const e = text.toLowerCase();
  if (e === "utf-8" || e === "utf8") return "utf-8";
  if (e === "latin-1" || e === "latin1" || e === "windows-1252" || e === "cp1252") return "windows-1252";
  throw new InputError(`unknown --encoding "${text}"; use utf-8 or latin-1`);
}

function typesOption(text: string): Record<string, ColumnType> {
  const out: Record<string, ColumnType> = {};
  for (const item of text.split(",")) {
    const [name, type] = item.split("=").map((x) => x.trim());
    if (!name || (type !== "numeric" && type !== "character")) throw new InputError(`--types takes COLUMN=numeric or COLUMN=character, separated by commas; got "${item}"`);
    out[name] = type;
  }
  return out;
}

function importJson(r: ImportResult) {
  return {
    studyId: r.studyId, datasetId: r.datasetId, name: r.name, version: r.version, format: r.format, rows: r.rows, columns: r.columns,
    size: r.size, sha256: r.sha256, readOptions: r.readOptions, columnInfo: r.columnInfo, mapping: r.mapping, mappingReasons: r.mappingReasons, findings: r.findings,
  };
}

function importText(r: ImportResult): string {
  const lines = [
    `Imported ${r.name} as dataset ${r.datasetId} (version ${r.version}) in study ${r.studyId}: ${r.rows} rows, ${r.columns.length} columns.`,
    `SHA-256 ${r.sha256}`,
    `Roles suggested: ${Object.entries(r.mapping).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(", ") : v}`).join("; ") || "none"}`,
  ];
  for (const f of r.findings) lines.push(`${f.severity}: ${f.message}`);
  return `${lines.join("\n")}\n`;
}

export async function datasetsCommand(argv: readonly string[], io: Out): Promise<number> {
  const { values, flags } = parseOptions("datasets", argv, { values: ["db", "study"], flags: ["json", "help"] });
  const list = await withService(values.db, io, async (s) => {
    const all = await s.listDatasets();
    if (!values.study) return all;
    const study = (await s.listStudies()).find((x) => x.name === values.study);
    if (!study) throw new InputError(`there is no study named "${values.study}"`);
    return all.filter((d) => d.studyId === study.studyId);
  });
  if (flags.has("json")) io.stdout(`${JSON.stringify(list)}\n`);
  else io.stdout(list.length === 0 ? "No datasets.\n" : `${list.map((d) => `${String(d.datasetId).padStart(4)}  ${d.name} v${d.version}  ${d.rows} rows × ${d.columns} columns  study ${d.studyId}  ${d.sha256.slice(0, 12)}…  ${d.importedAt}`).join("\n")}\n`);
  return 0;
}

export async function studiesCommand(argv: readonly string[], io: Out): Promise<number> {
  const { values, flags } = parseOptions("studies", argv, { values: ["db"], flags: ["json", "help"] });
  const list = await withService(values.db, io, (s) => s.listStudies());
  if (flags.has("json")) io.stdout(`${JSON.stringify(list)}\n`);
  else io.stdout(list.length === 0 ? "No studies.\n" : `${list.map((s) => `${String(s.studyId).padStart(4)}  ${s.name}  (${s.datasets} datasets)`).join("\n")}\n`);
  return 0;
}

export async function auditCommand(argv: readonly string[], io: Out): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "verify") {
    const { values, flags } = parseOptions("audit verify", rest, { values: ["db"], flags: ["json", "help"] });
    const v = await withService(values.db, io, (s) => s.verifyAudit());
    if (flags.has("json")) io.stdout(`${JSON.stringify(v)}\n`);
    else if (v.ok) io.stdout(`The audit trail is intact: ${v.events} events, each linked to the one before.\n`);
    if (!v.ok) {
      io.stderr(`error: the audit trail is broken at event ${v.broken!.id} (${v.broken!.action}): ${v.broken!.reason}\n`);
      return 1;
    }
    return 0;
  }
  if (sub === "list") {
    const { values, flags } = parseOptions("audit list", rest, { values: ["db", "limit"], flags: ["json", "help"] });
    const events = await withService(values.db, io, (s) => s.listAudit({ limit: values.limit ? Number(values.limit) : 50 }));
    io.stdout(flags.has("json") ? `${JSON.stringify(events)}\n` : `${events.map((e) => `${String(e.id).padStart(5)}  ${e.at}  ${e.osUser}  ${e.action}  ${JSON.stringify(e.details)}`).join("\n")}\n`);
    return 0;
  }
  throw new InputError(`audit needs "verify" or "list"; run longitude audit --help`);
}

/** `fit --db DB --dataset ID --spec SPEC`: fits a stored dataset in the worker, stores the fit, returns the result. */
export async function fitStored(db: string | undefined, datasetText: string, specPath: string, io: Out): Promise<FitResult> {
  const datasetId = Number(datasetText);
  if (!Number.isInteger(datasetId) || datasetId < 1) throw new InputError(`--dataset takes a dataset number (see longitude datasets); got "${datasetText}"`);
  const spec = await readSpec(specPath);
  return withService(db, io, async (s) => {
    const { jobId } = await s.startFit({ datasetId, spec });
    return (await s.waitForFit(jobId)).result;
  });
}

/**
 * `report (--data FILE | --db DB --dataset ID) --spec SPEC --out DIR`: fits (a file in this process, a stored
 * dataset in the worker, storing the fit) and writes the report folder. Prints the files written.
 */
export async function reportCommand(args: readonly string[], io: Out): Promise<{ converged: boolean }> {
  const { values, flags } = parseOptions("report", [...args], { values: ["data", "db", "dataset", "spec", "out", "name"], flags: ["json"] });
  if (values.data && values.dataset) throw new InputError("report takes either --data FILE or --dataset ID (with --db DB), not both");
  if (!values.data && !values.dataset) throw new InputError("report needs --data FILE, or --dataset ID from the study database; run longitude report --help");
  if (!values.spec) throw new InputError("report needs --spec SPEC.json; run longitude report --help");
  if (!values.out) throw new InputError("report needs --out DIR, the folder to write the report into; run longitude report --help");
  if (values.data && values.db) throw new InputError("--db goes with --dataset ID; for a report on a file, give --data FILE alone");
  reportDate(io.env); // a bad SOURCE_DATE_EPOCH is an error before the fit, not after it
  const spec = await readSpec(values.spec);
  const analysis = values.name ?? basename(values.spec).replace(/\.spec\.json$|\.json$/i, "");
  let result: ReportExport;
  if (values.data) {
    result = await reportOnFile(values.data, spec, analysis, values.out, io.env);
  } else {
    const datasetId = Number(values.dataset);
    if (!Number.isInteger(datasetId) || datasetId < 1) throw new InputError(`--dataset takes a dataset number (see longitude datasets); got "${values.dataset}"`);
    result = await withService(values.db, io, async (s) => {
      const { jobId } = await s.startFit({ datasetId, spec });
      const fit = await s.waitForFit(jobId);
      return s.exportReport({ fitId: fit.fitId, outDir: values.out!, analysisName: analysis });
    });
  }
  if (flags.has("json")) io.stdout(`${JSON.stringify(result)}\n`);
  else {
    io.stdout(`${result.converged ? "Report" : "Report (THE FIT DID NOT CONVERGE)"} written to ${result.outDir}:\n`);
    for (const f of result.files) io.stdout(`  ${f.name.padEnd(32)} ${String(f.bytes).padStart(9)} bytes  sha256 ${f.sha256}\n`);
  }
  return { converged: result.converged };
}
