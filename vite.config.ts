import { svelte } from "@sveltejs/vite-plugin-svelte";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The renderer (src-renderer, Svelte 5) is built to dist/renderer with relative asset paths, so that both hosts
 * serve the same files: the Electron shell through its app:// protocol and `longitude serve` over HTTP.
 */
export default defineConfig({
  root: fileURLToPath(new URL("./src-renderer", import.meta.url)),
  base: "./",
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL("./dist/renderer", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // the fonts are small; inlining none keeps the CSP's font-src 'self' meaningful
    assetsInlineLimit: 0,
  },
  server: { host: "127.0.0.1" },
});
