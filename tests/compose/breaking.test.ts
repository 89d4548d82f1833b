/**
 * Break opportunities inside pieces kept whole (rules.breaks) and the ragged fallback: one line
 * per case — the copy, the measure and indent in em, and the lines expected (a hyphen the
 * setting adds is shown at the line's end).
 */
import { describe, expect, it } from 'vitest';
import { pitches, set } from '../helpers/compose.js';

const lines = (text: string, measure: number, indent: number) => {
  const s = set(text, { measure, indent });
  return { ...s, shown: s.lines.map((l, i) => s.texts[i] + (l.hyphenated ? '-' : '')) };
};

describe('break opportunities', () => {
  it.each([
    // [rule, copy, measure, indent, lines]
    ['a long English word breaks at its hyphenation points, a hyphen at the line end', '极pneumonoultramicroscopicsilicovolcanoconiosis（尘肺病的一种）', 11, 2, ['极pneumonoul-', 'tramicroscopicsilico-', 'volcanoconiosis（尘肺', '病的一种）']],
    ['a word after two characters: no line of two characters letter-spaced', '企业internationalization战略正在加速落地。', 11, 2, ['企业international-', 'ization战略正在加速落', '地。']],
    ['a URL breaks after its separators, without a hyphen', '据https://www.example.com/news/2024/10/18/economy-report.html?id=123&lang=zh报道。', 11, 2, ['据https://www.', 'example.com/news/', '2024/10/18/economy-', 'report.html?id=123&', 'lang=zh报道。']],
    ['an e-mail address breaks after its @, without a hyphen', '咨询邮箱为ai-talent@jxw.cq.gov.cn。', 11, 0, ['咨询邮箱为ai-talent@', 'jxw.cq.gov.cn。']],
    ['and is never hyphenated: before its own hyphen rather than read- / ing', '咨询邮箱为yashe-reading@cqlib.cn，欢迎来信。', 13, 2, ['咨询邮箱为yashe', '-reading@cqlib.cn，欢迎', '来信。']],
    ['its hyphen starting the line, where it cannot be taken for one the setting added', '或发送邮件至yashe-reading@cqlib.cn报名。', 11, 0, ['或发送邮件至yashe', '-reading@cqlib.cn', '报名。']],
    ['never inside the scheme https://', '详见https://www.example.com/a网页', 8, 0, ['详见https://', 'www.example.', 'com/a网页']],
    ['a long range of figures may break after its dash', '一二三四五六七八九十2023—2024年', 14, 0, ['一二三四五六七八九十2023—', '2024年']],
    ['so may a range of clock times', '一二三四五六七八九十19:30—21:00播出', 14, 0, ['一二三四五六七八九十19:30—', '21:00播出']],
    ['a short range stays whole', '一二三四五六七八九十一二3～5', 13, 0, ['一二三四五六七八九十一二', '3～5']],
    ['a number never breaks, even where a near-empty line is the only setting', '占12,345,678.90万元的专项资金', 9, 2, ['占', '12,345,678.90万元', '的专项资金']],
    ['a unit with a solidus stays with its number, never broken after the solidus', '快速路限速80km/h，隧道内限速60km/h', 11, 2, ['快速路限速', '80km/h，隧道内限速', '60km/h']],
    ['nor a name or a formula after its hyphen, where less than three characters would follow', '一二三四五六七CCTV-5+频道', 11, 0, ['一二三四五六七', 'CCTV-5+频道']],
    ['while a short run still breaks before it', '全天一二三四五六七24小时均有人接听', 9, 0, ['全天一二三四五六七', '24小时均有人接听']],
    ['a formula in mixed case is not hyphenated', '磷酸铁锂（LiFePO4）电池', 6, 0, ['磷酸铁锂', '（LiFePO4）', '电池']],
    ['a figure keeps its unit of date (GB/T 15835): never 12月3 / 日', '北京时间2026年12月3日，也是国际残疾人日', 11, 0, ['北京时间2026年12月', '3日，也是国际残疾人日']],
    ['even where the setting that keeps it stretches more lines: never 12月3 / 日', '资本市场方面，12月3日沪深两市共成交。', 6, 0, ['资本市场方', '面，12月3日', '沪深两市共', '成交。']],
    ['nor is a unit of several characters broken inside: never 1小 / 时', '这场比赛共耗时1小时02分，第四局双方战至最后。', 12, 2, ['这场比赛共耗时1小时', '02分，第四局双方战至最', '后。']],
    ['a measure word keeps its number as a unit does: never 3 / 人', '本届“破10”选手共有3人，最好成绩为9秒83。', 13, 2, ['本届“破10”选手共有', '3人，最好成绩为9秒83。']],
    ['余, 多, 万 and 亿 are of the number, before its unit: never 20 / 余种', '图书馆收藏《时与潮文艺》等珍本20余种。', 9, 2, ['图书馆收藏《时', '与潮文艺》等珍本', '20余种。']],
    ['nor of a number: never 6 / 号线', '第一二三四五六七八九十一二三四五6号线', 9, 0, ['第一二三四五六七', '八九十一二三四五', '6号线']],
    ['a number in full-width figures never breaks, nor at its decimal point: never １２３４ / ５６, ２． / ５', '今年全市共有１２３４５６名考生参加高考，比去年增加２．５万人。', 13, 0, ['今年全市共有１２３４５６名', '考生参加高考，比去年增加', '２．５万人。']],
    ['nor a score in them: never ２５∶ / ２１', '西江队以３∶１逆转广东队，四局比分为２３∶２５、２５∶２１、２５∶１９、２７∶２５，积分升至第四。', 13, 0, ['西江队以３∶１逆转广东', '队，四局比分为２３∶２５、', '２５∶２１、２５∶１９、', '２７∶２５，积分升至第四。']],
    ['a score or a ratio is one figure: never 25∶ / 19', '西江队以3∶1逆转广东队，四局比分为23∶25、25∶21、25∶19、27∶25，积分升至第四。', 13, 0, ['西江队以3∶1逆转广东队，', '四局比分为23∶25、25∶21、', '25∶19、27∶25，积分升至第四。']],
    ['nor 25∶ / 21 with a full-width colon', '西江队以3：1逆转广东队，四局比分为23：25、25：21、25：19、27：25，积分升至第四。', 13, 2, ['西江队以3：1逆转广', '东队，四局比分为23：25、', '25：21、25：19、27：25，积分', '升至第四。']],
    ['an ordinal keeps its number: never 第 / 三', '他在比赛中最终获得第三名，创个人最好成绩。', 10, 0, ['他在比赛中最终获得', '第三名，创个人最好', '成绩。']],
    ['a number in figures too: never 第 / 9', '这是重庆队本赛季第9场胜利，主教练很满意。', 9, 0, ['这是重庆队本赛季', '第9场胜利，主教练', '很满意。']],
    ['full-width figures too: never 第 / ９', '这是重庆队本赛季的第９场胜利，主教练很满意。', 12, 2, ['这是重庆队本赛季的', '第９场胜利，主教练很满意。']],
    ['numerals and the measure word after them are one ordinal: never 第 / 十二轮', '中国女子排球联赛第十二轮比赛昨晚在市体育馆打响，主队以三比一战胜客队，取得本赛季第二场胜利。', 9, 0, ['中国女子排球联赛', '第十二轮比赛昨晚在', '市体育馆打响，主队', '以三比一战胜客队，', '取得本赛季第二场', '胜利。']],
    ['nor 第十 / 二届, nor a count split from its measure word: never 三 / 千多名', '本届运动会是重庆举办的第十二届市运会，共有三千多名运动员参赛。', 11, 0, ['本届运动会是重庆举办', '的第十二届市运会，共有', '三千多名运动员参赛。']],
    ['a count in numerals keeps its measure word: never 十 / 二个', '截至今年十月，全市已建成十二个社区食堂，累计服务老人三万余人次。', 13, 0, ['截至今年十月，全市已建成', '十二个社区食堂，累计服务老', '人三万余人次。']],
    ['after the ordinal a line may break: 第四 / 季度', '负责人说今年的第四季度是完成全年目标的关键。', 9, 0, ['负责人说今年的第四', '季度是完成全年目标', '的关键。']],
    ['a measure word that starts a longer word is none: 第一 / 人民医院', '患者被紧急送往市第一人民医院救治。', 10, 0, ['患者被紧急送往市第一', '人民医院救治。']],
    ['nor is a numeral that ends a word a count\'s: 唯一 / 一家', '这家印刷厂是全市唯一一家百年老字号，至今仍在使用铅字排版。', 11, 0, ['这家印刷厂是全市唯一', '一家百年老字号，至今仍', '在使用铅字排版。']],
    ['nor one whose measure word starts a word: 统一 / 部署', '会议强调，各区县要按照统一部署，抓好各项工作的落实。', 13, 0, ['会议强调，各区县要按照统一', '部署，抓好各项工作的落实。']],
    ['where no setting within the spacing limits keeps them, they part rather than leave a line ragged', '会议于今天19时30分开幕，持续到晚上21时45分', 9, 0, ['会议于今天19时30', '分开幕，持续到晚上', '21时45分']],
    ['a number\'s sign may start a line after Chinese text, as its number would: 和 / -0.31%', '煤炭、银行板块小幅调整，分别下跌-0.52%和-0.31%。北向资金全天净买入56.78亿元。', 11, 0, ['煤炭、银行板块小幅调', '整，分别下跌-0.52%和', '-0.31%。北向资金全天净', '买入56.78亿元。']],
    ['and never leaves its number: 下降 / −3.2%, not − / 3.2%', '一二三四五六七八九十下降−3.2%，环比', 13, 0, ['一二三四五六七八九十下降', '−3.2%，环比']],
    ['but a hyphen inside Latin text is no sign: CCTV-5 stays whole', '一二三四五六七八九十CCTV-5频道', 11, 0, ['一二三四五六七八九十', 'CCTV-5频道']],
    ['a capitalised word is a name, not hyphenated (Bodleian Li- / brary)', '他说，自己第一次读到梁实秋是在牛津的博德利图书馆（Bodleian Library），那是一本1949年的旧书。', 11, 2, ['他说，自己第一次读', '到梁实秋是在牛津的博', '德利图书馆（Bodleian', 'Library），那是一本1949', '年的旧书。']],
    ['but is as a last resort, rather than leave a near-empty line', '企业Internationalization战略正在加速落地。', 11, 2, ['企业Internation-', 'alization战略正在加速', '落地。']],
    ['or cut a word wider than the column at any letter', '极Pneumonoultramicroscopicsilicovolcanoconiosis（尘肺病的一种）', 11, 2, ['极Pneumonoul-', 'tramicroscopicsilico-', 'volcanoconiosis（尘肺', '病的一种）']],
    ['a short word is not hyphenated', '一二三四五六七八九十table', 13, 0, ['一二三四五六七八九十table']],
    ['nor is a word broken closer than two letters from its start or three from its end', '对supercalifragilisticexpialidocious这类单词', 11, 2, ['对supercalifrag-', 'ilisticexpialidocious这', '类单词']],
  ])('%s', (_rule, text, measure, indent, expected) => {
    expect(lines(text, measure, indent).shown).toEqual(expected);
  });
});

