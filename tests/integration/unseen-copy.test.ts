/**
 * Copy paiban had never seen (tests/fixtures/unseen: long English words, URLs, chemical names,
 * long figures and bracketed runs right after a paragraph's first character, captions followed
 * by URLs), set on the tabloid, the broadsheet and a narrow 6 × 9 layout, and measured from
 * each page's PDF as `paiban check` measures it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/build.js';
import { buildIssue } from '../helpers/build.js';
import { readPdf, type PdfPage } from '../../src/check/read-pdf.js';
import { measureTypography, textLines, type TypographyFigures } from '../../src/check/typography.js';

const dir = fileURLToPath(new URL('../fixtures/unseen/', import.meta.url));
let result: BuildResult;
const pages: PdfPage[][] = [];
const figures: TypographyFigures[] = [];

beforeAll(async () => {
  result = await buildIssue(join(dir, 'issue.yaml'), { outDir: mkdtempSync(join(tmpdir(), 'paiban-unseen-')), pages: true });
  for (const [i, file] of result.pageFiles!.entries()) {
    pages.push(await readPdf(file));
    const g = result.layouts[i].grid;
    figures.push(measureTypography(pages[i], { pitch: g.pitch, firstBaseline: g.baseline(1), top: g.top, bottom: g.top + g.height }));
  }
}, 120_000);

describe('copy never seen before, on three layouts', () => {
  it('builds four pages: tabloid, tabloid, broadsheet, narrow', () => {
    expect(result.layouts.map((l) => l.name)).toEqual(['tabloid', 'tabloid', 'broadsheet', 'narrow']);
  });

  it('has no prohibited mark at a line edge and no split —— or ……', () => {
    for (const f of figures) expect(f.kinsoku).toMatchObject({ lineStart: 0, lineEnd: 0, splitPairs: 0 });
  });

  it('spreads at most 0.15 em between Han characters in every justified line', () => {
    for (const f of figures) {
      expect(f.gaps.count).toBeGreaterThan(100);
      expect(f.gaps.max).toBeLessThanOrEqual(0.15 + 1e-3);
    }
  });

  it('leaves no lone character and no near-empty line inside a paragraph on the tabloid and broadsheet pages', () => {
    for (const f of figures.slice(0, 3)) {
      expect(f.loneLines.examples).toEqual([]);
      expect(f.nearEmptyLines.examples).toEqual([]);
      expect(f.orphans.examples).toEqual([]);
    }
  });

  it('on the 9-character column, only where no setting exists, and the build says so naming the copy line', () => {
    // 占12,345,678.90万元 after a 2 em indent: the number, which never breaks, needs 9.6 em of a 9 em line.
    expect(figures[3].loneLines.examples.map((e) => e.text)).toEqual(['占']);
    expect(figures[3].nearEmptyLines.examples.map((e) => e.text)).toEqual(['占']);
    const said = result.diagnostics.find((d) => /"占", is near empty/.test(d.message));
    expect(said).toMatchObject({ severity: 'warning', file: expect.stringMatching(/tech\.md$/), line: 11 });
  });

  it('breaks no Latin word or URL at an arbitrary letter: a line ending in a letter before one starting in a letter ends with a hyphen', () => {
    for (const page of pages) {
      const lines = textLines(page).filter((l) => Math.abs(l.size - 9) < 0.3);
      for (const l of lines) {
        const next = lines.find((m) => m.page === l.page && Math.abs(m.left - l.left) < 20 && m.y > l.y + 1 && m.y < l.y + 13);
        if (next) expect(`${l.text} / ${next.text}`).not.toMatch(/[A-Za-z] \/ [a-z]/);
      }
    }
  });

  it('sets nothing against the rules', () => {
    expect(result.diagnostics.filter((d) => /could not be set within the rules/.test(d.message))).toEqual([]);
  });
});
