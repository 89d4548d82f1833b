/**
 * Cuts a CFF face down to some of its glyphs, numbered in the order of their ids, for embedding
 * as a PDF font program (FontFile3). Each glyph's charstring is written with the subroutines it
 * calls inlined (desubroutinized): with the few hundred glyphs of a page most subroutines serve
 * one or two glyphs, so the program comes out smaller than one that keeps them, and no subroutine
 * has to be renumbered. Only the Top DICT's offsets, the FDArray and FDSelect of the font dicts
 * kept, and the Private DICTs without their Subrs change; names, strings and hints are copied.
 *
 * The table is read as the cutter needs it, a page at a time into memory at the table's own
 * offsets (the DICTs, the subroutines called, the offsets of the glyphs cut), and the glyphs'
 * charstrings into memory of their own: of a 16 MB CJK face, a few hundred KB for a page.
 */
import { dictEntries, type DictEntry } from './cff-charset.js';
import { readAt, type TableRecord } from './sfnt.js';

/** Bytes of a table read a page at a time: a page of memory is touched only where the table is read. */
const PAGE_BITS = 12;

/** A table's bytes at its own offsets, read from the font file as they are first asked for. */
class PagedTable {
  readonly data: Buffer;
  private readonly loaded: Uint8Array;
  /** The font file open while the table is read. */
  fd = -1;

  constructor(
    readonly record: TableRecord,
    allocate: (size: number) => Buffer,
  ) {
    this.data = allocate(record.length);
    this.loaded = new Uint8Array((record.length >> PAGE_BITS) + 1);
  }

  /** Makes sure the bytes from `start` to `end` are read; CffError when they lie outside the table. */
  need(start: number, end: number): void {
    if (start < 0 || end > this.record.length) throw new CffError(`bytes ${start}–${end} of a CFF table of ${this.record.length}`);
    const last = (end - 1) >> PAGE_BITS;
    for (let page = start >> PAGE_BITS; page <= last; page++) if (!this.loaded[page]) return this.read(page, last);
  }

  /** Reads the pages not read from `first` to `last`, each run of them in one read. */
  private read(first: number, last: number): void {
    for (let page = first; page <= last; page++) {
      if (this.loaded[page]) continue;
      let to = page;
      while (to < last && !this.loaded[to + 1]) to++;
      const start = page << PAGE_BITS;
      const end = Math.min(this.record.length, (to + 1) << PAGE_BITS);
      const got = readAt(this.fd, this.record.offset + start, end - start, this.data.subarray(start, end));
      if (got.length !== end - start) throw new CffError('the CFF table runs past the end of the file');
      this.loaded.fill(1, page, to + 1);
      page = to;
    }
  }
}

/** A CFF INDEX read in place: item i lies from start(i) to itemEnd(i). */
class IndexView {
  readonly count: number;
  /** Where the INDEX ends. */
  readonly end: number;
  private readonly offSize: number;
  private readonly base: number;
  private readonly data: Buffer;

  constructor(
    private readonly table: PagedTable,
    private readonly at: number,
  ) {
    const data = (this.data = table.data);
    table.need(at, at + 3);
    this.count = data.readUInt16BE(at);
    this.offSize = this.count ? data[at + 2] : 0;
    if (this.count && (this.offSize < 1 || this.offSize > 4)) throw new CffError(`an INDEX at ${at} has offsets of ${this.offSize} bytes`);
    this.base = at + 2 + (this.count + 1) * this.offSize;
    this.end = this.count ? this.base + this.offset(this.count) : at + 2;
  }

  private offset(i: number): number {
    const at = this.at + 3 + i * this.offSize;
    this.table.need(at, at + this.offSize);
    return this.data.readUIntBE(at, this.offSize);
  }

  start(i: number): number {
    return this.base + this.offset(i);
  }

  itemEnd(i: number): number {
    return this.base + this.offset(i + 1);
  }
}

/** A CFF table this cutter does not read (the subsetter then hands the face to HarfBuzz). */
export class CffError extends Error {}

