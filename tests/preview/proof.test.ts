/** The proof's empty lines agree with placement's count of them; its frame labels show where a story jumps. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { covers } from '../../src/place/grid-area.js';
import type { PlacedArticle } from '../../src/place/page-model.js';
import { emptyCells, frameLabel } from '../../src/preview/proof.js';
import { issueDir } from '../helpers/issue-dir.js';

/** Each article's empty lines as placement counts them and as the proof shades them; every shaded cell checked against what stands on the page. */
function shadedLines(yaml: string): { id: string; emptyLines: number; shaded: number; headlineStyles: string[] }[] {
  const { pages, layouts } = composeIssue(join(issueDir({ 'issue.yaml': yaml }), 'issue.yaml'));
  const grid = layouts[0].grid;
  return pages[0].articles.map((a) => {
    const shaded = emptyCells(a, grid);
    for (const cell of a.emptyCells) expectFree(a, cell.column, cell.line);
    expect(shaded).toEqual(a.emptyCells.map((c) => grid.rect(c.column, c.column, c.line, c.line)));
    const headlineStyles = (a.headline?.blocks ?? []).filter((b) => b.role === 'headline').map((b) => b.style);
    return { id: a.id, emptyLines: a.fit.emptyLines, shaded: shaded.length, headlineStyles };
  });
}

/** An empty cell lies in the frame and holds nothing: no headline block, photo or caption, line of copy, or a boxed frame's white line. */
function expectFree(a: PlacedArticle, column: number, line: number): void {
  const where = `${a.id} c${column} l${line}`;
  const frame = a.frames.find((f) => covers(f.area, column, line));
  expect(frame, where).toBeDefined();
  if (a.box.length) expect(line > frame!.area.lines[0] && line < frame!.area.lines[1], where).toBe(true);
  expect(a.headline && covers(a.headline.area, column, line), where).toBeFalsy();
  expect(a.photos.some((p) => covers(p.area, column, line)), where).toBe(false);
  expect(a.copy.some((b) => b.lines.some((l) => l.cell?.column === column && l.cell.line === line)), where).toBe(false);
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

  it('shades the same lines placement counts at every headline level, beside a photo', () => {
    const level = (n: number) => story(`level-${n}`, `{ columns: [${2 * n - 1}, ${2 * n}], lines: [1, 40] }`, `\n        headline_level: ${n}\n        photos:\n          - { columns: 1, lines: 6, caption: 图片说明。 }`);
    const fits = shadedLines(`paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    articles:${level(1)}${level(2)}${level(3)}
`);
    expect(fits.map((f) => f.headlineStyles)).toEqual([['headline'], ['headline_2'], ['headline_3']]);
    for (const f of fits) {
      expect(f.emptyLines, f.id).toBeGreaterThan(0);
      expect(f.shaded, f.id).toBe(f.emptyLines);
    }
  });

  it('shades nothing on the sample page, where every story fits exactly', () => {
    const sample = fileURLToPath(new URL('../../issues/hongyan-weekly/issue.yaml', import.meta.url));
    const { pages, layouts } = composeIssue(sample);
    expect(pages[0].articles.flatMap((a) => emptyCells(a, layouts[0].grid))).toEqual([]);
  });
});

describe('frame labels in the proof', () => {
  it('show the pages a story that jumps goes on to and comes from', () => {
    const yaml = `paper: 测试晚报
date: 2024-10-18
layout: tabloid
pages:
  - number: 1
    articles:
${story('lead', `\n          - { columns: [1, 2], lines: [1, 12] }\n          - { page: 4, columns: [1, 2], lines: [1, 20] }`)}
  - number: 4
    articles:${story('own', '{ columns: [3, 6], lines: [1, 30] }')}
`;
    const { pages } = composeIssue(join(issueDir({ 'issue.yaml': yaml }), 'issue.yaml'));
    expect(pages.map((p) => p.articles.map(frameLabel))).toEqual([['lead → p4'], ['own', 'p1 → lead']]);
  });
});
