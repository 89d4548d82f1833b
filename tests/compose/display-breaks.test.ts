import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildContext } from '../../src/context.js';
import { DiagnosticList } from '../../src/diagnostics.js';
import { LAYOUTS_DIR, loadLayout } from '../../src/layout/load-layout.js';
import { setText } from '../../src/place/typeset.js';
import { wordBreakCosts } from '../../src/compose/words.js';
import { GB } from '../../src/rules/gb.js';

const context = new BuildContext();
const layout = loadLayout(context, join(LAYOUTS_DIR, 'broadsheet.yaml'));

/** The lines of `text` set in `style` at `ems` of its size, as display text or not. */
function lines(text: string, style: string, ems: number, display = true): string[] {
  const s = layout.styles.get(style)!;
  const set = setText(context, text, s, ems * s.size * s.hScale, new DiagnosticList(), {}, { indent: 0, display });
  return set.lines.map((l) => text.slice(l.start, l.stop));
}

describe('display text breaks between words', () => {
  // Each: text, style, measure in em, lines wanted (the breaks the copy of issue 14 showed wrong, and their like).
  const cases: [string, string, number, string[]][] = [
    ['心系苍生——建党之初的初心与使命', 'headline', 12, ['心系苍生——', '建党之初的初心与使命']],
    ['1—11月份全国规模以上工业企业利润同比下降', 'headline', 12, ['1—11月份全国规模以上', '工业企业利润同比下降']],
    ['三季度经济增速低于预期', 'headline', 8, ['三季度经济', '增速低于预期']],
    ['划定重点管理区 实行分类管理', 'headline', 10, ['划定重点管理区', '实行分类管理']],
    ['我市出台十条措施支持民营经济发展壮大', 'headline', 10, ['我市出台十条措施', '支持民营经济发展壮大']],
    ['山城的“十五分钟”，要用脚步来量', 'headline_2', 9, ['山城的“十五分钟”，', '要用脚步来量']],
    // After the comma the last line would run 2.5 em longer than the first: before the quote balances.
    ['——12名党员先行先试，为花椒“轻量化”改良蹚出新路', 'subtitle', 16, ['——12名党员先行先试，为花椒', '“轻量化”改良蹚出新路']],
    ['——12名党员先行先试，为花椒“轻量化”改良蹚出新路', 'subtitle', 14, ['——12名党员先行先试，', '为花椒“轻量化”改良蹚出新路']],
    // 年产值 is one word to a reader though ICU reads 年|产值; 为 after 成长 closes the verb.
    ['小作坊为何能成长为年产值上亿元的供应商？', 'section_heading', 11, ['小作坊为何能成长为', '年产值上亿元的供应商？']],
    // ICU reads 用|得|起用|得|好: the complement 起 closes 用得, the word after it starts with 用.
    ['让中小企业用得上用得起用得好大模型', 'headline', 12, ['让中小企业用得上', '用得起用得好大模型']],
    ['让中小企业用得上用得起用得好大模型', 'headline', 8, ['让中小企业', '用得上用得起', '用得好大模型']],
  ];
  it.each(cases)('%s in %s at %d em', (text, style, ems, want) => {
    expect(lines(text, style, ems)).toEqual(want);
  });

  it('breaks body text anywhere between characters, as before', () => {
    // The same measure without display breaking takes the first break that balances, inside a word.
    expect(lines('划定重点管理区 实行分类管理', 'headline', 10, false)).toEqual(['划定重点管理', '区 实行分类管理']);
  });

  it('keeps a centred block balanced, its last line not longer than the one above by much', () => {
    const [first, last] = lines('长江经济带生态环境保护修复取得历史性成就', 'headline', 13);
    expect(first.length).toBeGreaterThanOrEqual(last.length - 1);
  });
});

