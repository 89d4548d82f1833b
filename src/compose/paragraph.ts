/**
 * Stage 4: Chinese line composition. Turns shaped clusters into break items following a
 * house style's rules (rules/: GB/T 15834 and clreq by default — prohibitions, unbreakable
 * sequences, punctuation compression, CJK–Latin spacing), breaks them optimally, and
 * justifies each line from the same gap model (gap.ts): punctuation is compressed first,
 * then the remaining space is spread over the gaps between characters.
 * All widths are in em of the paragraph's size.
 */
import { isCjk, isCjkPunct, noteReferenceAt } from '../chars/char-class.js';
import type { Face } from '../fonts/font-set.js';
import type { Align, KinsokuLevel } from '../layout/model.js';
import { GB } from '../rules/gb.js';
import { notAtLineStart, type CompositionRules } from '../rules/rules.js';
import type { Cluster, RunLook } from '../shape/shape.js';
import { gapBetween, gapGlue, justify, MAX_STRETCH, type CopySpace, type Gap } from './gap.js';
import { breakPass, INFINITY, pickBreaks, prepareItems, type BreakNode, type BreakOptions, type Item, type PreparedItems } from './linebreak.js';
import { addBreakOpportunities } from './opportunities.js';
import { addWordBreaks, wordRunsOn } from './words.js';

export interface ComposeOptions {
  /** Measure of each line in em (0-based line index), or one measure for all lines. */
  measure: number | ((line: number) => number);
  /** First-line indent in em. */
  indent?: number;
  /** The first `lines` lines set `by` em narrower and that much to the right, beside a drop cap (首字下沉). */
  narrowFirst?: { lines: number; by: number };
  align?: Align;
  kinsoku?: KinsokuLevel;
  /** Space between Han characters and Latin letters or digits, in em (0 = none). */
  autospace?: number;
  /** Compress the blanks between adjacent marks (。” takes 1.5 em). */
  compressAdjacent?: boolean;
  /** Fewest characters (punctuation not counted) on a paragraph's last line. */
  minLastLineChars?: number;
  /**
   * Set the paragraph this many lines longer (+) or shorter (−) than its best setting, within
   * the same rules; composeParagraph then returns null when no such setting exists.
   */
  looseness?: number;
  /** Break at spaces where possible (bylines: “记者 陈国栋” keeps the name whole). */
  preferSpaceBreaks?: boolean;
  /**
   * Display text (headlines, headings, captions): broken between words, after marks and at spaces
   * (words.ts), and a mark's blank beside a dash or an ellipsis taken out (”——（ closes up).
   */
  display?: boolean;
  /**
   * A line of verse: where it is longer than the measure it turns over where an editor turns a
   * verse over — after a mark or between words, by the word model of display text — and the lines
   * after the first (its turnovers) start `turnover` em from the measure's left edge, that much
   * narrower: the hanging indent of verse.
   */
  verse?: { turnover: number } | null;
  /** A space typed between two Han characters parts phrases (a headline's 冷空气来袭 主城降温): `rules.wordSpace.displayPhrase` wide. */
  phraseSpaces?: boolean;
  /** The house style's rules of composition; the shaper must have set the marks by the same. */
  rules?: CompositionRules;
}

export interface PlacedGlyph {
  face: Face;
  id: number;
  /** Origin of the glyph from the line's left edge, in em. */
  x: number;
  advance: number;
  text: string;
  /** First glyph of a word: of its line, or after a space of the copy (spaces have no glyph). */
  wordStart?: boolean;
  /** Set by composition, not in the copy: the hyphen at a line broken at a hyphenation point. */
  inserted?: boolean;
  /**
   * The last glyph of a line broken at a space the copy typed between two Chinese characters
   * (“5G+”领涨 / 沪指): the space goes with the line into the PDF's text, as it does between them
   * inside a line.
   */
  spaceAfter?: boolean;
  /** Set in a character style (size and colour); `advance` is in em of the paragraph's size. */
  look?: RunLook;
  /** Below the line's baseline by this much, in em: the later lines of a table row's cells. */
  dy?: number;
}

