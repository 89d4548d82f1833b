/**
 * Files placed whole on a page — advertisements and a masthead's logo: read, checked as a
 * plant's preflight checks an ad (colour, ink, fonts, resolution, transparency), and embedded.
 * A PDF's first page becomes a Form XObject: its content stream and resources copied object
 * by object, so that its type stays vector, its fonts embedded and its text extractable. An
 * image goes through picture.ts.
 */
import { readFileSync } from 'node:fs';
import type { PDFArray as PdfLibArray, PDFDict as PdfLibDict, PDFDocument, PDFNumber as PdfLibNumber, PDFObject, PDFRawStream } from 'pdf-lib';
import type { Rect } from '../layout/model.js';
import type { Artwork } from '../place/page-model.js';
import { MAX_PDF_BYTES, readFileCapped, readProblemText } from '../files.js';
import { IDENTITY, multiply, type Matrix } from './matrix.js';
import { streamBombProblem } from './pdf-streams.js';
import { photoResolution, ppiOf, totalInk } from '../print-limits.js';
import { adImageData, cmykInk, imageFacts, type PictureOptions } from './picture.js';
import { PdfBytes, type PdfRef, type PdfDict, type PdfValue, type PdfWriter } from './pdf-writer.js';

type PdfLib = typeof import('pdf-lib');
/**
 * pdf-lib is loaded on first use: only pages with a PDF advertisement or logo need it. Its
 * bundled build, one file, loads in a fifth of the time of its hundreds of CommonJS modules
 * (measured 210 ms against 980 ms on a loaded machine); the specifier is a variable so that
 * TypeScript takes the package's types for it.
 */
const PDF_LIB_BUNDLE = 'pdf-lib/dist/pdf-lib.esm.min.js';
let pdfLib: PdfLib | undefined;
const loadPdfLib = async () => (pdfLib ??= (await import(PDF_LIB_BUNDLE)) as PdfLib);

/** What preflight says of an artwork file. */
export interface Finding {
  severity: 'error' | 'warning';
  message: string;
}

/** An artwork's natural size (points for a PDF's trim box, pixels for an image) and what preflight found. */
export interface ArtworkFacts {
  width: number;
  height: number;
  findings: Finding[];
}

/** Where a file of these proportions stands inside `rect`: as large as fits, whole, centred. */
export function fitInside(rect: Rect, width: number, height: number): Rect {
  const scale = Math.min(rect.width / width, rect.height / height);
  const w = width * scale;
  const h = height * scale;
  return { x: rect.x + (rect.width - w) / 2, y: rect.y + (rect.height - h) / 2, width: w, height: h };
}

/** Reads the file and checks it for the press; `problem` when it cannot be used at all. */
export async function inspectArtwork(art: Artwork, inkLimit: number): Promise<ArtworkFacts | { problem: string }> {
  if (art.kind === 'image') {
    const facts = await imageFacts(art.file);
    if ('problem' in facts) return facts;
    const findings: Finding[] = [];
    const drawn = fitInside(art.rect, facts.width, facts.height);
    const low = photoResolution(ppiOf(facts.width, drawn.width));
    if (low) findings.push({ severity: low.severity, message: `prints at ${low.ppi} ppi, below ${low.below}` });
    if (facts.space === 'srgb' || facts.space === 'rgb') {
      findings.push({ severity: 'warning', message: 'is RGB: converted to CMYK through the output profile, as photos are; ask for a CMYK file to print its colours as proofed' });
    }
    if (facts.space === 'cmyk') {
      const ink = await cmykInk(readFileSync(art.file));
      // JPEG compression moves a few pixels a little above what the advertiser's separation gave.
      if (ink > inkLimit + 0.1) findings.push({ severity: 'error', message: `reaches ${Math.round(ink * 100)} % ink, above the ${Math.round(inkLimit * 100)} % limit` });
    }
    return { width: facts.width, height: facts.height, findings };
  }
  const opened = await openPdf(art.file);
  if ('problem' in opened) return opened;
  const { box } = opened;
  const width = box[2] - box[0];
  const height = box[3] - box[1];
  const drawn = fitInside(art.rect, width, height);
  return { width, height, findings: await preflightPdf(opened.doc, drawn.width / width, inkLimit) };
}

