#!/usr/bin/env node
// Builds data/populations.json: ONS mid-year population estimates (usual residents at 30 June) for
// every police force area, community safety partnership area and local authority district of
// England and Wales, and for the English regions, England, Wales and England and Wales, from the
// official files kept beside the project (never copied into it). See docs/populations.md.
//
// Usage: node scripts/build-populations.mjs [FOLDER] [--out FILE]
//   FOLDER  the folder of real files; default $STALKSTATS_REAL_DATA, else ../shared/data/real
//           (from the project root)
//   --out   the file to write; default data/populations.json
//
// Every figure is a sum of unrounded district estimates. Before writing, the sums are checked
// against ONS's own force, region and country tables (Table P9, mid-2002 to mid-2016, and the
// mid-2018 table): any figure that does not round to the published one stops the build. The
// output is the same bytes for the same inputs: keys sorted, whole numbers, no dates or paths.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const FILES = {
  districts: 'ons_population_lad_mid2001-2020_long.csv',
  lookup: 'ons_lookup_lad17_csp17_pfa17.csv',
  p9: 'ons_pfa_table_P9_population_mid2002-2016_sheet_saved_as_csv.csv',
  mid2018: 'ons_population_pfa_mid2018.csv',
  thousands: 'ons_population_pfa_mid2001-2010_thousands.csv',
};

// Where each file came from, as recorded in the folder's SOURCES.md (sections 14 to 16).
const ORIGINS = {
  districts:
    'ONS mid-year population estimates by local authority district, mid-2001 to mid-2020 (on the April 2021 ' +
    'districts), as re-uploaded to GitHub mpjashby/lesscrime.info-quarto at commit ' +
    'cd33ffcdd31a44e0c7352a06a5fc5467d8520b3a, ' +
    'post/crime-pressure-force-2022/crime-pressure-force-2022-pop-data.csv.gz (unpacked)',
  lookup:
    'ONS Local Authority District to Community Safety Partnerships to Police Force Areas (January 2017) Lookup in ' +
    'England and Wales, Version 2, as re-uploaded to GitHub davidbuilgil/synthetic-crime at commit ' +
    '7fa72a6e3a8b203c355e0c0b68eb1e43f8c52d2e',
  p9:
    'ONS Police force area data tables, year ending March 2018, sheet Table P9 (mid-year population estimates ' +
    'for police force areas, English regions and Wales, 2002 to 2016, rounded to 100), saved as CSV; the workbook ' +
    'as re-uploaded to GitHub RG-1427/Data-Analytics at commit ec5f0b1144a197e18b4418dae4a7a26961128f3d',
  mid2018:
    'ONS mid-2018 population estimates by police force area, with regions and countries (rounded to 100), as ' +
    're-uploaded to GitHub M-O-P-D/popm at commit b120ec9d8aca769887f347e450d366841c7af672, data/population_data.csv',
  thousands:
    'ONS mid-year population estimates by police force area, mid-2001 to mid-2010, in thousands, as re-uploaded ' +
    'to GitHub M-O-P-D/popm at commit 54cc1e64402daa343fcebdb1deed2ff54834e584, data/population-police-force.csv',
};

const CONTRIBUTED = {
  districts: 'every figure: the population of each district, mid-2001 to mid-2020, summed into the larger areas',
  lookup: 'which community safety partnership and police force area each district lies in',
  p9: 'the English regions (codes, names and the forces in each); a check: every figure, mid-2002 to mid-2016',
  mid2018: 'a check: every force, region and country figure for mid-2018',
  thousands: 'a comparison only (an earlier vintage of the estimates, before revisions); no figure comes from it',
};

