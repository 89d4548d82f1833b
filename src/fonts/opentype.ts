/**
 * What paiban reads from a font file: the character map, glyph advances, the metrics a PDF
 * font descriptor states, the layout features of single marks and, for TrueType outlines, the
 * parts of composite glyphs. Read from the small tables only (see sfnt.ts).
 */
import { LayoutFeatures, type MarkFeature, type SingleAdjustment } from './layout-features.js';
import { SfntError, SfntFile } from './sfnt.js';

/** What a PDF font descriptor says about a font, in units of 1/1000 em. */
export interface DescriptorMetrics {
  postscriptName: string;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  /** Degrees, counter-clockwise from vertical. */
  italicAngle: number;
  bbox: [number, number, number, number];
  serif: boolean;
  fixedPitch: boolean;
}

export class OpenTypeFont {
  readonly unitsPerEm: number;
  readonly numGlyphs: number;
  readonly postscriptName: string;
  readonly hasCff: boolean;
  readonly hasGlyf: boolean;
  private readonly glyphFor: (cp: number) => number;
  private readonly hmtx: Buffer;
  private readonly hMetricCount: number;
  private readonly vmtx: Buffer | null;
  private readonly vMetricCount: number;
  private readonly vorg: Buffer | null;
  /** Top of the ideographic em box above the baseline, in font units: where a glyph's vertical origin lies when the font does not say. */
  private readonly emTop: number;
  /** OS/2 usWeightClass (400 regular, 700 bold, 900 black); 400 where the font has no OS/2. */
  readonly weight: number;
  /** PANOSE's serif style says sans serif (黑体 and other 无衬线 faces). */
  readonly sans: boolean;
  readonly features: LayoutFeatures;

  /** Reads and checks every table it will use, so that a damaged font is refused here (SfntError). */
  constructor(readonly sfnt: SfntFile) {
    const head = sizedTable(sfnt, 'head', 54);
    this.unitsPerEm = head.readUInt16BE(18);
    if (this.unitsPerEm < 16 || this.unitsPerEm > 16384) throw new SfntError(`its unitsPerEm is ${this.unitsPerEm}, outside 16–16384`);
    this.numGlyphs = sizedTable(sfnt, 'maxp', 6).readUInt16BE(4);
    this.postscriptName = sfnt.postscriptName();
    if (sfnt.has('CFF2')) throw new SfntError('variable (CFF2) fonts cannot be embedded in PDF/X-1a or PDF/A pages; use a static instance');
    this.hasCff = sfnt.has('CFF ');
    this.hasGlyf = sfnt.has('glyf');
    if (!this.hasCff && !this.hasGlyf) throw new SfntError('it has no outlines (neither CFF nor glyf)');
    if (this.hasGlyf) sizedTable(sfnt, 'loca', 2 * (this.numGlyphs + 1));
    this.glyphFor = characterMap(sfnt.required('cmap'));
    this.hmtx = sfnt.required('hmtx');
    this.hMetricCount = sizedTable(sfnt, 'hhea', 36).readUInt16BE(34);
    if (this.hMetricCount === 0 || this.hmtx.length < 4 * this.hMetricCount) throw new SfntError('its hmtx table is shorter than hhea says');
    const os2 = sizedTable(sfnt, 'OS/2', 32, false);
    // OS/2's typographic ascender (at 68) is the em box's top in CJK fonts; else 0.88 em, the em box's usual top.
    this.emTop = os2.length >= 70 ? os2.readInt16BE(68) : Math.round(0.88 * this.unitsPerEm);
    this.weight = os2.length ? os2.readUInt16BE(4) || 400 : 400;
    // PANOSE (at 32) for Latin text (kind 2): serif styles 11–13 are the sans serifs.
    this.sans = os2.length >= 34 && os2[32] === 2 && os2[33] >= 11 && os2[33] <= 13;
    this.vmtx = sfnt.table('vmtx');
    this.vMetricCount = this.vmtx ? sizedTable(sfnt, 'vhea', 36).readUInt16BE(34) : 0;
    if (this.vmtx && (this.vMetricCount === 0 || this.vmtx.length < 4 * this.vMetricCount)) throw new SfntError('its vmtx table is shorter than vhea says');
    this.vorg = sfnt.table('VORG');
    if (this.vorg && (this.vorg.length < 8 || this.vorg.length < 8 + 4 * this.vorg.readUInt16BE(6))) throw new SfntError('its VORG table is shorter than it says');
    sizedTable(sfnt, 'post', 16, false);
    try {
      this.features = new LayoutFeatures(sfnt.table('GSUB'), sfnt.table('GPOS'));
    } catch (e) {
      if (e instanceof RangeError) throw new SfntError('its GSUB or GPOS table is damaged (an offset points past its end)');
      throw e;
    }
  }

