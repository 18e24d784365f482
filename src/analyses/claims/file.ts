import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { StalkError } from '../../core/errors.js';
import type { ClaimInput } from './types.js';

/**
 * A claims file for CI: a YAML or JSON list, each item a claim's text or a map with `claim` and
 * optional `area`, `category` and `period`. A top-level `claims:` key holding the list is accepted
 * too. Pure: takes the file's text, returns the claims or throws E_CLAIMS_FILE with the line.
 *
 *   - claim: "2,339 cases in 2017"
 *     area: Dorset
 *   - "stalking rose almost four-fold between 2019/20 and 2020/21"
 */
export const CLAIM_KEYS = ['claim', 'area', 'category', 'period'] as const;

export function parseClaimsFile(text: string, file: string): ClaimInput[] {
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (n: Node | null | undefined) => (n?.range ? lines.linePos(n.range[0]).line : undefined);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new StalkError('E_CLAIMS_FILE', `cannot read the claims file: ${e.message.split('\n')[0]}`, {
      file,
      line: e.linePos?.[0]?.line,
    });
  }
  let list: Node | null = doc.contents as Node | null;
  if (isMap(list)) {
    const claims = list.items.find((p) => isScalar(p.key) && p.key.value === 'claims');
    if (!claims || list.items.length !== 1)
      throw new StalkError(
        'E_CLAIMS_FILE',
        'a claims file is a list of claims, or a map with one key, claims, holding that list',
        { file, line: lineOf(list) },
      );
    list = claims.value as Node | null;
  }
  if (!isSeq(list))
    throw new StalkError(
      'E_CLAIMS_FILE',
      'a claims file is a list of claims (YAML "- claim: …" items or a JSON array)',
      { file, line: lineOf(list) ?? 1 },
    );
  if (list.items.length === 0)
    throw new StalkError('E_CLAIMS_FILE', 'the claims file lists no claims', { file, line: lineOf(list) ?? 1 });
  const out: ClaimInput[] = [];
  for (const item of list.items as Node[]) {
    const line = lineOf(item);
    if (isScalar(item)) {
      if (typeof item.value !== 'string' || !item.value.trim())
        throw new StalkError('E_CLAIMS_FILE', 'a claim must be text', { file, line });
      out.push({ text: item.value, source: { file, line } });
      continue;
    }
    if (!isMap(item))
      throw new StalkError('E_CLAIMS_FILE', 'each claim is a text or a map with claim, area, category and period', {
        file,
        line,
      });
    const fields: Record<string, string> = {};
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const keyLine = lineOf(pair.key as Node) ?? line;
      const k = key === 'text' ? 'claim' : key;
      if (!(CLAIM_KEYS as readonly string[]).includes(k))
        throw new StalkError('E_CLAIMS_FILE', `unknown key '${key}' (keys: ${CLAIM_KEYS.join(', ')})`, {
          file,
          line: keyLine,
        });
      const v = pair.value as Node | null;
      if (v === null || (isScalar(v) && v.value === null)) continue;
      if (!isScalar(v) || (typeof v.value !== 'string' && typeof v.value !== 'number'))
        throw new StalkError('E_CLAIMS_FILE', `'${key}' must be text`, { file, line: keyLine });
      // YAML reads `period: 2017` as a number; the claim means the year.
      fields[k] = String(v.value);
    }
    if (!fields.claim?.trim())
      throw new StalkError('E_CLAIMS_FILE', "a claim map needs a 'claim' text", { file, line });
    out.push({
      text: fields.claim,
      area: fields.area,
      category: fields.category,
      period: fields.period,
      source: { file, line },
    });
  }
  return out;
}
