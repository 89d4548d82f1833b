/**
 * Stage 5: placing a page on its grid. Furniture (running head, banner, rules), then each
 * article: its frame, box, headline block, photos with captions, and the body flowed
 * through the free column slots. The result is plain geometry (PageFrame).
 */
import { DiagnosticList } from '../diagnostics.js';
import type { Article, GridRect, Issue, Page, PhotoSpec } from '../issue/model.js';
import { style as styleOf } from '../layout/load-layout.js';
import type { Layout, PageGrid, Rect, Style } from '../layout/model.js';
import type { ComposedLine } from '../compose/paragraph.js';
import { flowGroups, gridHeight, slotsOf, type FlowGroup, type FlowLine } from './flow.js';
import { headlineLines, headlineRuns, setHeadline } from './headline.js';
import type { ArticleFit, PageFrame, PageItem } from './page-frame.js';
import { lineRuns, setText } from './typeset.js';

type Span = [number, number];
interface GridArea {
  columns: Span;
  lines: Span;
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

export function placePage(issue: Issue, page: Page, layout: Layout, diags: DiagnosticList): PageFrame {
  const grid = layout.grid;
  const items: PageItem[] = [];
  const fits: ArticleFit[] = [];
  const at = (path: (string | number)[]) => issue.locate(path);

  items.push(...runningHead(issue, page, layout));
  const occupied: { area: GridArea; what: string; path: (string | number)[] }[] = [];
  const banner = page.spec.banner;
  if (banner) {
    const lines = banner.lines ?? 6;
    items.push(...bannerItems(banner.title, banner.columns ?? 2, lines, layout));
    occupied.push({ area: { columns: [1, grid.columns], lines: [1, lines] }, what: 'the banner', path: [...page.path, 'banner'] });
  }

  // Column cursors for articles placed automatically: the first free line of each column.
  const cursor = new Array<number>(grid.columns + 1).fill(occupied.length ? occupied[0].area.lines[1] + 2 : 1);
  for (const article of page.articles) {
    const frame = frameOf(article, page, layout, cursor, diags, at);
    if (!frame) continue;
    for (const rect of frame) {
      const clash = occupied.find((o) => overlaps(o.area, rect));
      if (clash) {
        diags.error(`frame of article "${article.spec.id}" overlaps ${clash.what}`, at([...article.path, 'frame']));
      }
    }
    if (diags.hasErrors) continue;
    for (const rect of frame) {
      occupied.push({ area: rect, what: `article "${article.spec.id}"`, path: article.path });
      for (let c = rect.columns[0]; c <= rect.columns[1]; c++) cursor[c] = Math.max(cursor[c], rect.lines[1] + 2);
    }
    const placed = placeArticle(article, frame, layout, diags, at);
    items.push(...placed.items);
    fits.push({ ...placed.fit, page: page.spec.number });
  }

  for (const [i, rule] of (page.spec.rules ?? []).entries()) {
    if (!inGrid(grid, { columns: rule.columns, lines: [rule.line, rule.line] })) {
      diags.error('rule lies outside the page grid', at([...page.path, 'rules', i]));
      continue;
    }
    const r = grid.rect(rule.columns[0], rule.columns[1], rule.line, rule.line);
    const y = r.y + grid.bodySize / 2;
    items.push({ kind: 'rule', x1: r.x, y1: y, x2: r.x + r.width, y2: y, lineWidth: rule.weight ?? 0.75, color: [0, 0, 0, 1] });
  }
  return { number: page.spec.number, width: grid.pageWidth, height: grid.pageHeight, bleed: grid.bleed, items, fits };
}

function inGrid(grid: PageGrid, a: GridArea): boolean {
  return a.columns[0] >= 1 && a.columns[0] <= a.columns[1] && a.columns[1] <= grid.columns
    && a.lines[0] >= 1 && a.lines[0] <= a.lines[1] && a.lines[1] <= grid.lines;
}

/** Whether every cell of `a` lies in one of the rectangles of `frame`. */
function inside(a: GridArea, frame: readonly GridArea[]): boolean {
  for (let c = a.columns[0]; c <= a.columns[1]; c++) {
    for (let l = a.lines[0]; l <= a.lines[1]; l++) {
      if (!frame.some((f) => c >= f.columns[0] && c <= f.columns[1] && l >= f.lines[0] && l <= f.lines[1])) return false;
    }
  }
  return true;
}

function overlaps(a: GridArea, b: GridArea): boolean {
  return a.columns[0] <= b.columns[1] && b.columns[0] <= a.columns[1] && a.lines[0] <= b.lines[1] && b.lines[0] <= a.lines[1];
}

type Locate = (path: (string | number)[]) => ReturnType<Issue['locate']>;

/**
 * The article's frame as grid rectangles: as written, or placed automatically at the top-most
 * free place across its columns, as tall as its text needs.
 */
function frameOf(article: Article, page: Page, layout: Layout, cursor: number[], diags: DiagnosticList, at: Locate): GridArea[] | null {
  const grid = layout.grid;
  const spec = article.spec;
  if (spec.frame) {
    const rects = (Array.isArray(spec.frame) ? spec.frame : [spec.frame]) as GridRect[];
    let ok = true;
    rects.forEach((r, i) => {
      if (!inGrid(grid, r)) {
        const path = Array.isArray(spec.frame) ? [...article.path, 'frame', i] : [...article.path, 'frame'];
        diags.error(`frame (columns ${r.columns.join('–')}, lines ${r.lines.join('–')}) lies outside the ${grid.columns}×${grid.lines} grid`, at(path));
        ok = false;
      }
    });
    return ok ? rects.map((r) => ({ columns: [...r.columns] as Span, lines: [...r.lines] as Span })) : null;
  }
  const width = spec.columns ?? grid.columns;
  if (width > grid.columns) {
    diags.error(`columns ${width} is more than the layout's ${grid.columns}`, at([...article.path, 'columns']));
    return null;
  }
  let first = 1;
  let top = Infinity;
  for (let c = 1; c + width - 1 <= grid.columns; c++) {
    const t = Math.max(...cursor.slice(c, c + width));
    if (t < top) {
      top = t;
      first = c;
    }
  }
  if (top > grid.lines) {
    diags.error(`no room left on page ${page.spec.number} for article "${spec.id}"`, at(article.path));
    return null;
  }
  const columns: Span = [first, first + width - 1];
  // The shortest frame that holds the whole article; taller frames only add empty lines.
  let lo = 1;
  let hi = grid.lines - top + 1;
  const fitsIn = (h: number) => {
    const probe = placeArticle(article, [{ columns, lines: [top, top + h - 1] }], layout, new DiagnosticList(), at, false);
    return probe.fit.overflowLines === 0;
  };
  if (!fitsIn(hi)) return [{ columns, lines: [top, grid.lines] }];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fitsIn(mid)) hi = mid;
    else lo = mid + 1;
  }
  return [{ columns, lines: [top, top + lo - 1] }];
}

