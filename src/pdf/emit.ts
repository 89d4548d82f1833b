/**
 * Stage 6: writing placed pages as PDF. The only module that touches pdfkit. pdfkit builds
 * the file's objects and streams; fonts are embedded from hb-subset's output (font-embed.ts),
 * and every glyph is placed by our own TJ operators, because pdfkit's text layout cannot set Chinese.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFileAtomically } from '../files.js';
import { basename } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Face } from '../fonts/font-set.js';
import type { OpenTypeFont } from '../fonts/opentype.js';
import type { Cmyk, PrintSettings } from '../layout/model.js';
import type { GlyphRun, PageFrame, PictureShape } from '../place/page-frame.js';
import { pictureData } from './picture.js';
import { prepareSubsetter, subsetFace } from '../fonts/subset.js';
import { embedFace, pdfWidth, utf16Hex, type EmbeddedFace, type ObjectWriter, type UsedGlyph } from './font-embed.js';
import { InputError } from '../diagnostics.js';

export interface DocumentInfo {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string;
  /** Fixed creation date, so that the same input gives the same bytes. */
  date: Date;
}

const PDFX_VERSION = { x1a: 'PDF/X-1a:2001', x4: 'PDF/X-4' } as const;

/** Which standard the file follows: PDF/X for the press (as the layout's print settings say), or PDF/A-2u for the archive. */
export type PdfStandard = 'pdfx' | 'pdfa';

/** A page's bookmark, with one under it for each article on the page. */
export interface PageBookmark {
  title: string;
  articles: string[];
}

export interface PdfOptions {
  standard?: PdfStandard;
  /** Bookmarks, one per page in page order. */
  outline?: readonly PageBookmark[];
  /** Further XMP describing the document: rdf:Description elements, added to the metadata as given. */
  xmp?: string;
}

/**
 * The OutputIntent: the embedded CMYK profile of the printing condition, under GTS_PDFX for
 * PDF/X or GTS_PDFA1 for PDF/A (whose device colours need a destination profile too).
 */
function outputIntent(doc: Doc, print: PrintSettings, standard: PdfStandard): void {
  if (standard === 'pdfx' && print.pdfx === 'none') return;
  const profile = doc.ref({ N: 4, Alternate: 'DeviceCMYK' });
  profile.write(readFileSync(print.profile));
  profile.end();
  doc._root.data.OutputIntents = [{
    Type: 'OutputIntent',
    S: standard === 'pdfa' ? 'GTS_PDFA1' : 'GTS_PDFX',
    OutputConditionIdentifier: new String(print.condition || 'Custom'),
    OutputCondition: new String(print.conditionName || basename(print.profile)),
    RegistryName: new String('http://www.color.org'),
    Info: new String(print.conditionName || basename(print.profile)),
    DestOutputProfile: profile,
  }];
  if (standard === 'pdfx') pdfxIdentification(doc, print);
}

/** GTS_PDFXVersion (and, for X-1a, GTS_PDFXConformance), and Trapped /False. */
function pdfxIdentification(doc: Doc, print: PrintSettings): void {
  if (print.pdfx === 'none') return;
  const version = PDFX_VERSION[print.pdfx];
  const docInfo = doc.info as Record<string, unknown>;
  docInfo.GTS_PDFXVersion = version;
  if (print.pdfx === 'x1a') docInfo.GTS_PDFXConformance = version;
  docInfo.Trapped = pdfName(doc, 'False');
}

export const xmlEscape = (s: string) => s.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);
const xmpDate = (d: Date) => `${d.toISOString().split('.')[0]}Z`;

/**
 * The XMP metadata. pdfkit's own copies the Info values unescaped and leaves out ModDate, so we
 * write every Info entry's XMP equivalent ourselves (PDF/A and PDF/X-4 require them to agree),
 * with the standard's identification and the caller's description.
 */