/** The document and its first page's trim box (else crop box, else media box). */
async function openPdf(file: string): Promise<{ doc: PDFDocument; box: [number, number, number, number] } | { problem: string }> {
  const read = readFileCapped(file, MAX_PDF_BYTES);
  if (!('bytes' in read)) return { problem: readProblemText('the file', read, MAX_PDF_BYTES) };
  const bomb = streamBombProblem(read.bytes);
  if (bomb) return { problem: bomb };
  const { PDFDocument } = await loadPdfLib();
  try {
    const doc = await PDFDocument.load(read.bytes, { updateMetadata: false, throwOnInvalidObject: true });
    if (doc.getPageCount() < 1) return { problem: 'has no page' };
    const t = doc.getPage(0).getTrimBox();
    if (!(t.width > 0 && t.height > 0)) return { problem: 'has a page of no size' };
    return { doc, box: [t.x, t.y, t.x + t.width, t.y + t.height] };
  } catch (e) {
    return { problem: `cannot be read as a PDF (${(e as Error).message.split('\n')[0]})` };
  }
}

/** Colour spaces that are not CMYK, grey or a spot colour. */
const RGB_SPACES = new Set(['DeviceRGB', 'CalRGB', 'RGB', 'Lab']);

/**
 * What a plant's preflight finds on the PDF's first page, through its content (forms and
 * images included): RGB colour (refused: converting vector colour would mean rewriting its
 * operators, and would turn its black text into four-colour black), colours above the ink
 * limit, spot colours, fonts not embedded, transparency (PDF/X-1a has none), images under the
 * resolution the press needs at the size the page draws them (`scale` × their size in the file).
 */
async function preflightPdf(doc: PDFDocument, scale: number, inkLimit: number): Promise<Finding[]> {
  const lib = await loadPdfLib();
  const { PDFDict, PDFArray, PDFName, PDFNumber, PDFRawStream, decodePDFRawStream } = lib;
  const ctx = doc.context;
  const findings = new Map<string, Finding>();
  const say = (severity: Finding['severity'], message: string) => findings.set(message, { severity, message });
  const look = (o: PDFObject | undefined) => (o === undefined ? undefined : ctx.lookup(o));
  const nameOf = (o: PDFObject | undefined) => (o instanceof PDFName ? o.decodeText() : undefined);
  const spaceName = (o: PDFObject | undefined): string | undefined => {
    const v = look(o);
    if (v instanceof PDFName) return v.decodeText();
    if (v instanceof PDFArray) {
      const family = nameOf(look(v.get(0)));
      if (family === 'ICCBased') {
        const profile = look(v.get(1));
        const n = profile instanceof PDFRawStream ? look(profile.dict.get(PDFName.of('N'))) : undefined;
        return n instanceof PDFNumber ? ({ 1: 'DeviceGray', 3: 'DeviceRGB', 4: 'DeviceCMYK' } as Record<number, string>)[n.asNumber()] : undefined;
      }
      if (family === 'Separation') say('warning', `uses the spot colour ${nameOf(look(v.get(1)))}: a four-colour press prints it from its CMYK alternate`);
      if (family === 'Indexed') return spaceName(v.get(1));
      return family;
    }
    return undefined;
  };
  const judgeSpace = (space: string | undefined, what: string) => {
    if (space && RGB_SPACES.has(space)) say('error', `has ${what} in ${space}: refused, as converting vector colour means rewriting it (and its black text would print in four colours); ask for a CMYK file`);
  };
  const seenFonts = new Set<PDFObject>();
  const judgeFont = (ref: PDFObject) => {
    if (seenFonts.has(ref)) return;
    seenFonts.add(ref);
    const font = look(ref);
    if (!(font instanceof PDFDict)) return;
    const subtype = nameOf(look(font.get(PDFName.of('Subtype'))));
    if (subtype === 'Type3') return;
    const base = nameOf(look(font.get(PDFName.of('BaseFont')))) ?? 'without a name';
    const descendant = subtype === 'Type0' ? look((look(font.get(PDFName.of('DescendantFonts'))) as PdfLibArray | undefined)?.get(0)) : font;
    const descriptor = descendant instanceof PDFDict ? look(descendant.get(PDFName.of('FontDescriptor'))) : undefined;
    const embedded = descriptor instanceof PDFDict && ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.has(PDFName.of(k)));
    if (!embedded) say('error', `uses the font ${base}, which is not embedded`);
  };

  /** Walks a content stream with its resources and the matrix it is drawn with (for image resolution). */
  const walk = (streams: PDFRawStream[], resources: PdfLibDict | undefined, matrix: Matrix, depth: number) => {
    if (depth > 8) return;
    const res = (kind: string) => {
      const d = resources && look(resources.get(PDFName.of(kind)));
      return d instanceof PDFDict ? d : undefined;
    };
    for (const [, cs] of res('ColorSpace')?.entries() ?? []) judgeSpace(spaceName(cs), 'colours');
    for (const [, f] of res('Font')?.entries() ?? []) judgeFont(f);
    for (const [, gs] of res('ExtGState')?.entries() ?? []) {
      const g = look(gs);
      if (!(g instanceof PDFDict)) continue;
      const alpha = ['CA', 'ca'].map((k) => look(g.get(PDFName.of(k)))).some((v) => v instanceof PDFNumber && v.asNumber() < 1);
      const mask = look(g.get(PDFName.of('SMask')));
      const blend = nameOf(look(g.get(PDFName.of('BM'))));
      if (alpha || (mask && nameOf(mask) !== 'None') || (blend && blend !== 'Normal' && blend !== 'Compatible')) say('error', 'uses transparency, which PDF/X-1a does not allow; ask for a flattened file');
    }
    const text = streams.map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1')).join('\n');
    const stack: Matrix[] = [];
    let ctm = matrix;
    for (const { op, args } of contentOperators(text)) {
      const nums = args.map(Number);
      if (op === 'q') stack.push(ctm);
      else if (op === 'Q') ctm = stack.pop() ?? matrix;
      else if (op === 'cm' && nums.length === 6) ctm = multiply(nums as Matrix, ctm);
      else if (op === 'rg' || op === 'RG') say('error', 'sets colours in RGB (rg/RG): refused, as converting vector colour means rewriting it (and its black text would print in four colours); ask for a CMYK file');
      else if ((op === 'k' || op === 'K') && nums.length === 4) {
        const ink = totalInk(nums);
        if (ink > inkLimit + 1e-6) say('error', `has a colour of ${Math.round(ink * 100)} % ink (${nums.map((n) => Math.round(n * 100)).join('/')}), above the ${Math.round(inkLimit * 100)} % limit`);
      } else if (op === 'Do' && args[0]?.startsWith('/')) {
        const obj = look(res('XObject')?.get(PDFName.of(args[0].slice(1))));
        if (!(obj instanceof PDFRawStream)) continue;
        const sub = nameOf(look(obj.dict.get(PDFName.of('Subtype'))));
        if (sub === 'Image') {
          judgeSpace(spaceName(obj.dict.get(PDFName.of('ColorSpace'))), 'an image');
          if (obj.dict.has(PDFName.of('SMask'))) say('error', 'has an image with a soft mask (transparency), which PDF/X-1a does not allow; ask for a flattened file');
          const px = look(obj.dict.get(PDFName.of('Width')));
          // The image fills the unit square: its width on the page is the length of the matrix's first row.
          const widthPt = Math.hypot(ctm[0], ctm[1]) * scale;
          if (px instanceof PDFNumber && widthPt > 0) {
            const low = photoResolution(ppiOf(px.asNumber(), widthPt));
            if (low) say(low.severity, `has an image printing at ${low.ppi} ppi, below ${low.below}`);
          }
        } else if (sub === 'Form') {
          const m = look(obj.dict.get(PDFName.of('Matrix')));
          const formMatrix = m instanceof PDFArray ? (m.asArray().map((v) => (look(v) as PdfLibNumber).asNumber()) as Matrix) : IDENTITY;
          const r = look(obj.dict.get(PDFName.of('Resources')));
          walk([obj], r instanceof PDFDict ? r : resources, multiply(formMatrix, ctm), depth + 1);
        }
      }
    }
  };
  const page = doc.getPage(0).node;
  walk(pageContents(lib, ctx, page.Contents()), page.Resources(), IDENTITY, 0);
  return [...findings.values()];
}


