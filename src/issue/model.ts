/** The issue file as written (after schema validation) and the article copy read from it. */

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
  focus?: [number, number];
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
  frame?: GridRect | GridRect[];
  continuation_headline?: string;
  headline_lines?: number;
  box?: boolean | BoxSpec;
  photos?: PhotoSpec[];
  /** A drop cap (首字下沉) of this many lines (2 or 3) on the first paragraph. */
  drop_cap?: number;
  /** A pull quote (引语) set in the frame with the text around it: given, or marked in the copy as [text]{.pull_quote}. */
  pull_quote?: PullQuoteSpec;
  /** Layout styles for the parts of its headline block, in place of the layout's own (label: label_reversed). */
  styles?: Partial<Record<'label' | 'kicker' | 'headline' | 'subtitle' | 'author', string>>;
  /** The layout style of the article's paragraphs, in place of `body` (a `::: name` block of the copy overrides it). */
  paragraph_style?: string;
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
  articles: ArticleSpec[];
  rules?: { columns: GridSpan; line: number; weight?: number; color?: ColorSpec }[];
}

export interface IssueSpec {
  paper: string;
  date: string;
  edition?: string;
  name?: string;
  layout?: string;
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
  | ({ kind: 'list_item'; marker: string; text: string; line: number } & Styled);

/** A range of a paragraph's text [start, stop) (UTF-16 offsets) set in a character style of the layout. */
export interface CharMark {
  start: number;
  stop: number;
  style: string;
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
}
