/**
 * A table across columns that does not stand whole under the text before it: it breaks between
 * rows into the band of columns beside it and into the next part of the frame, its header row
 * repeated at the head of each piece, each piece ruled, two rows of its body at least on either
 * side of a break, its notes under the last piece; read back from the page model and the PDF.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { InputError } from '../../src/diagnostics.js';
import type { TextBlock, TextLine } from '../../src/place/page-model.js';
import { buildIssue } from '../helpers/build.js';
import { extractText } from '../helpers/extract-text.js';
import { issueDir } from '../helpers/issue-dir.js';
import { strip } from '../helpers/pdf.js';

const HEADER = ['地区', '地区生产总值（亿元）', '同比增长（%）', '一般公共预算收入（亿元）'];
/** Row k (from 1): cells no other row's text contains. */
const row = (k: number) => [`甲${String(k).padStart(2, '0')}区`, (1000 + k * 37.5).toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 }), (k * 1.7).toFixed(1), (500 + k * 11.25).toFixed(2)];
const NOTE = '注：地区生产总值按现价计算，增长速度按不变价格计算。';
const AFTER = '以上数据均为初步核算数，最终数据以统计年鉴为准。';

/** Copy: a line of text, the table of `rows` rows (a note under it if asked), a paragraph after. */
const copyOf = (rows: number, note = true) =>
  ['各区指标如下表。', HEADER.join('\t'), ...Array.from({ length: rows }, (_, i) => row(i + 1).join('\t')), ...(note ? [NOTE] : []), AFTER].join('\n');

/** One tabloid page, the article's frame four columns wide, its tables two columns wide. */
const fourColumns = (lines = 40) => `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    articles:
      - id: figures
        headline: 统计表
        body_file: copy.md
        table: { columns: 2 }
        frame: { columns: [1, 4], lines: [1, ${lines}] }
`;

const compose = (yaml: string, copy: string) => composeIssue(join(issueDir({ 'issue.yaml': yaml, 'copy.md': copy }), 'issue.yaml'));
const textOf = (l: TextLine) => l.runs.flatMap((r) => r.glyphs.map((g) => g.text)).join('');
const copyOfPage = (model: ReturnType<typeof compose>, page: number) => model.pages[page].articles[0].copy;
const blocksOf = (blocks: readonly TextBlock[], role: string) => blocks.filter((b) => b.role === role);
const weights = (l: TextLine) => (l.rules ?? []).map((r) => r.lineWidth);
const headerText = HEADER.join('');
const rowText = (k: number) => row(k).join('');

/** The table's pieces as they stand: the lines of each band of columns, in reading order. */
function pieces(table: TextBlock): TextLine[][] {
  const out: TextLine[][] = [];
  for (const line of table.lines) {
    if (textOf(line) === headerText) out.push([]);
    out[out.length - 1].push(line);
  }
  return out;
}

