// Times DuckDB's GROUP BY over read_csv, for comparison only (installed under bench/.deps).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, keys, count] = process.argv.slice(2);
const here = dirname(new URL(import.meta.url).pathname);
const require = createRequire(join(here, '.deps', 'package.json'));
const { DuckDBInstance } = await import(pathToFileURL(require.resolve('@duckdb/node-api')).href);
const quote = (c) => `"${c.replace(/"/g, '""')}"`;
const keyList = keys.split('|').map(quote).join(', ');
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
// COUNT is '*' for files of one row per crime; FILE may be a glob over a folder ('dir/*/*.csv').
const total = count === '*' ? 'COUNT(*)' : `SUM(${quote(count)})`;
const sql = `SELECT ${keyList}, ${total} AS total FROM read_csv(${`'${file.replace(/'/g, "''")}'`}, header = true) GROUP BY ALL`;
const reader = await connection.runAndReadAll(sql);
const rows = reader.getRows();
let sum = 0;
for (const r of rows) sum += Number(r[r.length - 1]);
console.log(JSON.stringify({ groups: rows.length, sum, maxRssKB: process.resourceUsage().maxRSS }));
