import { describe, expect, it } from 'vitest';
import { composeParagraph } from '../../src/compose/paragraph.js';
import { shapeText } from '../../src/shape/shape.js';
import { pitches, set } from '../helpers/compose.js';
import { kai, song } from '../helpers/fonts.js';

const M = 13; // a broadsheet column: 13 characters

describe('line-start and line-end prohibitions', () => {
  it.each([
    // [what, text, expected lines]
    ['a comma is never carried to a line start: the last character comes down with it',
      '一二三四五六七八九十一二三，四五六', ['一二三四五六七八九十一二', '三，四五六']],
    ['compression comes first: a comma pulled back onto the line by compressing another',
      '一二三，四五六七八九十一二，三四五', ['一二三，四五六七八九十一二，', '三四五']],
    ['an opening quote never ends a line',
      '一二三四五六七八九十一二“三四”', ['一二三四五六七八九十一二', '“三四”']],
    ['a closing quote and full stop never start a line',
      '一二三四五六七八九十一二三”。四五', ['一二三四五六七八九十一二', '三”。四五']],
    ['rules before spacing: a line looser than 0.15 em per gap rather than a mark at a line start',
      '一二三四五六七八九十一“二”。三四五', ['一二三四五六七八九十一', '“二”。三四五']],
    ['—— is never split and may start a line (GB level)',
      '一二三四五六七八九十一二——三四', ['一二三四五六七八九十一二', '——三四']],
    ['…… is never split',
      '一二三四五六七八九十一二……三四', ['一二三四五六七八九十一二', '……三四']],
  ])('%s', (_what, text, expected) => {
    expect(set(text, { measure: M }).texts).toEqual(expected);
  });
});

describe('prohibition levels', () => {
  const text = '一二三四五六七八九十一二——三四五六七八九十一';

  it('GB lets —— start a wrapped line; strict does not', () => {
    expect(set(text, { measure: M, kinsoku: 'gb' }).texts[1]).toMatch(/^——/);
    const strict = set(text, { measure: M, kinsoku: 'strict' }).texts;
    expect(strict[1]).toMatch(/^二——/);
  });

  it('strict still lets a paragraph open with ——', () => {
    expect(set('——题记', { measure: M, kinsoku: 'strict' }).texts).toEqual(['——题记']);
  });

  it('none lets a comma start a line', () => {
    expect(set('一二三四五六七八九十一二三，四五六', { measure: M, kinsoku: 'none' }).texts).toEqual(['一二三四五六七八九十一二三', '，四五六']);
  });
});

