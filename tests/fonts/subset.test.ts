import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { BuildContext } from '../../src/context.js';
import { charsetCids } from '../../src/fonts/cff-charset.js';
import { openFace } from '../../src/fonts/font-set.js';
import { tableRecords } from '../../src/fonts/sfnt.js';
import { Subsetter, subsetFace, type SubsetStore } from '../../src/fonts/subset.js';
import { kai, openTypeOf, song, testContext } from '../helpers/fonts.js';

describe('cutting a face down for embedding', () => {
  it('numbers the glyphs kept in the order of their ids, .notdef first', () => {
    const face = song();
    const ids = [face.glyph(0x7ea2)!.id, face.glyph(0x5ca9)!.id]; // 红 岩
    const subset = subsetFace(testContext, face, ids)!;
    const sorted = [0, ...ids].sort((a, b) => a - b);
    expect([...subset.glyphMap]).toEqual(sorted.map((g, i) => [g, i]));
    expect(subset.kind).toBe('cff');
  });

  it('shows a CID-keyed CFF glyph by its CID, which is not its glyph id', () => {
    // In Noto Serif CJK SC, glyph 2000 is CID 2030.
    const subset = subsetFace(testContext, song(), [2000])!;
    expect(subset.codes[subset.glyphMap.get(2000)!]).toBe(2030);
  });

  it('keeps the parts of a TrueType composite glyph', () => {
    const face = kai();
    const minus = face.glyph(0x2212)!.id; // − is built from the hyphen in LXGW WenKai
    const subset = subsetFace(testContext, face, [minus])!;
    expect(subset.kind).toBe('truetype');
    expect(subset.glyphMap.size).toBe(3);
    expect(subset.codes[subset.glyphMap.get(minus)!]).toBe(subset.glyphMap.get(minus));
  });

  it('cuts a TrueType face without cmap and post, its outlines as in the whole font', () => {
    const face = kai();
    const glyphs = [0x7ea2, 0x5ca9, 0x2212, 0x41].map((cp) => face.glyph(cp)!.id); // 红 岩 − A
    const subset = subsetFace(testContext, face, glyphs)!;
    const tables = [...tableRecords(subset.program.subarray(12), subset.program.readUInt16BE(4)).keys()];
    expect(tables).toEqual(expect.arrayContaining(['glyf', 'loca', 'head', 'hhea', 'hmtx', 'maxp']));
    expect(tables).not.toContain('cmap');
    expect(tables).not.toContain('post');
    const whole = fontkit.create(readFileSync(face.file)) as fontkit.Font;
    const cut = fontkit.create(subset.program) as fontkit.Font;
    for (const [g, i] of subset.glyphMap) expect(cut.getGlyph(i).path.toSVG()).toBe(whole.getGlyph(g).path.toSVG());
  });

  it('gives the same subset again for the same glyphs (kept between rebuilds)', () => {
    const face = song();
    expect(subsetFace(testContext, face, [100, 200])).toBe(subsetFace(testContext, face, [200, 100]));
  });
});

