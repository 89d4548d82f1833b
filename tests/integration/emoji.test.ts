/**
 * Emoji sequences quoted from social media, set on a page in body text, a headline, a caption and
 * vertical text, and read back from the PDF: each sequence one glyph of one em centred on the Han
 * cell, never broken across lines, and extracted exactly as typed, joiners, selectors, skin-tone
 * modifiers and tags included.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PdfFile, type PdfValue } from '../archive/pdf-objects.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/build.js';
import { graphemeClusters, isEmoji } from '../../src/chars/char-class.js';
import { readPdf, type PdfPage } from '../../src/check/read-pdf.js';
import { measureTypography } from '../../src/check/typography.js';
import { EM_ASCENT } from '../../src/layout/model.js';
import type { TextLine } from '../../src/place/page-model.js';
import { buildIssue } from '../helpers/build.js';
import { extractText } from '../helpers/extract-text.js';
import { issueDir } from '../helpers/issue-dir.js';
import { strip } from '../helpers/pdf.js';

const FAMILY = '👨\u200D👩\u200D👧\u200D👦';
const SCOTLAND = '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}';
const SEQUENCES = ['👍🏽', '👋🏿', FAMILY, '👩🏽\u200D💻', '🧑\u200D🤝\u200D🧑', '🏳\uFE0F\u200D🌈', '🇨🇳', '1\uFE0F\u20E3', '#\uFE0F\u20E3', '❤\uFE0F', '❤', '❤\uFE0E', SCOTLAND, '😀🏽'];

const BODY = [
  `网友留言说：${SEQUENCES.join('，')}。`,
  `一条评论只有表情${'👍🏽'.repeat(31)}，另一条是${FAMILY.repeat(17)}，还有国旗${'🇨🇳'.repeat(23)}和按键${'1\uFE0F\u20E3'.repeat(19)}，编辑照登不误。`,
];
const HEADLINE = `点赞👍🏽刷屏${FAMILY}全家齐上阵`;
const CAPTION = `市民在江边挥手👋🏿致意，孩子举着国旗🇨🇳和${SCOTLAND}。`;
const VERTICAL = `夜雨落在石阶上👍🏽，全家${FAMILY}点亮灯笼🇨🇳❤\uFE0F。`;

const ISSUE = `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    running_head: false
    articles:
      - id: story
        headline: ${HEADLINE}
        frame: { columns: [1, 3], lines: [1, 86] }
        body_file: story.md
        photos:
          - { columns: 3, lines: 12, caption: ${CAPTION} }
      - id: poem
        headline: 山城夜雨${'👍🏽'}
        headline_direction: vertical
        headline_strip: { columns: 1, side: right, lines: 30, align: top }
        body_direction: vertical
        body: ${VERTICAL}
        frame: { columns: [4, 6], lines: [1, 40] }
`;

let result: BuildResult;
let text = '';
let pdf: PdfPage;
/** The page read back left of the vertical box: the story's lines across (the box's 纵中横 cells are not lines of it). */
let across: PdfPage;

beforeAll(async () => {
  const dir = issueDir({ 'issue.yaml': ISSUE, 'story.md': BODY.join('\n\n') });
  result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out'), pages: true });
  text = await extractText(result.pageFiles![0]);
  [pdf] = await readPdf(result.pageFiles![0]);
  const boxLeft = Math.min(...allLines('poem').flatMap((l) => l.runs.filter((r) => r.orientation).map((r) => r.baseline - r.size)));
  across = { ...pdf, runs: pdf.runs.filter((r) => r.glyphs[0].x < boxLeft) };
}, 120_000);

const allLines = (id?: string): TextLine[] => {
  const page = result.pages[0];
  return page.articles.filter((a) => id === undefined || a.id === id).flatMap((a) => [
    ...(a.headline?.blocks ?? []).flatMap((b) => b.lines),
    ...a.copy.flatMap((b) => b.lines),
    ...a.photos.flatMap((p) => p.captions.flatMap((b) => b.lines)),
  ]);
};

