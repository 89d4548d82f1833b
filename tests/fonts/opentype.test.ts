import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import * as hb from 'harfbuzzjs';
import { describe, expect, it } from 'vitest';
import { BuildContext } from '../../src/context.js';
import { FontLoadError, openFace } from '../../src/fonts/font-set.js';
import { charsetCids } from '../../src/fonts/cff-charset.js';
import { subsetFace } from '../../src/fonts/subset.js';

// fontkit, an independent OpenType implementation, is the oracle: paiban's own reader must
// agree with it on every character of every bundled font.
const context = new BuildContext();
const fontsDir = fileURLToPath(new URL('../../fonts/', import.meta.url));
const files = readdirSync(fontsDir).filter((f) => /\.(otf|ttf)$/.test(f));
/** Marks whose full-width form, blank halves and doubled forms composition asks for. */
const MARKS = [...'，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕—…·・／～－'].map((c) => c.codePointAt(0)!);

describe.each(files)('reading %s', (name) => {
  const file = fontsDir + name;
  const oracle = fontkit.create(readFileSync(file)) as fontkit.Font;
  const face = openFace(context, 'test', file);

  it('maps every character of the font to the same glyph, with the same advance', () => {
    const wrong: string[] = [];
    for (const cp of oracle.characterSet) {
      const want = oracle.glyphForCodePoint(cp);
      const got = face.glyph(cp);
      // fontkit lists U+FFFF, the end marker of a format 4 map, among the characters, as .notdef.
      if (want.id === 0 && got === null) continue;
      if (got?.id !== want.id || Math.abs(got.advance * oracle.unitsPerEm - want.advanceWidth) > 1e-9) wrong.push(`U+${cp.toString(16)}`);
    }
    // The CJK faces map tens of thousands of characters; the emoji and symbol faces of the fallback chain, a thousand or more.
    expect(oracle.characterSet.length).toBeGreaterThan(/CJK|WenKai/.test(name) ? 20000 : 1000);
    expect(wrong).toEqual([]);
    expect(face.glyph(0x10ffff)).toBeNull();
  });

  it('finds the same full-width forms, doubled dashes and blank halves of marks', () => {
    const features = new Set(oracle.availableFeatures);
    expect([face.hasHalt, face.hasFwid]).toEqual([features.has('halt'), features.has('fwid')]);
    for (const cp of MARKS) {
      if (!oracle.hasGlyphForCodePoint(cp)) continue;
      const ch = String.fromCodePoint(cp);
      if (face.hasFwid) {
        const run = oracle.layout(ch, ['fwid']);
        expect(face.glyph(cp, true), ch).toEqual({ id: run.glyphs[0].id, advance: run.positions[0].xAdvance / oracle.unitsPerEm });
      }
      const pair = oracle.layout(ch + ch, face.hasFwid ? ['fwid'] : []);
      const want = pair.glyphs.length === 1 ? pair.glyphs[0].id : null;
      expect(face.pairGlyph(cp)?.id ?? null, ch + ch).toBe(want);
      for (const full of [false, true]) {
        const glyph = face.glyph(cp, full)!;
        const got = face.punctBlank(glyph.id, cp, full, { before: -1, after: -1 });
        if (!face.hasHalt) {
          expect(got).toEqual({ before: -1, after: -1 });
          continue;
        }
        const run = oracle.layout(ch, full && face.hasFwid ? ['fwid', 'halt'] : ['halt']);
        const width = glyph.advance * oracle.unitsPerEm;
        if (run.positions[0].xAdvance >= width) continue;
        const before = Math.max(0, -run.positions[0].xOffset / oracle.unitsPerEm);
        expect(got.before, `${ch} before`).toBeCloseTo(before, 9);
        expect(got.after, `${ch} after`).toBeCloseTo(Math.max(0, (width - run.positions[0].xAdvance) / oracle.unitsPerEm + run.positions[0].xOffset / oracle.unitsPerEm), 9);
      }
    }
  });

  it('finds the same vertical forms (vrt2, else vert) and vertical metrics (vmtx, VORG)', () => {
    const features = new Set(oracle.availableFeatures);
    const feature = features.has('vrt2') ? 'vrt2' : 'vert';
    if (!/CJK|WenKai/.test(name)) {
      // A fallback face of Latin, symbols or emoji has no vertical forms: its glyphs stand as they are.
      expect(features.has(feature)).toBe(false);
      for (const cp of oracle.characterSet.slice(0, 200)) {
        const glyph = face.glyph(cp);
        if (glyph) expect(face.verticalGlyph(glyph.id)).toMatchObject({ id: glyph.id, substituted: false });
      }
      return;
    }
    expect(features.has(feature)).toBe(true);
    const hbFont = new hb.Font(new hb.Face(new hb.Blob(readFileSync(file)), 0));
    const vorg = (oracle as unknown as { VORG?: { defaultVertOriginY: number; metrics: { glyphIndex: number; vertOriginY: number }[] } }).VORG;
    let substituted = 0;
    for (const cp of [...MARKS, ...[...'永国'].map((c) => c.codePointAt(0)!)]) {
      if (!oracle.hasGlyphForCodePoint(cp)) continue;
      const ch = String.fromCodePoint(cp);
      const glyph = face.glyph(cp)!;
      const want = oracle.layout(ch, [feature]).glyphs[0];
      const got = face.verticalGlyph(glyph.id);
      expect(got.id, ch).toBe(want.id);
      expect(got.substituted, ch).toBe(want.id !== glyph.id);
      if (got.substituted) substituted++;
      // fontkit reads vhea's count of metrics as 0, so HarfBuzz is the oracle of the vertical advance.
      expect(got.advance * oracle.unitsPerEm, ch).toBe(-hbFont.glyphVAdvance(want.id));
      if (vorg) expect(got.origin * oracle.unitsPerEm, ch).toBe(vorg.metrics.find((m) => m.glyphIndex === want.id)?.vertOriginY ?? vorg.defaultVertOriginY);
      // Without VORG (TrueType): the top side bearing above the glyph's top, which for an ideographic mark is the em box's top.
      else expect(got.origin, ch).toBeCloseTo(0.88, 2);
    }
    // ，。、 and the brackets at least have vertical forms in every bundled font.
    expect(substituted).toBeGreaterThan(20);
  });

  it('reads the names and metrics a PDF font descriptor states', () => {
    const m = face.font.descriptorMetrics();
    const k = 1000 / oracle.unitsPerEm;
    expect(m.postscriptName).toBe(oracle.postscriptName);
    expect([m.ascent, m.descent, m.italicAngle]).toEqual([Math.round(oracle.ascent * k), Math.round(oracle.descent * k), oracle.italicAngle]);
    expect(m.capHeight).toBe(Math.round((oracle.capHeight || oracle.ascent) * k));
    expect(m.bbox).toEqual([oracle.bbox.minX, oracle.bbox.minY, oracle.bbox.maxX, oracle.bbox.maxY].map((v) => Math.round(v * k)));
  });

  it('gives every glyph the CID or parts fontkit reads', () => {
    const cff = (oracle as unknown as { 'CFF '?: { isCIDFont: boolean; topDict: { charset: { ranges?: { first: number; nLeft: number }[] } } } })['CFF '];
    if (cff) {
      const dir = (oracle as unknown as { directory: { tables: Record<string, { offset: number; length: number }> } }).directory.tables['CFF '];
      const cids = charsetCids(readFileSync(file).subarray(dir.offset, dir.offset + dir.length));
      expect(cids.length).toBe(oracle.numGlyphs);
      const want = [0];
      for (const r of cff.topDict.charset.ranges ?? []) for (let k = 0; k <= r.nLeft && want.length < oracle.numGlyphs; k++) want.push(r.first + k);
      expect(cids).toEqual(want);
    } else {
      const composites = [...oracle.characterSet].slice(0, 3000).map((cp) => oracle.glyphForCodePoint(cp).id);
      const want = new Set<number>();
      const add = (id: number) => {
        if (want.has(id)) return;
        want.add(id);
        const decoded = (oracle.getGlyph(id) as unknown as { _decode(): { components?: { glyphID: number }[] } | null })._decode();
        for (const c of decoded?.components ?? []) add(c.glyphID);
      };
      composites.forEach(add);
      expect([...face.glyphClosure(composites)].sort((a, b) => a - b)).toEqual([...want].sort((a, b) => a - b));
    }
  });
});

