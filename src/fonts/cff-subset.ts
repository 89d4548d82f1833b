/**
 * Cuts a CID-keyed CFF font program (the Noto CJK faces) down to some of its glyphs. The glyphs'
 * CharStrings are copied with every subroutine they call written out in place (desubroutinized,
 * as hb-subset does when asked): with the few hundred glyphs of a page most subroutines serve one
 * or two of them, so the program comes out smaller once compressed than one keeping them. Only
 * the Font DICTs the glyphs use are kept. Done here rather than by hb-subset because it is a few
 * hundred times less work than HarfBuzz's general subsetter, run as WebAssembly, spends on it.
 *
 * Only the bytes needed are read from the file: the program less its CharStrings, and the
 * CharStrings of the glyphs cut.
 */
import { dictEntries, readCharset, readDict, type DictEntry } from './cff-charset.js';
import { readAt, type TableRecord } from './sfnt.js';

/** A CFF program cut down, and the CID of each of its glyphs (glyph 0 is CID 0). */
export interface CutCff {
  program: Buffer;
  cids: number[];
}

/** The CFF INDEX at `at`, read item by item (a CJK font's CharStrings INDEX has 65,535). */
class Index {
  readonly count: number;
  private readonly offSize: number;
  /** The byte before the first item's data: CFF offsets count from 1. */
  private readonly base: number;
  constructor(
    private readonly cff: Buffer,
    private readonly at: number,
  ) {
    this.count = cff.readUInt16BE(at);
    this.offSize = this.count ? cff.readUInt8(at + 2) : 0;
    if (this.count && (this.offSize < 1 || this.offSize > 4)) throw new CffError(`an INDEX has offsets of ${this.offSize} bytes`);
    this.base = at + 2 + (this.count + 1) * this.offSize;
  }
  /** Where the offsets end and the data begins. */
  get dataStart(): number {
    return this.base + 1;
  }
  private offset(i: number): number {
    return this.base + this.cff.readUIntBE(this.at + 3 + i * this.offSize, this.offSize);
  }
  item(i: number): [start: number, end: number] {
    return [this.offset(i), this.offset(i + 1)];
  }
  get end(): number {
    return this.count ? this.offset(this.count) : this.at + 2;
  }
}

/** A CFF program this subsetter does not take (it is then left to hb-subset). */
class CffError extends Error {}

/** How much of the table is read first: the header, names, Top DICT and the CharStrings INDEX's place lie well inside. */
const HEAD_BYTES = 64 * 1024;
/** Ranges close together read as one: a read of a few KB more costs less than another call. */
const READ_GAP = 4096;

/**
 * The CID-keyed CFF table `table` of the open font file `fd` holding only `glyphs` (ascending,
 * glyph 0 first), in that order; null when the program is not CID-keyed or uses what this
 * subsetter does not write out (arithmetic in CharStrings, subroutine numbers computed).
 */
export function cutCidCff(fd: number, table: TableRecord, glyphs: readonly number[]): CutCff | null {
  try {
    return cut(fd, table, glyphs);
  } catch (e) {
    if (e instanceof CffError || e instanceof RangeError) return null;
    throw e;
  }
}