export interface ComposedLine {
  glyphs: PlacedGlyph[];
  /** Measure of the line in em. */
  measure: number;
  /** Left and right edge of the ink-bearing content, in em from the line's left edge. */
  left: number;
  right: number;
  /** Source text range [start, stop) of the line. */
  start: number;
  stop: number;
  last: boolean;
  /**
   * No setting within the spacing limits reaches the measure (a piece that cannot break follows):
   * the line is spread to the limits (0.15 em between characters in GB) and left short, ragged.
   */
  ragged?: boolean;
  /** How far a ragged line falls short of its measure, in em. */
  short?: number;
  /** Of a ragged line: source range [start, stop) and width in em of the piece that opens the next line and has no break inside it. */
  unbreakableNext?: { start: number; stop: number; width: number };
  /** The line ends in a hyphen set by hyphenation (the copy has none there). */
  hyphenated?: boolean;
  /** A justified line that is near empty: one character, or less than half its measure filled. */
  nearEmpty?: boolean;
  /** The line could not be set within the rules (emergency break, or wider than its measure). */
  forced?: boolean;
  /** The line ends between a figure and its unit, or inside the unit (rules.breaks.figureUnit). */
  partsUnit?: boolean;
}

const DEFAULTS: Required<Omit<ComposeOptions, 'measure' | 'looseness'>> = {
  indent: 0,
  narrowFirst: { lines: 0, by: 0 },
  align: 'justify' as Align,
  kinsoku: 'gb' as KinsokuLevel,
  autospace: 0.25,
  compressAdjacent: true,
  minLastLineChars: 2,
  preferSpaceBreaks: false,
  display: false,
  phraseSpaces: false,
  verse: null,
  rules: GB,
};
type Settings = typeof DEFAULTS;

/** Options with the defaults filled in (an option given as undefined keeps its default). */
function settings(options: ComposeOptions): Settings {
  const s: Settings = { ...DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined && k !== 'measure' && k !== 'looseness') (s as Record<string, unknown>)[k] = v;
  return s;
}

export function composeParagraph(input: readonly Cluster[], options: ComposeOptions & { looseness?: 0 }): ComposedLine[];
export function composeParagraph(input: readonly Cluster[], options: ComposeOptions): ComposedLine[] | null;
export function composeParagraph(input: readonly Cluster[], options: ComposeOptions): ComposedLine[] | null {
  return new Paragraph(input, options).lines(options.looseness ?? 0);
}

/**
 * A paragraph ready to be broken into lines: its gaps and break items are worked out once,
 * so that setting it again a line longer or shorter (to fill a column) only re-runs the breaker.
 */
export class Paragraph {
  private readonly o: Settings;
  private readonly measureOf: (line: number) => number;
  private readonly clusters: Cluster[];
  private readonly gaps: Gap[] = [];
  private readonly items = new Map<string, { prepared: PreparedItems; clusterAt: number[] }>();
  /**
   * The lawful passes that keep candidates by line count too, with figures kept with their units
   * and without: one pass gives the setting a line longer and a line shorter (null when no
   * setting fits).
   */
  private readonly loose = new Map<Emergency, readonly BreakNode[] | null>();
  /** Whether a figure and its unit stand in the text, and a break of last resort (set once the gaps are costed). */
  private readonly hasUnits: boolean;
  private readonly hasLastResort: boolean;

  constructor(input: readonly Cluster[], options: ComposeOptions) {
    this.o = settings(options);
    const measure = options.measure;
    const full = typeof measure === 'number' ? () => measure : measure;
    const narrow = this.o.narrowFirst;
    const turnover = this.o.verse?.turnover ?? 0;
    this.measureOf = (line) => full(line) - (line < narrow.lines ? narrow.by : 0) - (line > 0 ? turnover : 0);
    const { clusters, spaces } = takeOutSpaces(input);
    this.clusters = clusters;
    for (let i = 0; i + 1 < clusters.length; i++) this.gaps.push(gapBetween(clusters[i], clusters[i + 1], spaces[i + 1], this.o, clusters[i - 1], clusters[i + 2]));
    allowBreaksInMarkRuns(clusters, this.gaps, this.o);
    addBreakOpportunities(clusters, this.gaps, this.o.rules);
    // Words are looked for only where there is a break to choose: the segmenter's dictionary takes 30–80 ms to load.
    if ((this.o.display || this.o.verse) && this.naturalWidth() > this.measureOf(0)) addWordBreaks(clusters, this.gaps, this.o.rules, !this.o.verse);
    keepNumbersWithUnits(clusters, this.gaps);
    keepNumbersWhole(clusters, this.gaps, this.o.rules);
    keepFiguresWithUnits(clusters, this.gaps, this.o.rules);
    keepOrdinalsAndCounts(clusters, this.gaps, this.o.rules);
    keepNoteReferences(clusters, this.gaps, this.o.rules);
    if (this.o.preferSpaceBreaks) keepNamesWithRoles(clusters, this.gaps, this.o.rules);
    this.hasUnits = this.gaps.some((g) => g.figureUnit);
    this.hasLastResort = this.gaps.some((g) => g.lastResort !== undefined);
  }

