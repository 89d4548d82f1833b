/**
 * The PDF file format at the level of its objects: values in PDF syntax, indirect objects,
 * streams, JPEG images, the cross-reference table and the trailer. What the objects mean
 * (pages, fonts, the standards a file follows) is decided by emit.ts and font-embed.ts.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** A reference to an indirect object, written `N 0 R`. */
export class PdfRef {
  constructor(readonly num: number) {}
}

/** A text string (a title, an Info entry, a language), as opposed to a name. */
export class PdfText {
  constructor(readonly text: string) {}
}

/** A string of bytes as another file held it (a font's registry, a key): written in hex, byte for byte. */
export class PdfBytes {
  constructor(readonly bytes: Uint8Array) {}
}

/**
 * A value in PDF syntax. A JavaScript string is a name (`'Font'` is written `/Font`), since
 * names are what dictionaries mostly hold; text is a PdfText; a Date is a date string.
 * Dictionary entries that are undefined are left out.
 */
export type PdfValue = number | boolean | null | string | Date | PdfText | PdfBytes | PdfRef | readonly PdfValue[] | PdfDict;
export interface PdfDict {
  readonly [key: string]: PdfValue | undefined;
}

/** A value as a PDF file writes it. */
export function pdfSyntax(value: PdfValue): string {
  if (typeof value === 'string') return pdfName(value);
  if (typeof value === 'number') return pdfNumber(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  if (value instanceof PdfRef) return `${value.num} 0 R`;
  if (value instanceof PdfText) return textString(value.text);
  if (value instanceof PdfBytes) return `<${Buffer.from(value.bytes).toString('hex')}>`;
  if (value instanceof Date) return literalString(pdfDate(value));
  if (isArray(value)) return `[${value.map(pdfSyntax).join(' ')}]`;
  const entries = Object.entries(value).filter((e): e is [string, PdfValue] => e[1] !== undefined);
  return `<<${entries.map(([k, v]) => ` ${pdfName(k)} ${pdfSyntax(v)}`).join('')} >>`;
}

const isArray = (v: PdfValue): v is readonly PdfValue[] => Array.isArray(v);

/** A name: bytes outside printable ASCII, and the delimiters, written as #xx (other characters as their UTF-8 bytes). */
export function pdfName(name: string): string {
  let out = '/';
  for (const byte of Buffer.from(name, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += byte > 0x20 && byte < 0x7f && !'#%()/<>[]{}'.includes(c) ? c : `#${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** At most six decimals, never an exponent: PDF has no exponent notation. */
function pdfNumber(n: number): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 2 ** 31) throw new RangeError(`${n} cannot be written as a PDF number`);
  return String(Math.round(n * 1e6) / 1e6);
}

/**
 * A text string: printable ASCII (with tab and line ends) as a literal string, which reads
 * the same in PDFDocEncoding; anything else as UTF-16BE with a byte order mark.
 */
export function textString(s: string): string {
  return /^[\x20-\x7e\t\n\r]*$/.test(s) ? literalString(s) : `<FEFF${utf16Hex(s)}>`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '(': '\\(', ')': '\\)', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const literalString = (s: string) => `(${s.replace(/[\\()\t\n\r]/g, (c) => ESCAPES[c])})`;

/** `D:YYYYMMDDHHmmSSZ`, in UTC. */
const pdfDate = (d: Date) => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

/** A 16-bit value as four hex digits. */
export const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** A string as UTF-16BE code units in hex, as text strings, ToUnicode maps and ActualText write it. */
export const utf16Hex = (s: string) => Array.from({ length: s.length }, (_, i) => hex4(s.charCodeAt(i))).join('');

/** What PDF needs to know of a JPEG to show it: its frame header, and whether Adobe's APP14 segment marks it. */
interface JpegFrame {
  width: number;
  height: number;
  bitsPerComponent: number;
  components: number;
  adobe: boolean;
}

/** Start-of-frame markers: 0xC0–0xCF but for DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpegFrame(jpeg: Buffer): JpegFrame {
  if (jpeg.length < 4 || jpeg.readUInt16BE(0) !== 0xffd8) throw new Error('not a JPEG: no start-of-image marker');
  let adobe = false;
  for (let pos = 2; pos + 4 <= jpeg.length; ) {
    if (jpeg[pos] !== 0xff) throw new Error(`damaged JPEG: no marker at byte ${pos}`);
    const marker = jpeg[pos + 1];
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2; // markers without a segment
      continue;
    }
    if (marker === 0xee && jpeg.toString('latin1', pos + 4, pos + 9) === 'Adobe') adobe = true;
    if (isStartOfFrame(marker)) {
      const frame = { bitsPerComponent: jpeg[pos + 4], height: jpeg.readUInt16BE(pos + 5), width: jpeg.readUInt16BE(pos + 7), components: jpeg[pos + 9], adobe };
      if (!frame.width || !frame.height) throw new Error('JPEG without its size in the frame header');
      return frame;
    }
    pos += 2 + jpeg.readUInt16BE(pos + 2);
  }
  throw new Error('JPEG without a frame header');
}

const JPEG_COLOR_SPACES: Record<number, string> = { 1: 'DeviceGray', 3: 'DeviceRGB', 4: 'DeviceCMYK' };

/**
 * A PDF file written object by object into memory. Objects are numbered in the order they are
 * reserved or written; an object that others must refer to before it can be written (the page
 * tree, the outline) is reserved first and written later under its number.
 */
export class PdfWriter {
  private readonly chunks: Buffer[] = [];
  private length = 0;
  /** Byte offset of each object, by number − 1; undefined while only reserved. */
  private readonly offsets: (number | undefined)[] = [];

  constructor(version: string) {
    // The comment's bytes above 127 tell file transfer programs that the file is binary.
    this.append(Buffer.from(`%PDF-${version}\n%\xe2\xe3\xcf\xd3\n`, 'latin1'));
  }

  reserve(): PdfRef {
    this.offsets.push(undefined);
    return new PdfRef(this.offsets.length);
  }

  /** Writes an object, under `ref` if it was reserved. */
  object(value: PdfValue, ref = this.reserve()): PdfRef {
    this.begin(ref);
    this.append(Buffer.from(`${pdfSyntax(value)}\nendobj\n`, 'latin1'));
    return ref;
  }

  /** Writes a stream whose data is as given (the dictionary names its filter, if any); text is written as UTF-8. */
  stream(dict: PdfDict, data: Buffer | string, ref = this.reserve()): PdfRef {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.begin(ref);
    this.append(Buffer.from(`${pdfSyntax({ ...dict, Length: bytes.length })}\nstream\n`, 'latin1'));
    this.append(bytes);
    this.append(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    return ref;
  }

  /** Writes a stream Flate-compressed. */
  compressedStream(dict: PdfDict, data: Buffer | string): PdfRef {
    return this.stream({ ...dict, Filter: 'FlateDecode' }, deflateSync(data));
  }

  /** Writes a JPEG as an image XObject, its data passed through as it is. */
  jpegImage(jpeg: Buffer): PdfRef {
    const frame = jpegFrame(jpeg);
    const colorSpace = JPEG_COLOR_SPACES[frame.components];
    if (!colorSpace) throw new Error(`JPEG with ${frame.components} components`);
    return this.stream(
      {
        Type: 'XObject',
        Subtype: 'Image',
        Width: frame.width,
        Height: frame.height,
        BitsPerComponent: frame.bitsPerComponent,
        ColorSpace: colorSpace,
        // Adobe's CMYK JPEGs, which Adobe's APP14 segment marks, hold their values inverted.
        Decode: frame.components === 4 && frame.adobe ? [1, 0, 1, 0, 1, 0, 1, 0] : undefined,
        Filter: 'DCTDecode',
      },
      jpeg,
    );
  }

  /** The whole file: the objects, the cross-reference table and the trailer. Every reserved object must have been written. */
  end(catalog: PdfRef, info: PdfRef): Buffer {
    const missing = this.offsets.indexOf(undefined);
    if (missing >= 0) throw new Error(`object ${missing + 1} was reserved but not written`);
    // The file identifier, the same for the same objects: a digest of them.
    const id = `<${createHash('md5').update(Buffer.concat(this.chunks)).digest('hex')}>`;
    const xrefOffset = this.length;
    const size = this.offsets.length + 1;
    const xref = ['xref', `0 ${size}`, '0000000000 65535 f ', ...this.offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)];
    const trailer = `trailer\n<< /Size ${size} /Root ${pdfSyntax(catalog)} /Info ${pdfSyntax(info)} /ID [${id} ${id}] >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
    this.append(Buffer.from(`${xref.join('\n')}\n${trailer}`, 'latin1'));
    return Buffer.concat(this.chunks);
  }

  private begin(ref: PdfRef): void {
    if (this.offsets[ref.num - 1] !== undefined) throw new Error(`object ${ref.num} written twice`);
    this.offsets[ref.num - 1] = this.length;
    this.append(Buffer.from(`${ref.num} 0 obj\n`, 'latin1'));
  }

  private append(bytes: Buffer): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }
}
