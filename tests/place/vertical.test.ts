/**
 * Vertical headlines (竖题) read back from the PDF: the characters in reading order (pdf.js,
 * poppler's pdftotext where installed, and a reader that honours ActualText), the vertical
 * forms of the punctuation (checked against fontkit's vert), punctuation in the upper right of
 * its cell, 纵中横 for two digits, Latin turned 90° clockwise, and the page's ALTO.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { altoXml } from '../../src/archive/alto.js';
import { readPdf } from '../../src/check/read-pdf.js';
import { charsetCids } from '../../src/fonts/cff-charset.js';
import type { GlyphRun, PageModel, TextLine } from '../../src/place/page-model.js';
import { altoSchemaErrors } from '../archive/alto-schema.js';
import { name, PdfFile } from '../archive/pdf-objects.js';
import { buildIssue } from '../helpers/build.js';
import { extractText } from '../helpers/extract-text.js';
import { issueDir } from '../helpers/issue-dir.js';

const HEADLINE = '山城，夜色。「十五」（24）——Metro 2024……';
/** The headline font of the tabloid layout (song_black). */
const FONT = join(import.meta.dirname, '../../fonts/NotoSerifCJKsc-Black.otf');

const ISSUE = `paper: 测试晚报
date: 2024-10-18
layout: tabloid
pages:
  - number: 1
    running_head: false
    articles:
      - id: feature
        kicker: 城市记忆
        headline: "${HEADLINE}"
        headline_direction: vertical
        headline_strip: { columns: 2, lines: 40, align: top }
        body: 测试正文，一段文字。
        frame: { columns: [1, 4], lines: [1, 40] }
`;

let pdf: string;
let page: PageModel;
let dir: string;

beforeAll(async () => {
  dir = issueDir({ 'issue.yaml': ISSUE });
  const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
  pdf = result.pdf!;
  page = result.pages[0];
});

const headlineLine = (): TextLine => page.articles[0].headline!.blocks.find((b) => b.role === 'headline')!.lines[0];
const squeeze = (s: string) => s.replace(/\s+/g, '');

/** The page's text items as pdf.js gives them (ActualText not honoured), with their text matrices. */
async function pdfjsItems(file = pdf): Promise<{ str: string; transform: number[] }[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  try {
    const content = await (await doc.getPage(1)).getTextContent();
    return content.items.flatMap((i) => ('str' in i ? [{ str: i.str, transform: i.transform as number[] }] : []));
  } finally {
    await doc.destroy();
  }
}

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Every run of glyphs the page model holds, wherever it lies in the model. */
function runsOf(model: object, seen = new Set<object>()): GlyphRun[] {
  if (seen.has(model)) return [];
  seen.add(model);
  if ('glyphs' in model && 'face' in model) return [model as GlyphRun];
  return Object.values(model).flatMap((v) => (v && typeof v === 'object' ? runsOf(v, seen) : []));
}

/** The glyph of the headline font (its id in the font file) that each code of the font embedded in the PDF shows. */
function embeddedGlyphs(): Map<number, number> {
  const file = new PdfFile(readFileSync(pdf));
  const descriptor = file.ofType('FontDescriptor').find((d) => name(d.FontName)?.endsWith('+NotoSerifCJKsc-Black'))!;
  const codes = charsetCids(file.stream(descriptor.FontFile3));
  // The subset holds the glyphs the page draws with the font, in the order of their ids, .notdef first.
  const kept = [...new Set([0, ...runsOf(page).filter((r) => r.face.file === FONT).flatMap((r) => r.glyphs.map((g) => g.id))])].sort((a, b) => a - b);
  expect(kept).toHaveLength(codes.length);
  return new Map(codes.map((code, g) => [code, kept[g]]));
}

