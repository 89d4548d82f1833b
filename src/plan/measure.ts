/**
 * What page makeup needs to know of an article before it has a frame: how many grid lines its
 * copy takes in a column (at its best setting, and how many copyfitting may take or give), how
 * many its headline block takes across a frame of each width, and how many cells its photos
 * take with their captions. The copy's column is the grid's whatever the frame's width, so the
 * copy is composed once; only the headline, captions and tables set across several columns
 * depend on the width. Copy with such tables is measured as it is set: flowed through a frame
 * of that width (span.ts), the table across its columns with the text above, beside and under it.
 */
import { DiagnosticList } from '../diagnostics.js';
import type { Article } from '../issue/model.js';
import type { Layout } from '../layout/model.js';
import { ArticleSetter, captionColumns } from '../place/article.js';
import { columnLeft, columnWidth, flowGroups, gridHeight, slotsOf, sumHeight, type FlowGroup } from '../place/flow.js';
import { spannedFlow } from '../place/span.js';
import { breakInto } from '../place/elastic.js';
import { headlineLines } from '../place/headline.js';
import type { TextBlock } from '../place/page-model.js';
import type { CompositionStore } from '../place/typeset.js';

/** Most paragraphs copyfitting sets longer or shorter (flow.ts MAX_ADJUSTMENTS). */
const COPYFIT_REACH = 24;

export interface ArticleMeasure {
  article: Article;
  /** Priority: 1 the lead (头条). */
  priority: number;
  /**
   * Cells of copy at its best setting, and the fewest and most copyfitting reaches, in a frame
   * `columns` wide whose widest rectangle is `widest` columns (how far a table may spread).
   */
  copy(columns: number, widest?: number): CopyCells;
  /** Grid lines the headline block takes across `columns` columns (0: none); the box's white lines included. */
  head(columns: number): number;
  /** Lines the headline block may grow by across `columns` columns, at the sizes and lines its `elastic` allows. */
  headGrowth(columns: number): number;
  /** Cells the photos take with captions and standoff in a frame `columns` wide: least and most (elastic, optional); null if they do not fit. */
  photos(columns: number): { least: number; most: number } | null;
  /** Weight on the page for balance: cells of headline and photos. */
  weight(columns: number): number;
}

/** Whether two lines of the copy stand on one grid cell: a table set over the one before it, where the frame is too shallow for both. */
export function linesClash(blocks: readonly TextBlock[]): boolean {
  const taken = new Set<string>();
  for (const line of blocks.flatMap((b) => b.lines)) {
    if (!line.cell) continue;
    const key = `${line.cell.column}/${line.cell.line}`;
    if (taken.has(key)) return true;
    taken.add(key);
  }
  return false;
}

export interface CopyCells {
  natural: number;
  short: number;
  long: number;
  /** Cells that a frame holding the copy leaves empty however deep it is made (the columns beside a table left short): 0 for text alone. */
  empty: number;
  /** Whether a table goes across columns: measured in a rectangle, which a stepped frame is not. */
  spanned: boolean;
}

