/** A photo's credit: on a line of its own under the caption, or, in a run-in credit style, on the caption's last line where both fit. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { LAYOUTS_DIR } from '../../src/layout/load-layout.js';
import type { Photo } from '../../src/place/page-model.js';
import { issueDir } from '../helpers/issue-dir.js';

const issue = (layout: string, caption: string, credit = '本报记者 摄') => `paper: 测试日报
date: 2024-02-20
layout: ${layout}
pages:
  - number: 1
    articles:
      - id: story
        headline: 标题
        body: 正文一段。
        frame: { columns: [1, 6], lines: [1, 60] }
        photos:
          - { columns: 3, lines: 12, at: { column: 1, line: 10 }, caption: ${caption}, credit: ${credit} }
`;

const tabloid = readFileSync(join(LAYOUTS_DIR, 'tabloid.yaml'), 'utf8').replaceAll('../fonts/', `${join(LAYOUTS_DIR, '..', 'fonts')}/`);
const runIn = tabloid.replace(/^ {2}credit: +\{ (.*) \}$/m, '  credit: { $1, run_in: true }');

function photoOf(layout: string, caption: string, credit?: string): Photo {
  const dir = issueDir({ 'run-in.yaml': runIn, 'issue.yaml': issue(layout, caption, credit) });
  return composeIssue(join(dir, 'issue.yaml')).pages[0].articles[0].photos[0];
}
const baselines = (p: Photo) => p.captions.map((b) => b.lines.map((l) => l.runs[0].baseline));

describe('a photo\'s credit', () => {
  it('stands on a line of its own, flush right, in the shipped layouts', () => {
    const [caption, credit] = baselines(photoOf('tabloid', '江边的清晨。'));
    expect(credit[0]).toBeGreaterThan(caption.at(-1)!);
  });

  it('in a run-in style, stands on the caption\'s last line, flush right, where both fit', () => {
    expect(runIn).toMatch(/run_in: true/);
    const photo = photoOf('run-in.yaml', '江边的清晨。');
    const [caption, credit] = baselines(photo);
    expect(credit).toEqual([caption.at(-1)]);
    const last = photo.captions[1].lines[0].runs.at(-1)!;
    const right = last.glyphs.at(-1)!.x + last.glyphs.at(-1)!.advance * last.size;
    expect(right).toBeCloseTo(photo.rect.x + photo.rect.width, 0);
  });

  it('in a run-in style, takes a line of its own when the caption\'s last line has no room', () => {
    // The caption's one line and the credit are together wider than the photo.
    const photo = photoOf('run-in.yaml', '江边的清晨，早起的市民在步道上晨练，远处大桥若隐若现。', '本报记者 张三 李四 王五 摄');
    const [caption, credit] = baselines(photo);
    const width = (b: Photo['captions'][number]) => b.lines[0].runs.reduce((w, r) => w + r.glyphs.reduce((a, g) => a + g.advance * r.size, 0), 0);
    expect(caption).toHaveLength(1);
    expect(width(photo.captions[0]) + width(photo.captions[1])).toBeGreaterThan(photo.rect.width - 9);
    expect(credit[0]).toBeGreaterThan(caption[0]);
  });
});