  get file(): string {
    return this.sfnt.file;
  }

  /** Glyph id for a code point; 0 (.notdef) when the font has none. */
  glyphForCodePoint(cp: number): number {
    const glyph = this.glyphFor(cp);
    return glyph < this.numGlyphs ? glyph : 0;
  }

  /** Advance width of a glyph, in font units (glyphs past the last metric share its advance). */
  advance(glyph: number): number {
    return this.hmtx.readUInt16BE(4 * Math.min(glyph, this.hMetricCount - 1));
  }

  /**
   * Vertical advance of a glyph and the height of its vertical origin (the top of its cell in
   * vertical text) above the baseline, in font units: from vmtx and VORG, or, for TrueType
   * outlines without VORG, the top side bearing above the glyph's top; the em box where the
   * font has no vertical metrics.
   */
  verticalMetrics(glyph: number): { advance: number; originY: number } {
    if (!this.vmtx) return { advance: this.unitsPerEm, originY: this.emTop };
    const record = 4 * Math.min(glyph, this.vMetricCount - 1);
    const advance = this.vmtx.readUInt16BE(record);
    // Past the full records, the table lists top side bearings alone.
    const bearingAt = glyph < this.vMetricCount ? record + 2 : 4 * this.vMetricCount + 2 * (glyph - this.vMetricCount);
    const topBearing = bearingAt + 2 <= this.vmtx.length ? this.vmtx.readInt16BE(bearingAt) : 0;
    if (this.vorg) return { advance, originY: vertOrigin(this.vorg, glyph) };
    const top = this.hasGlyf ? this.glyphTop(glyph) : null;
    return { advance, originY: top === null ? this.emTop : top + topBearing };
  }

  /** A TrueType glyph's yMax; null for an empty glyph. */
  private glyphTop(glyph: number): number | null {
    const loca = this.sfnt.required('loca');
    const longOffsets = this.sfnt.required('head').readInt16BE(50) === 1;
    const offset = (g: number) => (longOffsets ? loca.readUInt32BE(4 * g) : 2 * loca.readUInt16BE(2 * g));
    if (glyph >= this.numGlyphs || offset(glyph + 1) - offset(glyph) < 10) return null;
    const outlines = this.sfnt.reader('glyf')!;
    try {
      const header = outlines.read(offset(glyph), 10);
      return header.length === 10 ? header.readInt16BE(8) : null;
    } finally {
      outlines.close();
    }
  }

  /** The glyphs a run of code points becomes under `features` (and the default substitutions). */
  shapeGlyphs(cps: readonly number[], features: readonly MarkFeature[]): number[] {
    return this.features.substitute(cps.map((cp) => this.glyphForCodePoint(cp)), features);
  }

  adjustment(glyph: number, features: readonly MarkFeature[]): SingleAdjustment {
    return this.features.adjustment(glyph, features);
  }