  /** Width of the paragraph set on one line, in em. */
  private naturalWidth(): number {
    let width = this.o.indent;
    for (const c of this.clusters) width += inkWidth(c);
    for (const g of this.gaps) width += g.width;
    return width;
  }

  /**
   * The lines at their best (looseness 0), or a given number of lines longer or shorter
   * within the rules (null if there is no such setting).
   */
  lines(looseness = 0): ComposedLine[] | null {
    const { clusters, gaps, o, measureOf } = this;
    if (clusters.length === 0) return [];
    // Within the rules and the spacing limits, using every break opportunity (hyphenation points,
    // URL separators, figure ranges at their cost); failing that, within the rules with lines that
    // cannot reach the measure set ragged at the limits — never letter-spaced beyond them, and a
    // near-empty line only where nothing else exists; only then is a rule broken, pieces kept
    // whole first (and the line marked forced, so that it is reported).
    // A figure parts from its unit only where no setting within the limits keeps every one (a line
    // longer or shorter too, which the flow then takes only to keep text from being lost).
    // (A paragraph with no figure and unit needs no second pass: it would be the first again.)
    const lawful = this.breaks('none', looseness, false) ?? (this.hasUnits ? this.breaks('units', looseness, false) : null);
    if (looseness) return lawful ? buildLines(clusters, gaps, lawful, o, measureOf, false) : null;
    const ragged = lawful ?? this.breaks(this.hasUnits ? 'units' : 'none', 0, true);
    if (ragged) return buildLines(clusters, gaps, ragged, o, measureOf, false);
    const forced = this.breaks('unbreakable', 0, true) ?? this.breaks('all', 0, true) ?? greedyBreaks(clusters, gaps, o.indent, measureOf);
    return buildLines(clusters, gaps, forced, o, measureOf, true);
  }

  /** Break positions as cluster indexes (each line ends before the cluster named), or null. */
  private breaks(emergency: Emergency, looseness: number, raggedFallback: boolean): number[] | null {
    // Breaks of last resort count only in the passes that give up the spacing limits (ragged lines, then rules).
    const lastResort = raggedFallback && this.hasLastResort;
    const key = lastResort ? `${emergency}, last resort` : emergency;
    let built = this.items.get(key);
    if (!built) {
      const { items, clusterAt } = breakItems(this.clusters, this.gaps, this.o, emergency, lastResort);
      built = { prepared: prepareItems(items), clusterAt };
      this.items.set(key, built);
    }
    const options: BreakOptions = {
      lineWidth: this.measureOf,
      maxStretch: MAX_STRETCH,
      ragged: this.o.align !== 'justify',
      balanceLastLine: this.o.align === 'center',
      minLastLineChars: this.o.minLastLineChars,
      looseness,
      raggedFallback: raggedFallback ? RAGGED_FALLBACK : undefined,
    };
    let ends: readonly BreakNode[] | null;
    if (looseness && !raggedFallback) {
      if (!this.loose.has(emergency)) this.loose.set(emergency, breakPass(built.prepared, options));
      ends = this.loose.get(emergency)!;
    } else ends = breakPass(built.prepared, options);
    const breaks = pickBreaks(ends, built.prepared.n, looseness);
    // A break at item i ends the line with the clusters before the cluster that item i leads to.
    return breaks?.map((b) => built.clusterAt[b]) ?? null;
  }
}

/**
 * Which breaks a setting that cannot keep every rule may use, at a cost: none; between a figure
 * and its unit; inside pieces kept whole (a word, a number) too; or any, marks at a line edge too.
 */
