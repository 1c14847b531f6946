/**
 * The client for `longitude serve`: each operation is POST /api/call/<name> with the arguments as a JSON array;
 * the answer is {"value": …} or {"error": {"message"}}. Events arrive as server-sent events on /api/events.
 * Files are uploaded to /api/upload. The session cookie set when the launch URL was opened authorises every
 * request; nothing here leaves 127.0.0.1.
 */
import type { ServiceEvent } from "../../../src-main/api/contract.js";
import type { Client } from "./client.js";

async function call(op: string, args: unknown[]): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`api/call/${op}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(args) });
  } catch {
    throw new Error("Longitude's local server does not answer; is `longitude serve` still running?");
  }
  const body = (await response.json().catch(() => null)) as { value?: unknown; error?: { message?: string } } | null;
  if (!response.ok || body === null || body.error) {
    throw new Error(body?.error?.message ?? `the server answered ${response.status} ${response.statusText}`);
  }
  return body.value;
}

function upload(file: File, onProgress?: (fraction: number) => void): Promise<string> {
  // XMLHttpRequest rather than fetch: it reports upload progress
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "api/upload");
    xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress?.(e.loaded / e.total); };
    xhr.onerror = () => reject(new Error(`uploading ${file.name} failed: the local server does not answer`));
    xhr.onload = () => {
      let body: { value?: { path: string }; error?: { message?: string } } | null = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* reported below */ }
      if (xhr.status !== 200 || !body?.value) reject(new Error(body?.error?.message ?? `uploading ${file.name} failed (${xhr.status})`));
      else resolve(body.value.path);
    };
    xhr.send(file);
  });
}

export function webClient(): Client {
  const listeners = new Set<(event: ServiceEvent) => void>();
  let source: EventSource | null = null;
  const op = <T>(name: string) => (...args: unknown[]) => call(name, args) as Promise<T>;
  return {
    listStudies: op("listStudies"),
    createStudy: op("createStudy"),
    previewFile: op("previewFile"),
    importFile: op("importFile"),
    listDatasets: op("listDatasets"),
    getDataset: op("getDataset"),
    datasetRows: op("datasetRows"),
    columnLevels: op("columnLevels"),
    setRoles: op("setRoles"),
    checkData: op("checkData"),
    summariseData: op("summariseData"),
    observedTrajectories: op("observedTrajectories"),
    saveAnalysis: op("saveAnalysis"),
    listAnalyses: op("listAnalyses"),
    startFit: op("startFit"),
    waitForFit: op("waitForFit"),
    cancelFit: op("cancelFit"),
    listFits: op("listFits"),
    getFit: op("getFit"),
    compareStructures: op("compareStructures"),
    exportReport: op("exportReport"),
    verifyAudit: op("verifyAudit"),
    listAudit: op("listAudit"),
    hostInfo: op("hostInfo"),
    pickImportFile: op("pickImportFile"),
    pickFolder: op("pickFolder"),
    subscribe(listener) {
      listeners.add(listener);
      if (!source) {
        source = new EventSource("api/events");
        source.onmessage = (e) => {
          const event = JSON.parse(e.data as string) as ServiceEvent;
          for (const l of listeners) l(event);
        };
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) { source.close(); source = null; }
      };
    },
    fileToPath: upload,
  };
}
