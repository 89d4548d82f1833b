import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeParagraph } from '../../src/compose/paragraph.js';
import { BuildContext } from '../../src/context.js';
import { LAYOUTS_DIR, loadLayout } from '../../src/layout/load-layout.js';
import { flowGroups, slotsOf, type FlowGroup, type FlowResult } from '../../src/place/flow.js';
import { shapeText } from '../../src/shape/shape.js';

const layout = loadLayout(new BuildContext(), join(LAYOUTS_DIR, 'broadsheet.yaml'));
const grid = layout.grid;
const body = layout.styles.get('body')!;

/** A paragraph of n full lines of 13 characters (no indent), as a flow group. */
function paragraph(lines: number): FlowGroup {
  const text = '党'.repeat(13 * lines);
  const composed = composeParagraph(shapeText(text, body), { measure: 13 });
  return { lines: composed.map((line) => ({ line, style: body, height: 1, role: 'paragraph', chars: 13 })), splittable: true, spaceBefore: 0, keepWithNext: 0 };
}

/** The first run of each line placed, in reading order. */
const runs = (r: FlowResult) => r.blocks.flatMap((b) => b.lines.map((l) => l.runs[0]));

describe('column slots', () => {
  it('cut a column around a picture', () => {
    const slots = slotsOf(grid, { columns: [1, 2], lines: [1, 20] }, [{ columns: [2, 2], lines: [5, 9] }], 0);
    expect(slots.map((s) => [s.x, s.line, s.count])).toEqual([
      [grid.columnLeft(1), 1, 20],
      [grid.columnLeft(2), 1, 4],
      [grid.columnLeft(2), 10, 11],
    ]);
  });
});

