import { Command } from 'commander';
import type { Column, Result } from '../analyses/result.js';
import type { Format } from '../render/index.js';
import { loadTaxonomy } from '../taxonomy/taxonomy.js';
import { addOutputOptions, emit, type Io } from './options.js';

/**
 * Lists the offence taxonomy (data/taxonomy.json): the category ids that --category takes, their
 * labels, Home Office codes and what each covers. Reads no input file.
 */
export const CATEGORIES_EXAMPLES = `
Examples:
  $ stalkstats categories
  $ stalkstats categories --format markdown
  $ stalkstats categories --format json
  $ stalkstats trend data/demo/demo-home-office-quarterly.csv --category stalking,coercive-control --by fy`;

const COLUMNS: Column[] = [
  { key: 'id', label: 'Category', kind: 'text', inTable: true },
  { key: 'label', label: 'Label', kind: 'text', inTable: true },
  { key: 'codes', label: 'Codes', kind: 'text', inTable: true },
  { key: 'inSubGroup', label: 'In the sub-group', kind: 'bool', inTable: true },
  { key: 'description', label: 'Description', kind: 'text', inTable: true },
];

export function categoriesResult(): Result {
  const tax = loadTaxonomy();
  return {
    command: 'categories',
    title: 'Categories',
    inputs: [],
    columns: COLUMNS,
    rows: tax.categories.map((c) => ({
      id: c.id,
      label: c.label,
      codes: c.codes.join(' '),
      inSubGroup: c.inSubGroup,
      description: c.description,
    })),
    notes: [
      'codes are Home Office classifications; the stalking and harassment sub-group is 8L, 8M, 8Q, 8R and, from ' +
        'April 2020, 8U',
      'a file that gives only the combined "Stalking and harassment" figure stays stalking-and-harassment: it ' +
        'cannot be split',
      'labels and codes in input files match case- and punctuation-insensitively; `stalkstats inspect FILE` ' +
        'shows how each label was matched',
    ],
    warnings: [],
    reconciliation: { rowsRead: 0, rowsUsed: 0, excluded: [] },
  };
}

export function categoriesCommand(io: Io): Command {
  const cmd = new Command('categories').description(
    'the offence categories --category takes: id, label, Home Office codes and what each covers',
  );
  addOutputOptions(cmd);
  cmd.addHelpText('after', CATEGORIES_EXAMPLES);
  cmd.action((opts: { format: Format; color?: boolean }) => {
    return emit(categoriesResult(), opts, io);
  });
  return cmd;
}
