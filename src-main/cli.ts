/**
 * The Longitude command line: `longitude fit --data FILE --spec SPEC.json [--json]`, `longitude compare`
 * (likelihood-ratio test), `longitude structures` (information criteria over residual structures), `longitude demo`,
 * `longitude serve` (the app as a local web page).
 * bin/longitude.js bundles this file to dist/cli.mjs and calls `main`, using its result as the exit code:
 * 0 converged, 1 did not converge, 2 bad input, 3 internal error. See docs/cli.md.
 */
import { basename } from "node:path";
import { performance } from "node:perf_hooks";
import { fitModel } from "../src-core/index.js";
import type { ResidualKind } from "../src-core/covariance/structure.js";
import { FALLBACK_ORDER, compareStructures, likelihoodRatioTest } from "../src-core/inference/compare.js";
import { LongitudeError } from "../src-core/errors.js";
import type { FitResult } from "../src-core/result.js";
import { parseOptions } from "./cli/args.js";
import { auditCommand, datasetsCommand, fitStored, importCommand, reportCommand, studiesCommand } from "./cli/data-commands.js";
import { AUDIT_HELP, COMPARE_HELP, REPORT_HELP, DATASETS_HELP, DEMO_HELP, FIT_HELP, IMPORT_HELP, SERVE_HELP, STUDIES_HELP, STRUCTURES_HELP, mainHelp } from "./cli/help.js";
import { demoFiles } from "./demo/demo.js";
import { InputError } from "./errors.js";
import { readData } from "./io/read-data.js";
import { readSpec } from "./io/read-spec.js";
import { packageVersion } from "./paths.js";
import { formatTextReport } from "./report/text.js";
import { formatLrtReport, formatStructureReport } from "./report/compare.js";
import { serveCommand } from "./web/serve-command.js";

const COMMANDS = "fit, report, compare, structures, import, datasets, studies, audit, serve, demo and help";

export const EXIT = { ok: 0, notConverged: 1, badInput: 2, internal: 3 } as const;

