/** A resolved layout: the page grid in points, fonts by role, and named styles. */
import type { Face } from '../fonts/font-set.js';

/** CMYK as fractions 0–1. */
export type Cmyk = readonly [number, number, number, number];

export type Align = 'justify' | 'left' | 'center' | 'right';

/** clreq's four levels of line-start and line-end prohibition. */
export type KinsokuLevel = 'none' | 'basic' | 'gb' | 'strict';

/** Punctuation width styles: 全角 (every mark a full cell), 开明 (only 。？！ full), 半角 (every mark half). */
export type PunctWidth = 'full' | 'kaiming' | 'half';

export interface Style {
  name: string;
  face: Face;
  /** Faces tried in order for characters `face` lacks. */
  fallbacks: Face[];
  size: number;
  /** Line distance as a multiple of size, for lines set off the body grid. */
  leading: number;
  align: Align;
  /** First-line indent in em. */
  indent: number;
  /**
   * A style of verse (诗行): each paragraph is a line of verse, and one longer than the column
   * turns over at a phrase, its turnovers indented this many em more than its first line.
   */
  turnover?: number;
  color: Cmyk;
  /** Horizontal scale, 1 = 100 %. */
  hScale: number;
  /** A colour block behind each line (reversed type: white on a colour), a quarter em around its ink. */
  background?: Cmyk;
  /** Set on the last line of the block before it, at the measure's far edge, where both fit with an em between (a credit after its caption). */
  runIn?: boolean;
  /** White above and below, in grid lines. */
  spaceBefore: number;
  spaceAfter: number;
  /** Composition rules of the style (typography.md §1). */
  kinsoku: KinsokuLevel;
  punctuation: PunctWidth;
  /** Han–Latin space in em. */
  autospace: number;
}

/**
 * A character style (字符样式): what a range of a paragraph changes of the paragraph's style —
 * its face (with the layout's fallbacks), its size as a share of the paragraph's, its colour.
 * What it leaves unset stays the paragraph's.
 */
export interface CharacterStyle {
  name: string;
  face?: Face;
  fallbacks: Face[];
  /** Size relative to the paragraph's, 1 = the same. */
  scale: number;
  color?: Cmyk;
}

/** A rectangle in page coordinates: points, origin at the trim's top-left, y down. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the printing plant receives. */
export interface PrintSettings {
  pdfx: 'x1a' | 'x4' | 'none';
  /** CMYK output profile for the OutputIntent and for converting photos. */
  profile: string;
  condition: string;
  conditionName: string;
  /** Total ink limit, 0–4 (2.4 = 240 %). */
  inkLimit: number;
  marks: boolean;
  /** Greyscale photos on the black plate alone rather than in four colours. */
  grayPhotosBlack: boolean;
}

export interface Layout {
  name: string;
  file: string;
  print: PrintSettings;
  grid: PageGrid;
  styles: Map<string, Style>;
  /** Character styles the copy names inline (`**…**` is `strong`). */
  characterStyles: Map<string, CharacterStyle>;
  box: { rule: number; tint: number; inset: number };
  colors: Map<string, Cmyk>;
  jumps: JumpSettings;
  /** Limits within which an elastic article may give. */
  elastic: ElasticLimits;
  /** How plan weighs the terms of a layout's score, and how many proposals it shows. */
  makeup: { weights: MakeupWeights; alternatives: number };
  /** How build names the PDF of each page (page-files.ts). */
  pageFiles: string;
  /** The masthead (报头) of a page that asks for one; absent when the layout has none. */
  masthead?: MastheadSettings;
  /** How the index (导读) lists an article: {title} its index title, {page} its page, {page_cn} in Chinese numerals. */
  indexEntry: string;
  ads: AdSettings;
  /**
   * Page templates by name, as the layout writes them (checked by its schema): the page fields a
   * page that names one gets unless it gives its own (place/templates.ts reads them as such).
   */
  templates: Map<string, object>;
  /** The layout files read, this one first, then each it extends. */
  files: string[];
}

/** The masthead: the paper's name set in the style `masthead`, or its logo, and the lines beside it. */
export interface MastheadSettings {
  /** As set; the paper when absent. */
  name?: string;
  /** A logo file (PDF, placed as vector, or an image), absolute, in place of the name as type. */
  logo?: string;
  /** Width of the name block in columns, from the first; the date and numbers stand in the columns right of it. */
  columns: number;
  /** Height in grid lines, from the first. */
  lines: number;
  /** 国内统一连续出版物号, e.g. CN 50-0001. */
  cn?: string;
  /** 邮发代号. */
  postalCode?: string;
  /** 总第N期 counted by days from a known issue: its date and number. */
  serial?: { date: string; number: number };
  /** Where the layout writes the masthead, for problems found later (the logo). */
  source: { file?: string; line?: number; column?: number; field?: string };
}

