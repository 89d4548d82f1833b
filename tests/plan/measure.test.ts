import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildContext } from '../../src/context.js';
import { loadIssue } from '../../src/issue/load-issue.js';
import { layoutPath, loadLayout } from '../../src/layout/load-layout.js';
import { measureArticle } from '../../src/plan/measure.js';
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