describe('punctuation widths', () => {
  it('keeps 。”」 together at a line end, compressed, with the last ink on the measure', () => {
    const { lines, texts } = set('一二三四五六七八九十一。”」四五', { measure: M });
    expect(texts).toEqual(['一二三四五六七八九十一。”」', '四五']);
    expect(lines[0].right).toBeCloseTo(M, 6);
    // Every gap of the line took the same justification stretch; without it the marks are half an em apart.
    const p = pitches(lines[0]);
    const stretch = p[0] - 1;
    expect(p.slice(-2).map((x) => +(x - stretch).toFixed(6))).toEqual([0.5, 0.5]);
  });

  it('sets an interpunct in half a cell, its dot centred between the names', () => {
    const { lines } = set('蒋·可然', { measure: M });
    expect(pitches(lines[0])).toEqual([0.75, 0.75, 1]);
  });

  it('sets the ratio sign of a score or a scale in half a cell between its figures, with no space beside it', () => {
    const { lines } = set('比分108∶97胜', { measure: M });
    const glyphs = lines[0].glyphs;
    const at = (text: string) => glyphs.findIndex((g) => g.text === text);
    // From the 8 before it to the 9 after it: the 8's advance and half an em (was a full em).
    expect(+(glyphs[at('9')].x - glyphs[at('8')].x - glyphs[at('8')].advance).toFixed(6)).toBe(0.5);
  });

  it('sets a colon between figures (a score, a clock time) without its blank, and one before a figure full width', () => {
    const { lines } = set('时间：2024年，比分4：2胜', { measure: M });
    const glyphs = lines[0].glyphs;
    const pitch = (i: number) => +(glyphs[i + 1].x - glyphs[i].x).toFixed(6);
    const colons = glyphs.flatMap((g, i) => (g.text === '：' ? [i] : []));
    expect(colons.map(pitch)).toEqual([1, 0.5]);
  });

  it('sets 开明 style: 。？！ full width, the other marks half', () => {
    const shaped = (punctuation: 'full' | 'kaiming' | 'half') =>
      pitches(composeParagraph(shapeText('他说，好。啊', { face: song(), fallbacks: [] }, punctuation), { measure: M })[0]);
    expect(shaped('full')).toEqual([1, 1, 1, 1, 1]);
    expect(shaped('kaiming')).toEqual([1, 1, 0.5, 1, 1]);
    expect(shaped('half')).toEqual([1, 1, 0.5, 1, 0.5]);
  });

  it('sets marks full width and compresses adjacent ones to 1.5 em (。” and ：“)', () => {
    const { lines } = set('他说：“好。”然后', { measure: M });
    expect(pitches(lines[0])).toEqual([1, 1, 0.5, 1, 1, 0.5, 1, 1]);
  });

  it('trims a mark at the line end so that its ink meets the measure', () => {
    const { lines } = set('一二三，四五六七八九十一二，三四五', { measure: M });
    expect(lines[0].right).toBeCloseTo(M, 6);
    // The comma inside the line gave up its blank half to make room.
    expect(pitches(lines[0])[3]).toBeCloseTo(0.5, 6);
  });

  it('trims the blank before an opening mark at a line start', () => {
    const { lines } = set('一二三四五六七八九十一二“三四”', { measure: M });
    // The glyph origin is half an em left of the line so that its ink starts on the measure.
    expect(lines[1].glyphs[0].x).toBeCloseTo(-0.5, 6);
  });
});

describe('CJK–Latin spacing', () => {
  it('puts a quarter em between Han characters and digits', () => {
    const { lines } = set('共12名', { measure: M });
    const [gong, one, two, ming] = lines[0].glyphs;
    expect(one.x - (gong.x + gong.advance)).toBeCloseTo(0.25, 6);
    expect(ming.x - (two.x + two.advance)).toBeCloseTo(0.25, 6);
    expect(two.x).toBeCloseTo(one.x + one.advance, 6);
  });

  it('can be turned off', () => {
    const { lines } = set('共12名', { measure: M, autospace: 0 });
    const [gong, one] = lines[0].glyphs;
    expect(one.x).toBeCloseTo(gong.x + gong.advance, 6);
  });

  it('spaces a percentage from the Han character after it as its number, but puts none beside a Western bracket', () => {
    const { lines } = set('达到98%提升', { measure: M });
    const g = lines[0].glyphs;
    const pct = g.findIndex((x) => x.text === '%');
    expect(g[pct + 1].x - (g[pct].x + g[pct].advance)).toBeCloseTo(0.25, 6);
    const paren = set('药物(抗体)服务', { measure: M }).lines[0].glyphs;
    expect(paren[2].x).toBeCloseTo(paren[1].x + paren[1].advance, 6); // 物(
    expect(paren[6].x).toBeCloseTo(paren[5].x + paren[5].advance, 6); // )服
  });
});

