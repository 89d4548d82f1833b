import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classOf, clusterClass, clusterClasses, graphemeClusters, noteReferenceAt } from '../../src/chars/char-class.js';

const cls = (ch: string) => classOf(ch.codePointAt(0)!);

describe('character classes', () => {
  it.each([
    ['红', 'ideograph'], ['𠅤', 'ideograph'], ['□', 'ideograph'], ['“', 'open'], ['（', 'open'], ['【', 'open'],
    ['”', 'close'], ['）', 'close'], ['》', 'close'], ['。', 'stop'], ['，', 'comma'], ['、', 'comma'],
    ['：', 'colon'], ['；', 'colon'], ['？', 'mark'], ['！', 'mark'], ['·', 'middle'], ['∶', 'middle'], ['—', 'dash'],
    ['…', 'ellipsis'], ['～', 'connector'], ['／', 'solidus'], ['A', 'letter'], ['7', 'digit'],
    ['(', 'western_open'], ['%', 'percent'], ['‰', 'percent'], ['℃', 'western_close'], ['-', 'western_punct'], [' ', 'space'], ['\u3000', 'ideographic_space'], ['\u0301', 'combining'],
    // Pictographs shown as emoji by default, and the letters of flags; a skin-tone modifier belongs to its emoji.
    ['😀', 'emoji'], ['👍', 'emoji'], ['⌚', 'emoji'], ['🇨', 'emoji'], ['🏽', 'combining'], ['\u200D', 'combining'],
    ['ソ', 'ideograph'], ['ー', 'nonstarter'], ['ッ', 'nonstarter'], ['ょ', 'nonstarter'], ['々', 'nonstarter'], ['ゝ', 'nonstarter'],
  ])('%s is %s', (ch, expected) => {
    expect(cls(ch)).toBe(expected);
  });
});

describe('the class of a cluster as drawn', () => {
  it.each([
    ['👍🏽', 'emoji'], ['1\uFE0F\u20E3', 'emoji'], ['❤\uFE0F', 'emoji'], ['🇨🇳', 'emoji'], ['©\uFE0F', 'emoji'],
    // Text forms: VS15, or a pictograph shown as text by default; a digit or a letter with a mark.
    ['❤\uFE0E', 'western_punct'], ['❤', 'western_punct'], ['☀', 'ideograph'], ['1', 'digit'], ['e\u0301', 'letter'],
    // A modifier drawn apart from its emoji (a swatch) is a mark of the emoji before it.
    ['🏿', 'combining'],
  ])('%s is %s', (cluster, expected) => {
    expect(clusterClass(cluster)).toBe(expected);
  });
});

describe('the classes of the clusters of a text', () => {
  // Characters that stand alone, and those that join a cluster: marks, joiners, selectors, jamo,
  // half-width sound marks, emoji, tags, regional indicators, CR LF, a prepended sign.
  const pieces = ['红', '𠅤', '，', '“', 'A', '7', ' ', '#', '\u3000', 'ー', '가', '·', '…', '—', 'ｶ', '\uff9e', '\u3099', '\u302a', '\u0301', '\u200d', '\ufe0f', '\ufe0e', '\u20e3', '\u1100', '\u1161', '\u11a8', '👍', '🏽', '🇨', '🇳', '❤', '☀', '\u{e0067}', '\r', '\n', '\u0600', '\u0903'];
  it('are those of the text as the segmenter parts it, however its characters join', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (chars) => {
        const text = chars.join('');
        expect(clusterClasses(text)).toEqual(graphemeClusters(text).map(clusterClass));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('note references', () => {
  it.each([
    ['①，奋斗', { kind: 'marker', length: 1 }], ['⑴', { kind: 'marker', length: 1 }], ['㉑', { kind: 'marker', length: 1 }], ['❶', { kind: 'marker', length: 1 }],
    ['[1]，去年', { kind: 'bracketed', length: 3 }], ['[2-5]', { kind: 'bracketed', length: 5 }], ['[1,3]', { kind: 'bracketed', length: 5 }], ['［１２］', { kind: 'bracketed', length: 4 }],
  ])('%s opens with one', (text, expected) => {
    expect(noteReferenceAt(text)).toEqual(expected);
  });

  // ⒈ is a number with its full stop (an item's); [a] and [1 are no reference numbers.
  it.each(['⒈', '[a]', '[1', '1]', '（1）', '一'])('%s opens with none', (text) => {
    expect(noteReferenceAt(text)).toBeNull();
  });
});

describe('class table', () => {
  it('gives every BMP character, asked again, the class it was first found to have', () => {
    const first = Array.from({ length: 0x10000 }, (_, cp) => classOf(cp));
    const again = Array.from({ length: 0x10000 }, (_, cp) => classOf(cp));
    expect(again).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(15);
  });
});
