/**
 * The check for text printed over text: two lines of an article's copy on one grid cell with
 * their glyphs over one another. Made to fire by a built page with one line moved onto the cell
 * of another; kept quiet by the page as built, and by a drop cap beside the lines it stands by.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { overlapProblems, sharedCells } from '../../src/check/overlap.js';
import type { PageModel } from '../../src/place/page-model.js';
import { issueDir } from '../helpers/issue-dir.js';

const issue = (dropCap: string) => `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    articles:
      - id: story
        headline: 老街区焕发新活力
${dropCap}        body: |-
          老街区的改造从一条步道开始。街道把临街的三十多个外摆摊位整体后移五米，在摊位和居民楼之间种了一排桂花树。
          半年下来，投诉降到每月十几件，夜市的营业额反倒比过去高了两成。
        frame: { columns: [1, 2], lines: [1, 30] }
`;
const pagesOf = (yaml: string) => composeIssue(join(issueDir({ 'issue.yaml': yaml }), 'issue.yaml')).pages;

/** The page with the copy's third line moved, glyphs and all, onto the grid cell and baseline of its second. */
function overprinted(pages: PageModel[]): PageModel[] {
  const copy = pages[0].articles[0].copy;
  const [, second, third] = copy.flatMap((b) => b.lines);
  third.cell = { ...second.cell! };
  for (const run of third.runs) run.baseline = second.runs[0].baseline;
  return pages;
}

describe('text printed over text', () => {
  it('is an error naming the page, the article and the cell', () => {
    const pages = overprinted(pagesOf(issue('')));
    const cell = pages[0].articles[0].copy.flatMap((b) => b.lines)[1].cell!;
    expect(overlapProblems(pages, 'issue.yaml')).toEqual([
      { severity: 'error', message: `page 1, article story: two lines of text printed on one grid cell (column ${cell.column} line ${cell.line})`, file: 'issue.yaml' },
    ]);
  });

  it('is not found on the page as built', () => {
    expect(overlapProblems(pagesOf(issue('')), 'issue.yaml')).toEqual([]);
  });

  it('is not a drop cap beside the first lines of its paragraph, on the cell of one of them', () => {
    const pages = pagesOf(issue('        drop_cap: 2\n'));
    const lines = pages[0].articles[0].copy.flatMap((b) => b.lines);
    const cells = lines.filter((l) => l.cell).map((l) => `${l.cell!.column}/${l.cell!.line}`);
    // The drop cap does share a cell with a line of its paragraph; their glyphs stand side by side.
    expect(new Set(cells).size).toBeLessThan(cells.length);
    expect(sharedCells(pages[0].articles[0].copy)).toEqual([]);
  });
});
