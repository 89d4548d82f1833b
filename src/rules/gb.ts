/**
 * The mainland style: GB/T 15834—2011 §5 and clreq's rules for Simplified Chinese
 * (typography.md §1.1–§1.5), as newspapers set body text.
 */
import type { CharClass } from '../chars/char-class.js';
import type { CompositionRules, Prohibitions } from './rules.js';

/** Marks that close what goes before them, connectors, and kana that end a syllable: never at a line start (clreq basic). */
const BASIC_NOT_AT_START: CharClass[] = ['close', 'stop', 'comma', 'colon', 'mark', 'middle', 'connector', 'solidus', 'western_close', 'percent', 'nonstarter'];
/** Opening quotes and brackets: never at a line end. */
const BASIC_NOT_AT_END: CharClass[] = ['open', 'western_open'];

const prohibit = (notAtStart: CharClass[], notAtEnd: CharClass[]): Prohibitions => ({ notAtStart: new Set(notAtStart), notAtEnd: new Set(notAtEnd) });

const LATIN: CharClass[] = ['letter', 'digit'];
const WESTERN: CharClass[] = ['letter', 'digit', 'western_open', 'western_close', 'western_punct', 'percent'];

export const GB: CompositionRules = {
  name: 'gb',
  kinsoku: {
    none: prohibit([], []),
    basic: prohibit(BASIC_NOT_AT_START, BASIC_NOT_AT_END),
    // GB/T 15834 §5.1.9: the solidus neither starts nor ends a line.
    gb: prohibit(BASIC_NOT_AT_START, [...BASIC_NOT_AT_END, 'solidus']),
    // —— and …… do not start a wrapped line either.
    strict: prohibit([...BASIC_NOT_AT_START, 'dash', 'ellipsis'], [...BASIC_NOT_AT_END, 'solidus']),
  },
  westernNotAtStart: ',.;:!?',
  figureMarks: '：',
  // §5.1.1–5.1.3: pauses and stops sit at the lower left of their cell, opening marks at the right.
  blank: {
    open: { before: 0.5, after: 0 },
    close: { before: 0, after: 0.5 },
    stop: { before: 0, after: 0.5 },
    comma: { before: 0, after: 0.5 },
    colon: { before: 0, after: 0.5 },
    mark: { before: 0, after: 0.5 },
    middle: { before: 0.25, after: 0.25 },
    solidus: { before: 0.25, after: 0.25 },
  },
  // Interpuncts and solidi are half a cell in every style (§5.1.7, §5.1.9), so no style names them.
  keptBlank: {
    full: { open: 1, close: 1, stop: 1, comma: 1, colon: 1, mark: 1, dash: 1, ellipsis: 1, connector: 1 },
    kaiming: { stop: 1, mark: 1 },
    half: {},
  },
  compression: {
    // clreq §3.2.4: word spaces, brackets and quotes, pauses, Han–Latin spaces, stops.
    order: ['word_space', 'bracket', 'pause', 'han_latin', 'stop'],
    marks: { open: 'bracket', close: 'bracket', comma: 'pause', colon: 'pause', stop: 'stop', mark: 'stop' },
    adjacent: 0.5,
    // A half-em hole beside a dash reads as a gap at headline sizes.
    display: ['dash', 'ellipsis'],
  },
  wordSpace: { min: 0.25, max: 0.5, displayPhrase: 1 },
  hanLatin: { min: 0.125, max: 0.5 },
  // At the breaker's largest ratio (3) a gap between characters has grown 0.15 em.
  letterStretch: 0.05,
  // A role ends with these (本报记者, 特约评论员, 摄影记者); a Chinese name has two to four characters.
  byline: { roles: ['记者', '实习生', '通讯员', '摄影', '编辑', '评论员', '撰稿', '整理', '供稿', '制图', '翻译', '主持人'], nameMin: 2, nameMax: 4 },
  pairs: [
    { before: ['ideograph', 'nonstarter'], after: LATIN, autospace: true },
    { before: [...LATIN, 'percent'], after: ['ideograph', 'nonstarter'], autospace: true },
    // 破折号 and 省略号 are two marks set as one (§5.1.4–5.1.5); a dash or connector keeps its number.
    { before: ['dash'], after: ['dash'], unbreakable: true },
    { before: ['ellipsis'], after: ['ellipsis'], unbreakable: true },
    { before: ['dash', 'connector'], after: ['digit'], unbreakable: true },
    { before: ['digit'], after: ['dash', 'connector'], unbreakable: true },
    // Figures either side of a space are one number in groups (GB/T 15835 §4.1: 138 0838 1234, 6390 5678), never broken there.
    { before: ['digit'], after: ['digit'], unbreakable: true },
    // clreq: no spacing next to connectors and solidi (typography.md §1.5).
    { before: ['connector', 'solidus'], after: 'any', fixed: true },
    { before: 'any', after: ['connector', 'solidus'], fixed: true },
    { before: WESTERN, after: WESTERN, western: true },
  ],
  breaks: {
    // GB/T 15835 §4.1: a number and its unit symbol stay on one line, the / of km/h included.
    western: { afterBeforeLetter: '-/', cost: 50, afterBeforeLetterOnly: '.?&=_', costOnly: 100, inQuantity: '/', minTail: 3, signs: '-−+±' },
    // Chicago 14.18 breaks a URL after // and before most other marks; the brief for this house
    // style is after the separator, so that the line end shows the address goes on.
    url: { schemes: ['https://', 'http://', 'ftp://', 'www.'], after: '/.-?&=_#~%+:,;', cost: 50, minTail: 2 },
    // As a URL: the mark ends the line, showing the address goes on; but a hyphen of the address
    // starts the next line, where no reader takes it for one the setting added (ai / -talent@…).
    email: { after: '@.', before: '-', cost: 50, minTail: 2 },
    // A capitalised word in Chinese copy is a name (Microsoft, Cambridge, Diamond League), and a
    // newspaper does not hyphenate names (many news styles turn off InDesign's "Hyphenate Capitalized Words").
    // As a last resort, 50000² is above a few ragged lines ((3000 + 100000 × 0.15)² each) and
    // below a near-empty one (at least (3000 + 100000)²).
    hyphenation: { language: 'en-us', minWord: 6, leftMin: 2, rightMin: 3, cost: 50, capitalized: false, lastResortCost: 50_000 },
    // GB/T 15835: a number and its unit are not parted (12月3 / 日, 9 / 秒83, 7,863.6 / 亿元), nor a unit of
    // several characters (1小 / 时). Measure words count their number as a unit does (3人, 958个, 12所).
    // A paragraph parts one only where no setting within the spacing limits keeps them; a ragged line
    // left short by more than 6 % of its measure costs more ((10 + 3000 + 100000 × 6 %)² ≈ 9000²).
    // %, ‰ and ℃ never start a line anyway (kinsoku).
    figureUnit: {
      // 万 and 亿 count and 余 and 多 round: they are of the number, a unit may follow them (1,200万人次, 20余种).
      numberWords: '万亿余多',
      units: [
        ...['年', '月', '日', '时', '分', '秒', '号', '小时', '分钟', '天', '周', '个月', '岁', '周岁'],
        ...['米', '千米', '公里', '厘米', '毫米', '平方米', '平方公里', '立方米', '亩', '公顷', '克', '千克', '公斤', '斤', '吨', '升', '毫升', '度'],
        ...['元', '美元', '欧元', '港元', '日元', '角', '点', '倍', '个百分点', '百分点'],
        ...['个', '人', '人次', '名', '位', '次', '件', '项', '家', '台', '辆', '架', '艘', '座', '所', '户', '套', '场', '届', '轮', '条', '种', '批', '本', '部', '篇', '张', '份', '例', '处'],
      ],
      // 第三, 第十二届, 第9场, 第１２届: an ordinal is as much one piece as 12月 (编校: 序数词“第”与数字不能移行).
      ordinal: '第',
      // Full-width figures are set as Han characters (char-class), so they are numerals here.
      numerals: '〇零一二两三四五六七八九十百千万亿０１２３４５６７８９',
      // Words a numeral ends that count nothing: 统一部署 breaks as 统一 / 部署, not 统 / 一部署.
      numeralEnds: ['统一', '唯一', '同一', '单一', '之一', '逐一', '专一', '划一', '不一', '合一', '归一', '如一', '均一', '再三'],
      cost: 9000,
    },
    figureRange: { cost: 2000, minWidth: 4, marks: ',.:' },
    // A score or a ratio is read as one figure (比号: 25∶ / 21 would read as two scores).
    figureJoiners: '∶：:',
    // A circled number follows the word it annotates directly (为业①, “……”①); after a pause or a
    // stop it numbers the next item of a list run into the text (措施包括：①加强管理；②完善制度), and
    // may start a line. [1] reads as a reference after Han text or the quotation closing before it
    // (据统计[1], “……”[1]), as code after a letter (a[1]).
    noteReference: { after: { marker: ['ideograph', 'letter', 'digit', 'percent', 'close', 'western_close', 'emoji'], bracketed: ['ideograph', 'close'] } },
    words: {
      phrase: 0,
      word: 60,
      single: 150,
      inside: 1000,
      // Particles and suffixes that close the word before them, postpositions of place, quantity and time.
      bindBefore: ['的', '之', '了', '着', '过', '们', '地', '得', '以上', '以下', '以内', '以外', '以来', '左右', '之间', '期间', '为止', '等', '上', '下', '中', '里', '内', '外'],
      bindBeforeStart: '之',
      // Conjunctions and prepositions that lead the word after them.
      bindAfter: ['与', '和', '同', '跟', '把', '被', '对', '向', '从', '在', '为', '将', '让', '以', '由', '自', '按', '据', '关于', '对于', '按照', '根据', '通过'],
      bindAfterEnding: '于',
      numerals: '〇零一二两三四五六七八九十百千万亿几',
      // 年产值, 年均, 月销量, 日均, 季均, 周产量: a period that leads a figure's name.
      periodPrefixes: '年月日季周',
      // Verbs that take 为 as their complement: 成长为, 发展为, 打造为.
      becoming: ['成长', '发展', '建设', '打造', '改造', '转变', '转化', '转型', '培育', '培养', '升级', '扩大', '提升', '调整', '更名'],
      // Terms of statistical releases that ICU's dictionary segments across their parts (人均可|支配, 生产|总值).
      terms: ['可支配收入', '生产总值', '港澳台', '社会消费品零售总额', '居民消费价格', '固定资产投资', '进出口总额', '一般公共预算', '城镇化率'],
      // A verb's potential form (用得起, 看不见): ICU reads 用|得|起用, 买|得到, 用|不起.
      potential: {
        markers: '得不',
        complements: '起上好到了住动完见出下来去开懂清成透着',
        // Where 得 or 不 marks no potential form: verbs of their own (取得, 值得), adverbs before 不 (也不, 并不).
        notVerbs: [
          ...['取得', '获得', '赢得', '夺得', '值得', '觉得', '显得', '懂得', '使得', '难得', '博得', '晓得', '舍得', '免得', '省得', '心得', '所得'],
          ...['也不', '并不', '都不', '还不', '就不', '又不', '再不', '却不', '而不', '绝不', '决不', '毫不', '从不', '仍不', '尚不', '更不', '均不', '亦不', '既不', '若不', '是不', '要不'],
        ],
      },
    },
  },
};