describe('a table across two columns of a four-column frame, too long for the lines under the text', () => {
  const model = compose(fourColumns(), copyOf(40));
  const copy = copyOfPage(model, 0);
  const tables = blocksOf(copy, 'table');

  it('is one table block in the page model, its header repeated at the head of its second piece', () => {
    expect(tables).toHaveLength(1);
    const [first, second] = pieces(tables[0]);
    expect(pieces(tables[0])).toHaveLength(2);
    // Columns 1–2, then 3–4, the two pieces' headers level.
    expect(new Set(first.map((l) => l.cell!.column))).toEqual(new Set([1]));
    expect(new Set(second.map((l) => l.cell!.column))).toEqual(new Set([3]));
    expect(second[0].cell!.line).toBe(first[0].cell!.line);
    const grid = model.layouts[0].grid;
    const rule = second[0].rules![0];
    expect(rule.x1).toBeCloseTo(grid.rect(3, 3, 1, 1).x, 0);
    expect(rule.x2).toBeCloseTo(grid.rect(3, 4, 1, 1).x + grid.rect(3, 4, 1, 1).width, 0);
  });

  it('rules each piece: the header over and under, the piece closed by the table’s rule', () => {
    const [first, second] = pieces(tables[0]);
    expect(weights(first[0])).toEqual([0.75, 0.25]);
    expect(weights(second[0])).toEqual([0.75, 0.25]);
    expect(weights(first.at(-1)!)).toEqual([0.75]);
    expect(weights(second.at(-1)!)).toEqual([0.75]);
    for (const l of [...first.slice(1, -1), ...second.slice(1, -1)]) expect(weights(l)).toEqual([]);
  });

  it('sets every row once, in order, the first piece down to the frame’s foot', () => {
    const [first, second] = pieces(tables[0]);
    expect([...first.slice(1), ...second.slice(1)].map(textOf)).toEqual(Array.from({ length: 40 }, (_, i) => rowText(i + 1)));
    expect(first.at(-1)!.cell!.line).toBe(40);
    expect(second.length).toBeGreaterThanOrEqual(3);
  });

  it('stands its notes under its last piece only, and the text after under and beside it', () => {
    const [, second] = pieces(tables[0]);
    const notes = blocksOf(copy, 'table_note').flatMap((b) => b.lines);
    expect(notes.map(textOf).join('')).toBe(NOTE);
    expect(notes[0].cell).toEqual({ column: 3, line: second.at(-1)!.cell!.line + 1 });
    const after = blocksOf(copy, 'paragraph').at(-1)!;
    expect(after.lines.map(textOf).join('')).toBe(AFTER);
    for (const l of after.lines) expect(l.cell!.column >= 3 && l.cell!.line > notes.at(-1)!.cell!.line + 1).toBe(true);
    expect(model.pages[0].articles[0].fit).toMatchObject({ overflowLines: 0, overflowChars: 0 });
  });

  it('reads back from the PDF: the header at the head of each piece, every row once and in order, the notes after the last', async () => {
    const dir = issueDir({ 'issue.yaml': fourColumns(), 'copy.md': copyOf(40) });
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: mkdtempSync(join(tmpdir(), 'paiban-table-break-')), pages: true });
    const text = strip(await extractText(result.pageFiles![0]));
    const count = (s: string) => text.split(s).length - 1;
    expect(count(headerText)).toBe(2);
    let at = text.indexOf(headerText);
    for (let k = 1; k <= 40; k++) {
      expect(count(rowText(k)), rowText(k)).toBe(1);
      const found = text.indexOf(rowText(k));
      expect(found, rowText(k)).toBeGreaterThan(at);
      at = found;
    }
    expect(text.indexOf(strip(NOTE))).toBeGreaterThan(at);
    expect(text.indexOf(headerText, text.indexOf(headerText) + 1)).toBeLessThan(text.indexOf(rowText(40)));
  }, 60_000);
});

describe('where a table across columns breaks', () => {
  /** Rows of the body that the first piece holds when the table is long. */
  const held = pieces(blocksOf(copyOfPage(compose(fourColumns(), copyOf(60, false)), 0), 'table')[0])[0].length - 1;

  it('never leaves one row alone in the next piece: the break moves a row up', () => {
    const [first, second] = pieces(blocksOf(copyOfPage(compose(fourColumns(), copyOf(held + 1, false)), 0), 'table')[0]);
    expect(first.length - 1).toBe(held - 1);
    expect(second.slice(1).map(textOf)).toEqual([rowText(held), rowText(held + 1)]);
  });

  it('keeps two rows with the notes when the last rows fit and the notes do not', () => {
    const model = compose(fourColumns(), copyOf(held, true));
    const [first, second] = pieces(blocksOf(copyOfPage(model, 0), 'table')[0]);
    expect(first.length - 1).toBe(held - 2);
    expect(second.slice(1).map(textOf)).toEqual([rowText(held - 1), rowText(held)]);
    const notes = blocksOf(copyOfPage(model, 0), 'table_note').flatMap((b) => b.lines);
    expect(notes[0].cell).toEqual({ column: 3, line: second.at(-1)!.cell!.line + 1 });
  });

  it('stands whole where it fits under the text, with no header repeated', () => {
    const [only, ...others] = pieces(blocksOf(copyOfPage(compose(fourColumns(), copyOf(held - 2, false)), 0), 'table')[0]);
    expect(others).toEqual([]);
    expect(only.length - 1).toBe(held - 2);
  });

  it('a table of three rows, which cannot leave two on either side, stands whole and oversets what does not fit', () => {
    const model = compose(fourColumns(12), copyOf(3, false).replace('各区指标如下表。', '全市各区主要经济指标如下表。'.repeat(12)));
    const [table] = blocksOf(copyOfPage(model, 0), 'table');
    expect(pieces(table)).toHaveLength(1);
    expect(model.pages[0].articles[0].fit.overflowChars).toBeGreaterThan(0);
  });
});