function cut(fd: number, table: TableRecord, glyphs: readonly number[]): CutCff | null {
  // The table in a buffer of its size, of which only the bytes used are read.
  const cff = Buffer.allocUnsafe(table.length);
  const read = (start: number, end: number) => {
    if (end > start && readAt(fd, table.offset + start, end - start, cff.subarray(start, end)).length !== end - start) throw new CffError('the CFF table runs past the end of the file');
  };
  read(0, Math.min(table.length, HEAD_BYTES));
  const names = new Index(cff, cff.readUInt8(2));
  const tops = new Index(cff, names.end);
  if (tops.count < 1) throw new CffError('no Top DICT');
  const topEntries = dictEntries(cff, ...tops.item(0));
  const top = new Map(topEntries.map((e) => [e.op, e.operands]));
  const charStringsAt = top.get(17)?.[0];
  const charsetAt = top.get(15)?.[0];
  const fdArrayAt = top.get(1236)?.[0];
  const fdSelectAt = top.get(1237)?.[0];
  // ROS (12 30) marks a CID-keyed font.
  if (!top.has(1230) || charStringsAt === undefined || charsetAt === undefined || fdArrayAt === undefined || fdSelectAt === undefined || (top.get(1206)?.[0] ?? 2) !== 2) return null;
  // Everything but the outlines, then the outlines of the glyphs cut.
  read(HEAD_BYTES, charStringsAt + 3);
  const charStrings = new Index(cff, charStringsAt);
  read(Math.max(HEAD_BYTES, charStringsAt + 3), charStrings.dataStart);
  read(Math.max(HEAD_BYTES, charStrings.end), table.length);
  if (glyphs[0] !== 0 || glyphs[glyphs.length - 1] >= charStrings.count) throw new CffError('glyph out of range');
  const ranges: [number, number][] = [];
  for (const g of glyphs) {
    const [start, end] = charStrings.item(g);
    const last = ranges[ranges.length - 1];
    if (last && start - last[1] < READ_GAP) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  for (const [start, end] of ranges) read(Math.max(start, HEAD_BYTES), end);

  const strings = new Index(cff, tops.end);
  const globalSubrs = new Index(cff, strings.end);
  const fdArray = new Index(cff, fdArrayAt);
  const fdOf = fdSelect(cff, fdSelectAt, charStrings.count);
  const allCids = readCharset(cff, charsetAt, glyphs[glyphs.length - 1] + 1).cids;

  // The Font DICTs used, in their order, each with its Private DICT and local subroutines.
  const fdsUsed = [...new Set(glyphs.map(fdOf))].sort((a, b) => a - b);
  const newFd = new Map(fdsUsed.map((fd, i) => [fd, i]));
  const fonts = fdsUsed.map((i) => {
    if (i >= fdArray.count) throw new CffError(`FDSelect names Font DICT ${i} of ${fdArray.count}`);
    const entries = dictEntries(cff, ...fdArray.item(i));
    const priv = entries.find((e) => e.op === 18)?.operands;
    if (!priv || priv.length !== 2) throw new CffError('a Font DICT has no Private DICT');
    const [size, at] = priv;
    const privEntries = dictEntries(cff, at, at + size);
    const subrs = readDict(cff, at, at + size).get(19)?.[0];
    return { entries, privEntries, subrs: subrs === undefined ? null : new Index(cff, at + subrs) };
  });

  const writer = new CharStringWriter(cff, globalSubrs);
  const outlines = glyphs.map((g) => writer.flatten(charStrings.item(g), fonts[newFd.get(fdOf(g))!].subrs));

  // The new program: header and names as they were, the strings named, no global subroutines.
  const header = Buffer.from([cff[0], cff[1], 4, 4]);
  const nameIndex = cff.subarray(cff.readUInt8(2), names.end);
  const keptTop = topEntries.filter((e) => !DROPPED_TOP.has(e.op));
  const sids = stringsNamed([keptTop, ...fonts.map((f) => f.entries)]);
  const stringIndex = index([...sids.keys()].map((sid) => {
    if (sid - STANDARD_STRINGS >= strings.count) throw new CffError(`string ${sid} named, of ${STANDARD_STRINGS + strings.count}`);
    return cff.subarray(...strings.item(sid - STANDARD_STRINGS));
  }));
  const charset = Buffer.alloc(1 + 2 * (glyphs.length - 1));
  glyphs.forEach((g, i) => i && charset.writeUInt16BE(allCids[g], 1 + 2 * (i - 1)));
  const select = fdSelectTable(glyphs.map((g) => newFd.get(fdOf(g))!));
  const charStringIndex = index(outlines);
  const privates = fonts.map((f) => dict(f.privEntries.filter((e) => e.op !== 19), cff, new Map(), sids));
  // Offsets are written as 5-byte integers, so that the DICTs' sizes do not depend on them.
  const topFor = (offsets: Map<number, number[]>) => index([dict(keptTop, cff, offsets, sids)]);
  const topSize = topFor(new Map([[15, [0]], [17, [0]], [1236, [0]], [1237, [0]]])).length;
  const charsetOffset = header.length + nameIndex.length + topSize + stringIndex.length + EMPTY_INDEX.length;
  const fdSelectOffset = charsetOffset + charset.length;
  const charStringsOffset = fdSelectOffset + select.length;
  const fdArrayOffset = charStringsOffset + charStringIndex.length;
  const fontDicts = (privateAt: number[]) => index(fonts.map((f, i) => dict(f.entries, cff, new Map([[18, [privates[i].length, privateAt[i]]]]), sids)));
  const fdArraySize = fontDicts(fonts.map(() => 0)).length;
  const privateAt: number[] = [];
  let at = fdArrayOffset + fdArraySize;
  for (const p of privates) {
    privateAt.push(at);
    at += p.length;
  }
  const program = Buffer.concat([
    header,
    nameIndex,
    topFor(new Map([[15, [charsetOffset]], [17, [charStringsOffset]], [1236, [fdArrayOffset]], [1237, [fdSelectOffset]]])),
    stringIndex,
    EMPTY_INDEX,
    charset,
    select,
    charStringIndex,
    fontDicts(privateAt),
    ...privates,
  ]);
  return { program, cids: glyphs.map((g) => allCids[g]) };
}

/**
 * Top DICT entries a subset does not keep: its identity for font caches (UniqueID, XUID,
 * UIDBase), which a subset must not share with the whole font.
 */
const DROPPED_TOP = new Set([13, 14, 1235]);
const EMPTY_INDEX = Buffer.from([0, 0]);

/** The Font DICT of each glyph, by FDSelect format 0 or 3. */
function fdSelect(cff: Buffer, at: number, glyphs: number): (glyph: number) => number {
  const format = cff.readUInt8(at);
  if (format === 0) return (g) => cff.readUInt8(at + 1 + g);
  if (format !== 3) throw new CffError(`FDSelect format ${format}`);
  const ranges = cff.readUInt16BE(at + 1);
  const first = (r: number) => cff.readUInt16BE(at + 3 + 3 * r);
  if (ranges < 1 || first(0) !== 0 || first(ranges) < glyphs) throw new CffError('FDSelect does not cover every glyph');
  return (g) => {
    // The last range starting at or before g.
    let [lo, hi] = [0, ranges - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (first(mid) <= g) lo = mid;
      else hi = mid - 1;
    }
    return cff.readUInt8(at + 3 + 3 * lo + 2);
  };
}

/**
 * FDSelect for the Font DICT of each glyph, in ranges (format 3). Format 0 (a byte a glyph) would
 * at times be a few bytes smaller, but fontkit reads it only where the Top DICT gives the
 * CharStrings before it.
 */
function fdSelectTable(fds: readonly number[]): Buffer {
  const starts = fds.flatMap((fd, g) => (g === 0 || fd !== fds[g - 1] ? [g] : []));
  const out = Buffer.alloc(5 + 3 * starts.length);
  out.writeUInt8(3, 0);
  out.writeUInt16BE(starts.length, 1);
  starts.forEach((g, r) => {
    out.writeUInt16BE(g, 3 + 3 * r);
    out.writeUInt8(fds[g], 5 + 3 * r);
  });
  out.writeUInt16BE(fds.length, 3 + 3 * starts.length);
  return out;
}

/** A CFF INDEX of `items`, with the smallest offsets that hold them. */
function index(items: readonly Uint8Array[]): Buffer {
  if (!items.length) return EMPTY_INDEX;
  const total = items.reduce((n, it) => n + it.length, 0);
  const offSize = total + 1 < 1 << 8 ? 1 : total + 1 < 1 << 16 ? 2 : total + 1 < 1 << 24 ? 3 : 4;
  const out = Buffer.alloc(3 + (items.length + 1) * offSize + total);
  out.writeUInt16BE(items.length, 0);
  out.writeUInt8(offSize, 2);
  let offset = 1;
  let data = 3 + (items.length + 1) * offSize;
  items.forEach((it, i) => {
    out.writeUIntBE(offset, 3 + i * offSize, offSize);
    out.set(it, data);
    offset += it.length;
    data += it.length;
  });
  out.writeUIntBE(offset, 3 + items.length * offSize, offSize);
  return out;
}

/**
 * DICT operators whose operands (all of them, or the first two for ROS) are strings, by SID: the
 * font's own strings are numbered after the 391 standard ones.
 */
const STRING_OPERANDS = new Map<number, number>([...[0, 1, 2, 3, 4, 1200, 1221, 1222, 1238].map((op): [number, number] => [op, Infinity]), [1230, 2]]);
const STANDARD_STRINGS = 391;

/** The font's own strings that `dicts` name, old SID to new, in the order of the old. */
function stringsNamed(dicts: readonly (readonly DictEntry[])[]): Map<number, number> {
  const sids = new Set<number>();
  for (const entries of dicts) {
    for (const e of entries) {
      const n = STRING_OPERANDS.get(e.op) ?? 0;
      e.operands.slice(0, n).forEach((sid) => sid >= STANDARD_STRINGS && sids.add(sid));
    }
  }
  return new Map([...sids].sort((a, b) => a - b).map((sid, i) => [sid, STANDARD_STRINGS + i]));
}

/**
 * A DICT of `entries` as they were in `cff`, but those in `offsets` given these operands as 5-byte
 * integers (so that the DICT's size does not depend on them), and strings renumbered by `sids`.
 */
function dict(entries: readonly DictEntry[], cff: Buffer, offsets: ReadonlyMap<number, number[]>, sids: ReadonlyMap<number, number>): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const fixed = offsets.get(e.op);
    const strings = STRING_OPERANDS.get(e.op) ?? 0;
    if (!fixed && !strings) {
      parts.push(cff.subarray(e.start, e.end));
      continue;
    }
    const operands = fixed ?? e.operands.map((v, i) => (i < strings ? (sids.get(v) ?? v) : v));
    parts.push(...operands.map((v) => (fixed ? dictInteger5(v) : dictInteger(v))), Buffer.from(e.op >= 1200 ? [12, e.op - 1200] : [e.op]));
  }
  return Buffer.concat(parts);
}

