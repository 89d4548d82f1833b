/** Stories that jump between pages (转版): one copy threaded through frames on several pages, with jump lines set by paiban. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { InputError } from '../../src/diagnostics.js';
import { LAYOUTS_DIR } from '../../src/layout/load-layout.js';
import { chineseNumber, jumpText } from '../../src/place/jump.js';
import { articleBlocks, pageFits, type PageModel, type PlacedArticle, type TextBlock } from '../../src/place/page-model.js';
import { frameText } from '../../src/report/fit-report.js';
import { issueDir } from '../helpers/issue-dir.js';

const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => `第${i + 1}段，前三季度全市经济运行总体平稳，主要指标好于预期，稳中有进的态势更加明显。`);
const textOf = (blocks: readonly TextBlock[]) => blocks.flatMap((b) => b.lines.flatMap((l) => l.runs.flatMap((r) => r.glyphs.map((g) => g.text)))).join('');
const strip = (s: string) => s.replace(/\s/g, '');

/** A three-page tabloid edition whose lead story on page `from` goes on to page `to`. */
function edition(options: { paragraphs?: number; frame?: string; numbers?: [number, number, number]; jumps?: string } = {}) {
  const [a, b, c] = options.numbers ?? [1, 2, 3];
  const frame = options.frame ?? `
          - { columns: [1, 4], lines: [1, 30] }
          - { page: ${c}, columns: [1, 3], lines: [1, 30] }`;
  const yaml = `paper: 测试晚报
date: 2024-03-01
layout: ${options.jumps ? 'layout.yaml' : 'tabloid'}
pages:
  - number: ${a}
    section: 要闻
    articles:
      - id: lead
        headline: 全市经济稳中有进
        body_file: lead.md
        frame:${frame}
  - number: ${b}
    articles:
      - id: second
        headline: 第二版
        body: 第二版正文。
  - number: ${c}
    section: 经济
    articles:
      - id: third
        headline: 第三版
        body: 第三版正文。
        columns: 3
`;
  const files: Record<string, string> = { 'issue.yaml': yaml, 'lead.md': paragraphs(options.paragraphs ?? 30).join('\n') };
  // The tabloid layout with the jump settings given, its fonts where the project keeps them.
  if (options.jumps) files['layout.yaml'] = `${readFileSync(join(LAYOUTS_DIR, 'tabloid.yaml'), 'utf8').replaceAll('../fonts/', `${join(LAYOUTS_DIR, '..', 'fonts')}/`)}\njumps: ${options.jumps}\n`;
  const dir = issueDir(files);
  return composeIssue(join(dir, 'issue.yaml'));
}

const parts = (pages: readonly PageModel[], id: string) => pages.flatMap((p) => p.articles.filter((a) => a.id === id).map((a) => ({ page: p.number, a })));
const jumpLines = (a: PlacedArticle) => a.copy.filter((b) => b.role === 'jump_line').map((b) => strip(textOf([b])));

describe('jump-line wording', () => {
  it.each([
    [1, '一'], [3, '三'], [10, '十'], [12, '十二'], [20, '二十'], [36, '三十六'], [105, '一〇五'],
  ])('names page %i in Chinese numerals as %s', (n, cn) => expect(chineseNumber(n)).toBe(cn));

  it('fills in the page number, its numerals and its section', () => {
    expect(jumpText('（下转第{page}版）', { number: 3 })).toBe('（下转第3版）');
    expect(jumpText('（上接第{page_cn}版）', { number: 12 })).toBe('（上接第十二版）');
    expect(jumpText('（转{section}）', { number: 3, section: '经济' })).toBe('（转经济）');
    expect(jumpText('（转{section}）', { number: 3 })).toBe('（转3）');
  });
});

