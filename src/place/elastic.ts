/**
 * Elastic articles: an article says what may give — the headline's size level and the lines
 * its 主题 is set in, each photo's size (columns, and lines within the layout's aspect range),
 * a photo that may be left out — and paiban picks the combination that fills the frame
 * exactly, then copyfits as for any article, and says what it changed in the fit report
 * ("photo pepper 5×29 → 4×22; headline 2 lines").
 */
import { classOf } from '../chars/char-class.js';
import { DiagnosticList } from '../diagnostics.js';
import type { Article, ArticleSpec, PhotoSpec } from '../issue/model.js';
import { GB } from '../rules/gb.js';
import { notAtLineEnd, notAtLineStart } from '../rules/rules.js';
import { ArticleSetter, captionColumns, placeArticle, type ArticleSetting, type FramePart } from './article.js';

/** One way the article may be set, and what it changed, in words. */
interface Variant {
  article: Article;
  changes: string[];
}

/** A variant measured: lines over and under, and how much it changes. */
interface Trial {
  variant: Variant;
  setting: ArticleSetting;
  diagnostics: DiagnosticList;
  cost: number;
}

/** How many of the best variants measured at their best setting are copyfitted to choose among. */
const FINALISTS = 3;

/** Rounds of resizing photos to what a measured variant leaves over or short. */
const PHOTO_ROUNDS = 3;

/** Places an article, choosing among the sizes its elastic parts allow the one that fills the frame best. */
export function placeElastic(setter: ArticleSetter, parts: readonly FramePart[], diags: DiagnosticList): ArticleSetting {
  const { article } = setter;
  if (!isElastic(article.spec)) return placeArticle(setter, parts, diags);
  const ranges = elasticRanges(setter, parts, diags);
  if (!ranges) return placeArticle(setter, parts, diags);

  // Lower is better: text lost first, then lines left empty, then each change.
  const measure = (variant: Variant, fill: boolean): Trial => {
    const d = new DiagnosticList();
    const setting = placeArticle(new ArticleSetter(setter.context, variant.article, setter.layout, setter.at), parts, d, fill);
    const fit = setting.placed[0].fit;
    const broken = d.hasErrors || setting.incomplete;
    return { variant, setting, diagnostics: d, cost: (broken ? 1e6 : 0) + fit.overflowLines * 1000 + fit.emptyLines * 10 + variant.changes.length };
  };

  const trials: Trial[] = [];
  for (const base of headlineVariants(setter, ranges)) {
    for (const shape of photoShapes(article.spec.photos ?? [], ranges)) {
      // The photos' lines from their given size, then grown or shrunk by what the text leaves over or short.
      let lines = shape.map((p) => p?.lines ?? 0);
      for (let round = 0; round < PHOTO_ROUNDS; round++) {
        const t = measure(variantOf(base, shape, lines), false);
        trials.push(t);
        const fit = t.setting.placed[0].fit;
        const next = resized(shape, lines, fit.emptyLines - fit.overflowLines);
        if (!next) break;
        lines = next;
      }
    }
  }
  // The variants that come nearest with every paragraph at its best setting are copyfitted;
  // of those that then fit as well, the one that needed the least copyfitting is taken.
  trials.sort((a, b) => a.cost - b.cost);
  const finalists = trials.slice(0, FINALISTS).map((t) => ({ natural: t.cost, fitted: measure(t.variant, true) }));
  const misfit = (t: Trial) => t.cost - t.variant.changes.length;
  finalists.sort((a, b) => misfit(a.fitted) - misfit(b.fitted) || a.natural - b.natural);
  const best = finalists[0].fitted;
  diags.items.push(...best.diagnostics.items);
  // A headline broken by hand into as many lines as composition gave it is no change to report.
  const given = headlineLineCount(measure({ article, changes: [] }, false).setting);
  const changes = best.variant.changes.filter((c) => !/^headline \d+ lines?$/.test(c) || headlineLineCount(best.setting) !== given);
  if (changes.length) for (const placed of best.setting.placed) placed.fit.changes = changes;
  return best.setting;
}

