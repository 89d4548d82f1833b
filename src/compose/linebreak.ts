/**
 * Optimal line breaking over boxes, glue and penalties (Knuth & Plass 1981), with a
 * width per line so that lines beside a picture can be shorter. Knows nothing about
 * fonts or scripts: the Chinese rules are all in the items it is given.
 */

export interface Box {
  type: 'box';
  width: number;
  /** Characters that count towards a paragraph's last line (punctuation counts 0). */
  chars: number;
}

export interface Glue {
  type: 'glue';
  width: number;
  stretch: number;
  shrink: number;
}

export interface Penalty {
  type: 'penalty';
  width: number;
  /** Cost of breaking here; ≥ INFINITY forbids, ≤ -INFINITY forces a break. */
  cost: number;
  /** Demerits a break here adds beyond the cost's square: a break of last resort, dearer than any cost below INFINITY makes one. */
  demerits?: number;
}

export type Item = Box | Glue | Penalty;

export const INFINITY = 10000;

export interface BreakOptions {
  /** Width available to line `n` (0-based). */
  lineWidth(line: number): number;
  /** Largest stretch ratio accepted (1 = every glue at its full stretch). */
  maxStretch: number;
  /** Ragged lines (left, centred, right): shortfall is allowed and costs in proportion to its square. */
  ragged?: boolean;
  /**
   * In ragged setting, a short last line costs too, and so does a last line longer than the one
   * above by more than 1 (centred headlines are balanced, their first line not the shorter).
   */
  balanceLastLine?: boolean;
  /** A last line with fewer counted characters than this costs `shortLastLineDemerits`. */
  minLastLineChars?: number;
  shortLastLineDemerits?: number;
  linePenalty?: number;
  /** Extra cost when two consecutive lines differ by more than one fitness class. */
  fitnessDemerits?: number;
  /**
   * Lines more (+) or fewer (−) than the optimum, as TeX's \looseness: used to make a
   * paragraph a line longer or shorter to fill a column. No break set of that length → null.
   */
  looseness?: number;
  /**
   * Justified setting only: lines that cannot reach their measure within maxStretch are allowed
   * too, set at maxStretch and left short. Such a line's badness is `base`, plus `perEmpty` times
   * the share of the measure left empty, plus `nearEmptyCost` if it holds one character or fills
   * less than `nearEmpty` of its measure; without this option such lines are not allowed.
   */
  raggedFallback?: { base: number; perEmpty: number; nearEmpty: number; nearEmptyCost: number };
}

export interface BreakNode {
  position: number;
  line: number;
  fitness: number;
  demerits: number;
  width: number;
  stretch: number;
  shrink: number;
  chars: number;
  /** The paragraph's last line, ending here, is shorter than minLastLineChars. */
  shortLast: boolean;
  /** Natural width of the line that ends here. */
  natural: number;
  previous: BreakNode | null;
}

/** Line counts kept either side of the best at each break, in a pass that keeps candidates by line count. */
const LINE_BAND = 4;

const BOX = 0;
const GLUE = 1;
const PENALTY = 2;

/**
 * Items read once into flat arrays, for a paragraph broken several times (at its best, a line
 * longer, a line shorter): running totals, where a break may go, and the totals after each break.
 */
export interface PreparedItems {
  readonly n: number;
  readonly type: Uint8Array;
  /** A penalty's cost, demerits and width (0 for other items). */
  readonly cost: Float64Array;
  readonly extraDemerits: Float64Array;
  readonly penaltyWidth: Float64Array;
  /** Running totals before each item (n + 1 entries). */
  readonly sumW: Float64Array;
  readonly sumY: Float64Array;
  readonly sumZ: Float64Array;
  readonly sumC: Float64Array;
  /** A break may go at the item. */
  readonly legal: Uint8Array;
  /** The first item that stays after a break at the item: glue and penalties after it are discarded. */
  readonly after: Int32Array;
}