describe('numbering a subset\'s glyphs by how often they are drawn', () => {
  // 的 drawn most, then 红, then 岩; 一 and 人 once each.
  const face = song();
  const [de, hong, yan, yi, ren] = [0x7684, 0x7ea2, 0x5ca9, 0x4e00, 0x4eba].map((cp) => face.glyph(cp)!.id);
  const uses = new Map([[de, 9], [hong, 5], [yan, 3], [yi, 1], [ren, 1]]);

  it('gives a subset of fewer than 256 glyphs codes in glyph order, whatever their uses', () => {
    const subset = subsetFace(testContext, face, uses.keys())!;
    const numbered = testContext.subsetter.numbered(subset, uses);
    expect(numbered.codes).toEqual(numbered.codes.map((_, g) => g));
    // The same numbering for other uses of the same glyphs: the compressed program is kept between rebuilds.
    expect(testContext.subsetter.numbered(subset, new Map([...uses, [ren, 20]]))).toBe(numbered);
  });

  it('gives the 255 glyphs drawn most codes 1–255 (ties in glyph order), in glyph order, then the others', () => {
    // 400 glyphs: every fifth drawn three times, 的 ten times and the last once; the others twice.
    const glyphs = Array.from({ length: 400 }, (_, i) => 3000 + i);
    const drawn = new Map(glyphs.map((g, i) => [g, i % 5 === 0 ? 3 : 2] as [number, number]));
    drawn.set(de, 10).set(glyphs[399], 1);
    const subset = subsetFace(testContext, face, drawn.keys())!;
    const numbered = testContext.subsetter.numbered(subset, drawn);
    const code = (g: number) => numbered.codes[subset.glyphMap.get(g)!];
    const low = [de, ...glyphs.filter((_, i) => i % 5 === 0), ...glyphs.filter((_, i) => i % 5 !== 0).slice(0, 254 - 80)];
    expect(low).toHaveLength(255);
    const ordered = [...low.sort((a, b) => a - b), ...[...drawn.keys()].filter((g) => !low.includes(g)).sort((a, b) => a - b)];
    expect(ordered.map(code)).toEqual(ordered.map((_, i) => i + 1));
    expect(numbered.codes[0]).toBe(0);
    // A glyph drawn once more among those drawn as often keeps the codes as they were; one drawn most moves them.
    expect(testContext.subsetter.numbered(subset, new Map([...drawn, [glyphs[5], 4]]))).toBe(numbered);
    const other = testContext.subsetter.numbered(subset, new Map([...drawn, [glyphs[399], 20]]));
    expect(other.codes[subset.glyphMap.get(glyphs[399])!]).toBeLessThan(256);
  });

  // The new charset takes the old one's place where it fits (paiban's cutter writes one listing
  // each CID), else goes after the program (HarfBuzz writes one of ranges for a run of glyphs).
  const harfBuzz: SubsetStore = { subsetter: new Subsetter({ harfBuzzOnly: true }) };
  it.each([
    ['scattered glyphs, in place', testContext, () => uses, (grown: number) => expect(grown).toBe(0)],
    ['a run of glyphs, in place', testContext, () => new Map(Array.from({ length: 300 }, (_, i) => [1000 + i, i % 7])), (grown: number) => expect(grown).toBe(0)],
    ['a run of glyphs cut by HarfBuzz, after the program', harfBuzz, () => new Map(Array.from({ length: 300 }, (_, i) => [1000 + i, i % 7])), (grown: number) => expect(grown).toBeGreaterThan(0)],
  ])('gives the CFF program these codes as CIDs, which fontkit reads with the same outlines: %s', (_, store, drawn, growth) => {
    const subset = subsetFace(store, face, drawn().keys())!;
    const numbered = store.subsetter.numbered(subset, drawn());
    growth(numbered.program.length - subset.program.length);
    expect(charsetCids(subset.program)).not.toEqual(numbered.codes);
    expect(charsetCids(numbered.program)).toEqual(numbered.codes);
    const before = fontkit.create(openTypeOf(subset.program, face)) as fontkit.Font;
    const after = fontkit.create(openTypeOf(numbered.program, face)) as fontkit.Font;
    expect(after.numGlyphs).toBe(before.numGlyphs);
    const charset = (after as unknown as { 'CFF ': { topDict: { charset: { version: number; glyphs: number[] } } } })['CFF '].topDict.charset;
    expect(charset.version).toBe(0);
    expect([0, ...charset.glyphs]).toEqual(numbered.codes);
    for (let g = 0; g < before.numGlyphs; g++) expect(after.getGlyph(g).path.toSVG()).toBe(before.getGlyph(g).path.toSVG());
  });

  it('keeps a TrueType subset\'s glyph ids as its codes', () => {
    const kaiFace = kai();
    const glyphs = [0x7ea2, 0x5ca9].map((cp) => kaiFace.glyph(cp)!.id);
    const subset = subsetFace(testContext, kaiFace, glyphs)!;
    const numbered = testContext.subsetter.numbered(subset, new Map([[glyphs[1], 7], [glyphs[0], 1]]));
    expect(numbered.codes).toEqual(subset.codes);
    expect(numbered.program).toBe(subset.program);
  });
});

describe('loading only the outlines HarfBuzz cuts', () => {
  const fontsDir = fileURLToPath(new URL('../../fonts/', import.meta.url));
  const files = readdirSync(fontsDir).filter((f) => /\.(otf|ttf)$/.test(f));

  /** Room for what HarfBuzz allocates before the font, in the block the font is then loaded into. */
  const SLACK = 1 << 20;

  /**
   * A subset cut by a fresh subsetter whose heap holds `fill` where the font is then loaded (a
   * block freed just before, SLACK larger than the font), and where in that block the font went;
   * `before`, cut first, as a rebuild has.
   */
  function cutOver(file: string, glyphs: number[], fill: (block: Uint8Array) => void, before: number[] = []) {
    const context = { subsetter: new Subsetter({ harfBuzzOnly: true }) };
    const face = openFace(new BuildContext(), 'body', join(fontsDir, file));
    const h = context.subsetter.harfbuzz;
    const size = statSync(face.file).size;
    const block = h.malloc(size + SLACK);
    fill(new Uint8Array(h.memory.buffer, block, size + SLACK));
    h.free(block);
    if (before.length) subsetFace(context, face, before);
    const subset = subsetFace(context, face, glyphs)!;
    const at = (context.subsetter as unknown as { loaded: { ptr: number } }).loaded.ptr - block;
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThanOrEqual(SLACK);
    return { subset, at };
  }

  it.each(files)('cuts %s as from the whole file, whatever lies in the bytes not read', (file) => {
    const whole = readFileSync(join(fontsDir, file));
    const count = whole.readUInt16BE(4);
    const maxp = tableRecords(whole.subarray(12), count).get('maxp')!;
    const glyphCount = whole.readUInt16BE(maxp.offset + 4);
    // Glyphs from all over the font, with the first and the last.
    const glyphs = [1, glyphCount - 1, ...Array.from({ length: 300 }, (_, i) => Math.floor(((i * 7919) % 10007) * (glyphCount / 10007)))];
    const over = cutOver(file, glyphs, (block) => block.set(randomBytes(block.length)));
    // A fresh instance allocates alike: the same place again, now holding the whole file.
    const expected = cutOver(file, glyphs, (block) => block.set(whole, over.at));
    expect(expected.at).toBe(over.at);
    expect(Buffer.compare(over.subset.program, expected.subset.program)).toBe(0);
    expect(over.subset.glyphMap.size).toBeGreaterThan(200);
    // A rebuild that cuts more glyphs of the font still loaded reads their outlines then.
    const more = [...glyphs, ...glyphs.map((g) => Math.max(1, g - 1))];
    const again = cutOver(file, more, (block) => block.set(randomBytes(block.length)), glyphs);
    expect(Buffer.compare(again.subset.program, cutOver(file, more, (block) => block.set(whole, again.at)).subset.program)).toBe(0);
  });
});
