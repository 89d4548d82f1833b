/** The copyfit report: for each article, whether its text fits its frame. */
import type { ArticleFit } from '../place/page-model.js';
import { counted } from '../wording.js';

const lines = (n: number) => counted(n, 'line');

export function fitStatus(f: ArticleFit): string {
  const changed = f.changes?.length ? ` (${f.changes.join('; ')})` : '';
  if (f.overflowLines > 0) return `overflows by ${lines(f.overflowLines)} (${f.overflowChars} characters)${changed}`;
  if (f.emptyLines > 0) return `fits, ${lines(f.emptyLines)} empty${changed}`;
  return `fits exactly${changed}`;
}

/** The frame's rectangles, `+` between those on one page and `→ pN` where the story jumps to another. */
export function frameText(f: ArticleFit): string {
  return f.frame
    .map((r, i) => {
      const rect = `c${r.columns.join('-')} l${r.lines.join('-')}`;
      if (i === 0) return rect;
      return r.page === f.frame[i - 1].page ? ` + ${rect}` : ` → p${r.page} ${rect}`;
    })
    .join('');
}

export function formatFitReport(fits: readonly ArticleFit[]): string {
  const rows = fits.map((f) => [
    `p${f.page}`,
    f.id,
    frameText(f),
    lines(f.linesSet),
    fitStatus(f),
  ]);
  const widths = rows.reduce((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), [] as number[]);
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}
