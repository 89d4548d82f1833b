/**
 * Verse in body copy: a `::: verse` block sets each line of the copy as a line of verse (the
 * layout's `verse` style: 2 em in, turnover 2 em deeper), typed one a line or with blank lines
 * between; a line wider than the column turns over with a hanging indent, and the build says so
 * at its copy line. Read back from the page model and the PDF.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { checkFile } from '../../src/check/check.js';
import { buildIssue } from '../helpers/build.js';
import { extractText } from '../helpers/extract-text.js';
import { issueDir } from '../helpers/issue-dir.js';

const ISSUE = `paper: 测试日报
date: 2024-03-01
layout: tabloid
pages:
  - number: 2
    articles:
      - id: poem
        headline: 石阶
        headline_level: 3
        body_file: poem.md
        frame: { columns: [1, 1], lines: [1, 40] }
`;

const POEM = `下面这首诗写的是老城的黄昏。
::: verse
床前明月光，
江水从朝天门流过，带走了码头上最后一声汽笛，

我站在石阶上，数着对岸渐次亮起的灯火。
:::
诗后的段落照常缩进两字排。
`;

describe('verse in body copy', () => {
  const dir = issueDir({ 'issue.yaml': ISSUE, 'poem.md': POEM });
  const { pages, layouts, diagnostics } = composeIssue(join(dir, 'issue.yaml'));
  const grid = layouts[0].grid;
  const blocks = pages[0].articles[0].copy.filter((b) => b.role === 'paragraph');
  const text = (line: (typeof blocks)[number]['lines'][number]) => line.runs.flatMap((r) => r.glyphs.map((g) => g.text)).join('');
  const x = (line: (typeof blocks)[number]['lines'][number]) => (line.runs[0].glyphs[0].x - grid.columnLeft(1)) / 9;

  it('sets each line of the block as a line of verse, whether blank lines part them or not', () => {
    expect(blocks.map((b) => b.style)).toEqual(['body', 'verse', 'verse', 'verse', 'body']);
    expect(blocks.map((b) => b.lines.map(text))).toEqual([
      ['下面这首诗写的是老', '城的黄昏。'],
      ['床前明月光，'],
      ['江水从朝天门流过，', '带走了码头上', '最后一声汽笛，'],
      ['我站在石阶上，', '数着对岸渐次', '亮起的灯火。'],
      ['诗后的段落照常缩进', '两字排。'],
    ]);
  });

  it('starts a line of verse 2 em in and hangs its turnovers 4 em in, where prose goes on at the column edge', () => {
    for (const b of blocks.slice(1, 4)) {
      expect(x(b.lines[0])).toBeCloseTo(2, 6);
      for (const l of b.lines.slice(1)) expect(x(l)).toBeCloseTo(4, 6);
    }
    expect(x(blocks[0].lines[1])).toBeCloseTo(0, 6);
  });

  it('warns, at its line of the copy, of each line of verse turned over, and of no other', () => {
    const said = diagnostics.filter((d) => d.message.includes('verse')).map((d) => `${d.severity} ${d.file?.replace(dir, '')}:${d.line}: ${d.message}`);
    expect(said).toEqual([
      'warning /poem.md:4: the line of verse "江水从朝天门流过，带走了…" is wider than the column and is turned over (江水从朝天门流过， / 带走了码头上 / 最后一声汽笛，), its turnovers indented 4 em',
      'warning /poem.md:6: the line of verse "我站在石阶上，数着对岸渐…" is wider than the column and is turned over (我站在石阶上， / 数着对岸渐次 / 亮起的灯火。), its turnovers indented 4 em',
    ]);
  });

  it('reads back from the PDF in the order of the copy, and `check` finds no lone or near-empty line in it', async () => {
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    expect((await extractText(result.pdf!)).replace(/\s/g, '')).toContain(POEM.replace(/:::.*|\s/g, ''));
    const { typography: t } = await checkFile(join(dir, 'issue.yaml'));
    expect([t.loneLines.count, t.nearEmptyLines.count, t.orphans.count, t.shortLines.count]).toEqual([0, 0, 0, 0]);
    expect([t.kinsoku.lineStart, t.kinsoku.lineEnd]).toEqual([0, 0]);
  });
});