describe('a font collection (.ttc)', () => {
  /** Two bundled fonts packed as a collection: each member's table offsets moved by where it now starts. */
  function collection(dir: string): string {
    const members = ['NotoSansCJKsc-Medium.otf', 'NotoSansCJKsc-Bold.otf'].map((f) => Buffer.from(readFileSync(fontsDir + f)));
    const header = Buffer.alloc(12 + 4 * members.length);
    header.write('ttcf', 0, 'latin1');
    header.writeUInt32BE(0x00010000, 4);
    header.writeUInt32BE(members.length, 8);
    let at = header.length;
    for (const [i, m] of members.entries()) {
      header.writeUInt32BE(at, 12 + 4 * i);
      for (let t = 0; t < m.readUInt16BE(4); t++) m.writeUInt32BE(m.readUInt32BE(12 + 16 * t + 8) + at, 12 + 16 * t + 8);
      at += m.length;
    }
    const file = join(dir, 'pair.ttc');
    writeFileSync(file, Buffer.concat([header, ...members]));
    return file;
  }

  it('opens the member named by its PostScript name, and names the members when none is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paiban-ttc-'));
    const file = collection(dir);
    const bold = openFace(context, 'hei', file, 'NotoSansCJKsc-Bold');
    expect(bold.collectionIndex).toBe(1);
    expect(bold.postscriptName).toBe('NotoSansCJKsc-Bold');
    expect(bold.glyph(0x7ea2)).toEqual(openFace(context, 'hei', `${fontsDir}NotoSansCJKsc-Bold.otf`).glyph(0x7ea2));
    // The subsetter cuts the member, not the collection's first font.
    const red = bold.glyph(0x7ea2)!.id;
    const alone = subsetFace(context, openFace(context, 'hei', `${fontsDir}NotoSansCJKsc-Bold.otf`), [red])!;
    expect(subsetFace(context, bold, [red])!.program.equals(alone.program)).toBe(true);
    expect(() => openFace(context, 'hei', file)).toThrow(/collection; name a member with postscript_name \(NotoSansCJKsc-Medium, NotoSansCJKsc-Bold\)/);
  });

  it('is refused at once when its header claims millions of members', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paiban-ttc-'));
    const file = join(dir, 'many.ttc');
    // 16 MB of member offsets, all at the file's start: without a bound, each would be read and named.
    const count = 4_000_000;
    const header = Buffer.alloc(12 + 4 * count);
    header.write('ttcf', 0, 'latin1');
    header.writeUInt32BE(count, 8);
    writeFileSync(file, header);
    expect(() => openFace(context, 'hei', file, 'NotoSansCJKsc-Medium')).toThrow(/claims to be a collection of 4000000 fonts, more than the 1024/);
  });
});

