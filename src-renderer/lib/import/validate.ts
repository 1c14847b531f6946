/** Checks of what the user typed, made before anything is sent, with messages that say what to do. */

/** Why a new study's name cannot be used, or null when it can. */
export function studyNameProblem(name: string, existing: readonly string[]): string | null {
  const n = name.trim();
  if (n === "") return "Enter a name for the study.";
  if (existing.some((e) => e.trim() === n)) return `A study named "${n}" already exists; open it, or choose another name.`;
  return null;
}

/**
 * Missing-value strings typed as a comma-separated list ("NA, ., -99"): trimmed, empty entries dropped.
 * A lone "" cannot be typed this way; empty cells are missing anyway.
 */
export function parseNaStrings(text: string): string[] {
  return [...new Set(text.split(",").map((s) => s.trim()).filter((s) => s !== ""))];
}
