/**
 * Tables across columns in frames too shallow for the copy: no line is ever set on a grid cell
 * another line already takes (a table over the text or the table before it); what does not fit is
 * overset, less of it as the frame deepens; and copyfitting never oversets what the unfilled setting holds.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildContext } from '../../src/context.js';
import { DiagnosticList } from '../../src/diagnostics.js';
import { loadIssue } from '../../src/issue/load-issue.js';
import { layoutPath, loadLayout } from '../../src/layout/load-layout.js';
import { ArticleSetter, placeArticle } from '../../src/place/article.js';
import type { TextBlock } from '../../src/place/page-model.js';

/** A story of an issue file set on the tabloid in a frame of columns 1–`columns`, lines 1–`lines` (its headline included). */
function storyOf(file: string, id: string) {
  const context = new BuildContext();
  const { issue } = loadIssue(file);
  const layout = loadLayout(context, layoutPath('tabloid', issue.dir));
  const article = issue.pages.flatMap((p) => p.articles).find((a) => a.spec.id === id)!;
  const setter = new ArticleSetter(context, article, layout, issue.locate);
  return (columns: number, lines: number, fill = false) =>
    placeArticle(setter, [{ page: { index: 0, number: 1 }, grid: layout.grid, areas: [{ columns: [1, columns], lines: [1, lines] }] }], new DiagnosticList(), fill).placed[0];
}

/** The grid cells (column, line) that more than one line of the copy stands on. */
function cellsTakenTwice(copy: readonly TextBlock[]): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const line of copy.flatMap((b) => b.lines)) {
    if (!line.cell) continue;
    const key = `column ${line.cell.column} line ${line.cell.line}`;
    if (seen.has(key)) twice.push(key);
    seen.add(key);
  }
  return twice;
}

const report = storyOf(join(import.meta.dirname, '../fixtures/copy/issue.yaml'), 'report-tabloid');
const release = storyOf(join(import.meta.dirname, '../../bench/makeup-tables/issue.yaml'), 'release');

/** Lines overset at each depth of the frame, checking on the way that no cell is taken twice. */
function oversetByDepth(set: ReturnType<typeof storyOf>, columns: number, depths: readonly number[], fill = false): number[] {
  return depths.map((lines) => {
    const placed = set(columns, lines, fill);
    expect(cellsTakenTwice(placed.copy), `${columns} columns, ${lines} lines`).toEqual([]);
    return placed.fit.overflowLines;
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const nonIncreasing = (xs: readonly number[]) => xs.every((x, i) => i === 0 || x <= xs[i - 1]);

describe('a story whose tables do not all fit its frame', () => {
  it('the corpus report in four columns, 26 lines deep: its second table stands on no line of the first, and what does not fit is overset', () => {
    const placed = report(4, 26);
    expect(cellsTakenTwice(placed.copy)).toEqual([]);
    expect(placed.fit.overflowLines).toBeGreaterThan(0);
  });

  it('the release across six columns, 25 lines deep: no line on another, the rest overset', () => {
    const placed = release(6, 25);
    expect(cellsTakenTwice(placed.copy)).toEqual([]);
    expect(placed.fit.overflowLines).toBeGreaterThan(0);
  });

  it('oversets fewer lines or as many as the frame deepens, down to none, never a line on another', () => {
    const reportOverset = oversetByDepth(report, 4, range(20, 32));
    expect(nonIncreasing(reportOverset), reportOverset.join(' ')).toBe(true);
    // A table stands whole or breaks only where two rows of it go on each side: overset falls by steps.
    expect(reportOverset.indexOf(0) + 20).toBe(29);
    const releaseOverset = oversetByDepth(release, 6, range(18, 30));
    expect(nonIncreasing(releaseOverset), releaseOverset.join(' ')).toBe(true);
    expect(releaseOverset.indexOf(0) + 18).toBe(28);
  });
});

describe('copyfitting a story with tables across columns', () => {
  it('never oversets at a depth where the unfilled setting oversets less: the release in four and five columns', () => {
    for (const columns of [4, 5]) {
      const depths = range(24, 32);
      const unfilled = oversetByDepth(release, columns, depths);
      const filled = oversetByDepth(release, columns, depths, true);
      filled.forEach((n, i) => expect(n, `${columns} columns, ${depths[i]} lines`).toBeLessThanOrEqual(unfilled[i]));
    }
    // Five columns 30 lines deep hold the release unfilled; filled, they did not.
    expect(release(5, 30).fit.overflowLines).toBe(0);
    expect(release(5, 30, true).fit.overflowLines).toBe(0);
  });
});
