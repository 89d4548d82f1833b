import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { pageFits } from '../../src/place/page-model.js';
import { issueDir } from '../helpers/issue-dir.js';

const para = (n: number) => Array.from({ length: n }, (_, i) => `第${i + 1}段文字，用来检验自动排版的文章如何在版面上自上而下地堆叠，并且在各栏之间保持平衡。`).join('\n');

describe('articles without a frame', () => {
  const dir = issueDir({
    'issue.yaml': `paper: 测试日报
date: 2024-03-01
layout: tabloid
pages:
  - number: 2
    articles:
      - id: top
        headline: 通栏文章
        body_file: top.md
      - id: left
        columns: 3
        headline: 左边文章
        body_file: left.md
      - id: right
        columns: 3
        headline: 右边文章
        body_file: right.md
`,
    'top.md': para(12),
    'left.md': para(6),
    'right.md': para(4),
  });
  const { pages } = composeIssue(join(dir, 'issue.yaml'));
  const fits = pageFits(pages[0]);

  it('stack down the grid, each at the highest free place across its columns', () => {
    const [top, left, right] = fits.map((f) => f.frame[0]);
    expect(top.columns).toEqual([1, 6]);
    expect(left.columns).toEqual([1, 3]);
    expect(right.columns).toEqual([4, 6]);
    expect(left.lines[0]).toBe(top.lines[1] + 2); // one empty grid line between stories
    expect(right.lines[0]).toBe(left.lines[0]);
  });

  it('are as tall as their text needs, balanced across their columns', () => {
    for (const f of fits) {
      expect(f.overflowLines, f.id).toBe(0);
      const columns = f.frame[0].columns[1] - f.frame[0].columns[0] + 1;
      expect(f.emptyLines, f.id).toBeLessThan(columns);
    }
  });
});
