/**
 * One side of a diff — a PDF, a folder of PDFs, or an issue file built first — as its pages
 * by page number (版次): from the page model when it was built here, otherwise from the
 * PDF's page labels (paiban labels every page with its number); for a one-page PDF without
 * labels, from a number ending its file's name (as paiban names page files: news-06.pdf); and
 * only failing these, from the page's place in its file.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildIssue } from '../build.js';
import type { BuildContext } from '../context.js';
import { InputError, type Diagnostic } from '../diagnostics.js';
import { MAX_PDF_BYTES, readFileCapped, readProblemText } from '../files.js';
import type { PageGrid } from '../layout/model.js';
import type { PageModel } from '../place/page-model.js';
import { PdfDocument } from '../preview/render.js';

export interface SidePage {
  number: number;
  /** The PDF holding the page, and the page's place in it (from 0). */
  file: string;
  index: number;
  /** What placement decided, when the side is an issue file built here. */
  model?: PageModel;
  grid?: PageGrid;
}

export interface Side {
  input: string;
  pages: Map<number, SidePage>;
  /** Warnings about the side: pages numbered by position, a number given twice, the build's own. */
  diagnostics: Diagnostic[];
  /** Removes what was built for the side. */
  dispose(): void;
}

const problem = (file: string, message: string) => new InputError([{ severity: 'error', message, file }]);

export function readPdfBytes(file: string): Buffer {
  const read = readFileCapped(file, MAX_PDF_BYTES);
  if (!('bytes' in read)) throw problem(file, read.problem === 'unreadable' ? `cannot read ${file} (${read.code})` : readProblemText('PDF', read, MAX_PDF_BYTES));
  return read.bytes;
}

export async function openSide(input: string, options: { allowOutside?: boolean; context: BuildContext }): Promise<Side> {
  const stat = statSync(input, { throwIfNoEntry: false });
  if (!stat) throw problem(input, `${input} does not exist`);
  if (stat.isDirectory()) {
    const files = readdirSync(input).filter((f) => /\.pdf$/i.test(f)).sort().map((f) => join(input, f));
    if (!files.length) throw problem(input, `${input} holds no PDF`);
    return pdfSide(input, files);
  }
  if (/\.pdf$/i.test(input)) return pdfSide(input, [input]);
  return issueSide(input, options);
}

/** Pages of the PDFs, by label; a number two files give (a page's own PDF and the edition's) is taken from the file with fewer pages. */
async function pdfSide(input: string, files: readonly string[]): Promise<Side> {
  const found: (SidePage & { pagesInFile: number })[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const doc = await PdfDocument.open(readPdfBytes(file), file);
    try {
      let unlabelled = 0;
      const named = doc.pageCount === 1 ? /(?:^|[^0-9])(\d{1,4})\.pdf$/i.exec(basename(file))?.[1] : undefined;
      for (let index = 0; index < doc.pageCount; index++) {
        const label = doc.label(index);
        const number = label !== undefined && /^\d{1,4}$/.test(label) ? Number(label) : named ? Number(named) : (unlabelled++, index + 1);
        found.push({ number, file, index, pagesInFile: doc.pageCount });
      }
      if (unlabelled) diagnostics.push({ severity: 'warning', message: `${file} has no page numbers in its page labels: ${unlabelled} page${unlabelled > 1 ? 's' : ''} numbered by ${unlabelled > 1 ? 'their places' : 'its place'} in the file`, file });
    } finally {
      doc.close();
    }
  }
  const pages = new Map<number, SidePage>();
  for (const page of [...found].sort((a, b) => a.pagesInFile - b.pagesInFile)) {
    const held = pages.get(page.number);
    if (!held) pages.set(page.number, { number: page.number, file: page.file, index: page.index });
    else if (page.pagesInFile === found.find((f) => f.file === held.file)!.pagesInFile) {
      diagnostics.push({ severity: 'warning', message: `page ${page.number} is in both ${held.file} and ${page.file}: the first is compared`, file: input });
    }
  }
  return { input, pages, diagnostics, dispose: () => {} };
}

/** The issue built, a PDF per page, into a temporary folder. */
async function issueSide(input: string, options: { allowOutside?: boolean; context: BuildContext }): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'paiban-diff-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    const built = await buildIssue(input, { outDir: dir, pages: '{page}.pdf', allowOutside: options.allowOutside, context: options.context });
    if (!built.pageFiles) throw new InputError(built.diagnostics);
    const pages = new Map(built.pages.map((model, i) => [model.number, { number: model.number, file: built.pageFiles![i], index: 0, model, grid: built.layouts[i].grid }]));
    return { input, pages, diagnostics: built.diagnostics, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}
