// A deterministic file in the Home Office community safety partnership layout with many areas:
// `areas` partnerships under the 43 territorial forces, `years` financial years of quarters from
// 2010/11, the five codes of the stalking and harassment sub-group. For timing only.
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';

const HEADER =
  'Financial Year,Financial Quarter,Force Name,CSP Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
const OFFENCES = [
  ['Harassment', '8L'],
  ['Racially or religiously aggravated harassment', '8M'],
  ['Stalking', '8Q'],
  ['Malicious Communications', '8R'],
  ['Controlling and coercive behaviour', '8U'],
];

export function generatePartnerships(path, { areas = 7000, years = 15 } = {}) {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 8;
  };
  let rows = 0;
  let buf = `${HEADER}\n`;
  for (let y = 0; y < years; y++) {
    const fy = `${2010 + y}/${String((11 + y) % 100).padStart(2, '0')}`;
    for (let q = 1; q <= 4; q++) {
      for (let a = 0; a < areas; a++) {
        const force = `Force ${String(a % 43).padStart(2, '0')}`;
        const csp = `Partnership ${String(a).padStart(5, '0')}`;
        for (const [description, code] of OFFENCES) {
          buf += `${fy},${q},${force},${csp},${description},Violence against the person,Stalking and harassment,${code},${next() % 40}\n`;
          rows++;
        }
        if (buf.length > 1 << 20) {
          writeSync(fd, buf);
          buf = '';
        }
      }
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
  renameSync(tmp, path);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, areas, years] = process.argv.slice(2);
  console.log(generatePartnerships(path, { areas: Number(areas ?? 7000), years: Number(years ?? 15) }));
}
