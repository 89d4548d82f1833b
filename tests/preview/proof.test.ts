/** The proof's empty lines agree with placement's count of them. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { emptyCells } from '../../src/preview/proof.js';
import { issueDir } from '../helpers/issue-dir.js';

function shadedLines(yaml: string): { id: string; emptyLines: number; shaded: number }[] {
  const { pages, layouts } = composeIssue(join(issueDir({ 'issue.yaml': yaml }), 'issue.yaml'));
  return pages[0].fits.map((f) => ({ id: f.id, emptyLines: f.emptyLines, shaded: emptyCells(pages[0], layouts[0].grid, f).length }));
}

const story = (id: string, frame: string, extra = '') => `
      - id: ${id}
        headline: 测试标题
        frame: ${frame}${extra}
        body: |
          第一段正文，用来检验排版，看看空行是否标出。
          ## 小标题
          第二段正文。`;

describe('empty lines in the proof', () => {
  it('shades the lines a short text leaves, plain, boxed and in a stepped frame', () => {
    const fits = shadedLines(`paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    articles:${story('plain', '{ columns: [1, 2], lines: [1, 20] }')}${story('boxed', '{ columns: [3, 4], lines: [1, 20] }', '\n        box: true')}${story('stepped', '[{ columns: [1, 3], lines: [30, 40] }, { columns: [4, 6], lines: [30, 45] }]')}
`);
    for (const f of fits) {
      expect(f.emptyLines, f.id).toBeGreaterThan(0);
      expect(f.shaded, f.id).toBe(f.emptyLines);
    }
  });

  it('shades nothing on the sample page, where every story fits exactly', () => {
    const sample = fileURLToPath(new URL('../../issues/hongyan-weekly/issue.yaml', import.meta.url));
    const { pages, layouts } = composeIssue(sample);
    expect(pages[0].fits.flatMap((f) => emptyCells(pages[0], layouts[0].grid, f))).toEqual([]);
  });
});