describe('unbreakable sequences', () => {
  it.each([
    ['a number with separators', '一二三四五六七八九十一二1,234.5元', '1,234.5'],
    ['a percentage', '一二三四五六七八九十一二三98%的', '98%'],
    ['a Latin word', '一二三四五六七八九十一ADC药物', 'ADC'],
    ['a year range', '一二三四五六七八九十一二2024—2025年', '2024—2025'],
  ])('keeps %s on one line', (_what, text, unit) => {
    const { texts } = set(text, { measure: M });
    expect(texts.some((t) => t.includes(unit))).toBe(true);
    expect(texts.join('')).toBe(text);
  });

  it('breaks a long URL only after / or . and never overflows the measure', () => {
    const text = '详见https://www.example.com/news/2024/chongqing/report.html网站';
    const { lines, texts } = set(text, { measure: M });
    expect(texts.join('')).toBe(text);
    for (const l of lines) expect(l.right).toBeLessThanOrEqual(M + 1e-6);
    // Each break is after a URL separator, or between the URL and the Chinese text around it.
    for (const [i, t] of texts.slice(0, -1).entries()) expect(`${t}|${texts[i + 1][0]}`).toMatch(/[/.?&=-]\|.|[^\x00-\x7f]\||\|[^\x00-\x7f]/);
  });
});

describe('no-break spaces and numbers', () => {
  it('never breaks at a no-break space', () => {
    const { texts } = set('一二三四五六七八九十一二No.\u00a01号文件', { measure: M });
    expect(texts.some((t) => t.includes('No.\u00a01'))).toBe(true);
  });

  it('keeps a number with its unit symbol across a space (5 km)', () => {
    const { texts } = set('一二三四五六七八九十一二5 km路段', { measure: M });
    expect(texts.some((t) => t.includes('5 km'))).toBe(true);
  });

  it('keeps a date written with hyphens whole', () => {
    const { texts } = set('一二三四五六七八九十一二于2024-03-01日', { measure: M });
    expect(texts.some((t) => t.includes('2024-03-01'))).toBe(true);
  });

  it('lets a run of dashes break between pairs in a font without a —— glyph', () => {
    const { texts } = set('一二三四五六七八九十一————', { measure: M }, kai());
    expect(texts).toEqual(['一二三四五六七八九十一——', '——']);
  });

  it('counts a run of ellipses after a dash afresh', () => {
    const { texts } = set('一二三四五六七八九十一——……', { measure: M });
    expect(texts.join('|')).not.toContain('…|…');
    expect(texts.join('')).toBe('一二三四五六七八九十一——……');
  });

  it('lets four ellipses break between their pairs, never inside one', () => {
    const { texts } = set('一二三四五六七八九十一…………', { measure: M });
    expect(texts).toEqual(['一二三四五六七八九十一……', '……']);
  });
});

describe('compression order (clreq: brackets and pauses before stops)', () => {
  it('takes space from a comma before a full stop', () => {
    // 11 characters, a comma and a full stop in a 12.5 em line: half an em too long.
    const { lines, texts } = set('一二，三四五。六七八九十一二三四', { measure: 12.5 });
    expect(texts[0]).toBe('一二，三四五。六七八九十一');
    const p = pitches(lines[0]);
    expect(p[2]).toBeCloseTo(0.5, 6); // after ，: compressed
    expect(p[6]).toBeCloseTo(1, 6); // after 。: kept full width
    expect(lines[0].right).toBeCloseTo(12.5, 6);
  });

  it('keeps defaults for options given as undefined', () => {
    const { lines } = set('共12名', { measure: M, autospace: undefined, kinsoku: undefined });
    const [gong, one] = lines[0].glyphs;
    expect(one.x - (gong.x + gong.advance)).toBeCloseTo(0.25, 6);
  });
});

describe('justification', () => {
  const text =
    '近年来，重庆坚持抓党建带全局，以党建促发展，把战斗堡垒建在“链”上，把党组织和党员作用发挥在“链”上，把资源要素融在“链”上，推动形成党建统领、互助共赢，链上企业党建与链上企业高质量发展同频共振、融合共促的产业发展新格局。';

  it('sets every line but the last flush with the measure, spreading at most 0.15 em per gap', () => {
    const { lines } = set(text, { measure: M, indent: 2 });
    for (const l of lines.slice(0, -1)) {
      expect(l.right).toBeCloseTo(M, 6);
      for (const p of pitches(l)) expect(p).toBeLessThanOrEqual(1.15 + 1e-6);
    }
    expect(lines[0].glyphs[0].x).toBeCloseTo(2, 6); // first-line indent
  });

  it('keeps every character, in order', () => {
    expect(set(text, { measure: M, indent: 2 }).texts.join('')).toBe(text);
  });
});

