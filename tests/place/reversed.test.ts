/**
 * Reversed and coloured elements: a label white on a colour block, a box tinted in any CMYK,
 * a coloured box rule and rule between stories — where the page model puts them, how the PDF
 * prints them (white and colour knock out, 100 K overprints), and that `check` finds nothing
 * wrong with them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { checkFile } from '../../src/check/check.js';
import { InputError } from '../../src/diagnostics.js';
import { PdfFile, type PdfValue } from '../archive/pdf-objects.js';
import { buildIssue } from '../helpers/build.js';
import { issueDir } from '../helpers/issue-dir.js';

const ISSUE = `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    articles:
      - id: memory
        label: 城市记忆
        styles: { label: label_reversed }
        headline: 铅字记得那些年
        headline_level: 2
        frame: { columns: [1, 3], lines: [1, 30] }
        body: |
          协和印书馆在岩洞里排出了八年的报纸。
      - id: service
        headline: 服务信息
        headline_level: 3
        box: { color: [15, 0, 0, 0], rule_color: red }
        frame: { columns: [4, 6], lines: [1, 30] }
        body: |
          市档案馆查档大厅开放时间为周一至周五上午。
    rules:
      - { columns: [1, 6], line: 31, color: [0, 100, 100, 0], weight: 2 }
`;

/** The page's content stream, decompressed. */
function content(file: string): string {
  const pdf = new PdfFile(readFileSync(file));
  const [page] = pdf.ofType('Page');
  const parts = pdf.get(page.Contents);
  return (Array.isArray(parts) ? parts : [page.Contents as PdfValue]).map((p) => pdf.stream(p).toString('latin1')).join('\n');
}

describe('reversed and coloured elements', () => {
  const dir = issueDir({ 'issue.yaml': ISSUE });
  const { pages, layouts } = composeIssue(join(dir, 'issue.yaml'));
  const [page] = pages;
  const grid = layouts[0].grid;

  it('sets a label white on a colour block that starts on the column edge and holds its ink', () => {
    const label = page.articles[0].headline!.blocks.find((b) => b.role === 'label')!;
    expect(label.style).toBe('label_reversed');
    const [block] = label.background!;
    expect(block.fill).toEqual([0, 1, 1, 0]);
    expect(block.rect.x).toBeCloseTo(grid.columnLeft(1), 6);
    const [run] = label.lines[0].runs;
    expect(run.color).toEqual([0, 0, 0, 0]);
    const first = run.glyphs[0].x;
    const last = run.glyphs.at(-1)!.x + run.size;
    expect(first).toBeGreaterThan(block.rect.x);
    expect(last).toBeLessThan(block.rect.x + block.rect.width + 1e-6);
    expect(run.baseline).toBeGreaterThan(block.rect.y);
    expect(run.baseline).toBeLessThan(block.rect.y + block.rect.height);
  });

  it('tints a box and colours its rule and the rule between stories as given', () => {
    const [box] = page.articles[1].box;
    expect(box.fill).toEqual([0.15, 0, 0, 0]);
    expect(box.stroke).toEqual([0, 1, 1, 0]);
    expect(page.rules[0].color).toEqual([0, 1, 1, 0]);
  });

  it('knocks out white type and colour, and overprints 100 K type', async () => {
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    const ops = content(result.pdf!);
    // The red block, knocked out, then the white label on it, knocked out too (white overprinted would vanish).
    const red = ops.indexOf('0 1 1 0 k');
    const white = ops.indexOf('0 0 0 0 k', red);
    expect(red).toBeGreaterThan(-1);
    expect(white).toBeGreaterThan(red);
    expect(ops.lastIndexOf('/G', red)).toBe(ops.lastIndexOf('/GKO gs', red));
    expect(ops.lastIndexOf('/G', white)).toBe(ops.lastIndexOf('/GKO gs', white));
    // Black body text overprints the tint under it.
    const black = ops.indexOf('0 0 0 1 k', ops.indexOf('0.15 0 0 0 k'));
    expect(ops.lastIndexOf('/G', black)).toBe(ops.lastIndexOf('/GOP gs', black));
  });

  it('gives check nothing to find', async () => {
    const report = await checkFile(join(dir, 'issue.yaml'));
    // Short copy in large frames: the frames' empty lines are said, and nothing else.
    expect(report.diagnostics.filter((d) => !/of its frame empty/.test(d.message))).toEqual([]);
    expect(report.print.overInk).toEqual([]);
    expect(report.print.richBlackText).toBe(0);
  });

  it('refuses a colour above the ink limit or one the layout does not name, at its field', () => {
    const bad = issueDir({ 'issue.yaml': ISSUE.replace('color: [15, 0, 0, 0]', 'color: [100, 100, 100, 0]').replace('color: [0, 100, 100, 0]', 'color: purple') });
    try {
      composeIssue(join(bad, 'issue.yaml'));
      expect.unreachable();
    } catch (e) {
      const found = (e as InputError).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}: ${d.message} (${d.field})`);
      expect(found).toEqual([
        '18: colour has 300 % ink, more than the limit of 240 % (pages[0].articles[1].box.color)',
        '23: no colour named "purple" in layout tabloid (black, white, red, banner) (pages[0].rules[0].color)',
      ]);
    }
  });
});
