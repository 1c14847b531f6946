/**
 * The names of the contract's operations, as values: the Electron preload exposes one function per name and
 * the web host answers exactly these (nothing else of the service is reachable from a renderer).
 * `subscribe` is not an operation: events travel over their own channel (IPC events, server-sent events).
 */
import type { HostApi, LongitudeApi } from "./contract.js";

export type ServiceOperation = Exclude<keyof LongitudeApi, "subscribe">;
export type HostOperation = keyof HostApi;

export const SERVICE_OPERATIONS = [
  "listStudies", "createStudy",
  "previewFile", "importFile", "listDatasets", "getDataset", "datasetRows", "columnLevels",
  "setRoles", "checkData", "summariseData", "observedTrajectories",
  "saveAnalysis", "listAnalyses",
  "startFit", "waitForFit", "cancelFit", "listFits", "getFit", "compareStructures",
  "exportReport",
  "verifyAudit", "listAudit",
] as const satisfies readonly ServiceOperation[];

export const HOST_OPERATIONS = ["hostInfo", "pickImportFile", "pickFolder"] as const satisfies readonly HostOperation[];

// Compile-time check that the lists name every operation: each alias is `true` only when nothing is missing.
type Missing<All, Listed> = Exclude<All, Listed>;
const serviceComplete: Missing<ServiceOperation, (typeof SERVICE_OPERATIONS)[number]> extends never ? true : false = true;
const hostComplete: Missing<HostOperation, (typeof HOST_OPERATIONS)[number]> extends never ? true : false = true;
void serviceComplete; void hostComplete;

export function isServiceOperation(name: string): name is ServiceOperation {
  return (SERVICE_OPERATIONS as readonly string[]).includes(name);
}