describe('a story that jumps', () => {
  it('flows its copy once, in order, through its frame on both pages, with jump lines naming the other page', () => {
    const { pages, layouts, diagnostics } = edition();
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [first, second] = parts(pages, 'lead');
    expect([first.page, second.page]).toEqual([1, 3]);
    expect(first.a.part).toEqual({ index: 0, count: 2, to: 3 });
    expect(second.a.part).toEqual({ index: 1, count: 2, from: 1 });
    expect(jumpLines(first.a)).toEqual(['（下转第3版）']);
    expect(jumpLines(second.a)).toEqual(['（上接第1版）']);
    // The copy, read part after part without the jump lines, is the copy file.
    const copy = [first.a, second.a].flatMap((a) => a.copy.filter((b) => b.role !== 'jump_line'));
    expect(strip(textOf(copy))).toBe(strip(paragraphs(30).join('')));
    // Both parts hold copy; 下转 closes the first part in its last column, 上接 opens the second in its first.
    const foot = first.a.copy.at(-1)!;
    expect(foot.role).toBe('jump_line');
    expect(foot.lines[0].cell).toEqual({ column: 4, line: 30 });
    const head = second.a.copy[0];
    expect(head.role).toBe('jump_line');
    expect(second.a.headline?.blocks.map((b) => [b.role, strip(textOf([b]))])).toEqual([['continuation_headline', '全市经济稳中有进']]);
    expect(head.lines[0].cell).toEqual({ column: 1, line: second.a.headline!.area.lines[1] + 1 });
    // Flush right in its column: the line ends at the column's right edge (its closing bracket's blank trimmed).
    const grid = layouts[2].grid;
    const run = head.lines[0].runs.at(-1)!;
    const end = run.glyphs.at(-1)!.x + run.glyphs.at(-1)!.advance * run.size;
    expect(end - run.size / 2).toBeCloseTo(grid.columnLeft(1) + grid.columnWidth, 1);
  });

  it('is reported once, with all its parts, and fits as a whole', () => {
    const { pages } = edition();
    const fits = pages.flatMap(pageFits);
    expect(fits.filter((f) => f.id === 'lead')).toHaveLength(1);
    const lead = fits.find((f) => f.id === 'lead')!;
    expect(frameText(lead)).toBe('c1-4 l1-30 → p3 c1-3 l1-30');
    expect(lead.overflowLines).toBe(0);
  });

  it('names the pages as they are numbered now: renumbered pages change every jump line', () => {
    const { pages } = edition({ numbers: [5, 6, 8] });
    const [first, second] = parts(pages, 'lead');
    expect(jumpLines(first.a)).toEqual(['（下转第8版）']);
    expect(jumpLines(second.a)).toEqual(['（上接第5版）']);
  });

  it('keeps the continued part clear of the page’s own stories', () => {
    const { pages } = edition();
    const third = pages[2].articles.find((a) => a.id === 'third')!;
    expect(third.frames[0].area.columns[0]).toBeGreaterThanOrEqual(4);
  });

  it('sets no jump line, and says so, when its text ends before the page it was to go on to', () => {
    const { pages, diagnostics } = edition({ paragraphs: 3 });
    const [first, second] = parts(pages, 'lead');
    expect(jumpLines(first.a)).toEqual([]);
    expect(jumpLines(second.a)).toEqual([]);
    expect(diagnostics.map((d) => d.message)).toContain('the text of article "lead" ends before its frame goes on to page 3: no jump line is set, and that part stays empty');
  });

  it('warns when a part holds fewer lines of copy than the layout asks, in the layout’s wording', () => {
    // 26 paragraphs leave 8 lines for page 3 (5, and 3 kept with the lines that would have stood alone).
    const { pages, diagnostics } = edition({ paragraphs: 26, jumps: '{ min_lines: 10, continued_to: "（转第{page_cn}版）", continued_from: "（接{section}）", continuation_headline: none }' });
    const [first, second] = parts(pages, 'lead');
    expect(jumpLines(first.a)).toEqual(['（转第三版）']);
    expect(jumpLines(second.a)).toEqual(['（接要闻）']);
    expect(second.a.headline).toBeUndefined();
    const lines = second.a.copy.filter((b) => b.role !== 'jump_line').reduce((n, b) => n + b.lines.length, 0);
    expect(lines).toBe(8);
    expect(diagnostics.map((d) => d.message)).toContain('the part of article "lead" on page 3 starts with 8 lines of copy; a part of a story that jumps holds at least 10');
  });

  it.each([
    ['a page the issue does not have', `\n          - { columns: [1, 4], lines: [1, 30] }\n          - { page: 9, columns: [1, 3], lines: [1, 30] }`, /frame goes on to page 9, which the issue does not have/],
    ['a first rectangle on another page', `\n          - { page: 3, columns: [1, 4], lines: [1, 30] }`, /a frame starts on its article's own page \(1\)/],
    ['a page it has left', `\n          - { columns: [1, 4], lines: [1, 30] }\n          - { page: 3, columns: [1, 3], lines: [1, 30] }\n          - { page: 1, columns: [5, 6], lines: [1, 30] }`, /frame comes back to page 1/],
    ['a rectangle outside the next page’s grid', `\n          - { columns: [1, 4], lines: [1, 30] }\n          - { page: 3, columns: [1, 3], lines: [80, 90] }`, /lies outside the 6×86 grid/],
  ])('is refused at its field when it goes on to %s', (_, frame, message) => {
    expect(() => edition({ frame })).toThrow(InputError);
    try {
      edition({ frame });
    } catch (e) {
      const d = (e as InputError).diagnostics.find((x) => x.severity === 'error')!;
      expect(d.message).toMatch(message);
      expect(d.file).toMatch(/issue\.yaml$/);
      expect(d.line).toBeGreaterThan(10);
    }
  });

  it('gives each part’s text blocks in reading order: continuation headline, 上接, copy', () => {
    const { pages } = edition();
    const [, second] = parts(pages, 'lead');
    expect(articleBlocks(second.a).map((b) => b.role).slice(0, 3)).toEqual(['continuation_headline', 'jump_line', 'paragraph']);
  });
});
