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
  /** In ragged setting, a short last line costs too (centred headlines are balanced). */
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

interface Node {
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
  previous: Node | null;
}

/** Returns the indexes of the items where lines end, the last being the final item; null if no set of breaks fits. */
export function breakLines(items: readonly Item[], options: BreakOptions): number[] | null {
  const linePenalty = options.linePenalty ?? 10;
  const fitnessDemerits = options.fitnessDemerits ?? 3000;
  const n = items.length;
  // Running totals before each item.
  const sumW = new Float64Array(n + 1);
  const sumY = new Float64Array(n + 1);
  const sumZ = new Float64Array(n + 1);
  const sumC = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const it = items[i];
    sumW[i + 1] = sumW[i] + (it.type === 'penalty' ? 0 : it.width);
    sumY[i + 1] = sumY[i] + (it.type === 'glue' ? it.stretch : 0);
    sumZ[i + 1] = sumZ[i] + (it.type === 'glue' ? it.shrink : 0);
    sumC[i + 1] = sumC[i] + (it.type === 'box' ? it.chars : 0);
  }

  const active: Node[] = [
    { position: -1, line: 0, fitness: 1, demerits: 0, width: 0, stretch: 0, shrink: 0, chars: 0, shortLast: false, previous: null },
  ];

  // Candidates for a break at the item, by fitness class, and also by line count when a looseness is asked for.
  const best = new Map<number, Node>();
  for (let i = 0; i < n; i++) {
    const it = items[i];
    const legal =
      (it.type === 'penalty' && it.cost < INFINITY) || (it.type === 'glue' && i > 0 && items[i - 1].type === 'box');
    if (!legal) continue;
    const forced = it.type === 'penalty' && it.cost <= -INFINITY;
    const penaltyWidth = it.type === 'penalty' ? it.width : 0;
    best.clear();
    let kept = 0;
    for (const a of active) {
      const lineWidth = options.lineWidth(a.line);
      const natural = sumW[i] - a.width + penaltyWidth;
      const stretch = sumY[i] - a.stretch;
      const shrink = sumZ[i] - a.shrink;
      let ratio: number;
      if (natural < lineWidth) ratio = options.ragged ? 0 : stretch > 0 ? (lineWidth - natural) / stretch : Infinity;
      else if (natural > lineWidth) ratio = shrink > 0 ? (lineWidth - natural) / shrink : -Infinity;
      else ratio = 0;

      // A node stays active until a line from it can no longer shrink enough, or a break is forced.
      if (ratio >= -1 && !forced) active[kept++] = a;
      const fallback = options.raggedFallback;
      const overStretched = ratio > options.maxStretch;
      if (ratio < -1 || (overStretched && !fallback)) continue;

      // Capped, so that a line that cannot stretch at all (maxStretch Infinity) stays comparable.
      let badness = Math.min(1e5, 100 * Math.abs(ratio) ** 3);
      if (overStretched && fallback) {
        const empty = Math.max(0, lineWidth - natural - options.maxStretch * stretch) / lineWidth;
        badness = fallback.base + fallback.perEmpty * empty;
        if (sumC[i] - a.chars <= 1 || natural < fallback.nearEmpty * lineWidth) badness += fallback.nearEmptyCost;
      }
      if (options.ragged && natural < lineWidth) {
        badness = forced && !options.balanceLastLine ? 0 : 400 * ((lineWidth - natural) / lineWidth) ** 2;
      }
      let demerits = (linePenalty + badness) ** 2;
      if (it.type === 'penalty') {
        if (it.cost > 0) demerits += it.cost ** 2;
        else if (it.cost > -INFINITY) demerits -= it.cost ** 2;
      }
      const fitness = ratio < -0.5 ? 0 : ratio <= 0.5 ? 1 : ratio <= 1 ? 2 : 3;
      if (a.previous && Math.abs(fitness - a.fitness) > 1) demerits += fitnessDemerits;
      const shortLast = forced && !!options.minLastLineChars && sumC[i] - a.chars < options.minLastLineChars && a.line > 0;
      if (shortLast) demerits += options.shortLastLineDemerits ?? 1e9;
      const total = a.demerits + demerits;
      const key = options.looseness ? (a.line + 1) * 4 + fitness : fitness;
      const current = best.get(key);
      if (!current || total < current.demerits) {
        best.set(key, { position: i, line: a.line + 1, fitness, demerits: total, width: 0, stretch: 0, shrink: 0, chars: 0, shortLast, previous: a });
      }
    }
    active.length = kept;
    if (best.size) {
      const after = totalsAfterBreak(items, i, sumW, sumY, sumZ, sumC);
      for (const b of best.values()) {
        b.width = after.width;
        b.stretch = after.stretch;
        b.shrink = after.shrink;
        b.chars = after.chars;
        active.push(b);
      }
    }
    if (active.length === 0) return null;
  }

  const pick = (ok: (a: Node) => boolean) => {
    let end: Node | null = null;
    for (const a of active) if (a.position === n - 1 && ok(a) && (!end || a.demerits < end.demerits)) end = a;
    return end;
  };
  let end = pick(() => true);
  if (end && options.looseness) {
    const lines = end.line + options.looseness;
    // A longer or shorter setting is only worth having if it keeps every rule, the last-line one included.
    end = pick((a) => a.line === lines && !a.shortLast);
  }
  if (!end) return null;
  const breaks: number[] = [];
  for (let node: Node | null = end; node && node.position >= 0; node = node.previous) breaks.push(node.position);
  return breaks.reverse();
}

/** Totals at the first item that stays after a break: glue and penalties after it are discarded. */
function totalsAfterBreak(
  items: readonly Item[],
  at: number,
  sumW: Float64Array,
  sumY: Float64Array,
  sumZ: Float64Array,
  sumC: Float64Array,
) {
  let j = at + 1;
  while (j < items.length && items[j].type !== 'box' && !(items[j].type === 'penalty' && (items[j] as Penalty).cost <= -INFINITY)) j++;
  return { width: sumW[j], stretch: sumY[j], shrink: sumZ[j], chars: sumC[j] };
}
