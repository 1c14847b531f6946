/**
 * The one error type the core throws for bad input. Hosts (CLI, app) print `message` as it is: it must be
 * one line, in plain words, and say what to change.
 */
export type ErrorCode =
  | "formula-syntax"
  | "unknown-column"
  | "non-numeric"
  | "single-level-factor"
  | "duplicate-visit"
  | "no-usable-rows"
  | "too-few-subjects"
  | "crossed-random-effects"
  | "bad-spec"
  | "bad-where"
  | "bad-data"
  | "not-converged";

export class LongitudeError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "LongitudeError";
    this.code = code;
  }
}
