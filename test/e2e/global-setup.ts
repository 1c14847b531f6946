/**
 * Builds the renderer once before the end-to-end files run, when a source is newer than dist/renderer
 * (`npm install` builds it; this catches edits since). Once, here, because parallel test files building it
 * each would empty dist/renderer under one another's feet.
 */
import { ensureRendererBuilt } from "./harness.js";

export default function setup(): void {
  ensureRendererBuilt();
}
