/**
 * The sample edition (issues/evening-edition): four pages whose lead jumps from page 1 to page 3.
 * It builds without a warning, its jump lines name the right pages, and every character of every
 * article is on its pages once, in order, as placed and as read back from the PDF.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/build.js';
import { readPdf, type PdfPage } from '../../src/check/read-pdf.js';
import { parseCopy } from '../../src/issue/copy-text.js';
import type { PlacedArticle, TextBlock } from '../../src/place/page-model.js';
import { buildIssue } from '../helpers/build.js';
import { allRuns } from '../helpers/page-model.js';

const ISSUE = join(import.meta.dirname, '../../issues/evening-edition/issue.yaml');
let result: BuildResult;
let read: PdfPage[];
beforeAll(async () => {
  result = await buildIssue(ISSUE, { outDir: mkdtempSync(join(tmpdir(), 'paiban-edition-')) });
  read = await readPdf(result.pdf!);
}, 60_000);

const strip = (s: string) => s.replace(/\s/g, '');
/** The copy a block sets: its glyphs' text, less the hyphens composition set at line ends. */
const textOf = (blocks: readonly TextBlock[]) => strip(blocks.flatMap((b) => b.lines.flatMap((l) => l.runs.flatMap((r) => r.glyphs.filter((g) => !g.inserted).map((g) => g.text)))).join(''));
const copyBlocks = (a: PlacedArticle) => a.copy.filter((b) => b.role !== 'jump_line' && b.role !== 'byline');

describe('the sample edition', () => {
  it('builds four pages, every article fitting, without a warning', () => {
    expect(result.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    expect(result.diagnostics).toEqual([]);
    for (const f of result.fits) expect(f.overflowLines, f.id).toBe(0);
  });

  it('jumps its lead from page 1 to page 3, with jump lines naming each other’s page', () => {
    const parts = result.pages.flatMap((p) => p.articles.filter((a) => a.id === 'lead-economy').map((a) => ({ page: p.number, a })));
    expect(parts.map((p) => [p.page, p.a.part])).toEqual([
      [1, { index: 0, count: 2, to: 3 }],
      [3, { index: 1, count: 2, from: 1 }],
    ]);
    expect(textOf([parts[0].a.copy.at(-1)!])).toBe('（下转第3版）');
    expect(textOf([parts[1].a.copy[0]])).toBe('（上接第1版）');
    expect(result.fits.filter((f) => f.id === 'lead-economy')).toHaveLength(1);
  });

  it('holds every article’s copy once, in order, across its parts', () => {
    const issue = result.issue;
    for (const article of issue.pages.flatMap((p) => p.articles)) {
      // The index's copy is made from the issue (tests/place/front-page.test.ts): its entries, as made.
      const blocks = article.spec.contents === 'index' ? article.blocks : parseCopy(article.spec.body_file ? readFileSync(join(dirname(ISSUE), article.spec.body_file), 'utf8') : article.spec.body!);
      const expected = strip(blocks.map((b) => (b.kind === 'heading' ? `${b.text}${b.subtitle ?? ''}` : b.kind === 'list_item' ? b.marker + b.text : b.text)).join(''));
      const parts = result.pages.flatMap((p) => p.articles.filter((a) => a.id === article.spec.id)).sort((x, y) => (x.part?.index ?? 0) - (y.part?.index ?? 0));
      expect(parts.map((a) => textOf(copyBlocks(a))).join(''), article.spec.id).toBe(expected);
    }
  });

  it('prints on each page exactly the glyphs placed there, in the order placed, and the text of its PDF advertisements', async () => {
    // A space the copy typed between Chinese characters is drawn as the font's space: a glyph of no page-model run.
    const texts = (runs: readonly { glyphs: readonly { text: string }[] }[]) => runs.map((r) => r.glyphs.map((g) => g.text).join('').replace(/ /g, ''));
    // What a PDF advertisement draws is the advertiser's, not placed by paiban: it stands inside its art's rectangle.
    const arts = result.pages.map((p) => p.ads.filter((ad) => ad.art.kind === 'pdf').map((ad) => ad.art));
    const inArt = (pi: number, run: (typeof read)[number]['runs'][number]) =>
      arts[pi].some((a) => run.glyphs[0].x >= a.rect.x && run.glyphs[0].x <= a.rect.x + a.rect.width && run.y >= a.rect.y && run.y <= a.rect.y + a.rect.height);
    expect(read.map((p, pi) => texts(p.runs.filter((r) => !inArt(pi, r))))).toEqual(result.pages.map((p) => texts(allRuns(p, false))));
    const [ad] = arts[0];
    expect(texts(read[0].runs.filter((r) => inArt(0, r)))).toEqual(texts((await readPdf(ad.file))[0].runs));
  });
});