type Emergency = 'none' | 'units' | 'unbreakable' | 'all';

/**
 * What a line that cannot reach its measure within the limits costs the breaker: more than any
 * line within them (whose badness is at most 100 × 3³), steeply more the shorter it stays — two
 * lines a hair short are better than one a third empty — and a near-empty one (one character,
 * or less than half the measure filled) so much more that it is chosen only where nothing else exists.
 */
const RAGGED_FALLBACK = { base: 3_000, perEmpty: 100_000, nearEmpty: 0.5, nearEmptyCost: 100_000 };

/**
 * Spaces are not boxes: they widen the gap they stand in, and a break there drops them (unless
 * no-break). An ideographic space keeps its glyph, drawn where the gap stays inside a line.
 */
function takeOutSpaces(input: readonly Cluster[]) {
  const clusters: Cluster[] = [];
  const spaces: CopySpace[] = [];
  let pending: CopySpace = { width: 0, noBreak: false };
  for (const c of input) {
    if (c.cls === 'space' || c.cls === 'ideographic_space') {
      if (!clusters.length) continue;
      pending = { width: pending.width + c.advance, noBreak: pending.noBreak || NO_BREAK_SPACES.has(c.text) };
      if (c.cls === 'ideographic_space') pending.blank = [...(pending.blank ?? []), ...c.glyphs];
      continue;
    }
    clusters.push(c);
    spaces.push(pending);
    pending = { width: 0, noBreak: false };
  }
  return { clusters, spaces };
}

const NO_BREAK_SPACES = new Set(['\u00a0', '\u202f', '\u2007']);

/** Unit symbols that stay on the line of their number even when a space stands between them (JLREQ). */
const UNITS = new Set(['km', 'm', 'cm', 'mm', 'kg', 'g', 'mg', 't', 'l', 'ml', 'kw', 'mw', 'gw', 'kwh', 'w', 'v', 'a', 'hz', 'mhz', 'ghz', 'kb', 'mb', 'gb', 'tb', 'pb', 'ha', 's', 'ms', 'h', 'min', 'pt', 'px', 'dpi', 'ppi']);

/** A number and the unit symbol after it (5 km, 20 GB) are not broken at the space between them. */
function keepNumbersWithUnits(clusters: readonly Cluster[], gaps: Gap[]): void {
  for (let i = 0; i + 1 < clusters.length; i++) {
    if (clusters[i].cls !== 'digit' || gaps[i].cost >= INFINITY) continue;
    let word = '';
    for (let k = i + 1; k < clusters.length && clusters[k].cls === 'letter'; k++) word += clusters[k].text;
    const next = clusters[i + 1 + [...word].length];
    if (word && UNITS.has(word.toLowerCase()) && (!next || next.cls !== 'letter')) {
      gaps[i].cost = INFINITY;
      gaps[i].forbidden = 'unbreakable';
    }
  }
}

/**
 * A number is never broken (GB/T 15835: 多位数不能移行): a score or a ratio (25∶21, ２５∶２１;
 * rules.breaks.figureJoiners) neither side of its mark, and a number in full-width figures
 * (１２３４５６, ２．５: set as ideographs, so breakable between them by class) neither between its
 * figures nor either side of a decimal point or a thousands separator. (Between ASCII figures the
 * rules' pairs allow no break.)
 */
function keepNumbersWhole(clusters: readonly Cluster[], gaps: Gap[], rules: CompositionRules): void {
  const fullWidth = (k: number) => FULL_WIDTH_FIGURE.test(clusters[k]?.text ?? '');
  const ascii = (k: number) => clusters[k]?.cls === 'digit';
  const joined = (k: number) => k < gaps.length && !gaps[k].space;
  const unbreakable = (k: number) => ([gaps[k].cost, gaps[k].forbidden] = [INFINITY, 'unbreakable']);
  for (let i = 0; i + 1 < clusters.length; i++) {
    const figure = ascii(i) ? ascii : fullWidth(i) ? fullWidth : null;
    if (!figure || !joined(i)) continue;
    const mark = clusters[i + 1].text;
    if (figure === fullWidth && fullWidth(i + 1)) unbreakable(i);
    else if ((rules.breaks.figureJoiners.includes(mark) || (figure === fullWidth && FULL_WIDTH_NUMBER_MARKS.includes(mark))) && joined(i + 1) && figure(i + 2)) {
      unbreakable(i);
      unbreakable(i + 1);
    }
  }
}
const FULL_WIDTH_FIGURE = /^[０-９]$/u;
/** A decimal point and a thousands separator written in full width between full-width figures. */
const FULL_WIDTH_NUMBER_MARKS = '．，';

