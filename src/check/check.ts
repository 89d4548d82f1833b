/**
 * `paiban check`: what a page really holds, read back from its PDF — fonts and the
 * typographic measures — plus, for an issue file, how each article fits its frame.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIssue, overflowMessage, type ComposeIssueOptions } from '../build.js';
import { InputError, type Diagnostic } from '../diagnostics.js';
import type { LoadOptions } from '../issue/load-issue.js';
import type { Issue } from '../issue/model.js';
import type { PageGrid } from '../layout/model.js';
import type { ArticleFit } from '../place/page-model.js';
import { readPdf, type PdfFont } from './read-pdf.js';
import { measureTypography, type Example, type GridSpec, type TypographyFigures } from './typography.js';
import { overlapProblems } from './overlap.js';
import { DEFAULT_LIMITS, imagePpi, measurePrint, type PrintFigures, type PrintLimits } from './print.js';
import { photoResolution } from '../print-limits.js';
import { counted } from '../wording.js';

export interface CheckReport {
  file: string;
  pages: number;
  fonts: PdfFont[];
  print: PrintFigures;
  typography: TypographyFigures;
  fits?: ArticleFit[];
  diagnostics: Diagnostic[];
}

/** What the build of an issue found, each page as placed (its number, trim width and grid), its display texts, and the limits of the first page's layout. */
interface Built {
  diagnostics: Diagnostic[];
  pages: PlacedPage[];
  displayTexts: string[];
  limits: PrintLimits;
}

interface PlacedPage {
  number: number;
  width: number;
  grid: PageGrid;
}

/** The display texts of an issue's articles as typed: headlines, kickers, subtitles, labels, captions, section headings. */
export const displayTexts = (issue: Issue): string[] =>
  issue.pages.flatMap((p) =>
    p.articles.flatMap(({ spec, blocks }) =>
      [spec.label, spec.kicker, spec.headline, spec.subtitle, spec.author, ...(spec.photos ?? []).map((ph) => ph.caption), ...blocks.flatMap((b) => (b.kind === 'heading' ? [b.text, b.subtitle] : []))].filter((t): t is string => !!t),
    ),
  );

