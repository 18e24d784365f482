import { describe, expect, it } from 'vitest';
import { findDateline } from '../../src/analyses/claims/article/dateline.js';
import { decodeArticle } from '../../src/analyses/claims/article/decode.js';
import { readTextArticle } from '../../src/analyses/claims/article/document.js';
import { type ArticleData, readArticleClaims } from '../../src/analyses/claims/article/extract.js';
import { readHtmlArticle } from '../../src/analyses/claims/article/html.js';
import { findNumerals } from '../../src/analyses/claims/article/numerals.js';
import { sentenceBounds } from '../../src/analyses/claims/article/sentences.js';
import type { Assertion } from '../../src/analyses/claims/index.js';
import { areaIndex } from '../../src/series/areas.js';

// The article reader on sentences of our own: each rule of skips.ts, extract.ts and the period forms,
// without data (the areas below stand in for a file of police force areas and regions).

const AREAS: ArticleData['areas'] = areaIndex([
  { path: ['South West', 'Dorset'], roles: ['region', 'force'] },
  { path: ['Yorkshire and The Humber', 'West Yorkshire'], roles: ['region', 'force'] },
  { path: ['Yorkshire and The Humber', 'South Yorkshire'], roles: ['region', 'force'] },
  { path: ['East of England', 'Cambridgeshire'], roles: ['region', 'force'] },
]);
const DATA: ArticleData = {
  areas: AREAS,
  onlyCombined: true,
  englandAndWales: true,
  holds: (id) => !['theft', 'burglary'].includes(id),
};

function read(text: string, asOf?: string, data: ArticleData = DATA) {
  return readArticleClaims(readTextArticle(text), { asOf }, data);
}
function claims(text: string, asOf?: string, data?: ArticleData): Assertion[] {
  return read(text, asOf, data).claims.map((c) => c.readings[0].assertion);
}
function skipped(text: string, asOf?: string): Record<string, string> {
  return Object.fromEntries(read(text, asOf).skipped.map((s) => [s.text, s.reason]));
}
const periodOf = (a: Assertion) =>
  (a.kind === 'change' ? [a.from, a.to] : [a.period]).map((r) =>
    r?.type === 'fixed' ? r.period.label : (r?.type ?? null),
  );

describe('numbers that are not figures', () => {
  it('lists each with its reason', () => {
    const s = skipped(
      'Call 101, or 999 in an emergency, or the helpline on 0808 802 0300. A 33-year-old man was jailed for 16 months and fined £5,000 at 7:00 PM. ' +
        'The force was ranked fourth highest. Visit www.police.uk/2707 for help. Some 40 people were charged. Up to five million people experience stalking. ' +
        'Of the three offences, stalking is the most serious. The 43 police forces were asked. She reported him five times over six months.',
    );
    expect(s).toMatchObject({
      '101': 'a phone number',
      '999': 'a phone number',
      '0808 802 0300': 'a phone number',
      '33': 'an age',
      '16': 'a duration or prison term',
      '5,000': 'money',
      '7:00 PM': 'a clock time',
      fourth: 'a rank',
      '2707': 'a web address or ID',
      '40': 'an outcome (charges, convictions, orders), not recorded offences',
      'five million': 'people, not offences',
      three: 'a count of kinds of thing, not of offences',
      '43': 'a number of police forces or areas, not of offences',
      five: 'a number of occasions, not offences',
    });
  });

  it('skips outcomes and breakdowns, and what a sentence counts carries to its figures', () => {
    const r = read(
      'There were 130 arrests recorded in 2019/20, a figure which rose to 167 the year after. Just 3.4% resulted in a charge. The 25-34 year-olds accounted for 407 of the offences.',
    );
    expect(r.claims).toHaveLength(0);
    const s = Object.fromEntries(r.skipped.map((x) => [x.text, x.reason]));
    expect(s['130']).toMatch(/outcome/);
    expect(s['167']).toMatch(/outcome/);
    expect(s['3.4']).toMatch(/outcome/);
    expect(s['407']).toBe('a breakdown by age or sex, which the data do not hold');
  });

  it('reads digits, words, multiples and scales as numbers', () => {
    expect(
      findNumerals('2,339 cases, six a day, doubled, five-fold, 15pc, 1.4 million, one per cent, one man').map((n) => [
        n.text,
        n.value,
      ]),
    ).toEqual([
      ['2,339', 2339],
      ['six', 6],
      ['doubled', 2],
      ['five-fold', 5],
      ['15pc', 15],
      ['1.4 million', 1_400_000],
      ['one', 1],
    ]);
  });
});

