import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "../errors.js";

export interface OutputFile {
  readonly name: string;
  readonly data: Buffer | string;
}

export interface WrittenFile {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Writes a report's files into `outDir` so that a reader never sees half of them: everything goes into a
 * temporary folder next to `outDir` first; then that folder becomes `outDir` (when it did not exist), or each
 * file is renamed over its old version. A failure before that leaves `outDir` as it was.
 */
export function writeOutputFiles(outDir: string, files: readonly OutputFile[]): WrittenFile[] {
  const target = resolve(outDir);
  if (existsSync(target) && !statSync(target).isDirectory()) throw new InputError(`--out ${outDir} is a file; give a folder for the report`);
  const parent = dirname(target);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw new InputError(`cannot create the folder ${parent}: ${(e as Error).message}`);
  }
  const temp = join(parent, `.${basename(target)}.partial-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp);
  try {
    const written: WrittenFile[] = files.map((f) => {
      const bytes = typeof f.data === "string" ? Buffer.from(f.data, "utf8") : f.data;
      writeFileSync(join(temp, f.name), bytes);
      return { name: f.name, path: join(target, f.name), bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
    });
    if (!existsSync(target)) {
      renameSync(temp, target);
    } else {
      for (const f of files) renameSync(join(temp, f.name), join(target, f.name));
      rmSync(temp, { recursive: true, force: true });
    }
    return written;
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw e;
  }
}
