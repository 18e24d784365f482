// Deterministic synthetic files in the Home Office open-data layout (force level), for timing only.
// Labels are real Home Office offence descriptions, groups and codes; counts are pseudo-random.
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const HOME_OFFICE_HEADER =
  'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';

const FORCES = [
  'Avon and Somerset',
  'Bedfordshire',
  'Cambridgeshire',
  'Cheshire',
  'Cleveland',
  'Cumbria',
  'Derbyshire',
  'Devon and Cornwall',
  'Dorset',
  'Durham',
  'Dyfed-Powys',
  'Essex',
  'Gloucestershire',
  'Greater Manchester',
  'Gwent',
  'Hampshire',
  'Hertfordshire',
  'Humberside',
  'Kent',
  'Lancashire',
  'Leicestershire',
  'Lincolnshire',
  'London, City of',
  'Merseyside',
  'Metropolitan Police',
  'Norfolk',
  'North Wales',
  'North Yorkshire',
  'Northamptonshire',
  'Northumbria',
  'Nottinghamshire',
  'South Wales',
  'South Yorkshire',
  'Staffordshire',
  'Suffolk',
  'Surrey',
  'Sussex',
  'Thames Valley',
  'Warwickshire',
  'West Mercia',
  'West Midlands',
  'West Yorkshire',
  'Wiltshire',
  'British Transport Police',
];

