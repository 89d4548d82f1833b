/**
 * Stage 4: Chinese line composition. Turns shaped clusters into break items following
 * clreq and GB/T 15834 (prohibitions, unbreakable sequences, punctuation compression,
 * CJK–Latin spacing), breaks them optimally, and justifies each line: punctuation is
 * compressed first, then the remaining space is spread over the gaps between characters.
 * All widths are in em of the paragraph's size.
 */
import type { Face } from '../fonts/font-set.js';
import type { Cluster } from '../shape/shape.js';
import {
  isAlnum,
  isCjkPunct,
  isCompressible,
  isTrailingWesternPunct,
  isWestern,
  notAtLineEnd,
  notAtLineStart,
  type KinsokuLevel,
} from './char-class.js';
import { breakLines, INFINITY, type Item } from './linebreak.js';

export type Align = 'justify' | 'left' | 'center' | 'right';

export interface ComposeOptions {
  /** Measure of each line in em (0-based line index), or one measure for all lines. */
  measure: number | ((line: number) => number);
  /** First-line indent in em. */
  indent?: number;
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
}

/** Stretch of one inter-character gap at ratio 1, in em; ratios up to MAX_STRETCH are accepted, so no gap exceeds 0.15 em. */
export const GAP_STRETCH = 0.05;
const MAX_STRETCH = 3;

export interface PlacedGlyph {
  face: Face;
  id: number;
  /** Origin of the glyph from the line's left edge, in em. */
  x: number;
  advance: number;
  text: string;
}

export interface ComposedLine {
  glyphs: PlacedGlyph[];
  /** Measure of the line in em. */
  measure: number;
  /** Left and right edge of the ink-bearing content, in em from the line's left edge. */
  left: number;
  right: number;
  /** Cluster range [first, end) and source text range [start, stop) of the line. */
  firstCluster: number;
  endCluster: number;
  start: number;
  stop: number;
  /** Glue ratio used: positive stretches, negative compresses. */
  ratio: number;
  last: boolean;
  /** The line could not be set within the rules (emergency break, or wider than its measure). */
  forced?: boolean;
}

interface Gap {
  width: number;
  /** How far a word space or a Han–Latin space may grow, in em (justification's first resort). */
  stretch: number;
  /** The gap takes a share of inter-character spacing (the last resort; never inside unbreakables). */
  spread: boolean;
  shrink: number;
  /** Breaking here costs this much; INFINITY forbids it. */
  cost: number;
}

const DEFAULTS = {
  indent: 0,
  align: 'justify' as Align,
  kinsoku: 'gb' as KinsokuLevel,
  autospace: 0.25,
  compressAdjacent: true,
  minLastLineChars: 2,
  preferSpaceBreaks: false,
};

export function composeParagraph(input: readonly Cluster[], options: ComposeOptions & { looseness?: 0 }): ComposedLine[];
export function composeParagraph(input: readonly Cluster[], options: ComposeOptions): ComposedLine[] | null;
export function composeParagraph(input: readonly Cluster[], options: ComposeOptions): ComposedLine[] | null {
  const o = { ...DEFAULTS, looseness: 0, ...options };
  const measureOf = typeof o.measure === 'number' ? ((m: number) => () => m)(o.measure) : o.measure;
  const { clusters, spaceBefore } = takeOutSpaces(input);
  if (clusters.length === 0) return [];
  const gaps: Gap[] = [];
  for (let i = 0; i + 1 < clusters.length; i++) gaps.push(gapBetween(clusters[i], clusters[i + 1], spaceBefore[i + 1], o));

  // Within the rules and the spacing limits; failing that, within the rules with looser lines;
  // only then is a rule broken (and the line marked forced, so that it is reported).
  const lawful = breakWithRules(clusters, gaps, o, measureOf, MAX_STRETCH, false);
  if (o.looseness) return lawful ? buildLines(clusters, gaps, lawful, o, measureOf, false) : null;
  const loose = lawful ?? breakWithRules(clusters, gaps, o, measureOf, Infinity, false);
  if (loose) return buildLines(clusters, gaps, loose, o, measureOf, false);
  const forced = breakWithRules(clusters, gaps, o, measureOf, Infinity, true) ?? greedyBreaks(clusters, gaps, o.indent, measureOf);
  return buildLines(clusters, gaps, forced, o, measureOf, true);
}

