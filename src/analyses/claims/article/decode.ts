import { StalkError } from '../../../core/errors.js';
import { sniffBytes } from '../../../read/source.js';

/**
 * An article's bytes as text, with the encodings data files come in (UTF-8 with or without a BOM,
 * UTF-16 either way round, Windows-1252 where the bytes are not valid UTF-8). Line ends become LF.
 */
export function decodeArticle(bytes: Buffer, path: string): string {
  if (bytes.length === 0) throw new StalkError('E_EMPTY_FILE', 'the article is empty', { file: path });
  let sniffed: ReturnType<typeof sniffBytes>;
  try {
    sniffed = sniffBytes(bytes.subarray(0, 64 * 1024), path);
  } catch (e) {
    // The sniffer speaks of CSV; an article is text of any kind.
    if (e instanceof StalkError && e.code === 'E_BINARY')
      throw new StalkError('E_BINARY', e.message.replace(/, not CSV text$/, ', not the text of an article'), {
        file: path,
      });
    throw e;
  }
  const body = bytes.subarray(sniffed.bomLength);
  let text: string;
  if (sniffed.encoding === 'utf-8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      text = new TextDecoder('windows-1252').decode(body);
    }
  } else text = new TextDecoder(sniffed.encoding).decode(body);
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}
