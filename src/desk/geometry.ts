/**
 * What the desk draws over each page, read from the page model (never from the PDF's drawing):
 * the grid, each article's frame rectangles and photos in points and in grid terms, its fit, and
 * where in the issue file each editable thing is written. Sent to the browser as JSON.
 */
import type { Diagnostic } from '../diagnostics.js';
import { formatDiagnostic } from '../diagnostics.js';
import type { Issue } from '../issue/model.js';
import type { Layout, PageGrid, Rect } from '../layout/model.js';
import type { GridArea } from '../place/grid-area.js';
import type { PageModel, PlacedArticle } from '../place/page-model.js';
import { fitStatus, frameText } from '../report/fit-report.js';
import { counted } from '../wording.js';

/** Where an article stands in the issue file: pages[page].articles[article]. */
export interface ArticlePath {
  page: number;
  article: number;
}

export interface DeskFrame {
  area: GridArea;
  rect: Rect;
  /** Its place in the article's list of rectangles (0 for a frame written as one); absent when the frame is not written as rectangles on this page (placed automatically, or a part of a story that jumps here). */
  rectIndex?: number;
}

export interface DeskPhoto {
  id?: string;
  /** Its place in the article's photos. */
  index: number;
  /** The picture's grid area, without its caption lines. */
  picture: GridArea;
  /** Grid lines its caption and credit take under the picture. */
  captionLines: number;
  rect: Rect;
}

export interface DeskArticle {
  id: string;
  title: string;
  /** Absent for a part of a story that starts on another page. */
  path?: ArticlePath;
  /** The fit report's words: frame and status. */
  fit: string;
  /** Lines and characters that do not fit, in words ("14 lines, 156 characters"), on the part where the story ends. */
  overset?: string;
  frames: DeskFrame[];
  photos: DeskPhoto[];
}

export interface DeskGrid {
  columns: number;
  lines: number;
  left: number;
  top: number;
  columnWidth: number;
  gutter: number;
  pitch: number;
  bodySize: number;
}

export interface DeskPage {
  /** Page number (版次). */
  number: number;
  section?: string;
  /** Trim size in points; the rendered image is the MediaBox, the trim in its middle. */
  width: number;
  height: number;
  grid: DeskGrid;
  articles: DeskArticle[];
  /** Advertisements' slots, which frames may not cover. */
  ads: { id: string; area: GridArea; rect: Rect }[];
}

/** A diagnostic as the desk lists it, with its place on a page when it concerns an article or a photo. */
export interface DeskDiagnostic {
  severity: Diagnostic['severity'];
  text: string;
  file?: string;
  line?: number;
  place?: { page: number; rect: Rect; what: string };
}

const gridOf = (g: PageGrid): DeskGrid => ({ columns: g.columns, lines: g.lines, left: g.left, top: g.top, columnWidth: g.columnWidth, gutter: g.gutter, pitch: g.pitch, bodySize: g.bodySize });

/** The grid line a y (a line's em-box top or bottom) stands on. */
const lineAt = (g: PageGrid, y: number) => Math.round((y - g.top) / g.pitch) + 1;

function deskArticle(a: PlacedArticle, pageIndex: number, issue: Issue, grid: PageGrid): DeskArticle {
  const index = issue.pages[pageIndex]?.spec.articles.findIndex((s) => s.id === a.id) ?? -1;
  const spec = index >= 0 ? issue.pages[pageIndex].spec.articles[index] : undefined;
  const path = spec && !a.part?.index ? { page: pageIndex, article: index } : undefined;
  // Rectangles written without `page` stand on the article's own page, in the order written.
  const written = path && spec?.frame ? (Array.isArray(spec.frame) ? spec.frame : [spec.frame]) : [];
  const frames = a.frames.map((f): DeskFrame => {
    const k = written.findIndex((w) => w.page === undefined && sameArea(w, f.area));
    return { area: f.area, rect: f.rect, ...(k >= 0 && { rectIndex: k }) };
  });
  const photos = a.photos.map((p, index): DeskPhoto => {
    const last = lineAt(grid, p.rect.y + p.rect.height - grid.bodySize);
    const picture = { columns: p.area.columns, lines: [p.area.lines[0], Math.min(last, p.area.lines[1])] as [number, number] };
    return { id: spec?.photos?.[index]?.id, index, picture, captionLines: p.area.lines[1] - picture.lines[1], rect: p.rect };
  });
  const ends = !a.part || a.part.index === a.part.count - 1;
  const overset = a.fit.overflowLines > 0 && ends ? `${counted(a.fit.overflowLines, 'line')}, ${a.fit.overflowChars} characters` : undefined;
  return { id: a.id, title: a.title, ...(path && { path }), ...(overset && { overset }), fit: `${frameText(a.fit)}  ${a.fit.linesSet} lines  ${fitStatus(a.fit)}`, frames, photos };
}

export function deskPages(issue: Issue, pages: readonly PageModel[], layouts: readonly Layout[]): DeskPage[] {
  return pages.map((page, i) => {
    const grid = layouts[i].grid;
    return {
      number: page.number,
      ...(page.section && { section: page.section }),
      width: page.width,
      height: page.height,
      grid: gridOf(grid),
      articles: page.articles.map((a) => deskArticle(a, i, issue, grid)),
      ads: page.ads.map((ad) => ({ id: ad.id, area: ad.slot, rect: ad.rect })),
    };
  });
}

const sameArea = (a: GridArea, b: GridArea) => a.columns[0] === b.columns[0] && a.columns[1] === b.columns[1] && a.lines[0] === b.lines[0] && a.lines[1] === b.lines[1];

/** `pages[0].articles[2].photos[1].caption` → page 0, article 2, photo 1. */
const FIELD = /^pages\[(\d+)\]\.articles\[(\d+)\](?:\.photos\[(\d+)\])?/;

/** Each diagnostic with the place on a page of the article or photo its field names. */
export function deskDiagnostics(diagnostics: readonly Diagnostic[], pages: readonly DeskPage[]): DeskDiagnostic[] {
  return diagnostics.map((d) => {
    const out: DeskDiagnostic = { severity: d.severity, text: formatDiagnostic(d), ...(d.file && { file: d.file }), ...(d.line !== undefined && { line: d.line }) };
    const m = d.field ? FIELD.exec(d.field) : null;
    if (!m) return out;
    const [page, article] = [Number(m[1]), Number(m[2])];
    const placed = pages[page]?.articles.find((a) => a.path?.article === article && a.path.page === page);
    if (!placed) return out;
    const photo = m[3] !== undefined ? placed.photos[Number(m[3])] : undefined;
    const rects = photo ? [photo.rect] : placed.frames.map((f) => f.rect);
    if (!rects.length) return out;
    return { ...out, place: { page, rect: union(rects), what: photo ? `photo ${photo.id ?? photo.index + 1} of ${placed.id}` : placed.id } };
  });
}

function union(rects: readonly Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  return { x, y, width: Math.max(...rects.map((r) => r.x + r.width)) - x, height: Math.max(...rects.map((r) => r.y + r.height)) - y };
}
