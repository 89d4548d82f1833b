import { describe, expect, it } from 'vitest';
import { xmlEscape } from '../src/xml.js';

describe('xmlEscape', () => {
  it('escapes markup', () => {
    expect(xmlEscape('a<b>&"c"')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
  });

  it('replaces what XML 1.0 cannot hold even escaped (a folder name with U+0001 once made an ALTO file XML refused)', () => {
    expect(xmlEscape('bad\u0001name\u001f\uffff')).toBe('bad\ufffdname\ufffd\ufffd');
    expect(xmlEscape('lone \ud800 surrogate, pair 𠀀')).toBe('lone \ufffd surrogate, pair 𠀀');
    expect(xmlEscape('tab\tline\nreturn\r')).toBe('tab\tline\nreturn\r');
  });
});
