/**
 * `paiban preview`: one PNG per page, rendered from the PDF (an issue is built first), a
 * contact sheet when there are several pages, and with `proof` the placement drawn over it.
 */
import { readFileSync } from 'node:fs';
import { MAX_PDF_BYTES, readFileCapped, readProblemText, writeFileAtomically } from '../files.js';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../diagnostics.js';
import { buildIssue, type BuildOptions, type BuildResult } from '../build.js';
import { contactSheet } from './contact-sheet.js';
import { drawProof } from './proof.js';
import { renderPdf, type RenderedPage, type RenderOptions } from './render.js';

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
    const pages = await renderPdf(read.bytes, { dpi });
    const name = basename(file).replace(/\.pdf$/i, '');
    const labels = pages.map((_, i) => `p${i + 1}`);
    return { pdf: file, ...(await writeImages(pages, labels, resolve(options.outDir ?? dirname(file)), name)) };
  }
  const build = await buildIssue(file, options);
  if (!build.pdf) return { build, images: [] };
  const pages = await renderIssue(build, { dpi, proof: options.proof });
  const labels = build.pages.map((p) => `p${p.number}`);
  const name = options.proof ? `${build.issue.name}-proof` : build.issue.name;
  return { build, pdf: build.pdf, ...(await writeImages(pages, labels, dirname(build.pdf), name)) };
}

/** Renders a built issue's PDF, with the proof overlay drawn from its placement if asked. */
export function renderIssue(build: BuildResult, options: { dpi: number; proof?: boolean; format?: 'png' | 'jpeg' }): Promise<RenderedPage[]> {
  const overlay: RenderOptions['overlay'] = options.proof ? (ctx, i, scale, media) => drawProof(ctx, build.pages[i], build.layouts[i].grid, scale, media) : undefined;
  return renderPdf(readFileSync(build.pdf!), { dpi: options.dpi, overlay, format: options.format });
}

/** Each image through a temporary file and a rename: a preview killed while writing leaves no truncated PNG under its name. */
async function writeImages(pages: RenderedPage[], labels: string[], dir: string, name: string): Promise<{ images: string[]; sheet?: string }> {
  const images = pages.map((page, i) => {
    const path = join(dir, `${name}-${labels[i]}.png`);
    writeFileAtomically(path, page.image);
    return path;
  });
  if (pages.length < 2) return { images };
  const sheet = join(dir, `${name}-sheet.png`);
  writeFileAtomically(sheet, await contactSheet(pages, labels));
  return { images, sheet };
}
