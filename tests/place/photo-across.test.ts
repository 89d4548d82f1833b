/** A photo standing across the frames of two articles (`across`): both stories' text flows around it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { covers, overlaps, type GridArea } from '../../src/place/grid-area.js';
import type { PlacedArticle } from '../../src/place/page-model.js';
import { issueDir } from '../helpers/issue-dir.js';

const copy = readFileSync(join(fileURLToPath(new URL('../../issues/evening-edition/', import.meta.url)), 'feature.md'), 'utf8');
const PHOTO = `{ columns: 3, lines: 14, at: { column: 2, line: 20 }, across: true, caption: 江边的清晨，早起的市民在步道上晨练。, credit: 本报记者 张三 摄 }`;

const issue = ({ photo = PHOTO, right = '' } = {}) => `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    running_head: false
    articles:
      - id: left
        headline: 江边的清晨
        headline_level: 2
        frame: { columns: [1, 3], lines: [1, 60] }
        body_file: feature.md
        photos:
          - ${photo}
      - id: right
        headline: 老街的茶馆
        headline_level: 2
        frame: { columns: [4, 6], lines: [1, 60] }
        body_file: feature.md
${right}`;

const compose = (yaml: string) => composeIssue(join(issueDir({ 'issue.yaml': yaml, 'feature.md': copy }), 'issue.yaml'));
const copyCells = (a: PlacedArticle) => a.copy.flatMap((b) => b.lines.map((l) => l.cell!));

describe('a photo across two articles\' columns', () => {
  it('takes its cells out of both frames, the line under its caption too, and spans the gutter between them', () => {
    const { pages, layouts } = compose(issue());
    const [left, right] = pages[0].articles;
    const grid = layouts[0].grid;
    const photo = left.photos[0];
    // Three lines of caption and credit at most under 14 of picture.
    expect(photo.area.columns).toEqual([2, 4]);
    expect(photo.area.lines[0]).toBe(20);
    const slot: GridArea = { columns: photo.area.columns, lines: [20, photo.area.lines[1] + 1] };
    expect(photo.rect.x).toBeCloseTo(grid.columnLeft(2), 2);
    expect(photo.rect.x + photo.rect.width).toBeCloseTo(grid.columnLeft(4) + grid.columnWidth, 2);
    expect(photo.captions.map((b) => b.role)).toEqual(['caption', 'credit']);
    for (const a of [left, right]) {
      const cells = copyCells(a);
      expect(cells.filter((c) => covers(slot, c.column, c.line))).toEqual([]);
      // The text stands above and below the photo in the columns it takes, and beside it in the others.
      const inColumns = (c: { column: number }) => c.column >= slot.columns[0] && c.column <= slot.columns[1];
      expect(cells.some((c) => inColumns(c) && c.line === 19)).toBe(true);
      expect(cells.some((c) => inColumns(c) && c.line === slot.lines[1] + 1)).toBe(true);
    }
    expect(copyCells(right).some((c) => c.column === 5 && c.line === 25)).toBe(true);
  });

  it('standing on the other article\'s headline is an error', () => {
    expect(() => compose(issue({ photo: PHOTO.replace('line: 20', 'line: 2') }))).toThrow(
      /error: photo 1 of article "left" \(columns 2–4, lines 2–\d+\) stands across the headline block of article "right" \(columns 4–6, lines 1–\d+\), which cannot give cells to it \(pages\[0\]\.articles\[1\]\.frame\)/,
    );
  });

  it('standing on a photo the other article placed is an error', () => {
    const right = '        photos:\n          - { columns: 2, lines: 10, at: { column: 4, line: 25 } }\n';
    expect(() => compose(issue({ right }))).toThrow(/error: photo \(columns 4–5, lines 25–34 with its caption\) overlaps photo 1 of article "left" \(columns 2–4, lines 20–\d+\) \(pages\[0\]\.articles\[1\]\.photos\[0\]\)/);
  });

  it('standing across a boxed article is an error', () => {
    expect(() => compose(issue().replace('frame: { columns: [4, 6], lines: [1, 60] }', 'frame: { columns: [4, 6], lines: [1, 60] }\n        box: true'))).toThrow(
      /photo 1 of article "left" stands across the frame of article "right", whose box cannot give cells to it/,
    );
  });

  it('without a place on the page grid is an error naming the field', () => {
    expect(() => compose(issue({ photo: PHOTO.replace('at: { column: 2, line: 20 }, ', '') }))).toThrow(
      /issue\.yaml:14:\d+: error: a photo across frames needs its place on the page grid \(at\) \(pages\[0\]\.articles\[0\]\.photos\[0\]\.across\)/,
    );
  });

  it('is kept clear of by an article placed automatically, a line between', () => {
    const yaml = issue().replace(/ {6}- id: right[\s\S]*$/, '      - id: auto\n        headline: 老街的茶馆\n        columns: 3\n        body_file: feature.md\n');
    const { pages } = compose(yaml);
    const photo = pages[0].articles[0].photos[0];
    const auto = pages[0].articles[1].frames[0].area;
    // Where the text alone would stand, at the top of columns 4–6, the photo is in the way.
    expect(auto.columns).toEqual([4, 6]);
    expect(overlaps(auto, { columns: photo.area.columns, lines: [photo.area.lines[0] - 1, photo.area.lines[1] + 1] })).toBe(false);
  });
});