function documentMetadata(doc: Doc, info: DocumentInfo, identification: readonly string[], extra: string): void {
  const alt = (s: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(s)}</rdf:li></rdf:Alt>`;
  const fields = [
    `<xmp:CreateDate>${xmpDate(info.date)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate(info.date)}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${xmpDate(info.date)}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${CREATOR}</xmp:CreatorTool>`,
    `<pdf:Producer>${PRODUCER}</pdf:Producer>`,
    info.keywords ? `<pdf:Keywords>${xmlEscape(info.keywords)}</pdf:Keywords>` : '',
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${alt(info.title)}</dc:title>`,
    info.author ? `<dc:creator><rdf:Seq><rdf:li>${xmlEscape(info.author)}</rdf:li></rdf:Seq></dc:creator>` : '',
    info.subject ? `<dc:description>${alt(info.subject)}</dc:description>` : '',
    `<dc:language><rdf:Bag><rdf:li>${LANG}</rdf:li></rdf:Bag></dc:language>`,
    ...identification,
  ];
  doc._addInfo = () => {
    doc.appendXML(`<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
${fields.filter(Boolean).join('\n')}
</rdf:Description>`);
    if (extra) doc.appendXML(extra);
  };
}

/**
 * A PDF name as an Info value. pdfkit writes every Info value as a string; an object that it
 * takes for a reference is written as it prints itself, here `/False`.
 */
function pdfName(doc: Doc, name: string): object {
  const value = Object.create(Object.getPrototypeOf(doc._root)) as { toString(): string };
  value.toString = () => `/${name}`;
  return value;
}

/** A face as embedded in the document, under its resource name. */
interface PdfFont {
  id: string;
  embedded: EmbeddedFace;
  /** The text each glyph's code maps to in the ToUnicode map (the first text it was set for). */
  texts: ReadonlyMap<number, UsedGlyph>;
}

type Doc = PDFKit.PDFDocument & {
  _root: { data: Record<string, unknown> };
  appendXML(xml: string): void;
  _addInfo(): void;
  page: PDFKit.PDFPage & { fonts: Record<string, unknown>; ext_gstates: Record<string, unknown>; dictionary: { data: Record<string, unknown> } };
  ref(data: object): { end(): void; write(data: Buffer): void };
};

const fmt = (n: number) => (Math.round(n * 1000) / 1000).toString();
const cmykOp = (c: Cmyk, op: 'k' | 'K') => `${c.map(fmt).join(' ')} ${op}`;
const isPureBlack = (c: Cmyk) => c[0] === 0 && c[1] === 0 && c[2] === 0 && c[3] === 1;

const LANG = 'zh-CN';
const CREATOR = 'paiban';
const PRODUCER = 'paiban (pdfkit)';

/** Writes the pages to `file` atomically: the PDF is made in memory, and a failed run leaves no file behind. */
export async function writePdf(pages: readonly PageFrame[], info: DocumentInfo, file: string, print: PrintSettings, options: PdfOptions = {}): Promise<void> {
  const standard = options.standard ?? 'pdfx';
  const doc = new PDFDocument({
    autoFirstPage: false,
    // PDF/X-1a:2001 is PDF 1.3; PDF/X-4 is PDF 1.6 and carries XMP metadata; PDF/A-2 is PDF 1.7.
    pdfVersion: standard === 'pdfa' ? '1.7' : print.pdfx === 'x4' ? '1.6' : print.pdfx === 'x1a' ? '1.3' : '1.4',
    lang: LANG,
    info: {
      Title: info.title,
      Author: info.author,
      Subject: info.subject,
      Keywords: info.keywords,
      Creator: CREATOR,
      Producer: PRODUCER,
      CreationDate: info.date,
      ModDate: info.date,
    },
  }) as unknown as Doc;
  // PDF 1.3 (PDF/X-1a:2001) has no XMP; every later version gets ours.
  if (standard === 'pdfa') documentMetadata(doc, info, ['<pdfaid:part>2</pdfaid:part>', '<pdfaid:conformance>U</pdfaid:conformance>'], options.xmp ?? '');
  else if (print.pdfx === 'x4') documentMetadata(doc, info, [`<pdfxid:GTS_PDFXVersion>${PDFX_VERSION.x4}</pdfxid:GTS_PDFXVersion>`, '<pdf:Trapped>False</pdf:Trapped>'], options.xmp ?? '');
  else if (print.pdfx === 'none') documentMetadata(doc, info, [], options.xmp ?? '');
  const chunks: Buffer[] = [];
  const done = new Promise<void>((ok, fail) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', ok);
    doc.on('error', fail);
  });
  await prepareSubsetter();
  const fonts = embedFonts(doc, pages);
  for (const [i, page] of pages.entries()) {
    await writePage(doc, page, fonts, print);
    const bookmark = options.outline?.[i];
    if (bookmark) {
      const item = doc.outline.addItem(bookmark.title);
      for (const title of bookmark.articles) item.addItem(title);
    }
  }
  outputIntent(doc, print, standard);
  doc.end();
  await done;
  try {
    writeFileAtomically(file, Buffer.concat(chunks));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code) throw e;
    throw new InputError([{ severity: 'error', message: `cannot write ${file} (${code})`, file }]);
  }
}

