/**
 * Stage 5: placing an edition's pages on their grids. Furniture (running head, banner, rules),
 * then the articles: those with a frame where their frame says — on several pages for a story
 * that jumps — the others stacked down their page's grid at the highest free place across
 * their columns. The result is the page model (page-model.ts), a page per page of the issue.
 */
import type { CompositionStore } from './typeset.js';
import { IdentityNumbers } from '../identity.js';
import { DiagnosticList, type Diagnostic } from '../diagnostics.js';
import type { Article, GridRect, Issue, Page } from '../issue/model.js';
import type { Layout, PageGrid } from '../layout/model.js';
import { acrossSlot, ArticleSetter, placeArticle, type FramePart } from './article.js';
import { placeElastic } from './elastic.js';
import { banner, pageInfoLine, runningHead, storyRules } from './furniture.js';
import { adSlot, placeAds } from './ad.js';
import { indexCopy } from './issue-index.js';
import { masthead } from './masthead.js';
import { applyTemplate, placeBookings } from './templates.js';
import { inGrid, overlaps, spanText, type GridArea, type Span } from './grid-area.js';
import type { Furniture, PageModel, PlacedArticle, RuleShape } from './page-model.js';

type Locate = Issue['locate'];

/** Work kept from one build: what it made, the diagnostics it reported, and every place in the issue file it located. */
interface Kept<T> {
  value: T;
  diagnostics: Diagnostic[];
  located: (readonly [path: (string | number)[], place: string])[];
}

/**
 * Placement kept between the builds of one context (context.ts): an article's setting, the
 * frame found for an article placed automatically, a page's furniture and rules, and the page
 * models themselves, so that a rebuild sets again only what its inputs changed and hands the
 * PDF writer the very same page object for a page where nothing changed.
 *
 * Each piece of work is kept under a key written out (JSON) from everything it reads: the
 * article's spec, path, copy blocks, copy place and photo files; the identity of its layout and
 * of the grid of each page of its frame (a layout read again, or a font under it, is a new
 * object); its frame parts with the pages they name (index, number, section); for an article
 * placed automatically, what occupies its page before it. The places in the issue file it
 * asked for (for diagnostics and photo sources) are recorded and must be the same now. Only
 * the last build's work is kept: memory follows the edition, not the number of rebuilds.
 */
export class PlacementCache {
  private previous = new Map<string, Kept<unknown>>();
  private current = new Map<string, Kept<unknown>>();
  /** The page models of the last build, by page index, and its articles' parts, by article path and part. */
  private lastPages: PageModel[] = [];
  private lastParts = new Map<string, PlacedArticle>();
  private parts = new Map<string, PlacedArticle>();
  private readonly identities = new IdentityNumbers();

  /** A number for an object's identity (a layout, a grid), for keys. */
  id(o: object): number {
    return this.identities.of(o);
  }

  /** The work kept under `key`, made again by `make` unless kept and located alike; its diagnostics go to `diags` either way. */
  use<T>(key: string, locate: Locate, diags: DiagnosticList, make: (at: Locate, d: DiagnosticList) => T): T {
    let kept = (this.current.get(key) ?? this.previous.get(key)) as Kept<T> | undefined;
    if (kept && !kept.located.every(([path, place]) => JSON.stringify(locate(path)) === place)) kept = undefined;
    if (!kept) {
      const located: Kept<T>['located'] = [];
      const at: Locate = (path) => {
        const place = locate(path);
        located.push([[...path], JSON.stringify(place)]);
        return place;
      };
      const local = new DiagnosticList();
      kept = { value: make(at, local), diagnostics: local.items, located };
    }
    this.current.set(key, kept);
    diags.items.push(...kept.diagnostics);
    return kept.value;
  }

  /** The part as placed last time if it is the same in every field (a story whose split did not move), else the part. */
  samePart(key: string, part: PlacedArticle): PlacedArticle {
    const last = this.lastParts.get(key);
    const kept = last && sameModel(last, part) ? last : part;
    this.parts.set(key, kept);
    return kept;
  }

