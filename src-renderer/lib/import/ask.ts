import type { AppState } from "../state/app.svelte.js";

/**
 * Runs `action` through app.run (so its error becomes the notice) and gives its value, or undefined when it
 * failed.
 */
export async function ask<T>(app: Pick<AppState, "run">, action: () => Promise<T>): Promise<T | undefined> {
  const box: { value?: T } = {};
  const ok = await app.run(async () => {
    box.value = await action();
  });
  return ok ? box.value : undefined;
}