/**
 * A figure and the unit after it (12月3日, 1小时02分, 7,863.6亿元, 3人; rules.breaks.figureUnit) are
 * broken neither between them nor inside the unit, except by a setting that has no other.
 */
function keepFiguresWithUnits(clusters: readonly Cluster[], gaps: Gap[], rules: CompositionRules): void {
  const { numberWords, units } = rules.breaks.figureUnit;
  const joined = (k: number) => k < gaps.length && !gaps[k].space;
  const longest = Math.max(...units.map((u) => u.length));
  for (let i = 0; i + 1 < clusters.length; i++) {
    if (clusters[i].cls !== 'digit' || !joined(i)) continue;
    // The number's words, then the longest unit written on.
    let last = i;
    while (joined(last) && numberWords.includes(clusters[last + 1].text)) last++;
    keepAsUnit(gaps, i, unitEnd(clusters, gaps, last, units, longest), rules);
  }
}

/** The cluster that ends the longest of `units` written on after cluster `last` (up to `longest` characters), or `last` if none. */
function unitEnd(clusters: readonly Cluster[], gaps: readonly Gap[], last: number, units: readonly string[], longest: number): number {
  let text = '';
  let end = last;
  for (let k = last; k < gaps.length && !gaps[k].space && text.length < longest; k++) {
    text += clusters[k + 1].text;
    if (units.includes(text)) end = k + 1;
  }
  return end;
}

/** The gaps from cluster `from` to cluster `to` kept as a figure and its unit are: broken only by a setting that has no other. */
function keepAsUnit(gaps: Gap[], from: number, to: number, rules: CompositionRules): void {
  for (let k = from; k < to; k++) {
    if (gaps[k].forbidden) continue;
    gaps[k].cost = Math.max(gaps[k].cost, rules.breaks.figureUnit.cost);
    gaps[k].figureUnit = true;
  }
}

/**
 * An ordinal (第三, 第十二届, 第9场) and a count in numerals (三个, 十二届) are kept as a figure and
 * its unit are (rules.breaks.figureUnit): 第 with its number, the numerals with each other and
 * with the unit after them, broken only by a setting that has no other.
 */
function keepOrdinalsAndCounts(clusters: readonly Cluster[], gaps: Gap[], rules: CompositionRules): void {
  const { numberWords, units, ordinal, numerals, numeralEnds } = rules.breaks.figureUnit;
  const joined = (k: number) => k < gaps.length && !gaps[k].space;
  const numeral = (k: number) => numerals.includes(clusters[k].text);
  const figure = (k: number) => clusters[k].cls === 'digit';
  const longest = Math.max(...units.map((u) => u.length));
  const keep = (from: number, to: number) => keepAsUnit(gaps, from, to, rules);
  /**
   * The cluster that ends the unit written on after numerals ending at cluster `last`, or `last`
   * if none: a unit that starts a longer word is none (第一 / 时间, 第一 / 人民医院, 三 / 所有).
   */
  const unitAfter = (last: number, first: number) => {
    const best = unitEnd(clusters, gaps, last, units, longest);
    if (best === last) return last;
    // The words around, from two characters before the number to four after the unit.
    const from = Math.max(0, first - 2);
    const to = Math.min(clusters.length, best + 5);
    const offset = (k: number) => clusters.slice(from, k).reduce((n, c) => n + c.text.length, 0);
    const around = clusters.slice(from, to).map((c) => c.text).join('');
    return wordRunsOn(around, offset(last + 1), offset(best + 1)) ? last : best;
  };
  for (let i = 0; i + 1 < clusters.length; i++) {
    if (ordinal.includes(clusters[i].text) && joined(i) && (numeral(i + 1) || figure(i + 1))) {
      // 第 and its number, numerals or figures (a figure's unit is keepFiguresWithUnits'), and the unit after numerals.
      let last = i + 1;
      const kind = numeral(last) ? numeral : figure;
      while (joined(last) && kind(last + 1)) last++;
      keep(i, kind === numeral ? unitAfter(last, i) : last);
      i = last;
      continue;
    }
    if (!numeral(i) || (i > 0 && joined(i - 1) && (numeral(i - 1) || figure(i - 1)))) continue;
    // A run of numerals, from its first that ends no word of numeralEnds, and the number's words
    // after it (三千多名, 二十余种): a count if a unit follows them.
    let last = i;
    while (joined(last) && numeral(last + 1)) last++;
    let first = i;
    while (first <= last && first > 0 && joined(first - 1) && numeralEnds.includes(clusters[first - 1].text + clusters[first].text)) first++;
    let words = last;
    while (joined(words) && numberWords.includes(clusters[words + 1].text)) words++;
    const end = first <= last ? unitAfter(words, first) : words;
    if (end > words) keep(first, end);
    i = last;
  }
}

