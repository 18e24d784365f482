import { describe, expect, it } from 'vitest';
import { parseClaimsFile } from '../../src/analyses/claims/file.js';
import { isStalkError } from '../../src/core/errors.js';

function codeAndLine(f: () => unknown): [string, number | undefined] {
  try {
    f();
  } catch (e) {
    if (isStalkError(e)) return [e.code, e.line];
    throw e;
  }
  throw new Error('no error');
}

describe('claims files', () => {
  it('reads a YAML list of maps and texts, with the line of each claim', () => {
    const yaml = [
      '# claims from the Echo, 2018',
      '- claim: "2,339 cases in 2017"',
      '  area: Dorset',
      '  period: 2017',
      '- claim: more than six a day',
      '  category: stalking and harassment',
      '- "stalking rose almost four-fold between 2019/20 and 2020/21"',
      '',
    ].join('\n');
    const claims = parseClaimsFile(yaml, 'claims.yaml');
    expect(claims).toEqual([
      {
        text: '2,339 cases in 2017',
        area: 'Dorset',
        category: undefined,
        period: '2017',
        source: { file: 'claims.yaml', line: 2 },
      },
      {
        text: 'more than six a day',
        area: undefined,
        category: 'stalking and harassment',
        period: undefined,
        source: { file: 'claims.yaml', line: 5 },
      },
      { text: 'stalking rose almost four-fold between 2019/20 and 2020/21', source: { file: 'claims.yaml', line: 7 } },
    ]);
  });

  it('reads JSON, and a top-level claims key', () => {
    const json = JSON.stringify({
      claims: [{ claim: '4,058 offences in 2020/21', area: 'Calderdale' }, '2,339 in 2017'],
    });
    expect(parseClaimsFile(json, 'c.json').map((c) => [c.text, c.area])).toEqual([
      ['4,058 offences in 2020/21', 'Calderdale'],
      ['2,339 in 2017', undefined],
    ]);
  });

  it('fails with E_CLAIMS_FILE and the line on what it cannot use', () => {
    expect(codeAndLine(() => parseClaimsFile('- claim: a\n  catgory: stalking\n', 'c.yaml'))).toEqual([
      'E_CLAIMS_FILE',
      2,
    ]); // a misspelt key
    expect(codeAndLine(() => parseClaimsFile('- claim: [a, b]\n', 'c.yaml'))[0]).toBe('E_CLAIMS_FILE');
    expect(codeAndLine(() => parseClaimsFile('- area: Dorset\n', 'c.yaml'))).toEqual(['E_CLAIMS_FILE', 1]); // no claim text
    expect(codeAndLine(() => parseClaimsFile('[]', 'c.json'))[0]).toBe('E_CLAIMS_FILE');
    expect(codeAndLine(() => parseClaimsFile('claim: not a list\n', 'c.yaml'))[0]).toBe('E_CLAIMS_FILE');
    expect(codeAndLine(() => parseClaimsFile('- claim: "unterminated\n', 'c.yaml'))[0]).toBe('E_CLAIMS_FILE');
  });
});
