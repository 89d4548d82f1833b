/**
 * The streams of a PDF as stored, read without a PDF library, and the bound on what they may
 * inflate to: asked of every PDF paiban is given (to check, preview or diff, or as an
 * advertisement or a logo) before pdf.js, PDFium or pdf-lib reads it, since each would inflate
 * a stream whole.
 */
import { inflateSync } from 'node:zlib';

/** A stream of the file: its dictionary (as text) and its bytes as stored. */
export interface PdfStream {
  /** The number of the object it belongs to, when it is found. */
  object?: number;
  dict: string;
  raw: Buffer;
}

const STREAM = /<<((?:[^<>]|<<(?:[^<>]|<<[^<>]*>>)*>>|<[^<>]*>)*)>>\s*stream\r?\n/g;

/** Every stream in the file, found by its keyword: so in object streams and in objects no page uses too. */
export function* pdfStreams(bytes: Buffer, text = bytes.toString('latin1')): Generator<PdfStream> {
  for (const m of text.matchAll(STREAM)) {
    const start = m.index! + m[0].length;
    const lengthMatch = /\/Length (\d+)(?! \d+ R)/.exec(m[1]);
    const end = lengthMatch ? start + Number(lengthMatch[1]) : text.indexOf('endstream', start);
    const object = /(\d+)\s+\d+\s+obj\s*$/.exec(text.slice(Math.max(0, m.index! - 24), m.index))?.[1];
    yield { ...(object && { object: Number(object) }), dict: m[1], raw: bytes.subarray(start, end < start ? undefined : end) };
  }
}

/**
 * Most bytes one stream may inflate to: a broadsheet page's content is about 2 MB, its largest
 * font program a few. A stream of a few MB that inflates to a GB is a bomb.
 */
export const MAX_INFLATED_BYTES = 128 * 1024 * 1024;

/** Most bytes all the streams of a file may inflate to: a 200-page edition's are some 400 MB. */
export const MAX_INFLATED_TOTAL = 1024 * 1024 * 1024;

/** A Flate stream's bytes, inflated; throws past MAX_INFLATED_BYTES (RangeError) and on damaged data. */
export const inflateStream = (raw: Buffer, most = MAX_INFLATED_BYTES): Buffer => inflateSync(raw, { maxOutputLength: most });

/** The filters a stream's dictionary names, in the order they decode: `/Filter /FlateDecode` or `/Filter [/ASCIIHexDecode /FlateDecode]`. */
export function filtersOf(dict: string): string[] {
  const m = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict);
  return m ? [...m[1].matchAll(/\/([A-Za-z0-9]+)/g)].map((f) => f[1]) : [];
}

const hexDecode = (data: Buffer): Buffer => {
  const hex = data.toString('latin1').replace(/[^0-9A-Fa-f]/g, '');
  return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
};

/** ASCII85, as PDF writes it (z for four zero bytes, ~> at the end). */
const a85Decode = (data: Buffer): Buffer => {
  const text = data.toString('latin1').replace(/\s/g, '').replace(/~>.*$/s, '');
  const out: number[] = [];
  let group: number[] = [];
  const flush = (n: number) => {
    while (group.length < 5) group.push(84);
    const v = group.reduce((acc, c) => acc * 85 + c, 0);
    for (let k = 0; k < n - 1; k++) out.push((v >>> (24 - 8 * k)) & 0xff);
    group = [];
  };
  for (const ch of text) {
    if (ch === 'z' && group.length === 0) out.push(0, 0, 0, 0);
    else if (ch >= '!' && ch <= 'u') {
      group.push(ch.charCodeAt(0) - 33);
      if (group.length === 5) flush(5);
    }
  }
  if (group.length) flush(group.length);
  return Buffer.from(out);
};

/**
 * The stream decoded through the filters that can make it larger and that this reads (Flate, and
 * the ASCII encodings that may stand before it), each inflation held to `most` bytes; decoding
 * stops at a filter it does not read (an image's DCT, say), whose output pdf.js bounds by the image.
 */
function decoded(raw: Buffer, filters: readonly string[], most: number): Buffer {
  let data = raw;
  for (const f of filters) {
    if (f === 'FlateDecode' || f === 'Fl') data = inflateStream(data, most);
    else if (f === 'ASCIIHexDecode' || f === 'AHx') data = hexDecode(data);
    else if (f === 'ASCII85Decode' || f === 'A85') data = a85Decode(data);
    else break;
  }
  return data;
}

/**
 * Why the PDF cannot be read within bounded memory and time, if it cannot: a stream that inflates
 * past MAX_INFLATED_BYTES through its filters (Flate inside Flate included), or streams that
 * together inflate past MAX_INFLATED_TOTAL.
 */
export function streamBombProblem(bytes: Buffer): string | undefined {
  let total = 0;
  for (const stream of pdfStreams(bytes)) {
    const filters = filtersOf(stream.dict);
    if (!filters.some((f) => f === 'FlateDecode' || f === 'Fl')) continue;
    const which = stream.object === undefined ? 'a stream' : `the stream of object ${stream.object}`;
    try {
      total += decoded(stream.raw, filters, Math.min(MAX_INFLATED_BYTES, MAX_INFLATED_TOTAL - total + 1)).length;
    } catch (e) {
      if (!(e instanceof RangeError)) continue;
      if (MAX_INFLATED_TOTAL - total < MAX_INFLATED_BYTES) return totalProblem();
      return `${which} (${stream.raw.length} bytes) inflates to more than ${MAX_INFLATED_BYTES / 1024 / 1024} MiB: the file is not read`;
    }
    if (total > MAX_INFLATED_TOTAL) return totalProblem();
  }
  return undefined;
}

const totalProblem = () => `its streams inflate to more than ${MAX_INFLATED_TOTAL / 1024 / 1024} MiB in all: the file is not read`;
