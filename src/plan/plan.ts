/**
 * Automatic page makeup (`paiban plan`): proposes modular layouts for a page's articles on the
 * grid, sets each proposal to measure it (every article in its frame, elastic parts and
 * copyfitting as in a build), and scores it term by term with the layout's weights.
 */
import { DiagnosticList, InputError } from '../diagnostics.js';
import type { Article, ArticleSpec, Issue } from '../issue/model.js';
import { loadIssue, type LoadOptions } from '../issue/load-issue.js';
import { layoutPath, loadLayout } from '../layout/load-layout.js';
import type { Layout, MakeupWeights } from '../layout/model.js';
import { acrossSlot, ArticleSetter, type FramePart } from '../place/article.js';
import { placeElastic } from '../place/elastic.js';
import type { GridArea } from '../place/grid-area.js';
import type { ArticleFit } from '../place/page-model.js';
import type { CompositionStore } from '../place/typeset.js';
import { BuildContext } from '../context.js';
import { linesClash, measureArticle, type ArticleMeasure } from './measure.js';
import { searchLayouts, type Candidate } from './search.js';

/** Each term of a proposal's score before weighting, in the units the layout's weights are given per (layout/model.ts MakeupWeights). */
export type ScoreTerms = Record<keyof MakeupWeights, number>;

export interface Proposal {
  /** A frame per article of the page (in the page's order): one rectangle or two side by side (stepped, L); null for those kept. */
  frames: (GridArea[] | null)[];
  rules: Candidate['rules'];
  /** Per article of the page: the headline's elastic the proposal gives it (a page that comes out short), or null. */
  elastic: (ArticleSpec['elastic'] | null)[];
  fits: ArticleFit[];
  terms: ScoreTerms;
  score: number;
}

export interface PagePlan {
  issue: Issue;
  pageIndex: number;
  layout: Layout;
  proposals: Proposal[];
  /** Articles the plan lays out, by priority. */
  planned: Article[];
}

export interface PlanOptions extends LoadOptions {
  context?: CompositionStore;
  /** Proposals to return (default: the layout's makeup.alternatives). */
  alternatives?: number;
  /** Rectangles to keep free besides the banner and fixed frames (ads). */
  reserved?: GridArea[];
}

/** Layouts each region keeps in the search, and how many of the page's are set and scored. */
const SEARCH_KEEP = 12;
/** Layouts the search combines before it stops trying splits: the pages of the makeup benchmark need at most about half. */
const SEARCH_BUDGET = 1_000_000;
const MEASURED = 6;
const MEASURED_RECTANGLES = 3;
/** Unused type area (%) above which a page is planned again with its headlines allowed to take a second line. */
const SHORT_PAGE = 1;
/** What a short page gives a headline that says nothing of its elastic: a second line, as a desk sets a headline over copy that runs short. */
const HEADLINE_GIVES: NonNullable<ArticleSpec['elastic']> = { headline_lines: [1, 2] };

/** Proposes layouts for the page numbered `pageNumber` of the issue file. */
export function planPage(file: string, pageNumber: number, options: PlanOptions = {}): PagePlan {
  const { issue } = loadIssue(file, options);
  const pageIndex = issue.pages.findIndex((p) => p.spec.number === pageNumber);
  if (pageIndex < 0) throw new InputError([{ severity: 'error', message: `the issue has no page ${pageNumber} (pages: ${issue.pages.map((p) => p.spec.number).join(', ')})`, file: issue.file }]);
  const page = issue.pages[pageIndex];
  const layout = loadLayout(new BuildContext(), layoutPath(page.spec.layout ?? issue.spec.layout!, issue.dir));
  return planLoadedPage(issue, pageIndex, layout, options);
}

