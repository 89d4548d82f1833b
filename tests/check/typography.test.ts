import { describe, expect, it } from 'vitest';
import type { PdfPage, PdfRun } from '../../src/check/read-pdf.js';
import { measureTypography, textLines } from '../../src/check/typography.js';

const SIZE = 9;
const PITCH = 11.6;

/** A run of Han characters at `y`, starting at x 50, with extra space after the glyphs listed. */
function line(y: number, chars: number, wider: Record<number, number> = {}): PdfRun {
  let x = 50;
  const glyphs = Array.from({ length: chars }, (_, k) => {
    const g = { text: '字', x, width: SIZE };
    x += SIZE + (wider[k] ?? 0);
    return g;
  });
  return { glyphs, y, size: SIZE, font: 'Song' };
}

describe('gaps between characters, measured on the page', () => {
  it('counts every gap over 0.15 em and names each line that has them once', () => {
    // A column of three lines: the first spread 0.3 em at three gaps, the second solid, the third a paragraph's last.
    const page: PdfPage = {
      width: 400,
      height: 400,
      runs: [line(100, 13, { 2: 2.7, 5: 2.7, 8: 2.7 }), line(100 + PITCH, 16), line(100 + 2 * PITCH, 5)],
      fonts: [],
      images: [],
    };
    const { gaps } = measureTypography([page]);
    expect(gaps.over015).toBe(3);
    expect(gaps.examples).toHaveLength(1);
    expect(gaps.examples[0]).toMatchObject({ detail: '3 gaps up to 0.300 em' });
  });

  it('takes a gap standing out of a line\'s spacing as a space of the copy, not spacing', () => {
    // 记者 张三: one gap of 0.35 em in a solid line.
    const page: PdfPage = { width: 400, height: 400, runs: [line(100, 13, { 3: 0.35 * SIZE }), line(100 + PITCH, 5)], fonts: [], images: [] };
    const { gaps } = measureTypography([page]);
    expect(gaps.over015).toBe(0);
    expect(gaps.max).toBe(0);
  });

  it('takes an ideographic space of the copy (one em) for a space too, but not two of them, nor a gap of ¾ em', () => {
    const measured = (wider: Record<number, number>) =>
      measureTypography([{ width: 400, height: 400, runs: [line(100, 13, wider), line(100 + PITCH, 5)], fonts: [], images: [] }]).gaps;
    // 协和印书馆　廿六年冬: one em in a solid line.
    expect(measured({ 4: SIZE }).over015).toBe(0);
    expect(measured({ 4: SIZE, 8: SIZE }).over015).toBe(2);
    expect(measured({ 4: 0.75 * SIZE }).over015).toBe(1);
  });
});

describe('spaces the page draws', () => {
  /** A line of Han characters from x 50, each gap `spread` em, with a space glyph drawn (as the copy typed it) after the characters listed, each `typed` em wide. */
  function spaced(y: number, chars: number, spread: number, typedAfter: number[], typed = 0.26): PdfRun {
    let x = 50;
    const glyphs: PdfRun['glyphs'] = [];
    for (let k = 0; k < chars; k++) {
      glyphs.push({ text: '字', x, width: SIZE });
      x += SIZE;
      if (typedAfter.includes(k)) {
        glyphs.push({ text: ' ', x, width: typed * SIZE });
        x += typed * SIZE;
      } else x += spread * SIZE;
    }
    return { glyphs, y, size: SIZE, font: 'Song' };
  }
  const measured = (run: PdfRun) => measureTypography([{ width: 400, height: 400, runs: [run, line(run.y + PITCH, 5)], fonts: [], images: [] }]).gaps;

  it('takes every gap where the PDF draws a space for a space of the copy, however many a line holds', () => {
    // 本报讯（记者 吕垚 实习生 黄犇）: three typed spaces of ¼ em in an evenly set line.
    expect(measured(spaced(100, 14, 0.05, [4, 6, 9]))).toMatchObject({ over015: 0, max: 0.05 });
    // A space of one em (an ideographic space drawn) too.
    expect(measured(spaced(100, 13, 0, [3], 1)).over015).toBe(0);
  });

  it('still counts the gaps between the other characters of such a line, and a drawn space wider than an em with its spacing', () => {
    expect(measured(spaced(100, 14, 0.3, [4, 6, 9]))).toMatchObject({ over015: 10, max: 0.3 });
    expect(measured(spaced(100, 13, 0, [3], 2)).over015).toBe(1);
  });
});

