/**
 * Cuts a TrueType (glyf) face down to some of its glyphs, numbered in the order of their ids:
 * the outlines, their locations and advances, and the hinting programs they run. A PDF shows
 * the font by glyph id and says itself what each glyph reads and measures, so the character
 * map, glyph names, OS/2 and layout tables are left out.
 */
import type { SfntFile } from './sfnt.js';
import { sfntFile } from './sfnt-write.js';

/** Tables copied as they are: the hinting programs and their data, and the names. */
const COPIED = ['cvt ', 'fpgm', 'prep', 'gasp', 'name'];

/** Composite glyph flags (OpenType glyf table). */
const ARGS_ARE_WORDS = 0x1;
const HAS_SCALE = 0x8;
const MORE_COMPONENTS = 0x20;
const HAS_XY_SCALE = 0x40;
const HAS_TWO_BY_TWO = 0x80;

/** Reads the outlines of some glyphs of the face (their glyf entries, empty for a glyph with no outline). */
export type GlyfReader = (glyphs: readonly number[]) => ReadonlyMap<number, Uint8Array>;

/**
 * The font file holding `wanted` (sorted glyph ids, 0 first, each composite's parts among them)
 * of the face `sfnt`, or null when a composite glyph's part is not among them.
 */
export function cutGlyf(sfnt: SfntFile, read: GlyfReader, wanted: readonly number[]): Buffer | null {
  const newId = new Map(wanted.map((g, i) => [g, i]));
  const outlines = read(wanted);
  const glyphs: Uint8Array[] = [];
  for (const g of wanted) {
    const outline = outlines.get(g)!;
    const renumbered = outline.length >= 10 && readInt16(outline, 0) < 0 ? withParts(outline, newId) : outline;
    if (!renumbered) return null;
    glyphs.push(renumbered);
  }
  const loca = Buffer.alloc(4 * (wanted.length + 1));
  let size = 0;
  glyphs.forEach((glyph, i) => {
    loca.writeUInt32BE(size, 4 * i);
    size += (glyph.length + 3) & ~3;
  });
  loca.writeUInt32BE(size, 4 * wanted.length);
  const glyf = Buffer.alloc(size);
  glyphs.forEach((glyph, i) => glyf.set(glyph, loca.readUInt32BE(4 * i)));

  const head = Buffer.from(sfnt.required('head'));
  head.writeInt16BE(1, 50); // long loca offsets
  const hhea = Buffer.from(sfnt.required('hhea'));
  const metrics = hhea.readUInt16BE(34);
  hhea.writeUInt16BE(wanted.length, 34);
  const maxp = Buffer.from(sfnt.required('maxp'));
  maxp.writeUInt16BE(wanted.length, 4);
  const hmtx = sfnt.required('hmtx');
  const newHmtx = Buffer.alloc(4 * wanted.length);
  wanted.forEach((g, i) => {
    const long = Math.min(g, metrics - 1);
    newHmtx.writeUInt16BE(hmtx.readUInt16BE(4 * long), 4 * i);
    newHmtx.writeInt16BE(g < metrics ? hmtx.readInt16BE(4 * g + 2) : hmtx.readInt16BE(4 * metrics + 2 * (g - metrics)), 4 * i + 2);
  });
  const tables = new Map<string, Uint8Array>([
    ['head', head],
    ['hhea', hhea],
    ['maxp', maxp],
    ['hmtx', newHmtx],
    ['loca', loca],
    ['glyf', glyf],
  ]);
  for (const tag of COPIED) {
    const table = sfnt.table(tag);
    if (table) tables.set(tag, table);
  }
  return sfntFile(0x00010000, tables);
}

/** A composite glyph with its parts' ids renumbered, or null when a part is not kept. */
function withParts(outline: Uint8Array, newId: ReadonlyMap<number, number>): Uint8Array | null {
  const glyph = Buffer.from(outline);
  let at = 10;
  for (;;) {
    if (at + 4 > glyph.length) return null;
    const flags = glyph.readUInt16BE(at);
    const part = newId.get(glyph.readUInt16BE(at + 2));
    if (part === undefined) return null;
    glyph.writeUInt16BE(part, at + 2);
    at += 4 + (flags & ARGS_ARE_WORDS ? 4 : 2);
    at += flags & HAS_SCALE ? 2 : flags & HAS_XY_SCALE ? 4 : flags & HAS_TWO_BY_TWO ? 8 : 0;
    if (!(flags & MORE_COMPONENTS)) return glyph;
  }
}

const readInt16 = (data: Uint8Array, at: number) => ((data[at] << 24) >> 16) | data[at + 1];
