import { StalkError } from '../../core/errors.js';
import { localName, type XmlSink, xmlText } from './xml.js';

/** More text than this in the shared strings means a hostile file: it would all sit in memory. */
const MAX_SHARED_CHARS = 200_000_000;

/**
 * Reads sharedStrings.xml: one string per `<si>`, either a plain `<t>` or rich-text runs
 * (`<r><t>`), which are joined. Phonetic guides (`<rPh>`, furigana) are not part of the text.
 */
export class XlsxStringsSink implements XmlSink {
  readonly strings: string[] = [];
  private current = '';
  private raw = '';
  private inT = false;
  private phonetic = 0;
  private chars = 0;

  constructor(private readonly path: string) {}

  open(name: string, _s: string, _a: number, _b: number, selfClosing: boolean): void {
    const local = localName(name);
    if (local === 'si') this.current = '';
    else if (local === 't' && !selfClosing && this.phonetic === 0) {
      this.inT = true;
      this.raw = '';
    } else if (local === 'rPh' && !selfClosing) this.phonetic++;
  }

  close(name: string): void {
    const local = localName(name);
    if (local === 't' && this.inT) {
      this.inT = false;
      this.current += xmlText(this.raw, 0, this.raw.length);
    } else if (local === 'rPh') this.phonetic--;
    else if (local === 'si') {
      this.chars += this.current.length;
      if (this.chars > MAX_SHARED_CHARS) {
        throw new StalkError(
          'E_ARCHIVE_TOO_LARGE',
          `the workbook's shared strings hold more than ${MAX_SHARED_CHARS / 1e6} million characters`,
          { file: this.path },
        );
      }
      this.strings.push(this.current);
    }
  }

  text(s: string, start: number, end: number): void {
    if (this.inT) this.raw += s.slice(start, end);
  }
}