// District mergers between the January 2017 lookup and the population file's districts. The
// script checks that they explain every code found in one file and not the other.
const MERGERS = [
  {
    date: '2019-04-01',
    code: 'E06000058',
    name: 'Bournemouth, Christchurch and Poole',
    replaces: ['E06000028', 'E06000029', 'E07000048'],
    law: 'The Bournemouth, Dorset and Poole (Structural Changes) Order 2018',
  },
  {
    date: '2019-04-01',
    code: 'E06000059',
    name: 'Dorset',
    replaces: ['E07000049', 'E07000050', 'E07000051', 'E07000052', 'E07000053'],
    law: 'The Bournemouth, Dorset and Poole (Structural Changes) Order 2018',
  },
  {
    date: '2019-04-01',
    code: 'E07000244',
    name: 'East Suffolk',
    replaces: ['E07000205', 'E07000206'],
    law: 'The East Suffolk (Local Government Changes) Order 2018',
  },
  {
    date: '2019-04-01',
    code: 'E07000245',
    name: 'West Suffolk',
    replaces: ['E07000201', 'E07000204'],
    law: 'The West Suffolk (Local Government Changes) Order 2018',
  },
  {
    date: '2019-04-01',
    code: 'E07000246',
    name: 'Somerset West and Taunton',
    replaces: ['E07000190', 'E07000191'],
    law: 'The Somerset West and Taunton (Local Government Changes) Order 2018',
  },
  {
    date: '2020-04-01',
    code: 'E06000060',
    name: 'Buckinghamshire',
    replaces: ['E07000004', 'E07000005', 'E07000006', 'E07000007'],
    law: 'The Buckinghamshire (Structural Changes) Order 2019',
  },
  {
    date: '2021-04-01',
    code: 'E06000061',
    name: 'North Northamptonshire',
    replaces: ['E07000150', 'E07000152', 'E07000153', 'E07000156'],
    law: 'The Northamptonshire (Structural Changes) Order 2020',
  },
  {
    date: '2021-04-01',
    code: 'E06000062',
    name: 'West Northamptonshire',
    replaces: ['E07000151', 'E07000154', 'E07000155'],
    law: 'The Northamptonshire (Structural Changes) Order 2020',
  },
];

// Districts that kept their code but changed their name after January 2017.
const RENAMES = [{ code: 'E07000112', date: '2018-04-01', from: 'Shepway', to: 'Folkestone and Hythe' }];

// Display names where the tables' own are capitalised or spelt differently from the ONS
// rolling-year file (its Region column says "Yorkshire and The Humber"); the tables' forms stay
// as aliases.
const DISPLAY = {
  K04000001: 'England and Wales',
  E92000001: 'England',
  W92000004: 'Wales',
  E12000003: 'Yorkshire and The Humber',
};

// Other spellings of an area that real files use, beyond the tables' names (matching already
// ignores case, punctuation, '&' against 'and' and a trailing 'Police' or 'Constabulary').
const ALIASES = {
  K04000001: ['England & Wales'],
  E12000003: ['Yorkshire and Humber'],
  E12000005: ['West Midlands (region)'], // the mid-2018 table's name, beside the force of the same name
  E12000006: ['East of England'],
  E23000001: ['Metropolitan Police Service', 'MPS'],
  E23000034: ['London, City of', 'City of London Police'], // Home Office Force Name; the thousands file
};

// "Forces" in crime files that police no resident population: a rate per resident means nothing.
const NO_RESIDENTS = [
  {
    name: 'British Transport Police',
    aliases: ['BTP'],
    note: 'British Transport Police polices the railways of England, Wales and Scotland: it has no resident population',
  },
  {
    name: 'Action Fraud',
    aliases: [],
    note: 'Action Fraud is the national fraud reporting centre: its offences are recorded nationally, not in an area',
  },
  {
    name: 'CIFAS',
    aliases: [],
    note: 'Cifas reports fraud for its member organisations nationally: its offences belong to no area',
  },
  {
    name: 'UK Finance',
    aliases: [],
    note: 'UK Finance reports fraud for the banking industry nationally: its offences belong to no area',
  },
  {
    name: 'Financial Fraud Action UK',
    aliases: ['FFA UK'],
    note: 'Financial Fraud Action UK (since 2017 part of UK Finance) reported fraud nationally: no area',
  },
  {
    name: 'London Heathrow and London City Airports',
    aliases: [],
    note: "the Metropolitan Police's airport policing, listed among the boroughs in its borough files: no residents",
  },
  {
    name: 'Aviation Security (SO18)',
    aliases: ['Aviation Security'],
    note: "the Metropolitan Police's aviation command, listed among the boroughs in its ward files: no residents",
  },
];

