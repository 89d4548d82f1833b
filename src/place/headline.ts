/**
 * Headline blocks: label, kicker (引题), headline (主题), subtitle (副题) and author line,
 * centred in a block whose height is a whole number of grid lines, so that the body
 * text under it stays on the page's baseline grid.
 */
import type { CompositionStore } from './typeset.js';
import type { DiagnosticList, Diagnostic } from '../diagnostics.js';
import type { Cmyk, Layout, Rect, Style } from '../layout/model.js';
import { style as styleOf } from '../layout/load-layout.js';
import type { ArticleSpec, HeadlineStrip } from '../issue/model.js';
import { HEADLINE_PARTS, type FillShape, type TextBlock, type TextRole } from './page-model.js';
import { placeLine, setText, type SetText } from './typeset.js';
import { EM_ASCENT } from '../layout/model.js';
import { placeVerticalLine, setVerticalLine, type VerticalLine } from './vertical.js';

/** A part of the block set, and what part it is. */
export interface SetPart extends SetText {
  role: TextRole;
}

export interface HeadlineBlock {
  parts: SetPart[];
  /** Height of the set parts in points. */
  height: number;
}

/** Sets the headline parts of an article at the given width; null if it has none. */
export function setHeadline(
  context: CompositionStore,
  article: ArticleSpec,
  layout: Layout,
  width: number,
  diags: DiagnosticList,
  where: (field: string) => Omit<Diagnostic, 'severity' | 'message'>,
): HeadlineBlock | null {
  const parts: SetPart[] = [];
  for (const p of HEADLINE_PARTS) {
    const text = article[p];
    if (!text) continue;
    const named = article.styles?.[p];
    const own = named === undefined ? undefined : layout.styles.get(named);
    if (named !== undefined && !own) diags.error(`no style "${named}" in layout ${layout.name} for the ${p}`, where('styles'));
    const style = own ?? (p === 'headline' ? headlineStyle(layout, article.headline_level ?? 1) : styleOf(layout, p));
    parts.push(setPart(context, text, style, p, width, diags, where(p)));
  }
  return parts.length ? { parts, height: blockHeight(parts) } : null;
}

/** The continuation headline (接题) over the part of a jumping story on the page it goes on. */
export function setContinuationHeadline(context: CompositionStore, text: string, layout: Layout, width: number, diags: DiagnosticList, where: Omit<Diagnostic, 'severity' | 'message'>): HeadlineBlock {
  const parts = [setPart(context, text, styleOf(layout, 'continuation_headline'), 'continuation_headline', width, diags, where)];
  return { parts, height: blockHeight(parts) };
}

/**
 * A line break in the copy is the editor's (a 主题 broken where it reads best): each line is set on
 * its own; a line too long for the width breaks between words, its lines balanced.
 */
function setPart(context: CompositionStore, text: string, style: Style, role: TextRole, width: number, diags: DiagnosticList, where: Omit<Diagnostic, 'severity' | 'message'>): SetPart {
  const sets = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => setText(context, line, style, width, diags, where, { indent: 0, preferSpaceBreaks: role === 'author', display: true, phraseSpaces: role !== 'author' }));
  return sets.length === 1 ? { ...sets[0], role } : { role, style, text, lines: sets.flatMap((set) => set.lines), variant: () => null };
}

/** Height of the set parts, with the gap between one part and the next. */
function blockHeight(parts: readonly SetPart[]): number {
  return parts.reduce((h, p, i) => h + p.lines.length * p.style.size * p.style.leading + (i > 0 ? partGap(p.style) : 0), 0);
}

/** headline, headline_2 or headline_3; a layout without the smaller levels uses headline. */
function headlineStyle(layout: Layout, level: number): Style {
  return layout.styles.get(level > 1 ? `headline_${level}` : 'headline') ?? styleOf(layout, 'headline');
}

const partGap = (s: Style) => 0.35 * s.size;

/** Grid lines the block needs: its height plus at least half a line of white above and below. */
export function headlineLines(block: HeadlineBlock, layout: Layout): number {
  const g = layout.grid;
  return Math.max(1, Math.ceil((block.height + g.pitch - g.bodySize) / g.pitch + 1 - 1e-9));
}

/** White around reversed type on its colour block, in em. */
const REVERSED_MARGIN = 0.25;

/** Reversed type set flush left or right moves in by its margin, so that its colour block stands on the column's edge. */
function reversedShift(style: Style): number {
  if (!style.background) return 0;
  const margin = REVERSED_MARGIN * style.size;
  return style.align === 'left' || style.align === 'justify' ? margin : style.align === 'right' ? -margin : 0;
}

/** A colour block behind each line of a part set reversed: its ink and a quarter em around, its line's height. */
function reversedBlocks(p: SetPart, x: number, top: number, lineHeight: number, fill: Cmyk): FillShape[] {
  const em = p.style.size * p.style.hScale;
  const margin = REVERSED_MARGIN * p.style.size;
  return p.lines.map((line, i) => ({
    kind: 'rect',
    rect: { x: x + line.left * em - margin, y: top + i * lineHeight + (lineHeight - p.style.size) / 2 - margin, width: (line.right - line.left) * em + 2 * margin, height: p.style.size + 2 * margin },
    fill,
  }));
}

