/**
 * Builds the sample issue (one broadsheet page of 红岩周刊) and reads the PDF back:
 * text, positions and fonts, against the copy as the paper supplied it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIssue, type BuildResult } from '../../src/build.js';
import { LAYOUTS_DIR, loadLayout } from '../../src/layout/load-layout.js';
import { slotsOf } from '../../src/place/flow.js';
import { readPdf } from '../../src/check/read-pdf.js';
import { measureTypography } from '../../src/check/typography.js';
import { pageBox, pdfFonts, pdfText, strip, type TextItem } from '../helpers/pdf.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const seed = readFileSync(join(root, 'tests/fixtures/hongyan-weekly-seed.txt'), 'utf8');
const grid = loadLayout(join(LAYOUTS_DIR, 'broadsheet.yaml')).grid;

let result: BuildResult;
let items: TextItem[];
let pageText: string;

beforeAll(async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'paiban-sample-'));
  result = await buildIssue(join(root, 'issues/hongyan-weekly/issue.yaml'), { outDir });
  const { pages } = await pdfText(result.pdf!);
  expect(pages).toHaveLength(1);
  items = pages[0];
  pageText = strip(items.map((i) => i.str).join(''));
}, 60_000);

/** The seed's lines without Markdown heading marks; the paragraph the captions split is rejoined. */
function seedBlocks(): string[] {
  const lines = seed.split('\n').map((l) => l.replace(/^#+\s*/, '').trim()).filter(Boolean);
  const i = lines.findIndex((l) => l === '“不要太着急，我们马上召集相关部门');
  const j = lines.findIndex((l) => l.startsWith('研究，成立工作专班'));
  return [...lines.slice(0, i), lines[i] + lines[j], ...lines.slice(i + 1, j), ...lines.slice(j + 1)];
}

describe('the sample page', () => {
  it('fits on one page with every article filling its frame exactly', () => {
    expect(result.pages).toHaveLength(1);
    for (const f of result.fits) expect(f, f.id).toMatchObject({ overflowLines: 0, emptyLines: 0 });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('holds every character of the copy', () => {
    const count = (s: string) => {
      const m = new Map<string, number>();
      for (const ch of strip(s)) m.set(ch, (m.get(ch) ?? 0) + 1);
      return m;
    };
    const expected = count(seedBlocks().join(''));
    const found = count(pageText);
    const missing = [...expected].filter(([ch, n]) => (found.get(ch) ?? 0) < n).map(([ch]) => ch);
    expect(missing).toEqual([]);
  });

  it('extracts every paragraph, heading, caption and credit verbatim and in reading order', () => {
    const notFound = seedBlocks().filter((b) => !pageText.includes(strip(b)));
    expect(notFound).toEqual([]);
    const bodyStart = (s: string) => pageText.indexOf(strip(s));
    expect(bodyStart('濒临倒闭的小作坊')).toBeLessThan(bodyStart('小作坊为何能成长为年产值上亿元的供应商？'));
    expect(bodyStart('2024年1月7日，重庆小刀新能源')).toBeLessThan(bodyStart('1941年皖南事变后'));
  });

  /**
   * Lines of text rebuilt from the PDF: items on one baseline, split where an item starts at
   * a column's left edge (allowing for an indent or a trimmed opening mark) after a gap.
   */
  function pdfLines(): string[] {
    const em = grid.bodySize;
    const boxColumns = [[1, 4], [5, 8]].flatMap(([a, b]) => slotsOf(grid, [a, b], [1, 1], [], em).map((s) => s.x));
    const lefts = [...Array.from({ length: grid.columns }, (_, c) => grid.columnLeft(c + 1)), ...boxColumns];
    const startsColumn = (x: number) => lefts.some((l) => x >= l - 0.6 * em && x <= l + 2.1 * em);
    const rows = new Map<string, TextItem[]>();
    for (const i of items.filter((i) => strip(i.str))) rows.set(i.y.toFixed(1), [...(rows.get(i.y.toFixed(1)) ?? []), i]);
    const lines: string[] = [];
    for (const row of rows.values()) {
      row.sort((a, b) => a.x - b.x);
      let line = '';
      row.forEach((i, k) => {
        const prev = row[k - 1];
        if (prev && i.x - (prev.x + prev.width) > 0.3 * em && startsColumn(i.x)) {
          lines.push(strip(line));
          line = '';
        }
        line += i.str;
      });
      lines.push(strip(line));
    }
    return lines;
  }

  it('starts no line with closing punctuation and ends none with opening punctuation', () => {
    const lines = pdfLines();
    expect(lines.length).toBeGreaterThan(450);
    expect(lines.filter((l) => /^[，。、；：？！”’）》】」』·]/.test(l))).toEqual([]);
    expect(lines.filter((l) => /[“‘（《【「『]$/.test(l))).toEqual([]);
    expect(lines.filter((l) => /(^|[^—])—$/.test(l) || /(^|[^…])…$/.test(l))).toEqual([]);
  });

  it('puts every body line on the page baseline grid', () => {
    const inTypeArea = (i: TextItem) => grid.pageHeight - i.y > grid.top;
    const body = items.filter((i) => Math.abs(i.size - 9) < 0.01 && strip(i.str) && inTypeArea(i));
    expect(body.length).toBeGreaterThan(400);
    for (const i of body) {
      const k = (grid.pageHeight - i.y - grid.baseline(1)) / grid.pitch;
      expect(Math.abs(k - Math.round(k)), i.str).toBeLessThan(0.01);
    }
  });

  it('measures clean from the PDF: no prohibited marks, no split pairs, tight spacing, compressed pairs, no lone characters, every baseline on the grid', async () => {
    const figures = measureTypography(await readPdf(result.pdf!), {
      pitch: grid.pitch, firstBaseline: grid.baseline(1), top: grid.top, bottom: grid.top + grid.height,
    });
    expect(figures.kinsoku).toMatchObject({ lineStart: 0, lineEnd: 0, splitPairs: 0 });
    expect(figures.gaps.over015).toBe(0);
    expect(figures.punctPairs.count).toBeGreaterThan(10);
    expect(figures.punctPairs.fullWidth).toBe(0);
    expect(figures.orphans.count).toBe(0);
    expect(figures.grid.onGrid).toBe(1);
  });

  it('embeds every font as a subset with a ToUnicode map', async () => {
    const fonts = await pdfFonts(result.pdf!);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'LXGWWenKai-Regular', 'NotoSansCJKsc-Bold', 'NotoSansCJKsc-Medium', 'NotoSerifCJKsc-Black', 'NotoSerifCJKsc-Bold', 'NotoSerifCJKsc-Regular',
    ]);
    for (const f of fonts) expect(f, f.name).toMatchObject({ embedded: true, subset: true, unicode: true });
  });

  it('is a 390 × 545 mm page with its TrimBox', () => {
    const [x0, y0, x1, y1] = pageBox(result.pdf!, 'TrimBox')!;
    expect(x1 - x0).toBeCloseTo((390 / 25.4) * 72, 1);
    expect(y1 - y0).toBeCloseTo((545 / 25.4) * 72, 1);
  });
});
