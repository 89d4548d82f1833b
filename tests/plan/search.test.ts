import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/issue/model.js';
import type { ArticleMeasure } from '../../src/plan/measure.js';
import { searchLayouts, type Candidate } from '../../src/plan/search.js';

/** An article of `cells` cells of copy that copyfitting cannot stretch, under a headline of 2 lines at any width that may grow by `growth` lines, with no photo. */
const story = (priority: number, cells: number, growth = 0, spanned = false): ArticleMeasure => ({
  article: {} as Article,
  priority,
  copy: () => ({ natural: cells, short: cells, long: cells, empty: 0, spanned }),
  head: () => 2,
  headGrowth: () => growth,
  photos: () => ({ least: 0, most: 0 }),
  weight: () => 0,
});

const search = (articles: ArticleMeasure[]) =>
  searchLayouts({ articles, region: { columns: [1, 4], lines: [1, 24] }, fixed: [], keep: 12, weights: { unused: 1, overset: 20 }, budget: Infinity, steps: true });

const rectanglesOnly = (c: Candidate) => c.frames.every((f) => f.length === 1);

describe('the makeup search', () => {
  it('steps the lead\'s foot so that the two stories under it fill their sides exactly, which no layout of rectangles does', () => {
    // 4 columns × 24 lines: the lead 34 cells, the second story 24 (2 columns × 12 lines under its headline), the third 18.
    const found = search([story(1, 34), story(2, 24), story(3, 18)]);
    const best = found[0];
    expect(best.estimate).toBe(0);
    expect(best.frames).toEqual([
      [{ columns: [1, 2], lines: [1, 9] }, { columns: [3, 4], lines: [1, 12] }],
      [{ columns: [1, 2], lines: [11, 24] }],
      [{ columns: [3, 4], lines: [14, 24] }],
    ]);
    // A rule under each side of the lead.
    expect(best.rules).toEqual([{ columns: [1, 2], line: 10 }, { columns: [3, 4], line: 13 }]);
    const rectangles = found.filter(rectanglesOnly);
    expect(rectangles.length).toBeGreaterThan(0);
    expect(Math.min(...rectangles.map((c) => c.estimate))).toBeGreaterThan(0);
  });

  it('runs the lead down one side to the foot (an L) when the story beside it fills the rest', () => {
    const found = search([story(1, 64), story(2, 18)]);
    expect(found[0].estimate).toBe(0);
    expect(found[0].frames).toEqual([
      [{ columns: [1, 2], lines: [1, 24] }, { columns: [3, 4], lines: [1, 12] }],
      [{ columns: [3, 4], lines: [14, 24] }],
    ]);
    expect(found[0].rules).toEqual([{ columns: [3, 4], line: 13 }]);
    expect(Math.min(...found.filter(rectanglesOnly).map((c) => c.estimate))).toBeGreaterThan(0);
  });

  it('counts a headline\'s growth as room filled only where each side of the frame holds the grown headline', () => {
    // The lead's 10 cells under a headline that may grow from 2 lines to 8: a stepped frame whose
    // left side is 3 lines deep cannot hold it grown, so that frame is not a fill.
    const found = search([story(1, 10, 6), story(2, 36), story(3, 12)]);
    const stepped = [{ columns: [1, 2], lines: [1, 3] }, { columns: [3, 4], lines: [1, 15] }];
    expect(found[0].frames[0]).not.toEqual(stepped);
    const kept = found.find((c) => JSON.stringify(c.frames[0]) === JSON.stringify(stepped));
    // Kept or not, it is not estimated to fill: its left side leaves 2 × 1 cells and its right 2 × 13 less the 10 of copy.
    if (kept) expect(kept.estimate).toBeGreaterThanOrEqual(18);
  });

  it('keeps a story whose tables go across columns in a rectangle', () => {
    // The lead that the first test steps, its copy now with a table across columns: no stepped frame is proposed for it.
    const found = search([story(1, 34, 0, true), story(2, 24), story(3, 18)]);
    expect(found.length).toBeGreaterThan(0);
    for (const c of found) expect(c.frames[0]).toHaveLength(1);
    expect(found[0].estimate).toBeGreaterThan(0);
  });
});
