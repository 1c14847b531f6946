/**
 * Packaging configuration for electron-builder (the desktop app is issue 5 of 5).
 *
 * A placeholder: packaging is not built or tested here. electron-builder needs the Electron binary and
 * headers, which these machines cannot download (see ../shared/design/ENVIRONMENT.md), so there is no
 * electron-builder dependency and this is a plain object in electron-builder's shape. The packaged app
 * will need better-sqlite3 rebuilt against Electron's headers, on a connected machine.
 */
export interface PackagingConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources?: string };
  files: string[];
  win: { target: string[] };
  mac: { target: string[]; category: string };
  linux: { target: string[]; category: string };
  [key: string]: unknown;
}

const config: PackagingConfig = {
  appId: "org.longitude.app",
  productName: "Longitude",
  directories: { output: "release" },
  files: ["dist/**", "migrations/**", "package.json"],
  win: { target: ["nsis"] },
  mac: { target: ["dmg"], category: "public.app-category.medical" },
  linux: { target: ["AppImage", "deb"], category: "Science" },
};

export default config;
