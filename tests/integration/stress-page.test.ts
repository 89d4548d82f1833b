/**
 * A page of copy written to hit every composition rule at once (figures, units, Latin words,
 * a long URL, nested quotes, ——, ……, interpuncts, rare characters), measured from its PDF.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIssue, type BuildResult } from '../../src/build.js';
import { readPdf, type PdfPage } from '../../src/check/read-pdf.js';
import { measureTypography, type TypographyFigures } from '../../src/check/typography.js';
import { strip } from '../helpers/pdf.js';

const dir = fileURLToPath(new URL('../fixtures/stress/', import.meta.url));
let result: BuildResult;
let pages: PdfPage[];
let figures: TypographyFigures;

beforeAll(async () => {
  result = await buildIssue(join(dir, 'issue.yaml'), { outDir: mkdtempSync(join(tmpdir(), 'paiban-stress-')) });
  pages = await readPdf(result.pdf!);
  const g = result.layouts[0].grid;
  figures = measureTypography(pages, { pitch: g.pitch, firstBaseline: g.baseline(1), top: g.top, bottom: g.top + g.height });
}, 60_000);

describe('the stress page', () => {
  it('keeps every character of the copy', () => {
    // A word broken at a hyphenation point shows a hyphen the copy does not have.
    const text = strip(pages.flatMap((p) => p.runs.flatMap((r) => r.glyphs.map((g) => g.text))).join('')).replace(/([a-z])-([a-z])/g, '$1$2');
    for (const file of ['figures.md', 'interview.md']) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        const para = strip(line.replace(/^#+/, ''));
        if (para) expect(text, para).toContain(para);
      }
    }
  });

  it('has no prohibited mark at a line edge and no split —— or ……', () => {
    expect(figures.kinsoku).toMatchObject({ lineStart: 0, lineEnd: 0, splitPairs: 0 });
  });

  it('spreads at most 0.15 em between characters in justified lines', () => {
    expect(figures.gaps.count).toBeGreaterThan(300);
    expect(figures.gaps.max).toBeLessThanOrEqual(0.15 + 1e-3);
  });

  it('compresses every pair of adjacent marks', () => {
    expect(figures.punctPairs.count).toBeGreaterThanOrEqual(10);
    expect(figures.punctPairs.fullWidth).toBe(0);
  });

  it('leaves a lone character only where the paragraph is one character long', () => {
    expect(figures.orphans.examples.map((e) => e.text)).toEqual(['节。']);
  });

  it('puts every body baseline on the grid', () => {
    expect(figures.grid.onGrid).toBe(1);
  });

  it('breaks a word wider than its column at its hyphenation points, with a hyphen, and needs no rule broken', () => {
    const lines = pages.flatMap((p) => p.runs.map((r) => r.glyphs.map((g) => g.text).join('')));
    expect(lines.some((l) => /^Pneu-?mo/.test(l) && l.endsWith('-'))).toBe(true);
    expect(result.diagnostics.some((d) => /could not be set within the rules/.test(d.message))).toBe(false);
  });
});
