/**
 * One article in its frame: the box, the headline block, the photos with their captions,
 * and the body flowed through the column slots that remain.
 */
import type { CompositionStore } from './typeset.js';
import { DiagnosticList, type Diagnostic } from '../diagnostics.js';
import type { ComposedLine } from '../compose/paragraph.js';
import type { Article, CharMark, ColorSpec, CopyBlock, Issue, PhotoSpec, TableBlock } from '../issue/model.js';
import { issueColor, style as styleOf } from '../layout/load-layout.js';
import { EM_ASCENT, type Cmyk, type Layout, type PageGrid, type Rect, type Style } from '../layout/model.js';
import { balancedFlow, partlyEmpty } from './balance.js';
import { spannedFlow } from './span.js';
import { columnLeft, columnWidth, gridHeight, slotsOf, type FlowGroup, type FlowLine, type PartCell, type Slot } from './flow.js';
import { covers, inGrid, inside, overlaps, spanText, type GridArea, type Span } from './grid-area.js';
import { headlineLines, placeHeadline, placeVerticalHeadline, setContinuationHeadline, setHeadline, setVerticalHeadline, type HeadlineBlock, type VerticalHeadlineBlock } from './headline.js';
import { jumpText, type JumpPage } from './jump.js';
import type { ArticleFit, FillShape, FlowRole, Photo, PlacedArticle, RuleShape, TextBlock } from './page-model.js';
import { PULL_QUOTE } from '../issue/inline-styles.js';
import { counted } from '../wording.js';
import { tableLines } from './table.js';
import { characterSpans, placeLine, setText, type SetText } from './typeset.js';
import { placeVerticalBody } from './vertical-body.js';
import { oneLine, placeOfLine } from '../issue/text-hygiene.js';
import { toPoints } from '../units.js';

type Locate = Issue['locate'];

/** Rows (grid lines) of a table that is never broken between columns: a reader compares its figures at a glance. */
const TABLE_KEPT_WHOLE = 12;
/**
 * How a table across columns chooses its columns when the article's `table.columns` does not say.
 * `cellLines`: most lines a cell wraps to in the columns taken — a cell of the body, or of the
 * header, which stands on two lines as a rule but not on three (同比 / 增长 / （%））.
 * `besideLines`: lines of the text after the table that each column beside it must get for the
 * table to leave it there; with fewer (no text after it, as under a box's table and its notes)
 * a column beside it would stand empty, and the table takes more columns, up to the frame's.
 */
const TABLE_SPAN = { cellLines: 2, besideLines: 1 };

/**
 * A paragraph right before a table that is its title (男排超级联赛第二阶段积分榜（前五名）): a line of
 * the copy of at most `maxChars` characters with no mark that ends a sentence. A title read at the
 * foot of one column with its table at the head of the next is stranded: it stands in one column
 * with the table's header and first two rows (with the whole table, where that does not break).
 */
const TABLE_TITLE = { maxChars: 30, sentenceEnd: /[。！？!?]/u };

const isTableTitle = (block: CopyBlock | undefined, next: CopyBlock | undefined) =>
  block?.kind === 'paragraph' && next?.kind === 'table' && countChars(block.text) <= TABLE_TITLE.maxChars && !TABLE_TITLE.sentenceEnd.test(block.text);

/** How wide a table of the copy may be set: across up to `max` columns of the frame, `widthOf(k)` points for k. */
export interface TableRoom {
  max: number;
  widthOf(columns: number): number;
  /** Why no more columns, for what is said. */
  limit: string;
}
type ListItem = Extract<CopyBlock, { kind: 'list_item' }>;

/** Part of an article's frame the body cannot use, and what takes it (for messages). */
type TakenArea = GridArea & { what: string };

/**
 * Sets an article's text once per width and replays the diagnostics of that setting, so that
 * trying frames of many heights (automatic placement) composes nothing twice.
 */
export class ArticleSetter {
  private readonly cache = new Map<string, { value: unknown; diagnostics: Diagnostic[] }>();

