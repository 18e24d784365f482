import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../src/core/dates.js';
import { StalkError } from '../../src/core/errors.js';
import { financialYear, fyQuarter, month } from '../../src/core/periods.js';
import {
  clearRegisterCache,
  codeStart,
  defaultRegisterPath,
  eventsSeparating,
  findEvent,
  isIsoDate,
  loadRegister,
  parseRegister,
  predatesCode,
} from '../../src/taxonomy/register.js';

const DATA_FILE = defaultRegisterPath();

function stalkError(fn: () => unknown): StalkError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StalkError);
    return e as StalkError;
  }
  throw new Error('expected a StalkError');
}

/** A valid one-event register to break one field at a time. */
function minimal(): { version: number; events: Record<string, unknown>[] } {
  return {
    version: 1,
    events: [
      {
        id: 'an-event-2020',
        date: '2020-04-01',
        title: 'A change',
        changed: 'Something changed.',
        affects: ['stalking', 'stalking-and-harassment'],
        sources: [{ publication: 'A bulletin', url: 'https://example.org/bulletin' }],
        confidence: 'confirmed',
      },
    ],
  };
}

describe('the shipped register', () => {
  const register = loadRegister();

  it('is found from the module whether run from src/ or dist/src/', () => {
    expect(DATA_FILE.endsWith(join('data', 'recording-changes.json'))).toBe(true);
    expect(register.events.length).toBeGreaterThanOrEqual(8);
    expect(loadRegister()).toBe(register); // cached
  });

  it('has real dates, in order, and unique ids', () => {
    for (const e of register.events) expect(isIsoDate(e.date), e.id).toBe(true);
    const days = register.events.map((e) => dayNumber(e.date));
    expect(days).toEqual([...days].sort((a, b) => a - b));
    expect(new Set(register.events.map((e) => e.id)).size).toBe(register.events.length);
  });

  it('gives every event at least one source with a web address', () => {
    for (const e of register.events) {
      expect(e.sources.length, e.id).toBeGreaterThan(0);
      for (const s of e.sources) {
        expect(s.url, e.id).toMatch(/^https?:\/\/[^/\s]+\.[^/\s]+/);
        expect(s.publication.length, e.id).toBeGreaterThan(5);
      }
    }
  });

  it('holds the dated changes of the design notes, as verified', () => {
    const dates = Object.fromEntries(register.events.map((e) => [e.id, e.date]));
    expect(dates).toMatchObject({
      'stalking-offences-created-2012': '2012-11-25',
      'stalking-code-8q-2014': '2014-04-01',
      'malicious-communications-notifiable-2015': '2015-04-01',
      'coercive-control-offence-2015': '2015-12-29',
      'malicious-communications-code-8r-2017': '2017-04-01',
      // April 2018 per the Home Office's table notes; some press reports say 2017 or 2019 (see the note).
      'conduct-crimes-recorded-in-addition-2018': '2018-04-01',
      'ex-partner-stalking-coercive-control-2020': '2020-04-01',
      // May 2023; the day is not pinned down by the sources, so the end of the month is used.
      'principal-crime-rule-restored-2023': '2023-05-31',
    });
    expect(findEvent('principal-crime-rule-restored-2023').confidence).toBe('probable');
    expect(findEvent('conduct-crimes-recorded-in-addition-2018').note).toMatch(/disagree/);
  });

  it('lists the combined sub-group for every change that alters what it counts', () => {
    // A move between codes inside the sub-group (8Q in 2014, 8R in 2017) leaves the total alone, and
    // coercive control sat outside the sub-group until April 2020; every other change alters the total.
    const totalUnchanged = new Set([
      'stalking-code-8q-2014',
      'malicious-communications-code-8r-2017',
      'coercive-control-offence-2015',
    ]);
    for (const e of register.events) {
      expect(e.affects.includes('stalking-and-harassment'), e.id).toBe(!totalUnchanged.has(e.id));
      if (totalUnchanged.has(e.id)) expect(e.note, e.id).toBeTruthy();
    }
  });
});

