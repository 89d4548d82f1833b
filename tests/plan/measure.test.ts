import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildContext } from '../../src/context.js';
import { loadIssue } from '../../src/issue/load-issue.js';
import { layoutPath, loadLayout } from '../../src/layout/load-layout.js';
import { linesClash, measureArticle } from '../../src/plan/measure.js';
import { ArticleSetter, placeArticle } from '../../src/place/article.js';
import { DiagnosticList } from '../../src/diagnostics.js';
import { issueDir } from '../helpers/issue-dir.js';

const issue = (elastic: string) => `paper: 测试日报
date: 2024-03-01
layout: broadsheet
pages:
  - number: 1
    articles:
      - id: story
        headline: 城市更新让老街区焕发新活力
${elastic}        body: 老街区的改造从一条步道开始。
`;

describe('measuring an article for plan', () => {
  const measure = (text: string) => {
    const file = join(issueDir({ 'issue.yaml': text }), 'issue.yaml');
    const context = new BuildContext();
    const { issue: loaded } = loadIssue(file);
    const layout = loadLayout(context, layoutPath('broadsheet', loaded.dir));
    return measureArticle(context, loaded.pages[0].articles[0], layout, 1, loaded.locate);
  };

  it('counts the lines a headline set in two lines instead of one adds, where its elastic allows it', () => {
    const given = measure(issue(''));
    const giving = measure(issue('        elastic: { headline_lines: [1, 2] }\n'));
    expect(given.headGrowth(8)).toBe(0);
    expect(giving.head(8)).toBe(given.head(8));
    // Across the page the headline stands in one line; a second of its size takes several grid lines.
    expect(giving.headGrowth(8)).toBeGreaterThan(1);
  });
});

describe('measuring a story with tables across columns for plan', () => {
  // The lead of bench/makeup-tables: a statistical release whose two tables go across columns on the tabloid.
  const file = join(import.meta.dirname, '../../bench/makeup-tables/issue.yaml');
  const context = new BuildContext();
  const { issue: loaded } = loadIssue(file);
  const layout = loadLayout(context, layoutPath('tabloid', loaded.dir));
  const [release] = loaded.pages[0].articles;
  const m = measureArticle(context, release, layout, 1, loaded.locate);
  const setter = new ArticleSetter(context, release, layout, loaded.locate);
  const setIn = (columns: number, lines: number) =>
    placeArticle(setter, [{ page: { index: 0, number: 3 }, grid: layout.grid, areas: [{ columns: [1, columns], lines: [1, lines] }] }], new DiagnosticList(), false).placed[0];

  it('measures it as it is set in a frame of each width: the measured depth holds it, a line less does not (overset, or a table set over the one before), and the lines it leaves empty are those measured', () => {
    for (let w = 2; w <= layout.grid.columns; w++) {
      const copy = m.copy(w);
      expect(copy.spanned, `${w} columns`).toBe(true);
      const depth = copy.natural / w;
      expect(Number.isInteger(depth)).toBe(true);
      const set = setIn(w, m.head(w) + depth);
      expect([set.fit.overflowLines, set.fit.emptyLines, linesClash(set.copy)], `${w} columns`).toEqual([0, copy.empty, false]);
      const shallower = setIn(w, m.head(w) + depth - 1);
      expect(shallower.fit.overflowLines > 0 || linesClash(shallower.copy), `${w} columns`).toBe(true);
    }
  });

  it('measures the tables in one column where the frame has one, and across columns they take fewer cells than set in one', () => {
    expect(m.copy(1).spanned).toBe(false);
    expect(m.copy(2).natural).toBeLessThan(m.copy(1).natural);
    // A stepped frame whose widest side has one column sets the tables in one column too.
    expect(m.copy(4, 1)).toEqual(m.copy(1));
  });
});

describe('measuring photos for plan', () => {
  const photoIssue = (beside: string) => `paper: 测试日报
date: 2024-03-01
layout: broadsheet
pages:
  - number: 1
    articles:
      - id: story
        headline: 江边的清晨
        body: 老街区的改造从一条步道开始。
        frame: { columns: [1, 4], lines: [1, 60] }
        photos:
          - { columns: 3, lines: 12, caption: 江边的清晨，早起的市民在步道上晨练，远处大桥若隐若现。, credit: 本报记者 张三 摄${beside} }
          - { columns: 2, lines: 10, at: { column: 5, line: 30 }, across: true }
`;
  const measure = (text: string) => {
    const file = join(issueDir({ 'issue.yaml': text }), 'issue.yaml');
    const context = new BuildContext();
    const { issue: loaded } = loadIssue(file);
    const layout = loadLayout(context, layoutPath('broadsheet', loaded.dir));
    return measureArticle(context, loaded.pages[0].articles[0], layout, 1, loaded.locate);
  };

  it('counts a caption beside the picture in the slot\'s columns, not as lines under it, and a photo across frames not at all', () => {
    // Beside: the slot's 3 columns × (12 lines and the line under it); the photo across frames is the page's, not the frame's.
    expect(measure(photoIssue(', caption_beside: { side: right, columns: 1 }')).photos(4)).toEqual({ least: 3 * 13, most: 3 * 13 });
    const under = measure(photoIssue('')).photos(4)!;
    expect(under.least).toBeGreaterThan(3 * 13);
  });
});