interface PlacedArticle {
  items: PageItem[];
  fit: Omit<ArticleFit, 'page'>;
}

function placeArticle(article: Article, frame: GridArea[], layout: Layout, diags: DiagnosticList, at: Locate, fill = true): PlacedArticle {
  const grid = layout.grid;
  const spec = article.spec;
  const id = spec.id;
  const items: PageItem[] = [];
  const box = spec.box ? { ...layout.box, ...(typeof spec.box === 'object' ? spec.box : {}) } : null;
  const inset = box ? box.inset * grid.bodySize : 0;
  // A boxed article keeps its first and last grid line as white inside the rule.
  const areas = frame.map((r) => (box ? { columns: r.columns, lines: [r.lines[0] + 1, r.lines[1] - 1] as Span } : r));

  if (box) {
    for (const r of frame) {
      const rect = grid.rect(r.columns[0], r.columns[1], r.lines[0], r.lines[1]);
      items.push({
        kind: 'rect',
        rect,
        fill: box.tint > 0 ? [0, 0, 0, box.tint / 100] : undefined,
        stroke: [0, 0, 0, 1],
        lineWidth: box.rule,
      });
    }
  }

  const first = areas[0];
  // The headline spans every rectangle that starts on the first one's top line (a stepped frame's top).
  const top = areas.filter((a) => a.lines[0] === first.lines[0]);
  const headColumns: Span = [Math.min(...top.map((a) => a.columns[0])), Math.max(...top.map((a) => a.columns[1]))];
  const headBottom = Math.min(...top.map((a) => a.lines[1]));
  const innerWidth = grid.rect(headColumns[0], headColumns[1], 1, 1).width - 2 * inset;
  const taken: GridArea[] = [];

  const headline = setHeadline(spec, layout, innerWidth, diags, (f) => at([...article.path, f]));
  let bodyTop = first.lines[0];
  if (headline) {
    const lines = spec.headline_lines ?? headlineLines(headline, layout);
    if (spec.headline_lines && spec.headline_lines < headlineLines(headline, layout)) {
      diags.warn(`headline needs ${headlineLines(headline, layout)} lines; headline_lines gives ${spec.headline_lines}`, at([...article.path, 'headline_lines']));
    }
    const area = grid.rect(headColumns[0], headColumns[1], first.lines[0], Math.min(headBottom, first.lines[0] + lines - 1));
    items.push(...headlineRuns(headline, { ...area, x: area.x + inset, width: innerWidth }, id));
    taken.push({ columns: headColumns, lines: [first.lines[0], first.lines[0] + lines - 1] });
    bodyTop = first.lines[0] + lines;
  }

  const captions: PageItem[] = [];
  for (const [i, photo] of (spec.photos ?? []).entries()) {
    const placed = placePhoto(photo, article.photoFiles[i], article, areas, bodyTop, taken, layout, diags, () => at([...article.path, 'photos', i]));
    if (!placed) continue;
    items.push(placed.picture);
    captions.push(...placed.captions);
    taken.push(placed.area);
  }

  const slots = areas.flatMap((a) => slotsOf(grid, a.columns, a.lines, taken, inset));
  const width = slots[0]?.width ?? innerWidth;
  const groups = bodyGroups(article, layout, width, diags, at);
  const flow = flowGroups(groups, slots, grid, id, fill);
  items.push(...flow.runs, ...captions);
  return {
    items,
    fit: {
      id,
      linesSet: flow.linesSet,
      emptyLines: flow.emptyLines + flow.gapLines,
      overflowLines: flow.overflowLines,
      overflowChars: flow.overflowChars,
      frame: frame.map((r) => ({ columns: r.columns, lines: r.lines })),
    },
  };
}

