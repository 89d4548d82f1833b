/**
 * The rules of Chinese composition as data (typography.md §1): which classes may not start
 * or end a line, where the blank of a full-width mark lies and how much of it a punctuation
 * style keeps, what is taken out of a long line and in what order, and what stands in the gap
 * between two classes. One CompositionRules value is one house style — the mainland's GB in
 * gb.ts; a CNS style (Taiwan, Hong Kong: marks centred in their cell) or a JIS one would be
 * another value of the same shape. Shaping reads the marks' cells, composition the rest.
 */
import { clusterClasses, isCjkPunct, type CharClass, type NoteReferenceKind } from '../chars/char-class.js';
import type { KinsokuLevel, PunctWidth } from '../layout/model.js';

/** Blank of a full-width mark before and after its ink, in em. */
export interface Blank {
  before: number;
  after: number;
}

/** What may be taken out of a line that is too long: spaces and the blanks of marks, by kind. */
export type ShrinkStep = 'word_space' | 'bracket' | 'pause' | 'han_latin' | 'stop';

/** Classes a line may not start or end with. */
export interface Prohibitions {
  notAtStart: ReadonlySet<CharClass>;
  notAtEnd: ReadonlySet<CharClass>;
}

/** What the gap between a class in `before` and one in `after` is; rules that match a pair add up. */
export interface PairRule {
  before: readonly CharClass[] | 'any';
  after: readonly CharClass[] | 'any';
  /** The Han–Latin space stands here, unless the copy has a space. */
  autospace?: boolean;
  /** Never broken. */
  unbreakable?: boolean;
  /** Takes no share of the space spread between characters. */
  fixed?: boolean;
  /** Inside Western text: broken only after a hyphen or a URL separator, never spread. */
  western?: boolean;
}

export interface CompositionRules {
  name: string;
  kinsoku: Readonly<Record<KinsokuLevel, Prohibitions>>;
  /** Western marks that never start a line, at any level: they close the word before them. */
  westernNotAtStart: string;
  /** Where the blank of a full-width mark lies, for fonts that do not say (through `halt`); other classes have none. */
  blank: Readonly<Partial<Record<CharClass, Blank>>>;
  /** Share of a mark's blank kept in its natural width, by punctuation style; classes not named keep none. */
  keptBlank: Readonly<Record<PunctWidth, Readonly<Partial<Record<CharClass, number>>>>>;
  /** Marks that, between two figures, are part of the number (a score 4：2, a clock time 19：30): set without their blank, in any style. */
  figureMarks: string;
  compression: {
    /** Order in which space is taken out of a line that is too long, each step evenly over the line. */
    order: readonly ShrinkStep[];
    /** The step at which each compressible mark gives up its blank; marks not named never do. */
    marks: Readonly<Partial<Record<CharClass, ShrinkStep>>>;
    /** Two compressible marks side by side lose this much of the blank between them, in em. */
    adjacent: number;
    /** In display text, a compressible mark beside one of these loses as much of its blank (”——（ at 44 pt). */
    display: readonly CharClass[];
  };
  /**
   * Narrowest and widest a word space of the copy and the Han–Latin space may be set, in em; and
   * a space typed between two Han characters of display text (冷空气来袭 主城降温), which parts
   * phrases as an editor's full-width space does.
   */
  wordSpace: { min: number; max: number; displayPhrase: number };
  hanLatin: { min: number; max: number };
  /**
   * Stretch of a gap between characters at the line breaker's ratio 1, in em: the last resort
   * of justification, after word spaces and Han–Latin spaces have grown to their widest.
   */
  letterStretch: number;
  /**
   * Bylines: the words of a role (记者, 实习生, 通讯员…) and the name of 2–`nameMax` Han characters
   * after them (本报记者 刘洋) are kept on one line, so that a byline breaks between credits.
   */
  byline: { roles: readonly string[]; nameMin: number; nameMax: number };
  pairs: readonly PairRule[];
  /** Where pieces that do not break between their characters may still break: typography.md §1.2. */
  breaks: BreakRules;
}

/**
 * Break opportunities inside pieces that are otherwise kept whole: Western words, URLs, runs of
 * figures. Costs are the line breaker's penalties (TeX's \hyphenpenalty is 50); a piece breaks
 * only where the setting is better for it.
 */
