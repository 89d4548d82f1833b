/** Setting one column of vertical text (竖排): what stands upright, on its side and across, and where, in em down the column. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildContext } from '../../src/context.js';
import { DiagnosticList } from '../../src/diagnostics.js';
import { LAYOUTS_DIR, loadLayout } from '../../src/layout/load-layout.js';
import { setVerticalLine, type VerticalLine } from '../../src/place/vertical.js';

const context = new BuildContext();
const styles = loadLayout(context, join(LAYOUTS_DIR, 'tabloid.yaml')).styles;
/** 宋体 Black (Noto Serif CJK: vrt2, VORG) and 楷体 (LXGW WenKai: vert, no VORG, no vertical dash). */
const headline = styles.get('headline')!;
const kai = styles.get('byline')!;

const set = (text: string, style = headline) => {
  const diags = new DiagnosticList();
  const line = setVerticalLine(text, style, diags, {});
  expect(diags.items).toEqual([]);
  return line;
};
/** Each piece as orientation:text, and each glyph's place down the column (the cell of an across piece). */
const pieces = (line: VerticalLine) => line.pieces.map((p) => `${p.orientation}:${p.glyphs.map((g) => g.text).join('')}`);
const at = (line: VerticalLine) => line.pieces.flatMap((p) => (p.orientation === 'across' ? [p.top!] : p.glyphs.map((g) => g.at)));

describe('a column of vertical text', () => {
  it.each([
    // text, pieces, places down the column (em), length (em)
    ['竖排标题', ['upright:竖排标题'], [0, 1, 2, 3], 4],
    // 纵中横: one or two digits across the column, in one em.
    ['第9版共24页', ['upright:第', 'across:9', 'upright:版共', 'across:24', 'upright:页'], [0, 1, 2, 3, 4, 5], 6],
    // Three digits or more, and Latin words, lie on their side, spaces kept between words.
    ['2024年', ['sideways:2024', 'upright:年'], null, null],
    ['F1赛车', ['sideways:F1', 'upright:赛车'], null, null],
    // 。「 take 1.5 em; a mark at the foot takes half an em.
    ['好。「走」', ['upright:好。「走」'], [0, 1, 1.5, 2.5, 3.5], 4],
    // An opening bracket at the head loses its blank before.
    ['「走读」', ['upright:「走读」'], [-0.5, 0.5, 1.5, 2.5], 3],
  ] as const)('%s', (text, want, places, length) => {
    const line = set(text);
    expect(pieces(line)).toEqual(want);
    if (places) expect(at(line).map((v) => Math.round(v * 100) / 100)).toEqual(places);
    if (length !== null) expect(line.length).toBeCloseTo(length, 6);
  });

  it('sets Latin on its side with its words\' spaces', () => {
    const line = set('Hi there好');
    const side = line.pieces[0];
    expect(side.orientation).toBe('sideways');
    const [h, i, t] = side.glyphs;
    // t starts after H, i and the space.
    expect(t.at).toBeGreaterThan(i.at + i.advance + 0.1);
    expect(t.wordStart).toBe(true);
    expect(h.wordStart).toBe(true);
  });

  it('keeps the font\'s one vertical glyph for —— where it has one, and turns the dash where it has none', () => {
    const noto = set('——');
    expect(pieces(noto)).toEqual(['upright:——']);
    expect(noto.length).toBe(2);
    // LXGW WenKai has no vertical form of —: its horizontal dashes are turned with the column.
    const wenkai = set('——', kai);
    expect(wenkai.pieces.map((p) => p.orientation)).toEqual(['sideways']);
    expect(wenkai.length).toBeCloseTo(2, 6);
  });

  it('reports a character no font has, naming it', () => {
    const diags = new DiagnosticList();
    setVerticalLine('竖\u{10FFFD}题', headline, diags, { file: 'issue.yaml', line: 3 });
    expect(diags.items).toEqual([expect.objectContaining({ severity: 'error', line: 3, message: expect.stringMatching(/U\+10FFFD/) })]);
  });
});
