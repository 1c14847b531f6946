import { readFileSync } from "node:fs";
import type { AnalysisSpec } from "../../src-core/spec.js";
import { createStudy } from "../db/studies.js";
import { demoFiles } from "../demo/demo.js";
import type { LongitudeService } from "./service.js";

/** The demo study's name says plainly that it is the demo and its data simulated. */
export const DEMO_STUDY = "Demo study: FEV1 trial (simulated data)";

/**
 * Creates the demo study on a new database: the simulated two-arm FEV1 trial with dropout (fev_data from R's
 * mmrm package, 200 subjects, 4 visits, 263 of 800 values missing) and its MMRM as a saved analysis.
 */
export async function seedDemoStudy(service: LongitudeService): Promise<void> {
  const files = demoFiles();
  const description = "Bundled with Longitude to show the workflow. Simulated data: fev_data from the R package mmrm.";
  const study = service.db.transaction(() => createStudy(service.db, DEMO_STUDY, { description, isDemo: true })).immediate();
  const imported = await service.importFile({ path: files.data, studyId: study.studyId });
  const spec = JSON.parse(readFileSync(files.spec, "utf8")) as AnalysisSpec;
  await service.saveAnalysis({ studyId: study.studyId, datasetId: imported.datasetId, name: "MMRM: FEV1 by arm and visit (unstructured)", spec, roles: imported.mapping });
}