/** Top DICT and Font DICT operators whose operands are offsets, written anew. */
const CHARSET = 15;
const ENCODING = 16;
const CHAR_STRINGS = 17;
const PRIVATE = 18;
const SUBRS = 19;
const ROS = 1230;
const CHARSTRING_TYPE = 1206;
const SYNTHETIC_BASE = 1220;
const FD_ARRAY = 1236;
const FD_SELECT = 1237;
const OFFSET_OPERATORS = new Set([CHARSET, ENCODING, CHAR_STRINGS, PRIVATE, FD_ARRAY, FD_SELECT]);

/** The font dicts of a CID-keyed face, or the one Private DICT of a name-keyed one. */
interface FontDict {
  /** The Font DICT's entries but Private (none for a name-keyed face). */
  entries: DictEntry[];
  /** The Private DICT's entries but Subrs. */
  privateEntries: DictEntry[];
  /** Local subroutines, if any. */
  subrs: IndexView | null;
}

/** Subroutine numbers are stored less a bias that depends on how many there are (Type 2 charstrings, 4.7). */
const bias = (count: number) => (count < 1240 ? 107 : count < 33900 ? 1131 : 32768);

/** Subroutines may call subroutines ten deep (Type 2 charstring limits). */
const MAX_DEPTH = 10;

/** A CFF table read for cutting. */
export class CffTable {
  private readonly table: PagedTable;
  private readonly charStrings: IndexView;
  private readonly globalSubrs: IndexView;
  private readonly top: DictEntry[];
  private readonly fonts: FontDict[];
  private readonly fdSelect: ((glyph: number) => number) | null;
  /** The CID (or SID of the name) of each of some glyphs, sorted. */
  private readonly charset: (glyphs: readonly number[]) => number[];
  /** The header and Name INDEX, and the String INDEX, copied as they are. */
  private readonly names: [number, number];
  private readonly strings: [number, number];
  /** Each glyph's charstring once inlined. */
  private readonly flat = new Map<number, Buffer>();

  /**
   * Reads what it needs of the CFF table `record` of the font file open as `fd`, into memory
   * from `allocate` (which may hold anything: only bytes read are read back).
   */
  constructor(fd: number, record: TableRecord, allocate: (size: number) => Buffer = Buffer.allocUnsafe) {
    const table = (this.table = new PagedTable(record, allocate));
    table.fd = fd;
    const data = table.data;
    table.need(0, 4);
    if (data[0] !== 1) throw new CffError(`CFF version ${data[0]}`);
    const nameIndex = new IndexView(table, data[2]);
    const topIndex = new IndexView(table, nameIndex.end);
    const stringIndex = new IndexView(table, topIndex.end);
    this.globalSubrs = new IndexView(table, stringIndex.end);
    if (topIndex.count !== 1) throw new CffError(`${topIndex.count} fonts in one CFF table`);
    this.names = [0, nameIndex.end];
    this.strings = [topIndex.end, stringIndex.end];
    table.need(0, stringIndex.end);
    this.top = this.dict(topIndex.start(0), topIndex.itemEnd(0));
    const top = new Map(this.top.map((e) => [e.op, e.operands]));
    if ((top.get(CHARSTRING_TYPE)?.[0] ?? 2) !== 2 || top.has(SYNTHETIC_BASE)) throw new CffError('charstrings of type 1 or a synthetic font');
    const charStringsAt = top.get(CHAR_STRINGS)?.[0];
    if (charStringsAt === undefined) throw new CffError('no CharStrings');
    this.charStrings = new IndexView(table, charStringsAt);
    const count = this.charStrings.count;
    const cidKeyed = top.has(ROS);
    const charsetAt = top.get(CHARSET)?.[0] ?? 0;
    if (charsetAt === 0 && !cidKeyed) this.charset = (glyphs) => [...glyphs]; // ISOAdobe: a glyph's SID is its id
    else if (charsetAt <= 2) throw new CffError('a predefined expert charset');
    else this.charset = (glyphs) => charsetEntries(table, charsetAt, glyphs);
    if (cidKeyed) {
      const fdArray = top.get(FD_ARRAY)?.[0];
      const fdSelect = top.get(FD_SELECT)?.[0];
      if (fdArray === undefined || fdSelect === undefined) throw new CffError('a CID-keyed font without FDArray or FDSelect');
      const dicts = new IndexView(table, fdArray);
      this.fonts = Array.from({ length: dicts.count }, (_, i) => {
        const entries = this.dict(dicts.start(i), dicts.itemEnd(i));
        return { ...this.privateDict(entries.find((e) => e.op === PRIVATE)?.operands), entries: entries.filter((e) => e.op !== PRIVATE) };
      });
      this.fdSelect = fdSelectOf(table, fdSelect, count, this.fonts.length);
    } else {
      this.fonts = [{ ...this.privateDict(top.get(PRIVATE)), entries: [] }];
      this.fdSelect = null;
    }
    table.fd = -1;
  }

