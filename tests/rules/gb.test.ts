import { describe, expect, it } from 'vitest';
import { classOf } from '../../src/chars/char-class.js';
import type { KinsokuLevel } from '../../src/layout/model.js';
import { GB } from '../../src/rules/gb.js';
import { notAtLineEnd, notAtLineStart } from '../../src/rules/rules.js';

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