describe('sentences and documents', () => {
  it('splits sentences, not at titles, initials or decimals', () => {
    const t = 'Det Sgt. J. Smith said 6.4 offences a day were recorded. Mr. Jones agreed. "It rose," she said.';
    expect(sentenceBounds(t).map(([s, e]) => t.slice(s, e))).toEqual([
      'Det Sgt. J. Smith said 6.4 offences a day were recorded.',
      'Mr. Jones agreed.',
      '"It rose," she said.',
    ]);
  });

  it('keeps the headline and paragraphs of a saved page, and leaves out scripts and navigation', async () => {
    const doc = await readHtmlArticle(
      '<!doctype html><html><head><title>Site</title><meta property="article:published_time" content="2018-05-02T09:00:00Z"><script>var x = 999;</script></head>' +
        '<body><nav><a href="/">Home 101</a></nav><article><h1>Stalking doubles</h1><p>In 2017, <b>2,339</b> cases were reported.</p><ul><li>Call 101</li></ul></article><footer>© 2018</footer></body></html>',
    );
    expect(doc.title).toBe('Stalking doubles');
    expect(doc.blocks.map((b) => [b.paragraph, b.text])).toEqual([
      [0, 'Stalking doubles'],
      [1, 'In 2017, 2,339 cases were reported.'],
      [2, 'Call 101'],
    ]);
    expect(doc.declaredDates).toEqual(['2018-05-02']);
  });

  it('reads Markdown headings, bullets and front matter', () => {
    const doc = readTextArticle(
      '---\ntitle: A story\nurl: /news/2707\n---\n# Stalking rises\n\nFirst paragraph\ngoes on.\n\n- a bullet\n- another',
    );
    expect(doc.title).toBe('A story');
    expect(doc.blocks.filter((b) => !b.meta).map((b) => b.text)).toEqual([
      'Stalking rises',
      'First paragraph goes on.',
      'a bullet',
      'another',
    ]);
  });

  it('decodes UTF-16 and Windows-1252', () => {
    expect(decodeArticle(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Costs £5', 'utf16le')]), 'a.txt')).toBe(
      'Costs £5',
    );
    expect(decodeArticle(Buffer.from([0x43, 0x6f, 0x73, 0x74, 0x73, 0x20, 0xa3, 0x35, 0x0d, 0x0a]), 'a.txt')).toBe(
      'Costs £5\n',
    );
  });
});

describe('the publication date', () => {
  it('takes a dateline, never a year from the text', () => {
    const date = (t: string) => findDateline(readTextArticle(t))?.date ?? null;
    expect(date('Stalking rises\n\nWednesday, 2nd May 2018\n\nIn 2017 there were 2,339 offences.')).toBe('2018-05-02');
    expect(date('Published: 7:00 PM March 12, 2021\n\nHavering saw 1,520 reports.')).toBe('2021-03-12');
    expect(date('Headline\n\n24 April 2017\n\nText.')).toBe('2017-04-24');
    expect(date('Stalking rose in 2017 to 2,339 offences, figures published on 26 April 2018 show.')).toBeNull();
    expect(read('There were 2,339 offences in Dorset last year.').date).toEqual({ date: null, from: null, text: null });
  });
});

describe('context: area, offence and period', () => {
  it('carries the area from an earlier sentence and keeps a place the data lack', () => {
    const [a, b, c] = claims(
      'Dorset recorded 2,339 offences of stalking and harassment in 2017. That was 6.4 a day. In Peterborough there were 900 offences in 2017.',
    );
    expect([a.area, b.area, c.area]).toEqual(['Dorset', 'Dorset', 'Peterborough']);
    expect(b.areaHow).toBe("area 'Dorset' from paragraph 1");
  });

  it('places figures by clause and by "respectively"', () => {
    const [a, b] = claims(
      'There were 26,096 stalking and harassment offences reported to the West Yorkshire force in 2018 and 15,246 cases to the South Yorkshire force.',
    );
    expect([a.area, b.area]).toEqual(['West Yorkshire', 'South Yorkshire']);
    const [c, d] = claims(
      'South Yorkshire and West Yorkshire recorded 15,246 and 26,096 stalking and harassment offences in 2018 respectively.',
    );
    expect([c.area, d.area]).toEqual(['South Yorkshire', 'West Yorkshire']);
  });

  it('reads England and Wales as every area only where the data hold every force', () => {
    const [a] = claims('Across England and Wales there were 400,000 stalking and harassment offences in 2018.');
    expect([a.area, a.areaHow]).toEqual([null, "'England and Wales': every area in the data (from the sentence)"]);
    const [b] = claims(
      'Across England and Wales there were 400,000 stalking and harassment offences in 2018.',
      undefined,
      { ...DATA, englandAndWales: false },
    );
    expect(b.area).toBe('England and Wales');
  });

  it('reads the offence from the words: the sub-group, stalking alone, other groups', () => {
    const cats = claims(
      'There were 2,339 cases of stalking, harassment or malicious communications in 2017. There were 300 stalking offences in 2017. There were 8,564 sexual offences in 2018.',
    ).map((a) => a.category?.id);
    expect(cats).toEqual(['stalking-and-harassment', 'stalking', 'sexual-offences']);
    // A group the data do not hold is skipped, not judged against stalking.
    expect(skipped('Police recorded 4,000 burglaries and 2,000 stalking offences in 2018.')['4,000']).toBe(
      'a figure for burglary, which the data do not hold',
    );
  });

  it('reads a bare "harassment" as the sub-group where the article is about it and the data have only that', () => {
    const [a] = claims(
      'Stalking and harassment on the rise\n\nDorset saw an 81 per cent increase in harassment from October 2015 to September 2016.',
    );
    expect(a.category?.id).toBe('stalking-and-harassment');
    const [b] = claims(
      'Harassment on the rise\n\nDorset saw an 81 per cent increase in harassment from October 2015 to September 2016.',
    );
    expect(b.category?.id).toBe('harassment');
  });

  it('reads month-to-month spans as one period, and the period of a figure from the figures before it', () => {
    const [a, b] = claims(
      'Dorset saw an 81 per cent increase in stalking and harassment from October 2015 to September 2016. There were 1,918 offences.',
    );
    expect(periodOf(a)).toEqual(['previous', '12 months to Sep 2016']);
    expect(periodOf(b)).toEqual(['12 months to Sep 2016']);
    expect(
      periodOf(claims('Dorset recorded 1,488 stalking and harassment offences between July 2017 and June 2018.')[0]),
    ).toEqual(['12 months to Jun 2018']);
  });

  it("takes a relative change's periods from the explicit comparison beside it", () => {
    const [change] = claims(
      'Stalking and harassment offences in Dorset were five times higher last year than the same period three years earlier. There were 1,499 offences for the year ending June 2018 - compared to 288 offences during the 12-month period ending June 30, 2015.',
      '2019-01-15',
    );
    expect(periodOf(change)).toEqual(['12 months to Jun 2015', '12 months to Jun 2018']);
  });

  it('reads "over the past two years" and "the year before" against the date', () => {
    const [a] = claims(
      'Reports of stalking and harassment in Dorset have almost doubled over the past two years.',
      '2018-04-26',
    );
    expect(periodOf(a)).toEqual(['2015', '2017']);
    const [, b] = claims(
      'Dorset saw 1,520 stalking and harassment offences in the year to September 2020. This compares to 1,534 the year before.',
    );
    expect(periodOf(b)).toEqual(['12 months to Sep 2019']);
  });

  it('reads "the year 2015 to 2016" beside a year ending June two ways', () => {
    const r = read(
      'Dorset saw 1,488 stalking and harassment offences between July 2017 and June 2018, a 99 per cent increase on the year 2015 to 2016.',
    );
    const change = r.claims.find((c) => c.readings[0].assertion.kind === 'change')!;
    expect(change.readings.map((x) => periodOf(x.assertion))).toEqual([
      ['2015/16', '12 months to Jun 2018'],
      ['12 months to Jun 2016', '12 months to Jun 2018'],
    ]);
  });

  it('reads "double the figure for 2015" as a base, and a service named after stalking as no offence', () => {
    const [, change] = claims(
      'Dorset recorded 2,336 stalking and harassment offences in 2017, double the figure for 2015.',
    );
    expect(periodOf(change)).toEqual(['2015', '2017']);
    const [a] = claims(
      'Stalking and harassment offences in Dorset reached 2,336 in 2017. Call the National Stalking Helpline. There were 2,465 offences in 2017/18.',
    );
    const last = claims(
      'Stalking and harassment offences in Dorset reached 2,336 in 2017. Call the National Stalking Helpline. There were 2,465 offences in 2017/18.',
    )[1];
    expect([a.category?.id, last.category?.id]).toEqual(['stalking-and-harassment', 'stalking-and-harassment']);
  });
});
