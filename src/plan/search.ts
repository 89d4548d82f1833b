/**
 * The search for modular layouts: the free part of the page is cut, guillotine fashion, into
 * rectangles, one per article, in the order of their priority. A region either gives its top
 * band across its whole width to its first article (the lead across the top, a story over the
 * rest) or is split into a left and a right strip, the left taking the higher priorities, so
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
  frames: GridArea[];
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
  /** Time after which no more splits are tried (Date.now()), for a page with many articles. */
  deadline: number;
}

interface Partial {
  frames: [number, GridArea][];
  rules: Candidate['rules'];
  estimate: number;
}

const LEAD_NOT_ON_TOP = 1e4;

export function searchLayouts(input: SearchInput): Candidate[] {
  const { articles, fixed, keep, weights, region } = input;
  const memo = new Map<string, Partial[]>();
  const pageTop = region.lines[0];

  const intersects = (a: Region, b: GridArea) => a.columns[0] <= b.columns[1] && b.columns[0] <= a.columns[1] && a.lines[0] <= b.lines[1] && b.lines[0] <= a.lines[1];
  const fixedIn = (r: Region) => fixed.filter((f) => intersects(r, f));

  /** Estimated cost of article k in a rectangle. */
  const leaf = (k: number, r: Region): number => {
    const a = articles[k];
    const w = r.columns[1] - r.columns[0] + 1;
    const h = r.lines[1] - r.lines[0] + 1;
    const photos = a.photos(w);
    const head = a.head(w);
    if (!photos || h <= head) return Infinity;
    const room = w * (h - head);
    const least = a.copy.short + photos.least;
    const most = a.copy.long + photos.most;
    const natural = a.copy.natural + (photos.least + photos.most) / 2;
    const over = Math.max(0, least - room);
    const under = Math.max(0, room - most);
    // A little for every cell copyfitting or a photo's size must take up.
    return over * weights.overset + under * weights.unused + Math.abs(room - natural) * 0.01 + (k === 0 && r.lines[0] !== pageTop ? LEAD_NOT_ON_TOP : 0);
  };

  /** Heights worth trying for article k across w columns: least, natural and most that it fills. */
  const heights = (k: number, w: number, most: number): number[] => {
    const a = articles[k];
    const photos = a.photos(w);
    if (!photos) return [];
    const head = a.head(w);
    const tall = (cells: number) => head + Math.ceil(cells / w);
    const hs = new Set([tall(a.copy.short + photos.least), tall(a.copy.natural + (photos.least + photos.most) / 2), tall(a.copy.long + photos.most) - 1, tall(a.copy.long + photos.most)]);
    return [...hs].filter((h) => h > head && h <= most).sort((x, y) => x - y);
  };

  const best = (list: Partial[]) => list.sort((a, b) => a.estimate - b.estimate).slice(0, keep);

  const solve = (r: Region, i: number, j: number): Partial[] => {
    if (r.lines[1] < r.lines[0] || r.columns[1] < r.columns[0]) return i === j ? [{ frames: [], rules: [], estimate: 0 }] : [];
    const key = `${r.columns[0]},${r.columns[1]},${r.lines[0]},${r.lines[1]},${i},${j}`;
    const kept = memo.get(key);
    if (kept) return kept;
    const out: Partial[] = [];
    const w = r.columns[1] - r.columns[0] + 1;
    const inside = fixedIn(r);
    // A fixed rectangle across the whole strip at its foot or head: the region stops a line short of it.
    const across = inside.find((f) => f.columns[0] <= r.columns[0] && f.columns[1] >= r.columns[1] && (f.lines[1] >= r.lines[1] || f.lines[0] <= r.lines[0]));
    if (across) {
      const rest: Region = across.lines[1] >= r.lines[1] ? { columns: r.columns, lines: [r.lines[0], across.lines[0] - 2] } : { columns: r.columns, lines: [across.lines[1] + 2, r.lines[1]] };
      out.push(...solve(rest, i, j));
    } else if (i === j) {
      out.push({ frames: [], rules: [], estimate: (inside.length ? Infinity : w * (r.lines[1] - r.lines[0] + 1) * weights.unused) });
    } else {
      if (!inside.length) {
        // The first article alone, or across the top with the others under it.
        if (j - i === 1) out.push({ frames: [[i, { columns: [...r.columns], lines: [...r.lines] }]], rules: [], estimate: leaf(i, r) });
        else {
          for (const h of heights(i, w, r.lines[1] - r.lines[0] - 1)) {
            const band: Region = { columns: r.columns, lines: [r.lines[0], r.lines[0] + h - 1] };
            const cost = leaf(i, band);
            if (!Number.isFinite(cost)) continue;
            for (const below of solve({ columns: r.columns, lines: [band.lines[1] + 2, r.lines[1]] }, i + 1, j)) {
              out.push({ frames: [[i, band], ...below.frames], rules: [{ columns: [...r.columns], line: band.lines[1] + 1 }, ...below.rules], estimate: cost + below.estimate });
            }
          }
        }
      }
      // Left and right strips, the left taking the higher priorities.
      if (Date.now() < input.deadline) {
        for (let k = r.columns[0] + 1; k <= r.columns[1]; k++) {
          const left: Region = { columns: [r.columns[0], k - 1], lines: r.lines };
          const right: Region = { columns: [k, r.columns[1]], lines: r.lines };
          for (let m = i; m <= j; m++) {
            if ((m === i && !fixedIn(left).length) || (m === j && !fixedIn(right).length)) continue;
            const ls = solve(left, i, m);
            if (!ls.length || !Number.isFinite(ls[0].estimate)) continue;
            const rs = solve(right, m, j);
            for (const a of ls) for (const b of rs) out.push({ frames: [...a.frames, ...b.frames], rules: [...a.rules, ...b.rules], estimate: a.estimate + b.estimate });
          }
        }
      }
    }
    const result = best(out.filter((p) => Number.isFinite(p.estimate)));
    memo.set(key, result);
    return result;
  };

  return solve(region, 0, articles.length).map((p) => {
    const frames: GridArea[] = new Array(articles.length);
    for (const [k, area] of p.frames) frames[k] = area;
    return { frames, rules: p.rules, estimate: p.estimate };
  });
}
