import { stat } from "node:fs/promises";
import { fileError } from "../errors.js";

/** The size of a data file; an InputError naming the file if it is missing, unreadable or a directory. */
export async function dataFileSize(path: string, what = "data file"): Promise<number> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    return s.size;
  } catch (e) {
    fileError(e, what, path);
  }
}
