/**
 * Headline blocks: label, kicker (引题), headline (主题), subtitle (副题) and author line,
 * centred in a block whose height is a whole number of grid lines, so that the body
 * text under it stays on the page's baseline grid.
 */
import type { CompositionStore } from './typeset.js';
import type { DiagnosticList, Diagnostic } from '../diagnostics.js';
import type { Layout, Rect, Style } from '../layout/model.js';
import { style as styleOf } from '../layout/load-layout.js';
import type { ArticleSpec } from '../issue/model.js';
import { HEADLINE_PARTS, type TextBlock, type TextRole } from './page-model.js';
import { placeLine, setText, type SetText } from './typeset.js';
import { EM_ASCENT } from '../layout/model.js';

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
    const style = p === 'headline' ? headlineStyle(layout, article.headline_level ?? 1) : styleOf(layout, p);
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
    .map((line) => setText(context, line, style, width, diags, where, { indent: 0, preferSpaceBreaks: role === 'author', display: true }));
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

/** Places the block centred vertically in `area`: a text block per part. */
export function placeHeadline(block: HeadlineBlock, area: Rect): TextBlock[] {
  let y = area.y + (area.height - block.height) / 2;
  return block.parts.map((p, i) => {
    if (i > 0) y += partGap(p.style);
    const lineHeight = p.style.size * p.style.leading;
    const lines = p.lines.map((line) => {
      const baseline = y + (lineHeight - p.style.size) / 2 + EM_ASCENT * p.style.size;
      y += lineHeight;
      return placeLine(line, p.style, area.x, baseline);
    });
    return { role: p.role, style: p.style.name, lines };
  });
}