export function prepareItems(items: readonly Item[]): PreparedItems {
  const n = items.length;
  const type = new Uint8Array(n);
  const cost = new Float64Array(n);
  const extraDemerits = new Float64Array(n);
  const penaltyWidth = new Float64Array(n);
  const sumW = new Float64Array(n + 1);
  const sumY = new Float64Array(n + 1);
  const sumZ = new Float64Array(n + 1);
  const sumC = new Float64Array(n + 1);
  const legal = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const it = items[i];
    let w = 0;
    let y = 0;
    let z = 0;
    let c = 0;
    if (it.type === 'box') {
      w = it.width;
      c = it.chars;
    } else if (it.type === 'glue') {
      type[i] = GLUE;
      w = it.width;
      y = it.stretch;
      z = it.shrink;
      if (i > 0 && items[i - 1].type === 'box') legal[i] = 1;
    } else {
      type[i] = PENALTY;
      cost[i] = it.cost;
      extraDemerits[i] = it.demerits ?? 0;
      penaltyWidth[i] = it.width;
      if (it.cost < INFINITY) legal[i] = 1;
    }
    sumW[i + 1] = sumW[i] + w;
    sumY[i + 1] = sumY[i] + y;
    sumZ[i + 1] = sumZ[i] + z;
    sumC[i + 1] = sumC[i] + c;
  }
  // stays[j]: the first item from j on that is a box or a forced break (n if none).
  const after = new Int32Array(n);
  let stays = n;
  for (let j = n - 1; j >= 0; j--) {
    after[j] = stays;
    if (type[j] === BOX || (type[j] === PENALTY && cost[j] <= -INFINITY)) stays = j;
  }
  return { n, type, cost, extraDemerits, penaltyWidth, sumW, sumY, sumZ, sumC, legal, after };
}

/** Returns the indexes of the items where lines end, the last being the final item; null if no set of breaks fits. */
export function breakLines(items: readonly Item[] | PreparedItems, options: BreakOptions): number[] | null {
  const prepared = 'legal' in items ? items : prepareItems(items);
  return pickBreaks(breakPass(prepared, options), prepared.n, options.looseness ?? 0);
}

/**
 * The nodes that end the paragraph, from one pass of the breaker; with `options.looseness` set
 * (to any number), candidates are kept by line count too, and one such pass gives every
 * looseness (pickBreaks). Null if no set of breaks fits.
 */