/** The page's content streams, whether one or an array. */
function pageContents(lib: PdfLib, ctx: PDFDocument['context'], contents: PDFObject | undefined): PDFRawStream[] {
  const v = contents && ctx.lookup(contents);
  if (v instanceof lib.PDFRawStream) return [v];
  if (v instanceof lib.PDFArray) return v.asArray().map((x) => ctx.lookup(x)).filter((x): x is PDFRawStream => x instanceof lib.PDFRawStream);
  return [];
}

/**
 * The operators of a content stream with their operands, as text: numbers and names are what
 * preflight reads; strings, arrays, dictionaries and inline images are stepped over whole.
 */
export function* contentOperators(text: string): Generator<{ op: string; args: string[] }> {
  let args: string[] = [];
  const delimiter = /[\s()<>[\]{}/%]/;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if (c === '%') while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    else if (c === '(') {
      let depth = 0;
      for (; i < text.length; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) break;
      }
      i++;
      args.push('()');
    } else if (c === '<' && text[i + 1] === '<') {
      let depth = 0;
      for (; i < text.length; i++) {
        if (text[i] === '<' && text[i + 1] === '<') (depth++, i++);
        else if (text[i] === '>' && text[i + 1] === '>') {
          i++;
          if (--depth === 0) break;
        }
      }
      i++;
      args.push('<<>>');
    } else if (c === '<') {
      i = text.indexOf('>', i) + 1 || text.length;
      args.push('<>');
    } else if (c === '[' || c === ']' || c === '{' || c === '}') {
      i++;
      if (c === '[' || c === '{') args.push(c);
    } else {
      let j = i + 1;
      while (j < text.length && !delimiter.test(text[j])) j++;
      const token = text.slice(i, j);
      i = j;
      if (c === '/' || /^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) args.push(token);
      else if (token === 'true' || token === 'false' || token === 'null') args.push(token);
      else if (token === 'BI') {
        // An inline image: its data ends at EI standing alone.
        const end = /\sEI(?=[\s]|$)/g;
        end.lastIndex = text.indexOf('ID', i);
        const m = end.exec(text);
        i = m ? m.index + m[0].length : text.length;
        yield { op: 'BI', args: [] };
        args = [];
      } else {
        yield { op: token, args };
        args = [];
      }
    }
  }
}

