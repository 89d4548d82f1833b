/**
 * A page of copy written to hit every composition rule at once (figures, units, Latin words,
 * a long URL, nested quotes, ——, ……, interpuncts, rare characters), measured from its PDF.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/build.js';
import { buildIssue } from '../helpers/build.js';
import { readPdf, type PdfPage } from '../../src/check/read-pdf.js';
import { measureTypography, textLines, type TypographyFigures } from '../../src/check/typography.js';
import { strip } from '../helpers/pdf.js';
import { extractText } from '../helpers/extract-text.js';
import { altoXml } from '../../src/archive/alto.js';
import { altoSchemaErrors } from '../archive/alto-schema.js';

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

  it('leaves no lone character on a last line: the paragraph of one character (节。) has no line to pull one from, and is no 孤字', () => {
    expect(figures.orphans.examples).toEqual([]);
  });

  it('puts every body baseline on the grid', () => {
    expect(figures.grid.onGrid).toBe(1);
  });

  it('breaks a word wider than its column at its hyphenation points, with a hyphen, and needs no rule broken', async () => {
    const lines = textLines(pages).map((l) => l.text);
    expect(lines.some((l) => /^Pneu-?mo/.test(l) && l.endsWith('-'))).toBe(true);
    // The hyphen is drawn, and extracts as nothing (its ActualText is empty): the word reads back whole, broken only by the line end.
    const extracted = await extractText(result.pdf!);
    expect(extracted.replace(/\n/g, '')).toContain('Pneumonoultramicroscopicsilicovolcanoconiosis');
    expect(result.diagnostics.some((d) => /could not be set within the rules/.test(d.message))).toBe(false);
  });
});

describe('the stress page in the archive', () => {
  it('gives ALTO in which a hyphen set at a line end is a HYP, not part of a word, valid against both schemas', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'paiban-stress-alto-')), 'stress.alto.xml');
    writeFileSync(file, altoXml(result.pages[0], { pdfName: 'stress.pdf', index: 1 }));
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(/<String [^>]*CONTENT="Pneu[a-z]+"[^>]*\/><HYP [^>]*CONTENT="-"\/><\/TextLine>/);
    expect(xml).not.toMatch(/CONTENT="[^"]*[a-z]-"/);
    expect(altoSchemaErrors([file])).toBe('');
  });
});