/** The byline and the copy as flow groups, composed at the column width. */
function bodyGroups(article: Article, layout: Layout, width: number, diags: DiagnosticList, at: Locate): FlowGroup[] {
  const grid = layout.grid;
  const groups: FlowGroup[] = [];
  const where = at([...article.path, article.spec.body_file !== undefined ? 'body_file' : 'body']);
  const setLines = (text: string, style: Style, role: string, indent?: number) => {
    const set = setText(text, style, width, diags, where, { indent, preferSpaceBreaks: role === 'byline' });
    const height = gridHeight(style, grid);
    const toFlow = (lines: ComposedLine[]): FlowLine[] =>
      lines.map((line) => ({ line, style, height, role, chars: countChars(text.slice(line.start, line.stop)) }));
    return { lines: toFlow(set.lines), variant: (looseness: number) => {
      const v = set.variant(looseness);
      return v ? toFlow(v) : null;
    } };
  };
  const asLines = (text: string, style: Style, role: string, indent?: number) => setLines(text, style, role, indent).lines;
  if (article.spec.byline) {
    const s = styleOf(layout, 'byline');
    groups.push({ lines: asLines(article.spec.byline, s, 'byline', 0), splittable: false, spaceBefore: 0, keepWithNext: 0 });
  }
  const body = styleOf(layout, 'body');
  for (const block of article.blocks) {
    if (block.kind === 'paragraph') {
      groups.push({ ...setLines(block.text, body, 'body'), splittable: true, spaceBefore: 0, keepWithNext: 0 });
    } else {
      const hs = styleOf(layout, 'section_heading');
      const lines = asLines(block.text, hs, 'section_heading', 0);
      if (block.subtitle) lines.push(...asLines(block.subtitle, styleOf(layout, 'section_subtitle'), 'section_subtitle', 0));
      groups.push({ lines, splittable: false, spaceBefore: hs.spaceBefore, keepWithNext: 2 });
    }
  }
  return groups;
}

const countChars = (s: string) => [...s.replace(/\s/g, '')].length;

/** A photo slot with its caption lines under it, taken out of the article's columns. */
function placePhoto(
  photo: PhotoSpec,
  file: string | undefined,
  article: Article,
  frame: readonly GridArea[],
  bodyTop: number,
  taken: GridArea[],
  layout: Layout,
  diags: DiagnosticList,
  where: () => ReturnType<Issue['locate']>,
) {
  const grid = layout.grid;
  const frameCols = Math.max(...frame.map((a) => a.columns[1])) - Math.min(...frame.map((a) => a.columns[0])) + 1;
  if (photo.columns > frameCols) {
    diags.error(`photo is ${photo.columns} columns wide; its article's frame has ${frameCols}`, where());
    return null;
  }
  const width = grid.rect(1, photo.columns, 1, 1).width;
  const caption = photo.caption ? setText(photo.caption, styleOf(layout, 'caption'), width, diags, where(), { indent: 0 }) : null;
  const credit = photo.credit ? setText(photo.credit, styleOf(layout, 'credit'), width, diags, where(), { indent: 0 }) : null;
  const captionLines = [caption, credit].reduce((n, s) => n + (s ? s.lines.length * gridHeight(s.style, grid) : 0), 0);
  const height = photo.lines + captionLines;
  let column: number;
  let line: number;
  if (photo.at) {
    column = photo.at.column;
    line = photo.at.line;
  } else {
    // Default: the top right of the body area, left of or under photos already placed there.
    const first = frame[0];
    column = first.columns[1] - photo.columns + 1;
    line = bodyTop;
    while (taken.some((t) => overlaps(t, { columns: [column, column + photo.columns - 1], lines: [line, line + height - 1] }))) {
      if (column - photo.columns >= first.columns[0]) column -= photo.columns;
      else {
        column = first.columns[1] - photo.columns + 1;
        line += 1;
      }
      if (line + height - 1 > first.lines[1]) break;
    }
  }
  const area: GridArea = { columns: [column, column + photo.columns - 1], lines: [line, line + height - 1] };
  if (!inside(area, frame)) {
    diags.error(`photo (columns ${area.columns.join('–')}, lines ${area.lines.join('–')} with its caption) does not fit inside its article's frame`, where());
    return null;
  }
  if (taken.some((t) => overlaps(t, area))) {
    diags.error('photo overlaps the headline or another photo of its article', where());
    return null;
  }
  const picRect: Rect = grid.rect(area.columns[0], area.columns[1], line, line + photo.lines - 1);
  const captions: PageItem[] = [];
  let l = line + photo.lines;
  for (const set of [caption, credit]) {
    if (!set) continue;
    const h = gridHeight(set.style, grid);
    for (const cl of set.lines) {
      captions.push(...lineRuns(cl, set.style, picRect.x, grid.baseline(l + h - 1), set.style.name, article.spec.id));
      l += h;
    }
  }
  // One empty line under the caption keeps the body text off it, unless the frame ends there.
  const below = { columns: area.columns, lines: [area.lines[1] + 1, area.lines[1] + 1] as Span };
  const standoff = inside(below, frame) ? 1 : 0;
  return {
    picture: {
      kind: 'picture' as const,
      rect: picRect,
      file,
      focus: photo.focus ?? [0.5, 0.5],
      article: article.spec.id,
    },
    captions,
    area: { columns: area.columns, lines: [area.lines[0], area.lines[1] + standoff] as Span },
  };
}

