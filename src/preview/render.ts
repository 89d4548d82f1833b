/**
 * Pages rendered from the PDF as written: PDFium (compiled to WebAssembly, from npm) draws each
 * page with the fonts embedded in the file, so a preview shows exactly what a printer receives.
 * Pages are drawn one at a time, each encoded while the next is drawn and handed on then, so
 * that memory follows the largest page (two at most), not the number of pages. PDFium was kept
 * over pdf.js on a canvas because it draws a broadsheet page four to five times faster (README,
 * Performance).
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { InputError } from '../diagnostics.js';
import { encodeRaster } from '../pdf/picture.js';
import { streamBombProblem } from '../pdf/pdf-streams.js';

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

/** A page drawn to pixels. */
export interface PageRaster {
  /** Position in the file, from 0. */
  index: number;
  /** The page's label (PageLabels), when the file gives it one: paiban's PDFs label each page with its number (版次). */
  label?: string;
  /** MediaBox size in points. */
  media: { width: number; height: number };
  width: number;
  height: number;
  /** RGBA, row by row, on white. */
  pixels: Uint8Array;
}

/** Bytes a pixel: RGBA, or RGB for pages drawn to be encoded. */
export type PixelLayout = 3 | 4;
const RGB = 3;
const RGBA = 4;

/** A page drawn to pixels of `bytesPerPixel` bytes each, on white. */
export interface DrawnPage extends Omit<PageRaster, 'label' | 'pixels'> {
  bytesPerPixel: PixelLayout;
  pixels: Uint8Array;
}

/** Most pixels one page may have (400 MB drawn): a broadsheet page at 600 dpi has 118 million. */
export const MAX_PAGE_PIXELS = 150_000_000;

/** The part of PDFium's C interface used here. */
interface Pdfium {
  HEAPU8: Uint8Array;
  wasmExports: { malloc(size: number): number; free(ptr: number): void };
  _FPDF_InitLibrary(): void;
  _FPDF_LoadMemDocument(data: number, size: number, password: number): number;
  _FPDF_GetLastError(): number;
  _FPDF_GetPageCount(doc: number): number;
  _FPDF_GetPageLabel(doc: number, index: number, buffer: number, length: number): number;
  _FPDF_LoadPage(doc: number, index: number): number;
  _FPDF_GetPageWidthF(page: number): number;
  _FPDF_GetPageHeightF(page: number): number;
  _FPDFBitmap_CreateEx(width: number, height: number, format: number, buffer: number, stride: number): number;
  _FPDFBitmap_FillRect(bitmap: number, left: number, top: number, width: number, height: number, color: number): void;
  _FPDF_RenderPageBitmap(bitmap: number, page: number, x: number, y: number, width: number, height: number, rotate: number, flags: number): void;
  _FPDFBitmap_Destroy(bitmap: number): void;
  _FPDF_ClosePage(page: number): void;
  _FPDF_CloseDocument(doc: number): void;
}

/** PDFium's FPDFBitmap_BGR and FPDFBitmap_BGRA, by bytes a pixel (in RGB order under FPDF_REVERSE_BYTE_ORDER). */
const BITMAP_FORMAT: Record<PixelLayout, number> = { 3: 2, 4: 4 };
/** FPDF_REVERSE_BYTE_ORDER: pixels in RGB(A) order; no LCD text, so no coloured fringes. */
const RENDER_FLAGS = 0x10;
const LOAD_ERRORS: Record<number, string> = { 1: 'unknown error', 2: 'file not found', 3: 'not a PDF, or damaged', 4: 'protected by a password', 5: 'unsupported security handler', 6: 'a page is damaged' };

/** PDFium is loaded and started once per process; only the commands that render load it. */
let engine: Promise<Pdfium> | undefined;
function pdfium(): Promise<Pdfium> {
  engine ??= import('@hyzyla/pdfium').then(async ({ PDFiumModule }) => {
    const module = (await PDFiumModule({})) as unknown as Pdfium;
    module._FPDF_InitLibrary();
    return module;
  });
  return engine;
}

const pdfProblem = (file: string, message: string) => new InputError([{ severity: 'error', message, file }]);

/**
 * A PDF opened in PDFium: its pages counted and labelled, and drawn one by one. Close it when
 * done (its bytes live in PDFium's memory until then).
 */
export class PdfDocument {
  private constructor(
    private readonly m: Pdfium,
    private readonly data: number,
    private readonly doc: number,
    readonly file: string,
    readonly pageCount: number,
  ) {}

  /** `file` names the PDF in errors. */
  static async open(pdf: Buffer, file: string): Promise<PdfDocument> {
    const bomb = streamBombProblem(pdf);
    if (bomb) throw pdfProblem(file, bomb);
    const m = await pdfium();
    const data = m.wasmExports.malloc(pdf.length);
    if (!data) throw pdfProblem(file, 'too large to render');
    m.HEAPU8.set(pdf, data);
    const doc = m._FPDF_LoadMemDocument(data, pdf.length, 0);
    const count = doc ? m._FPDF_GetPageCount(doc) : 0;
    if (count < 1) {
      const why = doc ? 'it has no page that can be read' : LOAD_ERRORS[m._FPDF_GetLastError()] ?? 'unknown error';
      if (doc) m._FPDF_CloseDocument(doc);
      m.wasmExports.free(data);
      throw pdfProblem(file, `cannot be read as a PDF (${why})`);
    }
    return new PdfDocument(m, data, doc, file, count);
  }

