import { describe, expect, it } from 'vitest';
import { shapeText } from '../../src/shape/shape.js';
import { kai, song } from '../helpers/fonts.js';

describe('shaping', () => {
  it('reads where the blank half of a mark lies from the font (halt)', () => {
    const [open, , close, stop] = shapeText('“红”。', { face: song(), fallbacks: [] });
    expect([open.blankBefore, open.blankAfter]).toEqual([0.5, 0]);
    expect([close.blankBefore, close.blankAfter]).toEqual([0, 0.5]);
    expect([stop.blankBefore, stop.blankAfter]).toEqual([0, 0.5]);
  });

  it('uses the class table for a font without halt (LXGW WenKai)', () => {
    const [comma] = shapeText('，', { face: kai(), fallbacks: [] });
    expect([comma.blankBefore, comma.blankAfter]).toEqual([0, 0.5]);
  });

  it('draws —— as one 2-em glyph that maps back to both dashes', () => {
    const clusters = shapeText('——重庆', { face: song(), fallbacks: [] });
    expect(clusters[0]).toMatchObject({ text: '——', advance: 2, cls: 'dash' });
    expect(clusters[0].glyphs).toHaveLength(1);
    expect(clusters[0].glyphs[0].text).toBe('——');
  });

  it('sets an ellipsis and an interpunct full width among Chinese text', () => {
    const [e1, e2, , dot] = shapeText('……蒋·可', { face: song(), fallbacks: [] });
    expect(e1.advance + e2.advance).toBeCloseTo(2, 6);
    expect(dot.cls).toBe('middle');
    expect(dot.advance).toBeCloseTo(0.5, 6); // GB/T 15834: the interpunct takes half a cell
  });

  it('keeps digits and Latin letters at their proportional widths', () => {
    const [one, a] = shapeText('1A', { face: song(), fallbacks: [] });
    expect(one.advance).toBeLessThan(0.6);
    expect(a.advance).toBeLessThan(0.8);
  });

  it('falls back glyph by glyph to the next face, and flags what no face has', () => {
    const clusters = shapeText('红𠀡\u{10FFFD}', { face: kai(), fallbacks: [song()] }); // 𠀡 U+20021: Song has it, Kai does not
    expect(clusters[0].glyphs[0].face.role).toBe('kai');
    expect(clusters[1].glyphs[0].face.role).toBe('song');
    expect(clusters[1].missing).toBeUndefined();
    expect(clusters[2].missing).toBe(true);
  });

  it('attaches combining marks to the character before, each with its own glyph and text', () => {
    const clusters = shapeText('e\u0301e字', { face: song(), fallbacks: [] });
    expect(clusters.map((c) => c.text)).toEqual(['e\u0301', 'e', '字']);
    expect(clusters[0].glyphs.map((g) => g.text)).toEqual(['e', '\u0301']);
    // The plain e uses the same glyph as the accented one, and must still extract as a plain e.
    expect(clusters[1].glyphs[0]).toMatchObject({ id: clusters[0].glyphs[0].id, text: 'e' });
  });
});
