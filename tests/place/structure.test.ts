/**
 * Structure of the copy on the page: bylines and section headings of two lines, indents of
 * ideographic spaces, list items with a hanging marker, and photos in the order given.
 * Read from the page model of tests/fixtures/structure (tabloid: columns of 11 characters of 9 pt).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import type { PageGrid } from '../../src/layout/model.js';
import type { PageModel, PlacedArticle, TextBlock, TextLine } from '../../src/place/page-model.js';
import { issueDir } from '../helpers/issue-dir.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/structure/issue.yaml');
const EM = 9;

const lineText = (l: TextLine) => l.runs.flatMap((r) => r.glyphs.map((g) => g.text)).join('');
const glyphsOf = (l: TextLine) => l.runs.flatMap((r) => r.glyphs);
const article = (page: PageModel, id: string): PlacedArticle => page.articles.find((a) => a.id === id)!;
/** The copy block whose text starts with `start`. */
const blockStarting = (a: PlacedArticle, start: string): TextBlock => {
  const b = a.copy.find((bl) => lineText(bl.lines[0]).startsWith(start));
  if (!b) throw new Error(`no block starts with ${start}`);
  return b;
};
/** Left edge of the text column a line stands in. */
const columnX = (grid: PageGrid, l: TextLine) => grid.columnLeft(l.cell!.column);

let page: PageModel;
let grid: PageGrid;
beforeAll(() => {
  const composed = composeIssue(FIXTURE);
  page = composed.pages[0];
  grid = composed.layouts[0].grid;
});

describe('a byline of two lines', () => {
  it('sets each line on a line of its own, in the byline style, one block', () => {
    const bylines = article(page, 'bylines').copy.filter((b) => b.role === 'byline');
    expect(bylines).toHaveLength(1);
    expect(bylines[0].style).toBe('byline');
    expect(bylines[0].lines.map(lineText)).toEqual(['来源：新华社', '记者王某某通讯员李某']);
    const [a, b] = bylines[0].lines.map((l) => l.cell!);
    expect(b).toEqual({ column: a.column, line: a.line + 1 });
  });

  it('given as a | block, too', () => {
    const byline = article(page, 'lists').copy.find((b) => b.role === 'byline')!;
    expect(byline.lines.map(lineText)).toEqual(['□本报记者张三', '实习生李四']);
  });
});

describe('a section heading of two lines', () => {
  it('is one heading block of two lines, with no empty line between them', () => {
    const a = article(page, 'bylines');
    const headings = a.copy.filter((b) => b.role === 'section_heading');
    expect(headings.map((h) => h.lines.map(lineText))).toEqual([['产业链上的党建', '如何赋能高质量发展'], ['一行的小标题']]);
    const [first, second] = headings[0].lines.map((l) => l.cell!);
    expect(second.line - first.line).toBe(1);
    // The text goes on right under the heading.
    const next = a.copy[a.copy.indexOf(headings[0]) + 1];
    expect(next.role).toBe('paragraph');
    expect(next.lines[0].cell!.line).toBe(second.line + 1);
  });
});

describe('leading ideographic spaces', () => {
  it('give the first-line indent exactly; without them the style\'s 2 em stands', () => {
    const a = article(page, 'bylines');
    const indent = (start: string) => {
      const line = blockStarting(a, start).lines[0];
      return (glyphsOf(line)[0].x - columnX(grid, line)) / EM;
    };
    expect(indent('这一段在稿件')).toBeCloseTo(4, 6);
    expect(indent('这一段以一个')).toBeCloseTo(1, 6);
    expect(indent('这一段没有空格')).toBeCloseTo(2, 6);
    expect(indent('本文检验')).toBeCloseTo(2, 6);
  });
});

