/**
 * Emoji sequences as copy quoting social media has them: each one cluster, drawn as the emoji
 * face's one glyph for it — the glyph HarfBuzz gives for the sequence, read here as the oracle —
 * set in one em of the body and never broken across lines.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as hb from 'harfbuzzjs';
import { describe, expect, it } from 'vitest';
import { emojiSequenceAt, graphemeClusters, isEmoji } from '../../src/chars/char-class.js';
import { openFace } from '../../src/fonts/font-set.js';
import { EM_ASCENT } from '../../src/layout/model.js';
import { shapeText, type ShapeFaces } from '../../src/shape/shape.js';
import { composeParagraph } from '../../src/compose/paragraph.js';
import { song, testContext } from '../helpers/fonts.js';

const emojiFile = fileURLToPath(new URL('../../fonts/NotoEmoji-Regular.ttf', import.meta.url));
const emoji = () => openFace(testContext, 'emoji', emojiFile);
const symbols = () => openFace(testContext, 'symbols', fileURLToPath(new URL('../../fonts/DejaVuSans.ttf', import.meta.url)));
const chain = (): ShapeFaces => ({ face: song(), fallbacks: [emoji(), symbols()] });

/** Each kind of emoji sequence (UTS #51). */
const SEQUENCES: [string, string][] = [
  ['skin-tone modifier', '👍🏽'],
  ['darkest skin tone', '👋🏿'],
  ['ZWJ family of four', '👨\u200D👩\u200D👧\u200D👦'],
  ['ZWJ with a modifier', '👩🏽\u200D💻'],
  ['ZWJ of three', '🧑\u200D🤝\u200D🧑'],
  ['VS16 and ZWJ', '🏳\uFE0F\u200D🌈'],
  ['flag (regional indicators)', '🇨🇳'],
  ['keycap', '1\uFE0F\u20E3'],
  ['keycap #', '#\uFE0F\u20E3'],
  ['VS16', '❤\uFE0F'],
  ['tag sequence (Scotland)', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
];

/** The glyphs HarfBuzz shapes `text` into with the emoji font, those of no width (a VS16 it keeps as a blank) left out. */
function harfbuzzGlyphs(text: string): number[] {
  const font = new hb.Font(new hb.Face(new hb.Blob(readFileSync(emojiFile))));
  const buffer = new hb.Buffer();
  buffer.addText(text);
  buffer.guessSegmentProperties();
  hb.shape(font, buffer);
  const positions = buffer.getGlyphPositions();
  return buffer
    .getGlyphInfos()
    .filter((_, i) => positions[i].xAdvance > 0)
    .map((g) => g.codepoint);
}

/** Noto Emoji's design box runs from 1900 to −500 units (of 2048), its glyphs 2600 wide: centred 700/2600 em above the baseline once fitted. */
const NOTO_EMOJI_RISE = EM_ASCENT - 0.5 - 700 / 2600;

describe('an emoji sequence', () => {
  it.each(SEQUENCES)('%s (%s) is one grapheme cluster, taken whole', (_, seq) => {
    expect(graphemeClusters(`赞${seq}赞`)).toEqual(['赞', seq, '赞']);
    expect(emojiSequenceAt(`${seq}赞`, 0)).toBe(seq);
    expect(isEmoji(seq)).toBe(true);
  });

  it.each(SEQUENCES)('%s (%s) is one cluster of one glyph, the one HarfBuzz shapes it into, one em wide', (_, seq) => {
    const clusters = shapeText(`红${seq}心`, chain());
    expect(clusters.map((c) => c.text)).toEqual(['红', seq, '心']);
    const [, c] = clusters;
    expect(c).toMatchObject({ cls: 'emoji', start: 1, blankBefore: 0, blankAfter: 0 });
    expect(c.advance).toBeCloseTo(1, 9);
    expect(c.glyphs).toHaveLength(1);
    expect(c.glyphs[0].face.role).toBe('emoji');
    expect([c.glyphs[0].id]).toEqual(harfbuzzGlyphs(seq));
    // The glyph stands for the whole sequence, joiners, selectors, modifiers and tags included.
    expect(c.glyphs[0].text).toBe(seq);
  });

  it('is drawn at 2048/2600 of the size, its design box centred on the Han cell', () => {
    const [c] = shapeText('👨\u200D👩\u200D👧\u200D👦', chain());
    expect(c.glyphs[0].look!.scale).toBeCloseTo(2048 / 2600, 9);
    expect(c.glyphs[0].look!.rise).toBeCloseTo(NOTO_EMOJI_RISE, 3);
  });

  it('with no ligature in the font prints its emoji without the modifier, and stands for both (😀🏽)', () => {
    const [c] = shapeText('😀🏽', chain());
    const [plain] = shapeText('😀', chain());
    expect(c.glyphs.map((g) => [g.id, g.text])).toEqual([[plain.glyphs[0].id, '😀🏽']]);
    expect(harfbuzzGlyphs('😀🏽')).toHaveLength(2); // HarfBuzz would draw the modifier's swatch after it
    expect(c.advance).toBeCloseTo(1, 9);
  });

  it('of an unknown ZWJ sequence prints its first emoji, its modifier ligated where the font can', () => {
    const seq = '👩🏽\u200D🍕';
    const [c] = shapeText(seq, chain());
    expect(c.glyphs.map((g) => [g.id, g.text])).toEqual([[harfbuzzGlyphs('👩🏽')[0], seq]]);
  });

  it('sets a pictograph in its text form as the first face has it: ☀ from the body face, ❤ and ❤︎ (emoji face only) fitted to the cell', () => {
    const [sun, heart, textHeart] = shapeText('☀❤❤\uFE0E', chain());
    expect(sun).toMatchObject({ cls: 'ideograph', advance: 1 });
    expect(sun.glyphs[0].face.role).toBe('song');
    expect(sun.glyphs[0].look).toBeUndefined();
    for (const c of [heart, textHeart]) {
      expect(c.cls).toBe('emoji');
      expect(c.advance).toBeCloseTo(1, 9);
      expect(c.glyphs[0].face.role).toBe('emoji');
    }
    expect(textHeart.glyphs[0].text).toBe('❤\uFE0E');
  });

  it('takes VS16 as asking for the emoji face (☀️), even where the body face has the character', () => {
    const [c] = shapeText('☀\uFE0F', chain());
    expect(c.glyphs[0].face.role).toBe('emoji');
    expect(c.glyphs[0].text).toBe('☀\uFE0F');
  });

  it('in a character style is set at its size, fitted and centred at that size', () => {
    const text = '红👍🏽';
    const [, c] = shapeText(text, chain(), 'full', undefined, [{ start: 1, stop: text.length, faces: chain(), look: { scale: 0.8 } }]);
    expect(c.advance).toBeCloseTo(0.8, 9);
    expect(c.glyphs[0].look!.scale).toBeCloseTo(0.8 * (2048 / 2600), 9);
    expect(c.glyphs[0].look!.rise).toBeCloseTo(0.8 * NOTO_EMOJI_RISE, 3);
  });
});

describe('a line of emoji', () => {
  const copy = `网友留言${SEQUENCES.map(([, s]) => s).join('')}点赞${'👍🏽'.repeat(20)}，全家人${'👨\u200D👩\u200D👧\u200D👦'.repeat(9)}都看了。`;

  it.each([5, 7, 13])('breaks only between clusters, and keeps every justified line on the Han grid (measure %i em)', (measure) => {
    const clusters = shapeText(copy, chain());
    const starts = new Set(clusters.map((c) => c.start));
    const lines = composeParagraph(clusters, { measure });
    expect(lines.map((l) => copy.slice(l.start, l.stop)).join('')).toBe(copy);
    for (const l of lines) {
      expect(starts.has(l.start)).toBe(true);
      expect(starts.has(l.stop) || l.stop === copy.length).toBe(true);
      if (l.last) continue;
      // Every cluster but the marks is one em: a justified line reaches its measure, spaced evenly within 0.15 em.
      expect(l.right - l.left).toBeCloseTo(measure, 6);
      if (l.glyphs.some((g) => /[，。]/.test(g.text))) continue;
      const pitches = l.glyphs.slice(1).map((g, i) => g.x - l.glyphs[i].x);
      for (const p of pitches) expect(p).toBeCloseTo(pitches[0], 6);
      expect(pitches[0]).toBeGreaterThanOrEqual(1 - 1e-9);
      expect(pitches[0]).toBeLessThanOrEqual(1.15 + 1e-9);
    }
  });
});
