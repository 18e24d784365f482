import { describe, expect, it } from 'vitest';
import { asWords, hasPhrase, measureNamed } from '../../src/schema/measures.js';

const MEASURES = [
  { id: 'percentage-change', name: 'percentage changes', words: ['percentage change', '% change'] },
  { id: 'rate', name: 'rates', words: ['rate per', 'per 1,000'] },
  { id: 'percentage', name: 'percentages', words: ['%', 'percentage'] },
  { id: 'count', name: 'numbers of offences', words: ['number'] },
];

describe('phrases', () => {
  it('reads % as the word "percent" and punctuation as spaces', () => {
    expect(asWords('% involving a knife')).toBe('percent involving a knife');
    expect(asWords('Rate per 1,000 population')).toBe('rate per 1 000 population');
  });

  it('matches whole words only', () => {
    expect(hasPhrase('Rate per 1,000 population', 'per 1,000')).toBe(true);
    expect(hasPhrase('Criminal damage and arson', 'rate')).toBe(false);
    expect(hasPhrase('Experiences of anti-social behaviour, year ending March 2018 CSEW1', 'CSEW')).toBe(true);
  });
});

describe('measureNamed', () => {
  it('looks for the measures in order: percentage change before percentage', () => {
    expect(measureNamed(['Percentage change5,6'], MEASURES)?.measure.id).toBe('percentage-change');
    expect(measureNamed(['% involving a knife'], MEASURES)?.measure.id).toBe('percentage');
  });

  it('can leave the count measure out, and says which phrase it found where', () => {
    expect(measureNamed(['Numbers', 'Number of offences'], MEASURES, 'count')).toBeNull();
    const found = measureNamed(['Title', 'Rate per 1,000 population'], MEASURES, 'count');
    expect(found).toMatchObject({ phrase: 'rate per', text: 'Rate per 1,000 population' });
  });
});
