/** Reading the page model in tests: text runs by role, photos, boxes. */
import { articleBlocks, drawing, type GlyphRun, type PageModel, type TextBlock, type TextRole } from '../../src/place/page-model.js';

export const blocksOf = (page: PageModel): TextBlock[] => [...page.furniture.flatMap((f) => f.blocks), ...page.articles.flatMap(articleBlocks)];

/** Runs of the blocks of one role, in reading order. */
export const runsOf = (page: PageModel, role: TextRole): GlyphRun[] =>
  blocksOf(page).filter((b) => b.role === role).flatMap((b) => b.lines.flatMap((l) => l.runs));

/** Every text run the page draws (with the slug when `marks`), in painting order. */
export const allRuns = (page: PageModel, marks = true): GlyphRun[] => [...drawing(page, marks)].flatMap((d) => (d.kind === 'text' ? [d.run] : []));

export const photosOf = (page: PageModel) => page.articles.flatMap((a) => a.photos);
export const boxesOf = (page: PageModel) => page.articles.flatMap((a) => a.box);
