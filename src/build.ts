/**
 * The pipeline, end to end: load the issue → resolve layouts and fonts → place each page
 * (shaping and composition happen inside placement) → write the PDF → report the fit.
 */
import { basename, join, resolve } from 'node:path';
import { BuildContext } from './context.js';
import { DiagnosticList, hasErrors, type Diagnostic } from './diagnostics.js';
import { loadIssue, type LoadOptions } from './issue/load-issue.js';
import { headlinesOf, type Issue } from './issue/model.js';
import { layoutPath, loadLayout } from './layout/load-layout.js';
import type { Layout } from './layout/model.js';
import { placeEdition } from './place/page.js';
import { pageFits, type ArticleFit, type Artwork, type PageModel } from './place/page-model.js';
import { writePdf, type PdfOptions } from './pdf/emit.js';
import { inspectPicture } from './pdf/picture.js';
import { fitInside, inspectArtwork } from './pdf/artwork.js';
import { mastheadSizeProblem } from './place/masthead.js';
import { photoResolution } from './print-limits.js';
import { inMm } from './units.js';
import { pageFileName, pageFilesProblem } from './page-files.js';
import { counted } from './wording.js';
import { fileStamp } from './files.js';
import { planLoadedPage, withPlannedPage, type PagePlan, type Proposal } from './plan/plan.js';

export interface ComposeIssueOptions extends LoadOptions {
  /**
   * What is kept from one build to the next (fonts, layouts, compositions, subsets; context.ts).
   * Give the same context to every build of a running process that rebuilds (watch does); without
   * one a build makes a context for itself alone (context.ts: `once`).
   */
  context?: BuildContext;
  /** A proposal of plan set on the page at this index instead of the frames the page gives (plan --preview). */
  proposal?: { pageIndex: number; proposal: Proposal };
  /** Called once the issue is read, before any page is set. */
  loaded?(issue: Issue): void;
}

export interface BuildOptions extends ComposeIssueOptions {
  /** Output folder; default out/<issue name>/. */
  outDir?: string;
  /** Overflowing text is an error, and no PDF is written. */
  strict?: boolean;
  /**
   * The PDF's standard and how the issue describes itself in it, from the placed pages: by
   * default PDF/X for the press; the archive asks for PDF/A-2u with bookmarks and XMP.
   */
  pdf?: (issue: Issue, pages: readonly PageModel[]) => PdfOptions;
  /** Name of the whole issue's PDF without `.pdf`; default the issue's name. */
  fileName?: string;
  /** Write a PDF per page for the plant, named by this pattern (page-files.ts), or by the layout's when true. */
  pages?: string | true;
  /** Write the whole issue as one PDF; by default only when `pages` is not given. */
  edition?: boolean;
}

export interface BuildResult {
  issue: Issue;
  pages: PageModel[];
  /** Layout of each page. */
  layouts: Layout[];
  /** The whole issue's PDF as written, or undefined when none was asked for or errors stopped the build. */
  pdf?: string;
  /** The PDF of each page, in page order, when asked for. */
  pageFiles?: string[];
  fits: ArticleFit[];
  diagnostics: Diagnostic[];
  /** The plan of each page laid out by `makeup: auto`, its proposal set first. */
  makeups: PagePlan[];
}

/** Places every page of an issue; throws InputError on bad input. */
export function composeIssue(file: string, options: ComposeIssueOptions = {}): { issue: Issue; pages: PageModel[]; layouts: Layout[]; diagnostics: Diagnostic[]; makeups: PagePlan[] } {
  const context = options.context ?? new BuildContext({ once: true });
  const { issue, warnings } = loadIssue(file, { ...options, sources: context.sources });
  options.loaded?.(issue);
  const diags = new DiagnosticList();
  diags.items.push(...warnings);
  const layouts = new Map<string, Layout>();
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
      layout = loadLayout(context, path);
      layouts.set(path, layout);
    }
    pageLayouts.push(layout);
  }
  diags.throwIfErrors();
  const { issue: placed, makeups } = options.proposal ? { issue: withPlannedPage(issue, options.proposal.pageIndex, options.proposal.proposal), makeups: [] } : madeUp(context, issue, pageLayouts, diags);
  diags.throwIfErrors();
  const pages = placeEdition(context, placed, pageLayouts, diags);
  diags.throwIfErrors();
  return { issue: placed, pages, layouts: pageLayouts, diagnostics: diags.items, makeups };
}

