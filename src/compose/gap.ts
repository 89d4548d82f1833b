/**
 * The gap between two clusters: what may break there, and the one model of what it may give
 * and take that both the line breaker and justification read. The breaker sees a gap as glue
 * (`gapGlue`); a line is then justified from the same numbers (`justify`), in clreq's order
 * rather than in proportion, and reaches its measure exactly where the breaker said it would.
 */
import { isCjk } from '../chars/char-class.js';
import type { KinsokuLevel } from '../layout/model.js';
import { notAtLineEnd, notAtLineStart, pairKind, type CompositionRules } from '../rules/rules.js';
import type { Cluster, ShapedGlyph } from '../shape/shape.js';
import { INFINITY, type Glue } from './linebreak.js';

/**
 * Largest stretch ratio within the spacing limits: word and Han–Latin spaces at their widest,
 * gaps between characters grown by `letterStretch` times this (0.15 em in the GB style).
 */
export const MAX_STRETCH = 3;

export interface Gap {
  width: number;
  /** Space that may be taken out, by step of the rules' compression order. */
  shrink: number[];
  /** Space that may be added before spacing between characters: word spaces, then Han–Latin spaces. */
  grow: [number, number];
  /** The gap takes a share of the spacing between characters (the last resort; never inside unbreakables). */
  spread: boolean;
  /** Breaking here costs this much; INFINITY forbids it. */
  cost: number;
  /**
   * Why a break is forbidden: a mark that may not start or end a line (`kinsoku`), or a piece
   * kept whole (`unbreakable`: a number, a Latin word, a unit with its number, —— and ……). A
   * setting that cannot keep every rule gives up the second before the first.
   */
  forbidden?: 'kinsoku' | 'unbreakable';
  /** Between a figure and its unit, or inside the unit (rules.breaks.figureUnit): broken only by a setting that has no other. */
  figureUnit?: boolean;
  /** A hyphen is set at the line end when the line breaks here (a Latin word broken at a hyphenation point). */
  hyphen?: ShapedGlyph;
  /**
   * A break of last resort (a name's hyphenation point): never where the paragraph has a setting
   * within the spacing limits, and in one that gives them up, this cost on top of `cost`, which
   * may exceed INFINITY, so that ragged lines come first.
   */
  lastResort?: number;
  /** The copy has a space here: the glyph after it starts a word. */
  space: boolean;
  /** Glyphs of the ideographic space the copy has here, drawn unless the line breaks here. */
  blank?: readonly ShapedGlyph[];
}

export interface GapSettings {
  rules: CompositionRules;
  kinsoku: KinsokuLevel;
  /** Han–Latin space in em (0 = none). */
  autospace: number;
  compressAdjacent: boolean;
  preferSpaceBreaks: boolean;
  /** Display text: a mark's blank beside the classes of `compression.display` is compressed as beside another mark. */
  display: boolean;
  phraseSpaces: boolean;
}

/** Space of the copy standing between two clusters (0 wide if none). */
export interface CopySpace {
  width: number;
  noBreak: boolean;
  /** The glyphs of the ideographic spaces among it (U+3000): a fixed em each, drawn if the line goes on. */
  blank?: readonly ShapedGlyph[];
}

/**
 * The gap between clusters `a` and `b`; `before` is the cluster before `a`, for breaks inside
 * Western words, and `after` the one after `b`, for a number's sign.
 */