async function writePage(doc: Doc, page: PageFrame, fonts: Map<OpenTypeFont, PdfFont>, print: PrintSettings): Promise<void> {
  const marks = print.marks;
  // The media box holds the trim, the bleed around it and, with marks, a slug for them.
  const b = page.bleed + (marks ? SLUG : 0);
  doc.addPage({ size: [page.width + 2 * b, page.height + 2 * b], margin: 0 });
  const H = page.height + 2 * b;
  const dict = doc.page.dictionary.data;
  dict.TrimBox = [b, b, b + page.width, b + page.height];
  const bleed = page.bleed;
  dict.BleedBox = [b - bleed, b - bleed, b + page.width + bleed, b + page.height + bleed];
  // Black overprints (text, rules); everything else knocks out.
  doc.page.ext_gstates.GOP = doc.ref({ Type: 'ExtGState', OP: true, op: true, OPM: 1 });
  doc.page.ext_gstates.GKO = doc.ref({ Type: 'ExtGState', OP: false, op: false });
  for (const v of Object.values(doc.page.ext_gstates)) (v as { end(): void }).end();

  const ops: string[] = [];
  let overprint: boolean | undefined;
  const setOverprint = (on: boolean) => {
    if (on !== overprint) ops.push(on ? '/GOP gs' : '/GKO gs');
    overprint = on;
  };
  const flush = () => {
    if (ops.length) doc.addContent(`q 1 0 0 -1 0 ${fmt(H)} cm\n${ops.join('\n')}\nQ`);
    ops.length = 0;
    overprint = undefined;
  };
  // Page coordinates have y down from the trim's top-left; PDF's have y up from the media box's bottom-left.
  const px = (x: number) => fmt(x + b);
  const py = (y: number) => fmt(H - (y + b));

  for (const item of page.items) {
    switch (item.kind) {
      case 'text':
        setOverprint(isPureBlack(item.color));
        ops.push(textOps(doc, item, fonts, px, py));
        break;
      case 'rect': {
        const r = item.rect;
        const path = `${px(r.x)} ${py(r.y + r.height)} ${fmt(r.width)} ${fmt(r.height)} re`;
        if (item.fill) {
          setOverprint(false);
          ops.push(`${cmykOp(item.fill, 'k')} ${path} f`);
        }
        if (item.stroke) {
          setOverprint(isPureBlack(item.stroke));
          ops.push(`${cmykOp(item.stroke, 'K')} ${fmt(item.lineWidth ?? 0.5)} w ${path} S`);
        }
        break;
      }
      case 'rule':
        setOverprint(isPureBlack(item.color));
        ops.push(`${cmykOp(item.color, 'K')} ${fmt(item.lineWidth)} w 0 J ${px(item.x1)} ${py(item.y1)} m ${px(item.x2)} ${py(item.y2)} l S`);
        break;
      case 'picture':
        if (item.file) {
          flush();
          await drawPicture(doc, item, b, print);
        } else {
          setOverprint(false);
          ops.push(placeholderOps(item, px, py));
        }
        break;
    }
  }
  if (marks) ops.push(printersMarks(page, registrationColour(doc), px, py));
  flush();
}

