/**
 * Headline blocks: label, kicker (引题), headline (主题), subtitle (副题) and author line,
 * centred in a block whose height is a whole number of grid lines, so that the body
 * text under it stays on the page's baseline grid.
 */
import type { DiagnosticList, Diagnostic } from '../diagnostics.js';
import type { Layout, Rect, Style } from '../layout/model.js';
import { style as styleOf } from '../layout/load-layout.js';
import type { ArticleSpec } from '../issue/model.js';
import type { GlyphRun } from './page-frame.js';
import { lineRuns, setText, type SetText } from './typeset.js';
import { EM_ASCENT } from '../layout/model.js';

type Part = 'label' | 'kicker' | 'headline' | 'subtitle' | 'author';
const PARTS: Part[] = ['label', 'kicker', 'headline', 'subtitle', 'author'];

export interface HeadlineBlock {
  parts: SetText[];
  /** Height of the set parts in points. */
  height: number;
}

/** Sets the headline parts of an article at the given width; null if it has none. */
export function setHeadline(
  article: ArticleSpec,
  layout: Layout,
  width: number,
  diags: DiagnosticList,
  where: (field: string) => Omit<Diagnostic, 'severity' | 'message'>,
): HeadlineBlock | null {
  const parts: SetText[] = [];
  for (const p of PARTS) {
    const text = article[p];
    if (!text) continue;
    const style = p === 'headline' ? headlineStyle(layout, article.headline_level ?? 1) : styleOf(layout, p);
    // A line break in the copy is the editor's (a 主题 broken where it reads best): each line is set on its own.
    const sets = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => setText(line, style, width, diags, where(p), { indent: 0, preferSpaceBreaks: p === 'author' }));
    parts.push(sets.length === 1 ? sets[0] : { style, text, lines: sets.flatMap((set) => set.lines), variant: () => null });
  }
  if (!parts.length) return null;
  let height = 0;
  parts.forEach((p, i) => {
    height += p.lines.length * p.style.size * p.style.leading;
    if (i > 0) height += partGap(p.style);
  });
  return { parts, height };
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

/** Draws the block centred vertically in `area`. */
export function headlineRuns(block: HeadlineBlock, area: Rect, article?: string): GlyphRun[] {
  const runs: GlyphRun[] = [];
  let y = area.y + (area.height - block.height) / 2;
  block.parts.forEach((p, i) => {
    if (i > 0) y += partGap(p.style);
    const lineHeight = p.style.size * p.style.leading;
    for (const line of p.lines) {
      const baseline = y + (lineHeight - p.style.size) / 2 + EM_ASCENT * p.style.size;
      runs.push(...lineRuns(line, p.style, area.x, baseline, p.style.name, article));
      y += lineHeight;
    }
  });
  return runs;
}