export function breakPass(p: PreparedItems, options: BreakOptions): readonly BreakNode[] | null {
  const linePenalty = options.linePenalty ?? 10;
  const fitnessDemerits = options.fitnessDemerits ?? 3000;
  const { n, type, cost, extraDemerits, penaltyWidth, sumW, sumY, sumZ, sumC, legal, after } = p;
  const maxStretch = options.maxStretch;
  const ragged = !!options.ragged;
  const balanceLastLine = !!options.balanceLastLine;
  // The fallback's figures read here, once: a property read only in a branch seldom taken makes
  // V8 drop the optimised code of the whole pass when it is first taken.
  const fallback = !!options.raggedFallback;
  const fallbackBase = options.raggedFallback?.base ?? 0;
  const fallbackPerEmpty = options.raggedFallback?.perEmpty ?? 0;
  const fallbackNearEmpty = options.raggedFallback?.nearEmpty ?? 0;
  const fallbackNearEmptyCost = options.raggedFallback?.nearEmptyCost ?? 0;
  const minLastLineChars = options.minLastLineChars ?? 0;
  const shortLastLineDemerits = options.shortLastLineDemerits ?? 1e9;
  const byLine = options.looseness ? 1 : 0;
  // Width of each line, asked once per line.
  const widths: number[] = [];
  const widthOf = (line: number) => {
    while (widths.length <= line) widths.push(options.lineWidth(widths.length));
    return widths[line];
  };

  const active: BreakNode[] = [
    { position: -1, line: 0, fitness: 1, demerits: 0, width: 0, stretch: 0, shrink: 0, chars: 0, shortLast: false, natural: 0, previous: null },
  ];

  // Candidates for a break at the item, in the order first found, by fitness class, and also by
  // line count when a looseness is asked for: slot[key] is the candidate's index, valid when
  // stamp[key] is the item's.
  const candidates: BreakNode[] = [];
  const slot = new Int32Array(4 * (n + 2));
  const stamp = new Int32Array(4 * (n + 2)).fill(-1);
  for (let i = 0; i < n; i++) {
    if (!legal[i]) continue;
    const isPenalty = type[i] === PENALTY;
    const itemCost = cost[i];
    const forced = isPenalty && itemCost <= -INFINITY;
    const pw = penaltyWidth[i];
    // The totals up to the item, read once for every active node.
    const widthHere = sumW[i];
    const stretchHere = sumY[i];
    const shrinkHere = sumZ[i];
    const charsHere = sumC[i];
    candidates.length = 0;
    let kept = 0;
    const total = active.length;
    for (let k = 0; k < total; k++) {
      const a = active[k];
      const lineWidth = a.line < widths.length ? widths[a.line] : widthOf(a.line);
      const natural = widthHere - a.width + pw;
      // Stretch is read only by a line short of its measure (an overstretched one included), shrink by one too long.
      let stretch = 0;
      let ratio: number;
      if (natural < lineWidth) {
        stretch = stretchHere - a.stretch;
        ratio = ragged ? 0 : stretch > 0 ? (lineWidth - natural) / stretch : Infinity;
      } else if (natural > lineWidth) {
        const shrink = shrinkHere - a.shrink;
        ratio = shrink > 0 ? (lineWidth - natural) / shrink : -Infinity;
      } else ratio = 0;

      // A node stays active until a line from it can no longer shrink enough, or a break is forced.
      if (ratio >= -1 && !forced) active[kept++] = a;
      const overStretched = ratio > maxStretch;
      if (ratio < -1 || (overStretched && !fallback)) continue;

      // Capped, so that a line that cannot stretch at all (maxStretch Infinity) stays comparable.
      let badness = Math.min(1e5, 100 * Math.abs(ratio) ** 3);
      if (overStretched && fallback) {
        const empty = Math.max(0, lineWidth - natural - maxStretch * stretch) / lineWidth;
        badness = fallbackBase + fallbackPerEmpty * empty;
        if (charsHere - a.chars <= 1 || natural < fallbackNearEmpty * lineWidth) badness += fallbackNearEmptyCost;
      }
      if (ragged && natural < lineWidth) {
        badness = forced && !balanceLastLine ? 0 : 400 * ((lineWidth - natural) / lineWidth) ** 2;
      }
      // A balanced (centred) block reads badly with its last line longer than the one above by more than a character.
      const longerLast = forced && balanceLastLine && a.line > 0 ? Math.max(0, natural - a.natural - 1) / lineWidth : 0;
      badness += 1000 * longerLast * longerLast;
      let demerits = (linePenalty + badness) ** 2;
      if (isPenalty) {
        if (itemCost > 0) demerits += itemCost ** 2;
        else if (itemCost > -INFINITY) demerits -= itemCost ** 2;
        demerits += extraDemerits[i];
      }
      const fitness = ratio < -0.5 ? 0 : ratio <= 0.5 ? 1 : ratio <= 1 ? 2 : 3;
      if (a.previous && Math.abs(fitness - a.fitness) > 1) demerits += fitnessDemerits;
      const shortLast = forced && !!minLastLineChars && charsHere - a.chars < minLastLineChars && a.line > 0;
      if (shortLast) demerits += shortLastLineDemerits;
      const sum = a.demerits + demerits;
      // One expression for both kinds of pass (a branch first taken late costs V8's optimised code).
      const key = byLine * (a.line + 1) * 4 + fitness;
      let at = -1;
      if (stamp[key] === i) at = slot[key];
      else {
        stamp[key] = i;
        slot[key] = candidates.length;
      }
      if (at < 0 || sum < candidates[at].demerits) {
        const node: BreakNode = { position: i, line: a.line + 1, fitness, demerits: sum, width: 0, stretch: 0, shrink: 0, chars: 0, shortLast, natural, previous: a };
        if (at < 0) candidates.push(node);
        else candidates[at] = node;
      }
    }
    active.length = kept;
    if (candidates.length) {
      const j = after[i];
      // Kept by line count, a long paragraph's candidates would span dozens of counts: only those
      // near the best so far can end a setting a line or two longer or shorter than the optimum.
      let bestLine = 0;
      if (byLine) {
        let best = Infinity;
        for (let c = 0; c < candidates.length; c++) if (candidates[c].demerits < best) (best = candidates[c].demerits), (bestLine = candidates[c].line);
      }
      for (let c = 0; c < candidates.length; c++) {
        const b = candidates[c];
        if (byLine && Math.abs(b.line - bestLine) > LINE_BAND) continue;
        b.width = sumW[j];
        b.stretch = sumY[j];
        b.shrink = sumZ[j];
        b.chars = sumC[j];
        active.push(b);
      }
    }
    if (active.length === 0) return null;
  }
  return active;
}

/**
 * The breaks of a pass's best ending; with a looseness, of its best ending that many lines longer
 * or shorter that keeps every rule, the last-line one included (null if there is none).
 */
export function pickBreaks(ends: readonly BreakNode[] | null, n: number, looseness: number): number[] | null {
  if (!ends) return null;
  const pick = (ok: (a: BreakNode) => boolean) => {
    let end: BreakNode | null = null;
    for (const a of ends) if (a.position === n - 1 && ok(a) && (!end || a.demerits < end.demerits)) end = a;
    return end;
  };
  let end = pick(() => true);
  if (end && looseness) {
    const lines = end.line + looseness;
    // A longer or shorter setting is only worth having if it keeps every rule, the last-line one included.
    end = pick((a) => a.line === lines && !a.shortLast);
  }
  if (!end) return null;
  const breaks: number[] = [];
  for (let node: BreakNode | null = end; node && node.position >= 0; node = node.previous) breaks.push(node.position);
  return breaks.reverse();
}
