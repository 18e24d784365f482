import { Command } from 'commander';
import type { Column, Result, Row } from '../analyses/result.js';
import type { Format } from '../render/index.js';
import { eventsSeparating, loadRegister, type RecordingChange } from '../taxonomy/register.js';
import type { CategoryId } from '../taxonomy/taxonomy.js';
import { addOutputOptions, emit, type Io, optionParser } from './options.js';
import { parseCategoryList } from './parse.js';

/**
 * Lists the register of recording changes (data/recording-changes.json): each dated change to
 * offences or counting rules, the categories it affects, how sure the date is and its sources.
 * Reads no input file.
 */
export const EVENTS_EXAMPLES = `
Examples:
  $ stalkstats events
  $ stalkstats events --category stalking --format markdown
  $ stalkstats events --format json
  $ stalkstats compare data/demo/demo-home-office-quarterly.csv --event 2020-04
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --by fy

An event dated D applies from D: a change between two periods is marked not comparable when one
starts before D and the other ends on or after it, for the categories the event affects.`;

const COLUMNS: Column[] = [
  { key: 'id', label: 'Id', kind: 'text', inTable: true },
  { key: 'date', label: 'Date', kind: 'date', inTable: true },
  { key: 'title', label: 'Title', kind: 'text', inTable: true },
  { key: 'changed', label: 'What changed', kind: 'text', inTable: true },
  { key: 'affects', label: 'Affects', kind: 'text', inTable: true },
  { key: 'confidence', label: 'Confidence', kind: 'text', inTable: true },
  { key: 'sources', label: 'Sources', kind: 'text', inTable: true },
  { key: 'note', label: 'Note', kind: 'text', inTable: true },
];

/**
 * JSON keeps lists as lists; CSV and Markdown need one text per cell, so sources are written as
 * "publication <url>" (Markdown: links). The terminal shows each source on a line of its own, the
 * address in full: at 80 columns each event is a block, its long texts on lines of their own.
 */
function eventRow(e: RecordingChange, format: Format): Row {
  const base = {
    id: e.id,
    date: e.date,
    title: e.title,
    changed: e.changed,
    confidence: e.confidence,
    note: e.note ?? null,
  };
  if (format === 'json') {
    return {
      ...base,
      affects: [...e.affects] as unknown as Row[string],
      sources: e.sources.map((s) => ({ publication: s.publication, url: s.url })) as unknown as Row[string],
    };
  }
  let sources: string;
  if (format === 'markdown')
    sources = e.sources.map((s) => `[${s.publication.replace(/[[\]]/g, '')}](${s.url})`).join('; ');
  else if (format === 'csv') sources = e.sources.map((s) => `${s.publication} <${s.url}>`).join(' | ');
  else sources = e.sources.map((s) => `${s.publication} <${s.url}>`).join('\n');
  return { ...base, affects: e.affects.join(format === 'csv' ? '; ' : ', '), sources };
}

export interface EventsOptions {
  format: Format;
  category?: CategoryId[];
  color?: boolean;
}

export function eventsResult(opts: EventsOptions): Result {
  const register = loadRegister();
  const all = { kind: 'day' as const, start: '1900-01-01', end: '2200-12-31', days: 0, label: 'all time', key: 'all' };
  const events = opts.category ? eventsSeparating(all, all, opts.category, register) : register.events;
  const rows = events.map((e) => eventRow(e, opts.format));
  return {
    command: 'events',
    title: 'Recording changes',
    inputs: [],
    columns: COLUMNS,
    rows,
    notes: [
      `${events.length} of ${register.events.length} recording ` +
        `changes${opts.category ? ` affecting ${opts.category.join(', ')}` : ''}; the register is ` +
        'data/recording-changes.json',
      'confidence: confirmed (the date is in official notes or the law), probable (sources agree on the month, ' +
        'not the day), uncertain',
      'a change between two periods that straddle an event affecting the category is marked not comparable by ' +
        'trend, daily and compare',
    ],
    warnings: [],
    reconciliation: { rowsRead: 0, rowsUsed: 0, excluded: [] },
    extra: { register: { version: register.version, events: register.events.length } },
  };
}

export function eventsCommand(io: Io): Command {
  const cmd = new Command('events')
    .description(
      'the register of recording changes: date, what changed, the categories affected, confidence and sources',
    )
    .option(
      '-c, --category <list>',
      'only the changes affecting these categories (comma list; default: every change)',
      optionParser(parseCategoryList),
    );
  addOutputOptions(cmd);
  cmd.addHelpText('after', EVENTS_EXAMPLES);
  cmd.action((opts: EventsOptions) => {
    return emit(eventsResult(opts), opts, io);
  });
  return cmd;
}