  /** The page's label (PageLabels), if the file gives it one. */
  label(index: number): string | undefined {
    const { m } = this;
    const bytes = m._FPDF_GetPageLabel(this.doc, index, 0, 0);
    // Two bytes are the terminator alone: no label.
    if (bytes <= 2) return undefined;
    const at = m.wasmExports.malloc(bytes);
    try {
      m._FPDF_GetPageLabel(this.doc, index, at, bytes);
      return new TextDecoder('utf-16le').decode(m.HEAPU8.subarray(at, at + bytes - 2));
    } finally {
      m.wasmExports.free(at);
    }
  }

  /** Page `index` (from 0) drawn at `dpi` on white. */
  raster(index: number, dpi: number): PageRaster {
    const { bytesPerPixel, ...drawn } = this.draw(index, dpi, RGBA);
    const label = this.label(index);
    return { ...drawn, ...(label !== undefined && { label }) };
  }

  /**
   * Page `index` drawn at `dpi` on white as `bytesPerPixel` 4 (RGBA) or 3 (RGB). Pages to be encoded
   * are drawn as RGB: PDFium composes straight into it, so no alpha channel is copied out of its
   * memory and dropped again by the encoder.
   */
  draw(index: number, dpi: number, bytesPerPixel: PixelLayout): DrawnPage {
    const { m, file } = this;
    const page = m._FPDF_LoadPage(this.doc, index);
    if (!page) throw pdfProblem(file, `cannot be read as a PDF (page ${index + 1} is damaged or not a page)`);
    let buffer = 0;
    let bitmap = 0;
    try {
      const media = { width: m._FPDF_GetPageWidthF(page), height: m._FPDF_GetPageHeightF(page) };
      const width = Math.max(1, Math.round((media.width * dpi) / 72));
      const height = Math.max(1, Math.round((media.height * dpi) / 72));
      if (!(width * height <= MAX_PAGE_PIXELS)) {
        throw pdfProblem(file, `page ${index + 1} is ${Math.round(media.width)}×${Math.round(media.height)} pt, ${width}×${height} pixels at ${dpi} dpi, more than the ${MAX_PAGE_PIXELS / 1e6} million a page may have (a lower --dpi renders it)`);
      }
      const bytes = width * height * bytesPerPixel;
      buffer = m.wasmExports.malloc(bytes);
      if (!buffer) throw pdfProblem(file, `page ${index + 1} is too large to render at ${dpi} dpi`);
      bitmap = m._FPDFBitmap_CreateEx(width, height, BITMAP_FORMAT[bytesPerPixel], buffer, width * bytesPerPixel);
      m._FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xffffffff);
      m._FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, RENDER_FLAGS);
      return { index, media, width, height, bytesPerPixel, pixels: m.HEAPU8.slice(buffer, buffer + bytes) };
    } finally {
      if (bitmap) m._FPDFBitmap_Destroy(bitmap);
      if (buffer) m.wasmExports.free(buffer);
      m._FPDF_ClosePage(page);
    }
  }

  close(): void {
    this.m._FPDF_CloseDocument(this.doc);
    this.m.wasmExports.free(this.data);
  }
}

/** `draw` of each page of the PDF, one page at a time, the document open until the last. */
async function* eachPage<T>(pdf: Buffer, file: string, draw: (doc: PdfDocument, index: number) => T): AsyncGenerator<T> {
  const doc = await PdfDocument.open(pdf, file);
  try {
    for (let index = 0; index < doc.pageCount; index++) yield draw(doc, index);
  } finally {
    doc.close();
  }
}

/** Each page of the PDF drawn at `dpi` on white, one at a time. `file` names the PDF in errors. */
export function rasterPages(pdf: Buffer, dpi: number, file: string): AsyncGenerator<PageRaster> {
  return eachPage(pdf, file, (doc, index) => doc.raster(index, dpi));
}

/** A page's pixels (RGBA) with the overlay drawn over them. */
function overlaid(raster: PageRaster, dpi: number, overlay: NonNullable<RenderOptions['overlay']>): Uint8Array {
  const canvas = createCanvas(raster.width, raster.height);
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(raster.width, raster.height);
  image.data.set(raster.pixels);
  ctx.putImageData(image, 0, 0);
  ctx.save();
  overlay(ctx, raster.index, dpi / 72, raster.media);
  ctx.restore();
  const { data } = ctx.getImageData(0, 0, raster.width, raster.height);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Each page as a PNG (or JPEG), in order. A page is encoded (on a thread of the encoder's) while
 * the next is drawn, so that the two overlap: at most two pages are held at a time.
 */
export async function* renderPages(pdf: Buffer, options: RenderOptions & { file: string }): AsyncGenerator<RenderedPage> {
  const { dpi, overlay, format = 'png' } = options;
  const pages = eachPage(pdf, options.file, (doc, index): DrawnPage => {
    if (!overlay) return doc.draw(index, dpi, RGB);
    const raster = doc.raster(index, dpi);
    return { ...raster, bytesPerPixel: RGBA, pixels: overlaid(raster, dpi, overlay) };
  });
  let encoding: Promise<RenderedPage> | undefined;
  for await (const page of pages) {
    const { width, height } = page;
    const next = encodeRaster(page.pixels, width, height, format, page.bytesPerPixel).then((image) => ({ image, width, height }));
    // Its failure is thrown where it is awaited; a page left behind by a stop or an error is not awaited.
    next.catch(() => undefined);
    if (encoding) yield await encoding;
    encoding = next;
  }
  if (encoding) yield await encoding;
}