/** Places the block centred vertically in `area`: a text block per part. */
export function placeHeadline(block: HeadlineBlock, area: Rect): TextBlock[] {
  let y = area.y + (area.height - block.height) / 2;
  return block.parts.map((p, i) => {
    if (i > 0) y += partGap(p.style);
    const lineHeight = p.style.size * p.style.leading;
    const x = area.x + reversedShift(p.style);
    const lines = p.lines.map((line) => {
      const baseline = y + (lineHeight - p.style.size) / 2 + EM_ASCENT * p.style.size;
      y += lineHeight;
      return placeLine(line, p.style, x, baseline);
    });
    const background = p.style.background && reversedBlocks(p, x, y - lines.length * lineHeight, lineHeight, p.style.background);
    return { role: p.role, style: p.style.name, lines, ...(background && { background }) };
  });
}

/** A headline block set vertically (竖题): its parts as columns read right to left, each part at its size. */
export interface VerticalHeadlineBlock {
  parts: { role: TextRole; style: Style; size: number; lines: VerticalLine[] }[];
  /** Width of all the columns with the gaps between parts, in points. */
  width: number;
}

/**
 * Characters a 竖题 is sized for: as many fill the strip's height (新民晚报's house rule gives
 * 竖题 of 8–9 characters on 28–32 lines); a longer headline is set smaller, to fill it.
 */
export const VERTICAL_HEADLINE_CHARS = 8;

/**
 * Sets the headline parts of an article vertically for a strip `width` × `height` points: the
 * 主题 sized so that its longest column fills the height less a line of white (at least
 * VERTICAL_HEADLINE_CHARS characters' worth), or smaller if the strip is too narrow for it;
 * the other parts at their styles' sizes. Null if the article has no headline parts.
 */
export function setVerticalHeadline(
  article: ArticleSpec,
  layout: Layout,
  strip: { width: number; height: number },
  diags: DiagnosticList,
  where: (field: string) => Omit<Diagnostic, 'severity' | 'message'>,
): VerticalHeadlineBlock | null {
  const room = strip.height - layout.grid.pitch;
  const parts: VerticalHeadlineBlock['parts'] = [];
  for (const p of HEADLINE_PARTS) {
    const text = article[p];
    if (!text) continue;
    const style = p === 'headline' ? headlineStyle(layout, article.headline_level ?? 1) : styleOf(layout, p);
    const lines = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => setVerticalLine(line, style, diags, where(p)));
    const longest = Math.max(...lines.map((l) => l.length));
    parts.push({ role: p, style, size: p === 'headline' ? room / Math.max(VERTICAL_HEADLINE_CHARS, longest) : style.size, lines });
  }
  if (!parts.length) return null;
  const gaps = parts.slice(1).reduce((w, p) => w + partGap(p.style), 0);
  const widthOf = (p: VerticalHeadlineBlock['parts'][number]) => p.lines.length * p.size * p.style.leading;
  const main = parts.find((p) => p.role === 'headline');
  const others = parts.filter((p) => p !== main).reduce((w, p) => w + widthOf(p), 0);
  if (main && others + gaps + widthOf(main) > strip.width) main.size = (strip.width - others - gaps) / (main.lines.length * main.style.leading);
  for (const p of parts) {
    const tall = Math.max(...p.lines.map((l) => l.length)) * p.size;
    if (p.size < layout.grid.bodySize) diags.error(`the vertical headline's strip is too narrow for its ${p.role}: widen headline_strip.columns`, where(p.role));
    else if (tall > room + 1e-6) diags.error(`the vertical ${p.role} is ${Math.round(tall)} pt long; its strip holds ${Math.round(room)} pt: shorten it or lengthen headline_strip.lines`, where(p.role));
  }
  return { parts, width: parts.reduce((w, p) => w + widthOf(p), 0) + gaps };
}

/**
 * Places a vertical headline block in `area`: its columns centred across the strip, right to
 * left in reading order, each column at the top of the strip (under half a line of white) or
 * centred down it.
 */
export function placeVerticalHeadline(block: VerticalHeadlineBlock, area: Rect, align: NonNullable<HeadlineStrip['align']>, white: number): TextBlock[] {
  let right = area.x + (area.width + block.width) / 2;
  return block.parts.map((p, i) => {
    if (i > 0) right -= partGap(p.style);
    const pitch = p.size * p.style.leading;
    const lines = p.lines.map((line) => {
      const top = align === 'top' ? area.y + white : area.y + (area.height - line.length * p.size) / 2;
      const placed = placeVerticalLine(line, p.style, p.size, right - pitch / 2, top);
      right -= pitch;
      return placed;
    });
    return { role: p.role, style: p.style.name, lines };
  });
}
