import { builtinShape, type DateShape, formatShape } from './cellText.js';
import { attribute, localName, type XmlSink } from './xml.js';

const SHAPES: DateShape[] = ['none', 'date', 'time', 'datetime'];

/**
 * Reads styles.xml for the one thing cell text needs: which cell formats (`s` on a cell, an index
 * into cellXfs) show a number as a date or a time. Fonts, fills and borders are skipped.
 */
export class XlsxStylesSink implements XmlSink {
  private readonly custom = new Map<number, string>();
  private readonly formatIds: number[] = [];
  private inCellXfs = false;

  open(name: string, s: string, a: number, b: number): void {
    const local = localName(name);
    if (local === 'numFmt') {
      const id = Number(attribute(s, a, b, 'numFmtId'));
      const code = attribute(s, a, b, 'formatCode');
      if (Number.isInteger(id) && code !== undefined) this.custom.set(id, code);
    } else if (local === 'cellXfs') this.inCellXfs = true;
    else if (local === 'xf' && this.inCellXfs) this.formatIds.push(Number(attribute(s, a, b, 'numFmtId') ?? 0));
  }

  close(name: string): void {
    if (localName(name) === 'cellXfs') this.inCellXfs = false;
  }

  text(): void {}

  /** The date shape of each cell format, by index: 0 none, 1 date, 2 time, 3 date and time. */
  shapes(): Uint8Array {
    const out = new Uint8Array(this.formatIds.length);
    this.formatIds.forEach((id, i) => {
      const code = this.custom.get(id);
      out[i] = SHAPES.indexOf(code === undefined ? builtinShape(id) : formatShape(code));
    });
    return out;
  }
}

export function shapeOf(code: number): DateShape {
  return SHAPES[code] ?? 'none';
}
