/**
 * A contact sheet: every page of an issue side by side, scaled to one height, with its page
 * number. Pages are read from their image files one at a time, each scaled as it is read; a long
 * issue gets more pages to a row and smaller ones, so that the sheet stays within a bounded
 * number of pixels and its memory does not grow with the pages.
 */
import { createCanvas } from '@napi-rs/canvas';
import { encodeRaster, scaledPixels } from '../pdf/picture.js';
import { LABEL_FONT } from './label-font.js';

const PAGES_PER_ROW = 4;
const PAGE_HEIGHT = 600;
const MARGIN = 24;
const LABEL = 28;
/** Most pixels a sheet may have: 200 broadsheet pages still fit at about 270 pixels high. */
const MAX_SHEET_PIXELS = 16_000_000;

export async function contactSheet(images: readonly string[], labels: readonly string[]): Promise<Buffer> {
  const probe = await scaledPixels(images[0], 100);
  const aspect = probe.width / probe.height;
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
    const page = await scaledPixels(file, pageHeight);
    const width = Math.min(cell, page.width);
    const x = Math.round(MARGIN + (i % columns) * (cell + MARGIN) + (cell - width) / 2);
    const y = MARGIN + Math.floor(i / columns) * (pageHeight + LABEL + MARGIN);
    const image = ctx.createImageData(page.width, page.height);
    image.data.set(page.pixels);
    ctx.putImageData(image, x, y, 0, 0, width, page.height);
    ctx.strokeStyle = '#999';
    ctx.strokeRect(x, y, width, pageHeight);
    ctx.fillStyle = '#333';
    ctx.fillText(labels[i], x + width / 2, y + pageHeight + LABEL - 6);
  }
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return encodeRaster(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), canvas.width, canvas.height, 'png');
}
