/**
 * Cuts a face down to the glyphs one document uses, with HarfBuzz's subsetter (hb-subset,
 * compiled to WebAssembly). Handing the PDF writer a font of a few hundred glyphs instead of
 * a 16 MB one makes embedding several times faster, and hb-subset also drops the unused
 * subroutines that other subsetters (fontkit's) keep.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { charsetCids } from './cff-charset.js';
import { FontLoadError, type Face } from './font-set.js';
import { readAt, tableRecords } from './sfnt.js';
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

/** HarfBuzz compiled to WebAssembly, instantiated with a heap of its own. */
function instantiate(): HbExports {
  // bin/paiban.js runs WebAssembly as baseline code only (--liftoff-only), and says why.
  const wasm = readFileSync(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
  const hb = new WebAssembly.Instance(new WebAssembly.Module(wasm), {}).exports as unknown as HbExports;
  hb._initialize();
  return hb;
}

/**
 * The subsetter of one build context: its HarfBuzz instance, the font file last cut (kept loaded
 * in HarfBuzz's heap), and the last subset made of each font file, for rebuilds (watch, export).
 */
export class Subsetter {
  private instance: HbExports | undefined;
  /**
   * The font file last cut, kept loaded: a rebuild after an edit mostly cuts the body face
   * alone again. The WebAssembly heap is a fixed 65 MB, room for one 16 MB CJK font and the
   * work of cutting it, so one is kept; the process holds no font file whole anywhere else.
   * It is the file as the faces using it read it (same stamp), whatever is on disk since.
   */
  private loaded: { file: string; index: number; stamp: string; ptr: number; hbFace: number } | undefined;
  /**
   * The last subset made of each font file (and member), valid while the file has the stamp
   * it was cut at. A rebuild after an edit mostly asks again for the same glyphs of most faces.
   */
  readonly lastSubsets = new StampedCache<{ stamp: string; glyphs: string; subset: FaceSubset }>();
  /** Each subset's font program compressed for the PDF, once per subset rather than once per build. */
  private readonly compressed = new WeakMap<FaceSubset, Buffer>();

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

  /** The subset's font program, compressed (Flate) as the PDF embeds it. */
  compressedProgram(subset: FaceSubset): Buffer {
    let data = this.compressed.get(subset);
    if (!data) {
      data = deflateSync(subset.program);
      this.compressed.set(subset, data);
    }
    return data;
  }

  private unload(h: HbExports): void {
    if (!this.loaded) return;
    h.hb_face_destroy(this.loaded.hbFace);
    h.free(this.loaded.ptr);
    this.loaded = undefined;
  }

  /** The face's font file as a HarfBuzz face, read straight into the WebAssembly heap. */
  private hbFaceOf(face: Face): number {
    const h = this.harfbuzz;
    const loaded = this.loaded;
    if (loaded && loaded.file === face.file && loaded.index === face.collectionIndex && loaded.stamp === face.font.sfnt.stamp) return loaded.hbFace;
    this.unload(h);
    const fd = openSync(face.file, 'r');
    try {
      const st = fstatSync(fd);
      const size = st.size;
      if (stampOf(st) !== face.font.sfnt.stamp) throw new FontLoadError(`font file ${face.file} changed while the page was being set; build again`);
      const ptr = h.malloc(size);
      if (!ptr) throw new FontLoadError(`font file ${face.file} is ${(size / 2 ** 20).toFixed(0)} MB; the subsetter holds fonts of up to about 60 MB (use the collection's member as a font file of its own)`);
      if (readAt(fd, 0, size, new Uint8Array(h.memory.buffer, ptr, size)).length !== size) {
        h.free(ptr);
        throw new FontLoadError(`font file ${face.file} could not be read whole`);
      }
      const blob = h.hb_blob_create(ptr, size, 1 /* read-only */, 0, 0);
      const hbFace = h.hb_face_create(blob, face.collectionIndex);
      h.hb_blob_destroy(blob);
      this.loaded = { file: face.file, index: face.collectionIndex, stamp: face.font.sfnt.stamp, ptr, hbFace };
      return hbFace;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * hb-subset's output for `wanted`: numbered in order (glyph ids compacted), or with every glyph
   * keeping its id (`retainIds`, larger, for the rare font where HarfBuzz adds glyphs of its own).
   */
  private make(face: Face, wanted: readonly number[], retainIds: boolean): FaceSubset | null {
    const h = this.harfbuzz;
    const input = h.hb_subset_input_create_or_fail();
    if (!input) return null;
    try {
      const set = h.hb_subset_input_glyph_set(input);
      for (const g of wanted) h.hb_set_add(set, g);
      const drop = h.hb_subset_input_set(input, DROP_TABLE_SET);
      for (const t of DROPPED_TABLES) h.hb_set_add(drop, tag(t));
      h.hb_subset_input_set_flags(input, NOTDEF_OUTLINE | DESUBROUTINIZE | (retainIds ? RETAIN_GIDS : 0));
      const result = h.hb_subset_or_fail(this.hbFaceOf(face), input);
      if (!result) return null;
      const blob = h.hb_face_reference_blob(result);
      const data = Buffer.from(new Uint8Array(h.memory.buffer, h.hb_blob_get_data(blob, 0), h.hb_blob_get_length(blob)));
      h.hb_blob_destroy(blob);
      h.hb_face_destroy(result);
      if (!retainIds && glyphCount(data) !== wanted.length) return null;
      const cff = tableDirectory(data).get('CFF ');
      const glyphMap = new Map(wanted.map((g, i) => [g, retainIds ? g : i]));
      return {
        data,
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

const tag = (s: string) => ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0;

export interface FaceSubset {
  data: Buffer;
  /** Glyph id in the subset for each glyph id of the face. */
  glyphMap: Map<number, number>;
  /** The font program a PDF embeds: the bare CFF table, or the whole TrueType font. */
  program: Buffer;
  kind: 'cff' | 'truetype';
  /** For each glyph of the subset, the code that shows it: its CID in a CID-keyed CFF font, else its id. */
  codes: number[];
}

/** A font file holding only `glyphs` of `face`, cut by the context's subsetter (see Subsetter.subset). */
/** What cutting a face needs of a build context: the subsetter, with what it keeps. */
export interface SubsetStore {
  readonly subsetter: Subsetter;
}

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
