import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeParagraph } from '../../src/compose/paragraph.js';
import { LAYOUTS_DIR, loadLayout } from '../../src/layout/load-layout.js';
import { flowGroups, slotsOf, type FlowGroup } from '../../src/place/flow.js';
import { shapeText } from '../../src/shape/shape.js';

const layout = loadLayout(join(LAYOUTS_DIR, 'broadsheet.yaml'));
const grid = layout.grid;
const body = layout.styles.get('body')!;

/** A paragraph of n full lines of 13 characters (no indent), as a flow group. */
function paragraph(lines: number): FlowGroup {
  const text = '党'.repeat(13 * lines);
  const composed = composeParagraph(shapeText(text, body), { measure: 13 });
  return { lines: composed.map((line) => ({ line, style: body, height: 1, role: 'body', chars: 13 })), splittable: true, spaceBefore: 0, keepWithNext: 0 };
}

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
    const r = flowGroups([paragraph(7)], slots, grid, 'a');
    expect(r).toMatchObject({ linesSet: 7, emptyLines: 3, overflowLines: 0 });
    const baselines = r.runs.map((run) => run.baseline);
    for (const b of baselines) {
      const k = (b - grid.baseline(1)) / grid.pitch;
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9);
    }
    expect(r.runs[5].glyphs[0].x).toBeCloseTo(grid.columnLeft(2), 6);
  });

  it('counts the lines and characters that do not fit', () => {
    const slots = slotsOf(grid, { columns: [1, 1], lines: [1, 4] }, [], 0);
    expect(flowGroups([paragraph(6)], slots, grid, 'a')).toMatchObject({ linesSet: 4, overflowLines: 2, overflowChars: 26 });
  });

  it('keeps a heading with the lines after it', () => {
    const slots = slotsOf(grid, { columns: [1, 2], lines: [1, 6] }, [], 0);
    const heading: FlowGroup = { ...paragraph(1), splittable: false, keepWithNext: 2 };
    const r = flowGroups([paragraph(5), heading, paragraph(2)], slots, grid, 'a', false);
    // One line is left at the foot of column 1: too little for the heading and two lines.
    expect(r.gapLines).toBe(1);
    expect(r.runs[5].glyphs[0].x).toBeCloseTo(grid.columnLeft(2), 6);
  });
});
