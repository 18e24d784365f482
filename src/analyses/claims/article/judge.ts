import type { Row } from '../../result.js';
import type { ClaimEvaluator } from '../evaluate.js';
import type { ArticleClaim } from './types.js';

/**
 * An article's claims judged, one row each. A claim read two ways is judged both ways: when the
 * verdicts agree that is the verdict; when they differ it is cannot-check and the working shows
 * both readings, since the article does not say which it meant.
 */
export function judgeArticle(claims: ArticleClaim[], evaluator: ClaimEvaluator, firstNo = 1): Row[] {
  return claims.map((c, i) => {
    const id = String(firstNo + i);
    const text = c.sentence.text;
    const input = { text, inArticle: true, paragraph: c.sentence.paragraph, sentence: text };
    const parsed = { input, assertions: [], recognised: [], spans: [], problems: [] };
    if (c.cannotCheck || c.readings.length === 0) {
      const fig = c.figure ?? { text: text.slice(c.s - c.sentence.start, c.e - c.sentence.start), value: null };
      return {
        claimNo: id,
        paragraph: c.sentence.paragraph,
        sentence: text,
        claim: fig.text,
        verdict: 'cannot-check',
        published: fig.text,
        publishedValue: fig.value,
        computed: '',
        computedValue: null,
        area: null,
        category: null,
        period: '',
        comparable: null,
        notComparableBecause: null,
        working: c.cannotCheck ?? 'not read',
        difference: null,
        source: null,
      };
    }
    const rows = c.readings.map((r) => evaluator.evaluateOne(parsed, r.assertion, id, r.assertion.text));
    if (rows.length === 1) return rows[0];
    const each = (say: (r: Row) => string) =>
      rows.map((r, k) => `(${k + 1}) ${c.readings[k].label}: ${say(r)}`).join('; ');
    const verdicts = new Set(rows.map((r) => r.verdict));
    if (verdicts.size === 1) {
      return {
        ...rows[0],
        working: `both readings give ${rows[0].verdict}: ${each((r) => `${r.working}`)}`,
      };
    }
    return {
      ...rows[0],
      verdict: 'cannot-check',
      computed: '',
      computedValue: null,
      difference: null,
      working: `two readings, two verdicts: ${each((r) => `${r.verdict}: ${r.working}`)}`,
    };
  });
}
