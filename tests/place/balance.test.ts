import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { composeParagraph } from '../../src/compose/paragraph.js';
import { BuildContext } from '../../src/context.js';
import { LAYOUTS_DIR, loadLayout } from '../../src/layout/load-layout.js';
import { balancedFlow, partlyEmpty } from '../../src/place/balance.js';
import { flowGroups, slotsOf, type FlowGroup, type FlowResult, type Slot } from '../../src/place/flow.js';
import { shapeText } from '../../src/shape/shape.js';
import { issueDir } from '../helpers/issue-dir.js';

const layout = loadLayout(new BuildContext(), join(LAYOUTS_DIR, 'broadsheet.yaml'));
const grid = layout.grid;
const body = layout.styles.get('body')!;
const heading = layout.styles.get('section_heading')!;

/** A paragraph of n full lines of 13 characters (no indent), that cannot be set longer or shorter. */
function paragraph(lines: number): FlowGroup {
  const composed = composeParagraph(shapeText('党'.repeat(13 * lines), body), { measure: 13 });
  return { lines: composed.map((line) => ({ line, style: body, height: 1, role: 'paragraph', chars: 13 })), splittable: true, spaceBefore: 0, keepWithNext: 0 };
}

/** A section heading of one line kept with the first two lines of the paragraph after it. */
function sectionHeading(): FlowGroup {
  const composed = composeParagraph(shapeText('小标题', heading), { measure: 13 });
  return { lines: composed.map((line) => ({ line, style: heading, height: 1, role: 'section_heading', chars: 3 })), splittable: false, spaceBefore: 1, keepWithNext: 2 };
}

/** Lines set in each column of the flow, by column, and the last line set in each. */
function columnDepths(r: FlowResult) {
  const depth = new Map<number, number>();
  const foot = new Map<number, number>();
  for (const line of r.blocks.flatMap((b) => b.lines)) {
    const { column, line: l } = line.cell!;
    depth.set(column, (depth.get(column) ?? 0) + 1);
    foot.set(column, Math.max(foot.get(column) ?? 0, l));
  }
  return { depth: [...depth.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n), foot: [...foot.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n) };
}

const frame = (columns: [number, number], lines: [number, number], taken = [] as { columns: [number, number]; lines: [number, number] }[]) => slotsOf(grid, { columns, lines }, taken, 0);