  /** The page model of the last build at `index` if every field is the same (furniture, articles and rules the same objects), else `page`. */
  samePage(index: number, page: PageModel): PageModel {
    const last = this.lastPages[index];
    if (!last) return page;
    const same = (Object.keys(page) as (keyof PageModel)[]).every((k) => {
      const [a, b] = [page[k], last[k]];
      return Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;
    });
    return same && Object.keys(last).length === Object.keys(page).length ? last : page;
  }

  /** Ends a build: what it used is kept, the rest dropped. */
  finish(pages: PageModel[]): void {
    this.previous = this.current;
    this.current = new Map();
    this.lastParts = this.parts;
    this.parts = new Map();
    this.lastPages = pages;
  }

  /** A build that failed keeps nothing of its own. */
  abandon(): void {
    this.current = new Map();
    this.parts = new Map();
  }

  get size(): number {
    return this.previous.size;
  }
}

/** Deep equality of page-model data: plain objects and arrays field by field, anything else (faces) by identity. */
function sameModel(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameModel(x, b[i]));
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ka = Object.keys(a);
  const rb = b as Record<string, unknown>;
  return ka.length === Object.keys(b).length && ka.every((k) => k in rb && sameModel((a as Record<string, unknown>)[k], rb[k]));
}

/** What placing an edition needs of a build context: its compositions, and the placements it keeps (none: nothing kept). */
export interface PlacementStore extends CompositionStore {
  readonly placements?: PlacementCache;
}

interface Occupant {
  area: GridArea;
  what: string;
  /** A story keeps an empty grid line between itself and the next; a rule is that line. */
  margin: boolean;
}

/** Places every page of the issue, `layouts[i]` being the layout of `issue.pages[i]`. */
export function placeEdition(context: PlacementStore, issue: Issue, layouts: readonly Layout[], diags: DiagnosticList): PageModel[] {
  const cache = context.placements ?? new PlacementCache();
  try {
    const pages = placePages(context, cache, issue, layouts, diags);
    cache.finish(pages);
    return pages;
  } catch (e) {
    cache.abandon();
    throw e;
  }
}

