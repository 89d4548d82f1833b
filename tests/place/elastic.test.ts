import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { BuildContext } from '../../src/context.js';
import { LAYOUTS_DIR, loadLayout } from '../../src/layout/load-layout.js';
import { breakInto } from '../../src/place/elastic.js';
import { formatFitReport } from '../../src/report/fit-report.js';
import { issueDir } from '../helpers/issue-dir.js';

const copy = (n: number) => Array.from({ length: n }, (_, i) => `第${i + 1}段，弹性稿件的检验：标题、图片可以在版式给定的范围内变化，使稿件正好排满版框。`).join('\n');

function compose(article: string, paragraphs = 16, layout = 'tabloid') {
  const dir = issueDir({
    'copy.md': copy(paragraphs),
    'issue.yaml': `paper: 测试日报
date: 2024-03-01
layout: ${layout}
pages:
  - number: 3
    articles:
      - id: story
        headline: 弹性稿件正好排满版框
        body_file: copy.md
        frame: { columns: [1, 4], lines: [1, 30] }
${article}`,
  });
  const { pages, diagnostics } = composeIssue(join(dir, 'issue.yaml'));
  const placed = pages[0].articles[0];
  return { placed, fit: placed.fit, diagnostics, dir };
}

const photo = (extra = '') => `        photos:
          - id: bridge
            columns: 2
            lines: 12
            caption: 图片说明。
${extra}`;

describe('an elastic photo', () => {
  it('takes the size that fills the frame, and the fit report says what changed', () => {
    // Fixed, the photo leaves room that only loosening paragraphs fills.
    const rigid = compose(photo(), 14);
    const { fit, placed } = compose(photo('            elastic: { columns: [2, 3], lines: [8, 30] }\n'), 14);
    expect(rigid.fit.linesSet).toBeGreaterThan(fit.linesSet + 8);
    expect(fit).toMatchObject({ overflowLines: 0, emptyLines: 0 });
    expect(fit.changes).toHaveLength(1);
    const [, columns, lines] = /^photo bridge 2×12 → (\d)×(\d+)$/.exec(fit.changes![0])!.map(Number);
    expect(placed.photos[0].area.columns[1] - placed.photos[0].area.columns[0] + 1).toBe(columns);
    expect(lines).toBeGreaterThanOrEqual(8);
    expect(lines).toBeLessThanOrEqual(30);
    expect(formatFitReport([fit])).toContain(`fits exactly (photo bridge 2×12 → ${columns}×${lines})`);
  });

  it('keeps to the layout\'s aspect range', () => {
    const { placed } = compose(photo('            elastic: { columns: [2, 3], lines: [8, 40] }\n'), 8);
    const { width, height } = placed.photos[0].rect;
    expect(width / height).toBeGreaterThanOrEqual(0.6 - 1e-9);
    expect(width / height).toBeLessThanOrEqual(2 + 1e-9);
  });

  it('keeps its picture, not its slot, to the aspect range when its caption stands beside it', () => {
    // Two columns, one of them the caption's: a picture one column wide is at most 14 lines tall at 0.6.
    const { placed, fit } = compose(photo('            caption_beside: { side: right }\n            elastic: { columns: [2, 2], lines: [8, 40] }\n'), 2);
    const { width, height } = placed.photos[0].rect;
    expect(fit.changes).toEqual(['photo bridge 2×12 → 2×14']);
    expect(width / height).toBeGreaterThanOrEqual(0.6 - 1e-9);
  });

  it('is left out when optional and the text does not fit with it', () => {
    expect(compose(photo(), 20).fit.overflowLines).toBeGreaterThan(0);
    const { fit } = compose(photo('            optional: true\n'), 20);
    expect(fit.overflowLines).toBe(0);
    expect(fit.changes).toEqual(['photo bridge left out']);
  });
});

describe('an elastic headline', () => {
  it('breaks into the lines that fill the frame', () => {
    const rigid = compose('', 21);
    const { fit, placed } = compose('        elastic: { headline_lines: [1, 2] }\n', 21);
    expect(fit).toMatchObject({ overflowLines: 0, emptyLines: 0, changes: ['headline 2 lines'] });
    expect(rigid.fit.linesSet).toBeGreaterThan(fit.linesSet + 8);
    expect(placed.headline!.blocks.find((b) => b.role === 'headline')!.lines).toHaveLength(2);
  });

  it('takes the level that fits the text', () => {
    const rigid = compose('', 26);
    expect(rigid.fit.overflowLines).toBeGreaterThan(0);
    const { fit, placed } = compose('        elastic: { headline_level: [1, 3], headline_lines: [1, 2] }\n', 26);
    expect(fit.overflowLines).toBe(0);
    expect(fit.changes?.join('; ')).toMatch(/headline level 1 → [23]/);
    expect(placed.headline!.area.lines[1]).toBeLessThan(rigid.placed.headline!.area.lines[1]);
  });

  it('is broken only where the rules allow, into lines of about equal length', () => {
    expect(breakInto('产业链上的“党建赋能”', 2)).toBe('产业链上的\n“党建赋能”');
    expect(breakInto('重庆GDP增长5.2%的背后', 2)).toBe('重庆GDP增长\n5.2%的背后');
    expect(breakInto('一二三四五六', 3)).toBe('一二\n三四\n五六');
    expect(breakInto('两字', 3)).toBeNull();
  });
});

describe('elastic limits', () => {
  it('are the layout\'s, and a range upside down is an error naming its field', () => {
    expect(loadLayout(new BuildContext(), join(LAYOUTS_DIR, 'tabloid.yaml')).elastic).toEqual({ photoAspect: [0.6, 2], headlineLevels: [1, 3], headlineLines: 2 });
    const dir = issueDir({});
    const text = readFileSync(join(LAYOUTS_DIR, 'tabloid.yaml'), 'utf8').replaceAll('../fonts/', `${join(LAYOUTS_DIR, '..', 'fonts')}/`) + '\nelastic:\n  photo_aspect: [2, 1]\n';
    writeFileSync(join(dir, 'layout.yaml'), text);
    expect(() => loadLayout(new BuildContext(), join(dir, 'layout.yaml'))).toThrow(/elastic.photo_aspect gives its least \(2\) above its most \(1\)/);
  });

  it('of an article: a range upside down is an error naming its field', () => {
    expect(() => compose('        elastic: { headline_level: [3, 1] }\n')).toThrow(/gives its least \(3\) above its most \(1\) \(pages\[0\]\.articles\[0\]\.elastic\.headline_level\)/);
  });
});