describe('a font file replaced on disk', () => {
  it('is read again when opened, and a face read from the old file is not cut from the new one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paiban-font-'));
    const file = join(dir, 'body.otf');
    writeFileSync(file, readFileSync(`${fontsDir}NotoSansCJKsc-Medium.otf`));
    const before = openFace(context, 'body', file);
    expect(openFace(context, 'body', file)).toBe(before);
    writeFileSync(file, readFileSync(`${fontsDir}NotoSerifCJKsc-Bold.otf`));
    expect(openFace(context, 'body', file).postscriptName).toBe('NotoSerifCJKsc-Bold');
    expect(() => subsetFace(context, before, [before.glyph(0x7ea2)!.id])).toThrow(/changed while the page was being set/);
  });
});

describe('a damaged font', () => {
  /** A copy of a bundled font with one table changed by `damage` (given the table's bytes, in place). */
  function damaged(font: string, tag: string, damage: (table: Buffer, whole: Buffer, record: number) => void): string {
    const data = Buffer.from(readFileSync(fontsDir + font));
    const count = data.readUInt16BE(4);
    const record = Array.from({ length: count }, (_, i) => 12 + 16 * i).find((r) => data.toString('latin1', r, r + 4) === tag)!;
    const offset = data.readUInt32BE(record + 8);
    damage(data.subarray(offset, offset + data.readUInt32BE(record + 12)), data, record);
    const file = join(mkdtempSync(join(tmpdir(), 'paiban-damaged-')), font);
    writeFileSync(file, data);
    return file;
  }

  it.each([
    ['a layout table cut short', () => damaged('NotoSansCJKsc-Bold.otf', 'GSUB', (t) => t.writeUInt16BE(0xfff0, 6)), /its GSUB or GPOS table is damaged/],
    ['a character map longer than its table', () => damaged('NotoSansCJKsc-Bold.otf', 'cmap', (t) => {
      // Every subtable claims more groups (format 12) or segments (format 4) than the table holds.
      for (let i = 0; i < t.readUInt16BE(2); i++) {
        const at = t.readUInt32BE(4 + 8 * i + 4);
        if (t.readUInt16BE(at) === 12) t.writeUInt32BE(0x00ffffff, at + 12);
        if (t.readUInt16BE(at) === 4) t.writeUInt16BE(0xfffe, at + 6);
      }
    }), /character map runs past the end/],
    ['units per em of 0', () => damaged('LXGWWenKai-Regular.ttf', 'head', (t) => t.writeUInt16BE(0, 18)), /unitsPerEm is 0/],
    ['outlines past the end of the file', () => damaged('LXGWWenKai-Regular.ttf', 'glyf', (_t, whole, record) => whole.writeUInt32BE(whole.length - 10, record + 8)), /glyf table runs past the end of the file/],
    ['a header table cut short', () => damaged('LXGWWenKai-Regular.ttf', 'head', (_t, whole, record) => whole.writeUInt32BE(20, record + 12)), /head table is 20 bytes, too short/],
  ])('is refused when opened, with what is wrong: %s', (_name, make, message) => {
    const file = make();
    expect(() => openFace(context, 'body', file)).toThrow(FontLoadError);
    expect(() => openFace(context, 'body', file)).toThrow(message);
  });

  it('reads the features of a script that has no default language system from its first one', () => {
    // Noto's `hani` script without its default language system: fwid and halt are found in the first listed one.
    const file = damaged('NotoSansCJKsc-Bold.otf', 'GPOS', (t) => {
      const scripts = t.readUInt16BE(4);
      for (let i = 0; i < t.readUInt16BE(scripts); i++) {
        const r = scripts + 2 + 6 * i;
        if (t.toString('latin1', r, r + 4) === 'hani') t.writeUInt16BE(0, scripts + t.readUInt16BE(r + 4));
      }
    });
    const whole = openFace(context, 'body', `${fontsDir}NotoSansCJKsc-Bold.otf`);
    const face = openFace(context, 'body', file);
    const comma = whole.glyph(0xff0c)!;
    expect(face.punctBlank(comma.id, 0xff0c, false, { before: 0, after: 0 })).toEqual(whole.punctBlank(comma.id, 0xff0c, false, { before: 0, after: 0 }));
    expect(whole.punctBlank(comma.id, 0xff0c, false, { before: 0, after: 0 }).after).toBeGreaterThan(0.4);
  });
});