/** Where the CLI writes; tests may pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}

const processIo: CliIo = {
  stdout: (text) => { process.stdout.write(text); },
  stderr: (text) => { process.stderr.write(text); },
  env: process.env,
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  if (io === processIo) ignoreClosedPipe();
  try {
    return await run(argv, io);
  } catch (e) {
    return reportError(e, io);
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      return help(rest[0], io);
    case "--version":
    case "-v":
      io.stdout(`${packageVersion()}\n`);
      return EXIT.ok;
    case "fit": {
      const { values, flags } = parseOptions("fit", rest, { values: ["data", "spec", "db", "dataset"], flags: ["json", "help"] });
      if (flags.has("help")) return help("fit", io);
      if (values.data && values.dataset) throw new InputError("fit takes either --data FILE or --dataset ID (with --db DB), not both");
      if (!values.data && !values.dataset) throw new InputError("fit needs --data FILE, or --dataset ID from the study database; run longitude fit --help");
      if (!values.spec) throw new InputError("fit needs --spec SPEC.json; run longitude fit --help");
      if (values.dataset) {
        const result = await fitStored(values.db, values.dataset, values.spec, io);
        return printFit(result, flags.has("json"), io, { dataName: `dataset ${values.dataset}`, rowsRead: undefined });
      }
      if (values.db) throw new InputError("--db goes with --dataset ID; to fit a file, give --data FILE alone");
      return fitAndPrint(values.data!, values.spec, flags.has("json"), io);
    }
    case "report": {
      if (rest.includes("--help") || rest.includes("-h")) return help("report", io);
      const { converged } = await reportCommand(rest, io);
      return converged ? EXIT.ok : EXIT.notConverged;
    }
    case "import":
      if (rest.includes("--help") || rest.includes("-h")) return help("import", io);
      return importCommand(rest, io);
    case "datasets":
      if (rest.includes("--help") || rest.includes("-h")) return help("datasets", io);
      return datasetsCommand(rest, io);
    case "studies":
      if (rest.includes("--help") || rest.includes("-h")) return help("studies", io);
      return studiesCommand(rest, io);
    case "audit":
      if (rest.includes("--help") || rest.includes("-h")) return help("audit", io);
      return auditCommand(rest, io);
    case "serve":
      if (rest.includes("--help") || rest.includes("-h")) return help("serve", io);
      return serveCommand(rest, io);
    case "compare": {
      const { values, flags } = parseOptions("compare", rest, { values: ["data", "spec", "with"], flags: ["json", "help"] });
      if (flags.has("help")) return help("compare", io);
      if (!values.data) throw new InputError("compare needs --data FILE (a .csv file); run longitude compare --help");
      if (!values.spec || !values.with) throw new InputError("compare needs two specs, --spec A.json and --with B.json; run longitude compare --help");
      const [a, b] = [await readSpec(values.spec), await readSpec(values.with)];
      const test = likelihoodRatioTest(await readData(values.data), a, b, [basename(values.spec), basename(values.with)]);
      io.stdout(flags.has("json") ? `${JSON.stringify(test)}\n` : formatLrtReport(test));
      return EXIT.ok;
    }
    case "structures": {
      const { values, flags } = parseOptions("structures", rest, { values: ["data", "spec", "structures"], flags: ["json", "help"] });
      if (flags.has("help")) return help("structures", io);
      if (!values.data) throw new InputError("structures needs --data FILE (a .csv file); run longitude structures --help");
      if (!values.spec) throw new InputError("structures needs --spec SPEC.json; run longitude structures --help");
      const spec = await readSpec(values.spec);
      const list = values.structures ? (values.structures.split(",").map((x) => x.trim()) as ResidualKind[]) : FALLBACK_ORDER;
      const table = compareStructures(await readData(values.data), spec, list);
      io.stdout(flags.has("json") ? `${JSON.stringify(table)}\n` : formatStructureReport(table));
      return table.fallback ? EXIT.ok : EXIT.notConverged;
    }
    case "demo": {
      const { flags } = parseOptions("demo", rest, { values: [], flags: ["json", "help"] });
      if (flags.has("help")) return help("demo", io);
      const files = demoFiles();
      return fitAndPrint(files.data, files.spec, flags.has("json"), io);
    }
    default:
      throw new InputError(`unknown command "${command}"; the commands are ${COMMANDS} (run longitude --help)`);
  }
}

function help(topic: string | undefined, io: CliIo): number {
  if (topic === undefined) io.stdout(mainHelp(packageVersion()));
  else if (topic === "fit") io.stdout(FIT_HELP);
  else if (topic === "demo") io.stdout(DEMO_HELP);
  else if (topic === "report") io.stdout(REPORT_HELP);
  else if (topic === "compare") io.stdout(COMPARE_HELP);
  else if (topic === "structures") io.stdout(STRUCTURES_HELP);
  else if (topic === "import") io.stdout(IMPORT_HELP);
  else if (topic === "datasets") io.stdout(DATASETS_HELP);
  else if (topic === "studies") io.stdout(STUDIES_HELP);
  else if (topic === "audit") io.stdout(AUDIT_HELP);
  else if (topic === "serve") io.stdout(SERVE_HELP);
  else throw new InputError(`no help for "${topic}"; the commands are ${COMMANDS}`);
  return EXIT.ok;
}

async function fitAndPrint(dataPath: string, specPath: string, json: boolean, io: CliIo): Promise<number> {
  const spec = await readSpec(specPath); // first: it is small, and its mistakes are the commonest
  const data = await readData(dataPath);
  const start = performance.now();
  const result: FitResult = await fitModel(data, spec); // await: works whether fitModel is sync or async
  result.provenance.milliseconds = Math.round((performance.now() - start) * 10) / 10;
  return printFit(result, json, io, { dataName: basename(dataPath), rowsRead: data.nrow });
}

function printFit(result: FitResult, json: boolean, io: CliIo, source: { dataName: string; rowsRead: number | undefined }): number {
  io.stdout(json ? `${JSON.stringify(result)}\n` : formatTextReport(result, source));
  return result.converged ? EXIT.ok : EXIT.notConverged;
}

/** One line on stderr: bad input (exit 2) says what to change; anything else is an internal error (exit 3). */
function reportError(e: unknown, io: CliIo): number {
  if (e instanceof LongitudeError || e instanceof InputError) {
    io.stderr(`error: ${oneLine(e.message)}\n`);
    return e instanceof LongitudeError && e.code === "not-converged" ? EXIT.notConverged : EXIT.badInput;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.stderr(`error: internal error: ${oneLine(message)}\n`);
  if (io.env.LONGITUDE_DEBUG === "1" && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  return EXIT.internal;
}

function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, " ").trim();
}

/** `longitude fit ... | head` closes stdout early; that is not an error worth a stack trace. */
function ignoreClosedPipe(): void {
  if (process.stdout.listenerCount("error") > 0) return;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}
