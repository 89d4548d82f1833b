/** The issue file as written (after schema validation) and the article copy read from it. */
import { oneLine } from './text-hygiene.js';

export type GridSpan = [number, number];

export interface GridRect {
  /** Page of a rectangle a jumping story continues on. */
  page?: number;
  columns: GridSpan;
  lines: GridSpan;
}

export interface PhotoSpec {
  id?: string;
  file?: string;
  columns: number;
  lines: number;
  at?: { column: number; line: number };
  caption?: string;
  credit?: string;
  /** The slot stands on the page grid at `at`, across the frames of other articles of the page, which flow around it. */
  across?: boolean;
  /** The caption and credit set in columns of their own beside the picture instead of under it. */
  caption_beside?: CaptionBeside;
  focus?: [number, number];
  /** The part of the picture kept, [left, top, right, bottom] as shares of its width and height. */
  crop?: [number, number, number, number];
  /** The picture scaled past filling its slot (`120%`) and moved from the middle, right and down: mm or pt, or shares of the slot's width and height. */
  scale?: string;
  offset?: [number | string, number | string];
  /** Sizes the photo may take in an elastic article, and whether it may be left out. */
  elastic?: { columns?: GridSpan; lines?: GridSpan };
  optional?: boolean;
}

export interface CaptionBeside {
  side: 'left' | 'right';
  /** Columns of the photo's slot the caption takes (default 1); the picture takes the rest. */
  columns?: number;
  /** The caption's first line level with the picture's top, or its last with the picture's foot (default). */
  align?: 'top' | 'bottom';
}

/** A colour in an issue file: one the layout names, or CMYK percentages. */
export type ColorSpec = string | [number, number, number, number];

export interface PullQuoteSpec {
  text?: string;
  /** Columns wide (default 1), and the top-left grid cell (default: the middle of the body). */
  columns?: number;
  at?: { column: number; line: number };
}

export interface BoxSpec {
  rule?: number;
  tint?: number;
  inset?: number;
  /** Background in any colour (in place of `tint`), and the rule's colour. */
  color?: ColorSpec;
  rule_color?: ColorSpec;
}

/** Where a vertical headline (竖题) stands: a strip of the frame's columns at its right or left, from its top. */
export interface HeadlineStrip {
  /** Columns of the grid the strip takes (default 1). */
  columns?: number;
  side?: 'right' | 'left';
  /** Grid lines from the frame's top (default: the whole height of the frame's first rectangle). */
  lines?: number;
  /** The columns of text at the strip's top, or centred down it (default). */
  align?: 'top' | 'center';
}

export interface ArticleSpec {
  id: string;
  label?: string;
  kicker?: string;
  headline?: string;
  headline_level?: 1 | 2 | 3;
  subtitle?: string;
  byline?: string;
  author?: string;
  body?: string;
  body_file?: string;
  columns?: number;
  /** For plan: 1 the lead (头条), 2 the second story, …; and a frame plan keeps as it is. */
  priority?: number;
  fixed?: boolean;
  /** What of the headline may give so that the article fills its frame exactly. */
  elastic?: { headline_level?: GridSpan; headline_lines?: GridSpan };
  /** false: text that does not fill the frame fills its first columns, rather than being balanced across them. */
  balance?: boolean;
  /** The copy's tables set across this many columns of the frame (else as many as they need). */
  table?: { columns?: number };
  frame?: GridRect | GridRect[];
  continuation_headline?: string;
  headline_lines?: number;
  /** vertical: the headline block is set vertically (竖题) in a strip of the frame beside the body. */
  headline_direction?: 'horizontal' | 'vertical';
  headline_strip?: HeadlineStrip;
  /** vertical: the copy of a short text box set in vertical text (竖排), columns right to left. */
  body_direction?: 'horizontal' | 'vertical';
  box?: boolean | BoxSpec;
  photos?: PhotoSpec[];
  /** The article's title in the index (导读). */
  index?: string;
  /** The article's copy is generated: the index of the issue. */
  contents?: 'index';
  /** A drop cap (首字下沉) of this many lines (2 or 3) on the first paragraph. */
  drop_cap?: number;
  /** A pull quote (引语) set in the frame with the text around it: given, or marked in the copy as [text]{.pull_quote}. */
  pull_quote?: PullQuoteSpec;
  /** Layout styles for the parts of its headline block, in place of the layout's own (label: label_reversed). */
  styles?: Partial<Record<'label' | 'kicker' | 'headline' | 'subtitle' | 'author', string>>;
  /** The layout style of the article's paragraphs, in place of `body` (a `::: name` block of the copy overrides it). */
  paragraph_style?: string;
}

/**
 * An advertisement's slot: columns and lines of the grid, or a size in mm at a grid cell; or
 * neither, for an advertisement that fills the slot of the same id that the page's template
 * reserves. A template's reserved slot has no file.
 */
export interface AdSpec {
  id: string;
  file?: string;
  columns?: GridSpan;
  lines?: GridSpan;
  at?: { column: number; line: number };
  width?: string;
  height?: string;
}

/** This issue's values for the masthead. */
export interface MastheadSpec {
  serial?: number;
  weather?: string;
}

