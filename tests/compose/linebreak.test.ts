import { describe, expect, it } from 'vitest';
import { breakLines, INFINITY, type Item } from '../../src/compose/linebreak.js';

const box = (width: number): Item => ({ type: 'box', width, chars: 1 });
const glue = (width: number, stretch: number, shrink: number): Item => ({ type: 'glue', width, stretch, shrink });
const forbid: Item = { type: 'penalty', width: 0, cost: INFINITY };
const end: Item[] = [glue(0, 1e6, 0), { type: 'penalty', width: 0, cost: -INFINITY }];

/** Words of the given widths separated by spaces of width 1 (stretch 1, shrink 0.5). */
function words(...widths: number[]): Item[] {
  const items: Item[] = [];
  widths.forEach((w, i) => {
    if (i) items.push(glue(1, 1, 0.5));
    items.push(box(w));
  });
  return [...items, ...end];
}

describe('breakLines', () => {
  it('puts everything on one line when it fits', () => {
    const items = words(3, 3, 3);
    expect(breakLines(items, { lineWidth: () => 20, maxStretch: 3 })).toEqual([items.length - 1]);
  });

  it('breaks at glue, never at glue that follows a forbidding penalty', () => {
    // a b | c d: the best break, between b and c, is forbidden; a stands alone instead.
    const items: Item[] = [box(3), glue(1, 1, 0.5), box(3), forbid, glue(1, 1, 0.5), box(3), glue(1, 1, 0.5), box(3), ...end];
    expect(breakLines(items, { lineWidth: () => 7.5, maxStretch: 10, ragged: true })).toEqual([1, 6, items.length - 1]);
    // Justified, a lone box cannot fill its line, and nothing else fits: no solution.
    expect(breakLines(items, { lineWidth: () => 7.5, maxStretch: 10 })).toBeNull();
  });

  it('weighs the badness of every line: a line shrunk to fit beats a very loose one', () => {
    // Width 10: 3+1+3+1+3 = 11 shrinks by 1 (ratio −1, badness 100); 3+1+3 = 7 would need
    // ratio 3 (badness 2700). The breaker takes three words on the first line.
    const items = words(3, 3, 3, 3, 1);
    const breaks = breakLines(items, { lineWidth: () => 10, maxStretch: 10 })!;
    const lines = breaks.map((b, i) => items.slice(i ? breaks[i - 1] + 1 : 0, b).filter((it) => it.type === 'box').length);
    expect(lines).toEqual([3, 2]);
  });

  it('returns null when no set of breaks fits', () => {
    expect(breakLines(words(30), { lineWidth: () => 10, maxStretch: 3 })).toBeNull();
  });

  it('takes a width per line (a line beside a picture is shorter)', () => {
    const items = words(4, 4, 4, 4);
    const breaks = breakLines(items, { lineWidth: (l) => (l === 0 ? 5 : 20), maxStretch: 10, ragged: true })!;
    expect(breaks).toHaveLength(2);
    expect(breaks[0]).toBe(1); // only the first word fits the short first line
  });

  it('avoids a last line with fewer characters than asked', () => {
    const items = words(4, 4, 4, 1);
    const plain = breakLines(items, { lineWidth: () => 14, maxStretch: 10 })!;
    const guarded = breakLines(items, { lineWidth: () => 14, maxStretch: 10, minLastLineChars: 2 })!;
    expect(plain).toHaveLength(2);
    // With the guard the last line holds two words.
    expect(guarded[0]).toBeLessThan(plain[0]);
  });

  it('gives a setting one line longer with looseness 1, or null', () => {
    const items = words(2, 2, 2, 2, 2, 2);
    const best = breakLines(items, { lineWidth: () => 12, maxStretch: 10 })!;
    const longer = breakLines(items, { lineWidth: () => 12, maxStretch: 10, looseness: 1 })!;
    expect(longer).toHaveLength(best.length + 1);
    expect(breakLines(words(2, 2), { lineWidth: () => 12, maxStretch: 10, looseness: 1 })).toBeNull();
  });
});