// [description, group, subgroup, code]
const OFFENCES = [
  ['Stalking', 'Violence against the person', 'Stalking and harassment', '8Q'],
  [
    'Absconding from lawful custody',
    'Miscellaneous crimes against society',
    'Miscellaneous crimes against society',
    '80',
  ],
  ['Abuse of position of trust of a sexual nature', 'Sexual offences', 'Other sexual offences', '73'],
  ['Aggravated burglary - residential (unconnected building)', 'Theft offences', 'Residential burglary', '29C'],
  [
    'Aggravated burglary in a building other than a dwelling(outcome only)',
    'Theft offences',
    'Non-domestic burglary',
    '31',
  ],
  ['Aggravated Burglary Residential', 'Theft offences', 'Residential burglary', '29A'],
  ['Aiding suicide', 'Miscellaneous crimes against society', 'Miscellaneous crimes against society', '76'],
  ['Arson not endangering life', 'Criminal damage and arson', 'Arson', '56B'],
  ['Assault with injury on a constable', 'Violence against the person', 'Violence with injury', '8S'],
  ['Assault without injury', 'Violence against the person', 'Violence without injury', '105A'],
  [
    'Assaults on emergency workers (other than constables)',
    'Violence against the person',
    'Violence with injury',
    '8T',
  ],
  [
    'Attempted burglary in a building other than a dwelling (outcome only)',
    'Theft offences',
    'Non-domestic burglary',
    '30B',
  ],
  ['Attempted Burglary Residential', 'Theft offences', 'Residential burglary', '28F'],
  [
    'Attempted distraction burglary - residential (unconnected building)',
    'Theft offences',
    'Residential burglary',
    '28P',
  ],
  ['Attempted Distraction Burglary Residential', 'Theft offences', 'Residential burglary', '28H'],
  ['Attempted residential burglary of a home', 'Theft offences', 'Residential burglary', '28J'],
  ['Bail offences', 'Miscellaneous crimes against society', 'Miscellaneous crimes against society', '83'],
  ['Blackmail', 'Theft offences', 'Other theft offences', '35'],
  ['Burglary in a building other than a dwelling (outcome only)', 'Theft offences', 'Non-domestic burglary', '30A'],
  ['Burglary Residential', 'Theft offences', 'Residential burglary', '28E'],
  [
    'Causing death by careless driving under influence of drink or drugs',
    'Violence against the person',
    'Death or serious injury - unlawful driving',
    '4.6',
  ],
  [
    'Causing death by driving: unlicensed or disqualified or uninsured drivers',
    'Violence against the person',
    'Death or serious injury - unlawful driving',
    '4.9',
  ],
  [
    'Causing or allowing death of child or vulnerable person',
    'Violence against the person',
    'Violence with injury',
    '4.7',
  ],
  ['Child abduction', 'Violence against the person', 'Violence without injury', '13'],
  ['Conspiracy to murder', 'Violence against the person', 'Violence without injury', '3A'],
  ['Controlling and coercive behaviour', 'Violence against the person', 'Stalking and harassment', '8U'],
  ['Corporate manslaughter', 'Violence against the person', 'Homicide', '4.10'],
  ['Criminal damage to a dwelling', 'Criminal damage and arson', 'Criminal damage', '58A'],
  ['Cruelty to children/young persons', 'Violence against the person', 'Violence without injury', '11A'],
  [
    'Disclosure, obstruction, false or misleading statements etc',
    'Miscellaneous crimes against society',
    'Miscellaneous crimes against society',
    '95',
  ],
  ['Distraction burglary - residential (home)', 'Theft offences', 'Residential burglary', '28K'],
  ['Distraction burglary in a dwelling (outcome only)', 'Theft offences', 'Domestic burglary', '28C'],
  ['Endangering life', 'Violence against the person', 'Violence with injury', '5E'],
  ['Exposure and voyeurism', 'Sexual offences', 'Other sexual offences', '88E'],
  [
    'Fraud, forgery etc associated with vehicle or driver records',
    'Miscellaneous crimes against society',
    'Miscellaneous crimes against society',
    '814',
  ],
  [
    'Going equipped for stealing, etc',
    'Miscellaneous crimes against society',
    'Miscellaneous crimes against society',
    '33',
  ],
  ['Handling stolen goods', 'Miscellaneous crimes against society', 'Miscellaneous crimes against society', '54'],
  ['Harassment', 'Violence against the person', 'Stalking and harassment', '8L'],
  ['Incest or familial sexual offences', 'Sexual offences', 'Other sexual offences', '23'],
  ['Intentional destruction of a viable unborn child', 'Violence against the person', 'Violence with injury', '4.3'],
  ['Kidnapping', 'Violence against the person', 'Violence without injury', '36'],
  [
    'Making, supplying or possessing articles for use in fraud',
    'Miscellaneous crimes against society',
    'Miscellaneous crimes against society',
    '33A',
  ],
  ['Malicious Communications', 'Violence against the person', 'Stalking and harassment', '8R'],
  ['Manslaughter', 'Violence against the person', 'Homicide', '4.1'],
  ['Murder', 'Violence against the person', 'Homicide', '1'],
  [
    'Offender Management Act offences',
    'Miscellaneous crimes against society',
    'Miscellaneous crimes against society',
    '69',
  ],
  ['Other drug offences', 'Drug offences', 'Possession of drugs', '92C'],
  [
    'Other firearms, knives and offensive weapon offences',
    'Possession of weapons offences',
    'Possession of weapons offences',
    '81',
  ],
  ['Other forgery', 'Miscellaneous crimes against society', 'Miscellaneous crimes against society', '61'],
  ['Other notifiable offences', 'Miscellaneous crimes against society', 'Miscellaneous crimes against society', '99'],
  ['Other theft', 'Theft offences', 'Other theft offences', '49'],
  [
    'Perverting the course of justice',
    'Miscellaneous crimes against society',
    'Miscellaneous crimes against society',
    '79',
  ],
  ['Possession of controlled drugs (Cannabis)', 'Drug offences', 'Possession of drugs', '92E'],
  [
    'Possession of false documents',
    'Miscellaneous crimes against society',
    'Miscellaneous crimes against society',
    '61A',
  ],
  ['Possession of firearms with intent', 'Possession of weapons offences', 'Possession of weapons offences', '10A'],
  ['Procuring illegal abortion', 'Violence against the person', 'Violence without injury', '14'],
  ['Public fear, alarm or distress', 'Public order offences', 'Public order offences', '9A'],
  [
    'Racially or religiously aggravated assault without injury',
    'Violence against the person',
    'Violence without injury',
    '105B',
  ],
  ['Racially or religiously aggravated harassment', 'Violence against the person', 'Stalking and harassment', '8M'],
  [
    'Racially or religiously aggravated public fear, alarm or distress',
    'Public order offences',
    'Public order offences',
    '9B',
  ],
  ['Rape of a Female - Multiple Undefined Offenders', 'Sexual offences', 'Rape offences', '19J'],
  ['Rape of a female child under 13', 'Sexual offences', 'Rape offences', '19E'],
  ['Rape of a Male - Multiple Undefined Offenders', 'Sexual offences', 'Rape offences', '19K'],
  ['Rape of a male child under 13', 'Sexual offences', 'Rape offences', '19H'],
  ['Residential burglary of a home', 'Theft offences', 'Residential burglary', '28I'],
  ['Robbery of business property', 'Robbery', 'Robbery of business property', '34A'],
  ['Sexual activity etc with a person with a mental disorder', 'Sexual offences', 'Other sexual offences', '70'],
  ['Sexual activity involving child under 16', 'Sexual offences', 'Other sexual offences', '22B'],
  ['Sexual assault on a female child under 13', 'Sexual offences', 'Other sexual offences', '20B'],
  ['Sexual assault on a male child under 13', 'Sexual offences', 'Other sexual offences', '17B'],
  ['Shoplifting', 'Theft offences', 'Shoplifting', '46'],
  ['Stalking', 'Violence against the person', 'Stalking and harassment', '8Q'],
  ['Theft from automatic machine or meter', 'Theft offences', 'Other theft offences', '47'],
  ['Theft from vehicle', 'Theft offences', 'Vehicle offences', '45'],
  ['Theft of mail', 'Theft offences', 'Other theft offences', '42'],
  ['Theft or unauthorised taking of motor vehicle', 'Theft offences', 'Vehicle offences', '48'],
  ['Threats to kill', 'Violence against the person', 'Violence without injury', '3B'],
  ['Trafficking in controlled drugs', 'Drug offences', 'Trafficking of drugs', '92A'],
  ['Violent disorder', 'Public order offences', 'Public order offences', '62A'],
  ['Fraud offences recorded by Action Fraud', 'Fraud offences', 'Fraud: Action Fraud', 'AF'],
  ['Fraud offences recorded by UK Finance', 'Fraud offences', 'Fraud: UK Finance', 'UK Finance'],
];

