/**
 * The pipeline, end to end: load the issue → resolve layouts and fonts → place each page
 * (shaping and composition happen inside placement) → write the PDF → report the fit.
 */
import { basename, join, resolve } from 'node:path';
import { DiagnosticList, hasErrors, type Diagnostic } from './diagnostics.js';
import { loadIssue, type LoadOptions } from './issue/load-issue.js';
import type { Issue } from './issue/model.js';
import { layoutPath, loadLayout } from './layout/load-layout.js';
import type { Layout } from './layout/model.js';
import { placePage } from './place/page.js';
import type { ArticleFit, PageFrame } from './place/page-frame.js';
import { writePdf, type PdfStandard } from './pdf/emit.js';
import { archiveOptions } from './archive/describe.js';
import { inspectPicture } from './pdf/picture.js';
import { oneLine } from './issue/text-hygiene.js';
import { photoResolution } from './print-limits.js';
import { counted } from './wording.js';

export interface BuildOptions extends LoadOptions {
  /** Output folder; default out/<issue name>/. */
  outDir?: string;
  /** Overflowing text is an error, and no PDF is written. */
  strict?: boolean;
  /** PDF/X for the press (default), or PDF/A-2u for the archive, with bookmarks and the issue described in XMP. */
  standard?: PdfStandard;
  /** Name of the PDF without `.pdf`; default the issue's name. */
  fileName?: string;
}

export interface BuildResult {
  issue: Issue;
  pages: PageFrame[];
  /** Layout of each page. */
  layouts: Layout[];
  /** Written PDF, or undefined when errors stopped the build. */
  pdf?: string;
  fits: ArticleFit[];
  diagnostics: Diagnostic[];
}

/** Places every page of an issue; throws InputError on bad input. */
export function composeIssue(file: string, options: LoadOptions = {}): { issue: Issue; pages: PageFrame[]; layouts: Layout[]; diagnostics: Diagnostic[] } {
  const { issue, warnings } = loadIssue(file, options);
  const diags = new DiagnosticList();
  diags.items.push(...warnings);
  const layouts = new Map<string, Layout>();
  const pages: PageFrame[] = [];
  const pageLayouts: Layout[] = [];
  for (const page of issue.pages) {
    const ref = page.spec.layout ?? issue.spec.layout;
    if (!ref) {
      diags.error('page has no layout, and the issue names none', issue.locate(page.path));
      continue;
    }
    const path = layoutPath(ref, issue.dir);
    let layout = layouts.get(path);
    if (!layout) {
      layout = loadLayout(path);
      layouts.set(path, layout);
    }
    pages.push(placePage(issue, page, layout, diags));
    pageLayouts.push(layout);
  }
  diags.throwIfErrors();
  return { issue, pages, layouts: pageLayouts, diagnostics: diags.items };
}

export async function buildIssue(file: string, options: BuildOptions = {}): Promise<BuildResult> {
  const { issue, pages, layouts, diagnostics } = composeIssue(file, options);
  const fits = pages.flatMap((p) => p.fits);
  const result: BuildResult = { issue, pages, layouts, fits, diagnostics };
  const overflowing = fits.filter((f) => f.overflowLines > 0);
  for (const f of overflowing) {
    const article = issue.pages.flatMap((p) => p.articles).find((a) => a.spec.id === f.id);
    diagnostics.push({
      severity: options.strict ? 'error' : 'warning',
      message: overflowMessage(f),
      file: issue.file,
      ...(article && issue.locate([...article.path, 'frame'])),
    });
  }
  // An archive keeps the photos the page was printed with: resolution is the press's concern.
  await checkPictures(pages, diagnostics, options.standard !== 'pdfa');
  // Overset text under --strict, or a photo too coarse to print: no PDF.
  if (hasErrors(diagnostics)) return result;
  const outDir = resolve(options.outDir ?? join('out', issue.name));
  const pdf = join(outDir, `${options.fileName ?? issue.name}.pdf`);
  const print = layouts[0].print;
  const differing = layouts.findIndex((l) => JSON.stringify(l.print) !== JSON.stringify(print));
  if (differing > 0) {
    diagnostics.push({ severity: 'error', message: `page ${pages[differing].number} is on a layout with other print settings than page ${pages[0].number}; one PDF has one set`, ...issue.locate(issue.pages[differing].path) });
    return result;
  }
  if (options.standard === 'pdfa') {
    // An archived page is the page as read: no printer's slug, and so no page information line in it.
    for (const page of pages) page.items = page.items.filter((i) => i.kind !== 'text' || i.role !== 'page_info');
    await writePdf(pages, documentInfo(issue), pdf, { ...print, marks: false }, archiveOptions(issue));
  } else {
    await writePdf(pages, documentInfo(issue), pdf, print);
  }
  result.pdf = pdf;
  return result;
}

/** A photo that cannot be read is reported and its slot drawn as a placeholder, never a crash. */
async function checkPictures(pages: readonly PageFrame[], diagnostics: Diagnostic[], judgeResolution: boolean): Promise<void> {
  for (const page of pages) {
    for (const item of page.items) {
      if (item.kind !== 'picture' || !item.file) continue;
      const found = await inspectPicture(item.file, item.rect.width, item.rect.height);
      const at = item.source ?? { file: item.file };
      if ('problem' in found) {
        diagnostics.push({ severity: 'warning', message: `photo ${basename(item.file)} ${found.problem}; the slot shows a placeholder`, ...at });
        item.file = undefined;
      } else if (judgeResolution) {
        const low = photoResolution(found.ppi);
        if (low) diagnostics.push({ severity: low.severity, message: `photo ${basename(item.file)} prints at ${low.ppi} ppi, below ${low.below}: it will look soft`, ...at });
      }
    }
  }
}

function documentInfo(issue: Issue) {
  const s = issue.spec;
  const headlines = issue.pages.flatMap((p) => p.articles.map((a) => a.spec.headline).filter((h): h is string => !!h).map(oneLine));
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return {
    title: [s.paper, s.edition, s.date].filter(Boolean).join(' '),
    author: s.paper,
    subject: headlines.join('；'),
    keywords: [s.paper, s.edition].filter(Boolean).join(', '),
    date: epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date(`${s.date}T00:00:00Z`),
  };
}

/** What is said of an article whose text does not fit its frame (by build as a warning, by check as an error). */
export const overflowMessage = (f: ArticleFit) => `article "${f.id}" on page ${f.page} overflows its frame by ${counted(f.overflowLines, 'line')} (${counted(f.overflowChars, 'character')})`;
