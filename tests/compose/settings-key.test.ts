import { describe, expect, it } from 'vitest';
import { settingsKey } from '../../src/compose/paragraph.js';
import { GB } from '../../src/rules/gb.js';

describe('settingsKey', () => {
  const base = { measure: 13, indent: 2, align: 'justify' as const, kinsoku: 'gb' as const, autospace: 0.25 };

  it('is the same for the same settings, whatever the order of their fields', () => {
    expect(settingsKey({ autospace: 0.25, kinsoku: 'gb', align: 'justify', indent: 2, measure: 13 })).toBe(settingsKey(base));
  });

  it('fills in defaults: a default given, given as undefined, or left out is one setting', () => {
    expect(settingsKey({ ...base, compressAdjacent: true, preferSpaceBreaks: undefined, rules: GB })).toBe(settingsKey(base));
  });

  it.each([
    ['measure', { measure: 13.5 }],
    ['indent', { indent: 0 }],
    ['align', { align: 'left' as const }],
    ['kinsoku', { kinsoku: 'strict' as const }],
    ['autospace', { autospace: 0 }],
    ['compressAdjacent', { compressAdjacent: false }],
    ['minLastLineChars', { minLastLineChars: 3 }],
    ['looseness', { looseness: 1 }],
    ['preferSpaceBreaks', { preferSpaceBreaks: true }],
    ['a rule of the table', { rules: { ...GB, letterStretch: 0.06 } }],
    ['a prohibition of the table', { rules: { ...GB, kinsoku: { ...GB.kinsoku, gb: GB.kinsoku.strict } } }],
  ])('changes with %s', (_, change) => {
    expect(settingsKey({ ...base, ...change })).not.toBe(settingsKey(base));
  });

  it('changes when a field is added, such as what the caller composes with', () => {
    expect(settingsKey({ ...base, punctuation: 'kaiming' })).not.toBe(settingsKey(base));
    expect(settingsKey({ ...base, text: '红岩' })).not.toBe(settingsKey({ ...base, text: '红岩。' }));
  });

  it('has no key for a measure given line by line', () => {
    expect(() => settingsKey({ ...base, measure: () => 13 })).toThrow(/line by line/);
  });
});