describe('list items', () => {
  const items = () => article(page, 'lists').copy.filter((b) => b.role === 'list_item');

  it('are blocks of their own role, one per item, and the paragraphs around them stay paragraphs', () => {
    const a = article(page, 'lists');
    expect(items().map((b) => lineText(b.lines[0]).slice(0, 3))).toEqual(['1．坚', '2．强', '3、加', '一、提', '二、突', '（一）', '(2)', '①第一', '■项目', '●另一', '•小圆']);
    expect(blockStarting(a, '会议提出').role).toBe('paragraph');
    expect(blockStarting(a, '普通段落').role).toBe('paragraph');
    expect(blockStarting(a, '1.5亿元').role).toBe('paragraph');
  });

  it('hang their marker at the column\'s edge, and every line of the text starts where the first line\'s text does', () => {
    for (const item of items()) {
      const [first, ...rest] = item.lines;
      const x0 = columnX(grid, first);
      const glyphs = glyphsOf(first);
      // The marker stands at the column's edge (an opening bracket's blank trimmed).
      expect(glyphs[0].x).toBeGreaterThanOrEqual(x0 - EM / 2 - 1e-6);
      expect(glyphs[0].x).toBeLessThanOrEqual(x0 + 1e-6);
      const marker = lineText(first).match(/^([0-9]+．|[0-9]+、|[一二]、|（一）|\(2\)|①|■|●|•)/)![1];
      const textX = glyphs[[...marker].length].x;
      const hang = (textX - x0) / EM;
      // Whole characters, so that the text keeps to the column's character grid.
      expect(hang).toBeCloseTo(Math.round(hang), 6);
      expect(hang).toBeGreaterThanOrEqual(1);
      for (const line of rest) {
        const g = glyphsOf(line)[0];
        // A wrapped line starts at the text's x (an opening mark may start ½ em into its cell).
        expect(g.x - columnX(grid, line)).toBeGreaterThanOrEqual(textX - x0 - EM / 2 - 1e-6);
        expect(g.x - columnX(grid, line)).toBeLessThanOrEqual(textX - x0 + 1e-6);
        expect(g.x).toBeGreaterThan(x0 + EM / 2);
      }
    }
  });

  it('typed with an indent of ideographic spaces before the marker (　　一、) are set as without it: the list has its own indent, the spaces print once — not at all', () => {
    const items = ['一、加强基层治理，推动资源向基层下沉，让群众办事更方便。', '1．坚持问题导向，聚焦群众反映强烈的突出问题。', '（一）总体要求。全面贯彻落实会议精神，确保任务落地。', '■要点：群众满意度明显提升，办事时间明显缩短。'];
    const set = (indent: string) => {
      const dir = issueDir({
        'issue.yaml': `paper: 测试日报\ndate: 2024-03-01\nlayout: tabloid\npages:\n  - number: 1\n    articles:\n      - id: a\n        body_file: copy.md\n        frame: { columns: [1, 1], lines: [1, 60] }\n`,
        'copy.md': ['会议提出以下要求。', ...items].map((t, i) => (i ? indent + t : t)).join('\n\n'),
      });
      const copy = composeIssue(join(dir, 'issue.yaml')).pages[0].articles[0].copy;
      return copy.map((b) => [b.role, ...b.lines.map((l) => glyphsOf(l).map((g) => `${g.text}@${(g.x / EM).toFixed(3)}`).join(' '))]);
    };
    const plain = set('');
    expect(plain.map(([role]) => role)).toEqual(['paragraph', 'list_item', 'list_item', 'list_item', 'list_item']);
    expect(set('　　')).toEqual(plain);
    expect(set('　')).toEqual(plain);
  });

  it('share one hang in a list: 1． and 2． set their text at the same x; 一、 2 em, （一） 3 em, ① 1 em', () => {
    const textX = (start: string) => {
      const line = items().find((b) => lineText(b.lines[0]).startsWith(start))!.lines[0];
      const glyphs = glyphsOf(line);
      return (glyphs[[...start].length].x - columnX(grid, line)) / EM;
    };
    expect(textX('1．')).toBeCloseTo(textX('2．'), 6);
    expect(textX('1．')).toBeCloseTo(2, 6);
    expect(textX('一、')).toBeCloseTo(2, 6);
    expect(textX('（一）')).toBeCloseTo(3, 6);
    expect(textX('①')).toBeCloseTo(1, 6);
    // ■ was spaced from its text in the copy: ¼ em at least, so a whole second character.
    expect(textX('■')).toBeCloseTo(2, 6);
  });

  it('keep the rules of composition: no line starts with a mark that may not, and lines are justified to the column', () => {
    const noStart = /^[、，。；：！？）》」』】”’·]/u;
    for (const item of items()) {
      for (const [i, line] of item.lines.entries()) {
        expect(lineText(line), lineText(item.lines[0])).not.toMatch(noStart);
        if (i < item.lines.length - 1) {
          const g = glyphsOf(line).at(-1)!;
          const right = columnX(grid, line) + grid.columnWidth;
          // The last glyph's cell ends at the column's right edge (a mark's trimmed blank hangs past it),
          // or short of it by less than half a character where no setting within the spacing limits reaches it.
          expect(g.x + g.advance * EM).toBeGreaterThanOrEqual(right - EM / 2);
          expect(g.x + g.advance * EM).toBeLessThanOrEqual(right + EM / 2 + 1e-6);
        }
      }
    }
  });

  it('keep a marker and its unspaced text one word (for ALTO), and a spaced one two', () => {
    const word = (start: string) => glyphsOf(items().find((b) => lineText(b.lines[0]).startsWith(start))!.lines[0]).map((g) => !!g.wordStart);
    expect(word('1．').slice(0, 3)).toEqual([true, false, false]);
    expect(word('■').slice(0, 2)).toEqual([true, true]);
  });
});

