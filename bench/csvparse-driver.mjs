// The baseline: csv-parse streaming every field of every record, grouped in a Map.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const [file, keys, count] = process.argv.slice(2);
const parser = createReadStream(file).pipe(parse({ relax_column_count: true, skip_empty_lines: true, bom: true }));
let header = null;
let keyIdx = [];
let countIdx = -1;
const groups = new Map();
for await (const record of parser) {
  if (!header) {
    header = record;
    keyIdx = keys.split('|').map((k) => header.indexOf(k));
    countIdx = header.indexOf(count);
    continue;
  }
  const key = keyIdx.map((i) => record[i]).join('\u0001');
  const v = Number(String(record[countIdx]).replace(/,/g, ''));
  groups.set(key, (groups.get(key) ?? 0) + (Number.isNaN(v) ? 0 : v));
}
let sum = 0;
for (const v of groups.values()) sum += v;
console.log(JSON.stringify({ groups: groups.size, sum, maxRssKB: process.resourceUsage().maxRSS }));
