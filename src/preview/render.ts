/**
 * Pages rendered from the PDF as written: pdf.js draws each page onto a Node canvas, with
 * the fonts embedded in the file, so a preview shows exactly what a printer receives.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

export interface RenderOptions {
  /** Pixels per inch. */
  dpi: number;
  /** Draws over a rendered page: `scale` is pixels per point, the origin is the MediaBox's top-left, `media` its size in points. */
  overlay?: (ctx: SKRSContext2D, pageIndex: number, scale: number, media: { width: number; height: number }) => void;
  format?: 'png' | 'jpeg';
}

export interface RenderedPage {
  image: Buffer;
  width: number;
  height: number;
}

export async function renderPdf(pdf: Uint8Array, options: RenderOptions): Promise<RenderedPage[]> {
  // pdf.js is large; only the commands that render load it.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js takes ownership of the bytes it is given (and refuses a Buffer), so it gets a plain copy.
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const scale = options.dpi / 72;
  const pages: RenderedPage[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const viewport = page.getViewport({ scale });
      const canvas = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
      const ctx = canvas.getContext('2d');
      // PDF pages have no paper colour; a preview is printed on white.
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvasContext: ctx as unknown as CanvasRenderingContext2D, viewport }).promise;
      if (options.overlay) {
        ctx.save();
        options.overlay(ctx, p - 1, scale, { width: viewport.width / scale, height: viewport.height / scale });
        ctx.restore();
      }
      const image = options.format === 'jpeg' ? await canvas.encode('jpeg', 85) : await canvas.encode('png');
      pages.push({ image, width: canvas.width, height: canvas.height });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}
