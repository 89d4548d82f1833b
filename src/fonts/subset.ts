/**
 * Cuts a face down to the glyphs one document uses. paiban's own cutters do it for CFF and
 * TrueType faces (cff-cut.ts, glyf-cut.ts), reading only the parts of the file they need;
 * HarfBuzz's subsetter (hb-subset, compiled to WebAssembly) cuts the rare face they refuse (a
 * charstring with seac or arithmetic). Handing the PDF writer a font of a few hundred glyphs
 * instead of a 16 MB one makes embedding several times faster.
 *
 * The own cutters were written for speed: a cold build of the sample page spent about 100 ms of
 * its 590 in HarfBuzz (its instance, its code compiled on first call, the font read into its
 * memory), and the cutters do the same work in a fraction of that (README, performance).
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { charsetCids, withCids } from './cff-charset.js';
import { CffError, CffTable, mergedRanges } from './cff-cut.js';
import { FontLoadError, type Face } from './font-set.js';
import { cutGlyf } from './glyf-cut.js';
import { outlineStore, type OutlineStore } from './outlines.js';
import { readAt, tableRecords, type TableRecord } from './sfnt.js';
import { StampedCache, stampOf } from '../files.js';

interface HbExports {
  memory: WebAssembly.Memory;
  /** Runs the module's static constructors; must be called once before anything else. */
  _initialize(): void;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_length(blob: number): number;
  hb_blob_get_data(blob: number, lengthPtr: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_reference_blob(face: number): number;
  hb_face_destroy(face: number): void;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_glyph_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const RETAIN_GIDS = 0x2;
/** The codes from 1 to 255, below the 256 of which PDF readers keep a glyph's measures. */
const LOW_CODES = 255;
/**
 * Subroutines inlined into the glyphs that call them. With the few hundred glyphs of a page,
 * most subroutines serve one or two glyphs: the body face's program comes out 10 % smaller
 * once compressed, and is cut about 10 % faster (measured on the sample page).
 */
const DESUBROUTINIZE = 0x4;
const NOTDEF_OUTLINE = 0x40;
const DROP_TABLE_SET = 3;
/** Tables a PDF does not read: layout, vertical metrics, baselines, colour. */
const DROPPED_TABLES = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'MATH', 'VORG', 'vhea', 'vmtx', 'kern', 'morx', 'DSIG', 'COLR', 'CPAL'];
/**
 * A CFF face is embedded as its bare CFF table (FontFile3), so of the other tables hb-subset
 * keeps only those it needs to cut it (head, maxp): what the PDF says of the font (widths,
 * metrics, ToUnicode) comes from paiban's own reader.
 */
const DROPPED_FROM_CFF = [...DROPPED_TABLES, 'cmap', 'hmtx', 'hhea', 'name', 'post', 'OS/2'];
/**
 * A TrueType face is embedded whole (FontFile2) as a CIDFontType2 shown by glyph id (CIDToGIDMap
 * Identity), its text given by ToUnicode and its measures by the PDF: readers use neither its
 * cmap, nor its glyph names (post), nor OS/2 (which hb-subset fills from the cmap, so that the
 * cmap is read, and loaded, only for it). Cutting those took 46 M of the 215 M instructions of
 * LXGW WenKai's cut for the sample page (HarfBuzz's start included): 29,000 code points, as many glyph names.
 */
const DROPPED_FROM_TRUETYPE = [...DROPPED_TABLES, 'cmap', 'post', 'OS/2'];
const droppedTables = (face: Face) => (face.font.hasCff ? DROPPED_FROM_CFF : DROPPED_FROM_TRUETYPE);