/** The issue with each page that asks for `makeup: auto` laid out as plan proposes first. */
function madeUp(context: BuildContext, issue: Issue, layouts: readonly Layout[], diags: DiagnosticList): { issue: Issue; makeups: PagePlan[] } {
  const makeups: PagePlan[] = [];
  let placed = issue;
  issue.pages.forEach((page, i) => {
    if (page.spec.makeup !== 'auto') return;
    // Plan sets each article in many frames: kept compositions save a fifth of its time (measured).
    context.compositions.keepFromNow();
    const plan = planLoadedPage(placed, i, layouts[i], { context, alternatives: 1 });
    const best = plan.proposals[0];
    // A page with nothing to lay out is built as it is.
    if (!plan.planned.length) return;
    if (!best) {
      diags.error(`makeup: auto found no layout for the page's ${counted(plan.planned.length, 'article')} that a build can set; give them frames`, issue.locate([...page.path, 'makeup']));
      return;
    }
    placed = withPlannedPage(placed, i, best);
    makeups.push({ ...plan, issue: placed });
  });
  return { issue: placed, makeups };
}

export async function buildIssue(file: string, options: BuildOptions = {}): Promise<BuildResult> {
  const context = options.context ?? new BuildContext({ once: true });
  const { issue, pages, layouts, diagnostics, makeups } = composeIssue(file, { ...options, context });
  const fits = pages.flatMap(pageFits);
  const result: BuildResult = { issue, pages, layouts, fits, diagnostics, makeups };
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
  const pdfOptions = options.pdf?.(issue, pages) ?? {};
  // An archive keeps the photos the page was printed with: resolution is the press's concern.
  await checkPictures(pages, diagnostics, pdfOptions.standard !== 'pdfa');
  await checkArtworks(context, issue, pages, layouts, diagnostics);
  // Pages are written from the context's last build where nothing changed (pdf/emit.ts); what this build does not use is dropped.
  context.written.begin();
  try {
    await writeFiles(context, result, options, pdfOptions);
  } finally {
    context.written.finish();
  }
  return result;
}

async function writeFiles(context: BuildContext, result: BuildResult, options: BuildOptions, pdfOptions: PdfOptions): Promise<void> {
  const { issue, pages, layouts, diagnostics } = result;
  // Overset text under --strict, or a photo too coarse to print: no PDF.
  if (hasErrors(diagnostics)) return;
  const outDir = resolve(options.outDir ?? join('out', issue.name));
  // An archived page is the page as read: no printer's marks, and no slug.
  const printOf = (layout: Layout) => (pdfOptions.standard === 'pdfa' ? { ...layout.print, marks: false } : layout.print);
  const info = documentInfo(issue);
  if (options.pages) {
    const pattern = options.pages === true ? undefined : options.pages;
    const problem = pattern && pageFilesProblem(pattern);
    if (problem) {
      diagnostics.push({ severity: 'error', message: `--pages: ${problem}`, file: issue.file });
      return;
    }
    const files = pages.map((page, i) => join(outDir, pageFileName(pattern ?? layouts[i].pageFiles, { name: issue.name, date: issue.spec.date, page: page.number, section: page.section })));
    const twice = files.findIndex((f, i) => files.indexOf(f) !== i);
    if (twice >= 0) {
      diagnostics.push({ severity: 'error', message: `pages ${pages[files.indexOf(files[twice])].number} and ${pages[twice].number} would both be written to ${basename(files[twice])}`, file: issue.file });
      return;
    }
    for (const [i, page] of pages.entries()) {
      const print = printOf(layouts[i]);
      const pageOptions = { ...pdfOptions, outline: undefined };
      // A file is written again unless its page model is the one it was written from (place/page.ts
      // keeps a page that did not change), with the same settings, photos and output profile, and
      // it is on disk as written.
      const key = JSON.stringify([info, print, pageOptions, fileStamp(print.profile), photoFiles(page).map((f) => [f, fileStamp(f)])]);
      if (context.written.unchangedFile(files[i], page, key)) continue;
      await writePdf(context, [page], info, files[i], print, pageOptions);
      context.written.wroteFile(files[i], page, key);
    }
    result.pageFiles = files;
  }
  if (options.edition ?? !options.pages) {
    const print = layouts[0].print;
    const differing = layouts.findIndex((l) => JSON.stringify(l.print) !== JSON.stringify(print));
    if (differing > 0) {
      diagnostics.push({ severity: 'error', message: `page ${pages[differing].number} is on a layout with other print settings than page ${pages[0].number}; one PDF has one set`, ...issue.locate(issue.pages[differing].path) });
      return;
    }
    const pdf = join(outDir, `${options.fileName ?? issue.name}.pdf`);
    await writePdf(context, pages, info, pdf, printOf(layouts[0]), pdfOptions);
    result.pdf = pdf;
  }
}

/** The photo files a page embeds. */
const photoFiles = (page: PageModel) => page.articles.flatMap((a) => a.photos.flatMap((p) => (p.file ? [p.file] : [])));

/**
 * A photo that cannot be read is reported and its slot drawn as a placeholder, never a crash.
 * The page model is the context's, kept for the next build: such a page is replaced by a copy
 * whose photo has no file, never changed in place.
 */
