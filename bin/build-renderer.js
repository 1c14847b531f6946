#!/usr/bin/env node
// Builds the renderer (src-renderer, Svelte 5) with Vite into dist/renderer. Run by `npm run build` and
// `npm install` (prepare); `longitude serve` and the Electron shell serve what it writes.
import { build } from "vite";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
await build({ configFile: join(root, "vite.config.ts"), logLevel: "warn" });