const headlineLineCount = (setting: ArticleSetting) =>
  (setting.placed[0].headline?.blocks ?? []).filter((b) => b.role === 'headline').reduce((n, b) => n + b.lines.length, 0);

const isElastic = (spec: ArticleSpec) => !!spec.elastic || (spec.photos ?? []).some((p) => p.elastic || p.optional);

/** Columns and lines each photo may take (null where it does not give), the headline's levels and lines, each within the layout's limits. */
interface Ranges {
  levels: number[];
  headlineLines: number[];
  photos: ({ columns: number[]; lines: [number, number] } | null)[];
  /** Width and height in points of a picture of c columns and l lines. */
  aspect: (columns: number, lines: number) => number;
  photoAspect: [number, number];
}

function elasticRanges(setter: ArticleSetter, parts: readonly FramePart[], diags: DiagnosticList): Ranges | null {
  const { article, layout, at } = setter;
  const spec = article.spec;
  const limits = layout.elastic;
  const grid = parts[0].grid;
  const span = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  let ok = true;
  const range = (r: [number, number] | undefined, path: (string | number)[]): [number, number] | undefined => {
    if (r && r[0] > r[1]) {
      diags.error(`gives its least (${r[0]}) above its most (${r[1]})`, at([...article.path, ...path]));
      ok = false;
    }
    return r;
  };
  const level = range(spec.elastic?.headline_level, ['elastic', 'headline_level']);
  const lines = range(spec.elastic?.headline_lines, ['elastic', 'headline_lines']);
  const frameColumns = Math.max(...parts[0].areas.map((a) => a.columns[1])) - Math.min(...parts[0].areas.map((a) => a.columns[0])) + 1;
  const photos = (spec.photos ?? []).map((p, i) => {
    const columns = range(p.elastic?.columns, ['photos', i, 'elastic', 'columns']) ?? [p.columns, p.columns];
    const l = range(p.elastic?.lines, ['photos', i, 'elastic', 'lines']) ?? [p.lines, p.lines];
    if (!p.elastic) return null;
    return { columns: span(columns[0], Math.min(columns[1], frameColumns)), lines: l };
  });
  if (!ok) return null;
  return {
    levels: level ? span(Math.max(level[0], limits.headlineLevels[0]), Math.min(level[1], limits.headlineLevels[1])) : [spec.headline_level ?? 1],
    headlineLines: lines ? span(Math.max(1, lines[0]), Math.min(lines[1], limits.headlineLines)) : [0],
    photos,
    aspect: (c, l) => {
      const r = grid.rect(1, c, 1, l);
      return r.width / r.height;
    },
    photoAspect: limits.photoAspect,
  };
}

/** The article with each headline level and number of lines it may take, and what that changes. 0 lines: as composition breaks it. */
function headlineVariants(setter: ArticleSetter, ranges: Ranges): Variant[] {
  const spec = setter.article.spec;
  const variants: Variant[] = [];
  for (const level of ranges.levels) {
    for (const n of ranges.headlineLines) {
      const changes: string[] = [];
      if (level !== (spec.headline_level ?? 1)) changes.push(`headline level ${spec.headline_level ?? 1} → ${level}`);
      let headline = spec.headline;
      if (n > 1 && headline && !headline.includes('\n')) {
        const broken = breakInto(headline, n);
        if (!broken) continue;
        headline = broken;
        changes.push(`headline ${n} ${n === 1 ? 'line' : 'lines'}`);
      }
      if (variants.some((v) => v.article.spec.headline === headline && v.article.spec.headline_level === level)) continue;
      variants.push({ article: { ...setter.article, spec: { ...spec, headline, headline_level: level as 1 | 2 | 3 } }, changes });
    }
  }
  return variants;
}

/**
 * The headline broken into `n` lines of about equal length, at places where the GB rules
 * allow a break (never before a closing mark or after an opening one, nor inside a Latin word
 * or a number); null if it has too few such places. One line is the headline unbroken.
 */