function placePages(context: CompositionStore, cache: PlacementCache, issue: Issue, layouts: readonly Layout[], diags: DiagnosticList): PageModel[] {
  const pages = issue.pages;
  // What stands on the pages before the news: their templates, then the booked advertisements.
  pages.forEach((page, pi) => applyTemplate(issue, page, layouts[pi], diags));
  placeBookings(issue, layouts, diags);
  // The index's entries name the pages as they are now numbered.
  pages.forEach((page, pi) => {
    for (const article of page.articles) if (article.spec.contents === 'index') article.blocks = indexCopy(issue, layouts[pi]);
  });
  // The issue as its pages' furniture reads it: everything but the pages.
  const issueKey = JSON.stringify([issue.file, issue.name, { ...issue.spec, pages: undefined }]);
  const pageKey = (page: Page, i: number) => `${issueKey}|${cache.id(layouts[i])}|${JSON.stringify([page.path, { ...page.spec, articles: undefined }])}`;
  const furniture = pages.map((page, i) =>
    cache.use(`furniture|${pageKey(page, i)}`, issue.locate, diags, (locate, d) => {
      const at = { ...issue, locate };
      return {
        slug: pageInfoLine(context, at, page, layouts[i], d),
        pieces: [masthead(context, at, page, layouts[i], d), runningHead(context, at, page, layouts[i], d), banner(context, at, page, layouts[i], d)].filter((f): f is Furniture => !!f),
        ads: placeAds(context, at, page, layouts[i], d),
      };
    }),
  );
  const occupied: Occupant[][] = pages.map((page, i) => furnitureAreas(page, layouts[i]));
  const across = pages.map((page, pi) => acrossSlots(context, issue, page, layouts[pi], occupied[pi], diags));

  // Articles with a frame claim their place first, on every page it covers; the others then fill the free space in order.
  const frames = new Map<Article, FramePart[]>();
  pages.forEach((page, pi) => {
    for (const article of page.articles) {
      if (!article.spec.frame) continue;
      const parts = fixedFrame(issue, pi, article, layouts, diags);
      if (!parts) continue;
      const clash = parts.flatMap((part) => part.areas.flatMap((r) => occupied[part.page.index].filter((o) => overlaps(o.area, r)).map((o) => ({ o, part }))))[0];
      if (clash) {
        const where = clash.part.page.index === pi ? '' : ` on page ${clash.part.page.number}`;
        diags.error(`frame of article "${article.spec.id}" overlaps ${clash.o.what}${where}`, issue.locate([...article.path, 'frame']));
        continue;
      }
      frames.set(article, parts);
      for (const part of parts) occupied[part.page.index].push(...part.areas.map((area) => ({ area, what: `article "${article.spec.id}"`, margin: true })));
    }
  });

  // Articles placed automatically keep clear of photos standing across frames.
  across.forEach((slots, pi) => occupied[pi].push(...slots.map((t) => ({ area: t.slot, what: t.what, margin: true }))));

  const placed: PlacedArticle[][] = pages.map(() => []);
  /** Parts of stories that go on from another page, by the page they go on to. */
  const continued: PlacedArticle[][] = pages.map(() => []);
  pages.forEach((page, pi) => {
    const layout = layouts[pi];
    for (const article of page.articles) {
      // Everything the article's setting reads of it and of its layout.
      const articleKey = JSON.stringify([cache.id(layout), article.spec, article.path, article.blocks, article.copyPlace, article.photoFiles]);
      const setterFor = (at: Locate) => new ArticleSetter(context, article, layout, at);
      let parts = frames.get(article);
      if (!article.spec.frame) {
        const here = pagePlace(issue, pi, layout.grid);
        const key = `auto|${articleKey}|${JSON.stringify([here.page, cache.id(here.grid), occupied[pi]])}`;
        const frame = cache.use(key, issue.locate, diags, (at, d) => autoFrame(setterFor(at), here, occupied[pi], d));
        if (frame) {
          occupied[pi].push(...frame.map((area) => ({ area, what: `article "${article.spec.id}"`, margin: true })));
          parts = [{ ...here, areas: frame }];
        }
      }
      if (!parts) continue;
      const framed = parts.map((part) => {
        const cut = across[part.page.index].filter((t) => t.owner !== article && part.areas.some((a) => overlaps(a, t.takes)));
        return cut.length ? { ...part, across: cut.map((t) => ({ ...t.takes, what: t.what })) } : part;
      });
      const key = `place|${articleKey}|${JSON.stringify(framed.map((p) => [p.page, cache.id(p.grid), p.areas, p.across]))}`;
      const setting = cache.use(key, issue.locate, diags, (at, d) => placeElastic(setterFor(at), framed, d));
      setting.placed.forEach((p, k) => {
        const part = cache.samePart(JSON.stringify([article.path, k, framed.length]), p);
        (k === 0 ? placed[pi] : continued[framed[k].page.index]).push(part);
      });
    }
  });

  return pages.map((page, pi) => {
    const layout = layouts[pi];
    const grid = layout.grid;
    const rules = cache.use(`rules|${pageKey(page, pi)}`, issue.locate, diags, (locate, d): RuleShape[] => storyRules({ ...issue, locate }, page, layout, d));
    return cache.samePage(pi, {
      number: page.spec.number,
      section: page.spec.section,
      width: grid.pageWidth,
      height: grid.pageHeight,
      bleed: grid.bleed,
      furniture: furniture[pi].pieces,
      slug: furniture[pi].slug,
      articles: [...placed[pi], ...continued[pi]],
      ads: furniture[pi].ads,
      rules,
    });
  });
}

