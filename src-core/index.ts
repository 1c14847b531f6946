/** The public API of the statistical core. */
export { fitModel, ENGINE_VERSION, type FitOptions, type FitPhase } from "./fit/fit.js";
export type { FitResult, CoefficientRow, CovParameter } from "./result.js";
export type { AnalysisSpec, DdfMethod, Method } from "./spec.js";
export type { DataFrame, Column } from "./data/frame.js";
export { frameFromRecords } from "./data/frame.js";
export { LongitudeError, type ErrorCode } from "./errors.js";
