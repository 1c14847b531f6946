/**
 * The main process's side of the bridge: one entry point for every call from the renderer. It is the trust
 * boundary, so it checks who is calling and what, and it turns every outcome into an Envelope (see
 * channels.ts for why errors are data).
 */
import type { HostApi, LongitudeApi } from "../api/contract.js";
import { HOST_OPERATIONS, SERVICE_OPERATIONS, type HostOperation, type ServiceOperation } from "../api/operations.js";
import { LongitudeError } from "../../src-core/errors.js";
import { InputError } from "../errors.js";
import type { Envelope } from "./channels.js";
import { isAppUrl } from "./policy.js";

export interface CallContext {
  readonly service: Omit<LongitudeApi, "subscribe">;
  readonly host: HostApi;
  /** Where refused calls and unexpected failures are reported (the main process's console). */
  readonly log: (message: string) => void;
}

type AnyCall = (...args: unknown[]) => Promise<unknown>;

function isHostOperation(name: string): name is HostOperation {
  return (HOST_OPERATIONS as readonly string[]).includes(name);
}

function isServiceOperation(name: string): name is ServiceOperation {
  return (SERVICE_OPERATIONS as readonly string[]).includes(name);
}

/** A name from the renderer, made safe to print: it may be anything, of any length. */
function shown(op: unknown): string {
  const text = typeof op === "string" ? op : String(typeof op);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

function refuse(ctx: CallContext, message: string, senderUrl: string | null | undefined): Envelope {
  ctx.log(`refused an IPC call from ${JSON.stringify(senderUrl ?? null)}: ${message}`);
  return { error: { message } };
}

/**
 * Runs one call. `senderUrl` is the calling frame's URL and `senderIsMainWindow` whether the call came from
 * the main window's own page; both are decided by the caller from the IPC event. Only names in the operation
 * lists are dispatched, so nothing else on the service (close, db, prototype members) is reachable.
 */
export async function handleCall(
  ctx: CallContext, senderUrl: string | null | undefined, senderIsMainWindow: boolean, op: unknown, args: unknown,
): Promise<Envelope> {
  if (!senderIsMainWindow || !isAppUrl(senderUrl)) {
    return refuse(ctx, `${shown(op)} refused: the call did not come from Longitude's window`, senderUrl);
  }
  if (typeof op !== "string" || !(isServiceOperation(op) || isHostOperation(op))) {
    return refuse(ctx, `unknown operation ${shown(op)}`, senderUrl);
  }
  if (!Array.isArray(args)) return refuse(ctx, `${shown(op)}: the arguments must be a list`, senderUrl);
  const target: object = isHostOperation(op) ? ctx.host : ctx.service;
  const fn = (target as Record<string, AnyCall>)[op];
  try {
    return { value: await fn.apply(target, args) };
  } catch (e) {
    return { error: errorOf(ctx, op, e) };
  }
}

/** The service's own message (and code, when it has one), which the renderer shows as is. */
function errorOf(ctx: CallContext, op: string, e: unknown): { message: string; code?: string } {
  const expected = e instanceof LongitudeError || e instanceof InputError;
  if (!expected) ctx.log(`${op} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? { message, code } : { message };
}
