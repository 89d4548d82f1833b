/**
 * A contact sheet: every page of an issue side by side, scaled to one height, with its page
 * number. Pages are read from their image files one at a time; a long issue gets more pages to
 * a row and smaller ones, so that the sheet stays within a bounded number of pixels.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { LABEL_FONT } from './label-font.js';

const PAGES_PER_ROW = 4;
const PAGE_HEIGHT = 600;
const MARGIN = 24;
const LABEL = 28;
/** Most pixels a sheet may have: 200 broadsheet pages still fit at about 430 pixels high. */
const MAX_SHEET_PIXELS = 40_000_000;

export async function contactSheet(images: readonly string[], labels: readonly string[]): Promise<Buffer> {
  const first = await loadImage(images[0]);
  const aspect = first.width / first.height;
  const columns = Math.min(images.length, Math.max(PAGES_PER_ROW, Math.ceil(Math.sqrt(images.length))));
  const rows = Math.ceil(images.length / columns);
  const area = (h: number) => (MARGIN + columns * (Math.round(h * aspect) + MARGIN)) * (MARGIN + rows * (h + LABEL + MARGIN));
  let pageHeight = PAGE_HEIGHT;
  while (pageHeight > 50 && area(pageHeight) > MAX_SHEET_PIXELS) pageHeight -= 10;
  const cell = Math.round(pageHeight * aspect);
  const canvas = createCanvas(MARGIN + columns * (cell + MARGIN), MARGIN + rows * (pageHeight + LABEL + MARGIN));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#e6e6e6';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.font = `18px "${LABEL_FONT}"`;
  ctx.textAlign = 'center';
  for (const [i, file] of images.entries()) {
    const page = i ? await loadImage(file) : first;
    const width = Math.round((page.width * pageHeight) / page.height);
    const x = MARGIN + (i % columns) * (cell + MARGIN) + (cell - width) / 2;
    const y = MARGIN + Math.floor(i / columns) * (pageHeight + LABEL + MARGIN);
    ctx.drawImage(page, x, y, width, pageHeight);
    ctx.strokeStyle = '#999';
    ctx.strokeRect(x, y, width, pageHeight);
    ctx.fillStyle = '#333';
    ctx.fillText(labels[i], x + width / 2, y + pageHeight + LABEL - 6);
  }
  return canvas.encode('png');
}
