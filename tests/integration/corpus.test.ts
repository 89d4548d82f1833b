/**
 * The project's stress corpus (tests/fixtures/copy): a statistical release with tables, an
 * interview, a commentary, a history feature with eras, dates and quotes, rare-character news
 * (Ext-A and Ext-B ideographs) and an adversarial text (URLs, e-mail addresses, long Latin words
 * and figures, nested brackets, runs of marks, lines of marks only, numbered lists, full- and
 * half-width forms, zero-width characters, emoji with skin tones and ZWJ, combining marks), set
 * on the broadsheet (pages 1 and 3), the tabloid (2 and 4) and a 6-column broadsheet (5, the
 * whole corpus), read back from each page's PDF as `paiban check` reads it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/build.js';
import { readPdf } from '../../src/check/read-pdf.js';
import { measureTypography, type TypographyFigures } from '../../src/check/typography.js';
import { buildIssue } from '../helpers/build.js';
import { extractText } from '../helpers/extract-text.js';
import { strip } from '../helpers/pdf.js';

const dir = fileURLToPath(new URL('../fixtures/copy/', import.meta.url));
let result: BuildResult;
const texts: string[] = [];
const figures: TypographyFigures[] = [];

beforeAll(async () => {
  result = await buildIssue(join(dir, 'issue.yaml'), { outDir: mkdtempSync(join(tmpdir(), 'paiban-corpus-')), pages: true });
  for (const [i, file] of result.pageFiles!.entries()) {
    texts.push(await extractText(file));
    const g = result.layouts[i].grid;
    figures.push(measureTypography(await readPdf(file), { pitch: g.pitch, firstBaseline: g.baseline(1), top: g.top, bottom: g.top + g.height }));
  }
}, 120_000);

/** Which copy each page sets. */
const NEW_COPY = ['commentary.md', 'history.md', 'rare-characters.md', 'adversarial.md'];
const SET_ON: [number, string[]][] = [
  [2, NEW_COPY],
  [3, NEW_COPY],
  [4, ['report.md', 'interview.md', ...NEW_COPY]],
];

/**
 * The characters of a copy file a reader should get back, in order: Markdown's heading marks and
 * the pipe table's syntax are not text, the zero-width characters are removed as the README says
 * (with a warning) and the joiners of an emoji sequence, kept in the PDF, are dropped by the readers
 * (pdf.js, poppler) as they drop every zero-width character; the text is read as NFC.
 */
