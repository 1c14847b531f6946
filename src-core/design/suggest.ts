/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length];
}

/** The candidate closest to `name` (case-insensitive edit distance at most a third of its length, at least 2), or null. */
export function closestName(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === name.toLowerCase() ? 0 : distance(name, c);
    if (d < bestD) { bestD = d; best = c; }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

/** "a, b, c and 12 more" style list of column names. */
export function listNames(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** The message for an unknown column, with the closest known name if there is one. */
export function unknownColumnMessage(name: string, where: string, columns: readonly string[]): string {
  const close = closestName(name, columns);
  const list = listNames(columns);
  return close
    ? `unknown column "${name}" in ${where}; did you mean "${close}"? Columns are: ${list}`
    : `unknown column "${name}" in ${where}; columns are: ${list}`;
}
