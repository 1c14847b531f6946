/** POST /api/call/<op>: one operation of the contract, by name, with its arguments as a JSON array. */
import { resolve } from "node:path";
import { LongitudeError } from "../../src-core/errors.js";
import type { HostApi, HostInfo, ReportExport } from "../api/contract.js";
import { HOST_OPERATIONS, isServiceOperation } from "../api/operations.js";
import { InputError } from "../errors.js";
import { packageVersion } from "../paths.js";
import type { LongitudeService } from "../services/service.js";
import { HttpError } from "./responses.js";

type Operation = (...args: unknown[]) => Promise<unknown>;

export interface CallTarget {
  readonly service: LongitudeService;
  readonly host: HostApi;
  /** Report files written through this host; only these may be downloaded. */
  readonly exported: Set<string>;
}

/** The host operations as the web host answers them: no native dialogs, so the renderer uploads and asks. */
export function webHostApi(info: HostInfo): HostApi {
  return {
    hostInfo: async () => info,
    pickImportFile: async () => null,
    pickFolder: async () => null,
  };
}

export function webHostInfo(dbPath: string, exportRoot: string): HostInfo {
  return { kind: "web", version: packageVersion(), dbPath: resolve(dbPath), exportRoot: resolve(exportRoot) };
}

function isHostOperation(name: string): name is (typeof HOST_OPERATIONS)[number] {
  return (HOST_OPERATIONS as readonly string[]).includes(name);
}

export async function callOperation(target: CallTarget, op: string, body: unknown): Promise<unknown> {
  const operation: Operation | undefined = isServiceOperation(op) ? (target.service[op] as unknown as Operation).bind(target.service)
    : isHostOperation(op) ? (target.host[op] as unknown as Operation).bind(target.host)
    : undefined;
  if (!operation) throw new HttpError(404, `there is no operation "${op}"`);
  const args = body === undefined ? [] : body;
  if (!Array.isArray(args)) throw new HttpError(400, `the body of a call to ${op} must be a JSON array of its arguments`);
  const value = await operation(...args);
  if (op === "exportReport") for (const f of (value as ReportExport).files) target.exported.add(resolve(f.path));
  return value ?? null;
}

/**
 * How a failed call is answered, following the CLI's split. What the user can put right (the core's
 * LongitudeError, the host's InputError, a cancelled fit) is the operation's answer, not a failure of the
 * request: 200 with {"error"}, as a JSON-RPC error is, so the browser does not log every rejected bad input
 * as a failed resource in the console. A request the host refuses keeps its HTTP status (HttpError: 4xx), and
 * anything else is a fault of Longitude's, 500, still with its message so that the renderer can show it.
 */
export function failureAnswer(e: unknown): { status: number; message: string; code?: string; internal: boolean } {
  if (e instanceof HttpError) return { status: e.status, message: e.message, internal: false };
  if (e instanceof LongitudeError) return { status: 200, message: e.message, code: e.code, internal: false };
  if (e instanceof InputError) return { status: 200, message: e.message, internal: false };
  if (e instanceof Error && e.name === "CancelledError") return { status: 200, message: e.message, code: "cancelled", internal: false };
  return { status: 500, message: e instanceof Error ? e.message : String(e), internal: true };
}