/** Proposes layouts for a page of an issue already loaded, on its layout (a build's `makeup: auto`). */
export function planLoadedPage(issue: Issue, pageIndex: number, layout: Layout, options: Omit<PlanOptions, keyof LoadOptions> = {}): PagePlan {
  const context = options.context ?? new BuildContext();
  const page = issue.pages[pageIndex];
  const grid = layout.grid;
  const weights = layout.makeup.weights;

  const planned = page.articles.filter((a) => !a.spec.fixed).map(withoutPhotoPlaces);
  // A page of fixed stories only, or none (one that only receives a story jumping from another page): nothing to lay out.
  if (!planned.length) return { issue, pageIndex, layout, proposals: [], planned };
  const fixed: GridArea[] = [
    ...page.articles.filter((a) => a.spec.fixed && a.spec.frame).flatMap((a) => (Array.isArray(a.spec.frame) ? a.spec.frame : [a.spec.frame!]).map((r) => ({ columns: r.columns, lines: r.lines }))),
    // Photos across frames stand where their `at` puts them, whatever frames are drawn round them.
    ...page.articles.flatMap((a) => (a.spec.photos ?? []).flatMap((photo, i) => (photo.across && photo.at ? [acrossSlot(new ArticleSetter(context, a, layout, issue.locate), i)] : []))),
    ...jumpingIn(issue, pageIndex),
    ...(options.reserved ?? []),
  ];
  const top = page.spec.banner ? (page.spec.banner.lines ?? 6) + 2 : 1;
  const alternatives = options.alternatives ?? layout.makeup.alternatives;

  /** Proposals for the planned articles; `given` those whose headline the page lets give. */
  const propose = (given: ReadonlySet<Article>): { proposals: Proposal[]; byPriority: Article[] } => {
    const articles = planned.map((a) => (given.has(a) ? { ...a, spec: { ...a.spec, elastic: HEADLINE_GIVES } } : a));
    const byPriority = articles
      .map((article, k) => ({ article, k, priority: article.spec.priority ?? k + 1 }))
      .sort((a, b) => a.priority - b.priority || a.k - b.k);
    const measures = byPriority.map(({ article, priority }) => measureArticle(context, article, layout, priority, issue.locate));
    const search = (steps: boolean) =>
      searchLayouts({
        articles: measures,
        region: { columns: [1, grid.columns], lines: [top, grid.lines] },
        fixed,
        keep: SEARCH_KEEP,
        weights: { unused: 1, overset: 20 },
        budget: SEARCH_BUDGET,
        steps,
      });
    // The search's estimate ranks them; the best few are set to be measured, and the best few of
    // rectangles only: the estimate of a stepped frame with photos in it can be far out (where
    // a photo may stand across the step), and the best candidates often share one such frame.
    const best = search(true).slice(0, Math.max(2 * alternatives, MEASURED));
    const seen = new Set(best.map((c) => JSON.stringify(c.frames)));
    const rectangles = search(false).filter((c) => !seen.has(JSON.stringify(c.frames))).slice(0, MEASURED_RECTANGLES);
    const proposals = [...best, ...rectangles].flatMap((c) => {
      const set = measures.map((m, k) => fitIn(context, issue, pageIndex, layout, m, c.frames[k]));
      if (set.includes(null)) return [];
      const fits = set as ArticleFit[];
      const terms = scoreTerms(c, fits, measures, layout, fixed, top);
      const score = (Object.keys(terms) as (keyof ScoreTerms)[]).reduce((s, t) => s + terms[t] * weights[t], 0);
      const ks = page.articles.map((a) => byPriority.findIndex((p) => p.article.path === a.path));
      const frames = ks.map((k) => (k < 0 ? null : c.frames[k]));
      // The elastic is written where the headline gave; where it did not, the article is set as before.
      const elastic = ks.map((k) => (k >= 0 && given.has(planned[byPriority[k].k]) && fits[k].changes?.some((ch) => ch.startsWith('headline')) ? HEADLINE_GIVES : null));
      return [{ frames, rules: c.rules, elastic, fits, terms, score }];
    });
    return { proposals, byPriority: byPriority.map((p) => p.article) };
  };

  const found = propose(new Set());
  // A page whose copy comes out short of the room: its headlines that say nothing of their
  // elastic may take a second line, and the better proposals of both plans are shown.
  const short = !found.proposals.length || Math.min(...found.proposals.map((p) => p.terms.unused)) > SHORT_PAGE;
  const giving = new Set(planned.filter((a) => a.spec.headline && !a.spec.headline.includes('\n') && !a.spec.elastic));
  const proposals = short && giving.size ? [...found.proposals, ...propose(giving).proposals] : found.proposals;
  proposals.sort((a, b) => a.score - b.score);
  // A layout in which no headline gave is found by both plans: shown once.
  const distinct = proposals.filter((p, i) => proposals.findIndex((q) => JSON.stringify([q.frames, q.elastic]) === JSON.stringify([p.frames, p.elastic])) === i);
  return { issue, pageIndex, layout, proposals: distinct.slice(0, alternatives), planned: found.byPriority };
}

/** The rectangles on this page of stories that jump to it from another page: a rectangle without a `page` stands on the page of the one before. */
function jumpingIn(issue: Issue, pageIndex: number): GridArea[] {
  const number = issue.pages[pageIndex].spec.number;
  return issue.pages.flatMap((page, p) =>
    p === pageIndex
      ? []
      : page.articles.flatMap((a) => {
          if (!Array.isArray(a.spec.frame)) return [];
          let on = page.spec.number;
          return a.spec.frame.flatMap((r) => ((on = r.page ?? on) === number ? [{ columns: r.columns, lines: r.lines }] : []));
        }),
  );
}