/** Clusters looked at for a bracketed reference: [12,345-349] is the longest read as one. */
const REFERENCE_LOOKAHEAD = 16;

/**
 * A note's reference right after the word it annotates (为业①, 据统计[1]) is kept with it
 * (rules.breaks.noteReference): no break before it, nor inside a bracketed one.
 */
function keepNoteReferences(clusters: readonly Cluster[], gaps: Gap[], rules: CompositionRules): void {
  const { after } = rules.breaks.noteReference;
  for (let i = 0; i + 1 < clusters.length; i++) {
    if (gaps[i].space) continue;
    const first = clusters[i + 1].text;
    if (!noteReferenceAt(first) && first !== '[' && first !== '［') continue;
    const ref = noteReferenceAt(clusters.slice(i + 1, i + 1 + REFERENCE_LOOKAHEAD).map((c) => c.text).join(''));
    const annotates = ref && after[ref.kind];
    if (!ref || !annotates || (annotates !== 'any' && !annotates.includes(clusters[i].cls))) continue;
    gaps[i].cost = INFINITY;
    gaps[i].forbidden = 'kinsoku';
    // The gaps inside it, up to the cluster that ends it.
    for (let k = i + 1, length = clusters[k].text.length; length < ref.length && k < gaps.length; length += clusters[++k].text.length) {
      if (gaps[k].forbidden) continue;
      gaps[k].cost = INFINITY;
      gaps[k].forbidden = 'unbreakable';
    }
  }
}

/**
 * In a byline, a role and the name after it (本报记者 刘洋, 实习生 陈晨) are one credit, not broken
 * inside the role, between it and the name nor inside the name: the byline breaks at the space
 * between credits, or before the role.
 */
function keepNamesWithRoles(clusters: readonly Cluster[], gaps: Gap[], rules: CompositionRules): void {
  const { roles, nameMin, nameMax } = rules.byline;
  const han = (k: number) => clusters[k]?.cls === 'ideograph';
  for (let end = 0; end < clusters.length; end++) {
    // The role's last character at `end`, its characters written without a space.
    const role = roles.find((r) => {
      const from = end - r.length + 1;
      return from >= 0 && clusters.slice(from, end + 1).every((c, k) => c.text === r[k] && (k === 0 || !gaps[from + k - 1].space));
    });
    if (!role) continue;
    let last = end + 1;
    while (han(last + 1) && !gaps[last].space && last - end < nameMax) last++;
    const length = han(end + 1) ? last - end : 0;
    // The name ends the byline or a credit: a space, a mark or the end follows it.
    if (length < nameMin || (han(last + 1) && !gaps[last].space)) continue;
    // From the role's first character: where the line is too short for the credit, it breaks before the role (重庆日报 / 记者 陈国栋).
    for (let k = end - role.length + 1; k < last; k++) {
      if (gaps[k].forbidden) continue;
      gaps[k].cost = INFINITY;
      gaps[k].forbidden = 'unbreakable';
    }
  }
}

/**
 * Runs of three or more ellipses, or of doubled dashes, may break between pairs (clreq §3.1.7):
 * only the two halves of one …… or —— stay together.
 */