  /** The entries of the DICT from `start` to `end`, read. */
  private dict(start: number, end: number): DictEntry[] {
    this.table.need(start, end);
    return dictEntries(this.table.data, start, end);
  }

  private privateDict(operands: number[] | undefined): Omit<FontDict, 'entries'> {
    if (!operands || operands.length < 2) return { privateEntries: [], subrs: null };
    const [size, at] = operands;
    const privateEntries = this.dict(at, at + size);
    const subrs = privateEntries.find((e) => e.op === SUBRS)?.operands[0];
    return { privateEntries: privateEntries.filter((e) => e.op !== SUBRS), subrs: subrs === undefined ? null : new IndexView(this.table, at + subrs) };
  }

  get glyphCount(): number {
    return this.charStrings.count;
  }

  /**
   * The CFF program holding `wanted` (sorted glyph ids, 0 first; their outlines read from the
   * font file open as `fd` if not read yet), each glyph's charstring with
   * its subroutines inlined; CffError for a charstring this cutter does not inline (an accented
   * glyph built by seac, a subroutine number computed by arithmetic).
   */
  cut(fd: number, wanted: readonly number[]): Buffer {
    if (wanted.some((g) => g >= this.charStrings.count)) throw new CffError('a glyph beyond the font');
    this.table.fd = fd;
    try {
      this.flatten(fd, wanted);
      return this.program(wanted);
    } finally {
      this.table.fd = -1;
    }
  }

  /** The program of `wanted`, their charstrings inlined. */
  private program(wanted: readonly number[]): Buffer {
    const charStrings = wanted.map((g) => this.flat.get(g)!);
    const fdOf = this.fdSelect;
    const fontsKept = fdOf ? [...new Set(wanted.map(fdOf))].sort((a, b) => a - b) : [0];
    const newFd = new Map(fontsKept.map((fd, i) => [fd, i]));
    const out = new ProgramWriter();

    // Header and Name INDEX, Top DICT INDEX, String INDEX, an empty Global Subr INDEX.
    const topCopied = this.top.filter((e) => !OFFSET_OPERATORS.has(e.op));
    const offsetEntries = fdOf ? entrySize(CHARSET, 1) + entrySize(CHAR_STRINGS, 1) + entrySize(FD_SELECT, 1) + entrySize(FD_ARRAY, 1) : entrySize(CHARSET, 1) + entrySize(CHAR_STRINGS, 1) + entrySize(PRIVATE, 2);
    const topSize = topCopied.reduce((n, e) => n + e.end - e.start, 0) + offsetEntries;
    const topIndexSize = indexSize([topSize]);
    const header = this.table.data.subarray(...this.names);
    const strings = this.table.data.subarray(...this.strings);
    const charsetSize = 1 + 2 * (wanted.length - 1);
    const fdSelectSize = fdOf ? 1 + 2 + 3 * runs(wanted.map((g) => newFd.get(fdOf(g))!)).length + 2 : 0;
    const charStringsSize = indexSize(charStrings.map((c) => c.length));
    const fontDictSizes = fontsKept.map((fd) => this.fonts[fd].entries.reduce((n, e) => n + e.end - e.start, 0) + entrySize(PRIVATE, 2));
    const privateSizes = fontsKept.map((fd) => this.fonts[fd].privateEntries.reduce((n, e) => n + e.end - e.start, 0));
    const charsetAt = header.length + topIndexSize + strings.length + 2;
    const fdSelectAt = charsetAt + charsetSize;
    const charStringsAt = fdSelectAt + fdSelectSize;
    const fdArrayAt = charStringsAt + charStringsSize;
    const privateAt = fdArrayAt + (fdOf ? indexSize(fontDictSizes) : 0);

    out.bytes(header);
    out.indexHead([topSize]);
    for (const e of topCopied) out.bytes(this.table.data.subarray(e.start, e.end));
    out.offsetEntry(CHARSET, charsetAt);
    out.offsetEntry(CHAR_STRINGS, charStringsAt);
    if (fdOf) {
      out.offsetEntry(FD_SELECT, fdSelectAt);
      out.offsetEntry(FD_ARRAY, fdArrayAt);
    } else out.offsetEntry(PRIVATE, privateSizes[0], privateAt);
    out.bytes(strings);
    out.indexHead([]);

    out.u8(0); // charset format 0: each glyph's CID (or name's SID)
    for (const cid of this.charset(wanted.slice(1))) out.u16(cid);
    if (fdOf) {
      const ranges = runs(wanted.map((g) => newFd.get(fdOf(g))!));
      out.u8(3);
      out.u16(ranges.length);
      for (const [first, fd] of ranges) {
        out.u16(first);
        out.u8(fd);
      }
      out.u16(wanted.length);
    }
    out.indexHead(charStrings.map((c) => c.length));
    for (const c of charStrings) out.bytes(c);
    if (fdOf) {
      out.indexHead(fontDictSizes);
      let at = privateAt;
      fontsKept.forEach((fd, i) => {
        for (const e of this.fonts[fd].entries) out.bytes(this.table.data.subarray(e.start, e.end));
        out.offsetEntry(PRIVATE, privateSizes[i], at);
        at += privateSizes[i];
      });
    }
    for (const fd of fontsKept) for (const e of this.fonts[fd].privateEntries) out.bytes(this.table.data.subarray(e.start, e.end));
    return out.done();
  }

