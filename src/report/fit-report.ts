/** The copyfit report: for each article, whether its text fits its frame. */
import type { ArticleFit } from '../place/page-model.js';
import { counted } from '../wording.js';

const lines = (n: number) => counted(n, 'line');

export function fitStatus(f: ArticleFit): string {
  if (f.overflowLines > 0) return `overflows by ${lines(f.overflowLines)} (${f.overflowChars} characters)`;
  if (f.emptyLines > 0) return `fits, ${lines(f.emptyLines)} empty`;
  return 'fits exactly';
}

export function formatFitReport(fits: readonly ArticleFit[]): string {
  const rows = fits.map((f) => [
    `p${f.page}`,
    f.id,
    f.frame.map((r) => `c${r.columns.join('-')} l${r.lines.join('-')}`).join(' + '),
    lines(f.linesSet),
    fitStatus(f),
  ]);
  const widths = rows.reduce((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), [] as number[]);
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}
