// Groups one file with the built reader (dist/), as the loader does: by the named key columns,
// summing the named count column. Prints the number of groups, the total and peak memory.
import { closeSync, openSync, readSync } from 'node:fs';

const [file, keys, count, workers] = process.argv.slice(2);
const { groupRows } = await import(new URL('../dist/src/read/group.js', import.meta.url).href);

const head = Buffer.alloc(4096);
const fd = openSync(file, 'r');
const n = readSync(fd, head, 0, head.length, 0);
closeSync(fd);
const header = head
  .subarray(0, n)
  .toString('utf8')
  .replace(/^\ufeff/, '')
  .split(/\r?\n/)[0]
  .split(',');
const column = (name) => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in ${file}`);
  return i;
};
const result = await groupRows(file, {
  headerLine: 1,
  headerFields: header.length,
  keyColumns: keys.split('|').map(column),
  countColumn: column(count),
  delimiter: ',',
  workers: workers ? Number(workers) : 'auto',
});
let sum = 0;
for (const g of result.groups.values()) sum += g.sum;
console.log(
  JSON.stringify({ groups: result.groups.size, sum, rows: result.dataRows, maxRssKB: process.resourceUsage().maxRSS }),
);