describe('a vertical headline read back from the PDF', () => {
  it('gives its characters in reading order to pdf.js, to poppler and to a reader of ActualText', async () => {
    const items = await pdfjsItems();
    // pdf.js reads the glyphs themselves: upright, turned and across pieces come in the column's order.
    expect(squeeze(items.map((i) => i.str).join(''))).toContain(`城市记忆${squeeze(HEADLINE)}`);
    expect(await extractText(pdf)).toContain(`城市记忆${HEADLINE}`);
    if (!hasPdftotext) {
      console.log('pdftotext not installed: poppler\'s reading order not checked');
      return;
    }
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain(`城市记忆\n\n${HEADLINE}`);
  });

  it('shows the font\'s vertical forms (vert) of ，。「」（）——……, in its vertical writing mode', async () => {
    const oracle = fontkit.create(readFileSync(FONT)) as fontkit.Font;
    const glyphOf = embeddedGlyphs();
    const vertical = (text: string) => oracle.layout(text, ['vert']).glyphs.map((g) => g.id);
    const horizontal = (text: string) => oracle.layout(text).glyphs.map((g) => g.id);
    // The codes of the vertical font's runs in the content stream, and the font is Identity-V.
    const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(readFileSync(pdf)), verbosity: 0, fontExtraProperties: true }).promise;
    const shown = new Map<string, number>();
    try {
      const p = await doc.getPage(1);
      const ops = await p.getOperatorList();
      let vertical = false;
      for (let i = 0; i < ops.fnArray.length; i++) {
        if (ops.fnArray[i] === OPS.setFont) vertical = !!(p.commonObjs.get(ops.argsArray[i][0] as string) as { vertical?: boolean }).vertical;
        if (ops.fnArray[i] !== OPS.showText || !vertical) continue;
        for (const g of ops.argsArray[i][0] as ({ unicode: string; originalCharCode: number } | number)[]) if (typeof g !== 'number') shown.set(g.unicode, g.originalCharCode);
      }
    } finally {
      await doc.destroy();
    }
    // 省略号: two glyphs of a cell each.
    for (const mark of ['，', '。', '「', '」', '（', '）', '…']) {
      const [glyph] = vertical(mark);
      expect(glyph, mark).not.toBe(horizontal(mark)[0]);
      expect(glyphOf.get(shown.get(mark)!), mark).toBe(glyph);
    }
    // 破折号: the font's one glyph for ——, in its vertical form.
    const dash = oracle.layout('——', ['fwid', 'vert']).glyphs.map((g) => g.id);
    expect(dash).toHaveLength(1);
    expect(glyphOf.get(shown.get('——')!)).toBe(dash[0]);
  });

  it('sets ，and 。 in the upper right of their cells, and brackets down the column', () => {
    const oracle = fontkit.create(readFileSync(FONT)) as fontkit.Font;
    const upright = headlineLine().runs.filter((r) => r.orientation === 'upright');
    const glyphs = upright.flatMap((run) => run.glyphs.map((g) => ({ run, g })));
    for (const mark of ['，', '。']) {
      const { run, g } = glyphs.find(({ g }) => g.text === mark)!;
      const ink = oracle.getGlyph(g.id).bbox;
      const k = run.size / oracle.unitsPerEm;
      // The glyph is drawn centred on the axis, its baseline at its vertical origin (0.88 em) below the cell's top.
      const inkX = run.baseline - run.size / 2 + ((ink.minX + ink.maxX) / 2) * k;
      const inkY = g.y! + 0.88 * run.size - ((ink.minY + ink.maxY) / 2) * k;
      expect(inkX, mark).toBeGreaterThan(run.baseline + 0.15 * run.size);
      expect(inkY, mark).toBeLessThan(g.y! + 0.35 * run.size);
    }
    // 「 opens its cell downwards: its ink in the lower half, taller than wide.
    const { run, g } = glyphs.find(({ g }) => g.text === '「')!;
    const ink = oracle.getGlyph(g.id).bbox;
    expect(ink.maxX - ink.minX).toBeGreaterThan(ink.maxY - ink.minY);
    expect(g.y! + 0.88 * run.size - ((ink.minY + ink.maxY) / 2) * (run.size / oracle.unitsPerEm)).toBeGreaterThan(g.y! + run.size / 2);
  });

  it('compresses adjacent marks to 1.5 em down the column', () => {
    const glyphs = headlineLine().runs.filter((r) => r.orientation === 'upright').flatMap((r) => r.glyphs.map((g) => ({ size: r.size, g })));
    const at = (text: string, from = 0) => glyphs.findIndex(({ g }, i) => i >= from && g.text === text);
    // 。「 : the stop's blank after and the bracket's before make 2 em; half an em goes.
    const stop = glyphs[at('。')];
    const open = glyphs[at('「')];
    expect((open.g.y! - stop.g.y!) / stop.size).toBeCloseTo(0.5, 2);
  });

  it('stands two digits upright across the column (纵中横), and turns Latin and longer numbers 90° clockwise', async () => {
    const line = headlineLine();
    expect(line.direction).toBe('vertical');
    const across = line.runs.filter((r) => !r.orientation);
    expect(across.map((r) => r.glyphs.map((g) => g.text).join(''))).toEqual(['24']);
    const [digits] = across as [GlyphRun];
    const axis = line.runs.find((r) => r.orientation === 'upright')!.baseline;
    const left = digits.glyphs[0].x;
    const last = digits.glyphs[1];
    const right = last.x + last.advance * digits.size * digits.hScale;
    // Both digits within one em across the column, centred on its axis.
    expect(right - left).toBeLessThanOrEqual(digits.size + 1e-6);
    expect((left + right) / 2).toBeCloseTo(axis, 3);
    const sideways = line.runs.filter((r) => r.orientation === 'sideways');
    expect(sideways.flatMap((r) => r.glyphs.map((g) => g.text)).join('')).toBe('Metro2024');
    // In the PDF, the Latin text's matrix is turned clockwise: its x axis points down the page.
    const metro = (await pdfjsItems()).find((i) => i.str.includes('Metro'))!;
    expect(metro.transform[0]).toBeCloseTo(0, 3);
    expect(metro.transform[1]).toBeLessThan(0);
  });

  it('is read back by check as columns of vertical text, each glyph where the page model put it', async () => {
    const runs = (await readPdf(pdf))[0].runs.filter((r) => r.vertical);
    const model = headlineLine().runs.filter((r) => r.orientation === 'upright').flatMap((r) => r.glyphs);
    const read = runs.filter((r) => r.vertical === 'upright').flatMap((r) => r.glyphs);
    for (const text of ['十', '五', '」', '（', '）']) {
      const [m, r] = [model.find((g) => g.text === text)!, read.find((g) => g.text === text)!];
      expect(r.y!, text).toBeCloseTo(m.y!, 2);
    }
    expect(runs.filter((r) => r.vertical === 'sideways').map((r) => r.glyphs.map((g) => g.text).join(''))).toEqual(['Metro2024']);
  });

  it('is one ALTO TextLine per column, in reading order and valid against the schema', () => {
    const xml = altoXml(page, { pdfName: 'x.pdf', index: 1 });
    const text = [...xml.matchAll(/CONTENT="([^"]*)"/g)].map((m) => m[1]).join(' ');
    expect(text).toContain(`城市记忆 山城，夜色。「十五」（24）——Metro 2024……`);
    const line = /<TextLine [^>]*WIDTH="([\d.]+)" HEIGHT="([\d.]+)">(?:(?!<\/TextLine>).)*十五/.exec(xml)!;
    // A column: taller than wide.
    expect(Number(line[2])).toBeGreaterThan(5 * Number(line[1]));
    const file = join(dir, 'page.alto.xml');
    writeFileSync(file, xml);
    expect(altoSchemaErrors([file])).toBe('');
  });

  it('placed automatically, takes a frame as tall as its headline needs at its style\'s size', async () => {
    const auto = issueDir({
      'issue.yaml': ISSUE.replace(/ *headline_strip: .*\n/, '').replace(/frame: .*\n/, 'columns: 3\n').replace(`"${HEADLINE}"`, '自动放置的竖题'),
    });
    const result = await buildIssue(join(auto, 'issue.yaml'), { outDir: join(auto, 'out') });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const article = result.pages[0].articles[0];
    const [frame] = article.fit.frame;
    // 7 characters of 36 pt (the tabloid's headline) and a line of white: 23 lines of 11.55 pt.
    expect(frame.lines[1] - frame.lines[0] + 1).toBe(23);
    expect(article.headline!.area.lines).toEqual(frame.lines);
  });
});