describe('list items, read from the page', () => {
  /** A run of `text` from x, one em a character. */
  const run = (text: string, x: number, y: number): PdfRun => ({ glyphs: [...text].map((t, k) => ({ text: t, x: x + k * SIZE, width: SIZE })), y, size: SIZE, font: 'Song' });
  it('starts a paragraph at each marker, reads the hanging lines as its own and the marker\'s blank as no gap', () => {
    // A short paragraph's last line, then two items: markers at the column's edge, text 2 em in, wrapped lines under the text.
    const page: PdfPage = {
      width: 400,
      height: 400,
      runs: [
        run('会议提出以下几点要求，各单位要认真落实，确', 50, 100),
        run('保实效：', 50, 100 + PITCH),
        { ...run('•', 50, 100 + 2 * PITCH), glyphs: [{ text: '•', x: 50, width: SIZE / 2 }, ...run('坚持党建引领推动产业链高', 50 + 2 * SIZE, 0).glyphs] },
        run('质量发展。', 50 + 2 * SIZE, 100 + 3 * PITCH),
        run('2．强化服务保障帮助解决', 50, 100 + 4 * PITCH),
        run('融资难题。', 50 + 2 * SIZE, 100 + 5 * PITCH),
      ],
      fonts: [],
      images: [],
    };
    const f = measureTypography([page]);
    expect(f.kinsoku.lineStart).toBe(0);
    expect(f.nearEmptyLines.count).toBe(0);
    expect(f.loneLines.count).toBe(0);
    expect(f.gaps.over015).toBe(0);
    // The items' first lines go on under their text: justified; the paragraph's and items' last lines end them.
    expect(f.justifiedLines).toBe(3);
    expect(f.paragraphEnds).toBe(3);
  });

  it('reads a one-line item (一、 inter-title) before a paragraph indented as deep as its hang, and the lines after it, as no item\'s', () => {
    // 一、城砖上的名字 / a paragraph of three lines, its first indented 2 em, its last short (松柏。) / another paragraph indented 2 em.
    const page: PdfPage = {
      width: 400,
      height: 400,
      runs: [
        run('一、城砖上的名字', 50, 100),
        run('考古工作者在城墙上共发', 50 + 2 * SIZE, 100 + PITCH),
        run('现铭文砖数万块，一块刻有', 50, 100 + 2 * PITCH),
        run('松柏。', 50, 100 + 3 * PITCH),
        run('一位在城墙下住了七十', 50 + 2 * SIZE, 100 + 4 * PITCH),
        run('多年的老人说：城门是用', 50, 100 + 5 * PITCH),
        run('来看的。', 50, 100 + 6 * PITCH),
      ],
      fonts: [],
      images: [],
    };
    const f = measureTypography([page]);
    expect(f.nearEmptyLines.examples).toEqual([]);
    // The paragraphs' lines but their last are justified; the item and the paragraphs end three times.
    expect(f.justifiedLines).toBe(4);
    expect(f.paragraphEnds).toBe(3);
  });
});


describe('display lines, read from the page', () => {
  /** A centred headline line of `text` at 44 pt, centred on x 200. */
  const head = (text: string, y: number): PdfRun => {
    const size = 44;
    const n = [...text].length;
    return { glyphs: [...text].map((t, k) => ({ text: t, x: 200 - (n * size) / 2 + k * size, width: size })), y, size, font: 'Black' };
  };
  const page = (lines: [string, string]): PdfPage => ({
    width: 800,
    height: 800,
    runs: [head(lines[0], 100), head(lines[1], 100 + 44 * 1.15), line(300, 13), line(300 + PITCH, 13), line(300 + 2 * PITCH, 4)],
    fonts: [],
    images: [],
  });
  it.each([
    [['心系苍生——建', '党之初的初心与使命'], 1],
    [['1—11月份全国规模', '以上工业企业利润'], 1],
    [['心系苍生——', '建党之初的初心与使命'], 0],
    [['1—11月份全国规模以上', '工业企业利润'], 0],
  ] as [[string, string], number][])('%j: %d broken inside a word', (lines, count) => {
    expect(measureTypography([page(lines)]).displayBreaks.count).toBe(count);
  });

  it('takes a break the editor typed (a line end or a space of the issue\'s headline) for no break inside a word', () => {
    const grid = { pitch: PITCH, firstBaseline: 100, top: 50, bottom: 750 };
    const at = (lines: [string, string], displayTexts: string[]) => measureTypography([page(lines)], { ...grid, displayTexts }).displayBreaks.count;
    expect(at(['让夜色亮得更久', '也让居民睡得更香'], [])).toBe(1);
    expect(at(['让夜色亮得更久', '也让居民睡得更香'], ['让夜色亮得更久\n也让居民睡得更香'])).toBe(0);
    // A space typed elsewhere in the headline does not excuse this break.
    expect(at(['1—11月份全国规模', '以上工业企业利润'], ['1—11月份 全国规模以上工业企业利润'])).toBe(1);
    expect(at(['1—11月份全国规模', '以上工业企业利润'], ['1—11月份全国规模 以上工业企业利润'])).toBe(0);
  });

  it('takes a line that ends with the space the PDF draws after it for a break at a space of the copy, without the issue', () => {
    const spaced = page(['1—11月份全国规模', '以上工业企业利润']);
    const first = spaced.runs[0];
    const end = first.glyphs[first.glyphs.length - 1];
    first.glyphs.push({ text: ' ', x: end.x + end.width, width: 11 });
    expect(measureTypography([spaced]).displayBreaks.count).toBe(0);
    expect(measureTypography([page(['1—11月份全国规模', '以上工业企业利润'])]).displayBreaks.count).toBe(1);
  });
});


