/**
 * Bytes of an issue, layout or copy file as text: UTF-8, or — for copy kept in older
 * systems — GB 18030, with the place of the first byte that is neither.
 */

/** GB 18030 includes GBK and GB 2312, so one decoder reads all three. */
export type TextEncoding = 'utf-8' | 'gb18030';

export type Decoded =
  | { text: string; encoding: TextEncoding; detected: boolean }
  /** Byte offset of the first sequence that is not valid text, and its 1-based line. */
  | { badByte: number; line: number };

/**
 * Decodes a text file in the encoding given, or else as UTF-8, or — when the bytes are not
 * UTF-8 but read cleanly as Chinese GB 18030 text — as GB 18030. A leading byte-order mark is dropped.
 */
export function decodeText(bytes: Uint8Array, encoding?: TextEncoding): Decoded {
  const named = encoding ?? 'utf-8';
  const text = decodeStrict(bytes, named);
  if (text !== null) return { text, encoding: named, detected: false };
  if (!encoding) {
    // UTF-8 Chinese with one damaged byte also decodes as GB 18030, into nonsense; and
    // bytes in a single-byte encoding (Latin-1, say) often do, though rarely into Han
    // characters without landing in GB 18030's private-use areas.
    const gb = mostlyUtf8(bytes) ? null : decodeStrict(bytes, 'gb18030');
    if (gb !== null && /\p{Script=Han}/u.test(gb) && !/[\uE000-\uF8FF]/.test(gb)) return { text: gb, encoding: 'gb18030', detected: true };
  }
  const badByte = firstBadByte(bytes, named);
  return { badByte, line: 1 + bytes.subarray(0, badByte).filter((b) => b === 0x0a).length };
}

function decodeStrict(bytes: Uint8Array, encoding: TextEncoding): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Whether the bytes hold at least as many well-formed UTF-8 characters beyond ASCII as malformed sequences. */
function mostlyUtf8(bytes: Uint8Array): boolean {
  let wellFormed = 0;
  let malformed = 0;
  for (const ch of new TextDecoder('utf-8').decode(bytes)) {
    if (ch === '\uFFFD') malformed++;
    else if (ch > '\x7F') wellFormed++;
  }
  return wellFormed >= malformed;
}

/** Where decoding fails: the start of the first incomplete or invalid sequence. */
function firstBadByte(bytes: Uint8Array, encoding: TextEncoding): number {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let boundary = 0;
  for (let i = 0; i < bytes.length; i++) {
    try {
      if (decoder.decode(bytes.subarray(i, i + 1), { stream: true })) boundary = i + 1;
    } catch {
      return boundary;
    }
  }
  return boundary;
}

/**
 * The text with each lone CR (the line end of old Mac files) made LF, as the yaml package reads
 * lines: one character for one, so that an offset in either is the same place in the other.
 */
export const withLfLineEnds = (text: string) => text.replace(/\r(?!\n)/g, '\n');

/** The line end to write into a text: CR LF or CR in a file whose lines end so, else LF. */
export const lineEndOf = (text: string) => (text.includes('\r\n') ? '\r\n' : text.includes('\r') && !text.includes('\n') ? '\r' : '\n');