/** The artwork embedded: a Form XObject of a PDF's first page (with its box), or an image XObject. */
export interface EmbeddedArtwork {
  ref: PdfRef;
  kind: 'form' | 'image';
  /** The form's bounding box in its own space, or the image's pixel size. */
  box: [number, number, number, number];
}

export async function embedArtwork(pdf: PdfWriter, art: Artwork, options: PictureOptions): Promise<EmbeddedArtwork> {
  if (art.kind === 'image') {
    const facts = await imageFacts(art.file);
    if ('problem' in facts) throw new Error(`advertisement ${art.file} ${facts.problem}`);
    const drawn = fitInside(art.rect, facts.width, facts.height);
    return { ref: pdf.jpegImage(await adImageData(art.file, drawn.width, options)), kind: 'image', box: [0, 0, facts.width, facts.height] };
  }
  const opened = await openPdf(art.file);
  if ('problem' in opened) throw new Error(`${art.file} ${opened.problem}`);
  return { ref: await formXObject(pdf, opened.doc, opened.box), kind: 'form', box: opened.box };
}

/**
 * The first page as a Form XObject: its content (one stream as it was, with its filter; several
 * decoded and joined), its resources and every object they reach, copied into `pdf`.
 */
async function formXObject(pdf: PdfWriter, doc: PDFDocument, box: [number, number, number, number]): Promise<PdfRef> {
  const lib = await loadPdfLib();
  const ctx = doc.context;
  const copied = new Map<PDFObject, PdfRef>();
  const copy = (o: PDFObject): PdfValue => {
    if (o instanceof lib.PDFRef) {
      const had = copied.get(o);
      if (had) return had;
      const ref = pdf.reserve();
      copied.set(o, ref);
      const target = ctx.lookup(o);
      if (target instanceof lib.PDFRawStream) pdf.stream(copyDict(target.dict, ['Length']), Buffer.from(target.contents), ref);
      else pdf.object(target === undefined ? null : copy(target), ref);
      return ref;
    }
    if (o instanceof lib.PDFDict) return copyDict(o, []);
    if (o instanceof lib.PDFArray) return o.asArray().map(copy);
    if (o instanceof lib.PDFName) return o.decodeText();
    if (o instanceof lib.PDFNumber) return o.asNumber();
    if (o instanceof lib.PDFBool) return o.asBoolean();
    if (o instanceof lib.PDFString || o instanceof lib.PDFHexString) return new PdfBytes(o.asBytes());
    if (o instanceof lib.PDFRawStream) throw new Error('a stream that is not an indirect object');
    return null;
  };
  const copyDict = (d: PdfLibDict, leave: string[]): PdfDict => {
    const out: Record<string, PdfValue> = {};
    // A page's parent would bring the other file's whole page tree.
    for (const [k, v] of d.entries()) if (!leave.includes(k.decodeText()) && k.decodeText() !== 'Parent') out[k.decodeText()] = copy(v);
    return out;
  };
  const page = doc.getPage(0).node;
  const streams = pageContents(lib, ctx, page.Contents());
  const resources = page.Resources();
  const form: PdfDict = {
    Type: 'XObject',
    Subtype: 'Form',
    FormType: 1,
    BBox: box,
    Resources: resources ? copy(resources) : {},
  };
  if (streams.length === 1) {
    const s = streams[0];
    const filter = s.dict.get(lib.PDFName.of('Filter'));
    const parms = s.dict.get(lib.PDFName.of('DecodeParms'));
    return pdf.stream({ ...form, Filter: filter ? copy(filter) : undefined, DecodeParms: parms ? copy(parms) : undefined }, Buffer.from(s.contents));
  }
  const joined = streams.map((s) => Buffer.from(lib.decodePDFRawStream(s).decode()).toString('latin1')).join('\n');
  return pdf.compressedStream(form, Buffer.from(joined, 'latin1'));
}