  /**
   * Inlines the charstrings of `glyphs` not inlined yet, read from the file open as `fd`, ranges
   * close together in one read into memory of their own (read at the table's offsets, each
   * glyph's few hundred bytes would touch a page of memory of its own).
   */
  private flatten(fd: number, glyphs: readonly number[]): void {
    const missing = glyphs.filter((g) => !this.flat.has(g));
    const ranges = mergedRanges(missing.map((g) => [this.charStrings.start(g), this.charStrings.itemEnd(g)]));
    const flattener = new Flattener(this.table, this.globalSubrs);
    let k = 0;
    for (const [start, end] of ranges) {
      const block = readAt(fd, this.table.record.offset + start, end - start);
      if (block.length !== end - start) throw new CffError('the CFF table runs past the end of the file');
      for (; k < missing.length && this.charStrings.start(missing[k]) < end; k++) {
        const g = missing[k];
        const font = this.fonts[this.fdSelect ? this.fdSelect(g) : 0];
        this.flat.set(g, flattener.charString(block, this.charStrings.start(g) - start, this.charStrings.itemEnd(g) - start, font.subrs));
      }
    }
  }
}

/** The charset entries (CIDs or SIDs) of `glyphs` (sorted, without glyph 0) from a charset of format 0, 1 or 2 at `at`. */
function charsetEntries(table: PagedTable, at: number, glyphs: readonly number[]): number[] {
  const data = table.data;
  table.need(at, at + 1);
  const format = data[at];
  if (format === 0) {
    return glyphs.map((g) => {
      table.need(at + 2 * g - 1, at + 2 * g + 1);
      return data.readUInt16BE(at + 2 * g - 1);
    });
  }
  if (format !== 1 && format !== 2) throw new CffError(`charset format ${format}`);
  const size = format === 1 ? 3 : 4;
  const out: number[] = [];
  // Ranges of consecutive CIDs, the first glyph of each one past the glyphs of the ranges before.
  let first = 1;
  let range = at + 1;
  for (let k = 0; k < glyphs.length; k++) {
    const g = glyphs[k];
    for (;;) {
      table.need(range, range + size);
      const left = format === 1 ? data[range + 2] : data.readUInt16BE(range + 2);
      if (g <= first + left) break;
      first += left + 1;
      range += size;
    }
    out.push(data.readUInt16BE(range) + g - first);
  }
  return out;
}