function csvCell(s) {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function financialYears(n) {
  const out = [];
  for (let y = 2025 - n; y < 2025; y++) out.push(`${y}/${String((y + 1) % 100).padStart(2, '0')}`);
  return out;
}

/** xorshift32: the same file on every machine. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/**
 * Writes `rows` data rows: years, quarters, forces and offences in the order the Home Office sorts
 * them, cycling when the rows outnumber the combinations. About 1 in 500 counts is negative
 * (adjustments), as in the real files.
 */
export function generateHomeOffice(path, rows, seed = 2024) {
  const rand = rng(seed);
  const years = financialYears(20);
  const offences = OFFENCES.map((o) => [o.slice(0, 3).map(csvCell).join(','), csvCell(o[3])]);
  const forces = FORCES.map(csvCell);
  const tmp = `${path}.part`;
  const fd = openSync(tmp, 'w');
  let buf = `${HOME_OFFICE_HEADER}\n`;
  let written = 0;
  try {
    outer: for (;;) {
      for (const fy of years) {
        for (let q = 1; q <= 4; q++) {
          for (const force of forces) {
            for (const [text, code] of offences) {
              if (written === rows) break outer;
              const r = rand();
              const n = r < 0.002 ? -1 - Math.floor(r * 5000) : Math.floor(r * r * 3000);
              buf += `${fy},${q},${force},${text},${code},${n}\n`;
              written++;
              if (buf.length > 1 << 20) {
                writeSync(fd, buf);
                buf = '';
              }
            }
          }
        }
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export const POLICE_UK_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

// police.uk crime types, with roughly their shares of street-level rows.
const POLICE_UK_TYPES = [
  ['Anti-social behaviour', 0.28],
  ['Violence and sexual offences', 0.3],
  ['Public order', 0.07],
  ['Criminal damage and arson', 0.07],
  ['Other theft', 0.05],
  ['Shoplifting', 0.05],
  ['Vehicle crime', 0.04],
  ['Burglary', 0.035],
  ['Drugs', 0.02],
  ['Other crime', 0.015],
  ['Theft from the person', 0.01],
  ['Bicycle theft', 0.01],
  ['Robbery', 0.008],
  ['Possession of weapons', 0.007],
];
const OUTCOMES = [
  'Investigation complete; no suspect identified',
  'Unable to prosecute suspect',
  'Under investigation',
  'Status update unavailable',
  'Court result unavailable',
  'Local resolution',
];

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/**
 * Writes a police.uk archive as data.police.uk's download unpacks it: a folder per month, a
 * street-level file per force and month (`2021-04/2021-04-kent-street.csv`), `rows` rows in all
 * shared by the forces in proportion to their size. Crime ids are 64 hex digits; anti-social
 * behaviour rows have none, as in the real files. Returns the number of files.
 */
export function generatePoliceUk(dir, rows, months = 36, seed = 2025) {
  const rand = rng(seed);
  const forces = FORCES.filter((f) => f !== 'British Transport Police').map((f, i) => ({
    name:
      f === 'London, City of'
        ? 'City of London Police'
        : f === 'Metropolitan Police'
          ? 'Metropolitan Police Service'
          : `${f} Police`,
    weight: f === 'Metropolitan Police' ? 12 : f === 'London, City of' ? 0.15 : 1 + ((i * 7) % 5) / 2,
    lsoas: [],
  }));
  const totalWeight = forces.reduce((s, f) => s + f.weight, 0);
  let code = 1_000_001;
  for (const f of forces) {
    const n = Math.max(40, Math.round(f.weight * 300));
    for (let i = 0; i < n; i++)
      f.lsoas.push([
        `E0${code++}`,
        `${f.name.split(' ')[0]} ${String(1 + Math.floor(i / 4)).padStart(3, '0')}${'ABCD'[i % 4]}`,
      ]);
  }
  const cumulative = [];
  let acc = 0;
  for (const [type, share] of POLICE_UK_TYPES) cumulative.push([type, (acc += share)]);
  const hex = () =>
    Math.floor(rand() * 4294967296)
      .toString(16)
      .padStart(8, '0');
  let files = 0;
  for (let m = 0; m < months; m++) {
    const y = 2021 + Math.floor((3 + m) / 12);
    const month = `${y}-${String(((3 + m) % 12) + 1).padStart(2, '0')}`;
    mkdirSync(join(dir, month), { recursive: true });
    for (const f of forces) {
      const n = Math.round((rows / months) * (f.weight / totalWeight));
      const path = join(dir, month, `${month}-${slug(f.name.replace(/ Police( Service)?$/, ''))}-street.csv`);
      const fd = openSync(path, 'w');
      let buf = `${POLICE_UK_HEADER}\r\n`;
      for (let r = 0; r < n; r++) {
        const x = rand();
        const type = cumulative.find(([, c]) => x < c)?.[0] ?? 'Other crime';
        const asb = type === 'Anti-social behaviour';
        const id = asb ? '' : hex() + hex() + hex() + hex() + hex() + hex() + hex() + hex();
        const [lsoaCode, lsoaName] = f.lsoas[Math.floor(rand() * f.lsoas.length)];
        const lon = (-2 + rand() * 2).toFixed(6);
        const lat = (51 + rand() * 2).toFixed(6);
        const outcome = asb ? '' : OUTCOMES[Math.floor(rand() * OUTCOMES.length)];
        buf += `${id},${month},${f.name},${f.name},${lon},${lat},On or near Street ${Math.floor(rand() * 900)},${lsoaCode},${lsoaName},${type},${outcome},\r\n`;
        if (buf.length > 1 << 20) {
          writeSync(fd, buf);
          buf = '';
        }
      }
      writeSync(fd, buf);
      closeSync(fd);
      files++;
    }
  }
  return files;
}
