/**
 * The proof overlay: the page's column grid, baseline grid, article frames and ids drawn
 * over the rendered page, text that does not fit marked in red where it stops (the overset
 * marker), and the empty lines of frames shaded. All geometry comes from placement.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { PageGrid, Rect } from '../layout/model.js';
import { glyphBox, type GlyphRun, type PageModel, type PlacedArticle } from '../place/page-model.js';
import { LABEL_FONT } from './label-font.js';

const GUIDE = 'rgba(150, 60, 220, 0.55)';
const BASELINE = 'rgba(0, 150, 220, 0.35)';
const FRAME = 'rgba(0, 110, 255, 0.9)';
const OVERSET = 'rgb(230, 0, 0)';
const EMPTY = 'rgba(255, 170, 0, 0.35)';

/** Draws the proof of `page` on a context whose origin is the top-left of a MediaBox `media` points wide, at `scale` pixels per point. */
export function drawProof(ctx: SKRSContext2D, page: PageModel, grid: PageGrid, scale: number, media: { width: number }): void {
  ctx.scale(scale, scale);
  // The trim stands in the middle of the MediaBox, inside the bleed and any slug for printer's marks.
  const margin = (media.width - page.width) / 2;
  ctx.translate(margin, margin);
  const hairline = 1 / scale;
  drawBaselines(ctx, grid, hairline);
  drawColumns(ctx, grid, hairline);
  for (const article of page.articles) {
    ctx.fillStyle = EMPTY;
    for (const cell of emptyCells(article, grid)) ctx.fillRect(cell.x, cell.y, cell.width, cell.height);
    drawFrame(ctx, article, hairline, grid.bodySize);
    // Text left over shows where the story ends: on the last page it goes on to.
    const last = !article.part || article.part.index === article.part.count - 1;
    if (article.fit.overflowLines > 0 && last) drawOverset(ctx, article, grid.bodySize);
  }
}

function drawBaselines(ctx: SKRSContext2D, grid: PageGrid, hairline: number): void {
  ctx.strokeStyle = BASELINE;
  ctx.lineWidth = hairline;
  ctx.fillStyle = BASELINE;
  ctx.font = `${grid.bodySize * 0.6}px "${LABEL_FONT}"`;
  ctx.textAlign = 'right';
  ctx.beginPath();
  for (let line = 1; line <= grid.lines; line++) {
    const y = grid.baseline(line);
    ctx.moveTo(grid.left, y);
    ctx.lineTo(grid.left + grid.width, y);
    if (line % 10 === 0 || line === 1) ctx.fillText(String(line), grid.left - 2, y);
  }
  ctx.stroke();
}

function drawColumns(ctx: SKRSContext2D, grid: PageGrid, hairline: number): void {
  ctx.strokeStyle = GUIDE;
  ctx.lineWidth = hairline;
  const top = grid.lineTop(1);
  for (let c = 1; c <= grid.columns; c++) {
    const x = grid.columnLeft(c);
    ctx.strokeRect(x, top, grid.columnWidth, grid.height);
  }
}

function drawFrame(ctx: SKRSContext2D, article: PlacedArticle, hairline: number, size: number): void {
  ctx.strokeStyle = FRAME;
  ctx.lineWidth = 3 * hairline;
  for (const { rect: r } of article.frames) ctx.strokeRect(r.x, r.y, r.width, r.height);
  const first = article.frames[0].rect;
  ctx.font = `${size}px "${LABEL_FONT}"`;
  const label = frameLabel(article);
  const width = ctx.measureText(label).width + size * 0.6;
  ctx.fillStyle = FRAME;
  // Above the frame's top edge, where it hides none of the frame's text.
  ctx.fillRect(first.x, first.y - size * 1.4, width, size * 1.4);
  ctx.fillStyle = '#fff';
  ctx.textAlign = 'left';
  ctx.fillText(label, first.x + size * 0.3, first.y - size * 0.35);
}

/** The label over an article's frame: its id, and for a part of a story that jumps the pages it comes from and goes on to (p1 → lead, lead → p3). */
export function frameLabel(article: PlacedArticle): string {
  const part = article.part;
  return `${part?.from ? `p${part.from} → ` : ''}${article.id}${part?.to ? ` → p${part.to}` : ''}`;
}

/** InDesign's overset marker: the last line set underlined in red, a red ⊞ at the frame's out port, and what is left over. */
function drawOverset(ctx: SKRSContext2D, article: PlacedArticle, size: number): void {
  const fit = article.fit;
  ctx.strokeStyle = OVERSET;
  ctx.fillStyle = OVERSET;
  ctx.lineWidth = size * 0.15;
  const last = article.copy.at(-1)?.lines.at(-1);
  if (last?.runs.length) {
    const box = lineBox(last.runs);
    ctx.strokeRect(box.x, box.y, box.width, box.height);
  }
  const end = article.frames[article.frames.length - 1].rect;
  const port = { x: end.x + end.width - size * 1.2, y: end.y + end.height - size * 1.2, side: size * 1.2 };
  ctx.fillRect(port.x, port.y, port.side, port.side);
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = size * 0.15;
  ctx.beginPath();
  ctx.moveTo(port.x + port.side * 0.2, port.y + port.side / 2);
  ctx.lineTo(port.x + port.side * 0.8, port.y + port.side / 2);
  ctx.moveTo(port.x + port.side / 2, port.y + port.side * 0.2);
  ctx.lineTo(port.x + port.side / 2, port.y + port.side * 0.8);
  ctx.stroke();
  ctx.font = `bold ${size}px "${LABEL_FONT}"`;
  ctx.textAlign = 'right';
  ctx.fillText(`+${fit.overflowLines} lines (${fit.overflowChars} characters)`, port.x - size * 0.3, port.y + size);
}

/** The em boxes of a line's glyphs, end to end (across a line, or down a column of vertical text). */
function lineBox(runs: readonly GlyphRun[]): Rect {
  const boxes = runs.flatMap((run) => run.glyphs.map((g) => glyphBox(run, g)));
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.right)) - x, height: Math.max(...boxes.map((b) => b.bottom)) - y };
}

/** The grid cells of an article's frame that its copy left empty, as placement counted them. */
export function emptyCells(article: PlacedArticle, grid: PageGrid): Rect[] {
  return article.emptyCells.map((c) => grid.rect(c.column, c.column, c.line, c.line));
}