/**
 * The photos of a page's articles that stand across frames (`across`): each slot on the page
 * grid, and what it takes from other articles' frames — the slot and the line under it, which
 * keeps their text off the caption. A slot on the furniture, or on another such photo, is an error.
 */
function acrossSlots(context: CompositionStore, issue: Issue, page: Page, layout: Layout, furniture: readonly Occupant[], diags: DiagnosticList) {
  const slots: { owner: Article; slot: GridArea; takes: GridArea; what: string }[] = [];
  for (const article of page.articles) {
    (article.spec.photos ?? []).forEach((photo, i) => {
      if (!photo.across || !photo.at) return;
      const slot = acrossSlot(new ArticleSetter(context, article, layout, issue.locate), i);
      const what = `photo ${i + 1} of article "${article.spec.id}"`;
      const clash = [...furniture, ...slots.map((t) => ({ area: t.slot, what: t.what }))].find((o) => overlaps(o.area, slot));
      if (clash) {
        diags.error(`${what} (${spanText(slot)} with its caption) overlaps ${clash.what}`, issue.locate([...article.path, 'photos', i, 'at']));
        return;
      }
      slots.push({ owner: article, slot, takes: { columns: slot.columns, lines: [slot.lines[0], Math.min(layout.grid.lines, slot.lines[1] + 1)] }, what });
    });
  }
  return slots;
}

/** The page as a frame part names it: its place in the issue, its number and section, and its grid. */
function pagePlace(issue: Issue, index: number, grid: PageGrid): Omit<FramePart, 'areas'> {
  const spec = issue.pages[index].spec;
  return { page: { index, number: spec.number, section: spec.section }, grid };
}

/** What the page's furniture takes of the grid: the masthead, the banner, the advertisements, and the line of each rule. */
function furnitureAreas(page: Page, layout: Layout): Occupant[] {
  const grid = layout.grid;
  const occupied: Occupant[] = [];
  if (page.spec.masthead && layout.masthead) occupied.push({ area: { columns: [1, grid.columns], lines: [1, layout.masthead.lines] }, what: 'the masthead', margin: true });
  for (const ad of page.spec.ads ?? []) {
    const slot = adSlot(ad, grid);
    if (slot) occupied.push({ area: slot.area, what: `advertisement "${ad.id}"`, margin: true });
  }
  if (page.spec.banner) occupied.push({ area: { columns: [1, grid.columns], lines: [1, page.spec.banner.lines ?? 6] }, what: 'the banner', margin: true });
  for (const rule of page.spec.rules ?? []) occupied.push({ area: { columns: rule.columns, lines: [rule.line, rule.line] }, what: `the rule on line ${rule.line}`, margin: false });
  return occupied;
}

/**
 * An article's frame as parts, a part per page: its rectangles stand on the article's own
 * page unless they name another, and a rectangle without a page stays on the page of the one
 * before. A story that jumps goes to pages of the issue, never back to a page it has left, on
 * the same grid.
 */
