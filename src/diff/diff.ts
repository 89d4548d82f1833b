/**
 * `paiban diff BASE NEW`: which pages changed between two builds, where, and how they look now.
 * Pages are matched by number, drawn one pair at a time, and compared pixel by pixel; each
 * changed page gets an image (before beside after, the changes marked on both) and a line in
 * the report (DIR/report.md), with the text that changed.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { readPdf, type PdfPage } from '../check/read-pdf.js';
import { BuildContext } from '../context.js';
import type { Diagnostic } from '../diagnostics.js';
import { makeFolderFor, writeFileAtomically } from '../files.js';
import type { PageGrid, Rect } from '../layout/model.js';
import { encodeRaster } from '../pdf/picture.js';
import { LABEL_FONT } from '../preview/label-font.js';
import { PdfDocument, type PageRaster } from '../preview/render.js';
import { changedRegions } from './regions.js';
import { markdownReport } from './report.js';
import { openSide, readPdfBytes, type SidePage } from './sides.js';
import { modelTextChanges, pdfTextChanges, type TextChange } from './text.js';

export interface ChangedRegion {
  /** Points from the top-left of the page's trim (of the MediaBox, for a PDF whose page model is not known). */
  rect: Rect;
  /** In the page's grid, when it is known: "p3 c5-8 l40-72". */
  grid?: string;
}

export interface PageDiff {
  page: number;
  status: 'unchanged' | 'changed' | 'added' | 'removed';
  regions: ChangedRegion[];
  text: TextChange[];
  /** The image of a changed page, relative to the output folder. */
  image?: string;
}

export interface DiffReport {
  base: string;
  new: string;
  dpi: number;
  pages: PageDiff[];
  changed: boolean;
  diagnostics: Diagnostic[];
}

export interface DiffOptions {
  outDir: string;
  dpi?: number;
  allowOutside?: boolean;
}

const DEFAULT_DPI = 72;

export async function diffBuilds(base: string, next: string, options: DiffOptions): Promise<DiffReport> {
  const dpi = options.dpi ?? DEFAULT_DPI;
  // The folder holds this run's result only: an earlier run's report or images would pass for it, whether this run fails or finds fewer changes.
  removeEarlierResult(options.outDir);
  try {
    return await diffInto(base, next, dpi, options);
  } catch (e) {
    removeEarlierResult(options.outDir);
    throw e;
  }
}

/** The files a diff writes into its folder: the report and each changed page's image. */
const RESULT_FILE = /^(report\.md|p\d{2,}\.png)$/;

function removeEarlierResult(outDir: string): void {
  let names: string[];
  try {
    names = readdirSync(outDir);
  } catch {
    return; // no folder yet, or not a folder: makeFolderFor says so
  }
  for (const name of names) if (RESULT_FILE.test(name)) rmSync(join(outDir, name), { force: true });
}

async function diffInto(base: string, next: string, dpi: number, options: DiffOptions): Promise<DiffReport> {
  const context = new BuildContext();
  const before = await openSide(base, { allowOutside: options.allowOutside, context });
  try {
    const after = await openSide(next, { allowOutside: options.allowOutside, context });
    try {
      makeFolderFor(join(options.outDir, 'report.md'));
      const numbers = [...new Set([...before.pages.keys(), ...after.pages.keys()])].sort((a, b) => a - b);
      const texts = new PdfTexts();
      const pdfs = new OpenPdfs();
      const pages: PageDiff[] = [];
      try {
        for (const number of numbers) pages.push(await diffPage(before.pages.get(number), after.pages.get(number), dpi, options.outDir, pdfs, texts));
      } finally {
        await pdfs.close();
      }
      const report = { base, new: next, dpi, pages, changed: pages.some((p) => p.status !== 'unchanged'), diagnostics: [...before.diagnostics, ...after.diagnostics] };
      writeFileAtomically(join(options.outDir, 'report.md'), markdownReport(report));
      return report;
    } finally {
      after.dispose();
    }
  } finally {
    before.dispose();
  }
}

/** The text of each PDF read once (with pdf.js, as `check` reads it), for sides without page models. */
class PdfTexts {
  private readonly files = new Map<string, Promise<PdfPage[]>>();
  page(p: SidePage): Promise<PdfPage> {
    if (!this.files.has(p.file)) this.files.set(p.file, readPdf(p.file));
    return this.files.get(p.file)!.then((pages) => pages[p.index]);
  }
}

/** Each PDF opened once for the whole diff (an edition's pages are drawn from one opening), and closed at its end. */
class OpenPdfs {
  private readonly docs = new Map<string, Promise<PdfDocument>>();
  async raster(page: SidePage, dpi: number): Promise<PageRaster> {
    if (!this.docs.has(page.file)) this.docs.set(page.file, PdfDocument.open(readPdfBytes(page.file), page.file));
    return (await this.docs.get(page.file)!).raster(page.index, dpi);
  }
  async close(): Promise<void> {
    for (const doc of this.docs.values()) (await doc.catch(() => undefined))?.close();
  }
}

