/**
 * The page model: what placement decided, in typed data. A page holds its furniture and its
 * articles; an article its frames, headline block, photos with their captions, and the copy
 * that flows through its columns; every block its lines, every line its glyph runs, in
 * points (origin at the trim's top-left, y down). Roles are a closed set, apart from style
 * names. The PDF writer, the proof, ALTO, the fit report and `check` read this model; nothing
 * after placement measures text again or infers structure from what is drawn.
 */
import type { Face } from '../fonts/font-set.js';
import { EM_ASCENT, type Cmyk, type Rect } from '../layout/model.js';
import type { GridArea } from './grid-area.js';

export interface RunGlyph {
  id: number;
  /** Absolute x of the glyph origin; in a run of vertical text (upright or sideways), the run's `baseline`. */
  x: number;
  /** In a run of vertical text (upright or sideways): absolute y where the glyph's cell starts down the column. */
  y?: number;
  /** Advance in em: along the line (down the column for a glyph upright in vertical text: its vertical advance). */
  advance: number;
  text: string;
  /** First glyph of a word: of its line, or after a space of the source. */
  wordStart?: boolean;
  /** Not in the copy: a hyphen set at a line broken inside a word. It prints, and extracts as nothing. */
  inserted?: boolean;
  /** Last of a line that broke at a space typed between two Chinese characters: the space follows it in the PDF's text. */
  spaceAfter?: boolean;
}

/**
 * Glyphs of one face and size on one baseline. A run of vertical text (竖排) has an
 * orientation: `upright` glyphs are the font's vertical forms, centred on the column's axis
 * (the `baseline`, an x) and set down it, each from its `y` (its vertical origin); `sideways`
 * glyphs (Latin, long numbers) are turned 90° clockwise, their baseline the vertical line at x
 * `baseline`, set down the column from each `y`. Digits across a vertical column (纵中横) are
 * a horizontal run of their own.
 */
export interface GlyphRun {
  face: Face;
  size: number;
  color: Cmyk;
  hScale: number;
  baseline: number;
  /** Glyphs raised this far above the baseline, in points (an emoji centred on the Han cell): the PDF's text rise. */
  rise?: number;
  orientation?: 'upright' | 'sideways';
  glyphs: RunGlyph[];
  /** The run is of a table's cells (marked as a table in the PDF). */
  table?: boolean;
}

/** A glyph's box on the page (its em box, along its line by its advance), in points. */
export interface GlyphBox {
  x: number;
  y: number;
  right: number;
  bottom: number;
}

export function glyphBox(run: GlyphRun, g: RunGlyph): GlyphBox {
  const size = run.size;
  if (run.orientation === 'upright') return { x: run.baseline - size / 2, y: g.y!, right: run.baseline + size / 2, bottom: g.y! + g.advance * size };
  if (run.orientation === 'sideways') return { x: run.baseline - (1 - EM_ASCENT) * size, y: g.y!, right: run.baseline + EM_ASCENT * size, bottom: g.y! + g.advance * size * run.hScale };
  const top = run.baseline - EM_ASCENT * size;
  return { x: g.x, y: top, right: g.x + g.advance * size * run.hScale, bottom: top + size };
}

/** A grid cell: a column of the page grid and a grid line, counted from 1. */
export interface GridCell {
  column: number;
  line: number;
}

/** One line of text: its runs left to right (a run per face), or for vertical text top to bottom. */
export interface TextLine {
  runs: GlyphRun[];
  /** A column of vertical text (竖排); a block's vertical lines read right to left, in the order given. */
  direction?: 'vertical';
  /** For copy flowing through an article's columns: the grid cell of its baseline. */
  cell?: GridCell;
  /** A table's rules over or under the line (a table is a block of role `table`, a line per line of its rows, each cell starting a word). */
  rules?: RuleShape[];
}