export function measureArticle(context: CompositionStore, article: Article, layout: Layout, priority: number, at: ArticleSetter['at']): ArticleMeasure {
  const setter = new ArticleSetter(context, article, layout, at);
  const grid = layout.grid;
  const spec = article.spec;
  const diags = new DiagnosticList();
  const boxed = !!spec.box;
  const inset = boxed ? { ...layout.box, ...(typeof spec.box === 'object' ? spec.box : {}) }.inset * grid.bodySize : 0;
  const widthOf = (columns: number) => grid.rect(1, columns, 1, 1).width - 2 * inset;

  // Copy flowed down one column deeper than it can take (its lines, the space around its groups
  // and a line more for each): the cells it takes, headings' space included.
  const column = boxed ? columnWidth(grid, { columns: [1, 2], lines: [1, 3] }, inset, grid.bodySize) : grid.columnWidth;
  const oneColumn = (groups: readonly FlowGroup[]) => {
    const deep = groups.reduce((n, g) => n + sumHeight(g.lines) + g.spaceBefore + (g.spaceAfter ?? 0) + 1, 1);
    const flow = flowGroups(groups, [{ grid, part: 0, column: 1, x: 0, width: column, line: 1, count: deep }], false);
    return deep - flow.emptyLines + flow.overflowLines;
  };
  const cellsOf = (groups: readonly FlowGroup[], natural: number, empty = 0): CopyCells => {
    const spanned = groups.some((g) => g.span);
    const shorter = groups.filter((g) => (g.variant?.(-1)?.length ?? Infinity) < g.lines.length).length;
    const longer = groups.filter((g) => (g.variant?.(1)?.length ?? 0) > g.lines.length).length;
    return { natural, short: natural - Math.min(COPYFIT_REACH, shorter), long: natural + Math.min(COPYFIT_REACH, longer), empty, spanned };
  };
  const groups = setter.body(column, { max: 1, widthOf: () => column, limit: 'plan measures copy in one column' }, diags);
  const text = cellsOf(groups, oneColumn(groups));

  // Copy with tables: set for the frame's widest rectangle, as the build sets it (tables across up to
  // that many columns), and flowed through a frame `columns` wide of the least depth that holds it.
  const tables = article.blocks.some((b) => b.kind === 'table');
  const spread = new Map<string, CopyCells>();
  const copy = (columns: number, widest = columns): CopyCells => {
    // Across one column a table is set as the copy measured in one column.
    if (!tables || widest === 1) return text;
    const key = `${columns}/${widest}`;
    let cells = spread.get(key);
    if (!cells) {
      const leftOf = columnLeft(grid, { columns: [1, widest], lines: [1, 1] }, inset, column);
      const set = setter.body(column, { max: widest, widthOf: (k) => leftOf(k) + column - leftOf(1), limit: `the frame has ${widest} columns` }, diags);
      if (set.some((g) => g.span)) {
        const least = leastDepth(set, columns);
        cells = cellsOf(set, columns * least.depth, least.empty);
      } else cells = cellsOf(set, oneColumn(set));
      spread.set(key, cells);
    }
    return cells;
  };
  /**
   * Fewest grid lines of a frame `columns` wide that hold the copy at its best setting (a page's
   * depth and the lines over, if none does), and the cells the copy leaves empty at that depth:
   * tried from the depth its cells would fill, in growing steps, then halving the last step.
   */
  const leastDepth = (set: readonly FlowGroup[], columns: number) => {
    const flows = new Map<number, ReturnType<typeof spannedFlow>['flow']>();
    const flow = (depth: number) => {
      let f = flows.get(depth);
      if (!f) flows.set(depth, (f = spannedFlow(set, slotsOf(grid, { columns: [1, columns], lines: [1, depth] }, [], inset, column), false, spec.balance !== false).flow));
      return f;
    };
    const over = (depth: number) => flow(depth).overflowLines || (linesClash(flow(depth).blocks) ? 1 : 0);
    let short = Math.min(grid.lines, Math.ceil(oneColumn(set) / columns)) - 1;
    let holds = short + 1;
    for (let step = 1; over(holds); step *= 2) {
      if (holds === grid.lines) return { depth: grid.lines + over(holds), empty: 0 };
      short = holds;
      holds = Math.min(grid.lines, holds + step);
    }
    while (holds - short > 1) {
      const mid = (short + holds) >> 1;
      if (over(mid)) short = mid;
      else holds = mid;
    }
    const least = flow(holds);
    // As the fit counts them: lines under the text's end and in columns it leaves short before a table.
    return { depth: holds, empty: least.emptyLines + least.gapLines };
  };

  const headOf = (s: ArticleSetter) => {
    const heads = new Map<number, number>();
    return (columns: number) => {
      let h = heads.get(columns);
      if (h === undefined) {
        const block = s.headline(widthOf(columns), diags);
        h = (block ? (s.article.spec.headline_lines ?? headlineLines(block, layout)) : 0) + (boxed ? 2 : 0);
        heads.set(columns, h);
      }
      return h;
    };
  };
  const head = headOf(setter);
  // The tallest headline the article's elastic allows: its largest size broken into its most lines.
  const tallest = (() => {
    const elastic = spec.elastic;
    if (!elastic || !spec.headline || spec.headline.includes('\n')) return null;
    const level = elastic.headline_level ? Math.max(elastic.headline_level[0], layout.elastic.headlineLevels[0]) : spec.headline_level;
    const lines = elastic.headline_lines ? Math.min(elastic.headline_lines[1], layout.elastic.headlineLines) : 1;
    const headline = breakInto(spec.headline, lines) ?? spec.headline;
    return headOf(new ArticleSetter(context, { ...article, spec: { ...spec, headline, headline_level: level as 1 | 2 | 3 } }, layout, at));
  })();

  const photos = (columns: number) => {
    let least = 0;
    let most = 0;
    for (const [i, photo] of (spec.photos ?? []).entries()) {
      // A photo across frames stands at its place on the page: plan keeps its cells as taken, as an ad's.
      if (photo.across) continue;
      const range = photo.elastic?.columns ?? [photo.columns, photo.columns];
      const lines = photo.elastic?.lines ?? [photo.lines, photo.lines];
      const widths = [];
      for (let c = range[0]; c <= Math.min(range[1], columns); c++) widths.push(c);
      if (!widths.length) {
        if (photo.optional) continue;
        return null;
      }
      // The caption under the picture adds its lines (a run-in credit none); beside it, it takes columns of the slot and no lines.
      const beside = captionColumns(photo);
      const cells = (c: number, l: number) => {
        const captions = beside ? 0 : setter.caption(i, widthOf(c), new DiagnosticList()).reduce((n, s) => n + (s.runIn ? 0 : s.lines.length * gridHeight(s.style, grid)), 0);
        return c * (l + captions + 1);
      };
      least += photo.optional ? 0 : Math.min(...widths.map((c) => cells(c, lines[0])));
      most += Math.max(...widths.map((c) => cells(c, lines[1])));
    }
    return { least, most };
  };

  return {
    article,
    priority,
    copy,
    head,
    headGrowth: (columns) => (tallest ? Math.max(0, tallest(columns) - head(columns)) : 0),
    photos,
    weight: (columns) => head(columns) * columns + (photos(columns)?.most ?? 0),
  };
}