describe('a space typed between Chinese characters', () => {
  it('is a word space of fixed width: justification spreads the gaps between the characters, not it', () => {
    // 本报讯（记者 吕垚 实习生 黄犇）: the body face's space is 0.256 em; the line is justified between the characters.
    const text = '本报讯（记者 吕垚 实习生 黄犇）因名字中有生僻字，市民邱先生办理业务时屡屡受阻。';
    const { lines } = set(text, { measure: M, indent: 2 });
    const space = song().glyph(0x20)!.advance;
    for (const line of lines.slice(0, -1)) {
      const across = line.glyphs.slice(1).flatMap((g, i) => (g.wordStart ? [+(g.x - line.glyphs[i].x - line.glyphs[i].advance).toFixed(4)] : []));
      for (const gap of across) expect(gap).toBeCloseTo(space, 4);
      expect(line.right).toBeCloseTo(M, 6);
    }
    expect(lines[0].glyphs.filter((g) => g.wordStart).length).toBeGreaterThanOrEqual(3);
  });
});

describe('lines no setting can justify within the limits', () => {
  it('are set ragged, spread 0.15 em between characters at most, rather than letter-spaced', () => {
    const { lines } = set('一二三四五六七八九十一12,000人', { measure: M });
    expect(lines[0].ragged).toBe(true);
    expect(lines[0].short).toBeGreaterThan(0);
    expect(lines[0].right + lines[0].short!).toBeCloseTo(M, 6);
    for (const p of pitches(lines[0])) expect(p).toBeLessThanOrEqual(1.15 + 1e-6);
    expect(lines.slice(1).every((l) => !l.ragged)).toBe(true);
  });
});

describe('lone characters on a last line', () => {
  it('never leaves one character (with its stop) alone on the last line', () => {
    const text = '一二三四五六七八九十一二三四五六七八九十一二三四五六字。';
    const { texts } = set(text, { measure: M });
    const last = texts[texts.length - 1];
    expect(last.replace(/[。，、]/g, '').length).toBeGreaterThanOrEqual(2);
  });
});

describe('looseness', () => {
  const text = '濒临倒闭的小作坊，在成长路上得到产业链上的大公司党委持续扶持，逐渐成为年产值上亿元的核心供应商。';

  const clusters = () => shapeText(text, { face: song(), fallbacks: [] });

  it('sets a paragraph one line longer only where no rule is broken', () => {
    expect(composeParagraph(clusters(), { measure: M, indent: 2 })).toHaveLength(4);
    // Five lines would leave 商。 alone: that variant does not exist.
    expect(composeParagraph(clusters(), { measure: M, indent: 2, looseness: 1 })).toBeNull();
  });

  it('sets a paragraph one line longer when the lines can take the space', () => {
    // 86 characters: 7 lines at their best; 8 lines need about 0.13 em more per gap.
    const long = Array.from({ length: 86 }, (_, i) => String.fromCodePoint(0x4e00 + i * 7)).join('');
    const best = composeParagraph(shapeText(long, { face: song(), fallbacks: [] }), { measure: M, indent: 2 });
    const longer = composeParagraph(shapeText(long, { face: song(), fallbacks: [] }), { measure: M, indent: 2, looseness: 1 });
    expect(longer).toHaveLength(best.length + 1);
    for (const l of longer!.slice(0, -1)) expect(l.right).toBeCloseTo(M, 6);
  });
});

describe('characters outside the Basic Multilingual Plane', () => {
  it('shapes 𠅤 (U+20164) with a real glyph of the body face', () => {
    const { lines } = set('新𠅤字', { measure: M });
    expect(lines[0].glyphs.map((g) => g.text)).toEqual(['新', '𠅤', '字']);
    expect(lines[0].glyphs[1].id).not.toBe(0);
  });
});