describe('balanced columns', () => {
  it('set text that does not fill its frame in columns of equal depth, the last as long as the first within a line', () => {
    const slots = frame([1, 4], [1, 20]);
    const groups = [paragraph(20), paragraph(18), paragraph(12)];
    const r = balancedFlow(groups, slots, true);
    expect(columnDepths(r.flow).depth).toEqual([13, 13, 12, 12]);
    expect(r.flow).toMatchObject({ linesSet: 50, overflowLines: 0, emptyLines: 30 });
    expect(r.foot).toEqual({ part: 0, line: 13, frameLine: 20 });
    // Every line left empty is a cell of the frame, counted once.
    expect(new Set(r.flow.emptyCells.map((c) => `${c.column}/${c.line}`)).size).toBe(30);
    expect(partlyEmpty(r, slots)).toBe(true);
  });

  it('fill the first columns and leave the last short when the article says balance: false', () => {
    const slots = frame([1, 4], [1, 20]);
    const r = balancedFlow([paragraph(20), paragraph(18), paragraph(12)], slots, true, false);
    expect(columnDepths(r.flow).depth).toEqual([20, 20, 10]);
    expect(r.foot).toBeUndefined();
    expect(r.flow.emptyLines).toBe(30);
    expect(partlyEmpty(r, slots)).toBe(true);
  });

  it('leave a frame the text fills as it is, and do not call it partly empty', () => {
    const slots = frame([1, 3], [1, 10]);
    const groups = [paragraph(16), paragraph(14)];
    const r = balancedFlow(groups, slots, true);
    expect(r.foot).toBeUndefined();
    expect(r.flow.emptyLines).toBe(0);
    expect(columnDepths(r.flow).depth).toEqual(columnDepths(flowGroups(groups, slots)).depth);
    expect(partlyEmpty(r, slots)).toBe(false);
  });

  it('call a one-column frame a line short balanced, and two lines short partly empty', () => {
    const slots = frame([1, 1], [1, 10]);
    expect(partlyEmpty(balancedFlow([paragraph(9)], slots, true), slots)).toBe(false);
    expect(partlyEmpty(balancedFlow([paragraph(8)], slots, true), slots)).toBe(true);
  });

  it('call a frame one line short in its last column balanced, not partly empty', () => {
    const slots = frame([1, 3], [1, 10]);
    const r = balancedFlow([paragraph(29)], slots, true);
    expect(columnDepths(r.flow).depth).toEqual([10, 10, 9]);
    expect(partlyEmpty(r, slots)).toBe(false);
  });

  it('line up the feet of columns cut by a picture', () => {
    // A picture over columns 3–4, lines 1–8: those columns start on line 10 (standoff included).
    const slots = frame([1, 4], [1, 30], [{ columns: [3, 4], lines: [1, 9] }]);
    const r = balancedFlow([paragraph(40), paragraph(22)], slots, true);
    const { foot, depth } = columnDepths(r.flow);
    expect(r.flow.linesSet).toBe(62);
    expect(Math.max(...foot) - Math.min(...foot)).toBeLessThanOrEqual(1);
    expect(depth[0] - depth[2]).toBe(9);
  });

  it('never lose a line where a heading keeps with its paragraph', () => {
    const slots = frame([1, 3], [1, 20]);
    const groups = [paragraph(11), sectionHeading(), paragraph(9), sectionHeading(), paragraph(8)];
    const r = balancedFlow(groups, slots, true);
    expect(r.flow.overflowLines).toBe(0);
    expect(r.flow.linesSet).toBe(30);
    // 11 + heading and 9 + heading and 8: a heading moved on with its first lines leaves the third column a line short.
    expect(columnDepths(r.flow).foot).toEqual([11, 10, 9]);
    expect(r.foot?.line).toBe(11);
  });

  it('balance only the last part of a story that jumps, filling the parts before', () => {
    const first = frame([1, 2], [1, 10]);
    const last: Slot[] = frame([1, 3], [1, 20]).map((s) => ({ ...s, part: 1 }));
    const r = balancedFlow([paragraph(30), paragraph(20)], [...first, ...last], true);
    const part0 = r.flow.blocks.filter((_, i) => r.flow.blockParts[i] === 0).reduce((n, b) => n + b.lines.length, 0);
    expect(part0).toBe(20);
    expect(r.foot).toEqual({ part: 1, line: 10, frameLine: 20 });
    expect(r.flow.emptyCells.every((c) => c.part === 1)).toBe(true);
  });

  it('are not tried when only measuring (automatic frames)', () => {
    const slots = frame([1, 4], [1, 20]);
    expect(balancedFlow([paragraph(50)], slots, false).foot).toBeUndefined();
  });
});

describe('a frame that stays partly empty', () => {
  const copy = Array.from({ length: 6 }, (_, i) => `第${i + 1}段，检验分栏平衡：文字排不满版框时，各栏一样长。`).join('\n');
  const issue = (balance: string) => `paper: 测试日报
date: 2024-03-01
layout: tabloid
pages:
  - number: 3
    articles:
      - id: short-story
        body_file: copy.md
        frame: { columns: [1, 4], lines: [1, 40] }
${balance}`;

  it('is a warning naming the article, the page and how many lines', () => {
    const dir = issueDir({ 'issue.yaml': issue(''), 'copy.md': copy });
    const { pages, diagnostics } = composeIssue(join(dir, 'issue.yaml'));
    const warning = diagnostics.find((d) => /short-story/.test(d.message));
    expect(warning?.message).toMatch(/^article "short-story" leaves \d+ lines of its frame empty on page 3: its columns are balanced to end on line \d+/);
    expect(warning).toMatchObject({ severity: 'warning', line: 9 });
    const empty = Number(/leaves (\d+) lines/.exec(warning!.message)![1]);
    expect(empty).toBe(pages[0].articles[0].fit.emptyLines);
    expect(pages[0].articles[0].emptyCells.length).toBe(empty);
  });

  it('is said too when the article is not balanced', () => {
    const dir = issueDir({ 'issue.yaml': issue('        balance: false\n'), 'copy.md': copy });
    const { diagnostics } = composeIssue(join(dir, 'issue.yaml'));
    expect(diagnostics.find((d) => /short-story/.test(d.message))?.message).toMatch(/leaves \d+ lines of its frame empty on page 3 under the end of its text$/);
  });
});