/** Advertisements: their 广告 label and how far a file's proportions may be off its slot. */
export interface AdSettings {
  label: string;
  labelAt: 'top' | 'bottom' | 'none';
  /** Largest difference of a file's width-to-height ratio from its slot's, as a fraction (0.02 = 2 %). */
  tolerance: number;
}

export const DEFAULT_ADS: AdSettings = { label: '广告', labelAt: 'top', tolerance: 0.02 };
export const DEFAULT_INDEX_ENTRY = '第{page}版　{title}';

/**
 * The terms of a proposed layout's score (plan/plan.ts scores each, then weighs it by these): the
 * weight of each, per unit of the term; lower scores are better.
 */
export interface MakeupWeights {
  /** Per % of the type area that no text, photo, headline, rule or fixed item takes. */
  unused: number;
  /** Per line of copy that does not fit. */
  overset: number;
  /** Per article whose headline spans more columns than one of higher priority (and a lead not at the top). */
  headline: number;
  /** Per photo whose size an elastic article changed, or left out. */
  photos: number;
  /** Per frame foot that lines up with no other (the page's foot excepted). */
  alignment: number;
  /** Per article above one of higher priority in the same columns: the reader jumps back. */
  reading: number;
  /** For how far the weight of headlines and photos stands from the page's centre, 0 to 1. */
  balance: number;
}

export const DEFAULT_MAKEUP_WEIGHTS: MakeupWeights = { unused: 10, overset: 100, headline: 20, photos: 2, alignment: 1, reading: 50, balance: 10 };

/** Limits within which an elastic article may give: the shape of a photo, the headline's levels and lines. */
export interface ElasticLimits {
  /** Least and greatest width/height of a photo whose size gives. */
  photoAspect: [number, number];
  headlineLevels: [number, number];
  /** Most lines a 主题 may be set in. */
  headlineLines: number;
}

/**
 * How a story that jumps to another page says so. The wordings are templates: {page} is the
 * page number, {page_cn} the number in Chinese numerals, {section} the page's section (版名).
 */
export interface JumpSettings {
  /** At the foot of a part that goes on elsewhere: 下转第N版. */
  continuedTo: string;
  /** At the head of the part that goes on: 上接第N版. */
  continuedFrom: string;
  /** A continuation headline (接题) from the article's headline when the article gives none. */
  continuationHeadline: boolean;
  /** Fewest lines of copy a part may end or start with. */
  minLines: number;
}

export const DEFAULT_JUMPS = { continuedTo: '（下转第{page}版）', continuedFrom: '（上接第{page}版）', minLines: 3 } as const;

/** Share of the em above the baseline for the ideographic em box (CJK fonts put it at 0.88). */
export const EM_ASCENT = 0.88;

/**
 * The page as columns of whole body characters and lines of a fixed baseline grid.
 * Columns and lines count from 1, as editors count them.
 */
export class PageGrid {
  readonly columnWidth: number;
  readonly gutter: number;
  readonly width: number;
  readonly height: number;
  readonly left: number;

  constructor(
    readonly pageWidth: number,
    readonly pageHeight: number,
    readonly bleed: number,
    readonly columns: number,
    readonly columnChars: number,
    readonly gutterChars: number,
    readonly lines: number,
    readonly bodySize: number,
    readonly pitch: number,
    readonly top: number,
    left?: number,
  ) {
    this.columnWidth = columnChars * bodySize;
    this.gutter = gutterChars * bodySize;
    this.width = columns * this.columnWidth + (columns - 1) * this.gutter;
    this.height = (lines - 1) * pitch + bodySize;
    this.left = left ?? (pageWidth - this.width) / 2;
  }

  columnLeft(column: number): number {
    return this.left + (column - 1) * (this.columnWidth + this.gutter);
  }

  /** Top of the em box of a grid line. */
  lineTop(line: number): number {
    return this.top + (line - 1) * this.pitch;
  }

  baseline(line: number): number {
    return this.lineTop(line) + EM_ASCENT * this.bodySize;
  }

  /** The area of a column span and a line span, from the first line's em-box top to the last line's em-box bottom. */
  rect(firstColumn: number, lastColumn: number, firstLine: number, lastLine: number): Rect {
    const x = this.columnLeft(firstColumn);
    const y = this.lineTop(firstLine);
    return {
      x,
      y,
      width: this.columnLeft(lastColumn) + this.columnWidth - x,
      height: (lastLine - firstLine) * this.pitch + this.bodySize,
    };
  }
}
