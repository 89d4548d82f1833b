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

export interface BoxSpec {
  rule?: number;
  tint?: number;
  inset?: number;
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
  rules?: { columns: GridSpan; line: number; weight?: number }[];
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
 */
export type CopyBlock =
  | { kind: 'paragraph'; text: string; line: number; indent?: number }
  | { kind: 'heading'; text: string; subtitle?: string; line: number }
  | { kind: 'list_item'; marker: string; text: string; line: number }
  | TableBlock;

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
