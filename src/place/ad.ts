/**
 * Advertisements: a slot on the grid — columns and lines, or millimetres from a grid cell —
 * holding a file placed whole (pdf/emit.ts fits it inside, never cropping), and the 广告
 * label on the slot's top or bottom grid line, as the layout says.
 */
import type { CompositionStore } from './typeset.js';
import type { DiagnosticList } from '../diagnostics.js';
import type { AdSpec, Issue, Page } from '../issue/model.js';
import { style as styleOf } from '../layout/load-layout.js';
import type { Layout, PageGrid, Rect } from '../layout/model.js';
import { toPoints } from '../units.js';
import { inGrid, type GridArea } from './grid-area.js';
import type { PlacedAd } from './page-model.js';
import { placeLine, setText } from './typeset.js';

/** The slot of an advertisement: the grid area it takes and its rectangle, or null when it leaves the grid. */
export function adSlot(ad: AdSpec, grid: PageGrid): { area: GridArea; rect: Rect } | null {
  if (!ad.at) {
    if (!ad.columns || !ad.lines) return null;
    const area = { columns: ad.columns, lines: ad.lines };
    return inGrid(grid, area) ? { area, rect: grid.rect(ad.columns[0], ad.columns[1], ad.lines[0], ad.lines[1]) } : null;
  }
  const at = ad.at;
  const x = grid.columnLeft(at.column);
  const y = grid.lineTop(at.line);
  const rect = { x, y, width: toPoints(ad.width!), height: toPoints(ad.height!) };
  // The columns and lines the rectangle reaches into.
  let lastColumn = at.column;
  while (lastColumn < grid.columns && grid.columnLeft(lastColumn + 1) < x + rect.width - 1e-6) lastColumn++;
  let lastLine = at.line;
  while (grid.lineTop(lastLine + 1) < y + rect.height - 1e-6) lastLine++;
  const area: GridArea = { columns: [at.column, lastColumn], lines: [at.line, lastLine] };
  const inside = inGrid(grid, area) && x + rect.width <= grid.columnLeft(lastColumn) + grid.columnWidth + 1e-6 && lastLine <= grid.lines;
  return inside ? { area, rect } : null;
}

export function placeAds(context: CompositionStore, issue: Issue, page: Page, layout: Layout, diags: DiagnosticList): PlacedAd[] {
  const grid = layout.grid;
  const { label, labelAt } = layout.ads;
  const placed: PlacedAd[] = [];
  for (const [i, ad] of (page.spec.ads ?? []).entries()) {
    const file = page.adFiles.get(ad.id);
    const path = [...page.path, 'ads', i];
    const slot = adSlot(ad, grid);
    // An advertisement without a slot of its own and none reserved for it was reported with the template.
    if (!ad.at && !ad.lines) continue;
    if (!slot) {
      diags.error(`the slot of advertisement "${ad.id}" lies outside the ${grid.columns}×${grid.lines} grid`, issue.locate(path));
      continue;
    }
    if (!file) {
      // A slot the page's template reserves, which neither the page nor the booking list filled (a file not found is an error already).
      if (ad.file === undefined) diags.warn(`the advertisement slot "${ad.id}" that template "${page.spec.template}" reserves has no advertisement; it stays white`, issue.locate([...page.path, 'template']));
      continue;
    }
    const { area, rect } = slot;
    let artRect = rect;
    let labelBlock: PlacedAd['label'];
    if (labelAt !== 'none') {
      if (area.lines[1] === area.lines[0]) {
        diags.error(`advertisement "${ad.id}" is one grid line high: no room for its label "${label}" (the layout's ads.label_at)`, issue.locate(path));
        continue;
      }
      const s = styleOf(layout, 'ad_label');
      const line = labelAt === 'top' ? area.lines[0] : area.lines[1];
      const set = setText(context, label, s, rect.width, diags, issue.locate(path), { indent: 0, align: 'right' });
      labelBlock = { role: 'ad_label', style: s.name, lines: set.lines.slice(0, 1).map((l) => placeLine(l, s, rect.x, grid.baseline(line) + s.size - grid.bodySize)) };
      // The art keeps clear of the label's line.
      artRect = labelAt === 'top' ? { ...rect, y: rect.y + grid.pitch, height: rect.height - grid.pitch } : { ...rect, height: rect.height - grid.pitch };
    }
    const kind = /\.pdf$/i.test(file) ? ('pdf' as const) : ('image' as const);
    placed.push({ id: ad.id, slot: area, rect, art: { file, kind, rect: artRect, source: issue.locate([...path, 'file']) }, label: labelBlock });
  }
  return placed;
}