/** Spaces are not boxes: they widen the gap they stand in, and a break there drops them. */
function takeOutSpaces(input: readonly Cluster[]) {
  const clusters: Cluster[] = [];
  const spaceBefore: number[] = [];
  let pending = 0;
  for (const c of input) {
    if (c.cls === 'space') {
      if (clusters.length) pending += c.advance;
      continue;
    }
    clusters.push(c);
    spaceBefore.push(pending);
    pending = 0;
  }
  return { clusters, spaceBefore };
}

const inkWidth = (c: Cluster) => c.advance - c.blankBefore - c.blankAfter;

export function gapBetween(a: Cluster, b: Cluster, space: number, o: typeof DEFAULTS): Gap {
  let width = a.blankAfter + b.blankBefore;
  let shrink = (isCompressible(a.cls) ? a.blankAfter : 0) + (isCompressible(b.cls) ? b.blankBefore : 0);
  let stretch = 0;
  if (o.compressAdjacent && isCjkPunct(a.cls) && isCjkPunct(b.cls) && isCompressible(a.cls) && isCompressible(b.cls)) {
    // Two marks side by side take at most 1.5 em: drop half an em of the blank between them.
    const cut = Math.min(0.5, width);
    width -= cut;
  }
  shrink = Math.min(shrink, width);

  const western = isWestern(a.cls) && isWestern(b.cls);
  const unbreakablePair =
    (a.cls === 'dash' && b.cls === 'dash') ||
    (a.cls === 'ellipsis' && b.cls === 'ellipsis') ||
    ((a.cls === 'dash' || a.cls === 'connector') && b.cls === 'digit') ||
    (a.cls === 'digit' && (b.cls === 'dash' || b.cls === 'connector'));
  const fixed = a.cls === 'connector' || b.cls === 'connector' || a.cls === 'solidus' || b.cls === 'solidus';

  if (space > 0) {
    // clreq: a word space may grow to ½ em and shrink to ¼ em.
    width += space;
    stretch += Math.max(0, 0.5 - space);
    shrink += Math.max(0, space - 0.25);
  } else if (o.autospace > 0 && ((a.cls === 'ideograph' && isAlnum(b.cls)) || (isAlnum(a.cls) && b.cls === 'ideograph'))) {
    // clreq: the Han–Latin space grows to ½ em and shrinks to ⅛ em.
    width += o.autospace;
    stretch += Math.max(0, 0.5 - o.autospace);
    shrink += Math.max(0, o.autospace - 0.125);
  }
  const spread = !western && !unbreakablePair && !fixed;

  let cost = 0;
  if (notAtLineEnd(a.cls, o.kinsoku) || notAtLineStart(b.cls, o.kinsoku)) cost = INFINITY;
  else if (unbreakablePair) cost = INFINITY;
  else if (b.cls === 'western_punct' && (isTrailingWesternPunct(b.text) || space === 0)) cost = INFINITY;
  else if (western && space === 0) cost = westernBreakCost(a, b);
  else if (o.preferSpaceBreaks && space === 0) cost = 300;
  return { width, stretch, spread, shrink, cost };
}

/** Inside a run of Latin letters and digits: only after a hyphen or a URL separator. */
function westernBreakCost(a: Cluster, b: Cluster): number {
  if ((a.text === '-' || a.text === '/') && (b.cls === 'letter' || b.cls === 'digit')) return 50;
  if ((a.text === '.' || a.text === '?' || a.text === '&' || a.text === '=' || a.text === '_') && b.cls === 'letter') return 100;
  return INFINITY;
}