function printable(file: string): string[] {
  const copy = readFileSync(join(dir, file), 'utf8')
    .normalize('NFC')
    .split('\n')
    .filter((l) => !/^\|[\s:|-]+\|$/.test(l))
    .map((l) => l.replace(/^#+ /, '').replace(/\|/g, ''))
    .join('');
  return [...strip(copy).replace(/[\u200B-\u200D]/g, '')];
}

describe('the stress corpus on three layouts', () => {
  it('builds five pages: broadsheet, tabloid, broadsheet, tabloid and the 6-column broadsheet', () => {
    expect(result.layouts.map((l) => [l.name, l.grid.columns])).toEqual([
      ['broadsheet', 8],
      ['tabloid', 6],
      ['broadsheet', 8],
      ['tabloid', 6],
      ['broadsheet-6', 6],
    ]);
  });

  it('prints every character of the copy, in reading order, on every page that sets it', () => {
    for (const [page, files] of SET_ON) {
      const flat = [...strip(texts[page])];
      for (const file of files) {
        let at = 0;
        for (const [i, ch] of printable(file).entries()) {
          const found = flat.indexOf(ch, at);
          expect(found, `${file}: character ${i} (${ch}) on page ${page + 1}`).toBeGreaterThanOrEqual(at);
          at = found + 1;
        }
      }
    }
  });

  it('keeps an emoji sequence joined by ZWJ whole: on one line, unspaced, its joiners in the text of the PDF', async () => {
    const family = '👨\u200D👩\u200D👧\u200D👦';
    for (const [page] of SET_ON) {
      const runs = (await readPdf(result.pageFiles![page]))[0].runs.filter((r) => r.font.endsWith('NotoEmoji-Regular'));
      const run = runs.find((r) => r.glyphs.some((g) => g.text === '👨'))!;
      expect(run.glyphs.map((g) => g.text).join('')).toBe(family);
      for (const [k, g] of run.glyphs.entries()) if (k > 0) expect(g.x).toBeCloseTo(run.glyphs[k - 1].x + run.glyphs[k - 1].width, 3);
    }
    const removed = result.diagnostics.filter((d) => /invisible or control/.test(d.message)).map((d) => d.message);
    expect(removed).toEqual(Array(3).fill('removed 3 invisible or control characters (U+200B, U+200C, U+200D)'));
  });

  it('prints the prose of the new copy unbroken: no character inserted or lost between a paragraph\'s first and last', () => {
    for (const [page, files] of SET_ON) {
      const flat = strip(texts[page]);
      for (const file of files.filter((f) => f !== 'adversarial.md' && f !== 'report.md' && f !== 'interview.md')) {
        for (const paragraph of readFileSync(join(dir, file), 'utf8').split(/\n\n+/)) {
          expect(flat, `${file} on page ${page + 1}`).toContain(strip(paragraph.replace(/^#+ /gm, '')));
        }
      }
    }
  });

  it('has no prohibited mark at a line edge and no split —— or …… on any layout', () => {
    for (const f of figures) expect(f.kinsoku).toMatchObject({ lineStart: 0, lineEnd: 0, splitPairs: 0 });
  });

  it('breaks no display line (headline, subtitle, kicker) inside a word on any layout', () => {
    for (const f of figures) expect(f.displayBreaks.examples).toEqual([]);
  });

  it('leaves no lone character, near-empty line or orphan inside a paragraph on any layout', () => {
    for (const f of figures) {
      expect(f.loneLines.examples).toEqual([]);
      expect(f.nearEmptyLines.examples).toEqual([]);
      expect(f.orphans.examples).toEqual([]);
    }
  });

  it('leaves no paragraph line alone at a column\'s head or foot, in stories placed automatically too, but where keeping it would leave a line empty', () => {
    // The 6-column interview: 14 lines fill its 3 columns exactly; keeping the widow would leave a column a line short, 15 lines one under each.
    expect(result.diagnostics.filter((d) => /stands alone/.test(d.message)).map((d) => d.message)).toEqual([
      'the last line of the paragraph "张教授：这条留言后面还跟…" stands alone at the head of a column (page 5, column 5, line 9)',
    ]);
    expect(result.fits.filter((f) => f.overflowLines > 0)).toEqual([]);
  });

  it('spreads at most 0.15 em between Han characters; a space typed between names is a fixed word space, drawn as a space', () => {
    for (const f of figures) {
      expect(f.gaps.count).toBeGreaterThan(100);
      expect(f.gaps.max).toBeLessThanOrEqual(0.15 + 1e-3);
      expect(f.gaps.examples).toEqual([]);
    }
    // 本报讯（记者 吕垚 实习生 黄犇）: each space the copy typed is in the text of the page (poppler guesses none from spacing).
    for (const [page] of SET_ON) expect(execFileSync('pdftotext', ['-raw', result.pageFiles![page], '-'], { encoding: 'utf8' })).toContain('（记者 吕垚');
  });
});

describe('rare characters', () => {
  it('print from a bundled face: the body face has Ext-A and Ext-B ideographs, a headline face lacking one falls back', () => {
    for (const [page] of SET_ON) {
      const rare = result.pages[page].articles.find((a) => a.id.startsWith('rare'))!;
      const glyphs = rare.copy.flatMap((b) => b.lines.flatMap((l) => l.runs.flatMap((r) => r.glyphs.map((g) => ({ text: g.text, font: r.face.file })))));
      for (const ch of ['𬌗', '𠮷', '𡈽', '𨱏', '𬬻', '𬭚', '𬶋', '鿍', '龘', '靐', '㙍', '䶮']) {
        expect(glyphs.find((g) => g.text === ch)?.font, ch).toMatch(/NotoSerifCJKsc-Regular\.otf$/);
      }
      // The Black headline face lacks 𬌗: the Regular face has it, and sets it made bold; 垚 and 犇 are in the Black face.
      const head = rare.headline!.blocks.find((b) => b.role === 'headline')!;
      const runs = head.lines.flatMap((l) => l.runs.filter((r) => r.glyphs.some((g) => g.text === '𬌗')));
      expect(runs.map((r) => [r.face.file.replace(/.*\//, ''), r.face.syntheticBold])).toEqual([['NotoSerifCJKsc-Regular.otf', 0.04]]);
      const subtitle = rare.headline!.blocks.find((b) => b.role === 'subtitle')!;
      const heavy = subtitle.lines.flatMap((l) => l.runs.filter((r) => r.glyphs.some((g) => g.text === '垚' || g.text === '犇')));
      expect(heavy.every((r) => r.face.syntheticBold === 0 && r.face.weight >= 500)).toBe(true);
    }
    expect(result.diagnostics.filter((d) => /no face as heavy/.test(d.message)).map((d) => d.message)).toEqual(
      Array(3).fill('no face as heavy as style "headline"\'s NotoSerifCJKsc-Black has 𬌗 (U+2C317, set in NotoSerifCJKsc-Regular), in "生僻字“𬌗”终于能打出来了": the lighter face is made bold by a stroke round the outline'),
    );
  });

  it('one that no bundled font has (𪚥) is an error naming the character, the file and the line, and no page is written', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'paiban-missing-'));
    writeFileSync(join(tmp, 'body.md'), '龙年说龙。\n\n四条龙写作一个字：𪚥，字库里还没有它。\n');
    writeFileSync(
      join(tmp, 'issue.yaml'),
      'paper: 排版测试报\ndate: 2024-12-27\nname: missing\nlayout: tabloid\npages:\n  - number: 1\n    articles:\n      - id: missing\n        headline: 缺字\n        body_file: body.md\n        columns: 2\n',
    );
    await expect(buildIssue(join(tmp, 'issue.yaml'), { outDir: join(tmp, 'out'), pages: true })).rejects.toThrow(/body\.md:3: error: no font of style "body" has 𪚥 \(U\+2A6A5\)/);
    expect(existsSync(join(tmp, 'out', 'missing-01.pdf'))).toBe(false);
  });
});