describe('an ordinal kept with its number', () => {
  it('parts only where no setting within the spacing limits keeps it whole, and the line says it parts a unit', () => {
    const { shown, lines: set12 } = lines('女子排球联赛的第十二届比赛在市体育馆打响。', 12, 2);
    // 女子排球联赛的 / 第十二届… would spread seven characters over ten em.
    expect(shown).toEqual(['女子排球联赛的第十二', '届比赛在市体育馆打响。']);
    expect(set12[0]).toMatchObject({ partsUnit: true });
    expect(set12[0].ragged).toBeUndefined();
  });
});

describe('what no break can help', () => {
  it('sets a line ragged at the spacing limits rather than letter-spaced, and says how short', () => {
    const { lines: set13 } = lines('一二三四五六七八九十一12,000人', 13, 0);
    expect(set13[0]).toMatchObject({ ragged: true });
    expect(set13[0].short).toBeCloseTo(13 - set13[0].right, 6);
    for (const p of pitches(set13[0])) expect(p).toBeLessThanOrEqual(1.15 + 1e-6);
  });

  it('sets the line a name is not hyphenated in ragged at the limits rather than letter-spaced (Mi- / crosoft)', () => {
    const { shown, lines: set11 } = lines('邀请英伟达（NVIDIA）、微软（Microsoft）等企业参展，让更多中小企业看到AI的实际价值。', 11, 2);
    expect(shown.slice(1, 3)).toEqual(['（NVIDIA）、微软', '（Microsoft）等企业参']);
    expect(set11[1]).toMatchObject({ ragged: true });
    // Between Han characters a justified or ragged line spreads at most 0.15 em.
    const han = (t: string) => /\p{Script=Han}/u.test(t);
    for (const line of set11) {
      line.glyphs.slice(1).forEach((g, k) => {
        if (han(g.text) && han(line.glyphs[k].text)) expect(g.x - line.glyphs[k].x).toBeLessThanOrEqual(1.15 + 1e-6);
      });
    }
  });

  it('names the piece that could not come up: the next line up to its first break, not the whole line', () => {
    const text = '一二三四五六七八九十一12,000人参加了这次活动';
    const { lines: set13 } = lines(text, 13, 0);
    const next = set13[0].unbreakableNext!;
    expect(text.slice(next.start, next.stop)).toBe('12,000');
    // It does not fit in the hole the line leaves.
    expect(next.width).toBeGreaterThan(set13[0].short!);
    expect(set13[1].stop).toBeGreaterThan(next.stop);
  });

  it('marks a near-empty line, which the breaker leaves only where nothing else exists', () => {
    const { lines: l } = lines('占12,345,678.90万元的专项资金', 9, 2);
    expect(l[0]).toMatchObject({ ragged: true, nearEmpty: true });
    expect(l.slice(1).some((x) => x.nearEmpty)).toBe(false);
  });

  it('keeps every Han–Latin space within ⅛–½ em in justified lines', () => {
    const { lines: l } = lines('据介绍，本次发布的储能项目采用LiFePO4电池，单体容量280Ah，循环寿命超过8,000次。', 11, 2);
    for (const line of l.slice(0, -1)) {
      for (let k = 1; k < line.glyphs.length; k++) {
        const [a, b] = [line.glyphs[k - 1], line.glyphs[k]];
        const han = (t: string) => /\p{Script=Han}/u.test(t);
        const latin = (t: string) => /[A-Za-z0-9]/.test(t);
        if ((han(a.text) && latin(b.text)) || (latin(a.text) && han(b.text))) {
          const gap = b.x - (a.x + a.advance);
          expect(gap).toBeGreaterThanOrEqual(0.125 - 1e-6);
          expect(gap).toBeLessThanOrEqual(0.5 + 1e-6);
        }
      }
    }
  });
});

