import { describe, expect, it } from 'vitest';
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
