/**
 * Builds the sample issue (one broadsheet page of 红岩周刊) and reads the PDF back:
 * text, positions and fonts, against the copy as the paper supplied it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/build.js';
import { buildIssue } from '../helpers/build.js';
import { BuildContext } from '../../src/context.js';
import { LAYOUTS_DIR, loadLayout } from '../../src/layout/load-layout.js';
import { readPdf, type PdfPage } from '../../src/check/read-pdf.js';
import { measureTypography, textLines } from '../../src/check/typography.js';
import { pageBox, strip } from '../helpers/pdf.js';
import { name, PdfFile, textString } from '../archive/pdf-objects.js';
import { allRuns } from '../helpers/page-model.js';
import { GB } from '../../src/rules/gb.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const seed = readFileSync(join(root, 'tests/fixtures/hongyan-weekly-seed.txt'), 'utf8');
const grid = loadLayout(new BuildContext(), join(LAYOUTS_DIR, 'broadsheet.yaml')).grid;

let result: BuildResult;
let pages: PdfPage[];
let pageText: string;

beforeAll(async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'paiban-sample-'));
  result = await buildIssue(join(root, 'issues/hongyan-weekly/issue.yaml'), { outDir });
  pages = await readPdf(result.pdf!);
  expect(pages).toHaveLength(1);
  pageText = strip(pages[0].runs.flatMap((r) => r.glyphs.map((g) => g.text)).join(''));
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
    // The one warning left: a three-line paragraph that no longer or shorter setting nearby can
    // keep from leaving its last line alone at the head of a column, named at its line in the copy.
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: expect.stringMatching(/main\.md$/),
        line: 75,
        message: 'the last line of the paragraph "事情还得从几个月前一次新…" stands alone at the head of a column (page 6, column 5, line 47)',
      }),
    ]);
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

  it('starts no line with closing punctuation and ends none with opening punctuation', () => {
    const lines = textLines(pages).map((l) => l.text);
    expect(lines.length).toBeGreaterThan(450);
    expect(lines.filter((l) => /^[，。、；：？！”’）》】」』·]/.test(l))).toEqual([]);
    expect(lines.filter((l) => /[“‘（《【「『]$/.test(l))).toEqual([]);
    expect(lines.filter((l) => /(^|[^—])—$/.test(l) || /(^|[^…])…$/.test(l))).toEqual([]);
  });

  it('parts no ordinal from its number, nor a count in numerals from its measure word (was 一 / 个龙头企业, 一 / 年来, 两 / 个担当)', () => {
    const NUMBER = '〇零一二两三四五六七八九十百千万亿0-9０-９';
    const lines = textLines(pages);
    const splits: string[] = [];
    for (const l of lines) {
      // The line under it in its column.
      const next = lines.find((m) => m.y > l.y + 1 && m.y < l.y + 1.5 * grid.pitch && Math.abs(m.left - l.left) < 3 * l.size && Math.abs(m.size - l.size) < 0.05);
      if (!next) continue;
      const ordinal = new RegExp(`第[${NUMBER}]*$`).test(l.text) && new RegExp(`^[${NUMBER}]`).test(next.text);
      const count = /[〇零一二两三四五六七八九十百千万]$/.test(l.text) && GB.breaks.figureUnit.units.some((u) => next.text.startsWith(u));
      if (ordinal || count) splits.push(`${l.text.slice(-6)} / ${next.text.slice(0, 6)}`);
    }
    expect(splits).toEqual([]);
  });

  it('puts every body line on the page baseline grid', () => {
    const body = pages[0].runs.filter((r) => Math.abs(r.size - 9) < 0.01 && r.y > grid.top);
    expect(body.length).toBeGreaterThan(400);
    for (const r of body) {
      const k = (r.y - grid.baseline(1)) / grid.pitch;
      expect(Math.abs(k - Math.round(k)), r.glyphs.map((g) => g.text).join('')).toBeLessThan(0.01);
    }
  });

  it('places every glyph where placement put it', () => {
    const placed = allRuns(result.pages[0]).flatMap((r) => r.glyphs.map((g) => ({ ...g, y: r.baseline })));
    // A space the copy typed between Chinese characters (责任编辑 陈国栋) is drawn as the font's space: a glyph of no page-model run.
    const read = pages[0].runs.flatMap((r) => r.glyphs.filter((g) => g.text !== ' ').map((g) => ({ ...g, y: r.y })));
    expect(read.map((g) => g.text)).toEqual(placed.map((g) => g.text));
    const worst = Math.max(...read.map((g, i) => Math.max(Math.abs(g.x - placed[i].x), Math.abs(g.y - placed[i].y))));
    expect(worst).toBeLessThan(0.01);
  });

  it('measures clean from the PDF: no prohibited marks, no split pairs, tight spacing, compressed pairs, no lone characters, every baseline on the grid', async () => {
    const figures = measureTypography(pages, {
      pitch: grid.pitch, firstBaseline: grid.baseline(1), top: grid.top, bottom: grid.top + grid.height,
    });
    expect(figures.kinsoku).toMatchObject({ lineStart: 0, lineEnd: 0, splitPairs: 0 });
    expect(figures.gaps.over015).toBe(0);
    expect(figures.punctPairs.count).toBeGreaterThan(10);
    expect(figures.punctPairs.fullWidth).toBe(0);
    expect(figures.orphans.count).toBe(0);
    expect(figures.grid.onGrid).toBe(1);
  });

  it('embeds every font as a subset with a ToUnicode map', () => {
    const fonts = pages[0].fonts;
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'LXGWWenKai-Regular', 'NotoSansCJKsc-Bold', 'NotoSansCJKsc-Medium', 'NotoSerifCJKsc-Black', 'NotoSerifCJKsc-Bold', 'NotoSerifCJKsc-Regular',
    ]);
    for (const f of fonts) expect(f, f.name).toMatchObject({ embedded: true, subset: true, toUnicode: true });
  });

  it('is PDF/X-1a:2001: PDF 1.3, an OutputIntent with the newsprint profile, Trapped /False, CMYK only', () => {
    const pdf = readFileSync(result.pdf!, 'latin1');
    expect(pdf.startsWith('%PDF-1.3')).toBe(true);
    expect(pdf).toMatch(/\/OutputIntents \[<<\s*\/Type \/OutputIntent\s*\/S \/GTS_PDFX\s*\/OutputConditionIdentifier \(CGATS TR 002\)/);
    expect(pdf).toMatch(/\/DestOutputProfile \d+ 0 R/);
    expect(pdf).toMatch(/\/N 4/);
    const file = new PdfFile(readFileSync(result.pdf!));
    const info = file.dict(file.trailer.Info);
    expect(textString(file.get(info.GTS_PDFXVersion))).toBe('PDF/X-1a:2001');
    expect(textString(file.get(info.GTS_PDFXConformance))).toBe('PDF/X-1a:2001');
    expect(name(file.get(info.Trapped))).toBe('False');
    expect(pdf).not.toMatch(/DeviceRGB|\/ICCBased| rg\n| RG\n/);
  });

  it('is a 390 × 545 mm page with its TrimBox', () => {
    const [x0, y0, x1, y1] = pageBox(result.pdf!, 'TrimBox')!;
    expect(x1 - x0).toBeCloseTo((390 / 25.4) * 72, 1);
    expect(y1 - y0).toBeCloseTo((545 / 25.4) * 72, 1);
  });
});
