/**
 * One article in its frame: the box, the headline block, the photos with their captions,
 * and the body flowed through the column slots that remain.
 */
import type { BuildContext } from '../context.js';
import { DiagnosticList, type Diagnostic } from '../diagnostics.js';
import type { ComposedLine } from '../compose/paragraph.js';
import type { Article, Issue, PhotoSpec } from '../issue/model.js';
import { style as styleOf } from '../layout/load-layout.js';
import type { Layout, Rect, Style } from '../layout/model.js';
import { columnLeft, columnWidth, flowGroups, gridHeight, slotsOf, type FlowGroup, type FlowLine } from './flow.js';
import { covers, inside, overlaps, spanText, type GridArea, type Span } from './grid-area.js';
import { headlineLines, placeHeadline, setHeadline, type HeadlineBlock } from './headline.js';
import type { FillShape, FlowRole, Photo, PlacedArticle, TextBlock } from './page-model.js';
import { placeLine, setText, type SetText } from './typeset.js';
import { oneLine, placeOfLine } from '../issue/text-hygiene.js';

type Locate = Issue['locate'];

/** Part of an article's frame the body cannot use, and what takes it (for messages). */
type TakenArea = GridArea & { what: string };

/**
 * Sets an article's text once per width and replays the diagnostics of that setting, so that
 * trying frames of many heights (automatic placement) composes nothing twice.
 */
export class ArticleSetter {
  private readonly cache = new Map<string, { value: unknown; diagnostics: Diagnostic[] }>();

  constructor(
    readonly context: BuildContext,
    readonly article: Article,
    readonly layout: Layout,
    readonly at: Locate,
  ) {}

  private memo<T>(key: string, diags: DiagnosticList, make: (d: DiagnosticList) => T): T {
    let hit = this.cache.get(key);
    if (!hit) {
      const local = new DiagnosticList();
      hit = { value: make(local), diagnostics: local.items };
      this.cache.set(key, hit);
    }
    diags.items.push(...hit.diagnostics);
    return hit.value as T;
  }

  headline(width: number, diags: DiagnosticList): HeadlineBlock | null {
    return this.memo(`h${width}`, diags, (d) => setHeadline(this.context, this.article.spec, this.layout, width, d, (f) => this.at([...this.article.path, f])));
  }

  /** The byline and the copy as flow groups, composed at the column width. */
  body(width: number, diags: DiagnosticList): FlowGroup[] {
    return this.memo(`b${width}`, diags, (d) => bodyGroups(this.context, this.article, this.layout, width, d, this.at));
  }

  caption(index: number, width: number, diags: DiagnosticList): (SetText & { role: 'caption' | 'credit' })[] {
    const photo = this.article.spec.photos![index];
    const where = this.at([...this.article.path, 'photos', index]);
    return this.memo(`c${index}/${width}`, diags, (d) => [
      ...(photo.caption ? [{ ...setText(this.context, photo.caption, styleOf(this.layout, 'caption'), width, d, where, { indent: 0 }), role: 'caption' as const }] : []),
      ...(photo.credit ? [{ ...setText(this.context, photo.credit, styleOf(this.layout, 'credit'), width, d, where, { indent: 0 }), role: 'credit' as const }] : []),
    ]);
  }
}

export interface ArticleSetting {
  placed: PlacedArticle;
  /** The headline block does not fit the top of the frame, or a photo found no place in it. */
  incomplete: boolean;
}

/** What an article is called in bookmarks and archives. */
export const articleTitle = (spec: Article['spec']) => oneLine(spec.headline ?? spec.label ?? spec.kicker ?? spec.id);

