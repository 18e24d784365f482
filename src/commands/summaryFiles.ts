import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Column, Result, Row } from '../analyses/result.js';
import { discardStaged, openStaged, type Staged, type StagingFile } from '../core/atomicWrite.js';
import { StalkError } from '../core/errors.js';
import { renderCsv } from '../render/csv.js';
import { FootnoteMarks, markColumn } from '../render/footnotes.js';
import { renderJson } from '../render/json.js';
import { markdownRow } from '../render/markdown.js';
import { PIECE_CHARS, RowStream } from '../render/stream.js';

/**
 * A year's three files, staged beside their places and written as the rows come: JSON and CSV a
 * row at a time, the bytes of `renderJson` and `renderCsv`. Markdown's title and footnote numbers
 * depend on every row, so its rows go to a scratch file beside it first, and are copied in after
 * the heading once the rows are done. A year of thousands of areas is then never held in memory,
 * as rows or as text.
 */
export class YearFiles {
  readonly names: { json: string; csv: string; md: string };
  private readonly json: StagingFile;
  private readonly csv: StagingFile;
  private readonly jsonRows: RowStream;
  private readonly csvRows: RowStream;
  private readonly shown: Column[];
  private readonly markKey: string | undefined;
  private readonly marks = new FootnoteMarks();
  /** The Markdown rows, one line each, a not-comparable mark's number left as a slot. */
  private readonly mdRows: StagingFile;
  private mdPiece = '';

  constructor(
    private readonly dir: string,
    fileLabel: string,
    columns: Column[],
    private readonly head: () => Pick<Result, 'command' | 'inputs'>,
  ) {
    const stem = `summary-${fileLabel}`;
    this.names = { json: `${stem}.json`, csv: `${stem}.csv`, md: `${stem}.md` };
    const opened: StagingFile[] = [];
    try {
      for (const name of [this.names.json, this.names.csv, `${this.names.md}.rows`])
        opened.push(openStaged(join(dir, name)));
    } catch (e) {
      for (const f of opened) f.abort();
      throw e;
    }
    [this.json, this.csv, this.mdRows] = opened;
    this.jsonRows = new RowStream('json', columns, this.json);
    this.csvRows = new RowStream('csv', columns, this.csv);
    this.shown = columns.filter((c) => c.inTable);
    this.markKey = markColumn(this.shown);
  }

  add(rows: Row[]): void {
    this.jsonRows.add(rows, this.head);
    this.csvRows.add(rows, this.head);
    for (const r of rows) {
      this.mdPiece += `${markdownRow(r, this.shown, this.markKey, this.marks.add(r))}\n`;
      if (this.mdPiece.length >= PIECE_CHARS) {
        this.mdRows.write(this.mdPiece);
        this.mdPiece = '';
      }
    }
  }

  /**
   * Writes what follows the rows, and the Markdown: `frame` gives its lines before the rows and
   * after them, given the footnotes. The three files are then staged.
   */
  finish(
    result: Result,
    frame: (footnotes: string[]) => { before: string[]; after: string[] },
    staged: Staged[],
  ): void {
    if (this.jsonRows.count === 0) this.json.write(renderJson(result));
    else this.jsonRows.end(result);
    staged.push(this.json.finish());
    if (this.csvRows.count === 0) this.csv.write(renderCsv(result));
    else this.csvRows.end(result);
    staged.push(this.csv.finish());
    this.mdRows.write(this.mdPiece);
    const scratch = this.mdRows.finish();
    try {
      const md = openStaged(join(this.dir, this.names.md));
      try {
        const { before, after } = frame(this.marks.footnotes());
        writeLines(md, before);
        copyLines(scratch.temp, (lines) => md.write(this.marks.resolve(lines)));
        writeLines(md, after);
      } catch (e) {
        md.abort();
        throw e;
      }
      staged.push(md.finish());
    } finally {
      discardStaged([scratch]);
    }
  }

  /** Removes the files not yet staged (a run that failed while writing them). */
  abort(): void {
    this.json.abort();
    this.csv.abort();
    this.mdRows.abort();
  }
}

/**
 * Writes lines, each followed by a line break: short ones gathered into pieces, a long one (a note
 * listing thousands of areas is megabytes) written as it is rather than copied into a larger string.
 */
function writeLines(file: StagingFile, lines: string[]): void {
  let piece = '';
  for (const line of lines) {
    if (line.length >= PIECE_CHARS) {
      if (piece) file.write(piece);
      file.write(line);
      piece = '\n';
    } else piece += `${line}\n`;
    if (piece.length >= PIECE_CHARS) {
      file.write(piece);
      piece = '';
    }
  }
  if (piece) file.write(piece);
}

/** Hands the text of a UTF-8 file to `take` a few whole lines at a time. */
function copyLines(path: string, take: (lines: string) => void): void {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const bytes = Buffer.alloc(PIECE_CHARS);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (let n = readSync(fd, bytes); n > 0; n = readSync(fd, bytes)) {
      const text = rest + decoder.write(bytes.subarray(0, n));
      const cut = text.lastIndexOf('\n') + 1;
      if (cut > 0) take(text.slice(0, cut));
      rest = text.slice(cut);
    }
    rest += decoder.end();
    if (rest) take(rest);
  } catch (e) {
    if (e instanceof StalkError) throw e;
    throw new StalkError('E_WRITE', `cannot read back a scratch file: ${(e as Error).message}`, { file: path });
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
