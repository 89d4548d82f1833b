/**
 * `paiban check`: what a page really holds, read back from its PDF — fonts and the
 * typographic measures — plus, for an issue file, how each article fits its frame.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIssue } from '../build.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ArticleFit } from '../place/page-frame.js';
import { readPdf, type PdfFont } from './read-pdf.js';
import { measureTypography, type GridSpec, type TypographyFigures } from './typography.js';

export interface CheckReport {
  file: string;
  pages: number;
  fonts: PdfFont[];
  typography: TypographyFigures;
  fits?: ArticleFit[];
  diagnostics: Diagnostic[];
}

export async function checkFile(file: string): Promise<CheckReport> {
  if (/\.pdf$/i.test(file)) return checkPdf(file, [], undefined);
  const dir = mkdtempSync(join(tmpdir(), 'paiban-check-'));
  try {
    const built = await buildIssue(file, { outDir: dir });
    const layoutGrid = built.layouts[0]?.grid;
    const grid: GridSpec | undefined = layoutGrid && {
      pitch: layoutGrid.pitch,
      firstBaseline: layoutGrid.baseline(1),
      top: layoutGrid.top,
      bottom: layoutGrid.top + layoutGrid.height,
    };
    const report = await checkPdf(built.pdf!, built.diagnostics, grid);
    return { ...report, file, fits: built.fits };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function checkPdf(file: string, diagnostics: Diagnostic[], grid: GridSpec | undefined): Promise<CheckReport> {
  const pages = await readPdf(file);
  const fonts = new Map<string, PdfFont>();
  for (const p of pages) for (const f of p.fonts) fonts.set(f.name, f);
  const problems = [...diagnostics];
  for (const f of fonts.values()) {
    if (!f.embedded) problems.push({ severity: 'error', message: `font ${f.name} is not embedded`, file });
    else if (!f.subset) problems.push({ severity: 'warning', message: `font ${f.name} is embedded whole, not subset`, file });
    if (!f.toUnicode) problems.push({ severity: 'error', message: `font ${f.name} has no ToUnicode map: its text cannot be extracted`, file });
  }
  return { file, pages: pages.length, fonts: [...fonts.values()], typography: measureTypography(pages, grid), diagnostics: problems };
}

export function formatCheck(r: CheckReport): string {
  const t = r.typography;
  const out = [
    `${r.file}: ${r.pages} page${r.pages === 1 ? '' : 's'}`,
    'fonts',
    ...r.fonts.map((f) => `  ${f.name.padEnd(36)} ${f.type.padEnd(20)} ${f.embedded ? 'embedded' : 'NOT EMBEDDED'} ${f.subset ? 'subset' : 'whole'} ${f.toUnicode ? 'ToUnicode' : 'NO ToUnicode'} ${(f.bytes / 1024).toFixed(0)} KiB`),
    'composition (body text, measured from the PDF)',
    `  body size ${t.bodySize} pt, ${t.bodyLines} lines: ${t.justifiedLines} justified, ${t.paragraphEnds} paragraph ends`,
    `  prohibited marks at a line start ${t.kinsoku.lineStart}, at a line end ${t.kinsoku.lineEnd}, split —— or …… ${t.kinsoku.splitPairs}`,
    `  gaps between characters in justified lines: median ${t.gaps.median} em, 95 % ${t.gaps.p95} em, max ${t.gaps.max} em, over 0.15 em ${t.gaps.over015}`,
    `  justified lines short of the measure ${t.shortLines.count}`,
    `  adjacent punctuation pairs ${t.punctPairs.count}, set full width ${t.punctPairs.fullWidth}`,
    `  lone characters on a last line ${t.orphans.count}`,
    `  baselines on the ${t.grid.pitch} pt grid ${(t.grid.onGrid * 100).toFixed(1)} %`,
  ];
  for (const e of [...t.kinsoku.examples, ...t.orphans.examples, ...t.gaps.examples].slice(0, 10)) {
    out.push(`    p${e.page} y=${e.y}: ${e.text}${e.detail ? ` (${e.detail})` : ''}`);
  }
  return out.join('\n');
}