/** Width of the slug outside the bleed that holds the printer's marks. */
const SLUG = (12 / 25.4) * 72;
/**
 * The registration colour: the Separation named All, which prints on every plate. Drawn in it,
 * marks are not mistaken for 400 % of ink by preflight.
 */
function registrationColour(doc: Doc): string {
  const tint = doc.ref({ FunctionType: 2, Domain: [0, 1], C0: [0, 0, 0, 0], C1: [1, 1, 1, 1], N: 1 });
  tint.end();
  (doc.page as unknown as { colorSpaces: Record<string, unknown> }).colorSpaces.CSAll = ['Separation', 'All', 'DeviceCMYK', tint];
  return '/CSAll CS 1 SCN';
}

/** Crop marks at the corners of the trim and registration targets at the middle of each side, outside the bleed. */
function printersMarks(page: PageFrame, registration: string, px: (x: number) => string, py: (y: number) => string): string {
  const { width: w, height: h, bleed } = page;
  const gap = bleed + 3;
  const len = 20;
  const out: string[] = [`/GKO gs ${registration} 0.25 w`];
  for (const [x, sx] of [[0, -1], [w, 1]] as const) {
    for (const [y, sy] of [[0, -1], [h, 1]] as const) {
      out.push(`${px(x + sx * gap)} ${py(y)} m ${px(x + sx * (gap + len))} ${py(y)} l S`);
      out.push(`${px(x)} ${py(y + sy * gap)} m ${px(x)} ${py(y + sy * (gap + len))} l S`);
    }
  }
  const target = (cx: number, cy: number) => {
    const r = 5;
    const k = 0.5523 * r;
    const [x, y] = [Number(px(cx)), Number(py(cy))];
    out.push(`${fmt(x - 2 * r)} ${fmt(y)} m ${fmt(x + 2 * r)} ${fmt(y)} l ${fmt(x)} ${fmt(y - 2 * r)} m ${fmt(x)} ${fmt(y + 2 * r)} l S`);
    out.push(`${fmt(x + r)} ${fmt(y)} m ${fmt(x + r)} ${fmt(y + k)} ${fmt(x + k)} ${fmt(y + r)} ${fmt(x)} ${fmt(y + r)} c ${fmt(x - k)} ${fmt(y + r)} ${fmt(x - r)} ${fmt(y + k)} ${fmt(x - r)} ${fmt(y)} c ${fmt(x - r)} ${fmt(y - k)} ${fmt(x - k)} ${fmt(y - r)} ${fmt(x)} ${fmt(y - r)} c ${fmt(x + k)} ${fmt(y - r)} ${fmt(x + r)} ${fmt(y - k)} ${fmt(x + r)} ${fmt(y)} c S`);
  };
  const off = gap + len / 2;
  target(w / 2, -off);
  target(w / 2, h + off);
  target(-off, h / 2);
  target(w + off, h / 2);
  return out.join('\n');
}

/** An empty picture frame: light tint, outline and diagonals, the usual mark of a slot awaiting its photo. */
function placeholderOps(item: PictureShape, px: (x: number) => string, py: (y: number) => string): string {
  const r = item.rect;
  const [x0, y0, x1, y1] = [px(r.x), py(r.y + r.height), px(r.x + r.width), py(r.y)];
  return [
    `0 0 0 0.12 k ${x0} ${y0} ${fmt(r.width)} ${fmt(r.height)} re f`,
    `0 0 0 0.45 K 0.5 w ${x0} ${y0} ${fmt(r.width)} ${fmt(r.height)} re S`,
    `${x0} ${y0} m ${x1} ${y1} l ${x0} ${y1} m ${x1} ${y0} l S`,
  ].join('\n');
}

/** `offset`: from the trim's corner to the media box's (bleed, and the slug when there are marks). */
async function drawPicture(doc: Doc, item: PictureShape, offset: number, print: PrintSettings): Promise<void> {
  const r = item.rect;
  const data = await pictureData(item.file!, r.width, r.height, item.focus, { profile: print.profile, grayAsBlack: print.grayPhotosBlack });
  doc.image(data, r.x + offset, r.y + offset, { width: r.width, height: r.height });
}

