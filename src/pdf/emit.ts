/**
 * Stage 6: writing the page model as PDF, object by object (pdf-writer.ts). Fonts are embedded
 * cut down to the glyphs used (fonts/subset.ts, font-embed.ts), and every glyph is placed by our
 * own TJ operators.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import type { SubsetStore } from '../fonts/subset.js';
import { fileStamp, writeFileAtomically } from '../files.js';
import { basename } from 'node:path';
import { isEmoji } from '../chars/char-class.js';
import { FontLoadError, type Face } from '../fonts/font-set.js';
import type { OpenTypeFont } from '../fonts/opentype.js';
import type { Cmyk, PrintSettings } from '../layout/model.js';
import { drawing, lineText, type GlyphRun, type PageModel, type Photo, type RunGlyph, type TextLine } from '../place/page-model.js';
import { pictureData } from './picture.js';
import { embedArtwork, fitInside } from './artwork.js';
import { subsetFace, type FaceSubset, type NumberedSubset } from '../fonts/subset.js';
import { embedFace, pdfWidth, type EmbeddedFace, type UprightGlyph, type UsedGlyph } from './font-embed.js';
import { PdfText, PdfWriter, textString, type PdfDict, type PdfRef, type PdfValue } from './pdf-writer.js';
import { InputError } from '../diagnostics.js';
import { classOf, isCjk } from '../chars/char-class.js';
import { xmlEscape } from '../xml.js';
import { IdentityNumbers } from '../identity.js';
import { mm } from '../units.js';

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
 * The OutputIntents: the embedded CMYK profile of the printing condition, under GTS_PDFX for
 * PDF/X or GTS_PDFA1 for PDF/A (whose device colours need a destination profile too).
 */
function outputIntents(pdf: PdfWriter, print: PrintSettings, standard: PdfStandard, written: WrittenPages): PdfValue[] | undefined {
  if (standard === 'pdfx' && print.pdfx === 'none') return undefined;
  // Compressed once while the profile's file keeps its stamp.
  const key = `${print.profile}|${fileStamp(print.profile)}`;
  const data = written.carry((g) => g.profiles, key) ?? written.keep((g) => g.profiles, key, deflateSync(readFileSync(print.profile)));
  const profile = pdf.stream({ N: 4, Alternate: 'DeviceCMYK', Filter: 'FlateDecode' }, data);
  const condition = new PdfText(print.conditionName || basename(print.profile));
  return [{
    Type: 'OutputIntent',
    S: standard === 'pdfa' ? 'GTS_PDFA1' : 'GTS_PDFX',
    OutputConditionIdentifier: new PdfText(print.condition || 'Custom'),
    OutputCondition: condition,
    RegistryName: new PdfText('http://www.color.org'),
    Info: condition,
    DestOutputProfile: profile,
  }];
}

/** The Info dictionary, with, for PDF/X, GTS_PDFXVersion (and, for X-1a, GTS_PDFXConformance) and Trapped /False. */
function infoDictionary(info: DocumentInfo, print: PrintSettings, standard: PdfStandard): PdfDict {
  const text = (s: string | undefined) => (s === undefined ? undefined : new PdfText(s));
  const pdfx = standard === 'pdfx' && print.pdfx !== 'none' ? PDFX_VERSION[print.pdfx] : undefined;
  return {
    Title: text(info.title),
    Author: text(info.author),
    Subject: text(info.subject),
    Keywords: text(info.keywords),
    Creator: text(CREATOR),
    Producer: text(PRODUCER),
    CreationDate: info.date,
    ModDate: info.date,
    GTS_PDFXVersion: text(pdfx),
    GTS_PDFXConformance: text(print.pdfx === 'x1a' ? pdfx : undefined),
    Trapped: pdfx ? 'False' : undefined,
  };
}

const xmpDate = (d: Date) => `${d.toISOString().split('.')[0]}Z`;

/**
 * The standard's identification in XMP. PDF 1.3 (PDF/X-1a:2001) has no XMP: undefined; every
 * later version gets metadata.
 */
