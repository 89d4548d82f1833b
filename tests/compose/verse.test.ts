/**
 * A line of verse (ComposeOptions.verse; the layout's `verse` style): set ragged as it is where it
 * fits, else turned over at a phrase or between words, its turnovers hanging `turnover` em in from
 * the measure's left edge, never one character alone.
 */
import { describe, expect, it } from 'vitest';
import { set } from '../helpers/compose.js';

/** A tabloid column of 11 characters, the line 2 em in, its turnovers 4 em. */
const verse = (text: string, measure = 11) => set(text, { measure, indent: 2, align: 'left', verse: { turnover: 4 } });

describe('a line of verse', () => {
  it('that fits is one line at its indent, set solid, not spread', () => {
    const { lines, texts } = verse('床前明月光，');
    expect(texts).toEqual(['床前明月光，']);
    expect(lines[0].glyphs[0].x).toBeCloseTo(2, 6);
  });

  it('turns over after its pause, the turnover starting 4 em in and that much narrower', () => {
    const { lines, texts } = verse('床前明月光，疑是地上霜。');
    expect(texts).toEqual(['床前明月光，', '疑是地上霜。']);
    expect(lines[0].glyphs[0].x).toBeCloseTo(2, 6);
    expect(lines[1].glyphs[0].x).toBeCloseTo(4, 6);
    // Each line keeps the column's measure; the turnover is set within the 7 em after its hang.
    expect(lines.map((l) => l.measure)).toEqual([11, 11]);
    expect(lines[1].right).toBeLessThanOrEqual(11 + 1e-6);
    // The first line stays ragged at its pause: not spread to the measure as prose would be.
    for (const [k, g] of lines[0].glyphs.slice(1).entries()) expect(g.x - lines[0].glyphs[k].x).toBeCloseTo(1, 6);
  });

  it('between words where it has no pause, never inside a word the dictionary knows', () => {
    expect(verse('只是再也听不见那一声悠长的号子').texts).toEqual(['只是再也听不见那', '一声悠长的号子']);
    // 挑着担子 / 走过 rather than 担 / 子, though that takes a line more.
    expect(verse('那些年，父亲挑着担子走过十八梯，').texts).toEqual(['那些年，', '父亲挑着担子', '走过十八梯，']);
  });

  it('never leaves one character alone on its turnover, even one its pause would leave', () => {
    // 她在石阶上等着你， / 你 breaks at the pause, but leaves 你 alone.
    expect(verse('她在石阶上等着你，你').texts).toEqual(['她在石阶上等着', '你，你']);
  });

  it('turns over as often as it must, each turnover at the hang', () => {
    const { lines, texts } = verse('江水从朝天门流过，带走了码头上最后一声汽笛，');
    expect(texts).toEqual(['江水从朝天门流过，', '带走了码头上', '最后一声汽笛，']);
    expect(lines.slice(1).map((l) => l.glyphs[0].x)).toEqual([4, 4]);
  });
});