function allowBreaksInMarkRuns(clusters: readonly Cluster[], gaps: Gap[], o: Settings): void {
  // Marks counted from the start of each run: a —— drawn as one glyph counts two.
  let run = 0;
  for (let i = 0; i + 1 < clusters.length; i++) {
    const [a, b] = [clusters[i], clusters[i + 1]];
    const mark = a.cls === 'ellipsis' || a.cls === 'dash';
    run = mark ? (i > 0 && clusters[i - 1].cls === a.cls ? run : 0) + [...a.text].length : 0;
    const betweenPairs = a.cls === b.cls && (a.cls === 'ellipsis' || a.cls === 'dash') && run % 2 === 0;
    if (betweenPairs && !notAtLineStart(o.rules, b.cls, o.kinsoku)) {
      gaps[i].cost = 0;
      gaps[i].forbidden = undefined;
    }
  }
}

const inkWidth = (c: Cluster) => c.advance - c.blankBefore - c.blankAfter;

/**
 * Boxes for the clusters, glue and penalties for the gaps; `emergency` makes forbidden breaks of
 * its kind merely costly, and `lastResort` allows the breaks of last resort.
 */
function breakItems(clusters: readonly Cluster[], gaps: readonly Gap[], o: Settings, emergency: Emergency, lastResort: boolean) {
  const items: Item[] = [];
  const clusterAt: number[] = []; // item index → cluster index ending before it
  const push = (it: Item, ci: number) => {
    items.push(it);
    clusterAt.push(ci);
  };
  if (o.indent > 0) push({ type: 'box', width: o.indent, chars: 0 }, 0);
  for (let i = 0; i < clusters.length; i++) {
    const c = clusters[i];
    push({ type: 'box', width: inkWidth(c), chars: isCjkPunct(c.cls) || c.cls === 'western_punct' ? 0 : 1 }, i);
    if (i === gaps.length) break;
    const g = gaps[i];
    let cost = (g.lastResort !== undefined && !lastResort) || (g.figureUnit && emergency === 'none') ? INFINITY : g.cost;
    if (cost >= INFINITY && (emergency === 'all' || (emergency === 'unbreakable' && g.forbidden !== 'kinsoku'))) cost = 5000;
    const glue = gapGlue(g, o.rules);
    if (cost >= INFINITY) {
      push({ type: 'penalty', width: 0, cost: INFINITY }, i + 1);
      if (glue.width || glue.stretch || glue.shrink) push(glue, i + 1);
    } else {
      // A break at a hyphenation point sets a hyphen: the line is that much longer.
      if (cost !== 0 || g.hyphen) push({ type: 'penalty', width: g.hyphen?.advance ?? 0, cost, ...(g.lastResort !== undefined && { demerits: g.lastResort ** 2 }) }, i + 1);
      push(glue, i + 1);
    }
  }
  push({ type: 'glue', width: 0, stretch: 1e6, shrink: 0 }, clusters.length);
  push({ type: 'penalty', width: 0, cost: -INFINITY }, clusters.length);
  return { items, clusterAt };
}

/** Last resort for text that no set of breaks fits (a word wider than the column): fill and cut. */
function greedyBreaks(clusters: readonly Cluster[], gaps: readonly Gap[], indent: number, measureOf: (l: number) => number): number[] {
  const breaks: number[] = [];
  let x = indent;
  for (let i = 0; i < clusters.length; i++) {
    const w = inkWidth(clusters[i]) + (i > 0 && x > 0 ? gaps[i - 1].width : 0);
    if (x > 0 && x + w > measureOf(breaks.length)) {
      breaks.push(i);
      x = inkWidth(clusters[i]);
    } else x += w;
  }
  breaks.push(clusters.length);
  return breaks;
}

/** Source range of the piece from cluster `from` up to the first place a line may break. */
function pieceAt(clusters: readonly Cluster[], gaps: readonly Gap[], from: number) {
  let to = from;
  let width = inkWidth(clusters[from]);
  while (to < gaps.length && (gaps[to].cost >= INFINITY || gaps[to].lastResort !== undefined)) width += gaps[to].width + inkWidth(clusters[++to]);
  return { start: clusters[from].start, stop: clusters[to].start + clusters[to].text.length, width };
}