export interface RunningHeadSpec {
  paper?: string;
  date?: string;
  weekday?: string;
  section?: string;
  editor?: string;
  art_editor?: string;
}

export interface PageSpec {
  number: number;
  layout?: string;
  section?: string;
  running_head?: false | RunningHeadSpec;
  banner?: { title: string; columns?: number; lines?: number };
  masthead?: true | MastheadSpec;
  ads?: AdSpec[];
  /** A page template of the layout: its furniture, rules and reserved advertisement slots. */
  template?: string;
  /** auto: the build lays out the page's articles as `paiban plan` proposes first. */
  makeup?: 'auto';
  articles: ArticleSpec[];
  rules?: { columns: GridSpan; line: number; weight?: number; color?: ColorSpec }[];
}

export interface IssueSpec {
  paper: string;
  date: string;
  edition?: string;
  name?: string;
  layout?: string;
  /** A list of booked advertisements (CSV or YAML), placed before the news. */
  bookings?: string;
  /** Encoding of the body files; by default UTF-8, with GB 18030 detected. */
  encoding?: 'utf-8' | 'gb18030' | 'gbk';
  pages: PageSpec[];
}

/**
 * A block of article copy, in reading order; `line` counts the copy's lines from 0.
 * - paragraph: `indent` is the first-line indent in em that the copy gave with leading
 *   ideographic spaces (　), replacing the style's; absent where the copy gave none.
 * - heading: a section heading (小标题); a heading of several lines (consecutive `##` lines
 *   in the copy) has its lines parted by `\n`.
 * - list_item: a numbered or bulleted item (1． 一、 （一） ① ■ …): its `marker` as typed (with any blank after it) and the
 *   `text` after it; consecutive items make one list.
 * Paragraphs and list items may name their layout `style` (a `::: name` block of the copy) and
 * carry `marks` of character styles (`**…**`, `[…]{.name}`), their markup taken out of `text`.
 */
export type CopyBlock =
  | ({ kind: 'paragraph'; text: string; line: number; indent?: number } & Styled)
  | { kind: 'heading'; text: string; subtitle?: string; line: number }
  | ({ kind: 'list_item'; marker: string; text: string; line: number } & Styled)
  | TableBlock;

/** A range of a paragraph's text [start, stop) (UTF-16 offsets) set in a character style of the layout. */
export interface CharMark {
  start: number;
  stop: number;
  style: string;
}

/** Cell alignment asked for by the copy (a pipe table's :--, --:, :-:); figures align right when none is. */
export type CellAlign = 'left' | 'right' | 'center';

/** A table of the copy: its rows of cells, the first row a header row when `header`. */
export interface TableBlock {
  kind: 'table';
  rows: string[][];
  /** The cells row by row, a space between cells and a line end between rows: what the table reads as. */
  text: string;
  header: boolean;
  /** Alignment per column, where the copy gives one. */
  align: (CellAlign | undefined)[];
  /** Copy line of each row, from 0. */
  lines: number[];
  line: number;
  /** Notes right under the table (注：…, 资料来源：…), set with it in a smaller style. */
  notes?: { text: string; line: number }[];
}

interface Styled {
  style?: string;
  marks?: CharMark[];
}

/** An article with its copy read and parsed. */
export interface Article {
  spec: ArticleSpec;
  /** Path of the article in the issue file, for diagnostics. */
  path: (string | number)[];
  blocks: CopyBlock[];
  /** Where the copy stands (copy file or inline body), for diagnostics about a block. */
  copyPlace?: import('./text-hygiene.js').TextPlace;
  /** Full path of each photo's file; undefined where the slot has no file or it was not found. */
  photoFiles: (string | undefined)[];
}

export interface Page {
  spec: PageSpec;
  path: (string | number)[];
  articles: Article[];
  /** Full path of each advertisement's file, by the advertisement's id. */
  adFiles: Map<string, string>;
}

/** Where a value stands in an input file, for diagnostics. */
export type Place = { file?: string; line?: number; column?: number; field?: string };

/** An advertisement booked for the issue: its size on the grid and where the advertiser wishes it. */
export interface Booking {
  id: string;
  /** Full path of the file. */
  file: string;
  columns: number;
  lines: number;
  page?: number;
  section?: string;
  position?: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
  at: Place;
}

export interface Issue {
  file: string;
  /** Where a field of the issue file stands, for diagnostics found after loading. */
  locate(path: readonly (string | number)[]): { file?: string; line?: number; column?: number; field?: string };
  dir: string;
  name: string;
  spec: IssueSpec;
  pages: Page[];
  /** Full path of every file the issue names (copy files, photos), found or not. */
  namedFiles: string[];
  /** The booked advertisements, in the order booked. */
  bookings: Booking[];
}

/** The articles' headlines in page order, each on one line: for a document's description. */
export function headlinesOf(issue: Issue): string[] {
  return issue.pages.flatMap((p) => p.articles.map((a) => a.spec.headline)).filter((h): h is string => !!h).map(oneLine);
}

/** The articles' bylines (an author line where there is none) in page order, each on one line. */
export function bylinesOf(issue: Issue): string[] {
  return issue.pages.flatMap((p) => p.articles.map((a) => a.spec.byline ?? a.spec.author)).filter((b): b is string => !!b).map(oneLine);
}