const LEVEL_ORDER = ['england-and-wales', 'country', 'region', 'force', 'csp', 'district'];

function fail(message) {
  console.error(`build-populations: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  let folder = process.env.STALKSTATS_REAL_DATA || resolve(root, '../shared/data/real');
  let out = join(root, 'data', 'populations.json');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = resolve(argv[++i] ?? fail('--out needs a file name'));
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('Usage: node scripts/build-populations.mjs [FOLDER] [--out FILE]');
      process.exit(0);
    } else if (argv[i].startsWith('-')) fail(`unknown option ${argv[i]}`);
    else folder = resolve(argv[i]);
  }
  return { folder, out };
}

/** Codes and names in the district file sometimes end in a no-break space (U+00A0). */
function clean(s) {
  return s.replace(/[\s\u00a0\ufeff]+/g, ' ').trim();
}

/** The normalised form two names are compared in (as src/core/dataFiles.ts normaliseLabel). */
function norm(s) {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** 'A', 'A and B', 'A, B and C', each quoted: area names may hold commas and 'and' themselves. */
function listOf(names) {
  const q = names.map((n) => `'${n}'`);
  return q.length < 2 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

function readCsv(folder, key) {
  const path = join(folder, FILES[key]);
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    fail(`cannot read ${path}: ${e.code ?? e.message}`);
  }
  const rows = parse(bytes.toString('utf8'), { bom: true, relax_column_count: true, skip_empty_lines: true });
  return { rows, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Rounds half up to the nearest 100, as ONS's tables do (558,450 is published as 558,500). */
function round100(n) {
  return Math.floor(n / 100 + 0.5) * 100;
}

/** The first 30 June on or after an ISO date: the first mid-year estimate on new boundaries. */
function firstMidYearFrom(iso) {
  const y = Number(iso.slice(0, 4));
  return iso.slice(5) <= '06-30' ? y : y + 1;
}

function readDistricts(rows) {
  const header = rows[0].map(clean).join(',');
  if (header !== 'code,name,year,population') fail(`${FILES.districts}: unexpected header ${header}`);
  const districts = new Map();
  const years = new Set();
  for (const [i, r] of rows.slice(1).entries()) {
    const [code, name, yearText, popText] = r.map(clean);
    const year = Number(yearText);
    const population = Number(popText);
    if (!/^[EW]\d{8}$/.test(code) || !Number.isInteger(year) || !Number.isInteger(population) || population <= 0) {
      fail(`${FILES.districts} line ${i + 2}: bad row ${r.join(',')}`);
    }
    const d = districts.get(code) ?? { code, name, population: {} };
    if (d.name !== name) fail(`${FILES.districts}: ${code} is called both ${d.name} and ${name}`);
    if (d.population[year] !== undefined) fail(`${FILES.districts}: ${code} mid-${year} given twice`);
    d.population[year] = population;
    districts.set(code, d);
    years.add(year);
  }
  const sorted = [...years].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (sorted.length !== last - first + 1) fail(`${FILES.districts}: the years are not consecutive`);
  for (const d of districts.values()) {
    if (Object.keys(d.population).length !== sorted.length) fail(`${FILES.districts}: ${d.code} lacks some years`);
  }
  return { districts, first, last };
}

function readLookup(rows) {
  const header = rows[0].map(clean);
  const want = ['LAD17CD', 'LAD17NM', 'CSP17CD', 'CSP17NM', 'PFA17CD', 'PFA17NM'];
  const at = want.map((h) => header.indexOf(h));
  if (at.includes(-1)) fail(`${FILES.lookup}: expected columns ${want.join(', ')}`);
  const lookup = new Map();
  for (const r of rows.slice(1)) {
    const [lad, ladName, csp, cspName, pfa, pfaName] = at.map((i) => clean(r[i] ?? ''));
    if (lookup.has(lad)) fail(`${FILES.lookup}: ${lad} listed twice`);
    lookup.set(lad, { lad, ladName, csp, cspName, pfa, pfaName });
  }
  const cspForce = new Map();
  for (const l of lookup.values()) {
    if (cspForce.has(l.csp) && cspForce.get(l.csp) !== l.pfa) fail(`${FILES.lookup}: ${l.csp} lies in two forces`);
    cspForce.set(l.csp, l.pfa);
  }
  return lookup;
}

/** Table P9 as saved: a title, a header row with the years, then each region followed by its forces. */
function readP9(rows) {
  const h = rows.findIndex((r) => clean(r[0]) === 'Area Code');
  if (h < 0) fail(`${FILES.p9}: no 'Area Code' header`);
  const years = rows[h].slice(2).map(clean).filter(Boolean).map(Number);
  const areas = [];
  let group = null;
  for (const r of rows.slice(h + 1)) {
    const code = clean(r[0]);
    if (!/^[EWK]\d{8}$/.test(code)) continue;
    const figures = {};
    years.forEach((y, i) => {
      figures[y] = Number(clean(r[i + 2]));
    });
    const area = { code, name: clean(r[1]), figures, members: [] };
    if (/^(E12|W92)/.test(code)) group = area;
    else if (/^(E23|W15)/.test(code)) {
      if (!group) fail(`${FILES.p9}: force ${code} before any region`);
      group.members.push(code);
    }
    areas.push(area);
  }
  return { years, areas };
}

function checkCodes(districts, lookup) {
  const inDistricts = new Set(districts.keys());
  const inLookup = new Set(lookup.keys());
  const created = new Set(MERGERS.map((m) => m.code));
  const replaced = new Set(MERGERS.flatMap((m) => m.replaces));
  const onlyDistricts = [...inDistricts].filter((c) => !inLookup.has(c)).sort();
  const onlyLookup = [...inLookup].filter((c) => !inDistricts.has(c)).sort();
  const same = (a, b) => a.length === b.size && a.every((c) => b.has(c));
  if (!same(onlyDistricts, created)) fail(`districts not in the lookup, unexplained: ${onlyDistricts.join(' ')}`);
  if (!same(onlyLookup, replaced)) fail(`lookup districts missing from the population file: ${onlyLookup.join(' ')}`);
  for (const m of MERGERS) {
    if (districts.get(m.code).name !== m.name) fail(`${m.code} is ${districts.get(m.code).name}, not ${m.name}`);
    const forces = new Set(m.replaces.map((c) => lookup.get(c).pfa));
    if (forces.size !== 1) fail(`${m.name} was made from districts of more than one force`);
  }
  for (const code of inDistricts) {
    if (!inLookup.has(code)) continue;
    const now = districts.get(code).name;
    const then = lookup.get(code).ladName;
    if (now === then) continue;
    const r = RENAMES.find((x) => x.code === code && x.from === then && x.to === now);
    if (!r) fail(`${code} is ${then} in the lookup and ${now} in the population file: a rename not listed`);
  }
}

function sumOf(codes, table, first, last) {
  const population = {};
  for (let y = first; y <= last; y++) population[y] = codes.reduce((s, c) => s + table.get(c).population[y], 0);
  return population;
}

function build(folder) {
  const inputs = Object.fromEntries(Object.keys(FILES).map((k) => [k, readCsv(folder, k)]));
  const { districts, first, last } = readDistricts(inputs.districts.rows);
  const lookup = readLookup(inputs.lookup.rows);
  const p9 = readP9(inputs.p9.rows);
  checkCodes(districts, lookup);

  const mergerOf = new Map(MERGERS.map((m) => [m.code, m]));
  const successor = new Map(MERGERS.flatMap((m) => m.replaces.map((c) => [c, m])));
  const renameOf = new Map(RENAMES.map((r) => [r.code, r]));
  /** The January 2017 districts a present district covers. */
  const oldParts = (code) => mergerOf.get(code)?.replaces ?? [code];
  const present = (old) => successor.get(old)?.code ?? old;

  const forceRows = p9.areas.filter((a) => /^(E23|W15)/.test(a.code));
  const regionRows = p9.areas.filter((a) => /^(E12|W92)/.test(a.code));
  const forceRegion = new Map();
  for (const r of regionRows) for (const f of r.members) forceRegion.set(f, r.code);
  const lookupForces = new Set([...lookup.values()].map((l) => l.pfa));
  if (forceRows.length !== lookupForces.size || forceRows.some((f) => !lookupForces.has(f.code))) {
    fail(`${FILES.p9} and ${FILES.lookup} do not list the same forces`);
  }
  const nameOf = (code) => DISPLAY[code] ?? p9.areas.find((a) => a.code === code).name;
  const regionName = (code) => nameOf(forceRegion.get(code));

  const table = new Map(); // code -> { population } for every area summed so far
  for (const d of districts.values()) table.set(d.code, d);
  const areas = [];
  const superseded = [];
  const add = (entry) => {
    areas.push(entry);
    if (entry.code) table.set(entry.code, entry);
  };

  // Districts, as they are in the population file.
  for (const d of districts.values()) {
    const force = lookup.get(oldParts(d.code)[0]).pfa;
    const entry = { level: 'district', name: d.name, code: d.code, force: nameOf(force), region: regionName(force) };
    const m = mergerOf.get(d.code);
    const r = renameOf.get(d.code);
    if (m) {
      const names = m.replaces.map((c) => lookup.get(c).ladName);
      const earlier = 'earlier years are ONS estimates for the same area';
      entry.note = `formed on ${m.date} from ${listOf(names)} (${m.law}); ${earlier}`;
    }
    if (r) {
      entry.aliases = [r.from];
      entry.note = `called '${r.from}' until ${r.date}; the same area`;
    }
    entry.population = d.population;
    add(entry);
  }
  for (const [old, m] of successor) {
    superseded.push({
      level: 'district',
      name: lookup.get(old).ladName,
      code: old,
      replacedBy: [m.name],
      note:
        `merged on ${m.date} into '${m.name}' (${m.code}); ONS estimates for the merged district only ` +
        'are held, for every year, so this district has no figure of its own',
    });
  }

  // Partnerships on their January 2017 boundaries, wherever the present districts still tile them.
  const csps = new Map();
  for (const l of lookup.values()) {
    const c = csps.get(l.csp) ?? { code: l.csp, name: l.cspName, force: l.pfa, old: [] };
    c.old.push(l.lad);
    csps.set(l.csp, c);
  }
  const broken = new Set();
  for (const c of csps.values()) {
    const parts = [...new Set(c.old.map(present))];
    const whole = parts.every((p) => oldParts(p).every((o) => c.old.includes(o)));
    if (!whole) {
      broken.add(c.code);
      continue;
    }
    const entry = { level: 'csp', name: c.name, code: c.code, force: nameOf(c.force), region: regionName(c.force) };
    const renamed = parts.length === 1 ? renameOf.get(parts[0]) : undefined;
    if (renamed && c.name === renamed.from) {
      entry.name = renamed.to;
      entry.aliases = [renamed.from];
      entry.note = `called '${renamed.from}' until ${renamed.date}, as its district; the same area`;
    } else if (parts.length === 1 && norm(districts.get(parts[0]).name) !== norm(c.name)) {
      // A partnership of one district also answers to the district's name (City of York: York).
      entry.aliases = [districts.get(parts[0]).name];
    }
    const merged = parts.filter((p) => mergerOf.has(p)).map((p) => mergerOf.get(p));
    if (merged.length) {
      entry.note = merged
        .map((m) => `${listOf(m.replaces.map((o) => lookup.get(o).ladName))} merged on ${m.date} into '${m.name}'`)
        .concat('inside this partnership area, so its figures are unaffected')
        .join('; ');
    }
    entry.madeOf = parts.sort();
    entry.population = sumOf(entry.madeOf, table, first, last);
    add(entry);
  }
  // A partnership whose districts merged with another partnership's cannot be summed from the
  // present districts. Each merged district stands in its place, as a partnership area under the
  // district's own name; the old partnership names lead to a note, never to a number.
  const newCsps = new Map();
  for (const m of MERGERS) {
    const oldCsps = [...new Set(m.replaces.map((o) => lookup.get(o).csp))];
    if (!oldCsps.some((c) => broken.has(c))) continue;
    const force = lookup.get(m.replaces[0]).pfa;
    const whole = oldCsps.filter((c) => csps.get(c).old.every((o) => m.replaces.includes(o)));
    const wholeNames = listOf(whole.map((c) => csps.get(c).name));
    const whence = whole.length ? [`the partnership area${whole.length > 1 ? 's' : ''} ${wholeNames}`] : [];
    for (const c of oldCsps.filter((x) => !whole.includes(x))) {
      const inside = csps
        .get(c)
        .old.filter((o) => m.replaces.includes(o))
        .map((o) => lookup.get(o).ladName);
      whence.push(`the part of the partnership area '${csps.get(c).name}' made of ${listOf(inside)}`);
    }
    const entry = {
      level: 'csp',
      name: m.name,
      code: null,
      force: nameOf(force),
      region: regionName(force),
      madeOf: [m.code],
      note:
        `partnership area on the council boundaries of ${m.date} (the district '${m.name}', ${m.code}), in place ` +
        `of ${whence.join(' and ')}; earlier years are ONS estimates for the same area`,
      population: sumOf([m.code], table, first, last),
    };
    newCsps.set(m.code, entry);
    add(entry);
  }
  for (const code of [...broken].sort()) {
    const c = csps.get(code);
    const heirs = [...new Set(c.old.map(present))].map((p) => newCsps.get(p)?.name ?? districts.get(p).name).sort();
    const olds = c.old.map((o) => lookup.get(o).ladName);
    const dates = [...new Set(c.old.map((o) => successor.get(o)?.date).filter(Boolean))];
    superseded.push({
      level: 'csp',
      name: c.name,
      code,
      replacedBy: heirs,
      note:
        `${olds.length > 1 ? 'its districts' : 'its district'} ${listOf(olds)} merged with others on ` +
        `${dates.join(' and ')}; ONS estimates for the merged districts only are held, so this partnership area ` +
        `has no figure: see ${listOf(heirs)}`,
    });
  }
  // Where a new partnership area takes the name of an old one (Dorset), each name holds for the
  // years its boundaries were in force at 30 June.
  for (const s of superseded.filter((x) => x.level === 'csp')) {
    const clash = [...newCsps.entries()].find(([, e]) => norm(e.name) === norm(s.name));
    if (!clash) continue;
    const from = firstMidYearFrom(mergerOf.get(clash[0]).date);
    clash[1].from = from;
    clash[1].note += `; before mid-${from} the name means the old partnership area (see the district '${s.name}')`;
    s.until = from - 1;
    s.note += `; from mid-${from} the name means the new area, and the district '${s.name}' is that area in every year`;
  }

  // Forces, from their present districts.
  for (const f of forceRows) {
    const madeOf = [...districts.keys()].filter((d) => lookup.get(oldParts(d)[0]).pfa === f.code).sort();
    const aliases = [f.name, ...new Set([...lookup.values()].filter((l) => l.pfa === f.code).map((l) => l.pfaName))];
    add({
      level: 'force',
      name: nameOf(f.code),
      code: f.code,
      aliases: [...aliases, ...(ALIASES[f.code] ?? [])],
      region: regionName(f.code),
      madeOf,
      population: sumOf(madeOf, table, first, last),
    });
  }
  for (const r of regionRows) {
    const level = r.code.startsWith('W') ? 'country' : 'region';
    const entry = { level, name: nameOf(r.code), code: r.code, aliases: [r.name, ...(ALIASES[r.code] ?? [])] };
    // ONS regional tables list Wales beside the nine English regions.
    if (level === 'country') entry.alsoLevel = 'region';
    entry.madeOf = [...r.members].sort();
    entry.population = sumOf(entry.madeOf, table, first, last);
    add(entry);
  }
  const countries = [
    ['E92000001', 'country', regionRows.filter((r) => r.code.startsWith('E12')).map((r) => r.code)],
    ['K04000001', 'england-and-wales', ['E92000001', 'W92000004']],
  ];
  for (const [code, level, madeOf] of countries) {
    const row = p9.areas.find((a) => a.code === code);
    add({
      level,
      name: nameOf(code),
      code,
      aliases: [row.name, ...(ALIASES[code] ?? [])],
      madeOf: [...madeOf].sort(),
      population: sumOf(madeOf, table, first, last),
    });
  }
  const everyone = sumOf([...districts.keys()], table, first, last);
  for (let y = first; y <= last; y++) {
    if (everyone[y] !== table.get('K04000001').population[y]) fail(`districts and areas disagree for mid-${y}`);
  }

  for (const a of areas) {
    if (!a.aliases) continue;
    a.aliases = [...new Set(a.aliases)].filter((x) => x !== a.name).sort();
    if (!a.aliases.length) delete a.aliases;
  }
  areas.sort(
    (a, b) =>
      LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) ||
      a.name.localeCompare(b.name, 'en') ||
      String(a.code).localeCompare(String(b.code)),
  );
  superseded.sort((a, b) => a.level.localeCompare(b.level) || a.name.localeCompare(b.name, 'en'));
  checkNames(areas, superseded);

  const checks = [
    checkP9(p9, table),
    checkMid2018(inputs.mid2018.rows, table),
    compareThousands(inputs.thousands.rows, areas),
  ];
  return {
    version: 1,
    about:
      'ONS mid-year population estimates (usual residents at 30 June of each year) for police force areas, ' +
      'community safety partnership areas, local authority districts, English regions, England, Wales and England ' +
      'and Wales. Each figure is the unrounded sum of the district estimates in the area; ONS tables print the same ' +
      'sums rounded to 100, and its crime rates per 1,000 are computed from the unrounded sums. Built by ' +
      'scripts/build-populations.mjs; see docs/populations.md.',
    years: { first, last },
    sources: Object.keys(FILES).map((k) => ({
      file: FILES[k],
      origin: ORIGINS[k],
      contributed: CONTRIBUTED[k],
      sha256: inputs[k].sha256,
    })),
    boundaries: {
      rule:
        'Districts are those of the population file (April 2021). Forces, regions and countries are unaffected ' +
        'by the mergers, each of which lies inside one force. A partnership area of the January 2017 lookup is ' +
        'summed from the present districts wherever they tile it exactly; where a merger joined districts of ' +
        'different partnerships, the merged district is listed as a partnership area under its own name, and the ' +
        'old partnership and district names lead to a note (superseded), never to a number. A name used by an old ' +
        'and a new area at once (Dorset) means the area whose boundaries were in force at 30 June of the year asked.',
      mergers: MERGERS.map((m) => ({
        date: m.date,
        code: m.code,
        name: m.name,
        law: m.law,
        replaces: m.replaces.map((c) => ({ code: c, name: lookup.get(c).ladName, csp: lookup.get(c).cspName })),
      })),
      renames: RENAMES,
    },
    checks,
    areas,
    superseded,
    noResidents: NO_RESIDENTS,
  };
}

/** No two areas of one level may answer to the same name in the same year. */
function checkNames(areas, superseded) {
  const seen = new Map();
  for (const a of [...areas, ...superseded]) {
    for (const n of new Set([a.name, ...(a.aliases ?? [])].map(norm))) {
      const key = `${a.level}:${n}`;
      const span = [a.from ?? -Infinity, a.until ?? Infinity];
      for (const other of seen.get(key) ?? []) {
        if (span[0] <= other[1] && other[0] <= span[1]) fail(`two ${a.level} areas answer to '${n}'`);
      }
      seen.set(key, [...(seen.get(key) ?? []), span]);
    }
  }
  for (const x of NO_RESIDENTS) {
    for (const n of [x.name, ...x.aliases]) {
      if (areas.some((a) => [a.name, ...(a.aliases ?? [])].some((m) => norm(m) === norm(n)))) {
        fail(`'${n}' is both an area with residents and one without`);
      }
    }
  }
}

function checkP9(p9, table) {
  let n = 0;
  for (const a of p9.areas) {
    for (const y of p9.years) {
      const ours = round100(table.get(a.code).population[y]);
      if (ours !== a.figures[y]) fail(`${FILES.p9}: ${a.name} mid-${y} is ${a.figures[y]}, the districts give ${ours}`);
      n++;
    }
  }
  return {
    against: FILES.p9,
    result:
      `all ${n} figures (${p9.areas.length} areas, mid-${p9.years[0]} to mid-${p9.years[p9.years.length - 1]}) ` +
      'equal the sums rounded half up to 100',
  };
}

function checkMid2018(rows, table) {
  const [header, ...body] = rows;
  const at = (h) => header.map(clean).indexOf(h);
  let n = 0;
  for (const r of body) {
    const code = clean(r[at('code')]);
    if (!code) continue; // "Beds Cambs Herts", a collaboration of three forces, not an area
    const published = Number(clean(r[at('MYE2018')]));
    const ours = round100(table.get(code).population[2018]);
    if (ours !== published) fail(`${FILES.mid2018}: ${code} mid-2018 is ${published}, the districts give ${ours}`);
    n++;
  }
  return { against: FILES.mid2018, result: `all ${n} figures equal the sums rounded half up to 100` };
}

/** The thousands file is an earlier vintage: record how far it is from the figures shipped. */
function compareThousands(rows, areas) {
  const [header, ...body] = rows;
  const years = header
    .slice(1)
    .map(clean)
    .filter(Boolean)
    .map((h) => Number(h.replace(/^Mid\s*/i, '')));
  const forces = areas.filter((a) => a.level === 'force');
  const largest = {};
  const city = {};
  for (const r of body) {
    const force = forces.find((f) => [f.name, ...(f.aliases ?? [])].some((n) => norm(n) === norm(clean(r[0]))));
    if (!force) fail(`${FILES.thousands}: unknown force ${r[0]}`);
    years.forEach((y, i) => {
      const theirs = Number(clean(r[i + 1])) * 1000;
      const pct = Number(((Math.abs(force.population[y] - theirs) / theirs) * 100).toFixed(2));
      if (force.code === 'E23000034') city[y] = pct;
      else largest[y] = Math.max(largest[y] ?? 0, pct);
    });
  }
  return {
    against: FILES.thousands,
    result:
      'an earlier vintage (its mid-2001 from before the 2004 revision, mid-2002 to mid-2010 from before the ' +
      '2011 Census revision): the largest difference each year, in per cent of its figure, City of London apart',
    largestDifferencePct: largest,
    cityOfLondonDifferencePct: city,
  };
}

/** JSON with sorted keys; objects and arrays holding only plain values go on one line. */
function stableJson(value, indent = '') {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  const flat = (Array.isArray(value) ? value : Object.values(value)).every((v) => v === null || typeof v !== 'object');
  if (Array.isArray(value)) {
    if (flat) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    return `[\n${value.map((v) => inner + stableJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value).sort();
  const pairs = keys.map((k) => `${JSON.stringify(k)}: ${stableJson(value[k], inner)}`);
  if (flat) return `{${pairs.join(', ')}}`;
  return `{\n${pairs.map((p) => inner + p).join(',\n')}\n${indent}}`;
}

const { folder, out } = parseArgs(process.argv.slice(2));
const result = build(folder);
const text = `${stableJson(result)}\n`;
const tmp = `${out}.tmp`;
writeFileSync(tmp, text);
renameSync(tmp, out);
console.log(
  `build-populations: wrote ${out}: ${result.areas.length} areas, ${result.superseded.length} superseded names, ` +
    `mid-${result.years.first} to mid-${result.years.last}`,
);