describe('a short text box set vertically (body_direction: vertical)', () => {
  const BOX = `paper: 测试晚报
date: 2024-10-18
layout: tabloid
pages:
  - number: 1
    running_head: false
    articles:
      - id: poem
        headline: 山城夜雨
        headline_level: 3
        byline: □许青禾
        body_direction: vertical
        body: |
          　　夜雨落在十八梯的石阶上，灯笼一盏一盏亮起来。老街的茶馆里，有人说起1938年的冬天——那是城市记忆里最亮的一段。
          　　雨停了，江面上还有船，ABC 的霓虹映着书店……
        frame: { columns: [1, 2], lines: [1, 30] }
        box: true
`;

  it('sets its copy in columns right to left, each within the box, and reads back in order', async () => {
    const dir = issueDir({ 'issue.yaml': BOX });
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    expect(result.diagnostics).toEqual([]);
    const article = result.pages[0].articles[0];
    const columns = article.copy.flatMap((b) => b.lines);
    expect(columns.every((l) => l.direction === 'vertical')).toBe(true);
    const axes = columns.map((l) => l.runs[0].baseline);
    // Right to left, one body pitch apart (the byline and body are both 9 pt in the tabloid).
    for (let i = 1; i < axes.length; i++) expect(axes[i - 1] - axes[i]).toBeCloseTo(11.55, 2);
    const frame = article.frames[0].rect;
    for (const line of columns) {
      for (const run of line.runs) for (const g of run.glyphs) if (run.orientation) expect(g.y! + g.advance * run.size).toBeLessThanOrEqual(frame.y + frame.height + 1e-6);
    }
    expect(article.fit.overflowLines).toBe(0);
    expect(squeeze(await extractText(result.pdf!))).toContain(squeeze('山城夜雨□许青禾夜雨落在十八梯的石阶上，灯笼一盏一盏亮起来。老街的茶馆里，有人说起1938年的冬天——那是城市记忆里最亮的一段。雨停了，江面上还有船，ABC的霓虹映着书店……'));
  });

  const FIGURES = '夜雨落在十八梯的石阶上，24小时不停。第3期的书店里，有人说起2024年和1938年的冬天——那是A4纸上最亮的一段。';

  it('sets one or two digits upright across the column (纵中横) in a cell of one em, and reads back in order', async () => {
    const dir = issueDir({ 'issue.yaml': BOX.replace(/夜雨落在.*一段。/, FIGURES) });
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    expect(result.diagnostics).toEqual([]);
    const page = result.pages[0];
    const columns = page.articles[0].copy.flatMap((b) => b.lines);
    const runs = columns.flatMap((l) => l.runs);
    const text = (r: GlyphRun) => r.glyphs.map((g) => g.text).join('');
    // Across: a run per figure, on a baseline of its own, no orientation; 2024, 1938 and A4 lie on their side.
    const across = runs.filter((r) => !r.orientation);
    expect(across.map(text)).toEqual(['24', '3']);
    expect(runs.filter((r) => r.orientation === 'sideways').map(text)).toEqual(['2024', '1938', 'A4', 'ABC']);
    for (const run of across) {
      const column = columns.find((l) => l.runs.includes(run))!;
      const axis = column.runs.find((r) => r.orientation === 'upright')!.baseline;
      const first = run.glyphs[0];
      const last = run.glyphs.at(-1)!;
      const [left, right] = [first.x, last.x + last.advance * run.size * run.hScale];
      // Fitted into one em across the column, centred on its axis.
      expect(right - left).toBeLessThanOrEqual(run.size + 1e-6);
      expect((left + right) / 2).toBeCloseTo(axis, 1);
      // The next character's cell starts one em (and no more than the justification's spacing) below the figure's.
      const cellTop = run.baseline - 0.88 * run.size;
      const after = column.runs.flatMap((r) => (r.orientation === 'upright' ? r.glyphs.map((g) => g.y!) : [])).filter((y) => y > cellTop).sort((a, b) => a - b)[0];
      expect(after - cellTop).toBeGreaterThanOrEqual(run.size - 1e-6);
      expect(after - cellTop).toBeLessThan(1.2 * run.size);
    }
    const wanted = squeeze(`□许青禾${FIGURES}`);
    expect(squeeze(await extractText(result.pdf!))).toContain(wanted);
    expect(squeeze((await pdfjsItems(result.pdf!)).map((i) => i.str).join(''))).toContain(wanted);
    if (hasPdftotext) expect(squeeze(execFileSync('pdftotext', [result.pdf!, '-'], { encoding: 'utf8' }))).toContain(wanted);
    const alto = altoXml(page, { pdfName: 'x.pdf', index: 1 });
    expect([...alto.matchAll(/CONTENT="([^"]*)"/g)].map((m) => m[1]).join('')).toContain(wanted);
  });

  it('counts every character that does not fit the box, figures set across included', async () => {
    const dir = issueDir({ 'issue.yaml': BOX.replace(/夜雨落在.*一段。/, FIGURES).replace('columns: [1, 2], lines: [1, 30]', 'columns: [1, 1], lines: [1, 8]') });
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    const article = result.pages[0].articles[0];
    const set = article.copy.flatMap((b) => b.lines.flatMap((l) => l.runs.flatMap((r) => r.glyphs.map((g) => g.text)))).join('');
    const copy = squeeze(`□许青禾${FIGURES}雨停了，江面上还有船，ABC的霓虹映着书店……`);
    expect(article.fit.overflowChars).toBeGreaterThan(0);
    expect([...squeeze(set)].length + article.fit.overflowChars).toBe([...copy].length);
  });

  it('reports the columns and characters that do not fit the box', async () => {
    const dir = issueDir({ 'issue.yaml': BOX.replace('columns: [1, 2], lines: [1, 30]', 'columns: [1, 1], lines: [1, 12]') });
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    const fit = result.pages[0].articles[0].fit;
    expect(fit.overflowLines).toBeGreaterThan(0);
    expect(fit.overflowChars).toBeGreaterThan(0);
  });
});