/**
 * One embedded font per font file used in the document, holding only the glyphs the pages
 * use (cut by hb-subset), with each glyph's width and text.
 */
function embedFonts(doc: Doc, pages: readonly PageFrame[]): Map<OpenTypeFont, PdfFont> {
  const used = new Map<OpenTypeFont, { face: Face; glyphs: Map<number, UsedGlyph> }>();
  for (const page of pages) {
    for (const item of page.items) {
      if (item.kind !== 'text') continue;
      const entry = used.get(item.face.font) ?? { face: item.face, glyphs: new Map<number, UsedGlyph>() };
      for (const g of item.glyphs) if (!entry.glyphs.has(g.id)) entry.glyphs.set(g.id, { advance: g.advance, text: g.text });
      used.set(item.face.font, entry);
    }
  }
  const fonts = new Map<OpenTypeFont, PdfFont>();
  for (const [font, { face, glyphs }] of used) {
    const subset = subsetFace(face, glyphs.keys());
    if (!subset) throw new InputError([{ severity: 'error', message: `font ${face.file} cannot be cut down for embedding`, file: face.file }]);
    const id = `F${fonts.size + 1}`;
    fonts.set(font, { id, embedded: embedFace(doc as unknown as ObjectWriter, face, subset, glyphs, subsetTag(face, glyphs)), texts: glyphs });
  }
  return fonts;
}

/** The six capital letters that name a subset, the same for the same glyphs of the same face. */
function subsetTag(face: Face, glyphs: ReadonlyMap<number, UsedGlyph>): string {
  const digest = createHash('md5').update(face.postscriptName).update([...glyphs.keys()].sort((a, b) => a - b).join(',')).digest();
  return [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
}

/**
 * One run as `BT … TJ ET`: the glyphs' codes, with offsets that put each glyph where composition
 * placed it. A glyph that stands for other text than its code maps to (a compatibility ideograph
 * drawn like its unified twin, say) is shown inside a span carrying its own ActualText, so that
 * the text still extracts exactly as typed.
 */
function textOps(doc: Doc, run: GlyphRun, fonts: Map<OpenTypeFont, PdfFont>, px: (x: number) => string, py: (y: number) => string): string {
  const font = fonts.get(run.face.font)!;
  doc.page.fonts[font.id] ??= font.embedded.font;
  const em = run.size * run.hScale;
  const shows: string[] = [];
  let parts: string[] = [];
  let hex = '';
  const endShow = (actualText?: string) => {
    if (hex) parts.push(`<${hex}>`);
    hex = '';
    if (!parts.length) return;
    const show = `[${parts.join(' ')}] TJ`;
    shows.push(actualText === undefined ? show : `/Span <</ActualText <FEFF${utf16Hex(actualText)}>>> BDC ${show} EMC`);
    parts = [];
  };
  let pen = run.glyphs[0]?.x ?? 0;
  for (const g of run.glyphs) {
    const own = font.texts.get(g.id)?.text === g.text;
    if (!own) endShow();
    const adjust = ((pen - g.x) / em) * 1000;
    if (Math.abs(adjust) > 0.05) {
      if (hex) parts.push(`<${hex}>`);
      hex = '';
      parts.push(fmt(adjust));
    }
    hex += font.embedded.code(g.id).toString(16).padStart(4, '0');
    pen = g.x + (pdfWidth(g.advance) / 1000) * em;
    if (!own) endShow(g.text);
  }
  endShow();
  const first = run.glyphs[0]?.x ?? 0;
  const scale = run.hScale !== 1 ? ` ${fmt(run.hScale * 100)} Tz` : '';
  return `${cmykOp(run.color, 'k')} BT /${font.id} ${fmt(run.size)} Tf${scale} 1 0 0 1 ${px(first)} ${py(run.baseline)} Tm ${shows.join(' ')} ET`;
}

