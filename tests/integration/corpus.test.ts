/**
 * The project's stress corpus (tests/fixtures/copy): a statistical release with tables, an
 * interview, a commentary, a history feature with eras, dates and quotes, rare-character news
 * (Ext-A and Ext-B ideographs) and an adversarial text (URLs, e-mail addresses, long Latin words
 * and figures, nested brackets, runs of marks, lines of marks only, numbered lists, full- and
 * half-width forms, zero-width characters, emoji with skin tones and ZWJ, combining marks), set
 * on the broadsheet (pages 1 and 3), the tabloid (2 and 4) and a 6-column broadsheet (5, the
 * whole corpus), and a release with a long table across two columns that breaks into the two
 * beside them (6, tabloid), read back from each page's PDF as `paiban check` reads it.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/build.js';
import { readPdf } from '../../src/check/read-pdf.js';
import type { TextLine } from '../../src/place/page-model.js';
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
/** Every page that sets copy, with the release of the long table. */
const ALL_COPY: [number, string[]][] = [...SET_ON, [5, ['districts.md']]];

/**
 * The characters of a copy file a reader should get back, in order: Markdown's heading marks and
 * the pipe table's syntax are not text, the zero-width characters are removed as the README says
 * (with a warning), but for the joiners of emoji sequences, which extract with them; the text is read as NFC.
 */
function printable(file: string): string[] {
  const copy = readFileSync(join(dir, file), 'utf8')
    .normalize('NFC')
    .split('\n')
    .filter((l) => !/^\|[\s:|-]+\|$/.test(l))
    .map((l) => l.replace(/^#+ /, '').replace(/\|/g, ''))
    .join('');
  return [...strip(copy).replace(/[\u200B\u200C]|\u200D(?!\p{Extended_Pictographic})/gu, '')];
}

describe('the stress corpus on three layouts', () => {
  it('builds six pages: broadsheet, tabloid, broadsheet, tabloid, the 6-column broadsheet and a tabloid', () => {
    expect(result.layouts.map((l) => [l.name, l.grid.columns])).toEqual([
      ['broadsheet', 8],
      ['tabloid', 6],
      ['broadsheet', 8],
      ['tabloid', 6],
      ['broadsheet-6', 6],
      ['tabloid', 6],
    ]);
  });

  it('prints every character of the copy, in reading order, on every page that sets it', () => {
    for (const [page, files] of ALL_COPY) {
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

  it('sets each emoji sequence (modifier, ZWJ, flag, keycap, VS16, tags) as one glyph of one em, and extracts it whole', async () => {
    const sequences = ['👍🏽', '👨\u200D👩\u200D👧\u200D👦', '🇨🇳', '1\uFE0F\u20E3', '#\uFE0F\u20E3', '❤\uFE0F', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', '🏳\uFE0F\u200D🌈', '👩🏽\u200D💻', '🧑\u200D🤝\u200D🧑', '😀🏽'];
    for (const [page] of SET_ON) {
      const article = result.pages[page].articles.find((a) => a.id.startsWith('adversarial'))!;
      const glyphs = article.copy.flatMap((b) => b.lines.flatMap((l) => l.runs.filter((r) => r.face.role === 'emoji').flatMap((r) => r.glyphs.map((g) => ({ text: g.text, width: g.advance * r.size })))));
      for (const seq of sequences) expect(glyphs.find((g) => g.text === seq), seq).toBeDefined();
      for (const g of glyphs) expect(g.width).toBeCloseTo(result.layouts[page].grid.bodySize, 6);
      // With their joiners, selectors, modifiers and tags, through the ActualText each carries.
      for (const seq of sequences) expect(texts[page]).toContain(seq);
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

  it('leaves no paragraph line alone at a column\'s head or foot, in stories placed automatically too', () => {
    // Where no paragraph can be set a line longer or shorter (the adversarial copy on page 3, its lines
    // set ragged before URLs and figures; the 6-column interview), the frame is made a line deeper:
    // its first column reaches the foot, the others stand a line or two short.
    expect(result.diagnostics.filter((d) => /stands alone/.test(d.message)).map((d) => d.message)).toEqual([]);
    expect(result.fits.filter((f) => f.overflowLines > 0)).toEqual([]);
  });

  it('spreads at most 0.15 em between Han characters; a space typed between names is a fixed word space, drawn as a space', async () => {
    for (const f of figures) {
      expect(f.gaps.count).toBeGreaterThan(100);
      expect(f.gaps.max).toBeLessThanOrEqual(0.15 + 1e-3);
      expect(f.gaps.examples).toEqual([]);
    }
    // 本报讯（记者 吕垚 实习生 黄犇）: each space the copy typed is drawn, a glyph that extracts as a
    // space (read glyph by glyph, so no reader's guess from the spacing can supply it).
    for (const [page] of SET_ON) {
      const [drawn] = await readPdf(result.pageFiles![page]);
      expect(drawn.runs.map((r) => r.glyphs.map((g) => g.text).join('')).join('')).toContain('（记者 吕垚');
    }
  });
});

describe('a long table across two columns (page 6)', () => {
  const copy = () => result.pages[5].articles[0].copy;
  const lineText = (l: TextLine) => l.runs.flatMap((r) => r.glyphs.map((g) => g.text)).join('');
  /** The table's rows as typed, and its header. */
  const [header, ...rows] = readFileSync(join(dir, 'districts.md'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => strip(l));

  it('breaks from columns 1–2 into 3–4, its header at the head of both pieces, one table block, nothing overset', () => {
    const [table, ...others] = copy().filter((b) => b.role === 'table');
    expect(others).toEqual([]);
    const heads = table.lines.filter((l) => strip(lineText(l)) === header);
    expect(heads.map((l) => l.cell!.column)).toEqual([1, 3]);
    expect(heads[1].cell!.line).toBe(heads[0].cell!.line);
    expect(table.lines.filter((l) => !heads.includes(l)).map((l) => strip(lineText(l)))).toEqual(rows);
    const notes = copy().filter((b) => b.role === 'table_note');
    expect(notes.flatMap((b) => b.lines).every((l) => l.cell!.column === 3)).toBe(true);
    expect(result.pages[5].articles[0].fit).toMatchObject({ overflowLines: 0, overflowChars: 0 });
  });

  it('reads back from its PDF with the header twice and every row once, in order', () => {
    const text = strip(texts[5]);
    expect(text.split(header).length - 1).toBe(2);
    let at = text.indexOf(header);
    for (const row of rows) {
      expect(text.split(row).length - 1, row).toBe(1);
      expect(text.indexOf(row), row).toBeGreaterThan(at);
      at = text.indexOf(row);
    }
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