export interface BreakRules {
  /**
   * Inside Western text written without spaces (not a URL): after a hyphen or solidus before a
   * letter (or before a figure, when a letter stands before the mark: 2024-03-01 and 1/2 stay
   * whole), and after . ? & = _ before a letter.
   */
  western: {
    afterBeforeLetter: string;
    cost: number;
    afterBeforeLetterOnly: string;
    costOnly: number;
    /** Marks that do not break a run starting with a figure: a quantity with its unit (58μg/m³, 80km/h) is one piece. */
    inQuantity: string;
    /** Fewest characters of the run a break after a mark leaves on the next line: NH₃-N, CCTV-5+ and COVID-19 stay whole. */
    minTail: number;
    /**
     * Signs of a number (下跌-0.52%, 涨幅+2.3%, 温差±3℃): after Chinese text and before a figure,
     * the line may break before one, as before the number it belongs to, never after it.
     */
    signs: string;
  };
  /**
   * URLs (a scheme such as https://, or www.): broken after any of `after` — never inside the
   * scheme and its //, never before the URL's last `minTail` characters — without a hyphen,
   * which would read as part of the address.
   */
  url: { schemes: readonly string[]; after: string; cost: number; minTail: number };
  /**
   * E-mail addresses (local@domain.tld): broken after any of `after` or before any of `before` —
   * never before the address's last `minTail` characters — and, as a URL, without a hyphen or
   * hyphenation, which would change the address a reader copies.
   */
  email: { after: string; before: string; cost: number; minTail: number };
  /**
   * English words of letters only, at least `minWord` long and not in mixed case (LiFePO, iPhone)
   * nor in capitals (MEMS), broken at their hyphenation points (TeX's hyph-en-us patterns, with at
   * least `leftMin` letters before the break and `rightMin` after), a hyphen set at the line end.
   * A capitalised word (Microsoft, Cambridge) likewise if `capitalized`; if not, only as a last
   * resort: where the paragraph has no setting within the spacing limits, and then costing
   * `lastResortCost` more (a cost beyond INFINITY, squared as any), so that ragged lines are
   * preferred to it and it to a near-empty line or a word cut at any letter (a name wider than its column).
   */
  hyphenation: { language: 'en-us'; minWord: number; leftMin: number; rightMin: number; cost: number; capitalized: boolean; lastResortCost: number };
  /**
   * A figure and the unit after it (2026年12月3日, 1小时02分, 7,863.6亿元, 3人) are not parted at a
   * line end (GB/T 15835), nor is a unit of several characters broken inside: after the figure,
   * characters of `numberWords` (万, 亿, 余…) belong to the number, then the longest of `units`
   * that follows. Such a break is taken only by a setting that has no other within the spacing
   * limits, where it costs `cost`: it is weighed against the lines left ragged instead.
   *
   * An ordinal is kept so too: a character of `ordinal` (第) and the number after it, in figures
   * (第3, 第１２) or in `numerals` (第三, 第十二), with the unit after that if one of `units`
   * follows (第十二届, 第9场), never 第 / 三 nor 第十 / 二届; a break after them is free (第三 /
   * 季度). So is a count in `numerals` with its measure word (三个, 十二届, 两名): the run of
   * numerals and the unit right after it. A numeral that ends one of `numeralEnds` (统一, 唯一,
   * 之一) counts nothing: the run starts after it (统一 / 部署, 唯一 / 一家).
   */
  figureUnit: { numberWords: string; units: readonly string[]; ordinal: string; numerals: string; numeralEnds: readonly string[]; cost: number };
  /** Marks that join two figures into one (a score or a ratio: 3∶1, 25∶21, 1∶500, 4：2), never broken either side. */
  figureJoiners: string;
  /**
   * A long range of figures (2023—2024; at least `minWidth` em from its first figure to its last,
   * so 3～5 stays whole) may break after its dash or connector, which then ends the line
   * (GB/T 15834 §5.1.6 bars it only from a line start); a number itself never breaks
   * (GB/T 15835: 多位数不能移行).
   */
  figureRange: {
    cost: number;
    minWidth: number;
    /** Marks inside a figure, counted in its width: 12,345.67, and the colons of a clock time (19:30—21:00). */
    marks: string;
  };
  /**
   * A note's reference (为业①, 十⑴, 据统计[1]; char-class `noteReferenceAt`) set right after the
   * characters of `after` — for each kind, those it reads as annotating — is never carried to a line
   * start alone: the break falls before the word, and a bracketed one is never broken inside. After a
   * space, and at a paragraph's start, the same characters are list markers (① 第一条, [1] 张三…),
   * which start a line by right.
   */
  noteReference: { after: Readonly<Record<NoteReferenceKind, readonly CharClass[] | 'any'>> };
  /**
   * Display text (headlines, subtitles, headings, captions) breaks where an editor would: after a
   * mark or at a space (`phrase`), else between words that a word segmenter finds (`word`; beside
   * a word of one character, `single`), and inside a word only when nothing else fits (`inside`).
   * A run of one-character segments is taken as a word the segmenter does not know (苍|生, 党|建),
   * a figure or a word of Chinese `numerals` binds to the Han word after it (11月份, 9年, 十五分钟), and some words bind to their neighbour:
   * `bindBefore` never starts a line (规模以上, 百人左右; nor any word starting with a character of
   * `bindBeforeStart`: 建党之初), `bindAfter` never ends one (与, 低于 — any word ending in a
   * character of `bindAfterEnding`). A period of one character (`periodPrefixes`: 年, 月, 日)
   * standing alone as a segment, not after a figure or numeral (which it would end: 2023年, 三月),
   * is the prefix of the word after it (年产值, 月均, 日销量), and binds to it. After a verb of
   * `becoming` 为 is the verb's complement, not the preposition that leads a phrase: it closes the
   * verb (成长为 / 年产值…, never 成长 / 为年产值…). `terms` are words of news copy that the
   * segmenter's dictionary parts wrongly (居民人均|可支配收入 read as 人均可|支配): never broken inside.
   * A verb's potential form — a character of `potential.markers` (得, 不) between a verb and a
   * one-character complement of `potential.complements` (用得起, 看得见, 买得到, 用不起) — is one
   * word, and ends after its complement even where the segmenter runs that on into the next word
   * (用|得|起用|得|好); not after the words of `notVerbs`, where 得 or 不 is no such marker
   * (取得|好成绩, 也|不好).
   */
  words: {
    phrase: number;
    word: number;
    single: number;
    inside: number;
    bindBefore: readonly string[];
    bindBeforeStart: string;
    bindAfter: readonly string[];
    bindAfterEnding: string;
    numerals: string;
    periodPrefixes: string;
    becoming: readonly string[];
    terms: readonly string[];
    potential: { markers: string; complements: string; notVerbs: readonly string[] };
  };
}

