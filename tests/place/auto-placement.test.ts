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

describe('an automatic frame whose least height leaves a line alone', () => {
  // Set flush left, no paragraph has a setting a line longer or shorter (as copy set ragged before
  // URLs and long figures has none): 3 + 5 lines of 11 characters (2 of indent on the first) need 4
  // lines of 2 columns, where the second paragraph's first line stands alone at the foot of column 1,
  // and keeping it with its paragraph there would lose 2 lines.
  const han = (n: number, from: number) => Array.from({ length: n }, (_, i) => '排版测试文字段落栏目编辑校对印刷'[(from + i) % 16]).join('');
  const dir = issueDir({
    'flush.yaml': `extends: tabloid
name: flush
styles:
  flush_body: { font: song, size: 9pt, indent: 2, align: left }
`,
    'issue.yaml': `paper: 测试日报
date: 2024-03-01
layout: flush.yaml
pages:
  - number: 2
    articles:
      - id: story
        columns: 2
        paragraph_style: flush_body
        body_file: story.md
`,
    'story.md': `${han(31, 0)}\n\n${han(53, 5)}`,
  });
  const { pages, diagnostics } = composeIssue(join(dir, 'issue.yaml'));
  const [fit] = pageFits(pages[0]);

  it('is made a line deeper: the paragraph starts with two lines at the foot of column 1, column 2 stands two lines short', () => {
    expect(diagnostics.filter((d) => /stands alone|empty/.test(d.message))).toEqual([]);
    expect(fit.frame[0]).toEqual({ page: 2, columns: [1, 2], lines: [1, 5] });
    expect([fit.linesSet, fit.emptyLines, fit.overflowLines]).toEqual([8, 2, 0]);
    const [first, second] = pages[0].articles[0].copy;
    expect(first.lines.map((l) => l.cell)).toEqual([1, 2, 3].map((line) => ({ column: 1, line })));
    expect(second.lines.map((l) => l.cell)).toEqual([...[4, 5].map((line) => ({ column: 1, line })), ...[1, 2, 3].map((line) => ({ column: 2, line }))]);
  });
});
