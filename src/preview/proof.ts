/**
 * The proof overlay: the page's column grid, baseline grid, article frames and ids drawn
 * over the rendered page, text that does not fit marked in red where it stops (the overset
 * marker), and the empty lines of frames shaded. All geometry comes from placement.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import { EM_ASCENT, type PageGrid, type Rect } from '../layout/model.js';
import type { ArticleFit, GlyphRun, PageFrame } from '../place/page-frame.js';
import { LABEL_FONT } from './label-font.js';

const GUIDE = 'rgba(150, 60, 220, 0.55)';
const BASELINE = 'rgba(0, 150, 220, 0.35)';
const FRAME = 'rgba(0, 110, 255, 0.9)';
const OVERSET = 'rgb(230, 0, 0)';
const EMPTY = 'rgba(255, 170, 0, 0.35)';

/** Parts of the headline block: they take whole lines across the frame, however narrow their text. */
const HEADLINE_ROLES = new Set(['label', 'kicker', 'headline', 'subtitle', 'author']);
/** What flows through the columns; captions and credits stand with their photos. */
const FLOW_ROLES = new Set(['byline', 'body', 'section_heading', 'section_subtitle']);

/** Draws the proof of `page` on a context whose origin is the top-left of a MediaBox `media` points wide, at `scale` pixels per point. */
export function drawProof(ctx: SKRSContext2D, page: PageFrame, grid: PageGrid, scale: number, media: { width: number }): void {
  ctx.scale(scale, scale);
  // The trim stands in the middle of the MediaBox, inside the bleed and any slug for printer's marks.
  const margin = (media.width - page.width) / 2;
  ctx.translate(margin, margin);
  const hairline = 1 / scale;
  drawBaselines(ctx, grid, hairline);
  drawColumns(ctx, grid, hairline);
  for (const fit of page.fits) {
    ctx.fillStyle = EMPTY;
    for (const cell of emptyCells(page, grid, fit)) ctx.fillRect(cell.x, cell.y, cell.width, cell.height);
    drawFrame(ctx, grid, fit, hairline);
    if (fit.overflowLines > 0) drawOverset(ctx, page, grid, fit);
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

function drawFrame(ctx: SKRSContext2D, grid: PageGrid, fit: ArticleFit, hairline: number): void {
  ctx.strokeStyle = FRAME;
  ctx.lineWidth = 3 * hairline;
  for (const r of frameRects(grid, fit)) ctx.strokeRect(r.x, r.y, r.width, r.height);
  const first = frameRects(grid, fit)[0];
  const size = grid.bodySize;
  ctx.font = `${size}px "${LABEL_FONT}"`;
  const label = fit.id;
  const width = ctx.measureText(label).width + size * 0.6;
  ctx.fillStyle = FRAME;
  // Above the frame's top edge, where it hides none of the frame's text.
  ctx.fillRect(first.x, first.y - size * 1.4, width, size * 1.4);
  ctx.fillStyle = '#fff';
  ctx.textAlign = 'left';
  ctx.fillText(label, first.x + size * 0.3, first.y - size * 0.35);
}

/** InDesign's overset marker: the last line set underlined in red, a red ⊞ at the frame's out port, and what is left over. */
function drawOverset(ctx: SKRSContext2D, page: PageFrame, grid: PageGrid, fit: ArticleFit): void {
  const size = grid.bodySize;
  ctx.strokeStyle = OVERSET;
  ctx.fillStyle = OVERSET;
  ctx.lineWidth = size * 0.15;
  const last = lastBodyRun(page, fit.id);
  if (last) {
    const box = runBox(last);
    ctx.strokeRect(box.x, box.y, box.width, box.height);
  }
  const rects = frameRects(grid, fit);
  const end = rects[rects.length - 1];
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

function frameRects(grid: PageGrid, fit: ArticleFit): Rect[] {
  return fit.frame.map((f) => grid.rect(f.columns[0], f.columns[1], f.lines[0], f.lines[1]));
}

function lastBodyRun(page: PageFrame, article: string): GlyphRun | undefined {
  const runs = page.items.filter((i): i is GlyphRun => i.kind === 'text' && i.article === article && i.role === 'body');
  return runs[runs.length - 1];
}

/** The em boxes of a run's glyphs, end to end. */
function runBox(run: GlyphRun): Rect {
  const first = run.glyphs[0];
  const last = run.glyphs[run.glyphs.length - 1];
  const right = last.x + last.advance * run.size * run.hScale;
  return { x: first.x, y: run.baseline - EM_ASCENT * run.size, width: right - first.x, height: run.size };
}

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Grid cells of a frame that its text left empty. Text flows down each column, so a run of
 * free lines followed by more text is designed space (before a heading, under a caption);
 * one that ends at a photo or the frame's foot is where the text stopped short. The
 * headline block's lines, and a boxed frame's white first and last lines, are not counted.
 */
export function emptyCells(page: PageFrame, grid: PageGrid, fit: ArticleFit): Rect[] {
  if (fit.emptyLines === 0) return [];
  const text: Rect[] = [];
  const headline: Rect[] = [];
  const captions: Rect[] = [];
  for (const item of page.items) {
    if (item.kind !== 'text' || item.article !== fit.id || !item.glyphs.length) continue;
    if (HEADLINE_ROLES.has(item.role)) headline.push(runBox(item));
    else if (FLOW_ROLES.has(item.role)) text.push(runBox(item));
    else captions.push(runBox(item));
  }
  const photos = page.items.flatMap((i) => (i.kind === 'picture' && i.article === fit.id ? [photoArea(i.rect, captions, grid)] : []));
  // The headline block takes its lines across the frame, down to where the text starts.
  const headlineGlyphsFoot = Math.max(0, ...headline.map((b) => b.y + b.height));
  const textTop = Math.min(...text.filter((b) => b.y >= headlineGlyphsFoot).map((b) => b.y));
  const headlineBlockFoot = Number.isFinite(textTop) ? textTop : headlineGlyphsFoot;
  const cells: Rect[] = [];
  for (const f of fit.frame) {
    const frameRect = grid.rect(f.columns[0], f.columns[1], f.lines[0], f.lines[1]);
    const boxed = page.items.some((i) => i.kind === 'rect' && i.stroke && sameRect(i.rect, frameRect));
    const [firstLine, lastLine] = boxed ? [f.lines[0] + 1, f.lines[1] - 1] : f.lines;
    const headlineFoot = headline.some((b) => overlaps(b, frameRect)) ? headlineBlockFoot : 0;
    for (let column = f.columns[0]; column <= f.columns[1]; column++) {
      const cell = (line: number) => grid.rect(column, column, line, line);
      let free: Rect[] = [];
      for (let line = firstLine; line <= lastLine; line++) {
        const c = cell(line);
        if (c.y < headlineFoot) continue;
        if (text.some((b) => overlaps(b, c))) free = [];
        else if (photos.some((b) => overlaps(b, c))) {
          cells.push(...free);
          free = [];
        } else free.push(c);
      }
      cells.push(...free);
    }
  }
  return cells;
}

/** A photo takes its columns down to the foot of its caption lines, however short they are. */
function photoArea(picture: Rect, captions: readonly Rect[], grid: PageGrid): Rect {
  const area = { ...picture };
  for (const c of captions.filter((c) => overlaps(c, { ...picture, height: picture.height + grid.pitch * 10 })).sort((a, b) => a.y - b.y)) {
    const bottom = area.y + area.height;
    if (c.y > bottom + grid.pitch) break;
    area.height = Math.max(area.height, c.y + c.height - area.y);
  }
  return area;
}

const sameRect = (a: Rect, b: Rect) => Math.abs(a.x - b.x) + Math.abs(a.y - b.y) + Math.abs(a.width - b.width) + Math.abs(a.height - b.height) < 0.01;
