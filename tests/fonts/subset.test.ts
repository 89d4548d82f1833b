import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BuildContext } from '../../src/context.js';
import { openFace } from '../../src/fonts/font-set.js';
import { tableRecords } from '../../src/fonts/sfnt.js';
import { subsetFace } from '../../src/fonts/subset.js';
import { kai, song, testContext } from '../helpers/fonts.js';

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

  it('gives the same subset again for the same glyphs (kept between rebuilds)', () => {
    const face = song();
    expect(subsetFace(testContext, face, [100, 200])).toBe(subsetFace(testContext, face, [200, 100]));
  });
});

describe('loading only the outlines cut', () => {
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
    const context = new BuildContext();
    const face = openFace(context, 'body', join(fontsDir, file));
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
    expect(Buffer.compare(over.subset.data, expected.subset.data)).toBe(0);
    expect(over.subset.glyphMap.size).toBeGreaterThan(200);
    // A rebuild that cuts more glyphs of the font still loaded reads their outlines then.
    const more = [...glyphs, ...glyphs.map((g) => Math.max(1, g - 1))];
    const again = cutOver(file, more, (block) => block.set(randomBytes(block.length)), glyphs);
    expect(Buffer.compare(again.subset.data, cutOver(file, more, (block) => block.set(whole, again.at)).subset.data)).toBe(0);
  });
});