describe('findEvent', () => {
  it('finds by id, by date and by month', () => {
    expect(findEvent('stalking-code-8q-2014').date).toBe('2014-04-01');
    expect(findEvent('2020-04-01').id).toBe('ex-partner-stalking-coercive-control-2020');
    expect(findEvent('2020-04').id).toBe('ex-partner-stalking-coercive-control-2020');
    expect(findEvent('2023-05').id).toBe('principal-crime-rule-restored-2023');
    expect(findEvent(' 2015-12 ').id).toBe('coercive-control-offence-2015');
  });

  it('suggests what was probably meant', () => {
    const byDate = stalkError(() => findEvent('2020-03-31'));
    expect(byDate.code).toBe('E_UNKNOWN_EVENT');
    expect(byDate.message).toMatch(/did you mean: ex-partner-stalking-coercive-control-2020 \(2020-04-01\)/);
    const byMonth = stalkError(() => findEvent('2019-04'));
    expect(byMonth.message).toMatch(/did you mean:.*2020-04-01/);
    const byId = stalkError(() => findEvent('stalking-code-8q'));
    expect(byId.code).toBe('E_UNKNOWN_EVENT');
    expect(byId.message).toMatch(/did you mean: stalking-code-8q-2014/);
    expect(stalkError(() => findEvent('nonsense')).exitCode).toBe(2);
  });

  it('asks for the id when a month holds two events', () => {
    const raw = minimal();
    raw.events.push({ ...raw.events[0], id: 'another-2020', date: '2020-04-20' });
    const register = parseRegister(raw);
    expect(findEvent('2020-04-20', register).id).toBe('another-2020');
    expect(stalkError(() => findEvent('2020-04', register)).message).toMatch(/more than one.*give the id/);
  });
});

describe('eventsSeparating', () => {
  const ids = (events: readonly { id: string }[]) => events.map((e) => e.id);

  it('flags 2019/20 → 2020/21 for stalking and not 2018/19 → 2019/20', () => {
    expect(ids(eventsSeparating(financialYear(2019), financialYear(2020), ['stalking']))).toEqual([
      'ex-partner-stalking-coercive-control-2020',
    ]);
    // The 2018 conduct-crime change applies from 1 April 2018, the first day of 2018/19: both
    // 2018/19 and 2019/20 are wholly after it (earlier.start < date fails), so they are comparable.
    expect(eventsSeparating(financialYear(2018), financialYear(2019), ['stalking'])).toEqual([]);
    // …while 2017/18 → 2018/19 straddles it.
    expect(ids(eventsSeparating(financialYear(2017), financialYear(2018), ['stalking']))).toEqual([
      'conduct-crimes-recorded-in-addition-2018',
    ]);
    expect(eventsSeparating(financialYear(2020), financialYear(2021), ['stalking'])).toEqual([]);
  });

  it('counts an event inside the earlier period, and ignores the order of the arguments', () => {
    // 2015/16 contains 29 December 2015: 2015/16 → 2016/17 is not comparable for coercive control.
    expect(ids(eventsSeparating(financialYear(2015), financialYear(2016), ['coercive-control']))).toEqual([
      'coercive-control-offence-2015',
    ]);
    expect(ids(eventsSeparating(financialYear(2016), financialYear(2015), ['coercive-control']))).toEqual([
      'coercive-control-offence-2015',
    ]);
    // Non-adjacent periods: everything between them counts.
    expect(ids(eventsSeparating(financialYear(2013), financialYear(2016), ['stalking']))).toEqual([
      'stalking-code-8q-2014',
    ]);
  });

  it('treats a period containing the 2023 change as straddling it', () => {
    expect(ids(eventsSeparating(month(2023, 5), month(2023, 6), ['harassment']))).toEqual([
      'principal-crime-rule-restored-2023',
    ]);
    expect(eventsSeparating(month(2023, 6), month(2023, 7), ['harassment'])).toEqual([]);
    expect(ids(eventsSeparating(fyQuarter(2022, 4), fyQuarter(2023, 1), ['stalking-and-harassment']))).toEqual([
      'principal-crime-rule-restored-2023',
    ]);
  });

  it('only returns events affecting the categories asked for', () => {
    expect(eventsSeparating(financialYear(2016), financialYear(2017), ['stalking'])).toEqual([]);
    expect(
      ids(eventsSeparating(financialYear(2016), financialYear(2017), ['harassment', 'malicious-communications'])),
    ).toEqual(['malicious-communications-code-8r-2017']);
    expect(eventsSeparating(financialYear(2016), financialYear(2017), [])).toEqual([]);
    expect(stalkError(() => eventsSeparating(financialYear(2016), financialYear(2017), ['burglary'])).code).toBe(
      'E_UNKNOWN_CATEGORY',
    );
  });

  it("applies harassment's changes to the old Met category that contains it", () => {
    // The Met's pre-2017 'Harassment' is wider than Home Office harassment and includes it.
    expect(ids(eventsSeparating(financialYear(2014), financialYear(2015), ['harassment-wide']))).toEqual([
      'malicious-communications-notifiable-2015',
    ]);
    expect(ids(eventsSeparating(month(2012, 11), month(2012, 12), ['harassment-wide']))).toEqual([
      'stalking-offences-created-2012',
    ]);
    expect(eventsSeparating(month(2013, 1), month(2013, 12), ['harassment-wide'])).toEqual([]);
    expect(codeStart('harassment-wide')).toBeNull();
  });
});