/** An integer DICT operand in 5 bytes. */
function dictInteger5(v: number): Buffer {
  const bytes = Buffer.alloc(5);
  bytes.writeUInt8(29, 0);
  bytes.writeInt32BE(v, 1);
  return bytes;
}

/** An integer DICT operand in as few bytes as hold it. */
function dictInteger(v: number): Buffer {
  if (v >= -107 && v <= 107) return Buffer.from([v + 139]);
  if (v >= 108 && v <= 1131) return Buffer.from([((v - 108) >> 8) + 247, (v - 108) & 0xff]);
  if (v >= -1131 && v <= -108) return Buffer.from([((-v - 108) >> 8) + 251, (-v - 108) & 0xff]);
  if (v >= -32768 && v <= 32767) return Buffer.from([28, (v >> 8) & 0xff, v & 0xff]);
  return dictInteger5(v);
}

/** The bias added to a subroutine number in a Type 2 CharString, by the number of subroutines. */
const bias = (count: number) => (count < 1240 ? 107 : count < 33900 ? 1131 : 32768);

/** Type 2 operators by their byte. */
const HSTEM = 1;
const VSTEM = 3;
const CALLSUBR = 10;
const RETURN = 11;
const ESCAPE = 12;
const ENDCHAR = 14;
const HSTEMHM = 18;
const HINTMASK = 19;
const CNTRMASK = 20;
const VSTEMHM = 23;
const SHORTINT = 28;
const CALLGSUBR = 29;
/** Bytes 0–31 that are no Type 2 operator. */
const RESERVED = new Set([0, 2, 9, 13, 15, 16, 17]);
/** Two-byte operators (12 x) that draw (dotsection and the flexes); the others compute, which this writer does not follow. */
const DRAWING_ESCAPES = new Set([0, 34, 35, 36, 37]);
/** Subroutines nest at most this deep (Type 2 limit). */
const MAX_NESTING = 10;

