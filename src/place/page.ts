/**
 * Stage 5: placing a page on its grid. Furniture (running head, banner, rules), then the
 * articles: those with a frame where their frame says, the others stacked down the grid at
 * the highest free place across their columns. The result is plain geometry (PageFrame).
 */
import type { BuildContext } from '../context.js';
import { DiagnosticList } from '../diagnostics.js';
import type { Article, GridRect, Issue, Page } from '../issue/model.js';
import type { Layout } from '../layout/model.js';
import { ArticleSetter, placeArticle } from './article.js';
import { banner, pageInfoLine, runningHead, storyRules } from './furniture.js';
import { inGrid, overlaps, spanText, type GridArea, type Span } from './grid-area.js';
import type { Furniture, PageModel, PlacedArticle } from './page-model.js';

interface Occupant {
  area: GridArea;
  what: string;
  /** A story keeps an empty grid line between itself and the next; a rule is that line. */
  margin: boolean;
}

export function placePage(context: BuildContext, issue: Issue, page: Page, layout: Layout, diags: DiagnosticList): PageModel {
  const grid = layout.grid;
  const number = page.spec.number;
  const slug = pageInfoLine(context, issue, page, layout, diags);
  const furniture = [runningHead(context, issue, page, layout, diags), banner(context, issue, page, layout, diags)].filter((f): f is Furniture => !!f);
  const occupied: Occupant[] = [];
  if (page.spec.banner) occupied.push({ area: { columns: [1, grid.columns], lines: [1, page.spec.banner.lines ?? 6] }, what: 'the banner', margin: true });
  for (const rule of page.spec.rules ?? []) occupied.push({ area: { columns: rule.columns, lines: [rule.line, rule.line] }, what: `the rule on line ${rule.line}`, margin: false });

  // Articles with a frame claim their place first; the others then fill the free space in order.
  const frames = new Map<Article, GridArea[]>();
  for (const article of page.articles) {
    if (!article.spec.frame) continue;
    const frame = fixedFrame(article, layout, diags, issue.locate);
    if (!frame) continue;
    const clash = occupied.find((o) => frame.some((r) => overlaps(o.area, r)));
    if (clash) {
      diags.error(`frame of article "${article.spec.id}" overlaps ${clash.what}`, issue.locate([...article.path, 'frame']));
      continue;
    }
    frames.set(article, frame);
    occupied.push(...frame.map((area) => ({ area, what: `article "${article.spec.id}"`, margin: true })));
  }

  const articles: PlacedArticle[] = [];
  for (const article of page.articles) {
    const setter = new ArticleSetter(context, article, layout, issue.locate);
    let frame = frames.get(article);
    if (!article.spec.frame) {
      frame = autoFrame(setter, occupied, diags) ?? undefined;
      if (frame) occupied.push(...frame.map((area) => ({ area, what: `article "${article.spec.id}"`, margin: true })));
    }
    if (!frame) continue;
    articles.push(placeArticle(setter, frame, number, diags).placed);
  }
  const rules = storyRules(issue, page, layout, diags);
  return { number, section: page.spec.section, width: grid.pageWidth, height: grid.pageHeight, bleed: grid.bleed, furniture, slug, articles, rules };
}

function fixedFrame(article: Article, layout: Layout, diags: DiagnosticList, at: Issue['locate']): GridArea[] | null {
  const grid = layout.grid;
  const spec = article.spec;
  const rects = (Array.isArray(spec.frame) ? spec.frame : [spec.frame]) as GridRect[];
  let ok = true;
  rects.forEach((r, i) => {
    if (!inGrid(grid, r)) {
      const path = Array.isArray(spec.frame) ? [...article.path, 'frame', i] : [...article.path, 'frame'];
      diags.error(`frame (${spanText(r)}) lies outside the ${grid.columns}×${grid.lines} grid`, at(path));
      ok = false;
    }
  });
  rects.forEach((r, i) => rects.slice(i + 1).forEach((s) => {
    if (overlaps(r, s)) {
      diags.error(`the rectangles of the frame overlap (${spanText(r)} and ${spanText(s)})`, at([...article.path, 'frame']));
      ok = false;
    }
  }));
  return ok ? rects.map((r) => ({ columns: [...r.columns] as Span, lines: [...r.lines] as Span })) : null;
}

/**
 * A frame for an article without one: as tall as its text needs (headline included) across
 * `columns` columns, at the highest free place on the page, leftmost first, with an empty grid
 * line between it and the stories above and below.
 */
function autoFrame(setter: ArticleSetter, occupied: readonly Occupant[], diags: DiagnosticList): GridArea[] | null {
  const { article, layout } = setter;
  const grid = layout.grid;
  const width = article.spec.columns ?? grid.columns;
  if (width > grid.columns) {
    diags.error(`columns ${width} is more than the layout's ${grid.columns}`, setter.at([...article.path, 'columns']));
    return null;
  }
  const free = (area: GridArea) => {
    const margin: GridArea = { columns: area.columns, lines: [Math.max(1, area.lines[0] - 1), Math.min(grid.lines, area.lines[1] + 1)] };
    return !occupied.some((o) => overlaps(o.area, o.margin ? margin : area));
  };
  const at = (column: number, line: number, height: number): GridArea => ({ columns: [column, column + width - 1], lines: [line, line + height - 1] });
  // Height needed, tried on a frame at the top of the page: it does not depend on where the frame stands.
  const probe = new DiagnosticList();
  const fits = (h: number) => {
    const p = placeArticle(setter, [at(1, 1, h)], 0, probe, false);
    return p.placed.fit.overflowLines === 0 && !p.incomplete;
  };
  let lo = 1;
  let hi = grid.lines;
  if (fits(hi)) {
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (fits(mid)) hi = mid;
      else lo = mid + 1;
    }
  }
  const needed = hi;
  for (let line = 1; line + needed - 1 <= grid.lines; line++) {
    for (let column = 1; column + width - 1 <= grid.columns; column++) {
      if (free(at(column, line, needed))) return [at(column, line, needed)];
    }
  }
  // No place is tall enough: take the tallest free place, and let the fit report show the overflow.
  let best: GridArea | null = null;
  for (let line = 1; line <= grid.lines; line++) {
    for (let column = 1; column + width - 1 <= grid.columns; column++) {
      let h = 0;
      while (line + h <= grid.lines && free(at(column, line, h + 1))) h++;
      if (h > 0 && (!best || h > best.lines[1] - best.lines[0] + 1)) best = at(column, line, h);
    }
  }
  if (!best) diags.error(`no room left on the page for article "${article.spec.id}"`, setter.at(article.path));
  return best ? [best] : null;
}