/** The parts of a headline block (标题区), top to bottom. */
export const HEADLINE_PARTS = ['label', 'kicker', 'headline', 'subtitle', 'author'] as const;
export type HeadlinePart = (typeof HEADLINE_PARTS)[number];
/** What flows through an article's columns; a `list_item` is a numbered or bulleted paragraph, its marker hanging (consecutive items make a list). */
export type FlowRole = 'byline' | 'drop_cap' | 'paragraph' | 'list_item' | 'section_heading' | 'section_subtitle' | 'table' | 'table_note';
/** What a story that jumps to another page (转版) adds: 下转第N版 and 上接第N版, and the continuation headline (接题). */
export type JumpRole = 'jump_line' | 'continuation_headline';
/** What stands with a photo. */
export type PhotoTextRole = 'caption' | 'credit';
/** A quote from the article set large in its frame (引语), the text around it. */
export type PullQuoteRole = 'pull_quote';
/** Page furniture. */
export type FurnitureRole = 'running_head' | 'banner' | 'page_info' | 'masthead';
/** What the masthead (报头) sets besides the paper's name, and the 广告 label of an advertisement. */
export type MastheadRole = 'masthead_name' | 'masthead_info';
export type AdRole = 'ad_label';

export type TextRole = HeadlinePart | FlowRole | JumpRole | PhotoTextRole | PullQuoteRole | FurnitureRole | MastheadRole | AdRole;

export interface TextBlock {
  role: TextRole;
  /** Name of the layout style it is set in (for a headline, headline, headline_2 or headline_3). */
  style: string;
  lines: TextLine[];
  /** Colour blocks drawn under its lines (reversed type), a block per line. */
  background?: FillShape[];
}