function buildLines(
  clusters: readonly Cluster[],
  gaps: readonly Gap[],
  breaks: readonly number[],
  o: Settings,
  measureOf: (line: number) => number,
  forced: boolean,
): ComposedLine[] {
  const lines: ComposedLine[] = [];
  let first = 0;
  for (const [li, end] of breaks.entries()) {
    if (end <= first) continue;
    const measure = measureOf(lines.length);
    // A line beside a drop cap starts after it, a verse's turnover at its hang; the line keeps the whole measure.
    const aside = (lines.length < o.narrowFirst.lines ? o.narrowFirst.by : 0) + (lines.length > 0 ? (o.verse?.turnover ?? 0) : 0);
    const last = li === breaks.length - 1;
    const indent = first === 0 ? o.indent : 0;
    const inner = gaps.slice(first, end - 1);
    const hyphen = !last ? gaps[end - 1].hyphen : undefined;
    let gapWidth = 0;
    for (let k = 0; k < inner.length; k++) gapWidth += inner[k].width;
    let natural = indent + gapWidth + (hyphen?.advance ?? 0);
    for (let i = first; i < end; i++) natural += inkWidth(clusters[i]);
    const justified = o.align === 'justify' && !last;
    const { widths, short } = justify(inner, natural, measure, justified, o.rules);
    let spaced = 0;
    for (let k = 0; k < widths.length; k++) spaced += widths[k];
    let used = indent + spaced + (hyphen?.advance ?? 0);
    for (let i = first; i < end; i++) used += inkWidth(clusters[i]);
    let x = aside + indent;
    if (o.align === 'center') x += (measure - used) / 2;
    else if (o.align === 'right') x += measure - used;
    const left = x;
    const glyphs: PlacedGlyph[] = [];
    for (let i = first; i < end; i++) {
      const c = clusters[i];
      let gx = x - c.blankBefore - c.cutBefore;
      let wordStart = i === first || gaps[i - 1].space;
      for (const g of c.glyphs) {
        const placed: PlacedGlyph = { face: g.face, id: g.id, x: gx, advance: g.advance, text: g.text };
        if (wordStart) placed.wordStart = true;
        if (g.look) placed.look = g.look;
        glyphs.push(placed);
        wordStart = false;
        gx += g.advance;
      }
      const blank = i + 1 < end ? gaps[i].blank : undefined;
      // The ideographic space's own glyph, blank, drawn at the head of its gap: it is in the copy.
      for (let k = 0, bx = x + inkWidth(c) + c.blankAfter; blank && k < blank.length; bx += blank[k].advance, k++) {
        glyphs.push({ face: blank[k].face, id: blank[k].id, x: bx, advance: blank[k].advance, text: blank[k].text, ...(blank[k].look && { look: blank[k].look }) });
      }
      x += inkWidth(c) + (i + 1 < end ? widths[i - first] : 0);
    }
    if (hyphen) {
      glyphs.push({ ...hyphen, x, inserted: true });
      x += hyphen.advance;
    }
    if (!last && gaps[end - 1].space && isCjk(clusters[end - 1].cls) && isCjk(clusters[end].cls)) glyphs[glyphs.length - 1].spaceAfter = true;
    let chars = 0;
    for (let i = first; i < end; i++) if (!isCjkPunct(clusters[i].cls) && clusters[i].cls !== 'western_punct') chars++;
    const lastCluster = clusters[end - 1];
    lines.push({
      glyphs,
      measure: measure + aside,
      left,
      right: x,
      start: clusters[first].start,
      stop: lastCluster.start + lastCluster.text.length,
      last,
      ragged: short > 0 || undefined,
      short: short > 0 ? short : undefined,
      ...(short > 0 && !last && { unbreakableNext: pieceAt(clusters, gaps, end) }),
      hyphenated: hyphen ? true : undefined,
      nearEmpty: justified && (chars <= 1 || used < RAGGED_FALLBACK.nearEmpty * measure) ? true : undefined,
      // In an emergency setting, the lines that end at a forbidden break (or run past the measure).
      forced: (forced && end < clusters.length && gaps[end - 1].cost >= INFINITY) || used > measure + 1e-6 ? true : undefined,
      partsUnit: (!last && gaps[end - 1].figureUnit) || undefined,
    });
    first = end;
  }
  return lines;
}
