/**
 * The arm's reference level a trial statistician expects: the placebo or control arm, so that every difference
 * is active minus control. The core's default (the first level in sort order) is kept when no level looks
 * like one.
 */
const CONTROL = /^(placebo|pbo|plb|pla|control|ctrl|ctl|vehicle|standard of care|soc)$/i;
const CONTAINS_CONTROL = /\b(placebo|control|vehicle)\b/i;

export function suggestArmReference(levels: readonly string[]): string | null {
  return levels.find((l) => CONTROL.test(l.trim())) ?? levels.find((l) => CONTAINS_CONTROL.test(l)) ?? null;
}