/** The FD of each glyph, from an FDSelect of format 0 or 3. */
function fdSelectOf(table: PagedTable, at: number, glyphs: number, fonts: number): (glyph: number) => number {
  const data = table.data;
  table.need(at, at + 3);
  const format = data[at];
  const checked = (fd: number) => {
    if (fd >= fonts) throw new CffError(`FDSelect names font dict ${fd} of ${fonts}`);
    return fd;
  };
  if (format === 0) {
    table.need(at + 1, at + 1 + glyphs);
    return (g) => checked(data[at + 1 + g]);
  }
  if (format !== 3) throw new CffError(`FDSelect format ${format}`);
  const count = data.readUInt16BE(at + 1);
  table.need(at + 3, at + 5 + 3 * count);
  const firsts = Array.from({ length: count + 1 }, (_, i) => data.readUInt16BE(at + 3 + 3 * i));
  if (firsts[count] < glyphs) throw new CffError('FDSelect ends before the glyphs do');
  return (g) => {
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= g) lo = mid;
      else hi = mid - 1;
    }
    return checked(data[at + 3 + 3 * lo + 2]);
  };
}

/** Runs of equal values as [first index, value] (FDSelect format 3). */
function runs(values: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  values.forEach((v, i) => {
    if (!out.length || out[out.length - 1][1] !== v) out.push([i, v]);
  });
  return out;
}

/** Reads close together read as one: a few KB more cost less than another call. */
const READ_GAP = 4096;

/** The ranges sorted, empty ones dropped, and those overlapping or less than READ_GAP apart joined. */
export function mergedRanges(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [start, end] of ranges.filter(([a, b]) => b > a).sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && start - last[1] < READ_GAP) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** Bytes of a DICT entry of offsets, each written as a 5-byte integer so that sizes are known before offsets. */
const entrySize = (op: number, operands: number) => 5 * operands + (op >= 1200 ? 2 : 1);

/** Bytes an INDEX of items of these sizes takes. */
function indexSize(sizes: readonly number[]): number {
  if (!sizes.length) return 2;
  const total = sizes.reduce((a, b) => a + b, 0);
  return 3 + (sizes.length + 1) * offSizeFor(total + 1) + total;
}

const offSizeFor = (largest: number) => (largest < 0x100 ? 1 : largest < 0x10000 ? 2 : largest < 0x1000000 ? 3 : 4);