function fixedFrame(issue: Issue, pageIndex: number, article: Article, layouts: readonly Layout[], diags: DiagnosticList): FramePart[] | null {
  const spec = article.spec;
  const rects = (Array.isArray(spec.frame) ? spec.frame : [spec.frame]) as GridRect[];
  const pathOf = (i: number) => (Array.isArray(spec.frame) ? [...article.path, 'frame', i] : [...article.path, 'frame']);
  const indexOf = new Map(issue.pages.map((p, i) => [p.spec.number, i]));
  const own = issue.pages[pageIndex].spec.number;
  const grid = layouts[pageIndex].grid;
  const parts: FramePart[] = [];
  let ok = true;
  rects.forEach((r, i) => {
    const number = r.page ?? parts.at(-1)?.page.number ?? own;
    const index = indexOf.get(number);
    const at = issue.locate(r.page !== undefined ? [...pathOf(i), 'page'] : pathOf(i));
    if (index === undefined) {
      diags.error(`frame goes on to page ${number}, which the issue does not have`, at);
      ok = false;
      return;
    }
    let part = parts.at(-1);
    if (i === 0 && number !== own) {
      diags.error(`a frame starts on its article's own page (${own}); this rectangle is on page ${number}`, at);
      ok = false;
      return;
    }
    if (part?.page.number !== number) {
      if (parts.some((p) => p.page.number === number)) {
        diags.error(`frame comes back to page ${number}, which it has left: a story goes on to each page once`, at);
        ok = false;
        return;
      }
      const pageGrid = layouts[index].grid;
      if (!sameGrid(pageGrid, grid)) {
        diags.error(`frame goes on to page ${number}, whose layout has another grid than page ${own}'s: a story keeps its column width and line pitch`, at);
        ok = false;
        return;
      }
      part = { ...pagePlace(issue, index, pageGrid), areas: [] };
      parts.push(part);
    }
    if (!inGrid(part.grid, r)) {
      diags.error(`frame (${spanText(r)}) lies outside the ${part.grid.columns}×${part.grid.lines} grid`, issue.locate(pathOf(i)));
      ok = false;
      return;
    }
    const clash = part.areas.find((s) => overlaps(r, s));
    if (clash) {
      diags.error(`the rectangles of the frame overlap (${spanText(clash)} and ${spanText(r)})`, issue.locate([...article.path, 'frame']));
      ok = false;
    }
    part.areas.push({ columns: [...r.columns] as Span, lines: [...r.lines] as Span });
  });
  return ok ? parts : null;
}

const sameGrid = (a: PageGrid, b: PageGrid) =>
  a.columns === b.columns && a.lines === b.lines && a.columnWidth === b.columnWidth && a.gutter === b.gutter && a.pitch === b.pitch && a.bodySize === b.bodySize;

/** How many lines deeper than the text needs an automatic frame may be made so that no line stands alone. */
const ALONE_REACH = 3;

/**
 * The height of an automatic frame, from `least`, the fewest lines that hold the text at its best
 * setting: the first of that, a line less (paragraphs set tighter), or up to ALONE_REACH lines more
 * (set looser), at which the text as it is set in the end — paragraphs filling the frame — leaves
 * no paragraph line alone at a column's head or foot and loses nothing (a height other than
 * `least` also not leaving the frame partly empty, a line under every column: where no paragraph
 * can be set a line longer or shorter, a frame a line deeper whose first column reaches its foot,
 * the others a line or two short, is better than a line alone, as balanced columns weigh them);
 * `least` when none does, as the warnings then say.
 */
function settledHeight(setter: ArticleSetter, here: Omit<FramePart, 'areas'>, least: number, frame: (height: number) => GridArea[]): number {
  const heights = [least, least - 1, ...Array.from({ length: ALONE_REACH }, (_, k) => least + k + 1)].filter((h) => h >= 1 && h <= here.grid.lines);
  for (const h of heights) {
    const p = placeArticle(setter, [{ ...here, areas: frame(h) }], new DiagnosticList(), true);
    const fit = p.placed[0].fit;
    if (fit.overflowLines === 0 && !p.incomplete && p.alone === 0 && (h === least || !p.partlyEmpty)) return h;
  }
  return least;
}

/**
 * A frame for an article without one: as tall as its text needs (headline included) across
 * `columns` columns, at the highest free place on the page, leftmost first, with an empty grid
 * line between it and the stories above and below.
 */
function autoFrame(setter: ArticleSetter, here: Omit<FramePart, 'areas'>, occupied: readonly Occupant[], diags: DiagnosticList): GridArea[] | null {
  const { article } = setter;
  const grid = here.grid;
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
    const p = placeArticle(setter, [{ ...here, areas: [at(1, 1, h)] }], probe, false);
    return p.placed[0].fit.overflowLines === 0 && !p.incomplete;
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
  const needed = settledHeight(setter, here, hi, (h) => [at(1, 1, h)]);
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