describe('flowing lines', () => {
  it('fills slots in order and puts every baseline on the grid', () => {
    const slots = slotsOf(grid, { columns: [1, 2], lines: [1, 5] }, [], 0);
    const r = flowGroups([paragraph(7)], slots);
    expect(r).toMatchObject({ linesSet: 7, emptyLines: 3, overflowLines: 0 });
    const baselines = runs(r).map((run) => run.baseline);
    for (const b of baselines) {
      const k = (b - grid.baseline(1)) / grid.pitch;
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9);
    }
    expect(runs(r)[5].glyphs[0].x).toBeCloseTo(grid.columnLeft(2), 6);
    // One block for the paragraph, its lines in the grid cells they stand in.
    expect(r.blocks.map((b) => [b.role, b.lines.length])).toEqual([['paragraph', 7]]);
    expect(r.blocks[0].lines.map((l) => l.cell)).toEqual([1, 2, 3, 4, 5].map((line) => ({ column: 1, line })).concat([1, 2].map((line) => ({ column: 2, line }))));
    expect(r.emptyCells).toEqual([3, 4, 5].map((line) => ({ part: 0, column: 2, line })));
  });

  it('counts the lines and characters that do not fit', () => {
    const slots = slotsOf(grid, { columns: [1, 1], lines: [1, 4] }, [], 0);
    expect(flowGroups([paragraph(6)], slots)).toMatchObject({ linesSet: 4, overflowLines: 2, overflowChars: 26 });
  });

  it('says where a paragraph leaves a line alone at a column\'s foot or head when no flow keeps it', () => {
    const slots = slotsOf(grid, { columns: [1, 2], lines: [1, 4] }, [], 0);
    // 8 lines in 8 cells: after 3 lines, the second paragraph starts on the last line of column 1, its first line alone there.
    const r = flowGroups([paragraph(3), paragraph(5)], slots, false);
    expect(r.aloneLines).toEqual([{ group: 1, kind: 'first', cell: { part: 0, column: 1, line: 4 } }]);
    const widow = flowGroups([paragraph(5), paragraph(3)], slots, false);
    expect(widow.aloneLines).toEqual([{ group: 0, kind: 'last', cell: { part: 0, column: 2, line: 1 } }]);
  });

  it('keeps a paragraph\'s first two lines and its last two in one column where the frame has a line to spare', () => {
    const slots = slotsOf(grid, { columns: [1, 2], lines: [1, 4] }, [], 0);
    // The first line of the second paragraph would stand alone at the foot of column 1: the paragraph starts column 2.
    const orphan = flowGroups([paragraph(3), paragraph(4)], slots, false);
    expect([orphan.orphans, orphan.widows, orphan.gapLines, orphan.overflowLines]).toEqual([0, 0, 1, 0]);
    expect(orphan.blocks[1].lines.map((l) => l.cell)).toEqual([1, 2, 3, 4].map((line) => ({ column: 2, line })));
    // The last line would stand alone at the head of column 2: the line before goes with it.
    const widow = flowGroups([paragraph(5)], slots);
    expect([widow.orphans, widow.widows, widow.overflowLines]).toEqual([0, 0, 0]);
    expect(widow.blocks[0].lines.map((l) => l.cell)).toEqual([
      ...[1, 2, 3].map((line) => ({ column: 1, line })),
      ...[1, 2].map((line) => ({ column: 2, line })),
    ]);
    // A paragraph of three lines is not parted at all: two and one would leave one alone.
    const three = flowGroups([paragraph(2), paragraph(3)], slotsOf(grid, { columns: [1, 2], lines: [1, 4] }, [], 0), false);
    expect(three.blocks.at(-1)!.lines.map((l) => l.cell)).toEqual([1, 2, 3].map((line) => ({ column: 2, line })));
  });

  it('keeps a heading with the lines after it', () => {
    const slots = slotsOf(grid, { columns: [1, 2], lines: [1, 6] }, [], 0);
    const heading: FlowGroup = { ...paragraph(1), splittable: false, keepWithNext: 2 };
    const r = flowGroups([paragraph(5), heading, paragraph(2)], slots, false);
    // One line is left at the foot of column 1: too little for the heading and two lines.
    expect(r.gapLines).toBe(1);
    expect(runs(r)[5].glyphs[0].x).toBeCloseTo(grid.columnLeft(2), 6);
    // The line left at the foot of column 1 is an empty cell, as are the lines after the text.
    expect(r.emptyCells).toEqual([{ part: 0, column: 1, line: 6 }, ...[4, 5, 6].map((line) => ({ part: 0, column: 2, line }))]);
    expect(r.emptyCells.length).toBe(r.gapLines + r.emptyLines);
  });
});

describe('paragraphs set a line longer or shorter to fit', () => {
  /** A paragraph of `lines` lines that may be set a line longer or shorter, the other settings parting a figure from its unit where `parts`. */
  function elastic(lines: number, parts: boolean): FlowGroup {
    const group = paragraph(lines);
    const variants = new Map([-1, 1].map((d) => [d, paragraph(lines + d).lines.map((l, i) => (i === 0 && parts ? { ...l, line: { ...l.line, partsUnit: true } } : l))]));
    return { ...group, variant: (looseness) => variants.get(looseness) ?? null };
  }

  it('fills the frame with a paragraph set a line longer', () => {
    const slots = slotsOf(grid, { columns: [1, 1], lines: [1, 4] }, [], 0);
    expect(flowGroups([elastic(3, false)], slots)).toMatchObject({ linesSet: 4, emptyLines: 0 });
  });

  it('but not where that setting parts a figure from its unit (GB/T 15835): a line is left empty', () => {
    const slots = slotsOf(grid, { columns: [1, 1], lines: [1, 4] }, [], 0);
    expect(flowGroups([elastic(3, true)], slots)).toMatchObject({ linesSet: 3, emptyLines: 1 });
  });

  it('while to keep a line of text from being lost, it does', () => {
    const slots = slotsOf(grid, { columns: [1, 1], lines: [1, 4] }, [], 0);
    expect(flowGroups([elastic(5, true)], slots)).toMatchObject({ linesSet: 4, overflowLines: 0 });
  });
});