/** HarfBuzz compiled to WebAssembly, instantiated with a heap of its own. */
function instantiate(): HbExports {
  // The command runs WebAssembly as baseline code only (--liftoff-only; bin/v8-flags.js says why).
  const wasm = readFileSync(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
  const hb = new WebAssembly.Instance(new WebAssembly.Module(wasm), {}).exports as unknown as HbExports;
  hb._initialize();
  return hb;
}

/**
 * The subsetter of one build context: what the own cutters read of each font file, HarfBuzz's
 * instance with the font file it last cut (made only for a face the cutters refuse), and the last
 * subset made of each font file, for rebuilds (watch, export).
 */
export class Subsetter {
  private instance: HbExports | undefined;
  /**
   * What the own cutters have read of each font file (and member), valid while the file has the
   * stamp it was read at: a rebuild reads only the outlines of glyphs it did not cut before.
   */
  private readonly sources = new Map<string, FontSource>();

  constructor(
    private readonly options: {
      /** Cut with HarfBuzz only (to test it on the faces the own cutters take). */
      harfBuzzOnly?: boolean;
      /** Memory for a CFF table as read (to test that the bytes not read are never used). */
      allocate?: (size: number) => Buffer;
    } = {},
  ) {}

  /**
   * The font file HarfBuzz last cut, kept loaded: a rebuild after an edit mostly cuts the body face
   * alone again. The WebAssembly heap is a fixed 65 MB, room for one 16 MB CJK font and the
   * work of cutting it, so one is kept; the process holds no font file whole anywhere else.
   * It is the file as the faces using it read it (same stamp), whatever is on disk since.
   */
  private loaded:
    | { file: string; index: number; stamp: string; ptr: number; size: number; hbFace: number; outlines: OutlineStore | null; outlinesRead: Set<number> }
    | undefined;
  /**
   * The last subset made of each font file (and member), valid while the file has the stamp
   * it was cut at. A rebuild after an edit mostly asks again for the same glyphs of most faces.
   */
  readonly lastSubsets = new StampedCache<{ stamp: string; glyphs: string; subset: FaceSubset }>();
  /** Each subset's last numbering, kept while the same glyphs are among the most drawn. */
  private readonly numberings = new WeakMap<FaceSubset, { order: string; numbered: NumberedSubset }>();
  /** Each numbered subset's font program compressed for the PDF, once per subset rather than once per build. */
  private readonly compressed = new WeakMap<NumberedSubset, Buffer>();

  get harfbuzz(): HbExports {
    return (this.instance ??= instantiate());
  }

  /**
   * A font file holding only `glyphs` of `face`, numbered in the order of their ids in the face,
   * or null if HarfBuzz cannot make it, or adds glyphs of its own (then the numbering is unknown).
   */
  subset(face: Face, glyphs: Iterable<number>): FaceSubset | null {
    const wanted = [...face.glyphClosure([0, ...glyphs])].sort((a, b) => a - b);
    const key = `${face.file}#${face.collectionIndex}`;
    const stamp = face.font.sfnt.stamp;
    const glyphList = wanted.join(',');
    const last = this.lastSubsets.get(key);
    // Cut from the file as this face read it, for the same glyphs.
    if (last && last.stamp === stamp && last.glyphs === glyphList) return last.subset;
    // Should HarfBuzz still add glyphs of its own, the numbering is unknown: keep every id instead.
    const subset = this.make(face, wanted, false) ?? this.make(face, wanted, true);
    if (subset) this.lastSubsets.set(key, { stamp, glyphs: glyphList, subset }, [[face.file, stamp]]);
    return subset;
  }

  /**
   * The subset with the glyphs drawn most often given codes below 256 (`uses`: times drawn by
   * glyph id of the face). PDF readers keep what they measure of a glyph for codes below 256
   * only (PDFium measures every character as it reads a page), so that a page of a CJK font is
   * read and drawn faster when its commonest glyphs have such codes. A CID-keyed CFF program is
   * given these codes as its CIDs; a TrueType program is shown by glyph id and kept as it is.
   */
  numbered(subset: FaceSubset, uses: ReadonlyMap<number, number>): NumberedSubset {
    const timesDrawn = new Array<number>(subset.codes.length).fill(0);
    for (const [glyph, n] of uses) {
      const g = subset.glyphMap.get(glyph);
      if (g !== undefined) timesDrawn[g] += n;
    }
    // Glyph 0 (.notdef) keeps code 0; ties go in glyph order, so that the same uses give the same codes.
    const byUse = timesDrawn.map((_, g) => g).slice(1).sort((a, b) => timesDrawn[b] - timesDrawn[a] || a - b);
    // Codes 1–255 for the most drawn, in glyph order, then the others in glyph order: an edit that
    // draws some glyphs more or less mostly leaves the codes as they were (and the pages' content
    // streams and the compressed program with them), and a subset of fewer glyphs keeps one numbering.
    const ascending = (a: number, b: number) => a - b;
    const order = subset.kind === 'cff' ? [...byUse.slice(0, LOW_CODES).sort(ascending), ...byUse.slice(LOW_CODES).sort(ascending)] : [];
    const key = order.join(',');
    const last = this.numberings.get(subset);
    if (last?.order === key) return last.numbered;
    const cids = [0];
    order.forEach((g, i) => (cids[g] = i + 1));
    const program = subset.kind === 'cff' ? withCids(subset.program, cids) : null;
    const numbered: NumberedSubset = program ? { subset, program, codes: cids } : { subset, program: subset.program, codes: subset.codes };
    this.numberings.set(subset, { order: key, numbered });
    return numbered;
  }

  /** The numbered subset's font program, compressed (Flate) as the PDF embeds it. */
  compressedProgram(numbered: NumberedSubset): Buffer {
    let data = this.compressed.get(numbered);
    if (!data) {
      data = deflateSync(numbered.program);
      this.compressed.set(numbered, data);
    }
    return data;
  }

  private unload(h: HbExports): void {
    if (!this.loaded) return;
    h.hb_face_destroy(this.loaded.hbFace);
    h.free(this.loaded.ptr);
    this.loaded = undefined;
  }

  /**
   * The face's font file as a HarfBuzz face, read straight into the WebAssembly heap: all of it
   * that hb-subset reads but the outlines, and the outlines of `glyphs` (outlines.ts). The file
   * keeps its size and offsets in the heap; the bytes of the other outlines and of the tables
   * dropped are never read, by paiban or by HarfBuzz.
   */
  private hbFaceOf(face: Face, glyphs: readonly number[]): number {
    const h = this.harfbuzz;
    const stamp = face.font.sfnt.stamp;
    let loaded = this.loaded;
    if (loaded && (loaded.file !== face.file || loaded.index !== face.collectionIndex || loaded.stamp !== stamp)) {
      this.unload(h);
      loaded = undefined;
    }
    const read = loaded?.outlines ? loaded.outlinesRead : undefined;
    const missing = read ? glyphs.filter((g) => !read.has(g)) : [];
    if (loaded && !missing.length) return loaded.hbFace;
    return withFontFile(face, (fd) => {
      if (!loaded) {
        const size = fstatSync(fd).size;
        const ptr = h.malloc(size);
        if (!ptr) throw new FontLoadError(`font file ${face.file} is ${(size / 2 ** 20).toFixed(0)} MB; the subsetter holds fonts of up to about 60 MB (use the collection's member as a font file of its own)`);
        const outlines = outlineStore(fd, face.font.sfnt);
        try {
          readRanges(face.file, fd, h, ptr, withoutOutlines(face.font.sfnt.tables, droppedTables(face), size, outlines));
        } catch (e) {
          h.free(ptr);
          throw e;
        }
        const blob = h.hb_blob_create(ptr, size, 1 /* read-only */, 0, 0);
        const hbFace = h.hb_face_create(blob, face.collectionIndex);
        h.hb_blob_destroy(blob);
        loaded = this.loaded = { file: face.file, index: face.collectionIndex, stamp, ptr, size, hbFace, outlines, outlinesRead: new Set() };
        if (outlines) missing.push(...glyphs);
      }
      const { outlines, outlinesRead } = loaded;
      if (outlines) {
        const file = Buffer.from(h.memory.buffer, loaded.ptr, loaded.size);
        readRanges(face.file, fd, h, loaded.ptr, mergedRanges(missing.map((g) => outlines.glyph(file, g))));
        for (const g of missing) outlinesRead.add(g);
      }
      return loaded.hbFace;
    });
  }

  /**
   * The subset of `wanted` (sorted, 0 first) cut by paiban's own cutters, or null for a face they
   * refuse (HarfBuzz then cuts it). The file must still be as the face read it.
   */
  private cut(face: Face, wanted: readonly number[]): FaceSubset | null {
    const key = `${face.file}#${face.collectionIndex}`;
    const stamp = face.font.sfnt.stamp;
    let source = this.sources.get(key);
    if (source?.stamp !== stamp) this.sources.set(key, (source = { stamp, cff: undefined, outlines: new Map() }));
    if (source.cff === null) return null;
    const glyphMap = new Map(wanted.map((g, i) => [g, i]));
    return withFontFile(face, (fd) => {
      try {
        if (face.font.hasCff) {
          if (!source.cff) {
            source.cff = null;
            source.cff = new CffTable(fd, face.font.sfnt.tables.get('CFF ')!, this.options.allocate);
          }
          const program = source.cff.cut(fd, wanted);
          return { glyphMap, program, kind: 'cff', codes: charsetCids(program) };
        }
        const program = cutGlyf(face.font.sfnt, (glyphs) => glyfOutlines(fd, face, source.outlines, glyphs), wanted);
        return program && { glyphMap, program, kind: 'truetype', codes: wanted.map((_, i) => i) };
      } catch (e) {
        if (e instanceof CffError) return null;
        throw e;
      }
    });
  }

  /**
   * hb-subset's output for `wanted`: numbered in order (glyph ids compacted), or with every glyph
   * keeping its id (`retainIds`, larger, for the rare font where HarfBuzz adds glyphs of its own).
   */
  private make(face: Face, wanted: readonly number[], retainIds: boolean): FaceSubset | null {
    const own = retainIds || this.options.harfBuzzOnly ? null : this.cut(face, wanted);
    if (own) return own;
    const h = this.harfbuzz;
    const input = h.hb_subset_input_create_or_fail();
    if (!input) return null;
    try {
      const set = h.hb_subset_input_glyph_set(input);
      for (const g of wanted) h.hb_set_add(set, g);
      const drop = h.hb_subset_input_set(input, DROP_TABLE_SET);
      for (const t of droppedTables(face)) h.hb_set_add(drop, tag(t));
      h.hb_subset_input_set_flags(input, NOTDEF_OUTLINE | DESUBROUTINIZE | (retainIds ? RETAIN_GIDS : 0));
      const result = h.hb_subset_or_fail(this.hbFaceOf(face, wanted), input);
      if (!result) return null;
      const blob = h.hb_face_reference_blob(result);
      const data = Buffer.from(new Uint8Array(h.memory.buffer, h.hb_blob_get_data(blob, 0), h.hb_blob_get_length(blob)));
      h.hb_blob_destroy(blob);
      h.hb_face_destroy(result);
      if (!retainIds && glyphCount(data) !== wanted.length) return null;
      const cff = tableDirectory(data).get('CFF ');
      const glyphMap = new Map(wanted.map((g, i) => [g, retainIds ? g : i]));
      return {
        glyphMap,
        program: cff ? data.subarray(cff.offset, cff.offset + cff.length) : data,
        kind: cff ? 'cff' : 'truetype',
        codes: cff ? charsetCids(data.subarray(cff.offset, cff.offset + cff.length)) : Array.from({ length: glyphCount(data) }, (_, i) => i),
      };
    } finally {
      h.hb_subset_input_destroy(input);
    }
  }
}

/**
 * The byte ranges of a font file that hb-subset reads besides outlines: the headers and every
 * table but those it drops, less the outlines.
 */
function withoutOutlines(tables: ReadonlyMap<string, TableRecord>, dropped: readonly string[], size: number, outlines: OutlineStore | null): [number, number][] {
  const ranges: [number, number][] = [[0, Math.min(size, ...[...tables.values()].map((t) => t.offset))]];
  for (const [name, t] of tables) {
    if (dropped.includes(name)) continue;
    const [start, end] = [t.offset, t.offset + t.length];
    if (!outlines || end <= outlines.start || start >= outlines.end) ranges.push([start, end]);
    else ranges.push([start, outlines.start], [outlines.end, end]);
  }
  return mergedRanges(ranges);
}

/** What the own cutters have read of a font file: its CFF table (null: one they refuse), or its glyf outlines. */
interface FontSource {
  stamp: string;
  cff: CffTable | null | undefined;
  outlines: Map<number, Uint8Array>;
}

/** Runs `use` on the face's font file, open, after checking it is still the file the face read. */
function withFontFile<T>(face: Face, use: (fd: number) => T): T {
  const fd = openSync(face.file, 'r');
  try {
    if (stampOf(fstatSync(fd)) !== face.font.sfnt.stamp) throw new FontLoadError(`font file ${face.file} changed while the page was being set; build again`);
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** The glyf entries of `glyphs` (sorted), read from the file open as `fd` into `read` (those read before are not read again). */
function glyfOutlines(fd: number, face: Face, read: Map<number, Uint8Array>, glyphs: readonly number[]): ReadonlyMap<number, Uint8Array> {
  const store = outlineStore(fd, face.font.sfnt);
  if (!store) throw new FontLoadError(`font file ${face.file} has no glyf outlines to cut`);
  const missing = glyphs.filter((g) => !read.has(g));
  const at = missing.map((g) => store.glyph(NO_BYTES, g));
  const blocks = mergedRanges(at.filter(([s, e]) => e > s)).map(([start, end]) => {
    const block = readAt(fd, start, end - start);
    if (block.length !== end - start) throw new FontLoadError(`font file ${face.file} ended before its outlines did`);
    return { start, block };
  });
  missing.forEach((g, k) => {
    const [s, e] = at[k];
    if (e <= s) return read.set(g, NO_BYTES); // a glyph with no outline (a space)
    // The last block starting at or before the outline, which holds it.
    let lo = 0;
    for (let hi = blocks.length - 1; lo < hi; ) {
      const mid = (lo + hi + 1) >> 1;
      if (blocks[mid].start <= s) lo = mid;
      else hi = mid - 1;
    }
    read.set(g, blocks[lo].block.subarray(s - blocks[lo].start, e - blocks[lo].start));
  });
  return read;
}

const NO_BYTES = Buffer.alloc(0);

/** Reads each range of the file to the same offset from `ptr` in the WebAssembly heap. */
function readRanges(file: string, fd: number, h: HbExports, ptr: number, ranges: readonly [number, number][]): void {
  for (const [start, end] of ranges) {
    if (readAt(fd, start, end - start, new Uint8Array(h.memory.buffer, ptr + start, end - start)).length !== end - start) throw new FontLoadError(`font file ${file} ended before its tables did`);
  }
}

const tag = (s: string) => ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0;

export interface FaceSubset {
  /** Glyph id in the subset for each glyph id of the face. */
  glyphMap: Map<number, number>;
  /** The font program a PDF embeds: the bare CFF table, or the whole TrueType font. */
  program: Buffer;
  kind: 'cff' | 'truetype';
  /** For each glyph of the subset, the code that shows it: its CID in a CID-keyed CFF font, else its id. */
  codes: number[];
}

/** A subset as embedded: its glyphs' codes, and the font program that shows each glyph by its code. */
export interface NumberedSubset {
  subset: FaceSubset;
  /** The font program the PDF embeds. */
  program: Buffer;
  /** For each glyph of the subset, the code that shows it. */
  codes: number[];
}

/** What cutting a face needs of a build context: the subsetter, with what it keeps. */
export interface SubsetStore {
  readonly subsetter: Subsetter;
}

/** A font file holding only `glyphs` of `face`, cut by the context's subsetter (see Subsetter.subset). */
export function subsetFace(context: SubsetStore, face: Face, glyphs: Iterable<number>): FaceSubset | null {
  return context.subsetter.subset(face, glyphs);
}

/** Offsets and lengths of the tables of an OpenType font in memory. */
const tableDirectory = (font: Buffer) => tableRecords(font.subarray(12), font.readUInt16BE(4));

/** numGlyphs from an OpenType file's maxp table. */
function glyphCount(font: Buffer): number {
  const maxp = tableDirectory(font).get('maxp');
  return maxp ? font.readUInt16BE(maxp.offset + 4) : -1;
}
