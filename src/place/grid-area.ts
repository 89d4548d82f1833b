/** Rectangles of the page grid: column and line spans, counted from 1, inclusive. */
import type { PageGrid } from '../layout/model.js';

export type Span = [number, number];

export interface GridArea {
  columns: Span;
  lines: Span;
}

export function inGrid(grid: PageGrid, a: GridArea): boolean {
  return a.columns[0] >= 1 && a.columns[0] <= a.columns[1] && a.columns[1] <= grid.columns
    && a.lines[0] >= 1 && a.lines[0] <= a.lines[1] && a.lines[1] <= grid.lines;
}

export function overlaps(a: GridArea, b: GridArea): boolean {
  return a.columns[0] <= b.columns[1] && b.columns[0] <= a.columns[1] && a.lines[0] <= b.lines[1] && b.lines[0] <= a.lines[1];
}

/** Whether the grid cell (column, line) lies in the area. */
export function covers(a: GridArea, column: number, line: number): boolean {
  return column >= a.columns[0] && column <= a.columns[1] && line >= a.lines[0] && line <= a.lines[1];
}

/** Whether every cell of `a` lies in one of the rectangles of `frame`. */
export function inside(a: GridArea, frame: readonly GridArea[]): boolean {
  for (let c = a.columns[0]; c <= a.columns[1]; c++) {
    for (let l = a.lines[0]; l <= a.lines[1]; l++) {
      if (!frame.some((f) => covers(f, c, l))) return false;
    }
  }
  return true;
}

export const spanText = (a: GridArea) => `columns ${a.columns.join('–')}, lines ${a.lines.join('–')}`;
