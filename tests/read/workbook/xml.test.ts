import { describe, expect, it } from 'vitest';
import { StalkError } from '../../../src/core/errors.js';
import { attribute, localName, XmlTokenizer, xmlText } from '../../../src/read/workbook/xml.js';

type Event = ['open', string, Record<string, string | undefined>, boolean] | ['close', string] | ['text', string];

/** Tokenizes `xml` pushed in pieces of `size` characters; text events are joined as a reader would. */
function events(xml: string, size: number, attrs: string[] = []): Event[] {
  const out: Event[] = [];
  const t = new XmlTokenizer(
    {
      open: (name, s, a, b, self) =>
        out.push(['open', name, Object.fromEntries(attrs.map((k) => [k, attribute(s, a, b, k)])), self]),
      close: (name) => out.push(['close', name]),
      text: (s, a, b) => {
        const last = out[out.length - 1];
        if (last?.[0] === 'text') last[1] += xmlText(s, a, b);
        else out.push(['text', xmlText(s, a, b)]);
      },
    },
    'book.xlsx',
    'xl/workbook.xml',
  );
  for (let i = 0; i < xml.length; i += size) t.push(xml.slice(i, i + size));
  t.end();
  return out;
}

const DOC = `<?xml version="1.0" encoding="UTF-8"?>
<!-- written by hand -->
<x:sheet xmlns:x="urn:x" a = 'one > two' b="&amp;&lt;&#65;&#x42;">
  <row r="1"><c t="s">Tom &amp; Jerry</c><c/></row>
  <t><![CDATA[a <b> & c]]></t>
</x:sheet>`;

describe('XmlTokenizer', () => {
  it('gives the same events whatever the chunk size (every split point)', () => {
    const whole = events(DOC, DOC.length, ['a', 'b', 'r', 't']);
    expect(whole[0]).toEqual(['open', 'x:sheet', { a: 'one > two', b: '&<AB', r: undefined, t: undefined }, false]);
    expect(whole).toContainEqual(['open', 'c', { a: undefined, b: undefined, r: undefined, t: undefined }, true]);
    expect(whole.filter((e) => e[0] === 'text' && e[1].trim()).map((e) => e[1])).toEqual(['Tom & Jerry', 'a <b> & c']);
    for (const size of [1, 2, 3, 7, 13]) expect(events(DOC, size, ['a', 'b', 'r', 't'])).toEqual(whole);
  });

  it.each([
    ['a DOCTYPE (the way to entity bombs)', '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', 'DOCTYPE'],
    ['a document cut short', '<x><y>text', 'cut short'],
    ['a tag cut short', '<x><y a="1', 'cut short'],
    ['two roots', '<x/><y/>', 'second root'],
    ['no elements', '   ', 'no XML elements'],
    ['a "<" inside a tag', '<x a="1" <y/></x>', 'inside a tag'],
    ['a closing tag with nothing open', '<x></x></y>', 'no element open'],
  ])('refuses %s with E_WORKBOOK_CORRUPT', (_label, xml, words) => {
    let err: unknown;
    try {
      events(xml, 4);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StalkError);
    expect((err as StalkError).code).toBe('E_WORKBOOK_CORRUPT');
    expect((err as StalkError).message).toContain(words);
    expect((err as StalkError).oneLine()).toMatch(
      /^book\.xlsx: the workbook's xl\/workbook\.xml is not well-formed XML: /,
    );
  });
});

describe('xmlText and localName', () => {
  it('decodes the predefined entities and character references, and keeps a bare &', () => {
    const s = 'a &amp; b &quot;c&quot; &apos;d&apos; &#163;&#x2013; & &bogus; &#xZZ;';
    expect(xmlText(s, 0, s.length)).toBe(`a & b "c" 'd' £– & &bogus; &#xZZ;`);
    expect(xmlText(`<v>${s}</v>`, 3, 3 + 9)).toBe('a & b');
  });

  it('drops a namespace prefix', () => {
    expect(localName('x:row')).toBe('row');
    expect(localName('row')).toBe('row');
  });
});