async function checkPictures(pages: PageModel[], diagnostics: Diagnostic[], judgeResolution: boolean): Promise<void> {
  for (const [pi, page] of pages.entries()) {
    for (const item of page.articles.flatMap((a) => a.photos)) {
      if (!item.file) continue;
      const found = await inspectPicture(item.file, item.rect.width, item.rect.height, item);
      const at = item.source ?? { file: item.file };
      if ('problem' in found) {
        diagnostics.push({ severity: 'warning', message: `photo ${basename(item.file)} ${found.problem}; the slot shows a placeholder`, ...at });
        const without = { ...item, file: undefined };
        pages[pi] = { ...pages[pi], articles: pages[pi].articles.map((a) => (a.photos.includes(item) ? { ...a, photos: a.photos.map((p) => (p === item ? without : p)) } : a)) };
      } else if (found.uncovered) {
        diagnostics.push({ severity: 'error', message: found.uncovered, ...(item.scaling?.source ?? at) });
      } else if (judgeResolution) {
        const low = photoResolution(found.ppi);
        if (low) diagnostics.push({ severity: low.severity, message: `photo ${basename(item.file)} prints at ${low.ppi} ppi, below ${low.below}: it will look soft`, ...at });
      }
    }
  }
}

const mm = (pt: number) => +inMm(pt).toFixed(1);

/**
 * Advertisements and logos, read before the page is written: preflight's findings on each file,
 * an advertisement whose proportions are off its slot by more than the layout allows (it is
 * placed whole, never cropped, so it would stand in white), and the rule that the paper's name be
 * the largest type on the page with a masthead.
 */
async function checkArtworks(context: BuildContext, issue: Issue, pages: readonly PageModel[], layouts: readonly Layout[], diagnostics: Diagnostic[]): Promise<void> {
  // A file placed alike on several pages (an advertisement booked for each copy) is read and
  // checked once, and not again in a rebuild while the file is unchanged.
  const inspect = async (art: Artwork, inkLimit: number) => {
    const key = JSON.stringify([art.kind, art.file, art.rect.width, art.rect.height, inkLimit]);
    const kept = context.artworks.get(key);
    if (kept) return kept;
    const stamp = fileStamp(art.file);
    return context.artworks.set(key, await inspectArtwork(art, inkLimit), [[art.file, stamp]]);
  };
  for (const [pi, page] of pages.entries()) {
    const layout = layouts[pi];
    let logoHeight: number | undefined;
    const pieces = [
      ...page.ads.map((ad) => ({ art: ad.art, what: `advertisement "${ad.id}" (${basename(ad.art.file)})`, ad })),
      ...page.furniture.flatMap((f) => (f.art ?? []).map((art) => ({ art, what: `logo ${basename(art.file)}`, ad: undefined }))),
    ];
    for (const { art, what, ad } of pieces) {
      const at = art.source ?? { file: art.file };
      const facts = await inspect(art, layout.print.inkLimit);
      if ('problem' in facts) {
        diagnostics.push({ severity: 'error', message: `${what} ${facts.problem}`, ...at });
        continue;
      }
      for (const f of facts.findings) diagnostics.push({ severity: f.severity, message: `${what} ${f.message}`, ...at });
      if (!ad) logoHeight = fitInside(art.rect, facts.width, facts.height).height;
      const off = facts.width / facts.height / (art.rect.width / art.rect.height) - 1;
      if (ad && Math.abs(off) > layout.ads.tolerance + 1e-9) {
        const size = art.kind === 'pdf' ? `${mm(facts.width)} × ${mm(facts.height)} mm` : `${facts.width} × ${facts.height} pixels`;
        diagnostics.push({
          severity: 'error',
          message: `${what} is ${size}, and the slot it fills ${mm(art.rect.width)} × ${mm(art.rect.height)} mm (columns ${ad.slot.columns.join('–')}, lines ${ad.slot.lines.join('–')}${layout.ads.labelAt === 'none' ? '' : ', less the label\'s line'}): ${off > 0 ? 'wider' : 'taller'} by ${Math.round(Math.abs(off) * 100)} %, more than the ${+(layout.ads.tolerance * 100).toFixed(1)} % allowed; an advertisement is placed whole, never cropped`,
          ...at,
        });
      }
    }
    const size = mastheadSizeProblem(page, logoHeight);
    if (size) diagnostics.push({ severity: 'error', message: size, ...issue.locate([...issue.pages[pi].path, 'masthead']) });
  }
}

function documentInfo(issue: Issue) {
  const s = issue.spec;
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return {
    title: [s.paper, s.edition, s.date].filter(Boolean).join(' '),
    author: s.paper,
    subject: headlinesOf(issue).join('；'),
    keywords: [s.paper, s.edition].filter(Boolean).join(', '),
    date: epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date(`${s.date}T00:00:00Z`),
  };
}

/** What is said of an article whose text does not fit its frame (by build as a warning, by check as an error). */
export const overflowMessage = (f: ArticleFit) => `article "${f.id}" on page ${f.page} overflows its frame by ${counted(f.overflowLines, 'line')} (${counted(f.overflowChars, 'character')})`;
