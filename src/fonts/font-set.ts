/**
 * Fonts by role. With subset.ts, the only place that touches fontkit: it opens font files, answers
 * which glyph a character maps to, and reads glyph geometry (advances, `halt`).
 */
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';

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

export class Face {
  readonly unitsPerEm: number;
  readonly postscriptName: string;
  readonly hasHalt: boolean;
  readonly hasFwid: boolean;
  private readonly glyphs = new Map<string, GlyphInfo | null>();
  private readonly blanks = new Map<number, PunctBlank>();
  private readonly components = new Map<number, number[]>();

  constructor(
    readonly role: string,
    readonly file: string,
    readonly data: Buffer,
    readonly font: fontkit.Font,
    /** Member of a font collection (.ttc) the face is; 0 for a single font. */
    readonly collectionIndex = 0,
  ) {
    this.unitsPerEm = font.unitsPerEm;
    this.postscriptName = font.postscriptName;
    const features = new Set(font.availableFeatures);
    this.hasHalt = features.has('halt');
    this.hasFwid = features.has('fwid');
  }

  /**
   * The glyphs with, for TrueType composite glyphs, the glyphs they are built from: a subset
   * must hold the parts too (LXGW WenKai builds − from -).
   */
  glyphClosure(glyphs: Iterable<number>): Set<number> {
    const all = new Set<number>();
    const add = (id: number) => {
      if (all.has(id)) return;
      all.add(id);
      if (this.hasGlyf) for (const part of this.parts(id)) add(part);
    };
    for (const id of glyphs) add(id);
    return all;
  }

  /** The glyphs a TrueType composite glyph is built from (none for a simple one). */
  private parts(id: number): number[] {
    let parts = this.components.get(id);
    if (!parts) {
      const decoded = (this.font.getGlyph(id) as unknown as { _decode(): { components?: { glyphID: number }[] } | null })._decode();
      parts = (decoded?.components ?? []).map((c) => c.glyphID);
      this.components.set(id, parts);
    }
    return parts;
  }

  private get hasGlyf(): boolean {
    return 'glyf' in (this.font as unknown as { directory: { tables: object } }).directory.tables;
  }

  /** The glyph for a code point, optionally in its full-width (`fwid`) form; null if the font lacks it. */
  glyph(cp: number, fullWidth = false): GlyphInfo | null {
    return this.cachedGlyph(fullWidth ? `w${cp}` : `${cp}`, cp, () => {
      const shaped = fullWidth && this.hasFwid ? this.single(String.fromCodePoint(cp), ['fwid']) : null;
      if (shaped) return shaped;
      const glyph = this.font.glyphForCodePoint(cp);
      return { id: glyph.id, advance: glyph.advanceWidth / this.unitsPerEm };
    });
  }

  /**
   * The font's single glyph for a doubled mark such as —— (a 2-em rule drawn without a break
   * in the middle), through its own ligature and `fwid`; null when it has none.
   */
  pairGlyph(cp: number): GlyphInfo | null {
    return this.cachedGlyph(`p${cp}`, cp, () => this.single(String.fromCodePoint(cp, cp), this.hasFwid ? ['fwid'] : []));
  }

  private cachedGlyph(key: string, cp: number, make: () => GlyphInfo | null): GlyphInfo | null {
    let g = this.glyphs.get(key);
    if (g === undefined) {
      g = this.font.hasGlyphForCodePoint(cp) ? make() : null;
      this.glyphs.set(key, g);
    }
    return g;
  }

  /** Shapes `text` with `features`; the glyph if the font draws it as exactly one. */
  private single(text: string, features: string[]): GlyphInfo | null {
    const run = this.font.layout(text, features);
    return run.glyphs.length === 1 ? { id: run.glyphs[0].id, advance: run.positions[0].xAdvance / this.unitsPerEm } : null;
  }

  /**
   * Where the blank half of a full-width mark lies, read from the font's `halt` feature;
   * `fallback` (from the character class) is used for fonts without it.
   */
  punctBlank(glyphId: number, cp: number, fullWidth: boolean, fallback: PunctBlank): PunctBlank {
    let b = this.blanks.get(glyphId);
    if (b) return b;
    b = fallback;
    if (this.hasHalt) {
      const features = fullWidth && this.hasFwid ? ['fwid', 'halt'] : ['halt'];
      const run = this.font.layout(String.fromCodePoint(cp), features);
      const full = (this.glyph(cp, fullWidth)?.advance ?? 1) * this.unitsPerEm;
      if (run.glyphs.length === 1 && run.positions[0].xAdvance < full) {
        const before = -run.positions[0].xOffset / this.unitsPerEm;
        const after = (full - run.positions[0].xAdvance) / this.unitsPerEm - before;
        b = { before: Math.max(0, before), after: Math.max(0, after) };
      }
    }
    this.blanks.set(glyphId, b);
    return b;
  }
}

/** What a PDF font descriptor says about a face, in units of 1/1000 em. */
export interface FaceMetrics {
  postscriptName: string;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  italicAngle: number;
  bbox: [number, number, number, number];
  serif: boolean;
  fixedPitch: boolean;
}

export function faceMetrics(face: Face): FaceMetrics {
  const f = face.font;
  const k = 1000 / f.unitsPerEm;
  const familyClass = ((f['OS/2'] as { sFamilyClass?: number } | undefined)?.sFamilyClass ?? 0) >> 8;
  return {
    postscriptName: f.postscriptName,
    ascent: Math.round(f.ascent * k),
    descent: Math.round(f.descent * k),
    capHeight: Math.round((f.capHeight || f.ascent) * k),
    xHeight: Math.round((f.xHeight || 0) * k),
    italicAngle: f.italicAngle,
    bbox: [f.bbox.minX, f.bbox.minY, f.bbox.maxX, f.bbox.maxY].map((v) => Math.round(v * k)) as [number, number, number, number],
    serif: familyClass >= 1 && familyClass <= 7,
    fixedPitch: !!((f as unknown as { post?: { isFixedPitch?: number } }).post?.isFixedPitch),
  };
}

export class FontLoadError extends Error {}

const faceCache = new Map<string, Face>();

/** Opens a font file (or a member of a collection); faces are shared between layouts. */
export function openFace(role: string, file: string, postscriptName?: string): Face {
  const key = `${file}#${postscriptName ?? ''}`;
  const cached = faceCache.get(key);
  if (cached) return cached.role === role ? cached : new Face(role, cached.file, cached.data, cached.font, cached.collectionIndex);
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FontLoadError(code === 'ENOENT' ? `font file not found: ${file}` : `cannot read font file ${file} (${code})`);
  }
  let font: fontkit.Font;
  let index = 0;
  try {
    const whole = fontkit.create(data) as fontkit.Font | fontkit.FontCollection;
    if ('fonts' in whole) {
      index = whole.fonts.findIndex((f) => f.postscriptName === postscriptName);
      if (index < 0) throw new Error(`it is a collection; name a member with postscript_name (${whole.fonts.map((f) => f.postscriptName).join(', ')})`);
      font = whole.fonts[index];
    } else font = whole;
    if ('CFF2' in (font as unknown as { directory: { tables: object } }).directory.tables) {
      throw new Error('variable (CFF2) fonts cannot be embedded in PDF/X-1a or PDF/A pages; use a static instance');
    }
  } catch (e) {
    throw new FontLoadError(`cannot open font ${file}: ${(e as Error).message}`);
  }
  const face = new Face(role, file, data, font, index);
  faceCache.set(key, face);
  return face;
}