export interface FillShape {
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

export type Shape = FillShape | RuleShape;

export interface Photo {
  rect: Rect;
  /** Image file; absent for a slot still waiting for its photo (drawn as a placeholder). */
  file?: string;
  focus: [number, number];
  /** The part of the picture the editor kept ([left, top, right, bottom], shares of its width and height); the whole when absent. */
  crop?: [number, number, number, number];
  /** The picture scaled and moved in its slot instead (offset in points), and where the issue file says so. */
  scaling?: { scale: number; offset: [number, number]; source?: Photo['source'] };
  /** Grid area of the photo with its caption lines. */
  area: GridArea;
  /** Caption and credit, in that order. */
  captions: TextBlock[];
  /** Where the issue file names the photo, for problems found when it is read. */
  source?: { file?: string; line?: number; column?: number; field?: string };
}

/** A rectangle of an article's frame. */
export interface Frame {
  area: GridArea;
  rect: Rect;
}

/** How an article fits its frame. */
export interface ArticleFit {
  id: string;
  page: number;
  /** Lines of body text set, lines of the frame left empty, and lines and characters that did not fit. */
  linesSet: number;
  emptyLines: number;
  overflowLines: number;
  overflowChars: number;
  /** Frame actually used, as grid rectangles on their pages. */
  frame: (GridArea & { page: number })[];
  /** What an elastic article changed to fill its frame, in words ("photo pepper 5×29 → 4×22"). */
  changes?: string[];
}

/** Which part of a story that jumps between pages a placed article is. */
export interface ArticlePart {
  /** From 0, and how many parts the story has. */
  index: number;
  count: number;
  /** Page numbers the part's text comes from and goes on to; absent for the first and the last part. */
  from?: number;
  to?: number;
}

/**
 * An article on a page; a story that jumps to other pages is one placed article on each page,
 * all with its id, title and fit, each with its `part`.
 */
export interface PlacedArticle {
  id: string;
  /** What the article is called in bookmarks and archives: its headline, or else its label, kicker or id, on one line. */
  title: string;
  part?: ArticlePart;
  /** The rectangles of its frame on this page. */
  frames: Frame[];
  /** The box drawn around a boxed article (tint and rule), one per frame rectangle. */
  box: FillShape[];
  /** Headline block (on a continuing part, the continuation headline) and the grid lines it takes. */
  headline?: { area: GridArea; blocks: TextBlock[] };
  photos: Photo[];
  /** Byline, paragraphs and section headings in reading order; a jumping story's jump lines at its head and foot. */
  copy: TextBlock[];
  /** The pull quote (引语): the grid lines it takes out of the columns, its rules above and below, its text. */
  pullQuote?: { area: GridArea; rules: RuleShape[]; block: TextBlock };
  /** The fit of the whole article, all parts together. */
  fit: ArticleFit;
  /** Grid cells of the frame the copy left empty: as many as `fit.emptyLines`. */
  emptyCells: GridCell[];
}

/**
 * A file placed whole on the page, never cropped: a masthead's logo or an advertisement. A PDF
 * is drawn as a Form XObject of its first page (vector, its fonts and colours kept), an image
 * converted to the output profile.
 */
export interface Artwork {
  file: string;
  kind: 'pdf' | 'image';
  /** Where the file is drawn: its own proportions, inside its slot. */
  rect: Rect;
  /** Where the issue or layout file names it, for problems found when it is read. */
  source?: { file?: string; line?: number; column?: number; field?: string };
}

/** An advertisement: its slot on the grid, the artwork placed whole inside it, and its 广告 label. */
export interface PlacedAd {
  id: string;
  slot: GridArea;
  rect: Rect;
  art: Artwork;
  label?: TextBlock;
}

export interface Furniture {
  role: FurnitureRole;
  /** Drawn under the text (a banner's colour block). */
  fills: FillShape[];
  /** A masthead's logo. */
  art?: Artwork[];
  blocks: TextBlock[];
  /** Drawn over the text (the running head's hairline, a banner's heavy rule). */
  rules: RuleShape[];
}

export interface PageModel {
  number: number;
  /** The page's section (版名), if it has one. */
  section?: string;
  width: number;
  height: number;
  bleed: number;
  /** Running head and banner, in drawing order. */
  furniture: Furniture[];
  /** The line naming the page in the printer's slug; drawn only with printer's marks. */
  slug?: Furniture;
  articles: PlacedArticle[];
  /** Advertisements, in the order the page gives them. */
  ads: PlacedAd[];
  /** Rules between stories. */
  rules: RuleShape[];
}

export interface PictureItem {
  kind: 'picture';
  photo: Photo;
}

export interface TextItem {
  kind: 'text';
  run: GlyphRun;
  /** The line the run belongs to. */
  line: TextLine;
}

export interface ArtworkItem {
  kind: 'artwork';
  art: Artwork;
}

/** What a page draws, in painting order. */
export type Drawing = Shape | PictureItem | TextItem | ArtworkItem;

function* blockDrawing(blocks: readonly TextBlock[]): Generator<TextItem | FillShape | RuleShape> {
  for (const b of blocks) {
    if (b.background) yield* b.background;
    for (const line of b.lines) {
      for (const run of line.runs) yield { kind: 'text', run, line };
      if (line.rules) yield* line.rules;
    }
  }
}

function* furnitureDrawing(f: Furniture): Generator<Drawing> {
  yield* f.fills;
  for (const art of f.art ?? []) yield { kind: 'artwork', art };
  yield* blockDrawing(f.blocks);
  yield* f.rules;
}

/**
 * The page in painting order: the slug's line (when `marks`), furniture, then each article
 * (box, headline, photos, copy, captions), the advertisements, then the rules between stories. Text comes in
 * reading order.
 */
export function* drawing(page: PageModel, marks: boolean): Generator<Drawing> {
  if (marks && page.slug) yield* furnitureDrawing(page.slug);
  for (const f of page.furniture) yield* furnitureDrawing(f);
  for (const a of page.articles) {
    yield* a.box;
    if (a.headline) yield* blockDrawing(a.headline.blocks);
    for (const photo of a.photos) yield { kind: 'picture', photo };
    yield* blockDrawing(a.copy);
    if (a.pullQuote) {
      yield* a.pullQuote.rules;
      yield* blockDrawing([a.pullQuote.block]);
    }
    yield* blockDrawing(a.photos.flatMap((p) => p.captions));
  }
  for (const ad of page.ads) {
    yield { kind: 'artwork', art: ad.art };
    if (ad.label) yield* blockDrawing([ad.label]);
  }
  yield* page.rules;
}

/** An article's text blocks in reading order: headline block, copy, pull quote, captions. */
export function articleBlocks(a: PlacedArticle): TextBlock[] {
  return [...(a.headline?.blocks ?? []), ...a.copy, ...(a.pullQuote ? [a.pullQuote.block] : []), ...a.photos.flatMap((p) => p.captions)];
}

/** A line's text as typed: its glyphs' text in order, a space before each word after the first (composition's inserted hyphens left out). */
export function lineText(line: TextLine): string {
  let text = '';
  for (const run of line.runs) {
    for (const g of run.glyphs) {
      if (g.inserted) continue;
      if (g.wordStart && text && !/\s$/u.test(text) && !/^\s/u.test(g.text)) text += ' ';
      text += g.text;
    }
  }
  return text;
}

/** The fits of the articles that start on the page (a jumping story is reported once, where it starts). */
export const pageFits = (page: PageModel): ArticleFit[] => page.articles.filter((a) => !a.part?.index).map((a) => a.fit);