describe('note references (rules.breaks.noteReference)', () => {
  it.each([
    // [rule, copy, measure, lines]
    ['a circled number stays with the character it follows: the break falls before it', '一二三四五六七八九十①是一二三四五六七八', 10, ['一二三四五六七八九', '十①是一二三四五六', '七八']],
    ['so does a parenthesised one', '一二三四五六七八九十⑴是一二三四五六七八', 10, ['一二三四五六七八九', '十⑴是一二三四五六', '七八']],
    ['and one after a closing quote', '一二三四五六七八“九”①', 10, ['一二三四五六七八', '“九”①']],
    ['a bracketed reference after Han text', '一二三四五六七八九据统计[1]，去年', 12, ['一二三四五六七八九据统', '计[1]，去年']],
    ['in full-width brackets, never broken inside', '一二三四五六七八九十一［１２］', 12, ['一二三四五六七八九十', '一［１２］']],
    ['after a space the marker opens an item of the list, and starts a line', '一二三四五六七八九十 ①第一', 10, ['一二三四五六七八九十', '①第一']],
    ['after a pause it numbers an item of a list run into the text, and may start a line', '主要措施包括：①加强管理；②完善制度；③强化监督。', 13, ['主要措施包括：①加强管理；', '②完善制度；③强化监督。']],
  ])('%s', (_rule, text, measure, expected) => {
    expect(set(text, { measure }).texts).toEqual(expected);
  });

  it('a list item opening with ① still breaks as any paragraph', () => {
    expect(set('①第一条，加强党的组织建设。', { measure: 6 }).texts).toEqual(['①第一条，加', '强党的组织建', '设。']);
    expect(set('① 第一条，加强党的组织建设。', { measure: 6 }).texts).toEqual(['① 第一条，加', '强党的组织建', '设。']);
  });
});