/** The article set in the frame as a build sets it. */
function fitIn(context: CompositionStore, issue: Issue, pageIndex: number, layout: Layout, m: ArticleMeasure, frame: GridArea[]): ArticleFit | null {
  const spec = issue.pages[pageIndex].spec;
  const part: FramePart = { page: { index: pageIndex, number: spec.number, section: spec.section }, grid: layout.grid, areas: frame };
  const diags = new DiagnosticList();
  const setting = placeElastic(new ArticleSetter(context, m.article, layout, issue.locate), [part], diags);
  // A frame the build would refuse (a photo with no room in it), or one too shallow for its tables to stand apart: the proposal is not one.
  return diags.hasErrors || setting.incomplete || linesClash(setting.placed[0].copy) ? null : setting.placed[0].fit;
}

function scoreTerms(c: Candidate, fits: readonly ArticleFit[], measures: readonly ArticleMeasure[], layout: Layout, fixed: readonly GridArea[], top: number): ScoreTerms {
  const grid = layout.grid;
  const cells = (a: GridArea) => (a.columns[1] - a.columns[0] + 1) * (a.lines[1] - a.lines[0] + 1);
  const width = (a: GridArea) => a.columns[1] - a.columns[0] + 1;
  const frameWidth = (f: readonly GridArea[]) => f.reduce((n, a) => n + width(a), 0);
  const free = grid.columns * (grid.lines - top + 1);
  const taken = c.frames.flat().reduce((n, f) => n + cells(f), 0) + c.rules.reduce((n, r) => n + r.columns[1] - r.columns[0] + 1, 0) + fixed.reduce((n, f) => n + cells(f), 0);
  const empty = fits.reduce((n, f) => n + f.emptyLines, 0);
  // Lines between a fixed rectangle and a frame, above it and under it, are rules or white too.
  const holes = Math.max(0, free - taken - fixed.reduce((n, f) => n + width(f) * ((f.lines[0] > top ? 1 : 0) + (f.lines[1] < grid.lines ? 1 : 0)), 0));
  let headline = c.frames[0][0].lines[0] === top ? 0 : 1;
  let reading = 0;
  c.frames.forEach((a, i) =>
    c.frames.forEach((b, j) => {
      if (j <= i) return;
      if (frameWidth(b) > frameWidth(a) && measures[j].priority > measures[i].priority) headline++;
      const above = a.some((x) => b.some((y) => x.columns[0] <= y.columns[1] && y.columns[0] <= x.columns[1] && y.lines[1] < x.lines[0]));
      if (above) reading++;
    }),
  );
  const feet = c.frames.flat().map((f) => f.lines[1]).filter((l) => l < grid.lines);
  const alignment = feet.filter((l, i) => feet.indexOf(l) === i && feet.filter((x) => x === l).length === 1).length;
  const photos = fits.reduce((n, f) => n + (f.changes ?? []).filter((ch) => ch.startsWith('photo')).length, 0);
  let moment = 0;
  let mass = 0;
  c.frames.forEach((f, k) => {
    const weight = measures[k].weight(frameWidth(f));
    moment += weight * (f.reduce((n, a) => n + width(a) * (a.columns[0] + a.columns[1]) / 2, 0) / frameWidth(f));
    mass += weight;
  });
  const centre = (grid.columns + 1) / 2;
  const balance = mass ? Math.abs(moment / mass - centre) / (centre - 0.5) : 0;
  return {
    unused: (100 * (empty + holes)) / (grid.columns * grid.lines),
    overset: fits.reduce((n, f) => n + f.overflowLines, 0),
    headline,
    photos,
    alignment,
    reading,
    balance,
  };
}

/**
 * The issue with a proposal's frames and rules on its page, as `write.ts` would write them:
 * each planned article in its frame with its photos' places dropped, the page's rules the plan's.
 */
export function withPlannedPage(issue: Issue, pageIndex: number, proposal: Proposal): Issue {
  const pages = issue.pages.map((page, p) => {
    if (p !== pageIndex) return page;
    const articles = page.articles.map((a, k) => {
      const frame = proposal.frames[k];
      if (!frame) return a;
      const moved = withoutPhotoPlaces(a);
      return { ...moved, spec: { ...moved.spec, frame: frame.length === 1 ? frame[0] : frame, ...(proposal.elastic[k] ? { elastic: proposal.elastic[k] } : {}) } };
    });
    return { ...page, articles, spec: { ...page.spec, rules: proposal.rules.map((r) => ({ columns: r.columns, line: r.line })) } };
  });
  return { ...issue, pages };
}

/** A photo's place (at) belongs to the frame it was placed in: in a new frame photos stand where they read; one across frames stays at its place on the page. */
const withoutPhotoPlaces = (a: Article): Article => ({ ...a, spec: { ...a.spec, photos: a.spec.photos?.map((photo) => (photo.across ? photo : { ...photo, at: undefined })) } });
