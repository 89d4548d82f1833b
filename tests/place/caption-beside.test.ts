/** A caption set in a column of its own beside the picture (caption_beside), not under it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { altoXml } from '../../src/archive/alto.js';
import type { PageGrid } from '../../src/layout/model.js';
import type { PageModel, Photo, TextLine } from '../../src/place/page-model.js';
import { issueDir } from '../helpers/issue-dir.js';

const copy = readFileSync(join(fileURLToPath(new URL('../../issues/evening-edition/', import.meta.url)), 'feature.md'), 'utf8');
const CAPTION = '江边的清晨，早起的市民在步道上晨练，远处大桥若隐若现。';

const issue = (photo: string) => `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    running_head: false
    articles:
      - id: story
        headline: 江边的清晨
        headline_level: 2
        frame: { columns: [1, 5], lines: [1, 60] }
        body_file: feature.md
        photos:
          - ${photo}
`;

function compose(photo: string) {
  const dir = issueDir({ 'issue.yaml': issue(photo), 'feature.md': copy });
  return composeIssue(join(dir, 'issue.yaml'));
}
function pageOf(photo: string): { page: PageModel; grid: PageGrid } {
  const { pages, layouts } = compose(photo);
  return { page: pages[0], grid: layouts[0].grid };
}
const baseline = (l: TextLine) => l.runs[0].baseline;
const left = (l: TextLine) => Math.min(...l.runs.map((r) => r.glyphs[0].x));
const right = (l: TextLine) => Math.max(...l.runs.map((r) => r.glyphs.at(-1)!.x + r.glyphs.at(-1)!.advance * r.size));
const captionLines = (p: Photo) => p.captions.flatMap((b) => b.lines);

describe('a caption beside its photo', () => {
  it('on the right, stands in the slot\'s last column with its credit, its last line on the picture\'s foot', () => {
    const { page, grid } = pageOf(`{ columns: 4, lines: 16, at: { column: 2, line: 8 }, caption: ${CAPTION}, credit: 本报记者 张三 摄, caption_beside: { side: right } }`);
    const photo = page.articles[0].photos[0];
    expect(photo.captions.map((b) => b.role)).toEqual(['caption', 'credit']);
    expect(photo.area).toEqual({ columns: [2, 5], lines: [8, 23] });
    // The picture takes columns 2–4 and no lines under it for the caption.
    const column = (c: number) => grid.columnLeft(c);
    expect(photo.rect.x).toBeCloseTo(column(2), 1);
    expect(photo.rect.x + photo.rect.width).toBeCloseTo(column(4) + grid.columnWidth, 1);
    expect(photo.rect.y + photo.rect.height).toBeCloseTo(grid.lineTop(23) + grid.bodySize, 1);
    const lines = captionLines(photo);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) {
      expect(left(l)).toBeGreaterThanOrEqual(column(5) - 0.01);
      expect(right(l)).toBeLessThanOrEqual(column(5) + grid.columnWidth + 0.01);
    }
    // Bottom-aligned: the credit's line is the picture's last grid line, flush right in its column.
    expect(baseline(lines.at(-1)!)).toBeCloseTo(grid.baseline(23), 2);
    expect(right(photo.captions[1].lines[0])).toBeCloseTo(column(5) + grid.columnWidth, 0);
    // Each line one grid line below the one before.
    lines.slice(1).forEach((l, k) => expect(baseline(l) - baseline(lines[k])).toBeCloseTo(grid.pitch, 2));
    // Every character of the caption is set.
    expect(photo.captions[0].lines.flatMap((l) => l.runs.flatMap((r) => r.glyphs.map((g) => g.text))).join('')).toBe(CAPTION);
  });

  it('on the left, top-aligned, stands level with the picture\'s top, the body kept a line off it above', () => {
    const { page, grid } = pageOf(`{ columns: 3, lines: 12, at: { column: 1, line: 30 }, caption: ${CAPTION}, credit: 本报记者 张三 摄, caption_beside: { side: left, align: top } }`);
    const article = page.articles[0];
    const photo = article.photos[0];
    expect(photo.area).toEqual({ columns: [1, 3], lines: [30, 41] });
    const lines = captionLines(photo);
    expect(baseline(lines[0])).toBeCloseTo(grid.baseline(30), 2);
    expect(right(lines[0])).toBeLessThan(photo.rect.x - grid.gutter + 0.01);
    const copyCells = article.copy.flatMap((b) => b.lines.map((l) => l.cell!));
    expect(copyCells.filter((c) => c.column === 1 && c.line >= 29 && c.line <= 42)).toEqual([]);
    // The picture's columns are taken only where the picture is: the body stands on line 29 above it.
    expect(copyCells.some((c) => c.column === 2 && c.line === 29)).toBe(true);
  });

  it('is read as a caption after the copy in ALTO', () => {
    const { page } = pageOf(`{ columns: 4, lines: 16, at: { column: 2, line: 8 }, caption: ${CAPTION}, credit: 本报记者 张三 摄, caption_beside: { side: right } }`);
    const xml = altoXml(page, { pdfName: 'x.pdf', index: 1 });
    const words = [...xml.matchAll(/CONTENT="([^"]*)"/g)].map((m) => m[1]).join('');
    expect(words.endsWith(`${CAPTION}本报记者张三摄`.replaceAll(' ', ''))).toBe(true);
  });

  it('longer than the picture is tall is an error naming the field', () => {
    expect(() => compose(`{ columns: 3, lines: 2, at: { column: 1, line: 30 }, caption: ${CAPTION}, caption_beside: { side: left } }`)).toThrow(
      /issue\.yaml:14:\d+: error: the caption beside the photo takes 3 lines in its 1 column, more than the picture's 2: .*\(pages\[0\]\.articles\[0\]\.photos\[0\]\.caption_beside\)/,
    );
  });

  it('taking every column of the slot is an error naming the field', () => {
    expect(() => compose(`{ columns: 2, lines: 12, caption: ${CAPTION}, caption_beside: { side: left, columns: 2 } }`)).toThrow(
      /issue\.yaml:14:\d+: error: the caption beside the photo takes 2 columns of its 2, and leaves none for the picture \(pages\[0\]\.articles\[0\]\.photos\[0\]\.caption_beside\.columns\)/,
    );
  });
});