/** Writes a CFF program into a buffer that grows. */
class ProgramWriter {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + n));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  bytes(data: Uint8Array): void {
    this.room(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  u8(v: number): void {
    this.room(1);
    this.buffer[this.length++] = v;
  }

  u16(v: number): void {
    this.room(2);
    this.buffer.writeUInt16BE(v, this.length);
    this.length += 2;
  }

  /** The count and offsets of an INDEX of items of these sizes; the items follow. */
  indexHead(sizes: readonly number[]): void {
    this.u16(sizes.length);
    if (!sizes.length) return;
    const offSize = offSizeFor(sizes.reduce((a, b) => a + b, 0) + 1);
    this.u8(offSize);
    this.room((sizes.length + 1) * offSize);
    let offset = 1;
    for (let i = 0; i <= sizes.length; i++) {
      this.buffer.writeUIntBE(offset, this.length, offSize);
      this.length += offSize;
      offset += sizes[i] ?? 0;
    }
  }

  /** A DICT entry: `op` with its operands as 5-byte integers. */
  offsetEntry(op: number, ...operands: number[]): void {
    this.room(5 * operands.length + 2);
    for (const v of operands) {
      this.buffer[this.length] = 29;
      this.buffer.writeInt32BE(v, this.length + 1);
      this.length += 5;
    }
    if (op >= 1200) {
      this.buffer[this.length++] = 12;
      this.buffer[this.length++] = op - 1200;
    } else this.buffer[this.length++] = op;
  }

  done(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}

/** What running a charstring or subroutine came to. */
const RETURNED = 0;
const ENDED = 1;

/** Where charstrings are written as they are inlined, grown as needed and shared (one cut at a time). */
let scratch = new Uint8Array(1 << 16);

/**
 * Writes Type 2 charstrings with their subroutine calls replaced by the subroutines' bodies.
 * Hints need the number of stems to know how many bytes a hintmask takes, so stems are counted
 * as the charstring runs; of the operand stack only its depth is needed, and the number just
 * before a call. Bytes are copied in spans between calls.
 */
class Flattener {
  private length = 0;
  private operands = 0;
  private stems = 0;
  private localSubrs: IndexView | null = null;

  constructor(
    private readonly table: PagedTable,
    private readonly globalSubrs: IndexView,
  ) {}

  /** The charstring from `start` to `end` of `code` inlined, with the font dict's local subroutines. */
  charString(code: Buffer, start: number, end: number, localSubrs: IndexView | null): Buffer {
    this.length = this.operands = this.stems = 0;
    this.localSubrs = localSubrs;
    this.run(code, start, end, 0);
    return Buffer.from(scratch.subarray(0, this.length));
  }

  private room(n: number): void {
    if (this.length + n <= scratch.length) return;
    const grown = new Uint8Array(Math.max(2 * scratch.length, this.length + n));
    grown.set(scratch.subarray(0, this.length));
    scratch = grown;
  }

  /** Writes the bytes of `code` from `start` to `end`. */
  private write(code: Buffer, start: number, end: number): void {
    const n = end - start;
    this.room(n);
    const at = this.length;
    for (let k = 0; k < n; k++) scratch[at + k] = code[start + k];
    this.length += n;
  }

  private run(code: Buffer, start: number, end: number, depth: number): number {
    let span = start;
    /** Where the last token read lies, if it is an operand. */
    let numberAt = -1;
    let operands = this.operands;
    let at = start;
    while (at < end) {
      const b = code[at];
      const size = OPERAND_SIZE[b];
      if (size) {
        numberAt = at;
        at += size;
        operands++;
        continue;
      }
      if (b === 10 || b === 29) {
        // callsubr, callgsubr: the subroutine's number is the operand just before, left out.
        const subrs = b === 10 ? this.localSubrs : this.globalSubrs;
        if (numberAt < 0) throw new CffError('a subroutine called by a number not written just before the call');
        if (!subrs || depth >= MAX_DEPTH) throw new CffError(subrs ? 'subroutines nested too deep' : 'a call to local subroutines the font has none of');
        const index = integerAt(code, numberAt) + bias(subrs.count);
        if (index < 0 || index >= subrs.count) throw new CffError(`a call to subroutine ${index} of ${subrs.count}`);
        this.write(code, span, numberAt);
        this.operands = operands - 1;
        const subrStart = subrs.start(index);
        const subrEnd = subrs.itemEnd(index);
        this.table.need(subrStart, subrEnd);
        if (this.run(this.table.data, subrStart, subrEnd, depth + 1) === ENDED) return ENDED;
        operands = this.operands;
        span = ++at;
        numberAt = -1;
        continue;
      }
      numberAt = -1;
      if (b === 11) {
        // return
        this.write(code, span, at);
        this.operands = operands;
        return RETURNED;
      }
      if (b === 14) {
        // endchar; with four operands after the width it is seac, an accented glyph built of two others.
        if (operands >= 4) throw new CffError('an accented glyph built by seac');
        this.write(code, span, at + 1);
        return ENDED;
      }
      if (b === 19 || b === 20) {
        // hintmask, cntrmask: operands before it declare vertical stems; then a bit per stem.
        this.stems += operands >> 1;
        at += 1 + ((this.stems + 7) >> 3);
      } else if (b === 12) {
        // Arithmetic and storage operators (12 3 to 12 30) could compute a subroutine's number.
        const op = code[at + 1];
        if (op >= 3 && op <= 30) throw new CffError(`charstring operator 12 ${op}`);
        at += 2;
      } else {
        if (b === 1 || b === 3 || b === 18 || b === 23) this.stems += operands >> 1; // hstem, vstem, hstemhm, vstemhm
        at++;
      }
      operands = 0;
    }
    if (at > end) throw new CffError('a charstring that ends inside an operator');
    this.write(code, span, end);
    this.operands = operands;
    return RETURNED;
  }
}

/** Bytes an operand takes by its first byte (Type 2 charstrings, 3.2); 0 for an operator. */
const OPERAND_SIZE = Uint8Array.from({ length: 256 }, (_, b) => (b === 28 ? 3 : b < 32 ? 0 : b <= 246 ? 1 : b <= 254 ? 2 : 5));

/** The integer operand at `at` of a charstring (a subroutine's number is never a fraction). */
function integerAt(data: Buffer, at: number): number {
  const b = data[at];
  if (b === 28) return data.readInt16BE(at + 1);
  if (b <= 246) return b - 139;
  if (b <= 250) return (b - 247) * 256 + data[at + 1] + 108;
  if (b <= 254) return -(b - 251) * 256 - data[at + 1] - 108;
  throw new CffError('a subroutine called by a fractional number');
}
