/**
 * Flowing an article's body through its column slots on the baseline grid: every line
 * takes whole grid lines, column by column, skipping lines taken by photos.
 */
import type { ComposedLine } from '../compose/paragraph.js';
import type { PageGrid, Style } from '../layout/model.js';
import type { GlyphRun } from './page-frame.js';
import { lineRuns } from './typeset.js';

/** A run of free grid lines in one column of an article's frame. */
export interface Slot {
  x: number;
  width: number;
  /** First grid line and number of lines. */
  line: number;
  count: number;
}

export interface FlowLine {
  line: ComposedLine;
  style: Style;
  /** Grid lines this line takes (text larger than the pitch takes more). */
  height: number;
  role: string;
  /** Characters of the source that this line sets. */
  chars: number;
}

/** Lines that flow as a unit: a paragraph may break between columns, a heading may not. */
export interface FlowGroup {
  lines: FlowLine[];
  splittable: boolean;
  /** Empty grid lines before the group, dropped at the top of a column. */
  spaceBefore: number;
  /** Lines of the following group that must stand in the same column. */
  keepWithNext: number;
}

export interface FlowResult {
  runs: GlyphRun[];
  linesSet: number;
  /** Grid lines left empty in the slots after the text. */
  emptyLines: number;
  overflowLines: number;
  overflowChars: number;
}

export function gridHeight(style: Style, grid: PageGrid): number {
  return Math.max(1, Math.ceil((style.size * 1.05) / grid.pitch - 1e-9));
}

export function flowGroups(groups: readonly FlowGroup[], slots: readonly Slot[], grid: PageGrid, article: string): FlowResult {
  const runs: GlyphRun[] = [];
  let s = 0;
  let used = 0;
  let linesSet = 0;
  let overflowLines = 0;
  let overflowChars = 0;
  const remaining = () => (s < slots.length ? slots[s].count - used : 0);
  const nextSlot = () => {
    s++;
    used = 0;
  };
  const place = (fl: FlowLine) => {
    while (s < slots.length && remaining() < fl.height) nextSlot();
    if (s >= slots.length) {
      overflowLines += fl.height;
      overflowChars += fl.chars;
      return;
    }
    const slot = slots[s];
    const baseline = grid.baseline(slot.line + used + fl.height - 1);
    const measure = fl.line.measure * fl.style.size * fl.style.hScale;
    const x = slot.x + (slot.width - measure) / 2;
    runs.push(...lineRuns(fl.line, fl.style, x, baseline, fl.role, article));
    used += fl.height;
    linesSet += fl.height;
  };

  for (const [gi, g] of groups.entries()) {
    if (s < slots.length && used > 0) {
      const height = g.lines.reduce((h, l) => h + l.height, 0);
      const next = groups[gi + 1];
      const keep = next ? next.lines.slice(0, g.keepWithNext).reduce((h, l) => h + l.height, 0) : 0;
      const need = g.spaceBefore + (g.splittable ? Math.min(height, 1) : height) + keep;
      if (remaining() < need) nextSlot();
      else used += g.spaceBefore;
    }
    for (const fl of g.lines) place(fl);
  }
  let emptyLines = s < slots.length ? remaining() : 0;
  for (let k = s + 1; k < slots.length; k++) emptyLines += slots[k].count;
  return { runs, linesSet, emptyLines, overflowLines, overflowChars };
}

/** Columns of a grid rectangle cut around the lines taken by pictures. */
export function slotsOf(
  grid: PageGrid,
  columns: [number, number],
  lines: [number, number],
  taken: readonly { columns: [number, number]; lines: [number, number] }[],
  inset: number,
): Slot[] {
  const slots: Slot[] = [];
  const n = columns[1] - columns[0] + 1;
  const outer = grid.rect(columns[0], columns[1], lines[0], lines[1]);
  const width = (outer.width - 2 * inset - (n - 1) * grid.gutter) / n;
  for (let c = columns[0]; c <= columns[1]; c++) {
    const x = outer.x + inset + (c - columns[0]) * (width + grid.gutter);
    let start = lines[0];
    for (let l = lines[0]; l <= lines[1] + 1; l++) {
      const blocked = l > lines[1] || taken.some((t) => c >= t.columns[0] && c <= t.columns[1] && l >= t.lines[0] && l <= t.lines[1]);
      if (blocked) {
        if (l > start) slots.push({ x, width, line: start, count: l - start });
        start = l + 1;
      }
    }
  }
  return slots;
}
