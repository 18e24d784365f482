import { compareText } from './order.js';
/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Up to `n` candidates closest to `query` (case-insensitive), nearest first; substring matches count as close. */
export function closest(query: string, candidates: string[], n = 3): string[] {
  const q = query.toLowerCase();
  return candidates
    .map((c) => {
      const l = c.toLowerCase();
      const d = l.includes(q) || q.includes(l) ? Math.min(1, editDistance(q, l)) : editDistance(q, l);
      return { c, d };
    })
    .filter((x) => x.d <= Math.max(3, Math.floor(q.length / 2)))
    .sort((a, b) => a.d - b.d || compareText(a.c, b.c))
    .slice(0, n)
    .map((x) => x.c);
}
