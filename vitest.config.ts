import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

/**
 * Two projects: the Node tests (core, main, CLI, end-to-end through Chromium) and the renderer's component
 * tests, which run Svelte components in jsdom (resolve.conditions "browser" so that Svelte's client build is
 * used, as ../shared/design/ENVIRONMENT.md notes).
 */
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: { name: "node", include: ["test/**/*.test.ts"], exclude: ["test/renderer/**", "test/e2e/**"], environment: "node" },
      },
      {
        extends: true,
        // the real app in Chromium (test/e2e/harness.ts); the renderer is built once before any file runs
        // After the other projects (groupOrder 1) and one file at a time: the responsiveness check measures the
        // page while a fit runs, which other test files competing for the two cores would distort.
        test: {
          name: "e2e", include: ["test/e2e/**/*.test.ts"], environment: "node", globalSetup: ["test/e2e/global-setup.ts"],
          sequence: { groupOrder: 1 }, fileParallelism: false,
        },
      },
      {
        extends: true,
        plugins: [svelte()],
        resolve: { conditions: ["browser"] },
        test: { name: "renderer", include: ["test/renderer/**/*.test.ts"], environment: "jsdom" },
      },
    ],
  },
});