export function breakInto(text: string, n: number): string | null {
  const chars = [...text];
  if (n === 1) return text;
  const breakable = (i: number) => {
    const a = classOf(chars[i - 1].codePointAt(0)!);
    const b = classOf(chars[i].codePointAt(0)!);
    if (notAtLineEnd(GB, a, 'gb') || notAtLineStart(GB, b, 'gb')) return false;
    const latin = (c: string) => c === 'letter' || c === 'digit';
    return !(latin(a) && latin(b)) && a !== 'space' && b !== 'space';
  };
  const places = Array.from({ length: chars.length - 1 }, (_, k) => k + 1).filter(breakable);
  const cuts: number[] = [];
  for (let k = 1; k < n; k++) {
    const ideal = (chars.length * k) / n;
    const after = cuts.at(-1) ?? 0;
    const best = places.filter((p) => p > after).sort((x, y) => Math.abs(x - ideal) - Math.abs(y - ideal))[0];
    if (best === undefined) return null;
    cuts.push(best);
  }
  return [0, ...cuts].map((c, k) => chars.slice(c, cuts[k] ?? chars.length).join('')).join('\n');
}

/** A photo's size in a variant: its columns, the lines it starts from and the lines it may take at that width. */
interface PhotoShape {
  columns: number;
  lines: number;
  range: [number, number];
}

/** Each photo's shape (null: left out) in every combination its range and `optional` allow. */
function photoShapes(photos: readonly PhotoSpec[], ranges: Ranges): (PhotoShape | null)[][] {
  let shapes: (PhotoShape | null)[][] = [[]];
  photos.forEach((photo, i) => {
    const r = ranges.photos[i];
    const options: (PhotoShape | null)[] = photo.optional ? [null] : [];
    // A caption beside the picture takes columns of the slot: the picture's shape is the rest's.
    const beside = captionColumns(photo);
    for (const columns of (r?.columns ?? [photo.columns]).filter((c) => c > beside)) {
      const range = r ? linesRange(columns - beside, r.lines, ranges) : ([photo.lines, photo.lines] as [number, number]);
      if (range[0] <= range[1]) options.unshift({ columns, lines: Math.min(range[1], Math.max(range[0], photo.lines)), range });
    }
    shapes = shapes.flatMap((s) => options.map((o) => [...s, o]));
  });
  return shapes;
}

/** The lines a photo of `columns` may take: its range, cut to the layout's aspect range. */
function linesRange(columns: number, range: [number, number], ranges: Ranges): [number, number] {
  let [lo, hi] = range;
  while (lo <= hi && ranges.aspect(columns, lo) > ranges.photoAspect[1]) lo++;
  while (hi >= lo && ranges.aspect(columns, hi) < ranges.photoAspect[0]) hi--;
  return [lo, hi];
}

/**
 * The photos' lines grown (or shrunk) to take up `spare` lines of text room (negative: lines
 * over), the first photo that gives first; null if nothing can change.
 */
function resized(shape: readonly (PhotoShape | null)[], lines: readonly number[], spare: number): number[] | null {
  const next = [...lines];
  let left = spare;
  shape.forEach((s, i) => {
    if (!s || left === 0) return;
    const want = left > 0 ? Math.floor(left / s.columns) : -Math.ceil(-left / s.columns);
    const to = Math.min(s.range[1], Math.max(s.range[0], next[i] + want));
    left -= (to - next[i]) * s.columns;
    next[i] = to;
  });
  return next.every((l, i) => l === lines[i]) ? null : next;
}

/** The article with its headline variant and photos of the shape and lines given, and what changed. */
function variantOf(base: Variant, shape: readonly (PhotoShape | null)[], lines: readonly number[]): Variant {
  const article = base.article;
  const changes = [...base.changes];
  const photos: PhotoSpec[] = [];
  const files: (string | undefined)[] = [];
  (article.spec.photos ?? []).forEach((photo, i) => {
    const name = photo.id ?? String(i + 1);
    const s = shape[i];
    if (!s) {
      changes.push(`photo ${name} left out`);
      return;
    }
    if (s.columns !== photo.columns || lines[i] !== photo.lines) changes.push(`photo ${name} ${photo.columns}×${photo.lines} → ${s.columns}×${lines[i]}`);
    photos.push({ ...photo, columns: s.columns, lines: lines[i] });
    files.push(article.photoFiles[i]);
  });
  return { article: { ...article, spec: { ...article.spec, photos }, photoFiles: files }, changes };
}