describe('a table across columns of a story that jumps', () => {
  const rows = 60;
  const yaml = `paper: 测试晚报
date: 2024-03-01
layout: tabloid
pages:
  - number: 1
    articles:
      - id: lead
        headline: 全市经济稳中有进
        body_file: copy.md
        table: { columns: 2 }
        frame:
          - { columns: [1, 4], lines: [1, 30] }
          - { page: 3, columns: [1, 4], lines: [1, 30] }
  - number: 2
    articles:
      - id: second
        headline: 第二版
        body: 第二版正文。
  - number: 3
    articles: []
`;
  const model = compose(yaml, copyOf(rows));

  it('goes on on the page the story jumps to, its header at the head of each piece there, every row once', () => {
    const [onFirst] = blocksOf(copyOfPage(model, 0), 'table');
    const [onThird] = blocksOf(copyOfPage(model, 2), 'table');
    const first = pieces(onFirst);
    const third = pieces(onThird);
    expect(first.map((p) => p[0].cell!.column)).toEqual([1, 3]);
    expect(third[0][0].cell!.column).toBe(1);
    expect([...first, ...third].flatMap((p) => p.slice(1)).map(textOf)).toEqual(Array.from({ length: rows }, (_, i) => rowText(i + 1)));
    for (const p of [...first, ...third]) {
      expect(textOf(p[0])).toBe(headerText);
      expect(p.length - 1).toBeGreaterThanOrEqual(2);
    }
    // Only the last piece, on page 3, has the notes under it.
    expect(blocksOf(copyOfPage(model, 0), 'table_note')).toEqual([]);
    expect(blocksOf(copyOfPage(model, 2), 'table_note').flatMap((b) => b.lines).map(textOf).join('')).toBe(NOTE);
    expect(model.pages[0].articles[0].fit).toMatchObject({ overflowLines: 0, overflowChars: 0 });
  });

  it('across more columns than a part of its frame has is an error naming the field and that page', () => {
    const narrow = yaml.replace('{ page: 3, columns: [1, 4], lines: [1, 30] }', '{ page: 3, columns: [1, 2], lines: [1, 30] }').replace('table: { columns: 2 }', 'table: { columns: 3 }');
    try {
      compose(narrow, copyOf(rows));
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual(['a table is to be set across 3 columns, but the frame has 2 columns on page 3']);
    }
  });

  it('keeps the jump lines: 下转 at the foot of page 1, 上接 at the head of page 3', () => {
    const jumps = (page: number) => blocksOf(copyOfPage(model, page), 'jump_line').flatMap((b) => b.lines).map(textOf).join('');
    expect(jumps(0)).toMatch(/下转第3版/);
    expect(jumps(2)).toMatch(/上接第1版/);
  });
});

describe('a table across columns of a frame of two rectangles, one under the other', () => {
  const yaml = `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    articles:
      - id: figures
        headline: 统计表
        body_file: copy.md
        table: { columns: 2 }
        frame:
          - { columns: [1, 4], lines: [1, 30] }
          - { columns: [1, 4], lines: [45, 70] }
      - id: other
        headline: 另一篇
        body: 这是另一篇稿件的正文。
        frame: { columns: [1, 4], lines: [32, 43] }
`;
  const model = compose(yaml, copyOf(60));
  const copy = copyOfPage(model, 0);

  it('fills both bands of the upper one, then goes on in the lower one, the text after beside its last piece', () => {
    const parts = pieces(blocksOf(copy, 'table')[0]);
    expect(parts.map((p) => [p[0].cell!.column, p[0].cell!.line >= 45])).toEqual([
      [1, false],
      [3, false],
      [1, true],
    ]);
    expect(parts.flatMap((p) => p.slice(1)).map(textOf)).toEqual(Array.from({ length: 60 }, (_, i) => rowText(i + 1)));
    // The text after stands beside the last piece, in the lower rectangle: not under the pieces above.
    const after = blocksOf(copy, 'paragraph').at(-1)!;
    expect(after.lines.map(textOf).join('')).toBe(AFTER);
    for (const l of after.lines) expect(l.cell!.column >= 3 && l.cell!.line >= 45).toBe(true);
    expect(model.pages[0].articles[0].fit).toMatchObject({ overflowLines: 0, overflowChars: 0 });
  });
});