function xmpIdentification(print: PrintSettings, standard: PdfStandard): readonly string[] | undefined {
  if (standard === 'pdfa') return ['<pdfaid:part>2</pdfaid:part>', '<pdfaid:conformance>U</pdfaid:conformance>'];
  if (print.pdfx === 'x4') return [`<pdfxid:GTS_PDFXVersion>${PDFX_VERSION.x4}</pdfxid:GTS_PDFXVersion>`, '<pdf:Trapped>False</pdf:Trapped>'];
  return print.pdfx === 'none' ? [] : undefined;
}

/**
 * The XMP metadata packet: every Info entry's XMP equivalent (PDF/A and PDF/X-4 require them
 * to agree), the standard's identification and the caller's description.
 */
function xmpPacket(info: DocumentInfo, identification: readonly string[], extra: string): string {
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
  return [
    // The packet wrapper's id is XMP's fixed one; the byte order mark in `begin` tells readers the encoding.
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
${fields.filter(Boolean).join('\n')}
</rdf:Description>`,
    extra,
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].filter(Boolean).join('\n');
}

/** One bookmark: a page, or an article under its page. */
interface OutlineItem {
  title: string;
  page: PdfRef;
  items: readonly OutlineItem[];
}

/** The outline's items under `parent`, each showing its whole page; the entries that name the first and last. */
function writeOutlineItems(pdf: PdfWriter, parent: PdfRef, items: readonly OutlineItem[]): PdfDict {
  const refs = items.map(() => pdf.reserve());
  for (const [i, item] of items.entries()) {
    pdf.object({
      Title: new PdfText(item.title),
      Parent: parent,
      Prev: refs[i - 1],
      Next: refs[i + 1],
      Dest: [item.page, 'Fit'],
      ...writeOutlineItems(pdf, refs[i], item.items),
      // Closed: a page's articles show when it is opened.
      Count: item.items.length ? -item.items.length : undefined,
    }, refs[i]);
  }
  return items.length ? { First: refs[0], Last: refs[refs.length - 1] } : {};
}

/** The catalog's outline entries: a bookmark per page and, under it, one per article; shown when the file opens. */
function outline(pdf: PdfWriter, pages: readonly PdfRef[], bookmarks: readonly PageBookmark[] = []): PdfDict {
  const items = pages.flatMap((page, i) => {
    const b = bookmarks[i];
    return b ? [{ title: b.title, page, items: b.articles.map((title) => ({ title, page, items: [] })) }] : [];
  });
  if (!items.length) return {};
  const root = pdf.reserve();
  pdf.object({ Type: 'Outlines', ...writeOutlineItems(pdf, root, items), Count: items.length }, root);
  return { Outlines: root, PageMode: 'UseOutlines' };
}

/** A face as embedded in the document, under its resource name. */
interface PdfFont {
  id: string;
  subset: NumberedSubset;
  embedded: EmbeddedFace;
  /** The text each glyph's code maps to in the ToUnicode map (the first text it was set for). */
  texts: ReadonlyMap<number, UsedGlyph>;
}

/** Resources every page names, written once in the document. */
interface SharedResources {
  extGStates: PdfDict;
  /** The registration colour, when there are printer's marks. */
  colorSpaces?: PdfDict;
  /** Photos embedded so far, by file and placed size: a photo placed alike on many pages is in the file once. */
  pictures: Map<string, Promise<PdfRef>>;
}

function sharedResources(pdf: PdfWriter, print: PrintSettings): SharedResources {
  // Black overprints (text, rules); everything else knocks out.
  const extGStates = {
    GOP: pdf.object({ Type: 'ExtGState', OP: true, op: true, OPM: 1 }),
    GKO: pdf.object({ Type: 'ExtGState', OP: false, op: false }),
  };
  if (!print.marks) return { extGStates, pictures: new Map() };
  // The registration colour: the Separation named All, which prints on every plate. Drawn in
  // it, marks are not mistaken for 400 % of ink by preflight.
  const tint = pdf.object({ FunctionType: 2, Domain: [0, 1], C0: [0, 0, 0, 0], C1: [1, 1, 1, 1], N: 1 });
  return { extGStates, colorSpaces: { CSAll: ['Separation', 'All', 'DeviceCMYK', tint] }, pictures: new Map() };
}

/** Strokes in the registration colour, at full tint. */
const REGISTRATION = '/CSAll CS 1 SCN';

const fmt = (n: number) => (Math.round(n * 1000) / 1000).toString();
const cmykOp = (c: Cmyk, op: 'k' | 'K') => `${c.map(fmt).join(' ')} ${op}`;
const isPureBlack = (c: Cmyk) => c[0] === 0 && c[1] === 0 && c[2] === 0 && c[3] === 1;

const LANG = 'zh-CN';
const CREATOR = 'paiban';
const PRODUCER = 'paiban';

/** A font a page shows, in one writing mode: its resource is named after the font's, with a V for vertical writing. */
interface ShownFont {
  font: OpenTypeFont;
  vertical: boolean;
}

/** The page resource of a font in a writing mode: its name and its font dictionary. */
function fontResource(font: PdfFont, vertical: boolean): [string, PdfRef] {
  return vertical ? [`${font.id}V`, font.embedded.verticalFont!] : [font.id, font.embedded.font];
}

/** What a page draws with each font: its glyphs (the first text each stands for), and the glyphs it shows for more than one text. */
interface PageFonts {
  used: Map<OpenTypeFont, { face: Face; glyphs: Map<number, UsedGlyph>; several: Set<number>; upright: Map<number, UprightGlyph> }>;
}

/**
 * What a build context keeps of what the last build wrote, for the next (context.ts). Only
 * what the last build used is kept, so that memory follows the edition and not the number of
 * rebuilds:
 *
 * - each page's glyphs by font, by page model (the same object for a page that did not change,
 *   place/page.ts);
 * - each page's compressed content stream, under a key of the page model's identity, the print
 *   settings, and for every font it shows: its resource name, the identity of its subset (the
 *   glyph codes) and the text the document's ToUnicode map gives each glyph the page shows
 *   for another text than that;
 * - each font subset, by font file (and stamp) and the glyphs cut;
 * - each PDF written of a single page (a PDF per page): the page model, a key of everything
 *   else it was written from, and the file's stamp once written, so that a file whose page and
 *   settings did not change, and that is on disk as written, is not written again.
 */
export class WrittenPages {
  private generation = new Generation();
  private last = new Generation();
  private readonly identities = new IdentityNumbers();

  id(o: object): number {
    return this.identities.of(o);
  }

  /** Starts a build: what it does not use again is dropped when it ends. */
  begin(): void {
    this.generation = new Generation();
  }

  /** Ends a build: what it used is kept for the next. */
  finish(): void {
    // A build that wrote nothing (it stopped at an error) leaves the last build's work as it was.
    if (this.generation.used) this.last = this.generation;
    this.generation = new Generation();
  }

  carry<K, V>(pick: (g: Generation) => Map<K, V>, key: K): V | undefined {
    const value = pick(this.generation).get(key) ?? pick(this.last).get(key);
    if (value !== undefined) this.keep(pick, key, value);
    return value;
  }

  keep<K, V>(pick: (g: Generation) => Map<K, V>, key: K, value: V): V {
    this.generation.used = true;
    pick(this.generation).set(key, value);
    return value;
  }

  /** Whether `file` holds `page` as written with `key` by the last build, and is on disk as it was written. */
  unchangedFile(file: string, page: PageModel, key: string): boolean {
    const was = this.carry((g) => g.files, file);
    return !!was && was.page === page && was.key === key && fileStamp(file) === was.stamp;
  }

  wroteFile(file: string, page: PageModel, key: string): void {
    this.keep((g) => g.files, file, { page, key, stamp: fileStamp(file) });
  }
}

class Generation {
  used = false;
  readonly pageFonts = new Map<string, PageFonts>();
  readonly contents = new Map<string, { data: Buffer; fonts: ShownFont[] }>();
  readonly subsets = new Map<string, FaceSubset>();
  readonly files = new Map<string, { page: PageModel; key: string; stamp: string }>();
  readonly profiles = new Map<string, Buffer>();
}

/** What writing needs of a build context: the subsetter, and what it keeps of the last build's writing (none: nothing kept). */
export interface WriteStore extends SubsetStore {
  readonly written?: WrittenPages;
}

/** Writes the pages to `file` atomically: the PDF is made in memory, and a failed run leaves no file behind. */
export async function writePdf(context: WriteStore, pages: readonly PageModel[], info: DocumentInfo, file: string, print: PrintSettings, options: PdfOptions = {}): Promise<void> {
  const standard = options.standard ?? 'pdfx';
  // PDF/X-1a:2001 is PDF 1.3; PDF/X-4 is PDF 1.6 and carries XMP metadata; PDF/A-2 is PDF 1.7.
  const pdf = new PdfWriter(standard === 'pdfa' ? '1.7' : print.pdfx === 'x4' ? '1.6' : print.pdfx === 'x1a' ? '1.3' : '1.4');
  const pageTree = pdf.reserve();
  const shared = sharedResources(pdf, print);
  const written = context.written ?? new WrittenPages();
  const usage = pages.map((page) => pageFonts(written, page, print.marks));
  const fonts = embedFonts(context, written, pdf, usage);
  const pageRefs: PdfRef[] = [];
  for (const [i, page] of pages.entries()) pageRefs.push(await writePage(pdf, pageTree, page, fonts, shared, print, written, usage[i]));
  pdf.object({ Type: 'Pages', Kids: pageRefs, Count: pageRefs.length }, pageTree);
  const identification = xmpIdentification(print, standard);
  const catalog = pdf.object({
    Type: 'Catalog',
    Pages: pageTree,
    Lang: new PdfText(LANG),
    OutputIntents: outputIntents(pdf, print, standard, written),
    // Readable without decompressing, as PDF/A asks of metadata.
    Metadata: identification ? pdf.stream({ Type: 'Metadata', Subtype: 'XML' }, xmpPacket(info, identification, options.xmp ?? '')) : undefined,
    ...outline(pdf, pageRefs, options.outline),
    // Each page labelled with its number (版次), so that a page file says which page it is (paiban diff matches pages by it).
    PageLabels: { Nums: pages.flatMap((page, i) => [i, { S: 'D', St: page.number }]) },
  });
  const bytes = pdf.end(catalog, pdf.object(infoDictionary(info, print, standard)));
  try {
    writeFileAtomically(file, bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code) throw e;
    throw new InputError([{ severity: 'error', message: `cannot write ${file} (${code})`, file }]);
  }
}

/**
 * The key of a page's content stream: the page model's identity, the print settings, and for
 * every font the page shows, its resource name, its numbered subset (the codes) and the text the
 * document's ToUnicode map gives each glyph the page shows for other text too (textOps).
 */
function contentKey(written: WrittenPages, page: PageModel, usage: PageFonts, fonts: Map<OpenTypeFont, PdfFont>, print: PrintSettings): string {
  const perFont = [...usage.used].map(([font, { glyphs, several }]) => {
    const f = fonts.get(font)!;
    const texts = [...glyphs].filter(([id, g]) => several.has(id) || f.texts.get(id)?.text !== g.text).map(([id]) => [id, f.texts.get(id)?.text]);
    return [f.id, written.id(f.subset), texts];
  });
  return JSON.stringify([written.id(page), print, perFont]);
}

async function writePage(pdf: PdfWriter, pageTree: PdfRef, page: PageModel, fonts: Map<OpenTypeFont, PdfFont>, shared: SharedResources, print: PrintSettings, written: WrittenPages, usage: PageFonts): Promise<PdfRef> {
  const marks = print.marks;
  // The media box holds the trim, the bleed around it and, with marks, a slug for them.
  const b = page.bleed + (marks ? SLUG : 0);
  const H = page.height + 2 * b;
  const pageFonts: Record<string, PdfRef> = {};
  const images: Record<string, PdfRef> = {};
  const bleed = page.bleed;
  const unlessEmpty = (dict: PdfDict) => (Object.keys(dict).length ? dict : undefined);
  const pageObject = (contents: PdfRef) =>
    pdf.object({
      Type: 'Page',
      Parent: pageTree,
      MediaBox: [0, 0, page.width + 2 * b, H],
      TrimBox: [b, b, b + page.width, b + page.height],
      BleedBox: [b - bleed, b - bleed, b + page.width + bleed, b + page.height + bleed],
      Resources: { Font: unlessEmpty(pageFonts), ExtGState: shared.extGStates, ColorSpace: shared.colorSpaces, XObject: unlessEmpty(images) },
      Contents: contents,
    });
  // A page with photos, advertisements or a logo embeds them as it is drawn: its content is made each time.
  const photos = page.articles.some((a) => a.photos.some((p) => p.file)) || page.ads.length > 0 || page.furniture.some((f) => f.art?.length);
  const key = photos ? undefined : contentKey(written, page, usage, fonts, print);
  const kept = key === undefined ? undefined : written.carry((g) => g.contents, key);
  if (kept) {
    for (const { font, vertical } of kept.fonts) {
      const [name, ref] = fontResource(fonts.get(font)!, vertical);
      pageFonts[name] = ref;
    }
    return pageObject(pdf.stream({ Filter: 'FlateDecode' }, kept.data));
  }
  const shownFonts: ShownFont[] = [];

  const content: string[] = [];
  const ops: string[] = [];
  let overprint: boolean | undefined;
  const setOverprint = (on: boolean) => {
    if (on !== overprint) ops.push(on ? '/GOP gs' : '/GKO gs');
    overprint = on;
  };
  const flush = () => {
    if (ops.length) content.push(`q\n${ops.join('\n')}\nQ`);
    ops.length = 0;
    overprint = undefined;
  };
  // Page coordinates have y down from the trim's top-left; PDF's have y up from the media box's bottom-left.
  const px = (x: number) => fmt(x + b);
  const py = (y: number) => fmt(H - (y + b));

  // A column of vertical text is one span whose ActualText is its text, so that readers that
  // group glyphs by position (poppler) extract its upright, turned and 纵中横 pieces in order.
  let span: TextLine | undefined;
  const closeSpan = () => {
    if (span) ops.push('EMC');
    span = undefined;
  };
  for (const item of drawing(page, marks)) {
    if (item.kind !== 'text' || item.line !== span) closeSpan();
    switch (item.kind) {
      case 'text': {
        if (item.line.direction === 'vertical' && item.line !== span) {
          span = item.line;
          ops.push(`/Span <</ActualText ${textString(lineText(span))}>> BDC`);
        }
        const run = item.run;
        setOverprint(isPureBlack(run.color));
        const font = fonts.get(run.face.font)!;
        const vertical = run.orientation === 'upright';
        const [name, ref] = fontResource(font, vertical);
        if (!pageFonts[name]) shownFonts.push({ font: run.face.font, vertical });
        pageFonts[name] ??= ref;
        ops.push(textOps(run, font, name, px, py));
        break;
      }
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
      case 'picture': {
        const photo = item.photo;
        if (photo.file) {
          flush();
          const id = `Im${Object.keys(images).length + 1}`;
          images[id] = await embedPicture(pdf, photo, print, shared.pictures);
          const r = photo.rect;
          content.push(`q ${fmt(r.width)} 0 0 ${fmt(r.height)} ${px(r.x)} ${py(r.y + r.height)} cm /${id} Do Q`);
        } else {
          setOverprint(false);
          ops.push(placeholderOps(photo, px, py));
        }
        break;
      }
      case 'artwork': {
        flush();
        const id = `Im${Object.keys(images).length + 1}`;
        const art = await embedArtwork(pdf, item.art, { profile: print.profile, grayAsBlack: print.grayPhotosBlack });
        images[id] = art.ref;
        const [x0, y0, x1, y1] = art.box;
        const r = fitInside(item.art.rect, x1 - x0, y1 - y0);
        // A form is drawn from its own box, an image from the unit square, onto the rectangle fitted whole inside the slot.
        const [sx, sy] = art.kind === 'form' ? [r.width / (x1 - x0), r.height / (y1 - y0)] : [r.width, r.height];
        const [tx, ty] = art.kind === 'form' ? [Number(px(r.x)) - sx * x0, Number(py(r.y + r.height)) - sy * y0] : [Number(px(r.x)), Number(py(r.y + r.height))];
        content.push(`q ${fmt(sx)} 0 0 ${fmt(sy)} ${fmt(tx)} ${fmt(ty)} cm /${id} Do Q`);
        break;
      }
    }
  }
  closeSpan();
  if (marks) ops.push(printersMarks(page, px, py));
  flush();

  const data = deflateSync(content.join('\n'));
  if (key !== undefined) written.keep((g) => g.contents, key, { data, fonts: shownFonts });
  return pageObject(pdf.stream({ Filter: 'FlateDecode' }, data));
}

/** Width of the slug outside the bleed that holds the printer's marks. */
const SLUG = mm(12);

/** Crop marks at the corners of the trim and registration targets at the middle of each side, outside the bleed. */
function printersMarks(page: PageModel, px: (x: number) => string, py: (y: number) => string): string {
  const { width: w, height: h, bleed } = page;
  const gap = bleed + 3;
  const len = 20;
  const out: string[] = [`/GKO gs ${REGISTRATION} 0.25 w`];
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
function placeholderOps(item: Photo, px: (x: number) => string, py: (y: number) => string): string {
  const r = item.rect;
  const [x0, y0, x1, y1] = [px(r.x), py(r.y + r.height), px(r.x + r.width), py(r.y)];
  return [
    `0 0 0 0.12 k ${x0} ${y0} ${fmt(r.width)} ${fmt(r.height)} re f`,
    `0 0 0 0.45 K 0.5 w ${x0} ${y0} ${fmt(r.width)} ${fmt(r.height)} re S`,
    `${x0} ${y0} m ${x1} ${y1} l ${x0} ${y1} m ${x1} ${y0} l S`,
  ].join('\n');
}

/** The photo as placed: cropped, resampled and converted for the press, as an image XObject. */
async function embedPicture(pdf: PdfWriter, item: Photo, print: PrintSettings, embedded: Map<string, Promise<PdfRef>>): Promise<PdfRef> {
  const r = item.rect;
  const key = JSON.stringify([item.file, r.width, r.height, item.focus, item.crop, item.scaling]);
  let ref = embedded.get(key);
  if (!ref) {
    ref = pictureData(item.file!, r.width, r.height, item, { profile: print.profile, grayAsBlack: print.grayPhotosBlack }).then((data) => pdf.jpegImage(data));
    embedded.set(key, ref);
  }
  return ref;
}

/** The glyphs a page draws with each font, in the order drawn (kept by page model: the same for a page that did not change). */
function pageFonts(written: WrittenPages, page: PageModel, marks: boolean): PageFonts {
  const key = `${written.id(page)}/${marks}`;
  const kept = written.carry((g) => g.pageFonts, key);
  if (kept) return kept;
  const used: PageFonts['used'] = new Map();
  for (const item of drawing(page, marks)) {
    if (item.kind !== 'text') continue;
    const { face, orientation } = item.run;
    const glyphs = drawnGlyphs(item.run);
    let entry = used.get(face.font);
    if (!entry) used.set(face.font, (entry = { face, glyphs: new Map<number, UsedGlyph>(), several: new Set<number>(), upright: new Map<number, UprightGlyph>() }));
    for (const g of glyphs) {
      // A glyph upright in vertical text advances down the column; the font's widths still give its horizontal advance.
      if (orientation === 'upright') entry.upright.set(g.id, { advance: g.advance, origin: face.verticalGlyph(g.id).origin });
      const had = entry.glyphs.get(g.id);
      if (!had) entry.glyphs.set(g.id, { advance: orientation === 'upright' ? face.advance(g.id) : g.advance, text: g.text, uses: 1 });
      else {
        had.uses++;
        if (had.text !== g.text) entry.several.add(g.id);
      }
    }
  }
  return written.keep((g) => g.pageFonts, key, { used });
}

/**
 * One embedded font per font file used in the document, holding only the glyphs the pages
 * use (fonts/subset.ts), with each glyph's width and text (the first text it is drawn for).
 */
function embedFonts(context: SubsetStore, written: WrittenPages, pdf: PdfWriter, pages: readonly PageFonts[]): Map<OpenTypeFont, PdfFont> {
  const used = new Map<OpenTypeFont, { face: Face; glyphs: Map<number, UsedGlyph>; upright: Map<number, UprightGlyph> }>();
  for (const page of pages) {
    for (const [font, { face, glyphs, upright }] of page.used) {
      let entry = used.get(font);
      if (!entry) used.set(font, (entry = { face, glyphs: new Map<number, UsedGlyph>(), upright: new Map<number, UprightGlyph>() }));
      for (const [id, g] of glyphs) {
        const had = entry.glyphs.get(id);
        // A copy: the pages' own counts are kept for the next build.
        if (!had) entry.glyphs.set(id, { ...g });
        else had.uses += g.uses;
      }
      for (const [id, v] of upright) entry.upright.set(id, v);
    }
  }
  const fonts = new Map<OpenTypeFont, PdfFont>();
  for (const [font, { face, glyphs, upright }] of used) {
    let subset: FaceSubset | null | undefined;
    // The same glyphs of the same font file as it was read: the subset cut for them last time.
    const key = `${face.file}#${face.collectionIndex}#${face.font.sfnt.stamp}#${[...glyphs.keys()].sort((a, b) => a - b).join(',')}`;
    subset = written.carry((g) => g.subsets, key);
    if (!subset) {
      try {
        subset = subsetFace(context, face, glyphs.keys());
      } catch (e) {
        if (!(e instanceof FontLoadError)) throw e;
        throw new InputError([{ severity: 'error', message: e.message, file: face.file }]);
      }
      if (!subset) throw new InputError([{ severity: 'error', message: `font ${face.file} cannot be cut down for embedding: neither paiban's cutter nor HarfBuzz reads its outlines (the file may be damaged)`, file: face.file }]);
      written.keep((g) => g.subsets, key, subset);
    }
    const id = `F${fonts.size + 1}`;
    const numbered = context.subsetter.numbered(subset, new Map([...glyphs].map(([glyph, g]) => [glyph, g.uses])));
    fonts.set(font, { id, subset: numbered, embedded: embedFace(context, pdf, face, numbered, glyphs, subsetTag(face, glyphs, numbered), upright), texts: glyphs });
  }
  return fonts;
}

