/**
 * Text printed over text: two lines of an article's copy on one grid cell of a page. The worst
 * fault a page can have (neither line can be read), found from the page model, where every line
 * of copy flowing through the columns names the cell of its baseline.
 */
import type { Diagnostic } from '../diagnostics.js';
import { glyphBox, type GridCell, type PageModel, type TextBlock, type TextLine } from '../place/page-model.js';

/** Points two glyph boxes may touch by without standing over one another (rounding of their positions). */
const EPSILON = 0.01;

/** Where a line's glyphs stand across its column: from the left of the first to the right of the last (none for a line of no glyph). */
function extent(line: TextLine): { left: number; right: number } | undefined {
  const boxes = line.runs.flatMap((r) => r.glyphs.map((g) => glyphBox(r, g)));
  return boxes.length ? { left: Math.min(...boxes.map((b) => b.x)), right: Math.max(...boxes.map((b) => b.right)) } : undefined;
}

/**
 * The cells that two lines of the copy stand on with their glyphs over one another, each once, in
 * reading order; lines side by side on a cell (a paragraph's first lines beside its drop cap) do not clash.
 */
export function sharedCells(copy: readonly TextBlock[]): GridCell[] {
  const taken = new Map<string, { left: number; right: number }[]>();
  const shared = new Map<string, GridCell>();
  for (const line of copy.flatMap((b) => b.lines)) {
    const span = line.cell && extent(line);
    if (!line.cell || !span) continue;
    const key = `${line.cell.column}/${line.cell.line}`;
    const others = taken.get(key) ?? [];
    if (others.some((o) => o.left < span.right - EPSILON && span.left < o.right - EPSILON)) shared.set(key, line.cell);
    taken.set(key, [...others, span]);
  }
  return [...shared.values()];
}

/** An error for each article on a page whose copy stands twice on a grid cell, naming the first cells. */
export function overlapProblems(pages: readonly PageModel[], file: string): Diagnostic[] {
  return pages.flatMap((page) =>
    page.articles.flatMap((article) => {
      const cells = sharedCells(article.copy);
      if (!cells.length) return [];
      const named = cells.slice(0, 3).map((c) => `column ${c.column} line ${c.line}`).join(', ');
      const more = cells.length > 3 ? ` and ${cells.length - 3} more` : '';
      return [{ severity: 'error' as const, message: `page ${page.number}, article ${article.id}: two lines of text printed on one grid cell (${named}${more})`, file }];
    }),
  );
}
