/**
 * Packaging configuration for electron-builder: Windows (NSIS installer), macOS (dmg), Linux (AppImage, deb).
 *
 * Not built or tested here. electron-builder needs the Electron binary and headers, which these machines
 * cannot download (see ../shared/design/ENVIRONMENT.md), so there is no electron-builder dependency and this
 * is a plain object in electron-builder's shape (pass it with `electron-builder --config electron.config.ts`
 * or copy it into package.json's "build"). See docs/desktop.md for the steps on a connected machine.
 *
 * better-sqlite3 12 is a native addon built for Node's ABI: a build made for Node does not load in Electron.
 * It must be rebuilt against Electron's headers on a connected machine (electron-builder does so itself
 * when npmRebuild is on, through @electron/rebuild), and its compiled .node file must sit outside the asar
 * archive, because the operating system's loader cannot open a library inside an archive.
 */
export interface PackagingConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources?: string };
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  extraMetadata?: Record<string, unknown>;
  win: { target: string[] };
  nsis: Record<string, unknown>;
  mac: { target: string[]; category: string; [key: string]: unknown };
  dmg?: Record<string, unknown>;
  linux: { target: string[]; category: string; [key: string]: unknown };
  [key: string]: unknown;
}

const config: PackagingConfig = {
  appId: "org.longitude.app",
  productName: "Longitude",
  directories: { output: "release", buildResources: "build" },
  // The app at run time: the bundles and the built renderer (dist), the database migrations, and the demo
  // study's data and spec, which the first run imports. Production dependencies under node_modules
  // (better-sqlite3, pdfkit, fontkit, echarts, dejavu-fonts-ttf, …) are added by electron-builder itself;
  // the bench bundles are left out.
  files: [
    "dist/**",
    "!dist/bench.mjs",
    "!dist/coverage.mjs",
    "!dist/**/*.tmp",
    "migrations/**",
    "src-main/demo/fev_data.csv",
    "src-main/demo/fev_mmrm.spec.json",
    "package.json",
  ],
  asar: true,
  asarUnpack: ["node_modules/better-sqlite3/**/*.node"],
  // rebuilds native dependencies (better-sqlite3) against the Electron version being packaged
  npmRebuild: true,
  // the bundled main process; the same value as package.json's "main"
  extraMetadata: { main: "dist/electron-main.mjs" },
  win: { target: ["nsis"] },
  // per-user install without administrator rights, with a choice of folder
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: { target: ["dmg"], category: "public.app-category.medical", hardenedRuntime: true },
  dmg: { title: "Longitude ${version}" },
  linux: {
    target: ["AppImage", "deb"],
    category: "Science",
    executableName: "longitude",
    // a deb needs a maintainer; package.json has no author to take it from
    maintainer: "Longitude maintainers",
  },
};

export default config;