export function placeArticle(setter: ArticleSetter, frame: GridArea[], page: number, diags: DiagnosticList, fill = true): ArticleSetting {
  const { article, layout, at } = setter;
  const grid = layout.grid;
  const spec = article.spec;
  const id = spec.id;
  const boxSpec = spec.box ? { ...layout.box, ...(typeof spec.box === 'object' ? spec.box : {}) } : null;
  const inset = boxSpec ? boxSpec.inset * grid.bodySize : 0;
  // A boxed article keeps its first and last grid line as white inside the rule.
  const areas = frame.map((r) => (boxSpec ? { columns: r.columns, lines: [r.lines[0] + 1, r.lines[1] - 1] as Span } : r));
  const frames = frame.map((area) => ({ area, rect: grid.rect(area.columns[0], area.columns[1], area.lines[0], area.lines[1]) }));
  const box: FillShape[] = boxSpec
    ? frames.map((f) => ({ kind: 'rect', rect: f.rect, fill: boxSpec.tint > 0 ? [0, 0, 0, boxSpec.tint / 100] : undefined, stroke: [0, 0, 0, 1], lineWidth: boxSpec.rule }))
    : [];

  const first = areas[0];
  // The headline spans every rectangle that starts on the first one's top line (a stepped frame's top).
  const top = areas.filter((a) => a.lines[0] === first.lines[0]);
  const headColumns: Span = [Math.min(...top.map((a) => a.columns[0])), Math.max(...top.map((a) => a.columns[1]))];
  const headBottom = Math.min(...top.map((a) => a.lines[1]));
  const innerWidth = grid.rect(headColumns[0], headColumns[1], 1, 1).width - 2 * inset;
  const taken: TakenArea[] = [];

  let headlineOverflow = false;
  const headline = setter.headline(innerWidth, diags);
  let headlineBlock: PlacedArticle['headline'];
  let bodyTop = first.lines[0];
  if (headline) {
    const needed = headlineLines(headline, layout);
    const lines = spec.headline_lines ?? needed;
    const room = (lines - 1) * grid.pitch + grid.bodySize;
    if (spec.headline_lines && headline.height > room) {
      diags.error(`the headline is ${Math.ceil((headline.height - grid.bodySize) / grid.pitch) + 1} lines tall; headline_lines gives ${spec.headline_lines}`, at([...article.path, 'headline_lines']));
    } else if (spec.headline_lines && spec.headline_lines < needed) {
      diags.warn(`headline needs ${needed} lines with its white; headline_lines gives ${spec.headline_lines}`, at([...article.path, 'headline_lines']));
    }
    const last = first.lines[0] + lines - 1;
    if (last > headBottom) {
      headlineOverflow = true;
      if (fill) diags.error(`the headline block needs ${lines} lines; the frame has ${headBottom - first.lines[0] + 1} at its top`, at([...article.path, 'frame']));
    }
    const area = grid.rect(headColumns[0], headColumns[1], first.lines[0], Math.min(headBottom, last));
    const headArea: GridArea = { columns: headColumns, lines: [first.lines[0], last] };
    headlineBlock = { area: headArea, blocks: placeHeadline(headline, { ...area, x: area.x + inset, width: innerWidth }) };
    taken.push({ ...headArea, what: 'the headline block' });
    bodyTop = last + 1;
  }

  // Text columns of the article: the grid's, or inside a box a whole number of characters.
  const width = Math.min(...areas.map((a) => columnWidth(grid, a, inset, grid.bodySize)));
  const columns = { inset, width };
  const photos: Photo[] = [];
  let photosLeft = 0;
  for (const [i, photo] of (spec.photos ?? []).entries()) {
    const placed = placePhoto(setter, i, photo, areas, columns, bodyTop, taken, diags);
    if (!placed) {
      photosLeft++;
      continue;
    }
    photos.push(placed.photo);
    taken.push({ ...placed.takes, what: `photo ${i + 1}` });
  }

  const slots = areas.flatMap((a) => slotsOf(grid, a, taken, inset, width));
  const flow = flowGroups(setter.body(width, diags), slots, grid, fill);
  if (fill && flow.orphans + flow.widows > 0) {
    diags.warn(`${flow.orphans + flow.widows} paragraph line${flow.orphans + flow.widows > 1 ? 's stand' : ' stands'} alone at a column's head or foot`, at(article.path));
  }
  return {
    incomplete: headlineOverflow || photosLeft > 0,
    placed: {
      id,
      title: articleTitle(spec),
      frames,
      box,
      headline: headlineBlock,
      photos,
      copy: flow.blocks,
      emptyCells: flow.emptyCells,
      fit: {
        id,
        page,
        linesSet: flow.linesSet,
        emptyLines: flow.emptyLines + flow.gapLines,
        overflowLines: flow.overflowLines,
        overflowChars: flow.overflowChars,
        frame: frame.map((r) => ({ columns: r.columns, lines: r.lines })),
      },
    },
  };
}

function bodyGroups(context: BuildContext, article: Article, layout: Layout, width: number, diags: DiagnosticList, at: Locate): FlowGroup[] {
  const grid = layout.grid;
  const groups: FlowGroup[] = [];
  const field = at([...article.path, article.spec.body_file !== undefined ? 'body_file' : 'body']);
  // A problem in a paragraph is reported at its line in the copy file (or the inline body).
  const blockPlace = (line: number | undefined) => (article.copyPlace && line !== undefined ? placeOfLine(article.copyPlace, line) : field);
  const setLines = (text: string, style: Style, role: FlowRole, indent?: number, line?: number) => {
    const where = role === 'byline' ? at([...article.path, 'byline']) : blockPlace(line);
    const set = setText(context, text, style, width, diags, where, { indent, preferSpaceBreaks: role === 'byline' });
    const height = gridHeight(style, grid);
    const toFlow = (lines: ComposedLine[]): FlowLine[] =>
      lines.map((line) => ({ line, style, height, role, chars: countChars(text.slice(line.start, line.stop)) }));
    return {
      lines: toFlow(set.lines),
      variant: (looseness: number) => {
        const v = set.variant(looseness);
        return v ? toFlow(v) : null;
      },
    };
  };
  if (article.spec.byline) {
    const s = styleOf(layout, 'byline');
    groups.push({ lines: setLines(article.spec.byline, s, 'byline', 0).lines, splittable: false, spaceBefore: 0, spaceAfter: s.spaceAfter, keepWithNext: 0 });
  }
  const body = styleOf(layout, 'body');
  for (const block of article.blocks) {
    if (block.kind === 'paragraph') {
      groups.push({ ...setLines(block.text, body, 'paragraph', undefined, block.line), splittable: true, spaceBefore: 0, keepWithNext: 0 });
    } else {
      const hs = styleOf(layout, 'section_heading');
      const lines = setLines(block.text, hs, 'section_heading', 0, block.line).lines;
      if (block.subtitle) lines.push(...setLines(block.subtitle, styleOf(layout, 'section_subtitle'), 'section_subtitle', 0, block.line).lines);
      groups.push({ lines, splittable: false, spaceBefore: hs.spaceBefore, spaceAfter: hs.spaceAfter, keepWithNext: 2 });
    }
  }
  return groups;
}