  descriptorMetrics(): DescriptorMetrics {
    const head = this.sfnt.required('head');
    const hhea = this.sfnt.required('hhea');
    const os2 = this.sfnt.table('OS/2');
    const post = this.sfnt.table('post');
    const os2Version = os2 ? os2.readUInt16BE(0) : 0;
    const k = 1000 / this.unitsPerEm;
    const ascent = hhea.readInt16BE(4);
    const capHeight = os2 && os2Version >= 2 && os2.length >= 90 ? os2.readInt16BE(88) : 0;
    // OS/2 sFamilyClass's class (high byte): 1–7 are the serif classes.
    const familyClass = os2 ? os2.readInt16BE(30) >> 8 : 0;
    return {
      postscriptName: this.postscriptName,
      ascent: Math.round(ascent * k),
      descent: Math.round(hhea.readInt16BE(6) * k),
      capHeight: Math.round((capHeight || ascent) * k),
      xHeight: Math.round((os2 && os2Version >= 2 && os2.length >= 88 ? os2.readInt16BE(86) : 0) * k),
      italicAngle: post ? post.readInt32BE(4) / 65536 : 0,
      bbox: [36, 38, 40, 42].map((at) => Math.round(head.readInt16BE(at) * k)) as DescriptorMetrics['bbox'],
      serif: familyClass >= 1 && familyClass <= 7,
      fixedPitch: post ? post.readUInt32BE(12) !== 0 : false,
    };
  }

  /**
   * The glyphs with, for TrueType composite glyphs, the glyphs they are built from, at any
   * depth: a subset must hold the parts too.
   */
  compositeClosure(glyphs: Iterable<number>): Set<number> {
    const all = new Set<number>();
    const pending = [...glyphs];
    if (!this.hasGlyf) return new Set(pending);
    const loca = this.sfnt.required('loca');
    const longOffsets = this.sfnt.required('head').readInt16BE(50) === 1;
    const entries = longOffsets ? loca.length / 4 : loca.length / 2;
    const offset = (g: number) => (longOffsets ? loca.readUInt32BE(4 * g) : 2 * loca.readUInt16BE(2 * g));
    const outlines = this.sfnt.reader('glyf')!;
    try {
      // A stack, not recursion: parts may nest deeply (and a damaged font may loop).
      for (let g = pending.pop(); g !== undefined; g = pending.pop()) {
        if (all.has(g)) continue;
        all.add(g);
        if (g + 1 >= entries) continue;
        const start = offset(g);
        pending.push(...compositeParts(outlines.read(start, offset(g + 1) - start)).filter((part) => part < this.numGlyphs));
      }
    } finally {
      outlines.close();
    }
    return all;
  }
}

const ARG_WORDS = 0x1;
const HAS_SCALE = 0x8;
const MORE_COMPONENTS = 0x20;
const HAS_XY_SCALE = 0x40;
const HAS_2X2 = 0x80;

/** The vertical origin VORG gives a glyph: its own entry (a sorted list), or the table's default. */
function vertOrigin(vorg: Buffer, glyph: number): number {
  let lo = 0;
  let hi = vorg.readUInt16BE(6) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const g = vorg.readUInt16BE(8 + 4 * mid);
    if (g === glyph) return vorg.readInt16BE(10 + 4 * mid);
    if (g < glyph) lo = mid + 1;
    else hi = mid - 1;
  }
  return vorg.readInt16BE(4);
}

/** A table that must hold at least `length` bytes (when present, if not `required`). */
function sizedTable(sfnt: SfntFile, tag: string, length: number, required = true): Buffer {
  const data = required ? sfnt.required(tag) : sfnt.table(tag);
  if (data && data.length < length) throw new SfntError(`its ${tag} table is ${data.length} bytes, too short`);
  return data ?? Buffer.alloc(0);
}

/** Glyph ids a TrueType glyph record is composed of; none for a simple glyph. */
function compositeParts(record: Buffer): number[] {
  if (record.length < 10 || record.readInt16BE(0) >= 0) return [];
  const parts: number[] = [];
  let at = 10;
  for (;;) {
    if (at + 4 > record.length) break;
    const flags = record.readUInt16BE(at);
    parts.push(record.readUInt16BE(at + 2));
    at += 4 + (flags & ARG_WORDS ? 4 : 2) + (flags & HAS_SCALE ? 2 : flags & HAS_XY_SCALE ? 4 : flags & HAS_2X2 ? 8 : 0);
    if (!(flags & MORE_COMPONENTS)) break;
  }
  return parts;
}