function runningHead(issue: Issue, page: Page, layout: Layout): PageItem[] {
  const rh = page.spec.running_head;
  if (rh === false) return [];
  const grid = layout.grid;
  const s = styleOf(layout, 'running_head');
  const date = new Date(`${issue.spec.date}T00:00:00Z`);
  const dateText = rh?.date ?? `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`;
  const weekday = rh?.weekday ?? WEEKDAYS[date.getUTCDay()];
  const paper = rh?.paper ?? issue.spec.paper;
  const section = rh?.section ?? page.spec.section ?? issue.spec.edition ?? '';
  const editors = [rh?.editor && `责任编辑 ${rh.editor}`, rh?.art_editor && `美术编辑 ${rh.art_editor}`].filter(Boolean).join('　');
  const baseline = grid.top - 0.9 * grid.pitch - (s.size - grid.bodySize);
  const ruleY = grid.top - 0.45 * grid.pitch;
  const items: PageItem[] = [];
  const even = page.spec.number % 2 === 0;
  const left = `${even ? `${page.spec.number}　` : ''}${dateText}　${weekday}`;
  const right = `${editors}${even ? '' : `　${page.spec.number}`}`;
  const diags = new DiagnosticList();
  const place = (text: string, align: 'left' | 'center' | 'right') => {
    if (!text) return;
    const set = setText(text, s, grid.width, diags, {}, { indent: 0, align });
    items.push(...lineRuns(set.lines[0], s, grid.left, baseline, 'running_head'));
  };
  place(left, 'left');
  place(`${paper}　${section}`.trim(), 'center');
  place(right, 'right');
  items.push({ kind: 'rule', x1: grid.left, y1: ruleY, x2: grid.left + grid.width, y2: ruleY, lineWidth: 0.5, color: [0, 0, 0, 1] });
  return items;
}

/** The section banner (版头): the title reversed out of a colour block, and a heavy rule across the page. */
function bannerItems(title: string, columns: number, lines: number, layout: Layout): PageItem[] {
  const grid = layout.grid;
  const s = styleOf(layout, 'banner');
  const block = grid.rect(1, Math.min(columns, grid.columns), 1, lines);
  const items: PageItem[] = [{ kind: 'rect', rect: block, fill: layout.colors.get('banner') ?? [0, 1, 1, 0.1] }];
  const diags = new DiagnosticList();
  const set = setText(title, s, block.width, diags, {}, { indent: 0, align: 'center' });
  const lineHeight = s.size * s.leading;
  let y = block.y + (block.height - set.lines.length * lineHeight) / 2;
  for (const l of set.lines) {
    items.push(...lineRuns(l, s, block.x, y + (lineHeight - s.size) / 2 + 0.88 * s.size, 'banner'));
    y += lineHeight;
  }
  const ruleY = block.y + block.height;
  const full = grid.rect(1, grid.columns, 1, lines);
  items.push({ kind: 'rule', x1: block.x + block.width, y1: ruleY - 1.5, x2: full.x + full.width, y2: ruleY - 1.5, lineWidth: 3, color: layout.colors.get('banner') ?? [0, 1, 1, 0.1] });
  return items;
}
