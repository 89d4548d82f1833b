/**
 * `paiban preview`: one PNG per page, rendered from the PDF (an issue is built first), a
 * contact sheet when there are several pages, and with `proof` the placement drawn over it.
 */
import { readFileSync, rmSync } from 'node:fs';
import { MAX_PDF_BYTES, readFileCapped, readProblemText, writeFileAtomically } from '../files.js';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../diagnostics.js';
import { buildIssue, type BuildOptions, type BuildResult } from '../build.js';
import { contactSheet } from './contact-sheet.js';
import { drawProof } from './proof.js';
import { renderPages, type RenderedPage, type RenderOptions } from './render.js';

const DEFAULT_DPI = 100;

export interface PreviewOptions extends BuildOptions {
  dpi?: number;
  /** Draw the grids, frames, overset text and empty lines over each page. */
  proof?: boolean;
}

export interface PreviewResult {
  /** Set when the preview was of an issue file. */
  build?: BuildResult;
  pdf?: string;
  images: string[];
  sheet?: string;
}

export async function preview(file: string, options: PreviewOptions = {}): Promise<PreviewResult> {
  const dpi = options.dpi ?? DEFAULT_DPI;
  if (/\.pdf$/i.test(file)) {
    if (options.proof) throw new InputError([{ severity: 'error', message: '--proof needs the issue file: a PDF holds no grid or frames', file }]);
    const read = readFileCapped(file, MAX_PDF_BYTES);
    if (!('bytes' in read)) throw new InputError([{ severity: 'error', message: readProblemText('PDF', read, MAX_PDF_BYTES), file }]);
    const name = basename(file).replace(/\.pdf$/i, '');
    return { pdf: file, ...(await writeImages(renderPages(read.bytes, { dpi, file }), (i) => `p${i + 1}`, resolve(options.outDir ?? dirname(file)), name)) };
  }
  const build = await buildIssue(file, options);
  if (!build.pdf) return { build, images: [] };
  const name = options.proof ? `${build.issue.name}-proof` : build.issue.name;
  return { build, pdf: build.pdf, ...(await writeImages(issuePages(build, { dpi, proof: options.proof }), (i) => `p${build.pages[i].number}`, dirname(build.pdf), name)) };
}

/** A built issue's PDF rendered page by page, with the proof overlay drawn from its placement if asked. */
function issuePages(build: BuildResult, options: { dpi: number; proof?: boolean; format?: 'png' | 'jpeg' }): AsyncGenerator<RenderedPage> {
  const overlay: RenderOptions['overlay'] = options.proof ? (ctx, i, scale, media) => drawProof(ctx, build.pages[i], build.layouts[i].grid, scale, media) : undefined;
  return renderPages(readFileSync(build.pdf!), { dpi: options.dpi, overlay, format: options.format, file: build.pdf! });
}

/** Renders a built issue's PDF, every page kept: for a few pages at a time (the watch page). */
export async function renderIssue(build: BuildResult, options: { dpi: number; proof?: boolean; format?: 'png' | 'jpeg' }): Promise<RenderedPage[]> {
  const pages: RenderedPage[] = [];
  for await (const page of issuePages(build, options)) pages.push(page);
  return pages;
}

/**
 * Each image written as soon as it is drawn, so that memory does not grow with the pages, and
 * through a temporary file and a rename: a preview killed while writing leaves no truncated PNG
 * under its name. The contact sheet is drawn from the files. A page that cannot be drawn takes
 * the images of the pages before it away with it: no preview is left half made.
 */
async function writeImages(pages: AsyncIterable<RenderedPage>, label: (index: number) => string, dir: string, name: string): Promise<{ images: string[]; sheet?: string }> {
  const images: string[] = [];
  try {
    for await (const page of pages) {
      const path = join(dir, `${name}-${label(images.length)}.png`);
      writeFileAtomically(path, page.image);
      images.push(path);
    }
  } catch (e) {
    for (const image of images) rmSync(image, { force: true });
    throw e;
  }
  if (images.length < 2) return { images };
  const sheet = join(dir, `${name}-sheet.png`);
  writeFileAtomically(sheet, await contactSheet(images, images.map((_, i) => label(i))));
  return { images, sheet };
}