describe('periods leading a word, 为 closing a verb of becoming, terms and potential forms (rules.breaks.words)', () => {
  const inside = GB.breaks.words.inside;
  /** What breaking `text` at the bar costs. */
  const cost = (marked: string) => wordBreakCosts(marked.replace('|', ''), GB)[[...marked.slice(0, marked.indexOf('|'))].length];
  it.each([
    ['为年|产值', true],
    ['全市年|均增长', true],
    ['客流日|均过万', true],
    ['月|销量突破', true],
    // After a figure or a numeral the period closes what is before it.
    ['2023年|产值增长', false],
    ['三年|产值翻番', false],
    ['去年|产值增长', false],
    // 为 closes 成长 and 发展; as a preposition it still leads its phrase.
    ['成长|为年产值', true],
    ['成长为|年产值', false],
    ['发展|为龙头', true],
    ['专门为|企业解难', true],
    // Terms the dictionary parts wrongly (人均可|支配, 生产|总值) stay whole, and part from the word before.
    ['居民人均可|支配收入', true],
    ['居民人均|可支配收入', false],
    ['地区生产|总值', true],
    ['全市|地区生产总值', false],
    // but a word that binds to its neighbour still does so at a term's edge.
    ['对|港澳台', true],
    ['占地区生产总值|的比重', true],
    // A verb's potential form is one word, ending after its complement (用得起, 买得到, 用不起).
    ['用得|起用得好', true],
    ['用|得起', true],
    ['用得起|用得好', false],
    ['买|得到', true],
    ['用不|起的', true],
    ['用不起|的', true],
    // Not after a verb that ends in 得 or a word of two characters before 得到, nor after an adverb's 不.
    ['取得|好成绩', false],
    ['问题|得到解决', false],
    ['也|不好', false],
  ] as [string, boolean][])('%s: inside a word %s', (marked, within) => {
    expect(cost(marked) >= inside).toBe(within);
  });
});

describe('display text closes up marks beside dashes', () => {
  /** x of each glyph of a one-line setting, in em, by its text. */
  function xs(text: string, display: boolean) {
    const s = layout.styles.get('headline')!;
    const [line] = setText(context, text, s, 30 * s.size, new DiagnosticList(), {}, { indent: 0, display }).lines;
    return line.glyphs.map((g) => [g.text, g.x] as const);
  }
  it('sets ”——（ without half-em holes at headline size, and keeps them in body setting', () => {
    const text = '他说：“写在大地上。’”——（记者手记）';
    const at = (set: (readonly [string, number])[], t: string) => set.find(([g]) => g === t)![1];
    const display = xs(text, true);
    const body = xs(text, false);
    // ” has its ink in the left half of its cell; —— follows its ink at once in display text.
    expect(at(display, '——') - at(display, '”')).toBeCloseTo(0.5, 3);
    expect(at(body, '——') - at(body, '”')).toBeCloseTo(1, 3);
    // （ has its ink in the right half: its cell starts half an em before the dash ends.
    expect(at(display, '（') - at(display, '——')).toBeCloseTo(1.5, 3);
    expect(at(body, '（') - at(body, '——')).toBeCloseTo(2, 3);
    // 。’” compress as adjacent marks in either setting: 1.5 em from 。 to the end of ”'s ink.
    expect(at(display, '”') - at(display, '。')).toBeCloseTo(1, 3);
  });
});

describe('a space typed between phrases of a headline', () => {
  /** x of each glyph of `text` set on one line in `style`, in em. */
  const xs = (text: string, style: string, phraseSpaces: boolean) => {
    const s = layout.styles.get(style)!;
    const [line] = setText(context, text, s, 30 * s.size, new DiagnosticList(), {}, { indent: 0, display: true, phraseSpaces }).lines;
    return line.glyphs.map((g) => g.x);
  };
  it('parts them by an em, as the full-width space an editor would type; a byline keeps a word space', () => {
    // 冷空气来袭 主城降温: 主 stands 2 em after 袭 (its own em and the space's).
    const headline = xs('冷空气来袭 主城降温', 'headline', true);
    expect(headline[5] - headline[4]).toBeCloseTo(2, 6);
    const byline = xs('本报记者 刘洋', 'headline', false);
    expect(byline[4] - byline[3]).toBeCloseTo(1.25, 6);
  });
});