describe('emoji sequences on a page', () => {
  it('extract from the PDF exactly as typed, in body text, headline, caption and vertical text', () => {
    const flat = strip(text);
    for (const copy of [...BODY, HEADLINE, CAPTION, VERTICAL, '山城夜雨👍🏽']) expect(flat).toContain(strip(copy));
  });

  it('are each one glyph standing for the whole sequence: no line, across or down, breaks inside one', () => {
    const drawn = allLines().flatMap((l) => l.runs.filter((r) => r.face.role === 'emoji').flatMap((r) => r.glyphs.map((g) => g.text)));
    // ❤ and ❤︎ are in their text form, but only the emoji face has them: it draws them as the others, in one em.
    const fromEmojiFace = (g: string) => isEmoji(g) || g.startsWith('❤');
    const typed = new Set([...BODY, HEADLINE, CAPTION, VERTICAL].flatMap((t) => graphemeClusters(t).filter(fromEmojiFace)));
    expect(new Set(drawn)).toEqual(typed);
    // Every emoji of the copy is drawn, each once.
    const count = [...BODY, HEADLINE, CAPTION, VERTICAL, '山城夜雨👍🏽'].reduce((n, t) => n + graphemeClusters(t).filter(fromEmojiFace).length, 0);
    expect(drawn).toHaveLength(count);
  });

  it('take one em of the body in the PDF, on the baseline of their line, raised to the middle of the Han cell', () => {
    const body = 9;
    const emojiRuns = across.runs.filter((r) => r.font.endsWith('NotoEmoji-Regular') && Math.abs(r.size - body * (2048 / 2600)) < 0.01);
    expect(emojiRuns.length).toBeGreaterThan(5);
    const grid = result.layouts[0].grid;
    for (const r of emojiRuns) {
      for (const g of r.glyphs) expect(g.width).toBeCloseTo(body, 3);
      // On a baseline of the grid, as every line of the body and the caption is.
      const line = (r.y - grid.baseline(1)) / grid.pitch;
      expect(Math.abs(line - Math.round(line))).toBeLessThan(1e-3);
    }
    // In the page model (and the PDF's text rise), the emoji's design box (1900 to −500 of 2048 units) has its middle where the Han em box has its own.
    const risen = allLines().flatMap((l) => l.runs.filter((r) => r.face.role === 'emoji'));
    for (const r of risen) {
      const hanSize = r.size / (2048 / 2600);
      // To a thousandth of an em: the font's metrics are read as a PDF font descriptor gives them.
      expect(Math.abs(r.rise! + (700 / 2048) * r.size - (EM_ASCENT - 0.5) * hanSize)).toBeLessThan(1e-3 * hanSize);
    }
    // The rise is of the graphics state, which BT does not reset: each raised run is saved and restored round it.
    const file = new PdfFile(readFileSync(result.pageFiles![0]));
    const page = file.dict((file.get(file.dict(file.dict(file.trailer.Root).Pages).Kids) as PdfValue[])[0]);
    const content = (Array.isArray(page.Contents) ? page.Contents : [page.Contents]).map((c) => file.stream(c).toString('latin1')).join('\n');
    const rises = content.match(/ Ts /g) ?? [];
    expect(rises.length).toBe(risen.filter((r) => r.rise).length);
    expect(content.match(/q [^Q]*? Tf [\d.]+ Ts [^Q]*? ET Q/g)).toHaveLength(rises.length);
  });

  it('keep the body text justified and on the grid: Han gaps within 0.15 em, no lone or near-empty line', () => {
    const g = result.layouts[0].grid;
    const f = measureTypography([across], { pitch: g.pitch, firstBaseline: g.baseline(1), top: g.top, bottom: g.top + g.height });
    expect(f.gaps.count).toBeGreaterThan(50);
    expect(f.gaps.max).toBeLessThanOrEqual(0.15 + 1e-3);
    expect(f.grid.offGrid).toEqual([]);
    expect(f.loneLines.examples).toEqual([]);
    expect(f.nearEmptyLines.examples).toEqual([]);
    expect(f.kinsoku).toMatchObject({ lineStart: 0, lineEnd: 0 });
  });
});