describe('emoji with a skin-tone modifier', () => {
  it('is one character of its line where the emoji face draws the modifier as a swatch of its own width', () => {
    // 有人留言👍🏿，全家人都: the swatch after 👍 is 1.27 em wide, and the comma follows it.
    const han = (text: string, x: number): PdfRun => ({ glyphs: [...text].map((t, k) => ({ text: t, x: x + k * SIZE, width: SIZE })), y: 100, size: SIZE, font: 'Song' });
    const e = 1.27 * SIZE;
    const emoji: PdfRun = { glyphs: [{ text: '👍', x: 50 + 5 * SIZE, width: e }, { text: '🏿', x: 50 + 5 * SIZE + e, width: e }], y: 100, size: SIZE, font: 'Emoji' };
    const page: PdfPage = { width: 400, height: 400, runs: [han('有人留言：', 50), emoji, han('，全家人都', 50 + 5 * SIZE + 2 * e)], fonts: [], images: [] };
    const lines = textLines([page]);
    expect(lines.map((l) => l.text)).toEqual(['有人留言：👍，全家人都']);
    expect(lines[0].glyphs[5].width).toBeCloseTo(2 * e, 6);
  });
});

describe('an issue on several layouts, read page by page', () => {
  /** A run of `text` from x, one em a character. */
  const run = (text: string, x: number, y: number): PdfRun => ({ glyphs: [...text].map((t, k) => ({ text: t, x: x + k * SIZE, width: SIZE })), y, size: SIZE, font: 'Song' });
  const page = (runs: PdfRun[]): PdfPage => ({ width: 800, height: 800, runs, fonts: [], images: [] });
  // A tabloid page whose column starts at x 50, then a broadsheet page whose column starts at 58: its
  // indented first lines (76) stand more than 2.6 em right of the tabloid's edge.
  const tabloid = page([
    run('产业链上的党建赋能激发', 68, 100),
    run('了企业的技改热情，也带动干', 50, 100 + PITCH),
    run('部敢为善为有为。', 50, 100 + 2 * PITCH),
    run('以组织担当带动干部敢为', 68, 100 + 3 * PITCH),
    run('善为有为。', 50, 100 + 4 * PITCH),
  ]);
  const broadsheet = (pitch: number) =>
    page([
      run('答：谨防诈骗。', 76, 100),
      run('好。', 76, 100 + pitch),
      run('记者手记：采访那天，办', 76, 100 + 2 * pitch),
      run('税服务厅里人来人往，窗口前', 58, 100 + 3 * pitch),
      run('排着长队。', 58, 100 + 4 * pitch),
    ]);

  it('reads a one-sentence paragraph as a paragraph of its own, whatever the page before it', () => {
    for (const pages of [[broadsheet(PITCH)], [tabloid, broadsheet(PITCH)]]) {
      const f = measureTypography(pages);
      expect(f.loneLines.examples).toEqual([]);
      expect(f.nearEmptyLines.examples).toEqual([]);
      // Nor is it a 孤字: a paragraph of one line has no line before it to pull a character from.
      expect(f.orphans.examples).toEqual([]);
    }
  });

  it('measures each page on the grid of its own layout', () => {
    const grid = (pitch: number) => ({ pitch, firstBaseline: 100, top: 50, bottom: 750 });
    const f = measureTypography([tabloid, broadsheet(11.55)], [grid(PITCH), grid(11.55)]);
    expect(f.grid.onGrid).toBe(1);
    expect(measureTypography([tabloid, broadsheet(11.55)], grid(PITCH)).grid.onGrid).toBeLessThan(1);
  });
});

describe('lines of two columns on one baseline', () => {
  /** A run of `text` from x, one em a character. */
  const run = (text: string, x: number, y: number): PdfRun => ({ glyphs: [...text].map((t, k) => ({ text: t, x: x + k * SIZE, width: SIZE })), y, size: SIZE, font: 'Song' });

  it('are two lines where one ends in a trimmed mark and the next column opens with a trimmed bracket: no pair set full width', () => {
    // ；at the left column's end and （ at the right one's head, each trimmed of its blank into a 1-em gutter: their cells touch.
    const page: PdfPage = { width: 800, height: 800, runs: [run('会纪录原纪录十七日；', 50, 100), run('（十一胜一负）江苏队', 140, 100)], fonts: [], images: [] };
    expect(textLines([page]).map((l) => l.text)).toEqual(['会纪录原纪录十七日；', '（十一胜一负）江苏队']);
    expect(measureTypography([page]).punctPairs.fullWidth).toBe(0);
  });

  it('but one line where the pair is compressed across two runs (a character style ending in ；)', () => {
    const page: PdfPage = { width: 800, height: 800, runs: [run('会纪录原纪录十七日；', 50, 100), run('（十一胜一负）江苏队', 140 - SIZE / 2, 100)], fonts: [], images: [] };
    expect(textLines([page]).map((l) => l.text)).toEqual(['会纪录原纪录十七日；（十一胜一负）江苏队']);
  });
});
