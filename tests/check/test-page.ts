/**
 * One-page PDFs made to order for the detectors of `paiban check`: lines of Chinese text in the
 * bundled Song face, embedded as paiban embeds it (a CFF subset, Type0 Identity-H, ToUnicode)
 * or with one of those taken away; drawing operators; images. Written with paiban's own object
 * writer, so that the detectors read what a real page gives them, and checked with qpdf.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pdfWidth } from '../../src/pdf/font-embed.js';
import { hex4, PdfText, utf16Hex, PdfWriter, type PdfDict, type PdfRef, type PdfValue } from '../../src/pdf/pdf-writer.js';
import { subsetFace } from '../../src/fonts/subset.js';
import { BuildContext } from '../../src/context.js';
import { song } from '../helpers/fonts.js';
import { qpdfCheck } from '../helpers/pdf.js';

/** Body size and line pitch of the broadsheet layout. */
export const SIZE = 9;
export const PITCH = 11.6;
const PAGE = 400;

export interface TestLine {
  text: string;
  /** Left edge of the first glyph, and baseline, in points from the page's top left. */
  x: number;
  y: number;
  /** Extra space after the character at an index, in em (negative to draw the next one closer). */
  after?: Record<number, number>;
  /** Type size, in points (default the body size). */
  size?: number;
}

export interface TestFont {
  /** The font program in the file (default true). */
  embedded?: boolean;
  /** Named with a subset tag, ABCDEF+ (default true). */
  subset?: boolean;
  toUnicode?: boolean;
}

export interface TestImage {
  /** Image data: a JPEG, passed through (DCTDecode) as the PDF writer embeds photos. */
  jpeg: Buffer;
  /** Another colour space than the JPEG's own (DeviceGray, DeviceRGB, DeviceCMYK), with the size in pixels it then needs. */
  colorSpace?: PdfValue;
  width?: number;
  height?: number;
  /** Placed at, and as large as, in points. */
  at: [number, number];
  size: [number, number];
}

export interface TestPage {
  lines?: TestLine[];
  /** Fill colour of the text, as operators. */
  textColor?: string;
  /** Operators drawn before the text: rules, colour fills. */
  graphics?: string;
  font?: TestFont;
  images?: TestImage[];
}

/** A column of body text: each string a line, starting at `x`, `y` and following on the grid. */
export function column(texts: readonly string[], x = 50, y = 100): TestLine[] {
  return texts.map((text, i) => ({ text, x, y: y + i * PITCH }));
}

/** Writes the page to a file of its own, checks it with qpdf, and returns its path. */
export function writeTestPage(page: TestPage): string {
  const face = song();
  const writer = new PdfWriter('1.3');
  const lines = page.lines ?? [];
  const chars = [...new Set(lines.flatMap((l) => [...l.text]))];
  const glyphOf = new Map(
    chars.map((c) => {
      const g = face.glyph(c.codePointAt(0)!);
      if (!g) throw new Error(`the Song face has no ${c}`);
      return [c, g] as const;
    }),
  );
  const resources: { Font?: PdfDict; XObject?: PdfDict } = {};
  let content = `${page.graphics ?? ''}\n`;
  if (lines.length) {
    const subset = subsetFace(new BuildContext(), face, [...glyphOf.values()].map((g) => g.id));
    if (!subset) throw new Error('hb-subset could not cut the Song face');
    const code = (c: string) => subset.codes[subset.glyphMap.get(glyphOf.get(c)!.id)!];
    resources.Font = { F1: font(writer, subset.program, chars.map((c) => ({ code: code(c), width: pdfWidth(glyphOf.get(c)!.advance), text: c })), page.font ?? {}) };
    content += `${page.textColor ?? '0 0 0 1 k'}\n`;
    for (const l of lines) {
      const shown = [...l.text].map((c, i) => `<${hex4(code(c))}>${l.after?.[i] ? ` ${-l.after[i] * 1000}` : ''}`);
      content += `BT /F1 ${l.size ?? SIZE} Tf 1 0 0 1 ${l.x} ${PAGE - l.y} Tm [${shown.join(' ')}] TJ ET\n`;
    }
  }
  const xobjects: Record<string, PdfRef> = {};
  (page.images ?? []).forEach((img, i) => {
    const ref = img.colorSpace
      ? writer.stream({ Type: 'XObject', Subtype: 'Image', Width: img.width, Height: img.height, BitsPerComponent: 8, ColorSpace: img.colorSpace, Filter: 'DCTDecode' }, img.jpeg)
      : writer.jpegImage(img.jpeg);
    xobjects[`Im${i}`] = ref;
    content += `q ${img.size[0]} 0 0 ${img.size[1]} ${img.at[0]} ${PAGE - img.at[1] - img.size[1]} cm /Im${i} Do Q\n`;
  });
  if (page.images?.length) resources.XObject = xobjects;
  const pages = writer.reserve();
  const contents = writer.compressedStream({}, content);
  const pageRef = writer.object({ Type: 'Page', Parent: pages, MediaBox: [0, 0, PAGE, PAGE], Resources: resources, Contents: contents });
  writer.object({ Type: 'Pages', Kids: [pageRef], Count: 1 }, pages);
  const catalog = writer.object({ Type: 'Catalog', Pages: pages });
  const file = join(mkdtempSync(join(tmpdir(), 'paiban-check-page-')), 'page.pdf');
  writeFileSync(file, writer.end(catalog, writer.object({ Producer: new PdfText('paiban tests') })));
  qpdfCheck(file);
  return file;
}

/** A Type0 font as emit.ts writes one, or with its program, subset tag or ToUnicode map left out. */
function font(writer: PdfWriter, program: Buffer, entries: { code: number; width: number; text: string }[], options: TestFont): PdfRef {
  const name = `${options.subset === false ? '' : 'PAIBAN+'}NotoSerifCJKsc-Regular`;
  const descriptor = writer.object({
    Type: 'FontDescriptor',
    FontName: name,
    Flags: 6,
    FontBBox: [-1000, -300, 1000, 900],
    ItalicAngle: 0,
    Ascent: 880,
    Descent: -120,
    CapHeight: 733,
    StemV: 80,
    FontFile3: options.embedded === false ? undefined : writer.compressedStream({ Subtype: 'CIDFontType0C' }, program),
  });
  const sorted = [...entries].sort((a, b) => a.code - b.code);
  const cidFont = writer.object({
    Type: 'Font',
    Subtype: 'CIDFontType0',
    BaseFont: name,
    CIDSystemInfo: { Registry: new PdfText('Adobe'), Ordering: new PdfText('Identity'), Supplement: 0 },
    FontDescriptor: descriptor,
    DW: 1000,
    W: sorted.filter((e) => e.width !== 1000).flatMap((e) => [e.code, [e.width]]),
  });
  const cmap = sorted.map((e) => `<${hex4(e.code)}> <${utf16Hex(e.text)}>`);
  const toUnicode =
    options.toUnicode === false
      ? undefined
      : writer.compressedStream(
          {},
          [
            '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
            '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
            '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
            '1 begincodespacerange <0000> <FFFF> endcodespacerange',
            `${cmap.length} beginbfchar\n${cmap.join('\n')}\nendbfchar`,
            'endcmap CMapName currentdict /CMap defineresource pop end end',
          ].join('\n'),
        );
  return writer.object({ Type: 'Font', Subtype: 'Type0', BaseFont: name, Encoding: 'Identity-H', DescendantFonts: [cidFont], ToUnicode: toUnicode });
}
