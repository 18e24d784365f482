import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES, loadTaxonomy, normaliseCode, SEPARATE_CATEGORIES } from '../../src/taxonomy/taxonomy.js';

const tax = loadTaxonomy();

describe('taxonomy by code', () => {
  it.each([
    ['8Q', 'stalking', '8Q'],
    ['8L', 'harassment', '8L'],
    ['8M', 'harassment', '8M'],
    ['8R', 'malicious-communications', '8R'],
    ['8U', 'coercive-control', '8U'],
  ])('%s → %s', (code, category, sub) => {
    const c = tax.classify('some force wording', code, 'home-office-open-data');
    expect(c).toMatchObject({ category, subcategory: sub, matchedBy: 'code' });
  });

  it('ignores case and spacing in codes', () => {
    for (const code of ['8q', ' 8Q ', '8 q', '8l']) expect(tax.classify('', code, 'x').matchedBy).toBe('code');
    expect(tax.classify('', ' 8 q', 'x').category).toBe('stalking');
    expect(tax.classify('', '8l', 'x').category).toBe('harassment');
    expect(normaliseCode(' 8 u ')).toBe('8U');
  });

  it('the code wins over a label that says something else', () => {
    expect(tax.classify('Harassment', '8Q', 'x').category).toBe('stalking');
  });

  it('other codes are other', () => {
    expect(tax.classify('Shoplifting', '46', 'home-office-open-data')).toMatchObject({
      category: 'other',
      subcategory: null,
      matchedBy: 'none',
    });
  });
});

describe('taxonomy by label', () => {
  it.each([
    ['Stalking', 'stalking'],
    ['STALKING', 'stalking'],
    ['  stalking ', 'stalking'],
    ['Harassment', 'harassment'],
    ['Racially or religiously aggravated harassment', 'harassment'],
    ['Malicious Communications', 'malicious-communications'],
    ['malicious-communications', 'malicious-communications'],
    ['Controlling and coercive behaviour', 'coercive-control'],
    ['Controlling or Coercive Behaviour', 'coercive-control'],
    ['Stalking and harassment', 'stalking-and-harassment'],
    ['STALKING AND HARASSMENT', 'stalking-and-harassment'],
    ['Stalking & Harassment', 'stalking-and-harassment'],
    ['Stalking, harassment', 'other'],
  ])('%j → %s', (label, category) => {
    expect(tax.classify(label, null, 'met-monthly').category).toBe(category);
  });

  it('keeps the 8M subcategory for racially or religiously aggravated harassment', () => {
    expect(tax.classify('Racially or religiously aggravated harassment', null, 'x')).toMatchObject({
      category: 'harassment',
      subcategory: '8M',
      matchedBy: 'label',
    });
  });

  it('a combined label has no subcategory: it cannot be separated', () => {
    expect(tax.classify('Stalking and harassment', null, 'ons-rolling-year').subcategory).toBeNull();
  });
});

describe("the old Met 'Harassment'", () => {
  it('is harassment-wide, with a warning, in the met-monthly-old layout only', () => {
    const old = tax.classify('Harassment', null, 'met-monthly-old');
    expect(old).toMatchObject({ category: 'harassment-wide', matchedBy: 'layout' });
    expect(old.warning).toMatch(/not comparable/);
    const elsewhere = tax.classify('Harassment', null, 'met-monthly');
    expect(elsewhere.category).toBe('harassment');
    expect(elsewhere.warning).toBeUndefined();
    expect(tax.classify('Harassment', '8L', 'home-office-open-data').warning).toBeUndefined();
  });

  it('other old Met labels are not affected', () => {
    expect(tax.classify('Burglary in a Dwelling', null, 'met-monthly-old').category).toBe('other');
  });
});

describe('totals labels', () => {
  it('recognises totals rows by label or code', () => {
    expect(tax.isTotalsLabel('All crimes', null)).toBe(true);
    expect(tax.isTotalsLabel('ALL CRIMES', null)).toBe(true);
    expect(tax.isTotalsLabel('Total recorded crime (excluding fraud)', null)).toBe(true);
    expect(tax.isTotalsLabel('whatever', 'All codes')).toBe(true);
    expect(tax.isTotalsLabel('Stalking', '8Q')).toBe(false);
    expect(tax.isTotalsLabel('Total', null)).toBe(true);
  });
});

describe('categories', () => {
  it('lists every category with a label, and the default and separate sets', () => {
    expect(tax.categoryIds).toEqual([
      'stalking',
      'harassment',
      'malicious-communications',
      'coercive-control',
      'stalking-and-harassment',
      'harassment-wide',
      'violence-and-sexual-offences',
      'anti-social-behaviour',
      'other',
    ]);
    // Anti-social behaviour incidents are not crimes: never shown unless asked for.
    expect(DEFAULT_CATEGORIES).toContain('violence-and-sexual-offences');
    expect(DEFAULT_CATEGORIES).not.toContain('anti-social-behaviour');
    expect(SEPARATE_CATEGORIES).toEqual(['stalking', 'harassment', 'malicious-communications', 'coercive-control']);
    expect(DEFAULT_CATEGORIES).not.toContain('other');
    expect(tax.category('harassment')?.codes).toEqual(['8L', '8M']);
    expect(tax.category('nope')).toBeUndefined();
  });
});

describe('police.uk crime types', () => {
  it('are categories of their own only in the police.uk layout', () => {
    expect(tax.classify('Violence and sexual offences', null, 'police-uk-street').category).toBe(
      'violence-and-sexual-offences',
    );
    expect(tax.classify('Anti-social behaviour', null, 'police-uk-street').category).toBe('anti-social-behaviour');
    expect(tax.classify('Bicycle theft', null, 'police-uk-street').category).toBe('other');
    // Elsewhere the words are nobody's category: a Home Office file's label stays 'other'.
    expect(tax.classify('Violence and sexual offences', null, 'home-office-open-data').category).toBe('other');
  });
});