describe('photos of one article', () => {
  const compose = (slots: string, columns = '[1, 6]') => {
    const copy = Array.from({ length: 40 }, (_, i) => `第${i + 1}段，检验图片的顺序与位置。`).join('\n');
    const dir = issueDir({
      'issue.yaml': `paper: 测试日报
date: 2024-03-01
layout: tabloid
pages:
  - number: 2
    articles:
      - id: story
        headline: 图片文章
        body_file: copy.md
        frame: { columns: ${columns}, lines: [1, 80] }
        photos:
${slots}`,
      'copy.md': copy,
    });
    const { pages, layouts, diagnostics } = composeIssue(join(dir, 'issue.yaml'));
    const photos = pages[0].articles[0].photos;
    return { photos, grid: layouts[0].grid, diagnostics, captions: photos.map((p) => lineText(p.captions[0].lines[0])) };
  };

  it('side by side read left to right in the order given, the row at the top right of the body', () => {
    const { photos, grid, captions } = compose(`          - { columns: 2, lines: 10, caption: 第一张。 }
          - { columns: 2, lines: 10, caption: 第二张。 }
`);
    expect(captions).toEqual(['第一张。', '第二张。']);
    expect(photos.map((p) => p.area.columns)).toEqual([
      [3, 4],
      [5, 6],
    ]);
    expect(photos[0].rect.y).toBeCloseTo(photos[1].rect.y, 6);
    expect(photos[0].rect.x + photos[0].rect.width).toBeLessThan(photos[1].rect.x);
    expect(photos[1].rect.x + photos[1].rect.width).toBeCloseTo(grid.columnLeft(6) + grid.columnWidth, 6);
  });

  it('three in a row, and a single one still at the top right', () => {
    const three = compose(`          - { columns: 2, lines: 10, caption: 一。 }
          - { columns: 2, lines: 10, caption: 二。 }
          - { columns: 2, lines: 10, caption: 三。 }
`);
    expect(three.photos.map((p) => p.area.columns[0])).toEqual([1, 3, 5]);
    const one = compose(`          - { columns: 2, lines: 10, caption: 一。 }
`);
    expect(one.photos[0].area.columns).toEqual([5, 6]);
  });

  it('too wide to stand side by side, one above the other in the order given', () => {
    const { photos } = compose(`          - { columns: 4, lines: 10, caption: 第一张。 }
          - { columns: 4, lines: 10, caption: 第二张。 }
`);
    expect(photos.map((p) => p.area.columns)).toEqual([
      [3, 6],
      [3, 6],
    ]);
    expect(photos[0].area.lines[1]).toBeLessThan(photos[1].area.lines[0]);
  });

  it('leave a photo the editor placed where it is, and set the others around it in order', () => {
    const { photos, diagnostics } = compose(`          - { columns: 2, lines: 10, caption: 第一张。 }
          - { columns: 2, lines: 10, at: { column: 5, line: 20 }, caption: 定位的。 }
          - { columns: 2, lines: 10, caption: 第三张。 }
`);
    expect(diagnostics.filter((d) => d.severity !== 'warning' || /photo/.test(d.message))).toEqual([]);
    expect(photos[1].area).toMatchObject({ columns: [5, 6], lines: [20, 30] }); // 10 lines of picture, a caption line
    const [first, , third] = photos.map((p) => p.area);
    expect(first.lines[0] < third.lines[0] || (first.lines[0] === third.lines[0] && first.columns[0] < third.columns[0])).toBe(true);
  });
});
