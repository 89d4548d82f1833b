/**
 * Drop caps (首字下沉): the first paragraph's first character set as tall as the lines beside it,
 * those lines narrower by whole characters, the text whole and in order.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { issueDir } from '../helpers/issue-dir.js';
import { buildIssue } from '../helpers/build.js';
import { extractText } from '../helpers/extract-text.js';
import type { TextBlock } from '../../src/place/page-model.js';

const copy = Array.from({ length: 8 }, (_, i) => `${i ? '' : '我家楼下的巷子口，'}第${i + 1}段，档案馆的工作人员说，这是目前本市仅存的一套手工排字字架。`).join('\n');
const issue = (dropCap: number, byline = '') => `paper: 测试日报
date: 2024-03-01
layout: tabloid
pages:
  - number: 2
    articles:
      - id: story
        headline: 巷口
        headline_level: 3${byline}
        drop_cap: ${dropCap}
        frame: { columns: [1, 2], lines: [1, 30] }
        body: |
${copy.split('\n').map((l) => `          ${l}`).join('\n')}
`;
const textOf = (b: TextBlock) => b.lines.map((l) => l.runs.flatMap((r) => r.glyphs.map((g) => g.text)).join('')).join('');

describe('drop caps', () => {
  for (const lines of [2, 3]) {
    it(`sets the first character ${lines} lines tall beside ${lines} narrower lines, first in reading order`, () => {
      const { pages, layouts } = composeIssue(join(issueDir({ 'issue.yaml': issue(lines) }), 'issue.yaml'));
      const grid = layouts[0].grid;
      const [cap, first] = pages[0].articles[0].copy;
      expect(cap.role).toBe('drop_cap');
      expect(textOf(cap)).toBe('我');
      expect(textOf(first)).toBe(copy.split('\n')[0].slice(1));
      const [capRun] = cap.lines[0].runs;
      const top = first.lines[0].cell!;
      // From the top of the first line's em box to the baseline of the last line beside it.
      expect(cap.lines[0].cell).toEqual({ column: top.column, line: top.line + lines - 1 });
      expect(capRun.baseline).toBeCloseTo(grid.baseline(top.line + lines - 1), 6);
      expect(capRun.baseline - 0.88 * capRun.size).toBeCloseTo(grid.lineTop(top.line), 6);
      // The lines beside it start after it, on the column's character grid, in its column; the next at the edge.
      const column = grid.columnLeft(top.column);
      const starts = first.lines.map((l) => l.runs[0].glyphs[0].x - column);
      const capRight = capRun.glyphs[0].x + capRun.size - column;
      for (const x of starts.slice(0, lines)) {
        expect(x).toBeGreaterThan(capRight);
        expect(Math.abs(x / 9 - Math.round(x / 9))).toBeLessThan(0.51);
      }
      expect(first.lines.slice(0, lines).every((l) => l.cell!.column === top.column)).toBe(true);
      expect(starts[lines]).toBeLessThan(0.6 * 9);
    });
  }

  it('reads back from the PDF with the cap first, the paragraph after it', async () => {
    const dir = issueDir({ 'issue.yaml': issue(2) });
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    expect((await extractText(result.pdf!)).replace(/\s/g, '')).toContain(copy.replace(/\n/g, ''));
  });

  it('keeps the lines beside the cap in one column: a paragraph that would start at a column foot moves on', () => {
    // Frames of every height from one that leaves a line under the headline and byline to one that leaves four.
    for (let last = 7; last <= 12; last++) {
      const { pages } = composeIssue(join(issueDir({ 'issue.yaml': issue(3, '\n        byline: "来源：本报\\n记者 王某"').replace('lines: [1, 30]', `lines: [1, ${last}]`) }), 'issue.yaml'));
      const blocks = pages[0].articles[0].copy;
      const cap = blocks.find((b) => b.role === 'drop_cap')!;
      const first = blocks[blocks.indexOf(cap) + 1];
      const column = cap.lines[0].cell!.column;
      expect(first.lines.slice(0, 3).map((l) => l.cell!.column), `frame of ${last} lines`).toEqual([column, column, column]);
      expect(cap.lines[0].cell!.line).toBe(first.lines[2].cell!.line);
    }
  });
});
