import { readFileSync } from 'node:fs';

/**
 * A deliberately tiny CSV reader (quoted fields, doubled quotes, CRLF or LF; blank lines skipped),
 * independent of src/read, so tests can compute expected figures from raw files and check what
 * the renderers wrote.
 */
export function parseCsvLite(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  const endRow = () => {
    row.push(cur);
    if (!(row.length === 1 && row[0] === '')) out.push(row);
    row = [];
    cur = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cur);
      cur = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cur += c;
  }
  if (cur !== '' || row.length) endRow();
  return out;
}

/** `parseCsvLite` of a UTF-8 file (a BOM is dropped). */
export function readCsvRecords(path: string): string[][] {
  return parseCsvLite(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
}
