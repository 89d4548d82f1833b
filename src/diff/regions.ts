/**
 * Where two renderings of a page differ, as rectangles: pixels that differ are gathered in
 * square blocks, blocks that touch (or nearly) make one region, and each region is the box of
 * its differing pixels. The renderer draws the same PDF to the same pixels, so any difference
 * is a change of the page.
 */
import type { Rect } from '../layout/model.js';
import type { PageRaster } from '../preview/render.js';

/** Differences closer than this, in points, are one region (and none farther than twice this is): the lines of a paragraph set again (2.6 pt of leading apart) stay together, columns (a 9 pt gutter apart) do not. */
const JOIN_PT = 4;
/** Least difference of a colour channel (of 255) that counts: below it, nothing a reader would see. */
const MIN_CHANNEL_CHANGE = 24;

/** Rectangles, in points from the MediaBox's top-left, where `after` differs from `before`; both drawn at `dpi`. */
export function changedRegions(before: PageRaster, after: PageRaster, dpi: number): Rect[] {
  const toPt = 72 / dpi;
  if (before.width !== after.width || before.height !== after.height) return [{ x: 0, y: 0, width: after.media.width, height: after.media.height }];
  const { width, height } = after;
  const block = Math.max(2, Math.round(JOIN_PT / toPt));
  const bw = Math.ceil(width / block);
  const bh = Math.ceil(height / block);
  // Per block, the box of its differing pixels (left > right while none).
  const left = new Int32Array(bw * bh).fill(width);
  const right = new Int32Array(bw * bh).fill(-1);
  const top = new Int32Array(bw * bh).fill(height);
  const bottom = new Int32Array(bw * bh).fill(-1);
  const a = before.pixels;
  const b = after.pixels;
  for (let y = 0; y < height; y++) {
    const row = y * width * 4;
    const by = ((y / block) | 0) * bw;
    for (let x = 0; x < width; x++) {
      const i = row + x * 4;
      if (Math.abs(a[i] - b[i]) < MIN_CHANNEL_CHANGE && Math.abs(a[i + 1] - b[i + 1]) < MIN_CHANNEL_CHANGE && Math.abs(a[i + 2] - b[i + 2]) < MIN_CHANNEL_CHANGE) continue;
      const k = by + ((x / block) | 0);
      if (x < left[k]) left[k] = x;
      if (x > right[k]) right[k] = x;
      if (y < top[k]) top[k] = y;
      if (y > bottom[k]) bottom[k] = y;
    }
  }
  // Blocks joined with their eight neighbours, region by region.
  const seen = new Uint8Array(bw * bh);
  const regions: Rect[] = [];
  for (let start = 0; start < bw * bh; start++) {
    if (seen[start] || right[start] < 0) continue;
    let x0 = width;
    let x1 = -1;
    let y0 = height;
    let y1 = -1;
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const k = stack.pop()!;
      x0 = Math.min(x0, left[k]);
      x1 = Math.max(x1, right[k]);
      y0 = Math.min(y0, top[k]);
      y1 = Math.max(y1, bottom[k]);
      const kx = k % bw;
      const ky = (k / bw) | 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = kx + dx;
          const ny = ky + dy;
          if (nx < 0 || ny < 0 || nx >= bw || ny >= bh) continue;
          const n = ny * bw + nx;
          if (!seen[n] && right[n] >= 0) {
            seen[n] = 1;
            stack.push(n);
          }
        }
      }
    }
    regions.push({ x: x0 * toPt, y: y0 * toPt, width: (x1 + 1 - x0) * toPt, height: (y1 + 1 - y0) * toPt });
  }
  return regions.sort((p, q) => p.y - q.y || p.x - q.x);
}
