/**
 * The renderer's two ways out of PDFium: pages encoded as PNGs are drawn as RGB, pages read as
 * pixels (diff, proofs) as RGBA. Both must show the same page, in the file's order, and the
 * same PDF must give the same PNG bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rasterPages, renderPages } from '../../src/preview/render.js';
import { buildIssue } from '../helpers/build.js';
import { issueDir } from '../helpers/issue-dir.js';

const DPI = 30;

/** Two tabloid pages that differ: a headline on the first, a photo slot filling most of the second. */
const TWO_PAGES = `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    articles:
      - id: story
        headline: 第一版的大标题
        body: |
          第一版的正文。
  - number: 2
    articles:
      - id: pic
        frame: { columns: [1, 6], lines: [1, 80] }
        photos:
          - id: p
            columns: 6
            lines: 70
            at: { column: 1, line: 5 }
`;

const collect = async <T>(pages: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
};

/** Largest difference of a colour channel between an RGBA raster and a decoded PNG of it. */
function largestDifference(rgba: Uint8Array, png: Buffer): number {
  const decoded = PNG.sync.read(png);
  let most = 0;
  for (let i = 0; i < rgba.length; i += 4) for (let c = 0; c < 3; c++) most = Math.max(most, Math.abs(rgba[i + c] - decoded.data[i + c]));
  return most;
}

describe('rendering pages', () => {
  let pdf: Buffer;
  let file: string;
  beforeAll(async () => {
    const dir = issueDir({ 'issue.yaml': TWO_PAGES });
    file = (await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') })).pdf!;
    pdf = readFileSync(file);
  }, 60_000);

  it('encodes each page, in order, as the pixels it reads for that page', async () => {
    const rasters = await collect(rasterPages(pdf, DPI, file));
    const images = await collect(renderPages(pdf, { dpi: DPI, file }));
    expect(images.map((p) => [p.width, p.height])).toEqual(rasters.map((r) => [r.width, r.height]));
    expect(largestDifference(rasters[0].pixels, images[0].image)).toBeLessThanOrEqual(1);
    expect(largestDifference(rasters[1].pixels, images[1].image)).toBeLessThanOrEqual(1);
    // The pages differ, so a page out of order would show.
    expect(largestDifference(rasters[1].pixels, images[0].image)).toBeGreaterThan(100);
  }, 60_000);

  it('gives the same PNG bytes for the same PDF', async () => {
    const first = await collect(renderPages(pdf, { dpi: DPI, file }));
    const again = await collect(renderPages(Buffer.from(pdf), { dpi: DPI, file }));
    expect(again.map((p, i) => p.image.equals(first[i].image))).toEqual([true, true]);
  }, 60_000);
});
