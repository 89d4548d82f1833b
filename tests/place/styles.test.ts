/**
 * Paragraph and character styles on the page: an article's paragraph_style, ::: blocks of its
 * copy, **黑体** and [text]{.name} ranges — set in their faces, sizes and colours, read back from
 * the PDF in the order of the copy.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { InputError } from '../../src/diagnostics.js';
import { checkFile } from '../../src/check/check.js';
import { buildIssue } from '../helpers/build.js';
import { extractText } from '../helpers/extract-text.js';
import { issueDir } from '../helpers/issue-dir.js';
import type { PageModel, TextBlock } from '../../src/place/page-model.js';

const issue = (articles: string) => `paper: 测试日报
date: 2024-03-01
layout: tabloid
pages:
  - number: 2
    articles:
${articles}`;

const briefs = `::: brief
**小巨人又添4家**　本市又有4家企业入选第六批国家级专精特新“小巨人”企业名单，[涉及汽车零部件]{.red}、工业软件等领域。
**菜价总体平稳**　全市28种主要蔬菜平均批发价格为每公斤4.62元，[比上月]{.larger}同期略有下降。
:::
::: flush_right
（本报记者 唐晓溪）
:::
正文段落照常缩进两字。
`;

const ARTICLES = `      - id: briefs
        headline: 经济快讯
        headline_level: 3
        body_file: briefs.md
        frame: { columns: [1, 1], lines: [1, 40] }
      - id: essay
        headline: 巷口
        headline_level: 3
        paragraph_style: kai_body
        body: |
          我家楼下的巷子口，有一个修鞋的摊子。
        frame: { columns: [2, 3], lines: [1, 20] }
`;

const copyBlocks = (page: PageModel, id: string): TextBlock[] => page.articles.find((a) => a.id === id)!.copy;
const lineText = (b: TextBlock, i: number) => b.lines[i].runs.flatMap((r) => r.glyphs.map((g) => g.text)).join('');

describe('paragraph and character styles on the page', () => {
  const dir = issueDir({ 'issue.yaml': issue(ARTICLES), 'briefs.md': briefs });
  const { pages, layouts } = composeIssue(join(dir, 'issue.yaml'));
  const layout = layouts[0];
  const blocks = copyBlocks(pages[0], 'briefs');

  it('sets each block of the copy in its paragraph style, and an article in its own', () => {
    expect(blocks.map((b) => b.style)).toEqual(['brief', 'brief', 'flush_right', 'body']);
    const columnLeft = layout.grid.columnLeft(1);
    // Briefs start at the column's edge (no indent); the body paragraph 2 em in.
    expect(blocks[0].lines[0].runs[0].glyphs[0].x).toBeCloseTo(columnLeft, 6);
    expect(blocks[3].lines[0].runs[0].glyphs[0].x).toBeCloseTo(columnLeft + 2 * 9, 6);
    // Flush right: the closing bracket's ink ends on the column's right edge.
    const right = blocks[2].lines[0].runs.at(-1)!.glyphs.at(-1)!;
    expect(right.x + 0.5 * 9).toBeCloseTo(columnLeft + layout.grid.columnWidth, 6);
    const essay = copyBlocks(pages[0], 'essay')[0];
    expect(essay.style).toBe('kai_body');
    expect(essay.lines[0].runs[0].face).toBe(layout.styles.get('kai_body')!.face);
  });

  it('starts a run at every change of character style: 黑体 lead-in, colour, size', () => {
    const runs = blocks[0].lines[0].runs;
    expect(runs[0].face).toBe(layout.characterStyles.get('strong')!.face);
    expect(runs[0].glyphs.map((g) => g.text).join('')).toBe('小巨人又添4家');
    expect(runs[1].face).toBe(layout.styles.get('brief')!.face);
    const red = blocks[0].lines.flatMap((l) => l.runs).filter((r) => r.color[1] === 1);
    expect(red.flatMap((r) => r.glyphs.map((g) => g.text)).join('')).toBe('涉及汽车零部件');
    const larger = blocks[1].lines.flatMap((l) => l.runs).filter((r) => r.size > 9);
    expect(larger.map((r) => r.size)).toEqual(larger.map(() => 9 * 1.1667));
    expect(larger.flatMap((r) => r.glyphs.map((g) => g.text)).join('')).toBe('比上月');
    // Every line on the baseline grid, whatever the sizes on it.
    for (const b of blocks) for (const l of b.lines) for (const r of l.runs) expect(r.baseline).toBeCloseTo(layout.grid.baseline(l.cell!.line), 6);
    expect(lineText(blocks[0], 0).startsWith('小巨人又添4家')).toBe(true);
  });

  it('writes a PDF whose text reads as the copy without its markup, in order', async () => {
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    const text = (await extractText(result.pdf!)).replace(/\s/g, '');
    const expected = briefs.replace(/:::.*|\*\*|\[|\]\{\.\w+\}|\s/g, '');
    expect(text).toContain(expected);
    expect(text).not.toMatch(/\*|\{\./);
  });

  it('reads back from the PDF without a false finding: briefs without indent and lines a size up are measured as set', async () => {
    const { typography: t } = await checkFile(join(dir, 'issue.yaml'));
    expect(t.bodySize).toBe(9);
    // Each brief ends a paragraph where its 黑体 lead-in starts the next; a line with a larger range is one line.
    expect([t.shortLines.count, t.nearEmptyLines.count, t.loneLines.count]).toEqual([0, 0, 0]);
    expect([t.kinsoku.lineStart, t.kinsoku.lineEnd]).toEqual([0, 0]);
    expect(t.grid.onGrid).toBe(1);
  });

  it('breaks a line set flush right between credits, as a byline: never inside a role or between it and its name', () => {
    const dir = issueDir({
      'issue.yaml': issue(`      - id: weather
        body_file: weather.md
        frame: { columns: [1, 1], lines: [1, 10] }
`),
      'weather.md': '::: flush_right\n（本报记者 刘洋　实习生 陈晨）\n:::\n',
    });
    const [credit] = copyBlocks(composeIssue(join(dir, 'issue.yaml')).pages[0], 'weather');
    expect(credit.lines.map((_, i) => lineText(credit, i).replace(/\s/g, ''))).toEqual(['（本报记者刘洋', '实习生陈晨）']);
  });

  it('names a style the layout lacks, at the copy line or field that names it', () => {
    const bad = issueDir({
      'issue.yaml': issue(`      - id: a
        paragraph_style: boldface
        body_file: copy.md
        frame: { columns: [1, 2], lines: [1, 20] }
`),
      'copy.md': '第一段。\n::: briefs\n第二段。\n:::\n第三段[加粗]{.bold}。\n',
    });
    try {
      composeIssue(join(bad, 'issue.yaml'));
      expect.unreachable();
    } catch (e) {
      const found = (e as InputError).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file?.replace(bad, '')}:${d.line}: ${d.message}`);
      expect(found).toEqual([
        '/issue.yaml:8: no paragraph style "boldface" in layout tabloid',
        '/copy.md:3: no paragraph style "briefs" in layout tabloid',
        '/copy.md:5: no character style "bold" in layout tabloid (strong, red, larger)',
      ]);
    }
  });
});
