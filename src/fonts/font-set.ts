/**
 * Fonts by role: which glyph a character maps to, glyph advances and the blank part of
 * full-width marks (from the font's `halt`), read by our own OpenType reader (opentype.ts).
 */
import { statSync } from 'node:fs';
import type { MarkFeature } from './layout-features.js';
import { OpenTypeFont } from './opentype.js';
import { SfntError, SfntFile } from './sfnt.js';
import type { StampedCache } from '../files.js';

export interface GlyphInfo {
  id: number;
  /** Advance in em. */
  advance: number;
}

/** Blank space of a full-width punctuation glyph before and after its ink, in em. */
export interface PunctBlank {
  before: number;
  after: number;
}

/** A glyph as vertical text (竖排) sets it upright: its vertical form and vertical metrics. */
export interface VerticalGlyph {
  id: number;
  /** The font has a vertical form (vert/vrt2) for the glyph asked for, and this is it. */
  substituted: boolean;
  /** Vertical advance, in em. */
  advance: number;
  /** Height of the vertical origin (the top of the glyph's cell) above the baseline, in em. */
  origin: number;
}

const HAN = /\p{Script=Han}/u;

export class Face {
  readonly unitsPerEm: number;
  readonly postscriptName: string;
  readonly hasHalt: boolean;
  readonly hasFwid: boolean;
  private readonly glyphs = new Map<string, GlyphInfo | null>();
  private readonly blanks = new Map<number, PunctBlank | null>();
  private readonly verticals = new Map<number, VerticalGlyph>();
  private centre: number | undefined;
  /** The feature giving vertical forms: vrt2 where the font has it (it includes vert's forms), else vert. */
  private readonly verticalFeature: MarkFeature | null;

  /** The face made bold by stroking its outlines, by stroke width in em. */
  private readonly emboldenedFaces = new Map<number, Face>();

  constructor(
    readonly role: string,
    /** The font file, shared by every face (role) set in it. */
    readonly font: OpenTypeFont,
    /**
     * Width of a stroke drawn round each glyph's outline with its fill, in em, to make a lighter
     * face stand for a heavier one (the synthetic bold of Chinese DTP); 0 for the face as it is.
     */
    readonly syntheticBold = 0,
  ) {
    this.unitsPerEm = font.unitsPerEm;
    this.postscriptName = font.postscriptName;
    this.hasHalt = font.features.has('halt');
    this.hasFwid = font.features.has('fwid');
    this.verticalFeature = font.features.has('vrt2') ? 'vrt2' : font.features.has('vert') ? 'vert' : null;
  }

  get weight(): number {
    return this.font.weight;
  }

  get sans(): boolean {
    return this.font.sans;
  }

  /** The font's family: its PostScript name up to the style (NotoSerifCJKsc of NotoSerifCJKsc-Black). */
  get family(): string {
    return this.postscriptName.replace(/-[^-]*$/, '');
  }

  /**
   * This face made bold by a stroke of `stroke` em round its outlines, for the Han characters
   * it stands in for in a heavier face that lacks them; it has no glyph for anything else, which
   * is not so emboldened (a mark or a letter keeps to the faces as they are).
   */
  emboldened(stroke: number): Face {
    let face = this.emboldenedFaces.get(stroke);
    if (!face) this.emboldenedFaces.set(stroke, (face = new Face(this.role, this.font, stroke)));
    return face;
  }

  /** A glyph set upright in vertical text: the font's vertical form of it (if any) with its vertical metrics. */
  verticalGlyph(glyph: number): VerticalGlyph {
    let v = this.verticals.get(glyph);
    if (!v) {
      const [id] = this.verticalFeature ? this.font.features.substitute([glyph], [this.verticalFeature]) : [glyph];
      const m = this.font.verticalMetrics(id);
      v = { id, substituted: id !== glyph, advance: m.advance / this.unitsPerEm, origin: m.originY / this.unitsPerEm };
      this.verticals.set(glyph, v);
    }
    return v;
  }

  /** Horizontal advance of a glyph, in em. */
  advance(glyph: number): number {
    return this.font.advance(glyph) / this.unitsPerEm;
  }

  get file(): string {
    return this.font.file;
  }

  /** Member of a font collection (.ttc) the face is; 0 for a single font. */
  get collectionIndex(): number {
    return this.font.sfnt.collectionIndex;
  }

  /**
   * The glyphs with, for TrueType composite glyphs, the glyphs they are built from: a subset
   * must hold the parts too (LXGW WenKai builds − from -).
   */
  glyphClosure(glyphs: Iterable<number>): Set<number> {
    return this.font.compositeClosure(glyphs);
  }

  /** The glyph for a code point, optionally in its full-width (`fwid`) form; null if the font lacks it. */
  glyph(cp: number, fullWidth = false): GlyphInfo | null {
    if (this.syntheticBold && !HAN.test(String.fromCodePoint(cp))) return null;
    return this.cachedGlyph(fullWidth ? `w${cp}` : `${cp}`, cp, () => {
      const shaped = fullWidth && this.hasFwid ? this.single(String.fromCodePoint(cp), ['fwid']) : null;
      if (shaped) return shaped;
      const id = this.font.glyphForCodePoint(cp);
      return { id, advance: this.font.advance(id) / this.unitsPerEm };
    });
  }

  /**
   * The font's single glyph for a doubled mark such as —— (a 2-em rule drawn without a break
   * in the middle), through its own ligature and `fwid`; null when it has none.
   */
  pairGlyph(cp: number): GlyphInfo | null {
    return this.cachedGlyph(`p${cp}`, cp, () => this.single(String.fromCodePoint(cp, cp), this.hasFwid ? ['fwid'] : []));
  }

