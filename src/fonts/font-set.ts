/**
 * Fonts by role. The only module that touches fontkit: it opens font files, answers
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

  constructor(
    readonly role: string,
    readonly file: string,
    readonly data: Buffer,
    readonly font: fontkit.Font,
  ) {
    this.unitsPerEm = font.unitsPerEm;
    this.postscriptName = font.postscriptName;
    const features = new Set(font.availableFeatures);
    this.hasHalt = features.has('halt');
    this.hasFwid = features.has('fwid');
  }

  hasChar(cp: number): boolean {
    return this.font.hasGlyphForCodePoint(cp);
  }

  /** The glyph for a code point, optionally in its full-width (`fwid`) form; null if the font lacks it. */
  glyph(cp: number, fullWidth = false): GlyphInfo | null {
    const key = fullWidth ? `w${cp}` : `${cp}`;
    let g = this.glyphs.get(key);
    if (g === undefined) {
      g = null;
      if (this.font.hasGlyphForCodePoint(cp)) {
        if (fullWidth && this.hasFwid) {
          const run = this.font.layout(String.fromCodePoint(cp), ['fwid']);
          if (run.glyphs.length === 1) g = { id: run.glyphs[0].id, advance: run.positions[0].xAdvance / this.unitsPerEm };
        }
        if (!g) {
          const glyph = this.font.glyphForCodePoint(cp);
          g = { id: glyph.id, advance: glyph.advanceWidth / this.unitsPerEm };
        }
      }
      this.glyphs.set(key, g);
    }
    return g;
  }

  /**
   * The font's single glyph for a doubled mark such as —— (a 2-em rule drawn without a break
   * in the middle), through its own ligature and `fwid`; null when it has none.
   */
  pairGlyph(cp: number): GlyphInfo | null {
    const key = `p${cp}`;
    let g = this.glyphs.get(key);
    if (g === undefined) {
      g = null;
      if (this.font.hasGlyphForCodePoint(cp)) {
        const run = this.font.layout(String.fromCodePoint(cp, cp), this.hasFwid ? ['fwid'] : []);
        if (run.glyphs.length === 1) g = { id: run.glyphs[0].id, advance: run.positions[0].xAdvance / this.unitsPerEm };
      }
      this.glyphs.set(key, g);
    }
    return g;
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

export class FontLoadError extends Error {}

const faceCache = new Map<string, Face>();

/** Opens a font file (or a member of a collection); faces are shared between layouts. */
export function openFace(role: string, file: string, postscriptName?: string): Face {
  const key = `${file}#${postscriptName ?? ''}`;
  const cached = faceCache.get(key);
  if (cached) return cached.role === role ? cached : new Face(role, cached.file, cached.data, cached.font);
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FontLoadError(code === 'ENOENT' ? `font file not found: ${file}` : `cannot read font file ${file} (${code})`);
  }
  let font: fontkit.Font;
  try {
    const opened = fontkit.create(data, postscriptName) as fontkit.Font | fontkit.FontCollection;
    if ('fonts' in opened) {
      throw new Error(`it is a collection; name a member with postscript_name (${opened.fonts.map((f) => f.postscriptName).join(', ')})`);
    }
    font = opened;
    if (!font || typeof font.glyphForCodePoint !== 'function') throw new Error('no such member in the collection');
  } catch (e) {
    throw new FontLoadError(`cannot open font ${file}: ${(e as Error).message}`);
  }
  const face = new Face(role, file, data, font);
  faceCache.set(key, face);
  return face;
}