/** A pair's rules added up. */
export type PairKind = Omit<PairRule, 'before' | 'after'>;

const pairTables = new WeakMap<CompositionRules, Map<CharClass, Map<CharClass, PairKind>>>();

/** What the gap between classes `a` and `b` is under `rules`. */
export function pairKind(rules: CompositionRules, a: CharClass, b: CharClass): PairKind {
  let table = pairTables.get(rules);
  if (!table) pairTables.set(rules, (table = new Map()));
  let row = table.get(a);
  if (!row) table.set(a, (row = new Map()));
  let kind = row.get(b);
  if (!kind) {
    kind = {};
    for (const { before, after, ...flags } of rules.pairs) {
      if ((before === 'any' || before.includes(a)) && (after === 'any' || after.includes(b))) Object.assign(kind, flags);
    }
    row.set(b, kind);
  }
  return kind;
}

export function notAtLineStart(rules: CompositionRules, c: CharClass, level: KinsokuLevel): boolean {
  return rules.kinsoku[level].notAtStart.has(c);
}

export function notAtLineEnd(rules: CompositionRules, c: CharClass, level: KinsokuLevel): boolean {
  return rules.kinsoku[level].notAtEnd.has(c);
}

/** 孤字: a line of one Han character, alone or with its punctuation. */
export function isLoneCharacter(line: string): boolean {
  const classes = clusterClasses(line);
  return classes.filter((c) => c === 'ideograph' || c === 'emoji').length === 1 && classes.every((c) => c === 'ideograph' || c === 'emoji' || isCjkPunct(c));
}