async function diffPage(before: SidePage | undefined, after: SidePage | undefined, dpi: number, outDir: string, pdfs: OpenPdfs, texts: PdfTexts): Promise<PageDiff> {
  const number = (after ?? before)!.number;
  if (!before || !after) return { page: number, status: before ? 'removed' : 'added', regions: [], text: [] };
  const old = await pdfs.raster(before, dpi);
  const now = await pdfs.raster(after, dpi);
  const rects = changedRegions(old, now, dpi);
  // The trim stands in the middle of the MediaBox, inside the bleed and any slug for printer's marks.
  const trim = after.model ? (now.media.width - after.model.width) / 2 : 0;
  const articleAt = (x: number, y: number) =>
    after.model?.articles.find((a) => a.frames.some(({ rect: r }) => x - trim >= r.x - 1 && x - trim <= r.x + r.width && y - trim >= r.y - 1 && y - trim <= r.y + r.height + 1));
  const text = before.model && after.model ? modelTextChanges(before.model, after.model) : pdfTextChanges(await texts.page(before), await texts.page(after), articleAt);
  if (!rects.length && !text.length) return { page: number, status: 'unchanged', regions: [], text: [] };
  const grid = after.grid ?? before.grid;
  const regions = rects.map((r) => {
    const rect = { x: r.x - trim, y: r.y - trim, width: r.width, height: r.height };
    return { rect, ...(grid && { grid: gridTerms(number, rect, grid) }) };
  });
  const image = `p${String(number).padStart(2, '0')}.png`;
  writeFileAtomically(join(outDir, image), await sideBySide(number, old, now, rects, dpi));
  return { page: number, status: 'changed', regions, text, image };
}

/** A rectangle of the page in grid terms: the columns and lines it touches ("p3 c5-8 l40-72"), or where it lies outside the type area. */
export function gridTerms(page: number, r: Rect, grid: PageGrid): string {
  const bottom = grid.top + grid.height;
  if (r.y + r.height <= grid.top) return `p${page} above the type area`;
  if (r.y >= bottom) return `p${page} below the type area`;
  const clamp = (n: number, max: number) => Math.min(max, Math.max(1, n));
  // A column owns half the gutter on each side, a line half the leading above and below its em box.
  const column = (x: number) => clamp(Math.floor((x - grid.left + grid.gutter / 2) / (grid.columnWidth + grid.gutter)) + 1, grid.columns);
  const line = (y: number) => clamp(Math.floor((y - grid.top + (grid.pitch - grid.bodySize) / 2) / grid.pitch) + 1, grid.lines);
  const span = (a: number, b: number) => (a === b ? `${a}` : `${a}-${b}`);
  // Edges taken a point inside: anti-aliasing reaches a pixel beyond what was drawn.
  const inset = (size: number) => Math.min(1, size / 2);
  const [x0, x1] = [r.x + inset(r.width), r.x + r.width - inset(r.width)];
  const [y0, y1] = [r.y + inset(r.height), r.y + r.height - inset(r.height)];
  return `p${page} c${span(column(x0), column(x1))} l${span(line(y0), line(y1))}`;
}

const MARGIN = 20;
const LABEL = 30;

/** The page before (left) and after (right), the changed regions marked on both: outlined before, filled and outlined after. */
async function sideBySide(number: number, old: PageRaster, now: PageRaster, rects: readonly Rect[], dpi: number): Promise<Buffer> {
  const canvas = createCanvas(old.width + now.width + 3 * MARGIN, Math.max(old.height, now.height) + LABEL + 2 * MARGIN);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#e6e6e6';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const top = MARGIN + LABEL;
  const place = (r: PageRaster, x: number) => {
    const image = ctx.createImageData(r.width, r.height);
    image.data.set(r.pixels);
    ctx.putImageData(image, x, top);
  };
  const right = 2 * MARGIN + old.width;
  place(old, MARGIN);
  place(now, right);
  ctx.font = `20px "${LABEL_FONT}"`;
  ctx.fillStyle = '#333';
  ctx.fillText(`p${number} before`, MARGIN, MARGIN + 20);
  ctx.fillText(`p${number} after`, right, MARGIN + 20);
  const scale = dpi / 72;
  mark(ctx, rects, MARGIN, top, scale, false);
  mark(ctx, rects, right, top, scale, true);
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return encodeRaster(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), canvas.width, canvas.height, 'png');
}

function mark(ctx: SKRSContext2D, rects: readonly Rect[], x: number, y: number, scale: number, fill: boolean): void {
  const pad = 2;
  for (const r of rects) {
    const box = [x + r.x * scale - pad, y + r.y * scale - pad, r.width * scale + 2 * pad, r.height * scale + 2 * pad] as const;
    if (fill) {
      ctx.fillStyle = 'rgba(255, 40, 0, 0.18)';
      ctx.fillRect(...box);
    }
    ctx.strokeStyle = fill ? 'rgb(230, 0, 0)' : 'rgb(255, 140, 0)';
    ctx.lineWidth = 2;
    ctx.strokeRect(...box);
  }
}
