import { describe, expect, it } from 'vitest';
import { stripFootnoteMarkers } from '../../src/schema/footnotes.js';

describe('stripFootnoteMarkers', () => {
  // [as printed, clean]; the first seven are from Tables P1, P3 and P7 of the year ending March 2018.
  it.each([
    ['Stalking and harassment5', 'Stalking and harassment'],
    ['ENGLAND AND WALES8', 'ENGLAND AND WALES'],
    ['City of London14', 'City of London'],
    ['Residential burglary6,7', 'Residential burglary'],
    ['Total recorded crime (excluding fraud4)', 'Total recorded crime (excluding fraud)'],
    ['Residential burglary (households) 7,8,10', 'Residential burglary (households)'],
    ['ENGLAND AND WALES (inc. BTP)7', 'ENGLAND AND WALES (inc. BTP)'],
    ['Stalking\nand harassment', 'Stalking and harassment'],
    ['Non-residential  burglary6,7', 'Non-residential burglary'],
    ['West Midlands ', 'West Midlands'],
    ['Surrey\u2077', 'Surrey'],
    ['Residential burglary\u2076,\u2077', 'Residential burglary'],
    ['Stalking and harassment [note 5]', 'Stalking and harassment'],
    ['Robbery [Notes 2, 3]', 'Robbery'],
  ])('%j is %j', (printed, clean) => {
    expect(stripFootnoteMarkers(printed)).toBe(clean);
  });

  const OWN_DIGITS = ['Table P1', 'QT1', 'E23000039', 'K04000001', 'Homicide 1/4.1', 'mid-2016', '2002'];
  it.each([...OWN_DIGITS, 'year ending March 2018', 'Apr 17 to Mar 18'])(
    'keeps the digits of %j, which belong to it',
    (label) => {
      expect(stripFootnoteMarkers(label)).toBe(label);
    },
  );

  // Table P7 prints "Mar '12" with notes 5 and 6 as "Mar '125, 6": digits after an apostrophe may be the year.
  it('leaves notes fused to a quoted year', () => {
    expect(stripFootnoteMarkers("Apr '11 to Mar '125, 6")).toBe("Apr '11 to Mar '125, 6");
  });

  it('keeps numbers of three digits or more after a word, which are not footnote numbers', () => {
    expect(stripFootnoteMarkers('Area100')).toBe('Area100');
  });
});
