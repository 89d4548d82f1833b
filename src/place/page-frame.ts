/**
 * What placement produces: a page as plain geometry in points (origin at the trim's
 * top-left, y down). The PDF writer, previews and reports read this; nothing after
 * placement measures text again.
 */
import type { Face } from '../fonts/font-set.js';
import type { Cmyk, Rect } from '../layout/model.js';

export interface RunGlyph {
  id: number;
  /** Absolute x of the glyph origin. */
  x: number;
  /** Advance in em. */
  advance: number;
  text: string;
  /** First glyph of a word: of its line, or after a space of the source. */
  wordStart?: boolean;
}

/** Glyphs of one face and size on one baseline. */
export interface GlyphRun {
  kind: 'text';
  face: Face;
  size: number;
  color: Cmyk;
  hScale: number;
  baseline: number;
  glyphs: RunGlyph[];
  /** Article the run belongs to, and what part of it. */
  article?: string;
  role: string;
}

export interface RectShape {
  kind: 'rect';
  rect: Rect;
  fill?: Cmyk;
  stroke?: Cmyk;
  lineWidth?: number;
}

export interface RuleShape {
  kind: 'rule';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  lineWidth: number;
  color: Cmyk;
}

export interface PictureShape {
  kind: 'picture';
  rect: Rect;
  /** Image file; absent for a slot still waiting for its photo (drawn as a placeholder). */
  file?: string;
  focus: [number, number];
  article: string;
  /** Where the issue file names the photo, for problems found when it is read. */
  source?: { file?: string; line?: number; column?: number; field?: string };
}

export type PageItem = GlyphRun | RectShape | RuleShape | PictureShape;

/** How an article fits its frame. */
export interface ArticleFit {
  id: string;
  page: number;
  /** Lines of body text set, lines of the frame left empty, and lines and characters that did not fit. */
  linesSet: number;
  emptyLines: number;
  overflowLines: number;
  overflowChars: number;
  /** Frame actually used, as grid rectangles. */
  frame: { columns: [number, number]; lines: [number, number] }[];
}

export interface PageFrame {
  number: number;
  width: number;
  height: number;
  bleed: number;
  /** Items in drawing order; text runs are in reading order. */
  items: PageItem[];
  fits: ArticleFit[];
}
