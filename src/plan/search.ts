/**
 * The search for modular layouts: the free part of the page is cut, guillotine fashion, into
 * frames, one per article, in the order of their priority. A region either gives its top
 * band across its whole width to its first article (the lead across the top, a story over the
 * rest), or gives it a stepped band — across the whole width, deeper on one side than on the
 * other, or down to the region's foot on one side (an L) — with the next stories under each
 * side, or is split into a left and a right strip, the left taking the higher priorities, so
 * that the page reads top to bottom and left to right without jumping back. Fixed rectangles
 * (ads, frames kept) are cut around where they stand across a strip's top or foot. Each region
 * keeps its few best layouts (dynamic programming over regions and runs of articles), scored
 * by an estimate from the measures: cells left over or short, the lead not at the top.
 */
import type { GridArea } from '../place/grid-area.js';
import type { ArticleMeasure } from './measure.js';

export interface Region {
  columns: [number, number];
  lines: [number, number];
}

/** A layout found: a frame per article (in the order given), the rules between stacked stories, and its estimated cost. */
export interface Candidate {
  /** One rectangle, or two side by side from one top line (a stepped frame, or an L when one reaches the region's foot). */
  frames: GridArea[][];
  rules: { columns: [number, number]; line: number }[];
  estimate: number;
}

export interface SearchInput {
  /** Articles to place, by priority (the lead first). */
  articles: readonly ArticleMeasure[];
  /** The free part of the page: the grid under the banner. */
  region: Region;
  /** Rectangles that stay as they are: ads, frames kept. */
  fixed: readonly GridArea[];
  /** Layouts kept per region. */
  keep: number;
  /** Cost of a cell left empty and of a line of copy over. */
  weights: { unused: number; overset: number };
  /** Whether frames may be stepped or L-shaped (else rectangles only). */
  steps: boolean;
  /** Layouts combined after which no more splits or steps are tried, for a page with many articles (a count, so that a plan does not hang on the machine's load). */
  budget: number;
}

interface Partial {
  frames: [number, GridArea[]][];
  rules: Candidate['rules'];
  estimate: number;
}

const LEAD_NOT_ON_TOP = 1e4;
/** Layouts under each side of a stepped band combined with one another. */
const STEPPED_KEEP = 4;
/** Columns each side of a stepped frame takes at least. */
const MIN_SIDE = 2;