  constructor(
    readonly context: CompositionStore,
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

  verticalHeadline(strip: { width: number; height: number }, diags: DiagnosticList): VerticalHeadlineBlock | null {
    return this.memo(`v${strip.width}/${strip.height}`, diags, (d) => setVerticalHeadline(this.article.spec, this.layout, strip, d, (f) => this.at([...this.article.path, f])));
  }

  /** The continuation headline (接题) of a story that jumps: the article's own, or its headline if the layout says so; null for none. */
  continuationHeadline(width: number, diags: DiagnosticList): HeadlineBlock | null {
    const spec = this.article.spec;
    const text = spec.continuation_headline ?? (this.layout.jumps.continuationHeadline ? spec.headline : undefined);
    if (!text) return null;
    const field = spec.continuation_headline !== undefined ? 'continuation_headline' : 'headline';
    return this.memo(`j${width}`, diags, (d) => setContinuationHeadline(this.context, text, this.layout, width, d, this.at([...this.article.path, field])));
  }

  /**
   * The pull quote's text set `width` points wide in the layout's `pull_quote` style: the text
   * given, or the copy's span marked pull_quote; null when the article asks for none.
   */
  pullQuote(width: number, diags: DiagnosticList): SetText | null {
    const spec = this.article.spec.pull_quote;
    if (!spec) return null;
    const where = this.at([...this.article.path, 'pull_quote']);
    return this.memo(`q${width}`, diags, (d) => {
      const marked = this.article.blocks.flatMap((b) => (b.kind === 'heading' || b.kind === 'table' ? [] : (b.marks ?? []).filter((m) => m.style === PULL_QUOTE).map((m) => b.text.slice(m.start, m.stop))));
      const text = spec.text ?? marked[0];
      const style = this.layout.styles.get('pull_quote');
      if (!text) d.error('the pull quote has no text: give it as text, or mark it in the copy as [text]{.pull_quote}', where);
      else if (!style) d.error(`layout ${this.layout.name} has no style "pull_quote"`, where);
      else return setText(this.context, text, style, width, d, where, { indent: 0 });
      return null;
    });
  }

  /** A jump line naming `page`, set on one line of the column of `at.slot`, with its baseline on grid line `at.line`. */
  jumpLine(template: string, page: JumpPage, diags: DiagnosticList, at: JumpPlace): TextBlock {
    const text = jumpText(template, page);
    const style = styleOf(this.layout, 'jump_line');
    const { slot, line } = at;
    const set = this.memo(`l${text}/${slot.width}`, diags, (d) => setText(this.context, text, style, slot.width, d, this.at([...this.article.path, 'frame']), { indent: 0 }));
    if (set.lines.length > 1) diags.warn(`the jump line "${text}" is wider than a column`, this.at([...this.article.path, 'frame']));
    const composed = set.lines[0];
    const measure = composed.measure * style.size * style.hScale;
    return { role: 'jump_line', style: style.name, lines: [placeLine(composed, style, slot.x + (slot.width - measure) / 2, slot.grid.baseline(line), { column: slot.column, line })] };
  }

  /** The byline and the copy as flow groups, composed at the column width (a table maybe across several columns). */
  body(width: number, room: TableRoom, diags: DiagnosticList): FlowGroup[] {
    return this.memo(`b${width}/${room.max}/${room.widthOf(room.max)}`, diags, (d) => bodyGroups(this.context, this.article, this.layout, width, room, d, this.at));
  }

  /** The photo's caption and credit as set at `width`; a credit of a run-in style that fits on the caption's last line is marked to stand there. */
  caption(index: number, width: number, diags: DiagnosticList): (SetText & { role: 'caption' | 'credit'; runIn?: boolean })[] {
    const photo = this.article.spec.photos![index];
    const where = this.at([...this.article.path, 'photos', index]);
    return this.memo(`c${index}/${width}`, diags, (d) => {
      const caption = photo.caption ? { ...setText(this.context, photo.caption, styleOf(this.layout, 'caption'), width, d, where, { indent: 0, display: true }), role: 'caption' as const } : undefined;
      const creditStyle = styleOf(this.layout, 'credit');
      const credit = photo.credit ? { ...setText(this.context, photo.credit, creditStyle, width, d, where, { indent: 0 }), role: 'credit' as const } : undefined;
      const last = caption?.lines.at(-1);
      const runIn =
        !!(creditStyle.runIn && caption && last && credit?.lines.length === 1) &&
        gridHeight(caption.style, this.layout.grid) === gridHeight(creditStyle, this.layout.grid) &&
        caption.style.align !== 'right' && caption.style.align !== 'center' &&
        last.right * caption.style.size * caption.style.hScale + caption.style.size + (credit.lines[0].right - credit.lines[0].left) * creditStyle.size * creditStyle.hScale <= width + 1e-6;
      return [...(caption ? [caption] : []), ...(credit ? [{ ...credit, ...(runIn && { runIn }) }] : [])];
    });
  }
}

/** The rectangles of an article's frame on one page: a story that jumps has a part per page. */
export interface FramePart {
  /** The page, with its place in the issue. */
  page: JumpPage & { index: number };
  grid: PageGrid;
  areas: GridArea[];
  /** Cells of the frame that photos of other articles standing across it take (with a line under them): the body flows around them. */
  across?: TakenArea[];
}

export interface ArticleSetting {
  /** The article on each page of its frame. */
  placed: PlacedArticle[];
  /** The headline block does not fit the top of the frame, or a photo found no place in it. */
  incomplete: boolean;
  /** Paragraph lines standing alone at a column's head or foot (widows and orphans). */
  alone: number;
  /** The text leaves a line or more under every column of the frame (see partlyEmpty). */
  partlyEmpty: boolean;
}

/** What an article is called in bookmarks and archives. */
export const articleTitle = (spec: Article['spec']) => oneLine(spec.headline ?? spec.label ?? spec.kicker ?? spec.id);

/** Where a jump line stands: a column slot of the frame, and the grid line of its baseline. */
interface JumpPlace {
  slot: Slot;
  line: number;
}

/** A headline block placed at the top of a part's first rectangles, and the grid lines it takes. */
interface PlacedHead {
  placed: NonNullable<PlacedArticle['headline']>;
  /** The block needs more lines than the frame has at its top. */
  overflow: boolean;
  /** A vertical headline in a strip beside the body, not above it. */
  beside?: boolean;
}

export function placeArticle(setter: ArticleSetter, parts: readonly FramePart[], diags: DiagnosticList, fill = true): ArticleSetting {
  const { article, layout, at } = setter;
  const spec = article.spec;
  const id = spec.id;
  const bodySize = layout.grid.bodySize;
  const boxSpec = spec.box ? { ...layout.box, ...(typeof spec.box === 'object' ? spec.box : {}) } : null;
  const inset = boxSpec ? boxSpec.inset * bodySize : 0;
  // A boxed article keeps its first and last grid line as white inside the rule.
  const inner = (r: GridArea): GridArea => (boxSpec ? { columns: r.columns, lines: [r.lines[0] + 1, r.lines[1] - 1] as Span } : r);
  const frameOf = (part: FramePart) => part.areas.map((area) => ({ area, rect: part.grid.rect(area.columns[0], area.columns[1], area.lines[0], area.lines[1]) }));
  const boxColor = (field: 'color' | 'rule_color', value: ColorSpec | undefined): Cmyk | undefined => {
    if (value === undefined) return undefined;
    const found = issueColor(layout, value);
    if ('problem' in found) diags.error(found.problem, at([...article.path, 'box', field]));
    return 'color' in found ? found.color : undefined;
  };
  const boxFill = boxSpec ? (boxColor('color', boxSpec.color) ?? (boxSpec.tint > 0 ? ([0, 0, 0, boxSpec.tint / 100] as const) : undefined)) : undefined;
  const boxRule = (boxSpec && boxColor('rule_color', boxSpec.rule_color)) ?? ([0, 0, 0, 1] as const);
  const boxOf = (part: FramePart): FillShape[] =>
    boxSpec ? frameOf(part).map((f) => ({ kind: 'rect', rect: f.rect, fill: boxFill, stroke: boxRule, lineWidth: boxSpec.rule })) : [];

  // Text columns of the article: the grid's, or inside a box a whole number of characters.
  const width = Math.min(...parts.flatMap((p) => p.areas.map((a) => columnWidth(p.grid, inner(a), inset, bodySize))));
  const columns = { inset, width };

  // The first part: headline block, then photos; a part that goes on from another page: its continuation headline.
  const taken: TakenArea[][] = parts.map((part) => [...(part.across ?? [])]);
  if (parts.some((part) => part.across?.length) && (boxSpec || spec.body_direction === 'vertical')) {
    const photo = parts.flatMap((part) => part.across ?? [])[0];
    diags.error(`${photo.what} stands across the frame of article "${id}", whose ${boxSpec ? 'box' : 'vertical text'} cannot give cells to it (${spanText(photo)})`, at(spec.frame ? [...article.path, 'frame'] : article.path));
  }
  const heads = parts.map((part, k) => {
    const areas = part.areas.map(inner);
    const head = k === 0 ? firstHead(setter, areas, part.grid, inset, diags, fill) : continuationHead(setter, areas, part.grid, inset, diags);
    if (!head) return head;
    const what = k === 0 ? 'the headline block' : 'the continuation headline';
    const clash = part.across?.find((t) => overlaps(t, head.placed.area));
    if (clash) diags.error(`${clash.what} (${spanText(clash)}) stands across ${what} of article "${id}" (${spanText(head.placed.area)}), which cannot give cells to it`, at(spec.frame ? [...article.path, 'frame'] : article.path));
    taken[k].push({ ...head.placed.area, what });
    return head;
  });
  const firstAreas = parts[0].areas.map(inner);
  const bodyTop = heads[0] && !heads[0].beside ? heads[0].placed.area.lines[1] + 1 : firstAreas[0].lines[0];
  if (spec.body_direction === 'vertical') {
    const body = verticalBox(setter, parts, bodyTop, heads[0], inset, diags);
    return { incomplete: !!heads[0]?.overflow, alone: 0, partlyEmpty: false, placed: [{ id, title: articleTitle(spec), frames: frameOf(parts[0]), box: boxOf(parts[0]), headline: heads[0]?.placed, photos: [], ...body }] };
  }
  // Photos the editor placed (`at`) first, then the others where they read in the order given.
  const specs = spec.photos ?? [];
  const placedPhotos = new Map<number, NonNullable<ReturnType<typeof placePhoto>>>();
  const place = (i: number, area?: GridArea) => {
    const placed = placePhoto(setter, i, specs[i], firstAreas, columns, bodyTop, taken[0], diags, area);
    if (!placed) return;
    placedPhotos.set(i, placed);
    taken[0].push(...placed.takes.map((t) => ({ ...t, what: `photo ${i + 1}` })));
  };
  specs.forEach((photo, i) => photo.at && place(i));
  const auto = [...specs.keys()].filter((i) => !specs[i].at);
  const autoAreas = orderedAreas(
    auto.map((i) => ({ columns: specs[i].columns, height: slotLines(setter, i, frameSpanWidth(layout.grid, firstAreas[0], columns)) })),
    firstAreas,
    bodyTop,
    taken[0],
  );
  if (!autoAreas.inOrder && fill) diags.warn(`the photos of article "${id}" without a place (at) do not fit in the order given; they are set where they fit`, at([...article.path, 'photos']));
  auto.forEach((i, k) => place(i, autoAreas.areas[k]));
  const photos: Photo[] = [...placedPhotos.keys()].sort((a, b) => a - b).map((i) => placedPhotos.get(i)!.photo);
  const photosLeft = specs.length - photos.length;
  const pullQuote = placePullQuote(setter, firstAreas, columns, bodyTop, taken[0], diags);
  if (pullQuote) taken[0].push({ ...pullQuote.area, what: 'the pull quote' });

  // A part that goes on elsewhere keeps its last line for 下转; one that goes on from elsewhere its first for 上接.
  const jumpStyle = styleOf(layout, 'jump_line');
  const jumpHeight = gridHeight(jumpStyle, layout.grid);
  const partSlots = parts.map((part, k) => part.areas.flatMap((a) => slotsOf(part.grid, inner(a), taken[k], inset, width, k)));
  const jumpPlaces: { to?: JumpPlace; from?: JumpPlace }[] = parts.map(() => ({}));
  partSlots.forEach((slots, k) => {
    if (k > 0 && slots.length && slots[0].count >= jumpHeight) {
      const first = slots[0];
      jumpPlaces[k].from = { slot: first, line: first.line + jumpHeight - 1 };
      slots[0] = { ...first, line: first.line + jumpHeight, count: first.count - jumpHeight };
    }
    const last = slots[slots.length - 1];
    if (k < parts.length - 1 && last && last.count >= jumpHeight) {
      slots[slots.length - 1] = { ...last, count: last.count - jumpHeight };
      jumpPlaces[k].to = { slot: last, line: last.line + last.count - 1 };
    }
  });
  const slots = partSlots.flat().filter((slot) => slot.count > 0);
  const groups = setter.body(width, tableRoom(parts, inner, inset, width), diags);
  const balanced = (groups.some((g) => g.span) ? spannedFlow : balancedFlow)(groups, slots, fill, spec.balance !== false);
  const flow = balanced.flow;
  const partPage = (cell: PartCell) => parts[cell.part].page.number;
  const empty = partlyEmpty(balanced, slots);
  if (fill) {
    if (empty) {
      const foot = balanced.foot;
      const page = parts[slots[slots.length - 1].part].page.number;
      const how = foot ? `: its columns are balanced to end on line ${foot.line}, above the foot of the frame's text (line ${foot.frameLine})` : ' under the end of its text';
      diags.warn(`article "${id}" leaves ${counted(flow.emptyLines + flow.gapLines, 'line')} of its frame empty on page ${page}${how}`, at(spec.frame ? [...article.path, 'frame'] : article.path));
    }
    for (const alone of flow.aloneLines) {
      const group = groups[alone.group];
      const { column, line } = alone.cell;
      const where = alone.kind === 'first' ? 'foot' : 'head';
      diags.warn(`the ${alone.kind} line of the paragraph "${opening(group.text ?? '')}" stands alone at the ${where} of a column (page ${partPage(alone.cell)}, column ${column}, line ${line})`, group.source ?? at(article.path));
    }
  }

  // Jump lines where the text does go on; a part the text does not reach is said to stay empty.
  const partCopy = parts.map((_, k) => flow.blocks.filter((_b, i) => flow.blockParts[i] === k));
  const copyLines = partCopy.map((blocks) => blocks.reduce((n, b) => n + b.lines.length, 0));
  const jumps: { to?: TextBlock; from?: TextBlock }[] = parts.map(() => ({}));
  let jumpLines = 0;
  for (let k = 0; k + 1 < parts.length; k++) {
    const to = jumpPlaces[k].to;
    const from = jumpPlaces[k + 1].from;
    if (!copyLines[k + 1] || !to || !from) {
      if (fill) diags.warn(`the text of article "${id}" ends before its frame goes on to page ${parts[k + 1].page.number}: no jump line is set, and that part stays empty`, at([...article.path, 'frame']));
      break;
    }
    jumps[k].to = setter.jumpLine(layout.jumps.continuedTo, parts[k + 1].page, diags, to);
    jumps[k + 1].from = setter.jumpLine(layout.jumps.continuedFrom, parts[k].page, diags, from);
    jumpLines += 2 * jumpHeight;
    if (fill) {
      for (const [part, side] of [[k, 'ends'], [k + 1, 'starts']] as const) {
        if (copyLines[part] < layout.jumps.minLines) {
          diags.warn(`the part of article "${id}" on page ${parts[part].page.number} ${side} with ${counted(copyLines[part], 'line')} of copy; a part of a story that jumps holds at least ${layout.jumps.minLines}`, at([...article.path, 'frame']));
        }
      }
    }
  }

  const fit: ArticleFit = {
    id,
    page: parts[0].page.number,
    linesSet: flow.linesSet + jumpLines,
    emptyLines: flow.emptyLines + flow.gapLines,
    overflowLines: flow.overflowLines,
    overflowChars: flow.overflowChars,
    frame: parts.flatMap((p) => p.areas.map((r) => ({ page: p.page.number, columns: r.columns, lines: r.lines }))),
  };
  const title = articleTitle(spec);
  const placed = parts.map((part, k): PlacedArticle => {
    const copy = partCopy[k];
    return {
      id,
      title,
      ...(parts.length > 1 && { part: { index: k, count: parts.length, ...(k > 0 && { from: parts[k - 1].page.number }), ...(k < parts.length - 1 && { to: parts[k + 1].page.number }) } }),
      frames: frameOf(part),
      box: boxOf(part),
      headline: heads[k]?.placed,
      photos: k === 0 ? photos : [],
      ...(k === 0 && pullQuote && { pullQuote }),
      copy: [...(jumps[k].from ? [jumps[k].from!] : []), ...copy, ...(jumps[k].to ? [jumps[k].to!] : [])],
      emptyCells: flow.emptyCells.filter((c) => c.part === k).map(({ column, line }) => ({ column, line })),
      fit,
    };
  });
  return { incomplete: !!heads[0]?.overflow || photosLeft > 0, alone: flow.orphans + flow.widows, partlyEmpty: empty, placed };
}

/**
 * Room for a table across columns: the first part's widest rectangle, as many columns as every
 * part of a story that jumps has (a table broken between rows goes on in the next part).
 */
function tableRoom(parts: readonly FramePart[], inner: (a: GridArea) => GridArea, inset: number, width: number): TableRoom {
  const widest = (part: FramePart) => inner(part.areas.reduce((a, b) => (b.columns[1] - b.columns[0] > a.columns[1] - a.columns[0] ? b : a)));
  const columnsOf = (part: FramePart) => widest(part).columns[1] - widest(part).columns[0] + 1;
  const [part] = parts;
  const area = widest(part);
  const leftOf = columnLeft(part.grid, area, inset, width);
  const narrowest = parts.reduce((a, b) => (columnsOf(b) < columnsOf(a) ? b : a));
  const max = columnsOf(narrowest);
  const limit = `the frame has ${counted(max, 'column')}${parts.length > 1 ? ` on page ${narrowest.page.number}` : ''}`;
  return { max, limit, widthOf: (k) => leftOf(area.columns[0] + k - 1) + width - leftOf(area.columns[0]) };
}

/** The rectangles that start on the first one's top line (a stepped frame's top), across which a headline block spans. */
function topOf(areas: readonly GridArea[], grid: PageGrid, inset: number) {
  const first = areas[0];
  const top = areas.filter((a) => a.lines[0] === first.lines[0]);
  const columns: Span = [Math.min(...top.map((a) => a.columns[0])), Math.max(...top.map((a) => a.columns[1]))];
  return { columns, line: first.lines[0], bottom: Math.min(...top.map((a) => a.lines[1])), width: grid.rect(columns[0], columns[1], 1, 1).width - 2 * inset };
}

/** A set headline block placed on whole grid lines at the top of the areas. */
function placeHead(block: HeadlineBlock, lines: number, top: ReturnType<typeof topOf>, grid: PageGrid, inset: number): PlacedHead {
  const last = top.line + lines - 1;
  const area = grid.rect(top.columns[0], top.columns[1], top.line, Math.min(top.bottom, last));
  return {
    placed: { area: { columns: top.columns, lines: [top.line, last] }, blocks: placeHeadline(block, { ...area, x: area.x + inset, width: top.width }) },
    overflow: last > top.bottom,
  };
}

/** The article's headline block at the top of its first part. */
function firstHead(setter: ArticleSetter, areas: readonly GridArea[], grid: PageGrid, inset: number, diags: DiagnosticList, fill: boolean): PlacedHead | null {
  const { article, layout, at } = setter;
  const spec = article.spec;
  const top = topOf(areas, grid, inset);
  if (spec.headline_direction === 'vertical') return verticalHead(setter, top, grid, inset, diags, fill);
  const headline = setter.headline(top.width, diags);
  if (!headline) return null;
  const needed = headlineLines(headline, layout);
  const lines = spec.headline_lines ?? needed;
  const room = (lines - 1) * grid.pitch + grid.bodySize;
  if (spec.headline_lines && headline.height > room) {
    diags.error(`the headline is ${Math.ceil((headline.height - grid.bodySize) / grid.pitch) + 1} lines tall; headline_lines gives ${spec.headline_lines}`, at([...article.path, 'headline_lines']));
  } else if (spec.headline_lines && spec.headline_lines < needed) {
    diags.warn(`headline needs ${needed} lines with its white; headline_lines gives ${spec.headline_lines}`, at([...article.path, 'headline_lines']));
  }
  const head = placeHead(headline, lines, top, grid, inset);
  if (head.overflow && fill) diags.error(`the headline block needs ${lines} lines; the frame has ${top.bottom - top.line + 1} at its top`, at([...article.path, 'frame']));
  return head;
}

/** A vertical headline (竖题) in its strip of the frame's top rectangles: columns at the right (or left), lines from the top. */
function verticalHead(setter: ArticleSetter, top: ReturnType<typeof topOf>, grid: PageGrid, inset: number, diags: DiagnosticList, fill: boolean): PlacedHead | null {
  const { article, at } = setter;
  const strip = article.spec.headline_strip ?? {};
  const columns = strip.columns ?? 1;
  const frameColumns = top.columns[1] - top.columns[0] + 1;
  const where = at([...article.path, 'headline_strip']);
  if (columns >= frameColumns) {
    diags.error(`the vertical headline's strip takes ${counted(columns, 'column')}; its frame has ${frameColumns}, and the body needs one`, where);
    return null;
  }
  const first = strip.side === 'left' ? top.columns[0] : top.columns[1] - columns + 1;
  const stripArea = (lines: number) => {
    const rect = grid.rect(first, first + columns - 1, top.line, Math.min(top.bottom, top.line + lines - 1));
    return { ...rect, x: rect.x + (strip.side === 'left' ? inset : 0), width: rect.width - inset };
  };
  // A frame placed automatically is as tall as the headline needs with each part at its style's size.
  const natural = (b: VerticalHeadlineBlock) => Math.max(...b.parts.map((p) => Math.ceil((Math.max(...p.lines.map((l) => l.length)) * p.style.size) / grid.pitch) + 1));
  const probe = setter.verticalHeadline({ width: stripArea(1).width, height: grid.pitch }, new DiagnosticList());
  if (!probe) return null;
  const wanted = strip.lines ?? (article.spec.frame ? top.bottom - top.line + 1 : natural(probe));
  const area = stripArea(wanted);
  const block = setter.verticalHeadline({ width: area.width, height: area.height }, diags);
  if (!block) return null;
  const last = Math.min(top.bottom, top.line + wanted - 1);
  const overflow = top.line + wanted - 1 > top.bottom;
  if (overflow && fill) diags.error(`the vertical headline's strip needs ${wanted} lines; the frame has ${top.bottom - top.line + 1} at its top`, where);
  const blocks = placeVerticalHeadline(block, area, strip.align ?? 'center', grid.pitch / 2);
  return { placed: { area: { columns: [first, first + columns - 1], lines: [top.line, last] }, blocks }, overflow, beside: true };
}

/** The copy of a short text box set vertically (body_direction: vertical): columns right to left in its one rectangle, beside or under its headline. */
function verticalBox(setter: ArticleSetter, parts: readonly FramePart[], bodyTop: number, head: PlacedHead | null, inset: number, diags: DiagnosticList): Pick<PlacedArticle, 'copy' | 'fit' | 'emptyCells'> {
  const { article, layout, at, context } = setter;
  const [part] = parts;
  const area = part.areas[0];
  if (parts.length > 1 || part.areas.length > 1 || article.spec.photos?.length) {
    diags.error('copy set vertically (body_direction: vertical) stands in one rectangle of one page, without photos', at([...article.path, 'body_direction']));
  }
  const inner = article.spec.box ? 1 : 0;
  // The headline strip's columns are the box's no more.
  const strip = head?.beside ? head.placed.area.columns : null;
  const columns: Span = !strip ? area.columns : strip[0] === area.columns[0] ? [strip[1] + 1, area.columns[1]] : [area.columns[0], strip[0] - 1];
  const rect = part.grid.rect(columns[0], columns[1], bodyTop, area.lines[1] - inner);
  const box = { x: rect.x + (strip && strip[0] === area.columns[0] ? 0 : inset), y: rect.y, width: rect.width - (strip ? inset : 2 * inset), height: rect.height };
  const body = placeVerticalBody(context, article, layout, box, diags, at);
  return {
    copy: body.blocks,
    emptyCells: [],
    fit: { id: article.spec.id, page: part.page.number, linesSet: body.columnsSet, emptyLines: body.emptyColumns, overflowLines: body.overflowColumns, overflowChars: body.overflowChars, frame: [{ page: part.page.number, ...area }] },
  };
}

/** The continuation headline (接题) at the top of a part that goes on from another page, if the article or the layout gives one. */
function continuationHead(setter: ArticleSetter, areas: readonly GridArea[], grid: PageGrid, inset: number, diags: DiagnosticList): PlacedHead | null {
  const top = topOf(areas, grid, inset);
  const block = setter.continuationHeadline(top.width, diags);
  if (!block) return null;
  const lines = Math.min(headlineLines(block, setter.layout), top.bottom - top.line + 1);
  return placeHead(block, lines, top, grid, inset);
}

function bodyGroups(context: CompositionStore, article: Article, layout: Layout, width: number, room: TableRoom, diags: DiagnosticList, at: Locate): FlowGroup[] {
  const grid = layout.grid;
  const groups: FlowGroup[] = [];
  const field = at([...article.path, article.spec.body_file !== undefined ? 'body_file' : 'body']);
  // A problem in a paragraph is reported at its line in the copy file (or the inline body).
  const blockPlace = (line: number | undefined) => (article.copyPlace && line !== undefined ? placeOfLine(article.copyPlace, line) : field);
  const setLines = (text: string, style: Style, role: FlowRole, o: { indent?: number; line?: number; hang?: Hang; marks?: CharMark[]; dropCap?: DropCap; display?: boolean; phraseSpaces?: boolean } = {}) => {
    const where = role === 'byline' ? at([...article.path, 'byline']) : blockPlace(o.line);
    const em = style.size * style.hScale;
    let spans = o.marks && characterSpans(o.marks, layout.characterStyles, style);
    if (spans && 'unknown' in spans) {
      diags.error(`no character style "${spans.unknown}" in layout ${layout.name} (${[...layout.characterStyles.keys()].join(', ') || 'it has none'})`, where);
      spans = undefined;
    }
    const narrowFirst = o.dropCap && { lines: o.dropCap.lines, by: o.dropCap.width };
    // A line set flush right is a credit or a source ((本报记者 刘洋　实习生 陈晨)): it breaks between credits, as a byline.
    const credits = role === 'byline' || style.align === 'right';
    const set = setText(context, text, style, width - (o.hang?.width ?? 0) * em, diags, where, { indent: o.dropCap ? 0 : o.indent, preferSpaceBreaks: credits, spans, narrowFirst, display: o.display, phraseSpaces: o.phraseSpaces });
    if (style.turnover !== undefined && set.lines.length > 1) {
      const lines = set.lines.map((l) => text.slice(l.start, l.stop)).join(' / ');
      diags.warn(`the line of verse "${opening(text)}" is wider than the column and is turned over (${lines}), its turnovers indented ${(o.indent ?? style.indent) + style.turnover} em`, where);
    }
    const height = gridHeight(style, grid);
    const toFlow = (lines: ComposedLine[]): FlowLine[] =>
      (o.hang ? hangLines(lines, o.hang) : lines).map((line, i) => ({
        line,
        style,
        height,
        role,
        chars: countChars(text.slice(lines[i].start, lines[i].stop)) + (i === 0 && o.hang ? countChars(o.hang.marker) : 0) + (i === 0 && o.dropCap ? 1 : 0),
        ...(i === 0 && o.dropCap && { dropCap: o.dropCap.cap }),
      }));
    // Each setting's lines made once: copyfitting asks for the same few settings in every round.
    const variants = new Map<number, FlowLine[] | null>();
    return {
      lines: toFlow(set.lines),
      variant: (looseness: number) => {
        let lines = variants.get(looseness);
        if (lines === undefined) {
          const v = set.variant(looseness);
          variants.set(looseness, (lines = v ? toFlow(v) : null));
        }
        return lines;
      },
    };
  };
  if (article.spec.byline) {
    // A byline of several lines (来源… / 记者…) keeps each on a line of its own.
    const s = styleOf(layout, 'byline');
    const lines = lineTexts(article.spec.byline).flatMap((text) => setLines(text, s, 'byline', { indent: 0 }).lines);
    groups.push({ lines, splittable: false, spaceBefore: 0, spaceAfter: s.spaceAfter, keepWithNext: 0 });
  }
  const body = paragraphStyle(layout, article.spec.paragraph_style, at([...article.path, 'paragraph_style']), diags) ?? styleOf(layout, 'body');
  /** A paragraph's or list item's style: its ::: block's, else the article's. */
  const styles = new Map<CopyBlock, Style>();
  const styleFor = (block: Exclude<CopyBlock, { kind: 'heading' | 'table' }>) => {
    if (!styles.has(block)) styles.set(block, paragraphStyle(layout, block.style, blockPlace(block.line), diags) ?? body);
    return styles.get(block)!;
  };
  const hangs = listHangs(context, article.blocks, styleFor, width, diags, blockPlace);
  const firstParagraph = article.blocks.find((b) => b.kind === 'paragraph');
  // The article's table.columns holds for all its tables: refused once, however many there are.
  const asked = article.spec.table?.columns;
  if (asked !== undefined && asked > room.max && article.blocks.some((b) => b.kind === 'table')) {
    diags.error(`a table is to be set across ${counted(asked, 'column')}, but ${room.limit}`, at([...article.path, 'table', 'columns']));
  }
  // Lines of the text after the i-th block up to the next table, as set in the frame's column (an
  // estimate from its characters: what the table leaves beside it to fill).
  const linesAfter = (i: number) => {
    let lines = 0;
    for (const block of article.blocks.slice(i + 1)) {
      if (block.kind === 'table') break;
      const style = block.kind === 'heading' ? styleOf(layout, 'section_heading') : styleFor(block);
      const perLine = Math.max(1, Math.floor(width / (style.size * style.hScale)));
      const text = block.kind === 'list_item' ? block.marker + block.text : block.text;
      lines += Math.ceil((countChars(text) + (block.kind === 'paragraph' ? (block.indent ?? style.indent) : 0)) / perLine);
    }
    return lines;
  };
  for (const [i, block] of article.blocks.entries()) {
    const dropCap = block.kind === 'paragraph' && block === firstParagraph && article.spec.drop_cap ? setDropCap(context, block, styleFor(block), article.spec.drop_cap, grid, diags, at([...article.path, 'drop_cap'])) : undefined;
    if (dropCap && block.kind === 'paragraph') {
      const rest = shiftMarks(block.marks, dropCap.length);
      groups.push({ ...setLines(block.text.slice(dropCap.length), styleFor(block), 'paragraph', { line: block.line, marks: rest, dropCap }), splittable: true, keepFirst: dropCap.lines, spaceBefore: 0, keepWithNext: 0, text: block.text, source: blockPlace(block.line) });
    } else if (block.kind === 'paragraph') {
      groups.push({ ...setLines(block.text, styleFor(block), 'paragraph', { indent: block.indent, line: block.line, marks: block.marks }), splittable: true, spaceBefore: 0, keepWithNext: 0, text: block.text, source: blockPlace(block.line) });
    } else if (block.kind === 'list_item') {
      const hang = hangs.get(i)!;
      groups.push({ ...setLines(block.text, styleFor(block), 'list_item', { indent: 0, line: block.line, hang, marks: block.marks }), splittable: true, spaceBefore: 0, keepWithNext: 0, text: block.marker + block.text, source: blockPlace(block.line) });
    } else if (block.kind === 'table') {
      const span = asked === undefined ? tableSpan(context, block, layout, room, linesAfter(i), blockPlace) : Math.min(asked, room.max);
      const set = tableLines(context, block, layout, room.widthOf(span), diags, blockPlace);
      const title = isTableTitle(article.blocks[i - 1], block) ? groups.at(-1) : undefined;
      // A short table stands whole in one column; a longer one breaks between columns at a row, like a
      // paragraph at a line, its header repeated at the head of the next; one across columns breaks
      // only where it does not stand whole, into the columns beside it (see span.ts). A line of white
      // stands under it.
      const splittable = span === 1 && set.lines.length > TABLE_KEPT_WHOLE;
      groups.push({
        lines: set.lines,
        splittable,
        ...(splittable && { keepFirst: set.header + 2 }),
        ...((splittable || span > 1) && { repeat: set.lines.slice(0, set.header) }),
        // Its notes stand under its last row, never in the next column.
        ...(set.noteLines && { keepLast: set.noteLines }),
        ...(span > 1 && { span }),
        spaceBefore: 0,
        spaceAfter: 1,
        keepWithNext: 0,
        text: block.text,
        source: blockPlace(block.line),
      });
      // Its title stands whole with its header and first two rows, or with all of it where it does not break.
      // Whole in whatever setting copyfitting gives it (a line longer too), a drop cap's lines with it.
      if (title && span === 1) Object.assign(title, { keepFirst: Number.POSITIVE_INFINITY, keepWithNext: splittable ? set.header + 2 : set.lines.length });
    } else {
      // A heading of two lines is one heading: its lines one under the other, as one block.
      const hs = styleOf(layout, 'section_heading');
      const lines = lineTexts(block.text).flatMap((text) => setLines(text, hs, 'section_heading', { indent: 0, line: block.line, display: true, phraseSpaces: true }).lines);
      if (block.subtitle) lines.push(...setLines(block.subtitle, styleOf(layout, 'section_subtitle'), 'section_subtitle', { indent: 0, line: block.line, display: true, phraseSpaces: true }).lines);
      groups.push({ lines, splittable: false, spaceBefore: hs.spaceBefore, spaceAfter: hs.spaceAfter, keepWithNext: 2 });
    }
  }
  return groups;
}

/**
 * Columns of the frame a table is set across when the article's `table.columns` does not say: the
 * fewest in which no cell of its body or header wraps to more than TABLE_SPAN.cellLines lines, no
 * header word is parted and its figures fit (a statistical table whose stub would wrap to a
 * character or two a line in one narrow column goes across two or three) — more where the text
 * after it (`after`, in lines of the frame's column) would leave a column beside it empty: then
 * the fewest that leave none, which wrap no more cells (the frame's columns when no text follows).
 */
function tableSpan(context: CompositionStore, block: TableBlock, layout: Layout, room: TableRoom, after: number, placeOf: (line: number) => Omit<Diagnostic, 'severity' | 'message'>): number {
  const at = (k: number) => {
    const probe = new DiagnosticList();
    const set = tableLines(context, block, layout, room.widthOf(k), probe, placeOf);
    return { set, fits: Math.max(set.cellLines, set.headerLines) <= TABLE_SPAN.cellLines && !set.partedWords && !probe.hasErrors };
  };
  let fewest = room.max;
  let wrapped = 0;
  for (let k = 1; k < room.max; k++) {
    const { set, fits } = at(k);
    if (fits) {
      [fewest, wrapped] = [k, set.wrapped];
      break;
    }
  }
  const leavesEmpty = (k: number) => k < room.max && after < (room.max - k) * TABLE_SPAN.besideLines;
  // A table in one column has none beside it: the text before and after it fill the others.
  if (fewest === 1 || !leavesEmpty(fewest)) return fewest;
  for (let k = fewest + 1; k < room.max; k++) if (!leavesEmpty(k) && at(k).set.wrapped <= wrapped) return k;
  return room.max;
}

/** A drop cap: the paragraph's first character set `lines` grid lines tall, and the width in em of the paragraph that the lines beside it give up. */
interface DropCap {
  cap: { line: ComposedLine; style: Style; lines: number };
  lines: number;
  width: number;
  /** UTF-16 length of the character taken out of the paragraph. */
  length: number;
}

/**
 * The drop cap (首字下沉) of a paragraph: its first character, from the top of the first line's
 * em box down to the baseline of line `lines`, beside the lines it takes out of whole characters
 * of the column (its width and a quarter em, rounded up). None, with a warning, when the
 * paragraph starts with a mark or a space, which a drop cap would not read as.
 */
function setDropCap(context: CompositionStore, block: Extract<CopyBlock, { kind: 'paragraph' }>, style: Style, lines: number, grid: PageGrid, diags: DiagnosticList, where: Omit<Diagnostic, 'severity' | 'message'>): DropCap | undefined {
  const first = String.fromCodePoint(block.text.codePointAt(0)!);
  if (!/[\p{L}\p{N}]/u.test(first) || [...block.text].length < 2) {
    diags.warn(`no drop cap: the first paragraph starts with "${first}", not a character`, where);
    return undefined;
  }
  const size = ((lines - 1) * grid.pitch + EM_ASCENT * style.size) / EM_ASCENT;
  const capStyle: Style = { ...style, name: 'drop_cap', size, indent: 0, align: 'left' };
  const line = setText(context, first, capStyle, size * 4, diags, where, { indent: 0 }).lines[0];
  const width = Math.ceil(((line.right - line.left) * size) / style.size + DROP_CAP_GAP - 1e-6);
  return { cap: { line, style: capStyle, lines }, lines, width, length: first.length };
}

/** White between a drop cap and the text beside it, in em of the body, at least. */
const DROP_CAP_GAP = 0.25;

/** Character marks of a paragraph whose first `by` UTF-16 units were taken out. */
const shiftMarks = (marks: CharMark[] | undefined, by: number) =>
  marks?.map((m) => ({ ...m, start: Math.max(0, m.start - by), stop: m.stop - by })).filter((m) => m.stop > m.start);

/** The layout style a paragraph style names (undefined when none is named, or with an error when the layout lacks it). */
function paragraphStyle(layout: Layout, name: string | undefined, where: Omit<Diagnostic, 'severity' | 'message'>, diags: DiagnosticList): Style | undefined {
  if (name === undefined) return undefined;
  const found = layout.styles.get(name);
  if (!found) diags.error(`no paragraph style "${name}" in layout ${layout.name}`, where);
  return found;
}

/** The lines of a text that the editor broke (a byline or heading of two lines); each is set on its own. */
const lineTexts = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** How a list item hangs: its marker, set in the first line's indent, and the indent of every line's text, in em. */
interface Hang {
  marker: string;
  /** The marker set alone, and the left edge of its ink, in em. */
  glyphs: ComposedLine['glyphs'];
  left: number;
  /** Whether the copy had a blank between the marker and the text (the text then starts a word of its own). */
  spaced: boolean;
  width: number;
}

/** The least space between a marker that has no blank of its own, as (1) or a spaced ■, and its text, in em. */
const MARKER_GAP = 0.25;

/** What kind of marker a list item has: 1． and 10． are of one kind, 一、 and （一） of two. */
const markerKind = (marker: string) =>
  marker
    .trim()
    .replace(/[0-9０-９]+/g, '0')
    .replace(/[一二三四五六七八九十百〇零]+/g, '一')
    .replace(/[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]/g, '①')
    .replace(/[\u2776-\u277f]/g, '❶');

/**
 * The hang of every list item, by block index. Consecutive items with markers of one kind
 * make a list, and share one hang: the widest marker's, with the blank a mark carries after
 * it (、 ． ）) or ¼ em after a Latin character or a symbol the copy spaced from its text,
 * rounded up to whole characters so that the text stays on the column's character grid.
 */
function listHangs(context: CompositionStore, blocks: Article['blocks'], styleFor: (block: ListItem) => Style, width: number, diags: DiagnosticList, placeOf: (line: number) => Omit<Diagnostic, 'severity' | 'message'>): Map<number, Hang> {
  const hangs = new Map<number, Hang>();
  const natural = (typed: string, copyLine: number, style: Style) => {
    const marker = typed.trim();
    // Set alone, where a character no font has is reported as in any text.
    const line = setText(context, marker, style, width, diags, placeOf(copyLine), { indent: 0, align: 'left' }).lines[0];
    const end = Math.max(0, ...(line?.glyphs ?? []).map((g) => g.x + g.advance));
    // 、 ． ） carry their blank; after a Latin character, or a symbol the copy spaced from its text (■ 项目), ¼ em stands.
    const gap = !/[、．）]$/.test(marker) && (/[!-~]$/.test(marker) || /\s$/.test(typed)) ? MARKER_GAP : 0;
    return { glyphs: line?.glyphs ?? [], left: line?.left ?? 0, width: end + gap };
  };
  let list: { index: number; marker: string; line: number; style: Style }[] = [];
  const close = () => {
    const widths = list.map(({ marker, line, style }) => natural(marker, line, style));
    const hang = Math.max(1, Math.ceil(Math.max(...widths.map((w) => w.width)) - 1e-6));
    list.forEach(({ index, marker }, k) => hangs.set(index, { marker: marker.trim(), glyphs: widths[k].glyphs, left: widths[k].left, spaced: /\s$/.test(marker), width: hang }));
    list = [];
  };
  blocks.forEach((block, index) => {
    if (block.kind !== 'list_item' || (list.length && markerKind(list[0].marker) !== markerKind(block.marker))) {
      if (list.length) close();
    }
    if (block.kind === 'list_item') list.push({ index, marker: block.marker, line: block.line, style: styleFor(block) });
  });
  if (list.length) close();
  return hangs;
}

/**
 * The lines of a list item's text, composed `hang.width` em narrower, moved right by as much,
 * with the marker set in the first line's indent: every line's text starts at the same x.
 */
function hangLines(lines: readonly ComposedLine[], hang: Hang): ComposedLine[] {
  return lines.map((line, i) => {
    const text = line.glyphs.map((g, k) => {
      const moved = { ...g, x: g.x + hang.width };
      // "1．坚持" is one word, as in the copy; "■ 项目" two.
      if (i === 0 && k === 0 && !hang.spaced) delete moved.wordStart;
      return moved;
    });
    return {
      ...line,
      glyphs: i === 0 ? [...hang.glyphs, ...text] : text,
      measure: line.measure + hang.width,
      left: i === 0 ? hang.left : line.left + hang.width,
      right: line.right + hang.width,
    };
  });
}

/** The first characters of a paragraph, to name it. */
const opening = (text: string) => ([...text].length > 12 ? `${[...text].slice(0, 12).join('')}…` : text);

const countChars = (s: string) => [...s.replace(/\s/g, '')].length;

/**
 * The pull quote (引语) in the article's first rectangle: its text between a rule through the
 * middle of the grid line above and one through the line below, as many whole lines as that
 * takes out of the columns it spans, which the body flows around. At `at`, or else centred in
 * the body (its middle columns and lines), or else at the first free place.
 */
function placePullQuote(setter: ArticleSetter, frame: readonly GridArea[], columns: { inset: number; width: number }, bodyTop: number, taken: readonly TakenArea[], diags: DiagnosticList): PlacedArticle['pullQuote'] {
  const spec = setter.article.spec.pull_quote;
  if (!spec) return undefined;
  const where = setter.at([...setter.article.path, 'pull_quote']);
  const grid = setter.layout.grid;
  const first = frame[0];
  const span = spec.columns ?? 1;
  const leftOf = columnLeft(grid, first, columns.inset, columns.width);
  const width = leftOf(first.columns[0] + span - 1) + columns.width - leftOf(first.columns[0]);
  const set = setter.pullQuote(width, diags);
  if (!set) return undefined;
  const lineHeight = set.style.size * set.style.leading;
  const textHeight = set.lines.length * lineHeight;
  // The rules' lines, and whole lines for the text between them.
  const height = Math.ceil((textHeight - 1e-6) / grid.pitch) + 2;
  const areaAt = (column: number, line: number): GridArea => ({ columns: [column, column + span - 1], lines: [line, line + height - 1] });
  const free = (a: GridArea) => inside(a, frame) && !taken.some((t) => overlaps(t, a));
  let area: GridArea | undefined;
  if (spec.at) area = areaAt(spec.at.column, spec.at.line);
  else {
    const middle = areaAt(first.columns[0] + Math.floor((first.columns[1] - first.columns[0] + 1 - span) / 2), bodyTop + Math.floor((first.lines[1] - bodyTop + 1 - height) / 2));
    area = free(middle) ? middle : firstFree({ columns: span, height }, frame, bodyTop, taken);
  }
  if (!area || !inside(area, frame)) {
    diags.error(`no room for the pull quote (${span} column${span > 1 ? 's' : ''} × ${height} lines) ${area ? `at ${spanText(area)} ` : ''}in its article's frame`, where);
    return undefined;
  }
  const clash = taken.find((t) => overlaps(t, area));
  if (clash) {
    diags.error(`the pull quote (${spanText(area)}) overlaps ${clash.what} (${spanText(clash)})`, where);
    return undefined;
  }
  const x = columnLeft(grid, frame.find((f) => covers(f, area.columns[0], area.lines[0])) ?? first, columns.inset, columns.width)(area.columns[0]);
  const ruleY = (line: number) => grid.lineTop(line) + grid.bodySize / 2;
  const [top, bottom] = [ruleY(area.lines[0]), ruleY(area.lines[1])];
  const rule = (y: number): RuleShape => ({ kind: 'rule', x1: x, y1: y, x2: x + width, y2: y, lineWidth: PULL_QUOTE_RULE, color: set.style.color });
  let y = (top + bottom - textHeight) / 2;
  const lines = set.lines.map((line) => {
    const baseline = y + (lineHeight - set.style.size) / 2 + EM_ASCENT * set.style.size;
    y += lineHeight;
    return placeLine(line, set.style, x, baseline);
  });
  return { area, rules: [rule(top), rule(bottom)], block: { role: 'pull_quote', style: set.style.name, lines } };
}

/** Weight of the rules above and below a pull quote, in points. */
const PULL_QUOTE_RULE = 1;

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
  /** Where a photo without `at` goes, found by orderedAreas; without it, the first free place. */
  found?: GridArea,
) {
  const { article, layout } = setter;
  const grid = layout.grid;
  const where = setter.at([...article.path, 'photos', index]);
  const frameCols = Math.max(...frame.map((a) => a.columns[1])) - Math.min(...frame.map((a) => a.columns[0])) + 1;
  if (photo.columns > frameCols && !photo.across) {
    diags.error(`photo is ${photo.columns} columns wide; its article's frame has ${frameCols}`, where);
    return null;
  }
  // The picture spans its text columns: inside a box it stays within the rule's inset, as the text does; across frames, the page grid's columns.
  const spanOf = (area: GridArea) => {
    if (photo.across) return { x: grid.columnLeft(area.columns[0]), width: grid.rect(area.columns[0], area.columns[1], 1, 1).width };
    const leftOf = columnLeft(grid, frame.find((f) => covers(f, area.columns[0], area.lines[0])) ?? frame[0], columns.inset, columns.width);
    return { x: leftOf(area.columns[0]), width: leftOf(area.columns[1]) + columns.width - leftOf(area.columns[0]) };
  };
  const spanWidth = (n: number) => spanOf({ columns: [frame[0].columns[0], frame[0].columns[0] + n - 1], lines: frame[0].lines }).width;
  const beside = photo.caption_beside;
  const besideColumns = captionColumns(photo);
  const captions = setter.caption(index, captionWidth(photo, spanWidth), diags);
  const captionLines = captionHeight(captions, grid);
  if (beside && captionLines > photo.lines) {
    diags.error(`the caption beside the photo takes ${counted(captionLines, 'line')} in its ${counted(besideColumns, 'column')}, more than the picture's ${photo.lines}: give it more columns, the photo more lines, or a shorter caption`, setter.at([...article.path, 'photos', index, 'caption_beside']));
    return null;
  }
  const height = beside ? photo.lines : photo.lines + captionLines;
  const areaAt = (column: number, line: number): GridArea => ({ columns: [column, column + photo.columns - 1], lines: [line, line + height - 1] });
  let area: GridArea | undefined;
  if (photo.at) area = areaAt(photo.at.column, photo.at.line);
  else {
    area = found ?? firstFree({ columns: photo.columns, height }, frame, bodyTop, taken);
    if (!area) {
      diags.error(`no room for a photo of ${photo.columns} columns × ${height} lines (with its caption) in its article's frame`, where);
      return null;
    }
  }
  if (photo.across ? !inGrid(grid, area) : !inside(area, frame)) {
    diags.error(`photo (${spanText(area)} with its caption) does not fit inside ${photo.across ? `the page's ${grid.columns}×${grid.lines} grid` : "its article's frame"}`, where);
    return null;
  }
  const clash = taken.find((t) => overlaps(t, area));
  if (clash) {
    diags.error(`photo (${spanText(area)} with its caption) overlaps ${clash.what} (${spanText(clash)})`, where);
    return null;
  }
  const [column, line] = [area.columns[0], area.lines[0]];
  // Beside the picture, the caption takes the slot's first or last columns; under it, the lines below the picture.
  const captionColumn = beside?.side === 'left' ? column : area.columns[1] - besideColumns + 1;
  const picColumns: Span = !beside ? area.columns : beside.side === 'left' ? [column + besideColumns, area.columns[1]] : [column, captionColumn - 1];
  const picArea: GridArea = { columns: picColumns, lines: [line, line + photo.lines - 1] };
  const picRect: Rect = { ...grid.rect(picColumns[0], picColumns[1], line, line + photo.lines - 1), ...spanOf(picArea) };
  const captionX = beside ? spanOf({ columns: [captionColumn, area.columns[1]], lines: area.lines }).x : picRect.x;
  const captionTop = !beside ? line + photo.lines : beside.align === 'top' ? line : line + photo.lines - captionLines;
  let l = captionTop;
  const captionBlocks: TextBlock[] = captions.map((set) => {
    const h = gridHeight(set.style, grid);
    // A run-in credit stands on the caption's last line.
    if (set.runIn) l -= h;
    const lines = set.lines.map((cl) => {
      const placed = placeLine(cl, set.style, captionX, grid.baseline(l + h - 1));
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
    focus: photo.focus ?? (photo.crop ? [(photo.crop[0] + photo.crop[2]) / 2, (photo.crop[1] + photo.crop[3]) / 2] : [0.5, 0.5]),
    ...(photo.crop && { crop: photo.crop }),
    ...((photo.scale !== undefined || photo.offset !== undefined) && { scaling: scalingOf(photo, picRect, setter.at([...article.path, 'photos', index, photo.offset !== undefined ? 'offset' : 'scale'])) }),
    area,
    captions: captionBlocks,
    source: setter.at([...article.path, 'photos', index, 'file']),
  };
  const takes: GridArea[] = [{ columns: area.columns, lines: [area.lines[0], area.lines[1] + standoff] }];
  // A caption beside the picture that starts on the slot's first line keeps the body's lines above it off by one: it would read on from them.
  const above = line - 1;
  if (beside && captionTop === line && above >= bodyTop && frame.some((f) => covers(f, captionColumn, above))) {
    takes.push({ columns: [captionColumn, captionColumn + besideColumns - 1], lines: [above, above] });
  }
  return { photo: photoOut, takes };
}

/** A photo's scale (1 = just covering the slot) and offset in points, from its `scale: 120%` and `offset: [x, y]` (mm, pt, or shares of the slot). */
function scalingOf(photo: PhotoSpec, rect: Rect, source: Photo['source']): NonNullable<Photo['scaling']> {
  const length = (v: number | string, side: number) => (typeof v === 'number' ? v * side : (v.trim().startsWith('-') ? -1 : 1) * toPoints(v.trim().replace(/^-/, '')));
  const offset = photo.offset ?? [0, 0];
  return { scale: photo.scale === undefined ? 1 : parseFloat(photo.scale) / 100, offset: [length(offset[0], rect.width), length(offset[1], rect.height)], source };
}

/** Columns of a photo's slot that its caption beside the picture takes (0: the caption is under it). */
export const captionColumns = (photo: PhotoSpec) => (photo.caption_beside ? (photo.caption_beside.columns ?? 1) : 0);

/** The width a photo's caption is set at: its columns beside the picture, or the picture's under it; `spanWidth(n)` is the width of n columns of the slot. */
const captionWidth = (photo: PhotoSpec, spanWidth: (columns: number) => number) => spanWidth(captionColumns(photo) || photo.columns);

/** Grid lines a caption and credit take, a run-in credit none of its own. */
const captionHeight = (captions: readonly (SetText & { runIn?: boolean })[], grid: PageGrid) => captions.reduce((n, s) => n + (s.runIn ? 0 : s.lines.length * gridHeight(s.style, grid)), 0);

/** The width of n text columns of a frame's rectangle. */
const frameSpanWidth = (grid: PageGrid, area: GridArea, columns: { inset: number; width: number }) => (n: number) => {
  const left = columnLeft(grid, area, columns.inset, columns.width);
  return left(area.columns[0] + n - 1) + columns.width - left(area.columns[0]);
};

/** Grid lines a photo's slot takes: the picture's, and its caption and credit's under it (none beside it). */
function slotLines(setter: ArticleSetter, index: number, spanWidth: (columns: number) => number): number {
  const photo = setter.article.spec.photos![index];
  if (photo.caption_beside) return photo.lines;
  // Measured only: placePhoto sets the same caption (at the same width) and reports on it.
  return photo.lines + captionHeight(setter.caption(index, captionWidth(photo, spanWidth), new DiagnosticList()), setter.layout.grid);
}

/** The slot of a photo standing across frames (`across`) on the page grid at its `at`, with its caption: what it takes from other articles' frames. */
export function acrossSlot(setter: ArticleSetter, index: number): GridArea {
  const photo = setter.article.spec.photos![index];
  const grid = setter.layout.grid;
  const height = slotLines(setter, index, (n) => grid.rect(1, n, 1, 1).width);
  return { columns: [photo.at!.column, photo.at!.column + photo.columns - 1], lines: [photo.at!.line, photo.at!.line + height - 1] };
}

/** A photo slot's size on the grid: columns, and lines with its caption. */
interface SlotSize {
  columns: number;
  height: number;
}

/**
 * The first free place for a slot in the first rectangle of a frame and those beside it from
 * its top line (a stepped frame's top, where a photo may stand across the step): from the top
 * of the body down, and on each line from the right leftwards (a photo stands at the top right).
 */
function firstFree(size: SlotSize, frame: readonly GridArea[], bodyTop: number, taken: readonly GridArea[]): GridArea | undefined {
  const top = frame.filter((a) => a.lines[0] === frame[0].lines[0]);
  const [left, right, foot] = [Math.min(...top.map((a) => a.columns[0])), Math.max(...top.map((a) => a.columns[1])), Math.max(...top.map((a) => a.lines[1]))];
  for (let line = bodyTop; line + size.height - 1 <= foot; line++) {
    for (let column = right - size.columns + 1; column >= left; column--) {
      const candidate: GridArea = { columns: [column, column + size.columns - 1], lines: [line, line + size.height - 1] };
      if (inside(candidate, frame) && !taken.some((t) => overlaps(t, candidate))) return candidate;
    }
  }
  return undefined;
}

/** Photos past this many are not tried in every order (5! = 120 trials). */
const MAX_ORDERED_PHOTOS = 5;

/** Reading order of photos: the higher first, and of two on one line the one on the left. */
const readsBefore = (a: GridArea, b: GridArea) => a.lines[0] < b.lines[0] || (a.lines[0] === b.lines[0] && a.columns[0] < b.columns[0]);

/**
 * Places for photos without `at`, so that they read in the order given: top to bottom, and
 * side by side from left to right. Each is put at the first free place (firstFree) in turn;
 * the turns are tried last photo first (a row at the top right, filled from the right, reads
 * left to right), then in the other orders, and the first whose places read in the order
 * given is taken. If none does, or there are too many photos to try, the photos are put in
 * the order given and `inOrder` is false. A slot that finds no place has none (undefined).
 */
function orderedAreas(sizes: readonly SlotSize[], frame: readonly GridArea[], bodyTop: number, taken: readonly GridArea[]): { areas: (GridArea | undefined)[]; inOrder: boolean } {
  const put = (order: readonly number[]) => {
    const used: GridArea[] = [...taken];
    const areas: (GridArea | undefined)[] = sizes.map(() => undefined);
    for (const k of order) {
      const area = firstFree(sizes[k], frame, bodyTop, used);
      if (!area) continue;
      areas[k] = area;
      // One empty line under the caption keeps the text off it, unless the frame ends there (as placePhoto takes).
      const below = area.lines[1] + 1;
      used.push({ columns: area.columns, lines: [area.lines[0], frame.some((f) => covers(f, area.columns[0], below)) ? below : area.lines[1]] });
    }
    return areas;
  };
  const given = sizes.map((_, k) => k);
  const ordered = (areas: readonly (GridArea | undefined)[]) => areas.every((a, k) => a && (k === 0 || readsBefore(areas[k - 1]!, a)));
  if (sizes.length > 1 && sizes.length <= MAX_ORDERED_PHOTOS) {
    for (const order of permutations([...given].reverse())) {
      const areas = put(order);
      if (ordered(areas)) return { areas, inOrder: true };
    }
  }
  const areas = put(given);
  return { areas, inOrder: sizes.length <= 1 || ordered(areas) || areas.some((a) => !a) };
}

/** Every order of the items, the one given first. */
function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) yield [items[i], ...tail];
  }
}
