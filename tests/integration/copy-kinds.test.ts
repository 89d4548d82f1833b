/**
 * Copy of kinds the sample has not (tests/fixtures/copy: a statistical release with a
 * tab-separated and a pipe table, headlines that break between words, an interview quoting
 * posts with emoji, figures with sub- and superscripts), set on the broadsheet and the tabloid,
 * read back from the page model and the PDFs. Pages 3–6 set the rest of the corpus
 * (tests/integration/corpus.test.ts reads them).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/build.js';
import type { TextBlock, TextLine } from '../../src/place/page-model.js';
import { readPdf } from '../../src/check/read-pdf.js';
import { measureTypography } from '../../src/check/typography.js';
import { BuildContext } from '../../src/context.js';
import { altoSchemaErrors } from '../archive/alto-schema.js';
import { buildIssue, exportIssue } from '../helpers/build.js';
import { extractText } from '../helpers/extract-text.js';
import { strip } from '../helpers/pdf.js';

const dir = fileURLToPath(new URL('../fixtures/copy/', import.meta.url));
let result: BuildResult;
const texts: string[] = [];

beforeAll(async () => {
  result = await buildIssue(join(dir, 'issue.yaml'), { outDir: mkdtempSync(join(tmpdir(), 'paiban-copy-')), pages: true });
  for (const file of result.pageFiles!) texts.push(await extractText(file));
}, 120_000);

const lineText = (l: TextLine) => l.runs.flatMap((r) => r.glyphs.filter((g) => !g.inserted).map((g) => g.text)).join('');
const tables = (page: number): TextBlock[] => result.pages[page].articles.flatMap((a) => a.copy).filter((b) => b.role === 'table');

const ROWS = [
  ['企业类型', '利润总额（亿元）', '同比增长（%）'],
  ['国有控股企业', '21,523.9', '-5.4'],
  ['股份制企业', '49,187.2', '-1.9'],
  ['外商及港澳台投资企业', '15,102.55', '3.4'],
  ['私营企业', '17,384.1', '0.5'],
];

describe('tables of the copy', () => {
  it('print a negative figure with a minus sign, which extracts as the hyphen the copy typed', () => {
    const [tsv] = tables(0);
    const sign = tsv.lines[1].runs.flatMap((r) => r.glyphs.map((g) => ({ g, face: r.face }))).find(({ g }) => g.text === '-')!;
    expect(sign.g.id).toBe(sign.face.glyph(0x2212)!.id);
    expect(sign.g.id).not.toBe(sign.face.glyph(0x2d)!.id);
    expect(texts[0].replace(/\s/g, '')).toContain('-5.4');
  });

  it('are table blocks, a line per row, each row reading cell by cell, on both layouts', () => {
    for (const page of [0, 1]) {
      const [tsv, pipe] = tables(page);
      expect(tsv.lines.map(lineText)).toEqual(ROWS.map((r) => r.join('')));
      expect(pipe.lines.map(lineText)[0]).toBe('指标11月1—11月');
      expect(pipe.lines).toHaveLength(5);
    }
  });

  it('extract from the PDF row by row, every character in order, the tabs of the copy setting none', () => {
    for (const text of texts.slice(0, 2)) {
      const flat = strip(text);
      let at = 0;
      for (const cell of ROWS.flat()) {
        const found = flat.indexOf(cell, at);
        expect(found, cell).toBeGreaterThanOrEqual(at);
        at = found + cell.length;
      }
      expect(text).not.toContain('\t');
    }
  });

  it('are told from lines of text by the page check (marked /Table in the PDF): no near-empty or lone-character lines', async () => {
    for (const [i, file] of result.pageFiles!.slice(0, 2).entries()) {
      const pages = await readPdf(file);
      expect(pages[0].runs.some((r) => r.table)).toBe(true);
      const g = result.layouts[i].grid;
      const f = measureTypography(pages, { pitch: g.pitch, firstBaseline: g.baseline(1), top: g.top, bottom: g.top + g.height });
      expect(f.nearEmptyLines.count).toBe(0);
      expect(f.loneLines.count).toBe(0);
    }
  });

  it('export to ALTO valid against the schema, a String per cell (per line of a wrapped cell), row by row', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'paiban-copy-alto-'));
    const outcome = await exportIssue({ source: join(dir, 'issue.yaml'), outDir, stem: 'copy' }, new BuildContext());
    const altos = outcome.files.filter((f) => f.path.endsWith('.alto.xml')).map((f) => f.path);
    expect(altos).toHaveLength(6);
    expect(altoSchemaErrors(altos)).toBe('');
    const strings = [...readFileSync(altos[0], 'utf8').matchAll(/<String [^>]*CONTENT="([^"]*)"/g)].map((m) => m[1]).join('');
    expect(strings).toContain(ROWS.flat().join(''));
  }, 120_000);

  it('go across columns where one column would wrap their stub, every cell of the tabloid\'s tables on one line, their notes under them', () => {
    for (const page of [0, 1]) {
      const grid = result.layouts[page].grid;
      for (const table of tables(page)) {
        const rule = table.lines[0].rules![0];
        expect(rule.x2 - rule.x1).toBeGreaterThan(grid.columnWidth * 1.5);
        expect(table.lines.slice(1).map((l) => l.cell!.line)).toEqual(table.lines.slice(1).map((_, i) => table.lines[1].cell!.line + i));
      }
      const notes = result.pages[page].articles[0].copy.filter((b) => b.role === 'table_note');
      expect(notes.map((b) => b.lines.map(lineText).join(''))).toEqual(['注：利润总额为初步核算数，同比增长按可比口径计算。', '资料来源：国家统计局网站']);
      expect(strip(texts[page])).toContain(strip('私营企业17,384.10.5注：利润总额为初步核算数'));
    }
    // The text above and beside the tables leaves no line alone at a column's head or foot (pages 1 and 2 set them; the corpus test reads the others).
    expect(result.diagnostics.filter((d) => /stands alone .*\(page [12],/.test(d.message)).map((d) => d.message)).toEqual([]);
  });

  it('rules the table above, under its header and below, in thin black rules', () => {
    const [tsv] = tables(0);
    const rules = tsv.lines.flatMap((l) => l.rules ?? []);
    expect(rules.map((r) => r.lineWidth)).toEqual([0.75, 0.25, 0.75]);
    const top = tsv.lines[0].runs[0].baseline;
    expect(rules[0].y1).toBeLessThan(top - 9 * 0.88);
    expect(rules[2].y1).toBeGreaterThan(tsv.lines.at(-1)!.runs[0].baseline);
    for (const r of rules) expect(r.color).toEqual([0, 0, 0, 1]);
  });

  it('sets the header in its own face and aligns figures on the decimal point', () => {
    const [tsv] = tables(0);
    expect(tsv.lines[0].runs[0].face).not.toBe(tsv.lines[1].runs[0].face);
    // The decimal points of the second column, row by row: one x.
    const points = tsv.lines.slice(1).map((l) => l.runs.flatMap((r) => r.glyphs).find((g) => g.text === '.')!.x);
    for (const x of points) expect(Math.abs(x - points[0])).toBeLessThan(0.1);
    // The last column ends flush right: every figure's last glyph ends at one x.
    const ends = tsv.lines.slice(1).map((l) => {
      const g = l.runs.at(-1)!.glyphs.at(-1)!;
      return g.x + g.advance * 9;
    });
    for (const x of ends) expect(Math.abs(x - ends[0])).toBeLessThan(0.1);
  });
});

describe('headlines of the copy', () => {
  it('break between words on both layouts', () => {
    const words = ['1—11', '11月份', '全国', '规模以上', '工业', '企业', '利润', '降幅', '收窄'];
    for (const page of [0, 1]) {
      const head = result.pages[page].articles[0].headline!.blocks.find((b) => b.role === 'headline')!;
      const lines = head.lines.map(lineText);
      const joined = lines.join('');
      expect(joined).toBe('1—11月份全国规模以上工业企业利润降幅收窄');
      expect(lines.length).toBeGreaterThan(1);
      let at = 0;
      for (const line of lines.slice(0, -1)) {
        at += line.length;
        for (const w of words) {
          const start = joined.indexOf(w);
          expect(at > start && at < start + w.length, `${lines.join(' / ')}: inside ${w}`).toBe(false);
        }
      }
    }
  });
});

describe('emoji and symbols the CJK fonts lack', () => {
  it('print from the layout\'s fallback fonts, in black, and extract as the copy has them', () => {
    const copy = readFileSync(join(dir, 'interview.md'), 'utf8');
    for (const [page, text] of texts.slice(0, 2).entries()) {
      expect(strip(text)).toContain(strip(copy));
      const glyphs = result.pages[page].articles[1].copy.flatMap((b) => b.lines.flatMap((l) => l.runs.flatMap((r) => r.glyphs.map((g) => ({ text: g.text, font: r.face.file, color: r.color })))));
      const fontOf = (ch: string) => glyphs.find((g) => g.text.startsWith(ch))!;
      // ☀ is in the body face too: followed by VS16 (☀️) it asks for its emoji form.
      for (const ch of ['👍', '🔥', '❤', '☀']) expect(fontOf(ch).font).toMatch(/NotoEmoji-Regular\.ttf$/);
      expect(fontOf('→').font).toMatch(/NotoSerifCJKsc-Regular\.otf$/);
      for (const ch of ['₂', '⁻', '⁶']) expect(fontOf(ch).font).toMatch(/DejaVuSans\.ttf$/);
      for (const ch of ['👍', '₂']) expect(fontOf(ch).color).toEqual([0, 0, 0, 1]);
    }
  });
});