export function gapBetween(a: Cluster, b: Cluster, space: CopySpace, o: GapSettings, before?: Cluster, after?: Cluster): Gap {
  const { rules } = o;
  const steps = rules.compression.order;
  const shrink = new Array<number>(steps.length).fill(0);
  const grow: [number, number] = [0, 0];
  let width = a.blankAfter + b.blankBefore;
  const stepA = rules.compression.marks[a.cls];
  const stepB = rules.compression.marks[b.cls];
  if (stepA) shrink[steps.indexOf(stepA)] += a.blankAfter;
  if (stepB) shrink[steps.indexOf(stepB)] += b.blankBefore;
  const display = rules.compression.display;
  if (o.compressAdjacent && ((stepA && stepB) || (o.display && ((stepA && display.includes(b.cls)) || (stepB && display.includes(a.cls)))))) {
    // Two marks side by side take less (1.5 em in GB): the cut comes first from what would be compressed first.
    let cut = Math.min(rules.compression.adjacent, width);
    width -= cut;
    for (let s = 0; s < steps.length && cut > 0; s++) {
      const take = Math.min(cut, shrink[s]);
      shrink[s] -= take;
      cut -= take;
    }
  }

  const kind = pairKind(rules, a.cls, b.cls);
  // A word space or a Han–Latin space grows only to its own widest (½ em, clreq §3.2.5), never by a share of the spacing between characters.
  let spaced = false;
  if (space.blank) {
    // An ideographic space (重庆卫视　19:30) is a blank of one em: never squeezed, never widened.
    spaced = true;
    width += space.width;
  } else if (space.width > 0 && o.phraseSpaces && a.cls === 'ideograph' && b.cls === 'ideograph') {
    // In a headline it parts two phrases, fixed like the ideographic space an editor would type.
    spaced = true;
    width += rules.wordSpace.displayPhrase;
  } else if (space.width > 0 && isCjk(a.cls) && isCjk(b.cls)) {
    // Between Chinese characters a typed space parts names and roles (记者 吕垚): a word space that
    // justification never widens (the characters' gaps take the spreading), squeezed at most to ¼ em.
    spaced = true;
    width += Math.max(space.width, rules.wordSpace.min);
    shrink[steps.indexOf('word_space')] += Math.max(0, space.width - rules.wordSpace.min);
  } else if (space.width > 0) {
    spaced = true;
    width += space.width;
    grow[0] = Math.max(0, rules.wordSpace.max - space.width);
    shrink[steps.indexOf('word_space')] += Math.max(0, space.width - rules.wordSpace.min);
  } else if (o.autospace > 0 && kind.autospace) {
    width += o.autospace;
    grow[1] = Math.max(0, rules.hanLatin.max - o.autospace);
    shrink[steps.indexOf('han_latin')] += Math.max(0, o.autospace - rules.hanLatin.min);
    spaced = true;
  }
  const spread = !kind.western && !kind.unbreakable && !kind.fixed && !spaced;

  let cost = 0;
  let forbidden: Gap['forbidden'];
  if (notAtLineEnd(rules, a.cls, o.kinsoku) || notAtLineStart(rules, b.cls, o.kinsoku)) forbidden = 'kinsoku';
  // Figures parted by an ideographic space are two pieces, not one number in groups (138 0838).
  else if ((kind.unbreakable && !space.blank) || space.noBreak) forbidden = 'unbreakable';
  else if (b.cls === 'western_punct' && rules.westernNotAtStart.includes(b.text)) forbidden = 'kinsoku';
  else if (b.cls === 'western_punct' && space.width === 0 && !(isCjk(a.cls) && after?.cls === 'digit' && rules.breaks.western.signs.includes(b.text))) forbidden = 'unbreakable';
  else if (kind.western && space.width === 0) {
    cost = westernBreakCost(rules, before, a, b);
    if (cost >= INFINITY) forbidden = 'unbreakable';
  } else if (o.preferSpaceBreaks && space.width === 0) cost = 300;
  if (forbidden) cost = INFINITY;
  return { width, shrink, grow, spread, cost, space: space.width > 0, forbidden, ...(space.blank && { blank: space.blank }) };
}

/** Inside a run of Latin letters and digits: only after a hyphen or a separator (rules.breaks.western). */
function westernBreakCost(rules: CompositionRules, before: Cluster | undefined, a: Cluster, b: Cluster): number {
  const w = rules.breaks.western;
  // After a hyphen or solidus only with a letter on one side: 2024-03-01 and 1/2 stay whole.
  if (w.afterBeforeLetter.includes(a.text) && (b.cls === 'letter' || (b.cls === 'digit' && before?.cls === 'letter'))) return w.cost;
  if (w.afterBeforeLetterOnly.includes(a.text) && b.cls === 'letter') return w.costOnly;
  return INFINITY;
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/** The gap as the breaker sees it: one stretch, scaled so that at MAX_STRETCH every space reaches its widest. */
export function gapGlue(g: Gap, rules: CompositionRules): Glue {
  return { type: 'glue', width: g.width, stretch: sum(g.grow) / MAX_STRETCH + (g.spread ? rules.letterStretch : 0), shrink: sum(g.shrink) };
}

/**
 * Widths of a line's gaps that bring it from `natural` to `measure` em, in clreq's order. Too
 * long: space is taken out step by step (word spaces, brackets, pauses, Han–Latin spaces,
 * stops in GB), each step evenly over the line. Too short, if `fill`: word spaces, then
 * Han–Latin spaces grow to their widest, and what remains is spread over every gap between
 * characters, at most `letterStretch × MAX_STRETCH` each (0.15 em in GB): what still lacks is
 * `short`, and the line is left that much short of its measure (ragged) rather than letter-spaced.
 */
export function justify(gaps: readonly Gap[], natural: number, measure: number, fill: boolean, rules: CompositionRules) {
  // Plain loops, summed in order: every line of every setting tried comes through here.
  const n = gaps.length;
  const widths = new Array<number>(n);
  for (let k = 0; k < n; k++) widths[k] = gaps[k].width;
  let short = 0;
  if (natural > measure) {
    let need = natural - measure;
    for (let s = 0; s < rules.compression.order.length && need > 1e-9; s++) {
      let avail = 0;
      for (let k = 0; k < n; k++) avail += gaps[k].shrink[s];
      if (avail <= 0) continue;
      const take = Math.min(need, avail);
      for (let k = 0; k < n; k++) widths[k] -= (take * gaps[k].shrink[s]) / avail;
      need -= take;
    }
  } else if (natural < measure && fill) {
    let need = measure - natural;
    for (let step = 0; step < 2; step++) {
      let avail = 0;
      for (let k = 0; k < n; k++) avail += gaps[k].grow[step];
      if (avail <= 0 || need <= 0) continue;
      const take = Math.min(need, avail);
      for (let k = 0; k < n; k++) widths[k] += (take * gaps[k].grow[step]) / avail;
      need -= take;
    }
    let spreads = 0;
    for (let k = 0; k < n; k++) if (gaps[k].spread) spreads++;
    const limit = rules.letterStretch * MAX_STRETCH;
    if (need > 1e-9 && spreads > 0) {
      const perGap = Math.min(limit, need / spreads);
      for (let k = 0; k < n; k++) if (gaps[k].spread) widths[k] += perGap;
      need -= perGap * spreads;
    }
    if (need > 1e-6) short = need;
  }
  return { widths, short };
}