/**
 * Writes Type 2 CharStrings out with every subroutine call replaced by the subroutine's body.
 * A call's subroutine number must be the number pushed just before it (as font tools write
 * them). Stems are counted to step over hintmask and cntrmask bytes.
 */
class CharStringWriter {
  private out = Buffer.allocUnsafe(1 << 16);
  private length = 0;
  /** Where each operand on the stack starts in the output and its value (the stack holds numbers only). */
  private operandAt: number[] = [];
  private operands: number[] = [];
  private stems = 0;
  private ended = false;

  constructor(
    private readonly cff: Buffer,
    private readonly globalSubrs: Index,
  ) {}

  /** The CharString at [start, end) with its subroutines written out. */
  flatten([start, end]: [number, number], localSubrs: Index | null): Buffer {
    this.length = 0;
    this.operandAt.length = 0;
    this.operands.length = 0;
    this.stems = 0;
    this.ended = false;
    this.run(start, end, localSubrs, 0);
    if (!this.ended) throw new CffError('a CharString does not end with endchar');
    return Buffer.from(this.out.subarray(0, this.length));
  }

  private emit(from: number, to: number): void {
    const n = to - from;
    if (this.length + n > this.out.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.out.length, this.length + n));
      this.out.copy(grown, 0, 0, this.length);
      this.out = grown;
    }
    this.cff.copy(this.out, this.length, from, to);
    this.length += n;
  }

  private run(start: number, end: number, localSubrs: Index | null, depth: number): void {
    const cff = this.cff;
    let at = start;
    while (at < end && !this.ended) {
      const b0 = cff[at];
      if (b0 >= 32 || b0 === SHORTINT) {
        const size = b0 === SHORTINT ? 3 : b0 <= 246 ? 1 : b0 <= 254 ? 2 : 5;
        const value = b0 === SHORTINT ? cff.readInt16BE(at + 1) : b0 <= 246 ? b0 - 139 : b0 <= 250 ? (b0 - 247) * 256 + cff[at + 1] + 108 : b0 <= 254 ? -(b0 - 251) * 256 - cff[at + 1] - 108 : NaN;
        this.operandAt.push(this.length);
        this.operands.push(value);
        this.emit(at, at + size);
        at += size;
        continue;
      }
      if (b0 === CALLSUBR || b0 === CALLGSUBR) {
        const subrs = b0 === CALLSUBR ? localSubrs : this.globalSubrs;
        const number = this.operands.pop();
        if (!subrs || number === undefined || !Number.isInteger(number) || depth >= MAX_NESTING) throw new CffError('a subroutine call this writer does not follow');
        this.length = this.operandAt.pop()!;
        const i = number + bias(subrs.count);
        if (i < 0 || i >= subrs.count) throw new CffError(`subroutine ${i} of ${subrs.count} called`);
        this.run(...subrs.item(i), localSubrs, depth + 1);
        at++;
        continue;
      }
      if (b0 === RETURN) return;
      if (RESERVED.has(b0) || (b0 === ESCAPE && !DRAWING_ESCAPES.has(cff[at + 1]))) throw new CffError(`CharString operator ${b0 === ESCAPE ? `12 ${cff[at + 1]}` : b0}`);
      let size = b0 === ESCAPE ? 2 : 1;
      if (b0 === HSTEM || b0 === VSTEM || b0 === HSTEMHM || b0 === VSTEMHM || b0 === HINTMASK || b0 === CNTRMASK) {
        // Stems are given in pairs; an odd operand first is the glyph's width. Operands before hintmask are vstems.
        this.stems += this.operands.length >> 1;
        if (b0 === HINTMASK || b0 === CNTRMASK) size += (this.stems + 7) >> 3;
      } else if (b0 === ENDCHAR) {
        // endchar with four operands more is seac, which a CID-keyed font has no use for.
        if (this.operands.length >= 4) throw new CffError('endchar as seac');
        this.ended = true;
      }
      this.emit(at, at + size);
      at += size;
      this.operandAt.length = 0;
      this.operands.length = 0;
    }
  }
}