const countChars = (s: string) => [...s.replace(/\s/g, '')].length;

/** A photo slot with its caption lines under it, taken out of the article's columns. */
function placePhoto(
  setter: ArticleSetter,
  index: number,
  photo: PhotoSpec,
  frame: readonly GridArea[],
  columns: { inset: number; width: number },
  bodyTop: number,
  taken: readonly TakenArea[],
  diags: DiagnosticList,
) {
  const { article, layout } = setter;
  const grid = layout.grid;
  const where = setter.at([...article.path, 'photos', index]);
  const frameCols = Math.max(...frame.map((a) => a.columns[1])) - Math.min(...frame.map((a) => a.columns[0])) + 1;
  if (photo.columns > frameCols) {
    diags.error(`photo is ${photo.columns} columns wide; its article's frame has ${frameCols}`, where);
    return null;
  }
  // The picture spans its text columns: inside a box it stays within the rule's inset, as the text does.
  const spanOf = (area: GridArea) => {
    const leftOf = columnLeft(grid, frame.find((f) => covers(f, area.columns[0], area.lines[0])) ?? frame[0], columns.inset, columns.width);
    return { x: leftOf(area.columns[0]), width: leftOf(area.columns[1]) + columns.width - leftOf(area.columns[0]) };
  };
  const width = spanOf({ columns: [frame[0].columns[0], frame[0].columns[0] + photo.columns - 1], lines: frame[0].lines }).width;
  const captions = setter.caption(index, width, diags);
  const captionLines = captions.reduce((n, s) => n + s.lines.length * gridHeight(s.style, grid), 0);
  const height = photo.lines + captionLines;
  const areaAt = (column: number, line: number): GridArea => ({ columns: [column, column + photo.columns - 1], lines: [line, line + height - 1] });
  let area: GridArea | undefined;
  if (photo.at) area = areaAt(photo.at.column, photo.at.line);
  else {
    // Default: the top right of the body area, then leftwards and downwards, where the slot is free.
    const first = frame[0];
    for (let line = bodyTop; line + height - 1 <= first.lines[1] && !area; line++) {
      for (let column = first.columns[1] - photo.columns + 1; column >= first.columns[0] && !area; column--) {
        const candidate = areaAt(column, line);
        if (inside(candidate, frame) && !taken.some((t) => overlaps(t, candidate))) area = candidate;
      }
    }
    if (!area) {
      diags.error(`no room for a photo of ${photo.columns} columns × ${height} lines (with its caption) in its article's frame`, where);
      return null;
    }
  }
  if (!inside(area, frame)) {
    diags.error(`photo (${spanText(area)} with its caption) does not fit inside its article's frame`, where);
    return null;
  }
  const clash = taken.find((t) => overlaps(t, area));
  if (clash) {
    diags.error(`photo (${spanText(area)} with its caption) overlaps ${clash.what} (${spanText(clash)})`, where);
    return null;
  }
  const [column, line] = [area.columns[0], area.lines[0]];
  const picRect: Rect = { ...grid.rect(column, area.columns[1], line, line + photo.lines - 1), ...spanOf(area) };
  let l = line + photo.lines;
  const captionBlocks: TextBlock[] = captions.map((set) => {
    const h = gridHeight(set.style, grid);
    const lines = set.lines.map((cl) => {
      const placed = placeLine(cl, set.style, picRect.x, grid.baseline(l + h - 1));
      l += h;
      return placed;
    });
    return { role: set.role, style: set.style.name, lines };
  });
  // One empty line under the caption keeps the body text off it, unless the frame ends there.
  const below = area.lines[1] + 1;
  const standoff = frame.some((f) => covers(f, column, below)) ? 1 : 0;
  const photoOut: Photo = {
    rect: picRect,
    file: article.photoFiles[index],
    focus: photo.focus ?? [0.5, 0.5],
    area,
    captions: captionBlocks,
    source: setter.at([...article.path, 'photos', index, 'file']),
  };
  return { photo: photoOut, takes: { columns: area.columns, lines: [area.lines[0], area.lines[1] + standoff] as Span } };
}