/**
 * The font's Unicode character map as a lookup, from the best subtable it has: full Unicode
 * (format 12 or 13) before the Basic Multilingual Plane alone (format 4 or 6).
 */
function characterMap(cmap: Buffer): (cp: number) => number {
  const count = cmap.readUInt16BE(2);
  let best: { at: number; rank: number } | null = null;
  for (let i = 0; i < count; i++) {
    const r = 4 + 8 * i;
    const platform = cmap.readUInt16BE(r);
    const encoding = cmap.readUInt16BE(r + 2);
    const at = cmap.readUInt32BE(r + 4);
    if (at + 2 > cmap.length) continue;
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const format = cmap.readUInt16BE(at);
    const rank = format === 12 || format === 13 ? 2 : format === 4 || format === 6 ? 1 : 0;
    if (rank && (!best || rank > best.rank)) best = { at, rank };
  }
  if (!best) throw new SfntError('it has no Unicode character map');
  const at = best.at;
  // Every array a lookup reads must lie inside the table: checked once here.
  const fits = (end: number) => {
    if (end > cmap.length) throw new SfntError('its character map runs past the end of its cmap table');
  };
  switch (cmap.readUInt16BE(at)) {
    case 4:
      fits(at + 16 + 4 * cmap.readUInt16BE(at + 6));
      return segmentMap(cmap, at);
    case 6: {
      const first = cmap.readUInt16BE(at + 6);
      const n = cmap.readUInt16BE(at + 8);
      fits(at + 10 + 2 * n);
      return (cp) => (cp >= first && cp < first + n ? cmap.readUInt16BE(at + 10 + 2 * (cp - first)) : 0);
    }
    default:
      fits(at + 16);
      fits(at + 16 + 12 * cmap.readUInt32BE(at + 12));
      return groupMap(cmap, at, cmap.readUInt16BE(at) === 13);
  }
}

/** Format 4: segments of the BMP, each mapped by a delta or through the glyph id array. */
function segmentMap(cmap: Buffer, at: number): (cp: number) => number {
  const segments = cmap.readUInt16BE(at + 6) >> 1;
  const ends = at + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (cp) => {
    if (cp > 0xffff) return 0;
    let lo = 0;
    let hi = segments - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmap.readUInt16BE(ends + 2 * mid) < cp) lo = mid + 1;
      else hi = mid;
    }
    const start = cmap.readUInt16BE(starts + 2 * lo);
    if (cp < start || cp > cmap.readUInt16BE(ends + 2 * lo)) return 0;
    const delta = cmap.readUInt16BE(deltas + 2 * lo);
    const rangeOffset = cmap.readUInt16BE(rangeOffsets + 2 * lo);
    if (!rangeOffset) return (cp + delta) & 0xffff;
    const where = rangeOffsets + 2 * lo + rangeOffset + 2 * (cp - start);
    if (where + 2 > cmap.length) return 0;
    const glyph = cmap.readUInt16BE(where);
    return glyph ? (glyph + delta) & 0xffff : 0;
  };
}

/** Formats 12 and 13: groups of code points, mapped to consecutive glyphs (12) or one glyph (13). */
function groupMap(cmap: Buffer, at: number, oneGlyph: boolean): (cp: number) => number {
  const groups = cmap.readUInt32BE(at + 12);
  const first = at + 16;
  return (cp) => {
    let lo = 0;
    let hi = groups - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const g = first + 12 * mid;
      if (cp < cmap.readUInt32BE(g)) hi = mid - 1;
      else if (cp > cmap.readUInt32BE(g + 4)) lo = mid + 1;
      else return cmap.readUInt32BE(g + 8) + (oneGlyph ? 0 : cp - cmap.readUInt32BE(g));
    }
    return 0;
  };
}
