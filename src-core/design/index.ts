export { buildDesign } from "./build.js";
export type { Design, FactorInfo, FixedTermInfo, RandomTermDesign, ResidualDesign } from "./design.js";
export { parseFormula } from "../formula/parse.js";
export { expandFormula, formulaTerms } from "../formula/terms.js";
export type { ArithExpr, Covariate, FormulaAst, TermNode } from "../formula/ast.js";
export type { ExpandedTerm, ModelFormula, RandomTerm, ResidualTerm, TermSet, TermVariable } from "../formula/terms.js";
export { whereMask } from "./where.js";
export { compareLevels } from "./collate.js";
export { formatNumber } from "../formula/number.js";
