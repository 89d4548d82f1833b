import { describe, expect, it } from 'vitest';
import { classOf } from '../../src/chars/char-class.js';

const cls = (ch: string) => classOf(ch.codePointAt(0)!);

describe('character classes', () => {
  it.each([
    ['红', 'ideograph'], ['𠅤', 'ideograph'], ['□', 'ideograph'], ['“', 'open'], ['（', 'open'], ['【', 'open'],
    ['”', 'close'], ['）', 'close'], ['》', 'close'], ['。', 'stop'], ['，', 'comma'], ['、', 'comma'],
    ['：', 'colon'], ['；', 'colon'], ['？', 'mark'], ['！', 'mark'], ['·', 'middle'], ['—', 'dash'],
    ['…', 'ellipsis'], ['～', 'connector'], ['／', 'solidus'], ['A', 'letter'], ['7', 'digit'],
    ['(', 'western_open'], ['%', 'western_close'], ['-', 'western_punct'], [' ', 'space'], ['\u0301', 'combining'],
    ['ソ', 'ideograph'], ['ー', 'nonstarter'], ['ッ', 'nonstarter'], ['ょ', 'nonstarter'], ['々', 'nonstarter'], ['ゝ', 'nonstarter'],
  ])('%s is %s', (ch, expected) => {
    expect(cls(ch)).toBe(expected);
  });
});