function breakWithRules(
  clusters: readonly Cluster[],
  gaps: readonly Gap[],
  o: typeof DEFAULTS & { looseness: number },
  measureOf: (line: number) => number,
  maxStretch: number,
  emergency: boolean,
): number[] | null {
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
    let cost = g.cost;
    if (emergency && cost >= INFINITY) cost = 5000;
    // The breaker sees one stretch per glue, scaled so that at the largest ratio a space reaches its cap.
    const glue = { type: 'glue' as const, width: g.width, stretch: g.stretch / MAX_STRETCH + (g.spread ? GAP_STRETCH : 0), shrink: g.shrink };
    if (cost >= INFINITY) {
      push({ type: 'penalty', width: 0, cost: INFINITY }, i + 1);
      if (glue.width || glue.stretch || glue.shrink) push(glue, i + 1);
    } else {
      if (cost !== 0) push({ type: 'penalty', width: 0, cost }, i + 1);
      push(glue, i + 1);
    }
  }
  push({ type: 'glue', width: 0, stretch: 1e6, shrink: 0 }, clusters.length);
  push({ type: 'penalty', width: 0, cost: -INFINITY }, clusters.length);
  const breaks = breakLines(items, {
    lineWidth: measureOf,
    maxStretch,
    ragged: o.align !== 'justify',
    balanceLastLine: o.align === 'center',
    minLastLineChars: o.minLastLineChars,
    looseness: o.looseness,
  });
  // A break at item i ends the line with the clusters before the cluster that item i leads to.
  return breaks?.map((b) => clusterAt[b]) ?? null;
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

function buildLines(
  clusters: readonly Cluster[],
  gaps: readonly Gap[],
  breaks: readonly number[],
  o: typeof DEFAULTS,
  measureOf: (line: number) => number,
  forced: boolean,
): ComposedLine[] {
  const lines: ComposedLine[] = [];
  let first = 0;
  for (const [li, end] of breaks.entries()) {
    if (end <= first) continue;
    const measure = measureOf(lines.length);
    const last = li === breaks.length - 1;
    const indent = first === 0 ? o.indent : 0;
    let natural = indent;
    let stretch = 0;
    let spreads = 0;
    let shrink = 0;
    for (let i = first; i < end; i++) {
      natural += inkWidth(clusters[i]);
      if (i + 1 < end) {
        natural += gaps[i].width;
        stretch += gaps[i].stretch;
        shrink += gaps[i].shrink;
        if (gaps[i].spread) spreads++;
      }
    }
    // Justification in clreq's order: compress punctuation and spaces proportionally when the line
    // is too long; when it is short, grow word and Han–Latin spaces to their cap first, then spread
    // what remains evenly over every gap between characters.
    let ratio = 0;
    let spaceShare = 0;
    let perGap = 0;
    if (natural > measure && shrink > 0) ratio = Math.max(-1, (measure - natural) / shrink);
    else if (natural < measure && o.align === 'justify' && !last) {
      const need = measure - natural;
      spaceShare = stretch > 0 ? Math.min(1, need / stretch) : 0;
      const rest = need - spaceShare * stretch;
      if (rest > 0) {
        if (spreads > 0) perGap = rest / spreads;
        else if (stretch > 0) spaceShare = need / stretch;
      }
      ratio = (measure - natural) / Math.max(1e-9, stretch / MAX_STRETCH + spreads * GAP_STRETCH);
    }
    const gapWidth = (g: Gap) =>
      g.width + (ratio < 0 ? ratio * g.shrink : spaceShare * g.stretch + (g.spread ? perGap : 0));
    let used = indent;
    for (let i = first; i < end; i++) used += inkWidth(clusters[i]) + (i + 1 < end ? gapWidth(gaps[i]) : 0);
    let x = indent;
    if (o.align === 'center') x += (measure - used) / 2;
    else if (o.align === 'right') x += measure - used;
    const left = x;
    const glyphs: PlacedGlyph[] = [];
    for (let i = first; i < end; i++) {
      const c = clusters[i];
      let gx = x - c.blankBefore - c.cutBefore;
      for (const g of c.glyphs) {
        glyphs.push({ face: g.face, id: g.id, x: gx, advance: g.advance, text: g.text });
        gx += g.advance;
      }
      x += inkWidth(c) + (i + 1 < end ? gapWidth(gaps[i]) : 0);
    }
    const lastCluster = clusters[end - 1];
    lines.push({
      glyphs,
      measure,
      left,
      right: x,
      firstCluster: first,
      endCluster: end,
      start: clusters[first].start,
      stop: lastCluster.start + lastCluster.text.length,
      ratio,
      last,
      forced: forced || used > measure + 1e-6 ? true : undefined,
    });
    first = end;
  }
  return lines;
}
