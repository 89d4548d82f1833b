/**
 * Print preflight of a PDF, read from its bytes: colour spaces and colours used (RGB objects,
 * total ink, black text that is not 100 K), line weights (hairlines), and images (colour space,
 * effective resolution, total ink of CMYK photos). Every stream is inflated and scanned, so
 * it works for object streams and for any producer, not only for paiban's own files.
 */
import { cmykInk } from '../pdf/picture.js';
import { HAIRLINE, INK_LIMIT, ppiOf, totalInk } from '../print-limits.js';
import { inflateStream, pdfStreams, type PdfImage, type PdfPage } from './read-pdf.js';

export interface PrintLimits {
  /** Total ink limit, 0–4 (2.4 = 240 %). */
  inkLimit: number;
  /** Thinnest rule a plant holds, in pt. */
  hairline: number;
}

export const DEFAULT_LIMITS: PrintLimits = { inkLimit: INK_LIMIT, hairline: HAIRLINE };

export interface ImageFact {
  width: number;
  height: number;
  colorSpace: string;
  /** Highest total ink of any pixel, 0–4, for CMYK JPEGs. */
  maxInk?: number;
}

export interface PrintFigures {
  /** Colour spaces named anywhere in the file, with how often. */
  colorSpaces: Record<string, number>;
  /** Drawing operations in RGB (rg, RG) and grey (g, G). */
  rgbOperations: number;
  grayOperations: number;
  /** CMYK colours set above the ink limit, e.g. "0 1 1 1 (300 %)". */
  overInk: string[];
  /** Text shown in a colour that is black-looking but not 100 K alone (rich or four-colour black). */
  richBlackText: number;
  /** Strokes thinner than the hairline limit. */
  hairlines: number;
  images: ImageFact[];
  /** Lowest effective resolution of any placed image, in ppi. */
  minPpi: number | null;
}

export async function measurePrint(bytes: Buffer, pages: readonly PdfPage[], limits: PrintLimits = DEFAULT_LIMITS): Promise<PrintFigures> {
  const f: PrintFigures = { colorSpaces: {}, rgbOperations: 0, grayOperations: 0, overInk: [], richBlackText: 0, hairlines: 0, images: [], minPpi: null };
  const text = bytes.toString('latin1');
  const count = (cs: string) => (f.colorSpaces[cs] = (f.colorSpaces[cs] ?? 0) + 1);
  const scanDicts = (s: string) => {
    for (const m of s.matchAll(/\/(DeviceRGB|DeviceCMYK|DeviceGray|ICCBased|Separation|DeviceN|Lab|CalRGB|CalGray|Indexed)\b/g)) count(m[1]);
  };
  scanDicts(text.replace(/stream\r?\n[\s\S]*?endstream/g, ''));
  for (const { dict, raw } of pdfStreams(bytes, text)) {
    if (/\/Subtype\s*\/Image/.test(dict)) {
      f.images.push(await imageFact(dict, raw));
      continue;
    }
    let body: string;
    try {
      body = /\/FlateDecode/.test(dict) ? inflateStream(raw).toString('latin1') : raw.toString('latin1');
    } catch {
      continue;
    }
    if (/\/Type\s*\/ObjStm/.test(dict)) scanDicts(body);
    else if (!/\/(Subtype|Type)\s*\/(XML|Metadata|CIDFontType0C|Type1C|OpenType)|\/Length1|\/N 4/.test(dict)) scanContent(body, f, limits);
  }
  f.minPpi = minPpi(pages);
  return f;
}

/** Colour and line-weight operators of a content stream. */
function scanContent(body: string, f: PrintFigures, limits: PrintLimits): void {
  const operands: string[] = [];
  let fill = 'k:0 0 0 1';
  let lineWidth = 1;
  for (const token of body.match(/\/[^\s/\[\]()<>{}%]+|\((?:\\.|[^\\)])*\)|<[0-9a-fA-F\s]*>|\[|\]|[^\s/\[\]()<>{}%]+/g) ?? []) {
    if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(token) || token.startsWith('/') || token.startsWith('(') || token.startsWith('<') || token === '[' || token === ']') {
      operands.push(token);
      continue;
    }
    const nums = operands.map(Number);
    switch (token) {
      case 'k':
      case 'K': {
        const v = nums.slice(-4);
        if (totalInk(v) > limits.inkLimit + 1e-6) f.overInk.push(`${v.join(' ')} (${Math.round(totalInk(v) * 100)} %)`);
        if (token === 'k') fill = `k:${v.join(' ')}`;
        break;
      }
      case 'rg':
      case 'RG':
        f.rgbOperations++;
        if (token === 'rg') fill = `rg:${nums.slice(-3).join(' ')}`;
        break;
      case 'g':
      case 'G':
        f.grayOperations++;
        if (token === 'g') fill = `g:${nums[nums.length - 1]}`;
        break;
      case 'w':
        lineWidth = nums[nums.length - 1];
        break;
      case 'S':
      case 's':
      case 'B':
      case 'B*':
      case 'b':
      case 'b*':
        if (lineWidth < limits.hairline) f.hairlines++;
        break;
      case 'Tj':
      case 'TJ':
      case "'":
      case '"':
        if (isRichBlack(fill)) f.richBlackText++;
        break;
    }
    operands.length = 0;
  }
}

/** Black-looking text that would print in more than one ink (or from RGB/grey): not 100 K alone. */
function isRichBlack(fill: string): boolean {
  const [op, values] = fill.split(':');
  const v = values.split(' ').map(Number);
  if (op === 'k') return v[3] >= 0.9 && v[0] + v[1] + v[2] > 0;
  if (op === 'rg') return Math.max(...v) < 0.15;
  return op === 'g' && v[0] < 0.15;
}

async function imageFact(dict: string, raw: Buffer): Promise<ImageFact> {
  const num = (key: string) => Number(new RegExp(`/${key} (\\d+)`).exec(dict)?.[1] ?? 0);
  const colorSpace = /\/ColorSpace\s*\/(\w+)/.exec(dict)?.[1] ?? (/\/ColorSpace\s*\[\s*\/(\w+)/.exec(dict)?.[1] ?? 'unknown');
  const fact: ImageFact = { width: num('Width'), height: num('Height'), colorSpace };
  if (colorSpace === 'DeviceCMYK' && /\/DCTDecode/.test(dict)) {
    try {
      fact.maxInk = await cmykInk(raw);
    } catch {
      // Not decodable here: the resolution is still reported.
    }
  }
  return fact;
}

/** Effective resolution of an image as placed: pixels per inch along its coarser side. */
export const imagePpi = (img: PdfImage) => Math.min(ppiOf(img.pixelWidth, img.width), ppiOf(img.pixelHeight, img.height));

function minPpi(pages: readonly PdfPage[]): number | null {
  const all = pages.flatMap((p) => p.images.map(imagePpi));
  return all.length ? Math.min(...all) : null;
}
