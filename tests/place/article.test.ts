import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { buildIssue } from '../helpers/build.js';
import { InputError } from '../../src/diagnostics.js';
import { boxesOf, photosOf, runsOf } from '../helpers/page-model.js';
import { issueDir } from '../helpers/issue-dir.js';

const copy = Array.from({ length: 30 }, (_, i) => `第${i + 1}段，检验框内文字、标题与图片的位置是否正确。`).join('\n');
const page = (articles: string) => `paper: 测试日报
date: 2024-03-01
layout: tabloid
pages:
  - number: 2
    articles:
${articles}`;

function compose(articles: string, files: Record<string, string> = {}) {
  const dir = issueDir({ 'issue.yaml': page(articles), 'copy.md': copy, ...files });
  return composeIssue(join(dir, 'issue.yaml'));
}

describe('boxed articles', () => {
  it('set whole characters inside the rule, in every rectangle of an L-shaped frame', () => {
    const { pages } = compose(`      - id: boxed
        body_file: copy.md
        box: true
        frame:
          - { columns: [1, 4], lines: [1, 20] }
          - { columns: [1, 2], lines: [21, 60] }
`);
    const rules = boxesOf(pages[0]);
    const body = runsOf(pages[0], 'paragraph');
    expect(body.length).toBeGreaterThan(20);
    for (const run of body) {
      const left = run.glyphs[0].x;
      const right = run.glyphs[run.glyphs.length - 1].x + run.size;
      const box = rules.find((r) => run.baseline > r.rect.y && run.baseline < r.rect.y + r.rect.height)!;
      expect(box, 'every line lies in a box').toBeDefined();
      expect(left).toBeGreaterThanOrEqual(box.rect.x + 9 - 4.6); // inset 1 em, less a trimmed opening mark
      expect(right).toBeLessThanOrEqual(box.rect.x + box.rect.width - 9 + 4.6);
    }
    // 11-character columns less the inset come to 10 whole characters: plain lines need no spreading.
    const widths = new Set(body.map((r) => r.glyphs.length));
    expect(Math.max(...widths)).toBeLessThanOrEqual(11);
  });
});

describe('photos in boxes', () => {
  it('keep within the rule\'s inset, as the text does', () => {
    const { pages } = compose(`      - id: boxed
        body_file: copy.md
        box: true
        frame: { columns: [1, 4], lines: [1, 60] }
        photos:
          - { columns: 2, lines: 10, at: { column: 3, line: 2 }, caption: 框内图片。 }
`);
    const box = boxesOf(pages[0])[0];
    const pic = photosOf(pages[0])[0];
    if (!box || !pic) throw new Error('no box or picture');
    expect(pic.rect.x + pic.rect.width).toBeLessThanOrEqual(box.rect.x + box.rect.width - 9 + 1e-6);
    const caption = runsOf(pages[0], 'caption')[0];
    expect(caption.glyphs[0].x).toBeGreaterThanOrEqual(pic.rect.x - 1e-6);
  });
});

describe('headline blocks', () => {
  it('are an error when the frame is too short for them', () => {
    expect(() => compose(`      - id: tall
        headline: 一个很长很长的标题需要好几行才能排下
        body: 正文。
        frame: { columns: [1, 1], lines: [1, 3] }
`)).toThrow(/the headline block needs \d+ lines; the frame has 3/);
  });
});

describe('a line break in a headline', () => {
  it('breaks the headline there, each line centred on its own', () => {
    const { pages } = compose(`      - id: broken
        headline: "产业链上的\\n“党建赋能”"
        body: 正文。
        frame: { columns: [1, 6], lines: [1, 30] }
`);
    const lines = runsOf(pages[0], 'headline');
    expect(lines.map((r) => r.glyphs.map((g) => g.text).join(''))).toEqual(['产业链上的', '“党建赋能”']);
    expect(lines[1].baseline).toBeGreaterThan(lines[0].baseline);
    // Centred: the same white either side of each line.
    const page = pages[0];
    for (const run of lines) {
      const left = run.glyphs[0].x;
      const last = run.glyphs[run.glyphs.length - 1];
      const right = last.x + last.advance * run.size;
      expect(Math.abs(left - (page.width - right))).toBeLessThan(run.size);
    }
  });
});

describe('headline_lines', () => {
  it('is an error when the headline is taller than the lines it gives', () => {
    expect(() => compose(`      - id: short
        headline: 标题
        headline_lines: 1
        body: 正文。
        frame: { columns: [1, 6], lines: [1, 20] }
`)).toThrow(/the headline is \d+ lines tall; headline_lines gives 1/);
  });
});

describe('automatic placement', () => {
  it('uses the free space above an article with a frame', () => {
    const { pages } = compose(`      - id: fixed
        body: 固定位置的文章。
        frame: { columns: [1, 6], lines: [60, 86] }
      - id: auto
        headline: 自动文章
        body_file: copy.md
`);
    const auto = pages[0].articles.find((a) => a.id === 'auto')!.fit;
    expect(auto.frame[0].lines[0]).toBe(1);
    expect(auto.frame[0].lines[1]).toBeLessThan(59);
    expect(auto.overflowLines).toBe(0);
  });
});

describe('photos', () => {
  it('default to the top right of the body, under the headline', () => {
    const { pages, layouts } = compose(`      - id: story
        headline: 图片文章
        body_file: copy.md
        frame: { columns: [1, 6], lines: [1, 60] }
        photos:
          - { columns: 2, lines: 10, caption: 图片说明。 }
`);
    const grid = layouts[0].grid;
    const pic = photosOf(pages[0])[0];
    const head = runsOf(pages[0], 'headline')[0];
    expect(pic.rect.x).toBeCloseTo(grid.columnLeft(5), 6);
    expect(pic.rect.x + pic.rect.width).toBeCloseTo(grid.columnLeft(6) + grid.columnWidth, 6);
    expect(pic.rect.y).toBeGreaterThan(head.baseline);
    expect(runsOf(pages[0], 'caption')[0].baseline).toBeGreaterThan(pic.rect.y + pic.rect.height);
    expect(pic.file).toBeUndefined();
  });

  it('warns about an unreadable image and shows a placeholder instead', async () => {
    const dir = issueDir({
      'issue.yaml': page(`      - id: story
        body_file: copy.md
        frame: { columns: [1, 6], lines: [1, 60] }
        photos:
          - { file: broken.jpg, columns: 2, lines: 10, at: { column: 5, line: 1 } }
`),
      'copy.md': copy,
    });
    writeFileSync(join(dir, 'broken.jpg'), 'not a JPEG at all');
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    expect(result.pdf).toBeDefined();
    const warning = result.diagnostics.find((d) => /broken\.jpg cannot be read as an image.*placeholder/.test(d.message));
    expect(warning).toMatchObject({ severity: 'warning', line: 11, field: 'pages[0].articles[0].photos[0].file' });
  });
});

describe('dates', () => {
  it('are checked, not rolled over', () => {
    const dir = issueDir({ 'issue.yaml': page('      - id: a\n        body: 正文。\n').replace('2024-03-01', '2024-02-30'), 'copy.md': copy });
    try {
      composeIssue(join(dir, 'issue.yaml'));
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).diagnostics[0]).toMatchObject({ message: '2024-02-30 is not a date', line: 2 });
    }
  });
});