export function searchLayouts(input: SearchInput): Candidate[] {
  const { articles, fixed, keep, weights, region } = input;
  const memo = new Map<string, Partial[]>();
  let work = 0;
  const pageTop = region.lines[0];

  const intersects = (a: Region, b: GridArea) => a.columns[0] <= b.columns[1] && b.columns[0] <= a.columns[1] && a.lines[0] <= b.lines[1] && b.lines[0] <= a.lines[1];
  const fixedIn = (r: Region) => fixed.filter((f) => intersects(r, f));
  const widthOf = (r: Region) => r.columns[1] - r.columns[0] + 1;

  /** Estimated cost of article k in a frame of one rectangle or two side by side from one top line. */
  const leaf = (k: number, frame: readonly Region[]): number => {
    const a = articles[k];
    const w = frame.reduce((n, r) => n + widthOf(r), 0);
    const photos = a.photos(w);
    const head = a.head(w);
    if (!photos || frame.some((r) => r.lines[1] - r.lines[0] + 1 <= head)) return Infinity;
    const room = frame.reduce((n, r) => n + widthOf(r) * (r.lines[1] - r.lines[0] + 1 - head), 0);
    const copy = a.copy(w, Math.max(...frame.map(widthOf)));
    // A table across columns stands in a rectangle: how it breaks around a step is not estimated.
    if (copy.spanned && frame.length > 1) return Infinity;
    const least = copy.short + photos.least;
    // A headline that may grow takes up what the copy leaves short, where each side of the frame holds it.
    const growth = a.headGrowth(w);
    const most = copy.long + photos.most + (frame.every((r) => r.lines[1] - r.lines[0] + 1 > head + growth) ? growth * w : 0);
    const natural = copy.natural + (photos.least + photos.most) / 2;
    const over = Math.max(0, least - room);
    // Cells a frame of this width leaves empty however deep (beside a table) are left unused too.
    const under = Math.max(0, room - most) + copy.empty;
    // A little for every cell copyfitting or a photo's size must take up.
    return over * weights.overset + under * weights.unused + Math.abs(room - natural) * 0.01 + (k === 0 && frame[0].lines[0] !== pageTop ? LEAD_NOT_ON_TOP : 0);
  };

  /** Heights worth trying for article k across w columns: least, natural and most that it fills. */
  const heights = (k: number, w: number, most: number): number[] => {
    const a = articles[k];
    const photos = a.photos(w);
    if (!photos) return [];
    const head = a.head(w);
    const copy = a.copy(w);
    const tall = (cells: number) => head + Math.ceil(cells / w);
    const hs = new Set([tall(copy.short + photos.least), tall(copy.natural + (photos.least + photos.most) / 2), tall(copy.long + photos.most) - 1, tall(copy.long + photos.most), tall(copy.long + photos.most) + a.headGrowth(w)]);
    return [...hs].filter((h) => h > head && h <= most).sort((x, y) => x - y);
  };

  /** Heights worth trying for articles i..j-1 stacked across w columns with a rule line between each. */
  const stackHeights = (i: number, j: number, w: number, most: number): number[] => {
    if (j - i === 1) return heights(i, w, most);
    const sums = [0, 0, 0];
    for (let k = i; k < j; k++) {
      const hs = heights(k, w, most);
      if (!hs.length) return [];
      sums[0] += hs[0] + 1;
      sums[1] += hs[Math.floor(hs.length / 2)] + 1;
      sums[2] += hs[hs.length - 1] + 1;
    }
    return [...new Set(sums.map((h) => h - 1))].filter((h) => h <= most);
  };

  const best = (list: Partial[]) => list.sort((a, b) => a.estimate - b.estimate).slice(0, keep);
  const joined = (a: Partial, b: Partial, frames: Partial['frames'] = [], rules: Candidate['rules'] = [], estimate = 0): Partial => ({
    frames: [...frames, ...a.frames, ...b.frames],
    rules: [...rules, ...a.rules, ...b.rules],
    estimate: estimate + a.estimate + b.estimate,
  });
  const EMPTY: Partial = { frames: [], rules: [], estimate: 0 };

  const solve = (r: Region, i: number, j: number): Partial[] => {
    if (r.lines[1] < r.lines[0] || r.columns[1] < r.columns[0]) return i === j ? [EMPTY] : [];
    const key = `${r.columns[0]},${r.columns[1]},${r.lines[0]},${r.lines[1]},${i},${j}`;
    const kept = memo.get(key);
    if (kept) return kept;
    const out: Partial[] = [];
    const w = widthOf(r);
    const inside = fixedIn(r);
    // A fixed rectangle across the whole strip at its foot or head: the region stops a line short of it.
    const across = inside.find((f) => f.columns[0] <= r.columns[0] && f.columns[1] >= r.columns[1] && (f.lines[1] >= r.lines[1] || f.lines[0] <= r.lines[0]));
    if (across) {
      const rest: Region = across.lines[1] >= r.lines[1] ? { columns: r.columns, lines: [r.lines[0], across.lines[0] - 2] } : { columns: r.columns, lines: [across.lines[1] + 2, r.lines[1]] };
      out.push(...solve(rest, i, j));
    } else if (i === j) {
      out.push({ frames: [], rules: [], estimate: (inside.length ? Infinity : w * (r.lines[1] - r.lines[0] + 1) * weights.unused) });
    } else {
      // The first article alone, or across the top with the others under it; a band also over a
      // fixed rectangle that stands clear of the region's foot (a photo across frames, a story
      // jumping in), which the region under the band is cut around. (Those at the foot, the ads,
      // are cut around by splits: bands over them would multiply the search for nothing.)
      if (!inside.length || (j - i > 1 && inside.every((f) => f.lines[1] < r.lines[1]))) {
        if (j - i === 1) out.push({ frames: [[i, [{ columns: [...r.columns], lines: [...r.lines] }]]], rules: [], estimate: leaf(i, [r]) });
        else {
          for (const h of heights(i, w, r.lines[1] - r.lines[0] - 1)) {
            const band: Region = { columns: r.columns, lines: [r.lines[0], r.lines[0] + h - 1] };
            if (fixedIn(band).length) continue;
            const cost = leaf(i, [band]);
            if (!Number.isFinite(cost)) continue;
            for (const below of solve({ columns: r.columns, lines: [band.lines[1] + 2, r.lines[1]] }, i + 1, j)) {
              out.push(joined(EMPTY, below, [[i, [band]]], [{ columns: [...r.columns], line: band.lines[1] + 1 }], cost));
            }
          }
        }
      }
      if (input.steps && j - i >= 2 && work < input.budget) out.push(...stepped(r, i, j));
      // Left and right strips, the left taking the higher priorities.
      if (work < input.budget) {
        for (let k = r.columns[0] + 1; k <= r.columns[1]; k++) {
          const left: Region = { columns: [r.columns[0], k - 1], lines: r.lines };
          const right: Region = { columns: [k, r.columns[1]], lines: r.lines };
          for (let m = i; m <= j; m++) {
            if ((m === i && !fixedIn(left).length) || (m === j && !fixedIn(right).length)) continue;
            const ls = solve(left, i, m);
            if (!ls.length || !Number.isFinite(ls[0].estimate)) continue;
            const rs = solve(right, m, j);
            for (const a of ls) for (const b of rs) out.push(joined(a, b));
          }
        }
      }
    }
    work += out.length;
    const result = best(out.filter((p) => Number.isFinite(p.estimate)));
    memo.set(key, result);
    return result;
  };

  /**
   * Article i in a band across the region whose two sides end at different lines, articles
   * i+1..m-1 stacked under its left side and m..j-1 under its right; a side with none under it
   * runs to the region's foot (or to a fixed rectangle across it): an L.
   */
  const stepped = (r: Region, i: number, j: number): Partial[] => {
    const out: Partial[] = [];
    /** The last line a side may take: above a fixed rectangle across its columns, else the region's foot. */
    const footOf = (columns: [number, number]) =>
      Math.min(r.lines[1], ...fixed.filter((f) => f.columns[0] <= columns[0] && f.columns[1] >= columns[1] && f.lines[0] > r.lines[0] && f.lines[0] <= r.lines[1]).map((f) => f.lines[0] - 2));
    // Each side at least two columns wide: a headline over a single column's leg reads as another story's.
    /** Whether a side with no story under it leaves nothing under its foot: it reaches the region's foot, or a fixed rectangle that does. */
    const closed = (columns: [number, number], foot: number) =>
      foot === r.lines[1] || fixed.some((f) => f.columns[0] <= columns[0] && f.columns[1] >= columns[1] && f.lines[0] === foot + 2 && f.lines[1] >= r.lines[1]);
    for (let k = r.columns[0] + MIN_SIDE; k <= r.columns[1] - MIN_SIDE + 1; k++) {
      const sides: [number, number][] = [[r.columns[0], k - 1], [k, r.columns[1]]];
      const feet = sides.map(footOf);
      for (let m = i + 1; m <= j; m++) {
        const runs: [number, number][] = [[i + 1, m], [m, j]];
        if (runs.some(([a, b], s) => a === b && !closed(sides[s], feet[s]))) continue;
        // Where each side's stories begin: a line after the band's rule; none, past the foot.
        const tops = runs.map(([a, b], s) => (a === b ? [feet[s] + 2] : stackHeights(a, b, widthOf({ columns: sides[s], lines: r.lines }), feet[s] - r.lines[0] - 2).map((h) => feet[s] - h + 1)));
        for (const left of tops[0]) {
          for (const right of tops[1]) {
            if (left === right) continue; // a band across with a split under it, tried above
            const bands: Region[] = [
              { columns: sides[0], lines: [r.lines[0], left - 2] },
              { columns: sides[1], lines: [r.lines[0], right - 2] },
            ];
            if (bands.some((b) => b.lines[1] < b.lines[0] || fixedIn(b).length)) continue;
            const cost = leaf(i, bands);
            if (!Number.isFinite(cost)) continue;
            const under = [left, right].map((top, s) => solve({ columns: sides[s], lines: [top, r.lines[1]] }, ...runs[s]).slice(0, STEPPED_KEEP));
            const rules = [left, right].flatMap((top, s) => (runs[s][0] < runs[s][1] ? [{ columns: [...sides[s]] as [number, number], line: top - 1 }] : []));
            for (const a of under[0]) for (const b of under[1]) out.push(joined(a, b, [[i, bands]], rules, cost));
          }
        }
      }
    }
    return out;
  };

  const found = solve(region, 0, articles.length);
  return found.map((p) => {
    const frames: GridArea[][] = new Array(articles.length);
    for (const [k, area] of p.frames) frames[k] = area;
    return { frames, rules: p.rules, estimate: p.estimate };
  });
}