export async function checkFile(file: string, options: LoadOptions & Pick<ComposeIssueOptions, 'loaded'> = {}): Promise<CheckReport> {
  if (/\.pdf$/i.test(file)) return checkPdf(file);
  const dir = mkdtempSync(join(tmpdir(), 'paiban-check-'));
  try {
    const built = await buildIssue(file, { ...options, outDir: dir });
    const pages = built.pages.map((p, i) => ({ number: p.number, width: p.width, grid: built.layouts[i].grid }));
    const limits = { ...DEFAULT_LIMITS, inkLimit: built.layouts[0]?.print.inkLimit ?? DEFAULT_LIMITS.inkLimit };
    if (!built.pdf) throw new InputError(built.diagnostics);
    const report = await checkPdf(built.pdf, { diagnostics: built.diagnostics, pages, displayTexts: displayTexts(built.issue), limits });
    // What was found on the page is the issue's: name the issue file, not the temporary PDF.
    report.diagnostics = report.diagnostics.map((d) => (d.file === built.pdf ? { ...d, file } : d));
    const empty = built.pages.flatMap((p) => p.articles.flatMap((a) => a.photos)).filter((photo) => !photo.file).length;
    if (empty) report.diagnostics.push({ severity: 'warning', message: `${empty} photo slot${empty > 1 ? 's have' : ' has'} no photo and print${empty > 1 ? '' : 's'} as a placeholder`, file });
    // Text that does not fit is an error on the page a plant receives: the build's warning becomes one.
    const overflowing = new Set(built.fits.filter((f) => f.overflowLines).map(overflowMessage));
    report.diagnostics = report.diagnostics.map((d) => (overflowing.has(d.message) ? { ...d, severity: 'error' } : d));
    report.diagnostics.push(...overlapProblems(built.pages, file));
    return { ...report, file, fits: built.fits };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function checkPdf(file: string, built?: Built): Promise<CheckReport> {
  const limits = built?.limits ?? DEFAULT_LIMITS;
  const pages = await readPdf(file);
  const print = await measurePrint(readFileSync(file), pages, limits);
  const fonts = new Map<string, PdfFont>();
  for (const p of pages) for (const f of p.fonts) fonts.set(f.name, f);
  const problems = [...(built?.diagnostics ?? [])];
  for (const f of fonts.values()) {
    if (!f.embedded) problems.push({ severity: 'error', message: `font ${f.name} is not embedded`, file });
    else if (!f.subset) problems.push({ severity: 'warning', message: `font ${f.name} is embedded whole, not subset`, file });
    if (!f.toUnicode) problems.push({ severity: 'error', message: `font ${f.name} has no ToUnicode map: its text cannot be extracted`, file });
  }
  const p = (severity: 'error' | 'warning', message: string) => problems.push({ severity, message, file });
  const rgb = (print.colorSpaces.DeviceRGB ?? 0) + print.rgbOperations;
  if (rgb) p('error', `${rgb} objects or colours in RGB; a plant wants CMYK (and grey)`);
  for (const c of print.overInk.slice(0, 5)) p('error', `colour ${c} is above the ${Math.round(limits.inkLimit * 100)} % ink limit`);
  if (print.richBlackText) p('warning', `${print.richBlackText} text runs in black that is not 100 K alone`);
  if (print.hairlines) p('warning', `${print.hairlines} strokes thinner than ${limits.hairline} pt`);
  for (const img of print.images) {
    if (img.colorSpace !== 'DeviceCMYK' && img.colorSpace !== 'DeviceGray') p('error', `an image of ${img.width}×${img.height} pixels is in ${img.colorSpace}`);
    // JPEG compression moves a few pixels a little above what the profile produced.
    if (img.maxInk !== undefined && img.maxInk > limits.inkLimit + 0.1) p('warning', `an image of ${img.width}×${img.height} pixels reaches ${Math.round(img.maxInk * 100)} % ink`);
  }
  // The trim stands in the middle of the MediaBox, inside the bleed and any slug for printer's marks; the grid is the trim's.
  const placed = built?.pages.map((page, i) => ({ ...page, offset: (pages[i].width - page.width) / 2 }));
  const grids = placed?.map(({ grid, offset }): GridSpec => ({
    pitch: grid.pitch,
    firstBaseline: grid.baseline(1) + offset,
    top: grid.top + offset,
    bottom: grid.top + grid.height + offset,
    displayTexts: built!.displayTexts,
  }));
  const where = (e: Example) => {
    const page = placed?.[e.page - 1];
    return page ? gridPlace(page, e) : `page ${e.page}, line at y=${e.y} pt`;
  };
  const typography = measureTypography(pages, grids);
  // A prohibited mark at a line edge, or a —— or …… split, breaks the rules of composition: an error; spacing over the limit a warning.
  for (const e of typography.kinsoku.examples.slice(0, 10)) p('error', `${where(e)}: "${e.text}" ${e.detail}`);
  if (typography.kinsoku.examples.length > 10) p('error', `${typography.kinsoku.examples.length - 10} more lines break the rules of line starts and ends`);
  for (const e of typography.gaps.examples.slice(0, 5)) p('warning', `${where(e)}: "${e.text}" spaced over 0.15 em between characters (${e.detail})`);
  for (const e of typography.displayBreaks.examples.slice(0, 5)) p('warning', `${where(e)}: "${e.text}" ${e.detail}`);
  if (typography.gaps.examples.length > 5) p('warning', `${typography.gaps.examples.length - 5} more lines spaced over 0.15 em between characters`);
  // What a chief editor sees at once: a line inside a paragraph left (near) empty.
  const holes = [...typography.nearEmptyLines.examples, ...typography.loneLines.examples.filter((e) => !typography.nearEmptyLines.examples.some((n) => n.page === e.page && n.y === e.y && n.x === e.x))];
  for (const e of holes.slice(0, 10)) p('warning', `${where(e)}: "${e.text}" ${e.detail}`);
  if (holes.length > 10) p('warning', `${holes.length - 10} more near-empty lines inside paragraphs`);
  // An issue's photos were judged by its build, at their source and naming their field: not twice.
  if (!built) {
    for (const [i, page] of pages.entries()) {
      for (const [k, img] of page.images.entries()) {
        const low = photoResolution(imagePpi(img));
        if (low) p(low.severity, `image ${k + 1} on page ${i + 1} (${img.pixelWidth}×${img.pixelHeight} pixels) prints at ${low.ppi} ppi, below ${low.below}: it will look soft`);
      }
    }
  }
  return { file, pages: pages.length, fonts: [...fonts.values()], print, typography, diagnostics: problems };
}

/**
 * A line read from a page of an issue, as the build names places: the page's number (版次), the
 * grid column its first glyph stands in and the grid line of its baseline. A line off the type
 * area (a running head) by its baseline.
 */
function gridPlace(page: PlacedPage & { offset: number }, e: Example): string {
  const { grid, offset } = page;
  const line = Math.round((e.y - offset - grid.baseline(1)) / grid.pitch) + 1;
  if (line < 1 || line > grid.lines) return `page ${page.number}, line at y=${+(e.y - offset).toFixed(2)} pt`;
  const step = grid.columnWidth + grid.gutter;
  const column = Math.min(grid.columns, Math.max(1, Math.floor((e.x - offset - grid.left + grid.gutter / 2) / step) + 1));
  return `page ${page.number}, column ${column}, line ${line}`;
}

export function formatCheck(r: CheckReport): string {
  const t = r.typography;
  const out = [
    `${r.file}: ${counted(r.pages, 'page')}`,
    'fonts',
    ...r.fonts.map((f) => `  ${f.name.padEnd(36)} ${f.type.padEnd(20)} ${f.embedded ? 'embedded' : 'NOT EMBEDDED'} ${f.subset ? 'subset' : 'whole'} ${f.toUnicode ? 'ToUnicode' : 'NO ToUnicode'} ${(f.bytes / 1024).toFixed(0)} KiB`),
    'print',
    `  colour spaces ${Object.entries(r.print.colorSpaces).map(([k, v]) => `${k} ${v}`).join(', ') || 'none named'}; RGB operations ${r.print.rgbOperations}, grey ${r.print.grayOperations}`,
    `  colours above the ink limit ${r.print.overInk.length}; black text not 100 K ${r.print.richBlackText}; hairlines ${r.print.hairlines}`,
    `  images ${r.print.images.length}${r.print.images.length ? ` (${r.print.images.map((i) => `${i.width}×${i.height} ${i.colorSpace}${i.maxInk !== undefined ? ` ${Math.round(i.maxInk * 100)} % ink` : ''}`).join('; ')})` : ''}; lowest resolution ${r.print.minPpi === null ? '–' : `${Math.round(r.print.minPpi)} ppi`}`,
    'composition (body text, measured from the PDF)',
    `  body size ${t.bodySize} pt, ${t.bodyLines} lines: ${t.justifiedLines} justified, ${t.paragraphEnds} paragraph ends`,
    `  prohibited marks at a line start ${t.kinsoku.lineStart}, at a line end ${t.kinsoku.lineEnd}, split —— or …… ${t.kinsoku.splitPairs}`,
    `  gaps between characters in justified lines: median ${t.gaps.median} em, 95 % ${t.gaps.p95} em, max ${t.gaps.max} em, over 0.15 em ${t.gaps.over015}`,
    `  justified lines short of the measure ${t.shortLines.count}`,
    `  adjacent punctuation pairs ${t.punctPairs.count}, set full width ${t.punctPairs.fullWidth}`,
    `  lone characters on a last line ${t.orphans.count}; inside a paragraph ${t.loneLines.count}`,
    `  near-empty lines inside a paragraph (less than half the column) ${t.nearEmptyLines.count}`,
    `  baselines on the ${t.grid.pitches.length > 1 ? `${t.grid.pitches.join(' and ')} pt grids of the pages' layouts` : `${t.grid.pitch} pt grid`} ${(t.grid.onGrid * 100).toFixed(1)} %`,
    `  display lines (headlines, subtitles) broken inside a word ${t.displayBreaks.count}`,
  ];
  for (const e of [...t.kinsoku.examples, ...t.orphans.examples, ...t.loneLines.examples, ...t.nearEmptyLines.examples, ...t.gaps.examples, ...t.displayBreaks.examples].slice(0, 10)) {
    out.push(`    p${e.page} y=${e.y}: ${e.text}${e.detail ? ` (${e.detail})` : ''}`);
  }
  return out.join('\n');
}