describe('codeStart and predatesCode', () => {
  it('dates the codes that give a category figures of its own', () => {
    expect(codeStart('stalking')).toBe('2014-04-01');
    expect(codeStart('malicious-communications')).toBe('2017-04-01');
    expect(codeStart('coercive-control')).toBe('2020-04-01');
    expect(codeStart('harassment')).toBeNull();
    expect(codeStart('stalking-and-harassment')).toBeNull();
    expect(stalkError(() => codeStart('fraud')).code).toBe('E_UNKNOWN_CATEGORY');
  });

  it('says whether a period starts before that date', () => {
    expect(predatesCode('stalking', financialYear(2013))).toBe(true);
    expect(predatesCode('stalking', financialYear(2014))).toBe(false);
    expect(predatesCode('malicious-communications', financialYear(2016))).toBe(true);
    expect(predatesCode('coercive-control', financialYear(2019))).toBe(true);
    expect(predatesCode('coercive-control', financialYear(2020))).toBe(false);
    expect(predatesCode('harassment', financialYear(2005))).toBe(false);
  });
});

describe('validation', () => {
  const field = (mutate: (raw: ReturnType<typeof minimal>) => void): StalkError => {
    const raw = minimal();
    mutate(raw);
    const e = stalkError(() => parseRegister(raw, 'bad.json'));
    expect(e.code).toBe('E_DATA_FILE');
    expect(e.file).toBe('bad.json');
    return e;
  };

  it('accepts the minimal register', () => {
    expect(parseRegister(minimal()).events[0].id).toBe('an-event-2020');
  });

  it('names the field at fault', () => {
    expect(field((r) => (r.version = 2)).message).toMatch(/version must be 1/);
    expect(field((r) => (r.events = [])).message).toMatch(/events must be a non-empty array/);
    expect(field((r) => (r.events[0].date = '2020-02-30')).message).toMatch(/events\[0\]\.date must be a real date/);
    expect(field((r) => (r.events[0].date = '1 April 2020')).message).toMatch(/events\[0\]\.date/);
    expect(field((r) => (r.events[0].id = 'Bad Id')).message).toMatch(/events\[0\]\.id/);
    expect(field((r) => delete r.events[0].title).message).toMatch(/events\[0\]\.title must be a non-empty string/);
    expect(field((r) => (r.events[0].changed = '  ')).message).toMatch(/events\[0\]\.changed/);
    expect(field((r) => (r.events[0].affects = ['stalking', 'burglary'])).message).toMatch(
      /events\[0\]\.affects\[1\] must be one of/,
    );
    expect(field((r) => (r.events[0].affects = ['stalking', 'stalking'])).message).toMatch(
      /events\[0\]\.affects lists a category twice/,
    );
    expect(field((r) => (r.events[0].sources = [])).message).toMatch(
      /events\[0\]\.sources must list at least one source/,
    );
    expect(field((r) => (r.events[0].sources = [{ publication: 'x' }])).message).toMatch(
      /events\[0\]\.sources\[0\]\.url/,
    );
    expect(field((r) => (r.events[0].sources = [{ publication: 'x', url: 'ftp://example.org/a' }])).message).toMatch(
      /events\[0\]\.sources\[0\]\.url must be a web address/,
    );
    expect(field((r) => (r.events[0].confidence = 'certain')).message).toMatch(
      /events\[0\]\.confidence must be one of/,
    );
    expect(field((r) => (r.events[0].note = 7)).message).toMatch(/events\[0\]\.note/);
    expect(field((r) => (r.events[0].sorces = [])).message).toMatch(/events\[0\]\.sorces is not a known field/);
    expect(field((r) => r.events.push({ ...r.events[0] })).message).toMatch(/events\[1\]\.id repeats "an-event-2020"/);
  });

  it('reports unreadable and malformed files as E_DATA_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'register-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "version": 1, "events": [ }');
    const e = stalkError(() => loadRegister(broken));
    expect(e.code).toBe('E_DATA_FILE');
    expect(e.message).toMatch(/not valid JSON/);
    expect(e.file).toBe(broken);
    expect(stalkError(() => loadRegister(join(dir, 'missing.json'))).code).toBe('E_DATA_FILE');

    const good = join(dir, 'good.json');
    writeFileSync(good, `\uFEFF${readFileSync(DATA_FILE, 'utf8')}`);
    expect(loadRegister(good).events.length).toBe(loadRegister().events.length);
    clearRegisterCache();
    writeFileSync(good, JSON.stringify(minimal()));
    expect(loadRegister(good).events.length).toBe(1);
  });
});
