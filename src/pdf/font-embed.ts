/**
 * Embedding a font cut down to the document's glyphs (fonts/subset.ts) as a PDF composite font
 * (Type0, Identity-H): the font program, its widths and a ToUnicode map, written straight from
 * the subset, so that the document's fonts are parsed and cut once only.
 */
import { basename } from 'node:path';
import type { Face } from '../fonts/font-set.js';
import type { NumberedSubset, SubsetStore } from '../fonts/subset.js';
import { hex4, PdfText, utf16Hex, type PdfRef, type PdfWriter } from './pdf-writer.js';

export interface EmbeddedFace {
  /** The Type0 font dictionary, to be named in page resources. */
  font: PdfRef;
  /** The same font in vertical writing mode (Identity-V), when pages set glyphs of it upright in vertical text. */
  verticalFont?: PdfRef;
  /** The 2-byte code that shows a glyph of the face. */
  code(glyph: number): number;
}

/** One glyph of the face as the pages use it. */
export interface UsedGlyph {
  /** Advance in em. */
  advance: number;
  /** Text it stands for. */
  text: string;
  /** Times drawn. */
  uses: number;
}

/** A glyph set upright in vertical text: its vertical advance and the height of its vertical origin above the baseline, in em. */
export interface UprightGlyph {
  advance: number;
  origin: number;
}

/** The vertical metrics PDF assumes of a glyph without a W2 entry (DW2), in em: the ideographic em box. */
const DEFAULT_UPRIGHT: UprightGlyph = { advance: 1, origin: 0.88 };

export function embedFace(
  context: SubsetStore,
  writer: PdfWriter,
  face: Face,
  numbered: NumberedSubset,
  glyphs: ReadonlyMap<number, UsedGlyph>,
  tag: string,
  upright: ReadonlyMap<number, UprightGlyph> = new Map(),
): EmbeddedFace {
  const { subset } = numbered;
  const cff = subset.kind === 'cff';
  const code = (glyph: number) => numbered.codes[subset.glyphMap.get(glyph) ?? 0];
  const m = face.font.descriptorMetrics();
  // A font without a PostScript name is named after its file.
  const name = `${tag}+${(m.postscriptName || basename(face.file).replace(/\.[^.]*$/, '')).replace(/[^!-~]|[()<>[\]{}/%#]/g, '_')}`;

  // Compressed once per subset, not once per build: a rebuild mostly embeds the same subsets again.
  const program = writer.stream({ ...(cff ? { Subtype: 'CIDFontType0C' } : { Length1: numbered.program.length }), Filter: 'FlateDecode' }, context.subsetter.compressedProgram(numbered));
  const descriptor = writer.object({
    Type: 'FontDescriptor',
    FontName: name,
    // Symbolic (bit 3): the font is not shown through a standard encoding.
    Flags: 4 | (m.serif ? 2 : 0) | (m.fixedPitch ? 1 : 0),
    FontBBox: m.bbox,
    ItalicAngle: m.italicAngle,
    Ascent: m.ascent,
    Descent: m.descent,
    CapHeight: m.capHeight,
    XHeight: m.xHeight,
    StemV: 80,
    [cff ? 'FontFile3' : 'FontFile2']: program,
  });

  const entries = [...glyphs].map(([glyph, used]) => ({ code: code(glyph), width: pdfWidth(used.advance), text: used.text }));
  entries.sort((a, b) => a.code - b.code);
  const cidFont = writer.object({
    Type: 'Font',
    Subtype: cff ? 'CIDFontType0' : 'CIDFontType2',
    BaseFont: name,
    CIDSystemInfo: { Registry: new PdfText('Adobe'), Ordering: new PdfText('Identity'), Supplement: 0 },
    FontDescriptor: descriptor,
    // Full-width glyphs take the default width; only the others are listed.
    DW: 1000,
    W: entries.filter((e) => e.width !== 1000).flatMap((e) => [e.code, [e.width]]),
    CIDToGIDMap: cff ? undefined : 'Identity',
    // Vertical metrics of the glyphs set upright that differ from the em box: [w1y [vx vy]] with the origin at the glyph's middle.
    ...(upright.size && {
      DW2: [pdfWidth(DEFAULT_UPRIGHT.origin), -pdfWidth(DEFAULT_UPRIGHT.advance)],
      W2: [...upright]
        .filter(([, v]) => pdfWidth(v.advance) !== pdfWidth(DEFAULT_UPRIGHT.advance) || pdfWidth(v.origin) !== pdfWidth(DEFAULT_UPRIGHT.origin))
        .sort(([a], [b]) => code(a) - code(b))
        .flatMap(([glyph, v]) => [code(glyph), code(glyph), -pdfWidth(v.advance), pdfWidth(glyphs.get(glyph)?.advance ?? 1) / 2, pdfWidth(v.origin)]),
    }),
  });

  const toUnicode = writer.compressedStream({}, toUnicodeCMap(entries));
  const font = writer.object({ Type: 'Font', Subtype: 'Type0', BaseFont: name, Encoding: 'Identity-H', DescendantFonts: [cidFont], ToUnicode: toUnicode });
  // One font program, two writing modes: the vertical font shares the CID font and its ToUnicode map.
  const verticalFont = upright.size ? writer.object({ Type: 'Font', Subtype: 'Type0', BaseFont: name, Encoding: 'Identity-V', DescendantFonts: [cidFont], ToUnicode: toUnicode }) : undefined;
  return { font, verticalFont, code };
}

/** A glyph's width as written in the font's W array (1/1000 em, two decimals); text is positioned with the same figure. */
export const pdfWidth = (advance: number) => Math.round(advance * 100000) / 100;

/** The text each code stands for, as UTF-16BE, so that text extracts exactly as typed. */
function toUnicodeCMap(entries: readonly { code: number; text: string }[]): string {
  const lines = entries.map((e) => {
    return `<${hex4(e.code)}> <${utf16Hex(e.text)}>`;
  });
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += 100) {
    const part = lines.slice(i, i + 100);
    chunks.push(`${part.length} beginbfchar\n${part.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...chunks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}
