import { describe, expect, it } from 'vitest';
import { classOf, notAtLineEnd, notAtLineStart, type KinsokuLevel } from '../../src/compose/char-class.js';

const cls = (ch: string) => classOf(ch.codePointAt(0)!);

describe('character classes', () => {
  it.each([
    ['红', 'ideograph'], ['𠅤', 'ideograph'], ['□', 'ideograph'], ['“', 'open'], ['（', 'open'], ['【', 'open'],
    ['”', 'close'], ['）', 'close'], ['》', 'close'], ['。', 'stop'], ['，', 'comma'], ['、', 'comma'],
    ['：', 'colon'], ['；', 'colon'], ['？', 'mark'], ['！', 'mark'], ['·', 'middle'], ['—', 'dash'],
    ['…', 'ellipsis'], ['～', 'connector'], ['／', 'solidus'], ['A', 'letter'], ['7', 'digit'],
    ['(', 'western_open'], ['%', 'western_close'], ['-', 'western_punct'], [' ', 'space'], ['\u0301', 'combining'],
  ])('%s is %s', (ch, expected) => {
    expect(cls(ch)).toBe(expected);
  });
});

describe('prohibition levels (clreq)', () => {
  const starts = (ch: string, level: KinsokuLevel) => notAtLineStart(cls(ch), level);
  const ends = (ch: string, level: KinsokuLevel) => notAtLineEnd(cls(ch), level);

  it('none prohibits nothing', () => {
    expect(starts('，', 'none')).toBe(false);
    expect(ends('“', 'none')).toBe(false);
  });

  it.each(['，', '。', '、', '；', '：', '？', '！', '”', '）', '》', '·', '～', '／', ')', '%'])(
    'basic keeps %s from a line start',
    (ch) => expect(starts(ch, 'basic')).toBe(true),
  );

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