describe('Japanese in Chinese copy', () => {
  it('never starts a line with the prolonged sound mark: ソニー breaks before the syllable it lengthens', () => {
    expect(lines('日本索尼公司（ソニー）宣布', 9, 0).shown).toEqual(['日本索尼公司（ソ', 'ニー）宣布']);
  });
});

describe('numbers written in groups', () => {
  it.each([
    // A telephone number in groups (and GB/T 15835's grouping of long numbers by spaces) is one number: never broken at its spaces.
    ['a mobile number', '手机号138 0838 1234，请记好', 9, 0, ['手机号', '138 0838 1234，请', '记好']],
    ['a number with its area code', '咨询电话（023）6390 5678。', 9, 0, ['咨询电话（023）', '6390 5678。']],
  ])('%s stays whole', (_what, text, measure, indent, expected) => {
    expect(lines(text, measure, indent).shown).toEqual(expected);
  });
});

describe('the ideographic space typed inside a paragraph (TV listings)', () => {
  const listing = '重庆卫视　19:30—21:00　电视剧《山城棒棒儿》';

  it('is dropped at a break: the next line starts flush with its first character', () => {
    const { lines: l, texts } = set(listing, { measure: 11, indent: 0 });
    expect(texts).toEqual(['重庆卫视　19:30—21:00', '电视剧《山城棒棒儿》']);
    expect(l[1].glyphs[0]).toMatchObject({ text: '电', x: 0 });
    expect(l[0].glyphs.at(-1)?.text).toBe('0');
  });

  it('keeps its full em inside a justified line, neither squeezed nor widened, and its glyph stays in the text', () => {
    const { lines: l } = set(listing, { measure: 13, indent: 0 });
    const line = l[0];
    expect(line.glyphs.map((g) => g.text).join('')).toBe('重庆卫视　19:30—21:00　电');
    const at = (text: string, from = 0) => line.glyphs.findIndex((g, k) => k >= from && g.text === text);
    // 视 to 1 and 0 to 电: the space's em, and nothing of the line's spacing (which widens the Han gaps).
    const [shi, one] = [line.glyphs[at('视')], line.glyphs[at('1')]];
    expect(one.x - (shi.x + shi.advance)).toBeCloseTo(1, 6);
    expect(line.glyphs[1].x - line.glyphs[0].advance).toBeGreaterThan(0.01);
    const last0 = line.glyphs[at('电') - 2];
    expect(line.glyphs[at('电')].x - (last0.x + last0.advance)).toBeCloseTo(1, 6);
    expect(line.glyphs[at('电')]).toMatchObject({ wordStart: true });
  });
});

describe('bylines', () => {
  const byline = (text: string, measure: number) => set(text, { measure, indent: 0, align: 'left', preferSpaceBreaks: true }).texts;

  it.each([
    ['at the ideographic space between credits, never between a role and its name', '本报记者 刘洋　实习生 陈晨', 11, ['本报记者 刘洋', '实习生 陈晨']],
    ['at a word space likewise, a name of three characters kept whole', '本报记者 周立伟 通讯员 李娜', 12, ['本报记者 周立伟', '通讯员 李娜']],
    ['a name written against its role too', '记者周立伟　通讯员李娜', 8, ['记者周立伟', '通讯员李娜']],
    ['before the role where the credit does not fit after what goes before it', '□新重庆-重庆日报记者 陈国栋', 10, ['□新重庆-重庆日报', '记者 陈国栋']],
  ])('breaks %s', (_what, text, measure, expected) => {
    expect(byline(text, measure)).toEqual(expected);
  });

  it('binds only a name of two to four characters: a longer run after a role word is no name', () => {
    expect(byline('编辑部全体同仁向读者致以新年问候', 5)).toEqual(['编辑部全', '体同仁向读', '者致以新年', '问候']);
  });
});
