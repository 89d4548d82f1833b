import { describe, expect, it } from 'vitest';
import { classOf } from '../../src/chars/char-class.js';
import type { KinsokuLevel } from '../../src/layout/model.js';
import { GB } from '../../src/rules/gb.js';
import { notAtLineEnd, notAtLineStart, type CompositionRules } from '../../src/rules/rules.js';
import { shapeText } from '../../src/shape/shape.js';
import { pitches, set } from '../helpers/compose.js';
import { kai } from '../helpers/fonts.js';

const cls = (ch: string) => classOf(ch.codePointAt(0)!);

describe('prohibition levels (clreq)', () => {
  const starts = (ch: string, level: KinsokuLevel) => notAtLineStart(GB, cls(ch), level);
  const ends = (ch: string, level: KinsokuLevel) => notAtLineEnd(GB, cls(ch), level);

  it('none prohibits nothing', () => {
    expect(starts('，', 'none')).toBe(false);
    expect(ends('“', 'none')).toBe(false);
  });

  it.each(['，', '。', '、', '；', '：', '？', '！', '”', '）', '》', '·', '～', '／', ')', '%'])(
    'basic keeps %s from a line start',
    (ch) => expect(starts(ch, 'basic')).toBe(true),
  );

  // Japanese quoted in Chinese copy: the prolonged sound mark, small kana and iteration marks close the syllable before them (JLREQ cl-09–cl-11).
  it.each(['ー', 'ッ', 'ャ', 'ぁ', '々'])('basic keeps %s from a line start', (ch) => expect(starts(ch, 'basic')).toBe(true));

  it.each(['“', '（', '《', '【', '('])('basic keeps %s from a line end', (ch) => expect(ends(ch, 'basic')).toBe(true));

  it('GB adds the solidus at a line end', () => {
    expect(ends('／', 'basic')).toBe(false);
    expect(ends('／', 'gb')).toBe(true);
  });

  it('strict adds —— and …… at a line start', () => {
    expect(starts('—', 'gb')).toBe(false);
    expect(starts('—', 'strict')).toBe(true);
    expect(starts('…', 'strict')).toBe(true);
  });
});

/** One small case for each entry of the GB table, set through shaping and composition. */
describe('the GB table, entry by entry', () => {
  const M = 13;

  it('blank: a font without halt takes the style\'s cell positions, and another style\'s table changes them', () => {
    const blanks = (rules: CompositionRules) => shapeText('（，', { face: kai(), fallbacks: [] }, 'full', rules).map((c) => [c.blankBefore, c.blankAfter]);
    expect(blanks(GB)).toEqual([[0.5, 0], [0, 0.5]]);
    // A style that centres its marks (as CNS does) is data, and the face does not keep GB's answer.
    const centred = { ...GB, blank: { ...GB.blank, comma: { before: 0.25, after: 0.25 } } };
    expect(blanks(centred)).toEqual([[0.5, 0], [0.25, 0.25]]);
  });

  it('kinsoku: basic lets ／ end a line, GB carries it over with the character before', () => {
    const text = '一二三四五六七八九十一和／或';
    expect(set(text, { measure: M, kinsoku: 'basic' }).texts[0]).toMatch(/／$/);
    expect(set(text, { measure: M, kinsoku: 'gb' }).texts[1]).toBe('和／或');
  });

  it('westernNotAtStart: a ? after a space stays with the word before it', () => {
    expect(set('一二三四五六七八九十一二三 ?', { measure: M }).texts).toEqual(['一二三四五六七八九十一二', '三 ?']);
  });

  it('compression: brackets give up their blanks before pauses', () => {
    // 13 cells in 12.5 em: the two brackets give a quarter em each, the comma keeps its cell.
    const { lines, texts } = set('一（二）三，四五六七八九十一二三', { measure: 12.5 });
    expect(texts[0]).toBe('一（二）三，四五六七八九十');
    expect(pitches(lines[0])).toEqual([0.75, 1, 1, 0.75, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('hanLatin: the Han–Latin space grows to ½ em before characters are spaced, and no further', () => {
    const p = pitches(set('一二三四五六七八九十Han字一二三', { measure: M }).lines[0]);
    expect(p[0]).toBeGreaterThan(1); // 一→二: characters spaced …
    expect(p[9]).toBeCloseTo(1.5, 4); // … but 十→H is the ideograph and ½ em, the space's widest
  });

  it('wordSpace: a word space grows before the Han–Latin spaces and the characters', () => {
    const { lines, texts } = set('一二三四五六七八九a b二三四五六', { measure: M });
    expect(texts[0]).toBe('一二三四五六七八九a b二三');
    const p = pitches(lines[0]);
    expect(p.slice(0, 8)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(p[8]).toBeCloseTo(1.25, 4); // 九→a: the Han–Latin space at its natural ¼ em
    expect(lines[0].right).toBeCloseTo(M, 6);
  });

  it('pairs: a percentage takes the Han–Latin space on both sides, as its number does (涨 1.28% 报)', () => {
    const { lines } = set('涨1.28%报', { measure: M });
    const g = lines[0].glyphs;
    const at = (ch: string) => g.find((x) => x.text === ch)!;
    const percent = at('%');
    expect(at('1').x - (at('涨').x + at('涨').advance)).toBeCloseTo(0.25, 4);
    expect(at('报').x - (percent.x + percent.advance)).toBeCloseTo(0.25, 4);
  });

  it('pairs: a connector keeps its numbers and takes no spacing on either side', () => {
    expect(set('一二三四五六七八九十一二3～5', { measure: M }).texts).toEqual(['一二三四五六七八九十一二', '3～5']);
    const { lines } = set('一二三四五六七八九十3～5人', { measure: M });
    const p = pitches(lines[0]);
    const [three] = lines[0].glyphs.filter((g) => g.text === '3');
    expect(p[0]).toBeGreaterThan(1); // characters spaced …
    expect(p[10]).toBeCloseTo(three.advance, 4); // … but not 3→～
    expect(p[11]).toBeCloseTo(1, 4); // nor ～→5
  });
});
