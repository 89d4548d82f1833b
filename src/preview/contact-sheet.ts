/** A contact sheet: every page of an issue side by side, scaled to one height, with its page number. */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { LABEL_FONT } from './label-font.js';
import type { RenderedPage } from './render.js';

const PAGES_PER_ROW = 4;
const PAGE_HEIGHT = 600;
const MARGIN = 24;
const LABEL = 28;

export async function contactSheet(pages: readonly RenderedPage[], labels: readonly string[]): Promise<Buffer> {
  const widths = pages.map((p) => Math.round((p.width * PAGE_HEIGHT) / p.height));
  const cell = Math.max(...widths);
  const columns = Math.min(PAGES_PER_ROW, pages.length);
  const rows = Math.ceil(pages.length / columns);
  const canvas = createCanvas(MARGIN + columns * (cell + MARGIN), MARGIN + rows * (PAGE_HEIGHT + LABEL + MARGIN));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#e6e6e6';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.font = `18px "${LABEL_FONT}"`;
  ctx.textAlign = 'center';
  for (const [i, page] of pages.entries()) {
    const x = MARGIN + (i % columns) * (cell + MARGIN) + (cell - widths[i]) / 2;
    const y = MARGIN + Math.floor(i / columns) * (PAGE_HEIGHT + LABEL + MARGIN);
    ctx.drawImage(await loadImage(page.image), x, y, widths[i], PAGE_HEIGHT);
    ctx.strokeStyle = '#999';
    ctx.strokeRect(x, y, widths[i], PAGE_HEIGHT);
    ctx.fillStyle = '#333';
    ctx.fillText(labels[i], x + widths[i] / 2, y + PAGE_HEIGHT + LABEL - 6);
  }
  return canvas.encode('png');
}