/** The six capital letters that name a subset, the same for the same glyphs of the same face with the same codes. */
function subsetTag(face: Face, glyphs: ReadonlyMap<number, UsedGlyph>, numbered: NumberedSubset): string {
  const digest = createHash('md5').update(face.postscriptName).update([...glyphs.keys()].sort((a, b) => a - b).join(',')).update(numbered.codes.join(',')).digest();
  return [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
}

/**
 * An emoji sequence drawn as one glyph (👍🏽, 👨‍👩‍👧‍👦, 🏴󠁧󠁢󠁳󠁣󠁴󠁿): readers drop the invisible code points
 * of a ToUnicode text (pdf.js turns a flag's tags into a space), so it carries its own ActualText.
 */
const isEmojiSequence = (text: string) => text.length > (text.codePointAt(0)! > 0xffff ? 2 : 1) && isEmoji(text);

/**
 * The glyphs a run draws: its own and, before a glyph that starts a word after a space the copy
 * typed between two Chinese characters (记者 吕垚), or after the last of a line that broke at such
 * a space, the font's space glyph at the end of the one before, so that every reader of the page
 * gets the space back: none guesses one from a quarter em between Han characters.
 */
function drawnGlyphs(run: GlyphRun): readonly RunGlyph[] {
  const space = run.orientation ? null : run.face.glyph(0x20);
  if (!space) return run.glyphs;
  const chinese = (g: RunGlyph) => isCjk(classOf(g.text.codePointAt(0) ?? 0x20));
  let drawn: RunGlyph[] | undefined;
  run.glyphs.forEach((g, k) => {
    const before = run.glyphs[k - 1];
    if (before && g.wordStart && !g.inserted && chinese(before) && chinese(g)) {
      drawn ??= run.glyphs.slice(0, k);
      drawn.push({ id: space.id, x: before.x + before.advance * run.size * run.hScale, advance: space.advance, text: ' ' });
    }
    drawn?.push(g);
    if (g.spaceAfter) {
      drawn ??= run.glyphs.slice(0, k + 1);
      drawn.push({ id: space.id, x: g.x + g.advance * run.size * run.hScale, advance: space.advance, text: ' ' });
    }
  });
  return drawn ?? run.glyphs;
}

/** The ideographic space, drawn with the font's glyph for it, which readers take through ToUnicode for an ASCII space (pdf.js and poppler both). */
const IDEOGRAPHIC_SPACE = '\u3000';

/**
 * One run as `BT … TJ ET`: the glyphs' codes, with offsets that put each glyph where composition
 * placed it. A glyph that stands for other text than its code maps to (a compatibility ideograph
 * drawn like its unified twin, say), or a blank readers would take for an ASCII space (U+3000), is
 * shown inside a span carrying its own ActualText, so that the text still extracts exactly as typed. A run of vertical text is shown down its column:
 * upright in the font's vertical writing mode (Identity-V), which readers extract as vertical
 * text in order, or on its side through a text matrix turned 90° clockwise.
 */
function textOps(run: GlyphRun, font: PdfFont, resource: string, px: (x: number) => string, py: (y: number) => string): string {
  const em = run.size * run.hScale;
  const vertical = run.orientation !== undefined;
  // Where each glyph starts along the run: x across a line, y down a column.
  const along = (g: RunGlyph) => (vertical ? g.y! : g.x);
  const shows: string[] = [];
  let parts: string[] = [];
  let hex = '';
  const endShow = (actualText?: string) => {
    if (hex) parts.push(`<${hex}>`);
    hex = '';
    if (!parts.length) return;
    const show = `[${parts.join(' ')}] TJ`;
    shows.push(actualText === undefined ? show : `/Span <</ActualText ${textString(actualText)}>> BDC ${show} EMC`);
    parts = [];
  };
  const first = run.glyphs[0];
  let pen = first ? along(first) : 0;
  // The ActualText of the span open, if one is: a blank's span goes on over the glyph after it,
  // or readers put a space of their own there, after the blank they see.
  let span: string | undefined;
  for (const g of drawnGlyphs(run)) {
    // A hyphen composition set at a line end is not in the copy: it extracts as nothing.
    const actual = g.inserted ? '' : g.text;
    const blank = !g.inserted && g.text === IDEOGRAPHIC_SPACE;
    const own = !g.inserted && font.texts.get(g.id)?.text === g.text && !blank && !isEmojiSequence(g.text);
    if (!own && span === undefined) {
      endShow();
      span = '';
    }
    if (span !== undefined) span += actual;
    // In vertical writing mode a positive offset moves the next glyph down; across a line, back.
    const adjust = ((run.orientation === 'upright' ? along(g) - pen : pen - along(g)) / em) * 1000;
    if (Math.abs(adjust) > 0.05) {
      if (hex) parts.push(`<${hex}>`);
      hex = '';
      parts.push(fmt(adjust));
    }
    hex += font.embedded.code(g.id).toString(16).padStart(4, '0');
    pen = along(g) + (pdfWidth(g.advance) / 1000) * em;
    if (span !== undefined && !blank) {
      endShow(span);
      span = undefined;
    }
  }
  endShow(span);
  const scale = run.hScale !== 1 ? ` ${fmt(run.hScale * 100)} Tz` : '';
  // Upright: the text position is the glyph's vertical origin, on the column's axis; sideways: the baseline turned clockwise.
  const matrix = !first
    ? `1 0 0 1 0 0`
    : run.orientation === 'upright'
      ? `1 0 0 1 ${px(run.baseline)} ${py(first.y!)}`
      : run.orientation === 'sideways'
        ? `0 -1 1 0 ${px(run.baseline)} ${py(first.y!)}`
        : `1 0 0 1 ${px(first.x)} ${py(run.baseline)}`;
  const rise = run.rise ? ` ${fmt(run.rise)} Ts` : '';
  // Synthetic bold: each glyph filled and stroked in its colour (render mode 2), the stroke as wide as the face says per em.
  const bold = run.face.syntheticBold;
  const body = `/${resource} ${fmt(run.size)} Tf${scale}${rise} ${matrix} Tm ${shows.join(' ')} ET`;
  // The text rise and the stroke are of the graphics state, which BT does not reset: they end with the run.
  const text = bold
    ? `q ${cmykOp(run.color, 'k')} ${cmykOp(run.color, 'K')} ${fmt(bold * run.size)} w 1 j BT 2 Tr ${body} Q`
    : rise
      ? `q ${cmykOp(run.color, 'k')} BT ${body} Q`
      : `${cmykOp(run.color, 'k')} BT ${body}`;
  // A table's cells are marked as such, so that a reader of the page (paiban check) tells them from lines of text.
  return run.table ? `/Table BMC ${text} EMC` : text;
}
