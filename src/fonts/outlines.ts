/**
 * Where a font file keeps its glyph outlines — the CFF table's CharStrings data, or the glyf
 * table — and where each glyph's outline lies. The TrueType cutter reads the outlines of the
 * glyphs it cuts only; for HarfBuzz the subsetter loads a font into its memory without them and
 * then adds the outlines of the glyphs it cuts, since hb-subset reads the outline of no glyph it
 * is not asked to keep.
 */
import { readDict, readIndex } from './cff-charset.js';
import { readAt, type SfntFile } from './sfnt.js';

export interface OutlineStore {
  /** Where the outlines lie in the file, [start, end). */
  start: number;
  end: number;
  /** Where glyph `glyph`'s outline lies in the file, read from the font as loaded in `file` (the rest of it at least). */
  glyph(file: Buffer, glyph: number): [start: number, end: number];
}

/** How much of a CFF table is read to find its CharStrings INDEX: the header, names and Top DICT lie well inside. */
const CFF_HEAD_BYTES = 64 * 1024;

/** The outline store of an open font file, or null when its outlines are neither CFF nor glyf (all of it is then read). */
export function outlineStore(fd: number, sfnt: SfntFile): OutlineStore | null {
  const cff = sfnt.tables.get('CFF ');
  if (cff) {
    const head = readAt(fd, cff.offset, Math.min(cff.length, CFF_HEAD_BYTES));
    let charStrings: number | undefined;
    try {
      const topDicts = readIndex(head, readIndex(head, head.readUInt8(2)).end);
      charStrings = topDicts.items.length ? readDict(head, ...topDicts.items[0]).get(17)?.[0] : undefined;
    } catch {
      // A Top DICT beyond the bytes read (no font seen has one): the table is read whole.
    }
    if (charStrings === undefined || charStrings + 3 > cff.length) return null;
    const at = cff.offset + charStrings;
    const index = readAt(fd, at, 3);
    const count = index.readUInt16BE(0);
    const offSize = index.readUInt8(2);
    const tableEnd = cff.offset + cff.length;
    if (count === 0 || offSize < 1 || offSize > 4 || at + 3 + (count + 1) * offSize > tableEnd) return null;
    // CFF offsets count from 1, from the byte before the data.
    const base = at + 2 + (count + 1) * offSize;
    const end = base + readAt(fd, at + 3 + count * offSize, offSize).readUIntBE(0, offSize);
    if (end > tableEnd) return null;
    const offset = (file: Buffer, i: number) => file.readUIntBE(at + 3 + i * offSize, offSize);
    return {
      start: base + 1,
      end,
      glyph: (file, g) => (g < count ? [base + offset(file, g), base + offset(file, g + 1)] : [base + 1, base + 1]),
    };
  }
  const glyf = sfnt.tables.get('glyf');
  const loca = sfnt.table('loca');
  if (!glyf || !loca) return null;
  const longOffsets = sfnt.required('head').readInt16BE(50) === 1;
  const entries = longOffsets ? loca.length / 4 : loca.length / 2;
  const offset = (g: number) => glyf.offset + (longOffsets ? loca.readUInt32BE(4 * g) : 2 * loca.readUInt16BE(2 * g));
  return {
    start: glyf.offset,
    end: glyf.offset + glyf.length,
    glyph: (_file, g) => (g + 1 < entries ? [offset(g), offset(g + 1)] : [glyf.offset, glyf.offset]),
  };
}
