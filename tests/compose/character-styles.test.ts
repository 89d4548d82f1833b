/**
 * Character styles inside a paragraph: a range in another face, size or colour is composed by
 * the same rules as the text around it — prohibitions, compression of adjacent marks and of a
 * mark at a line end, Han–Latin spacing — across every change of style.
 */
import { describe, expect, it } from 'vitest';
import { composeParagraph, type ComposedLine } from '../../src/compose/paragraph.js';
import { notAtLineEnd, notAtLineStart } from '../../src/rules/rules.js';
import { GB } from '../../src/rules/gb.js';
import { classOf } from '../../src/chars/char-class.js';
import { shapeText, type ShapeSpan } from '../../src/shape/shape.js';
import { hei, song } from '../helpers/fonts.js';

const body = () => ({ face: song(), fallbacks: [] });
const strong = (start: number, stop: number): ShapeSpan => ({ start, stop, faces: { face: hei(), fallbacks: [song()] }, look: { scale: 1 } });
const larger = (start: number, stop: number): ShapeSpan => ({ start, stop, faces: body(), look: { scale: 7 / 6, color: [0, 1, 1, 0] } });

const lineTexts = (text: string, lines: ComposedLine[]) => lines.map((l) => text.slice(l.start, l.stop));

function setWith(text: string, spans: ShapeSpan[], measure: number) {
  return composeParagraph(shapeText(text, body(), 'full', GB, spans), { measure, indent: 0 });
}

/** Every line keeps GB's prohibitions: no closing mark or pause at its start, no opening mark at its end. */
function keepsProhibitions(texts: string[]) {
  for (const t of texts) {
    const first = [...t][0];
    const last = [...t].at(-1)!;
    expect(notAtLineStart(GB, classOf(first.codePointAt(0)!), 'gb'), `line starts with ${first}: ${t}`).toBe(false);
    expect(notAtLineEnd(GB, classOf(last.codePointAt(0)!), 'gb'), `line ends with ${last}: ${t}`).toBe(false);
  }
}

describe('character styles in composition', () => {
  const text = '本市又有四家企业入选“小巨人”名单，涉及汽车零部件、工业软件和新材料等领域。至此，全市累计达到三百二十七家，其中近七成集中在先进制造业。';

  it('breaks a paragraph with a 黑体 range where it breaks in one face, whichever characters the range covers', () => {
    const plain = lineTexts(text, setWith(text, [], 11));
    // Ranges that end before a mark (…入选 | “小巨人”), start on one, or cover a line's edge.
    for (const [start, stop] of [[0, 9], [10, 13], [9, 16], [16, 17], [30, 40], [20, text.length]]) {
      const lines = setWith(text, [strong(start, stop)], 11);
      expect(lineTexts(text, lines), `strong ${text.slice(start, stop)}`).toEqual(plain);
      keepsProhibitions(lineTexts(text, lines));
    }
  });

  it('keeps the prohibitions and justifies every line to its measure with a larger size inside it', () => {
    for (const [start, stop] of [[0, 9], [9, 16], [16, 17], [30, 40]]) {
      for (const measure of [9, 11, 13]) {
        const lines = setWith(text, [larger(start, stop)], measure);
        keepsProhibitions(lineTexts(text, lines));
        for (const l of lines.slice(0, -1)) if (!l.ragged) expect(l.right).toBeCloseTo(measure, 6);
        // Not one character lost or doubled across the change of size.
        expect(lines.flatMap((l) => l.glyphs.map((g) => g.text)).join('')).toBe(text);
      }
    }
  });

  it('compresses adjacent marks across a change of style: 。” takes 1.5 em whichever of the two is 黑体', () => {
    const t = '他说好。”走吧';
    const pitchOf = (spans: ShapeSpan[]) => {
      const [line] = composeParagraph(shapeText(t, body(), 'full', GB, spans), { measure: 20, indent: 0, align: 'left' });
      const at = (ch: string) => line.glyphs.find((g) => g.text === ch)!.x;
      return at('走') - at('。');
    };
    expect(pitchOf([])).toBeCloseTo(1.5, 6);
    expect(pitchOf([strong(0, 4)])).toBeCloseTo(1.5, 6);
    expect(pitchOf([strong(4, 5)])).toBeCloseTo(1.5, 6);
  });

  it('measures the marks of a larger range at its size: its blanks compress in proportion', () => {
    const t = '他说好。”走吧';
    const [line] = composeParagraph(shapeText(t, body(), 'full', GB, [larger(0, 4)]), { measure: 20, indent: 0, align: 'left' });
    const at = (ch: string) => line.glyphs.find((g) => g.text === ch)!;
    // 。 at 7/6 em with its blank cut by the ½ em that adjacent marks give up; ” at 1 em.
    expect(at('”').x - at('。').x).toBeCloseTo(7 / 6 - 0.5, 6);
    expect(at('走').x - at('”').x).toBeCloseTo(1, 6);
    expect(at('。').look).toEqual({ scale: 7 / 6, color: [0, 1, 1, 0] });
    expect(at('”').look).toBeUndefined();
  });

  it('trims a larger mark at a line end to the half of its size', () => {
    // 7 em: 甲乙丙丁戊己 and a larger ， (7/6 em, its ink 7/12) fill the line exactly once its blank goes.
    const t = '甲乙丙丁戊己，庚辛';
    const lines = composeParagraph(shapeText(t, body(), 'full', GB, [larger(6, 7)]), { measure: 6 + 7 / 12, indent: 0 });
    expect(lineTexts(t, lines)).toEqual(['甲乙丙丁戊己，', '庚辛']);
    expect(lines[0].right).toBeCloseTo(6 + 7 / 12, 6);
    expect(lines[0].ragged).toBeUndefined();
  });

  it('keeps the ¼ em between Han and Latin where the style changes between them', () => {
    const t = '增长5.8%以上';
    const [plain] = composeParagraph(shapeText(t, body(), 'full', GB), { measure: 20, indent: 0, align: 'left' });
    const [styled] = composeParagraph(shapeText(t, body(), 'full', GB, [strong(2, 6)]), { measure: 20, indent: 0, align: 'left' });
    const x = (l: ComposedLine, ch: string) => l.glyphs.find((g) => g.text === ch)!.x;
    const gap = (l: ComposedLine) => x(l, '5') - x(l, '长') - 1;
    expect(gap(plain)).toBeCloseTo(0.25, 6);
    expect(gap(styled)).toBeCloseTo(0.25, 6);
  });
});