  /**
   * The font's one glyph for an emoji sequence (👍🏽, 👨‍👩‍👧‍👦, 🇨🇳, 1️⃣, 🏴󠁧󠁢󠁳󠁣󠁴󠁿) through its own
   * ligatures, or null when it has none. Variation selectors are left out of the match when the
   * font's ligature has none, as HarfBuzz skips them (default ignorables): 1️⃣ is the keycap 1⃣.
   */
  sequenceGlyph(cps: readonly number[]): GlyphInfo | null {
    // A face made bold stands in for Han characters only: an emoji keeps its face as drawn.
    if (this.syntheticBold) return null;
    const key = `s${cps.join(',')}`;
    let g = this.glyphs.get(key);
    if (g === undefined) {
      const bare = cps.filter((cp) => cp !== 0xfe0e && cp !== 0xfe0f);
      g = cps.every((cp) => this.font.glyphForCodePoint(cp)) ? (this.ligature(cps) ?? (bare.length < cps.length ? this.ligature(bare) : null)) : null;
      this.glyphs.set(key, g);
    }
    return g;
  }

  private ligature(cps: readonly number[]): GlyphInfo | null {
    const glyphs = this.font.shapeGlyphs(cps, []);
    return glyphs.length === 1 ? { id: glyphs[0], advance: this.font.advance(glyphs[0]) / this.unitsPerEm } : null;
  }

  /**
   * Height above the baseline of the middle of the face's design box (its ascender to its
   * descender), in em: where an emoji font centres its pictographs.
   */
  get designCentre(): number {
    if (this.centre === undefined) {
      const { ascent, descent } = this.font.descriptorMetrics();
      this.centre = (ascent + descent) / 2000;
    }
    return this.centre;
  }

  private cachedGlyph(key: string, cp: number, make: () => GlyphInfo | null): GlyphInfo | null {
    let g = this.glyphs.get(key);
    if (g === undefined) {
      g = this.font.glyphForCodePoint(cp) ? make() : null;
      this.glyphs.set(key, g);
    }
    return g;
  }

  /** Shapes `text` with `features`; the glyph if the font draws it as exactly one. */
  private single(text: string, features: MarkFeature[]): GlyphInfo | null {
    const shaped = this.shapeAlone(text, features);
    return shaped && { id: shaped.id, advance: shaped.xAdvance / this.unitsPerEm };
  }

  /** The one glyph `text` becomes under `features`, with its advance and shift in font units. */
  private shapeAlone(text: string, features: MarkFeature[]): { id: number; xAdvance: number; xOffset: number } | null {
    const glyphs = this.font.shapeGlyphs([...text].map((c) => c.codePointAt(0)!), features);
    if (glyphs.length !== 1) return null;
    const adjustment = this.font.adjustment(glyphs[0], features);
    return { id: glyphs[0], xAdvance: this.font.advance(glyphs[0]) + adjustment.xAdvance, xOffset: adjustment.xPlacement };
  }

  /**
   * Where the blank half of a full-width mark lies, read from the font's `halt` feature;
   * `fallback` (the house style's, by character class) is used where the font does not say.
   */
  punctBlank(glyphId: number, cp: number, fullWidth: boolean, fallback: PunctBlank): PunctBlank {
    let b = this.blanks.get(glyphId);
    // Only what the font says is kept: the fallback depends on the style asking.
    if (b !== undefined) return b ?? fallback;
    b = null;
    if (this.hasHalt) {
      const features: MarkFeature[] = fullWidth && this.hasFwid ? ['fwid', 'halt'] : ['halt'];
      const shaped = this.shapeAlone(String.fromCodePoint(cp), features);
      const full = (this.glyph(cp, fullWidth)?.advance ?? 1) * this.unitsPerEm;
      if (shaped && shaped.xAdvance < full) {
        const before = -shaped.xOffset / this.unitsPerEm;
        const after = (full - shaped.xAdvance) / this.unitsPerEm - before;
        b = { before: Math.max(0, before), after: Math.max(0, after) };
      }
    }
    this.blanks.set(glyphId, b);
    return b ?? fallback;
  }
}

export class FontLoadError extends Error {}

/** A font file (or member of a collection) as read, with its faces by role: a face keeps what it has looked up (glyphs, blanks). */
export interface FontFile {
  font: OpenTypeFont;
  faces: Map<string, Face>;
}

/**
 * Opens a font file (or a member of a collection) as the face of a role. Files are read once
 * per build context and shared between its layouts and roles, and read again when their stamp
 * changes on disk.
 */
/** What opening a face needs of a build context: the font files read so far. */
export interface FontStore {
  readonly fonts: StampedCache<FontFile>;
}

export function openFace(context: FontStore, role: string, file: string, postscriptName?: string): Face {
  const key = `${file}#${postscriptName ?? ''}`;
  let entry = context.fonts.get(key);
  if (!entry) {
    const font = readFont(file, postscriptName);
    entry = context.fonts.set(key, { font, faces: new Map() }, [[file, font.sfnt.stamp]]);
  }
  let face = entry.faces.get(role);
  if (!face) entry.faces.set(role, (face = new Face(role, entry.font)));
  return face;
}

function readFont(file: string, postscriptName?: string): OpenTypeFont {
  try {
    statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FontLoadError(code === 'ENOENT' ? `font file not found: ${file}` : `cannot read font file ${file} (${code})`);
  }
  try {
    return new OpenTypeFont(SfntFile.open(file, postscriptName));
  } catch (e) {
    // Buffer reads past a table's end throw RangeErrors (with a code of their own): the font is damaged.
    const why =
      e instanceof SfntError ? e.message : e instanceof RangeError ? 'it is damaged (a table points past its end)' : `it cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    throw new FontLoadError(`cannot open font ${file}: ${why}`);
  }
}
