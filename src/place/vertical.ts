/**
 * Vertical text (竖排) for headlines and short texts: one column of characters read top to
 * bottom, columns right to left. Han characters and Chinese punctuation stand upright in the
 * font's vertical forms (vert/vrt2) with its vertical metrics, so that ，。 sit in the upper
 * right of their cells and brackets, 破折号 and 省略号 run down the column; Latin words and
 * numbers of three digits or more lie on their side (rotated 90° clockwise); one or two
 * digits stand upright across the column (纵中横). Punctuation is compressed as clreq asks of
 * vertical text: two adjacent marks take 1.5 em, a mark at the column's end half an em.
 */
import type { Diagnostic, DiagnosticList } from '../diagnostics.js';
import type { Face } from '../fonts/font-set.js';
import { classOf, isCjkPunct, type CharClass } from '../chars/char-class.js';
import type { ComposedLine } from '../compose/paragraph.js';
import { EM_ASCENT, type Style } from '../layout/model.js';
import { shapeText, type Cluster } from '../shape/shape.js';
import type { GlyphRun, RunGlyph, TextLine } from './page-model.js';
import { reportMissing } from './typeset.js';

/** How a piece of a vertical column stands: upright, rotated 90° clockwise, or across the column (纵中横). */
export type VerticalOrientation = 'upright' | 'sideways' | 'across';

interface VerticalGlyphAt {
  face: Face;
  id: number;
  text: string;
  /** Where the glyph's cell starts down the column (upright, sideways) or across it from the axis (across), in em. */
  at: number;
  /** Advance down the column (upright: the vertical advance; sideways: the horizontal one), or across it, in em. */
  advance: number;
  wordStart?: boolean;
}

interface VerticalPiece {
  orientation: VerticalOrientation;
  glyphs: VerticalGlyphAt[];
  /** For a piece across the column: where its cell starts down the column, in em, and the scale that fits it in one em. */
  top?: number;
  scale?: number;
}

/** One column of vertical text, in em: its pieces and its length down the column. */
export interface VerticalLine {
  pieces: VerticalPiece[];
  length: number;
}

/** Marks that are turned with the column when the font has no vertical form of them (they are drawn for horizontal text). */
const TURNED = new Set<CharClass>(['open', 'close', 'dash', 'ellipsis', 'connector']);
/** What lies on its side in a column: Latin letters, digits and Western punctuation. */
const LATIN_CLASSES = new Set<CharClass>(['letter', 'digit', 'western_open', 'western_close', 'western_punct']);
/** Numbers of at most this many digits stand upright across the column; longer ones lie on their side with Latin text. */
const ACROSS_DIGITS = 2;

const isAsciiDigit = (c: Cluster) => /^[0-9]$/.test(c.text);
const isLatin = (c: Cluster) => LATIN_CLASSES.has(c.cls) || c.cls === 'space';

/** Sets `text` as one column of vertical text in `style`'s fonts; a character no font has is reported as in horizontal text. */
export function setVerticalLine(text: string, style: Style, diags: DiagnosticList, where: Omit<Diagnostic, 'severity' | 'message'>): VerticalLine {
  const clusters = shapeText(text, { face: style.face, fallbacks: style.fallbacks }, 'full');
  reportMissing(clusters, text, style, diags, where);
  const pieces: VerticalPiece[] = [];
  let pen = 0;
  const piece = (orientation: VerticalOrientation) => {
    const last = pieces[pieces.length - 1];
    if (last && last.orientation === orientation && orientation !== 'across') return last;
    const made: VerticalPiece = { orientation, glyphs: [] };
    pieces.push(made);
    return made;
  };
  // The blank after the last upright mark, still open to compression by the next mark.
  let openBlank = 0;
  // The next glyph starts a word: at the column's head and after a space.
  let wordNext = true;
  const starts = () => {
    const w = wordNext;
    wordNext = false;
    return w || undefined;
  };
  for (let i = 0; i < clusters.length; ) {
    const c = clusters[i];
    if (isAsciiDigit(c)) {
      let end = i;
      while (end < clusters.length && isAsciiDigit(clusters[end])) end++;
      const latinAround = clusters[end]?.cls === 'letter' || clusters[i - 1]?.cls === 'letter';
      if (end - i <= ACROSS_DIGITS && !latinAround) {
        // 纵中横: the digits side by side, fitted into one em across the column.
        const digits = clusters.slice(i, end).flatMap((d) => d.glyphs);
        const width = digits.reduce((w, g) => w + g.advance, 0);
        const scale = Math.min(1, 1 / width);
        let x = (-width * scale) / 2;
        const across: VerticalPiece = { orientation: 'across', glyphs: [], top: pen, scale };
        for (const g of digits) {
          across.glyphs.push({ face: g.face, id: g.id, text: g.text, at: x, advance: g.advance, wordStart: starts() });
          x += g.advance * scale;
        }
        pieces.push(across);
        pen += 1;
        openBlank = 0;
        i = end;
        continue;
      }
    }
    if (isLatin(c) && c.cls !== 'space') {
      // Latin words and long numbers lie on their side, spaces between them included.
      let end = i;
      while (end < clusters.length && isLatin(clusters[end])) end++;
      while (end > i && clusters[end - 1].cls === 'space') end--;
      const side = piece('sideways');
      for (let k = i; k < end; k++) {
        const cl = clusters[k];
        if (cl.cls === 'space') wordNext = true;
        let at = pen;
        for (const g of cl.glyphs) {
          side.glyphs.push({ face: g.face, id: g.id, text: g.text, at, advance: g.advance, wordStart: starts() });
          at += g.advance;
        }
        pen += cl.advance;
      }
      openBlank = 0;
      i = end;
      continue;
    }
    i++;
    if (!c.glyphs.length) {
      // A space: blank, and a word starts after it.
      pen += c.advance;
      openBlank = 0;
      wordNext = true;
      continue;
    }
    // A 破折号 drawn as one glyph of two cells: its vertical form if the font has one, else two vertical forms of a cell each.
    const split = TURNED.has(c.cls) && c.glyphs.length === 1 && [...c.text].length > 1 && !c.glyphs[0].face.verticalGlyph(c.glyphs[0].id).substituted;
    const glyphs = split
      ? [...c.text].map((ch) => ({ face: c.glyphs[0].face, glyph: c.glyphs[0].face.glyph(ch.codePointAt(0)!, true), text: ch }))
      : c.glyphs.map((g) => ({ face: g.face, glyph: { id: g.id, advance: g.advance }, text: g.text }));
    for (const [n, { face, glyph, text: ch }] of glyphs.entries()) {
      if (!glyph) continue;
      const vertical = face.verticalGlyph(glyph.id);
      if (!vertical.substituted && TURNED.has(c.cls)) {
        // No vertical form: the horizontal glyph turned with the column.
        piece('sideways').glyphs.push({ face, id: glyph.id, text: ch, at: pen, advance: glyph.advance, wordStart: starts() });
        pen += glyph.advance;
        openBlank = 0;
        continue;
      }
      const punct = isCjkPunct(c.cls) && vertical.advance >= 0.9;
      // Blank of the cell above the mark's ink that is cut away.
      let skip = 0;
      if (punct) {
        const before = n === 0 ? c.blankBefore : 0;
        if (openBlank) {
          // Two marks together take 1.5 em: half an em of the blanks between them goes, the first's first.
          const cut = Math.min(0.5, openBlank + before);
          const fromOpen = Math.min(cut, openBlank);
          pen -= fromOpen;
          skip = cut - fromOpen;
        }
        // A mark at the column's head loses its blank before.
        if (pen === 0) skip = before;
      }
      piece('upright').glyphs.push({ face, id: vertical.id, text: ch, at: pen - skip, advance: vertical.advance, wordStart: starts() });
      pen += vertical.advance - skip;
      openBlank = punct && n === glyphs.length - 1 ? c.blankAfter : 0;
    }
  }
  // A mark at the column's end takes half an em.
  pen -= Math.min(0.5, openBlank);
  return { pieces: pieces.filter((p) => p.glyphs.length), length: pen };
}

/**
 * The column at page positions: its central axis at `axis` and its top at `top`, in points,
 * at `size`: a glyph run per piece and face, in reading order.
 */
export function placeVerticalLine(line: VerticalLine, style: Style, size: number, axis: number, top: number): TextLine {
  const runs: GlyphRun[] = [];
  // On its side, a glyph's em box is centred on the axis: its baseline lies left of it.
  const sideBaseline = axis - (EM_ASCENT - 0.5) * size;
  for (const piece of line.pieces) {
    if (piece.orientation === 'across') {
      // Across the column, the digits stand on a baseline of their own, their em box in the piece's cell.
      let across: GlyphRun | undefined;
      for (const g of piece.glyphs) {
        if (!across || across.face !== g.face) {
          across = { face: g.face, size, color: style.color, hScale: piece.scale!, baseline: top + (piece.top! + EM_ASCENT) * size, glyphs: [] };
          runs.push(across);
        }
        across.glyphs.push(runGlyph(g, axis + g.at * size));
      }
      continue;
    }
    const baseline = piece.orientation === 'upright' ? axis : sideBaseline;
    let run: GlyphRun | undefined;
    for (const g of piece.glyphs) {
      if (!run || run.face !== g.face) {
        run = { face: g.face, size, color: style.color, hScale: 1, baseline, orientation: piece.orientation, glyphs: [] };
        runs.push(run);
      }
      run.glyphs.push({ ...runGlyph(g, baseline), y: top + g.at * size });
    }
  }
  return { direction: 'vertical', runs };
}

const runGlyph = (g: VerticalGlyphAt, x: number): RunGlyph => ({ id: g.id, x, advance: g.advance, text: g.text, ...(g.wordStart && { wordStart: true }) });

/**
 * A line composed across (its glyphs' places in em from its start, after prohibitions,
 * compression and justification) as a column of vertical text: the same places down the
 * column, Han characters and marks upright in their vertical forms, Latin and numbers on
 * their side.
 */
export function columnOfComposed(line: ComposedLine): VerticalLine {
  const pieces: VerticalPiece[] = [];
  for (const g of line.glyphs) {
    const cls = classOf(g.text.codePointAt(0)!);
    const vertical = g.face.verticalGlyph(g.id);
    const upright = !LATIN_CLASSES.has(cls) && (vertical.substituted || !TURNED.has(cls));
    const orientation = upright ? 'upright' : 'sideways';
    let piece = pieces[pieces.length - 1];
    if (!piece || piece.orientation !== orientation) pieces.push((piece = { orientation, glyphs: [] }));
    piece.glyphs.push({ face: g.face, id: upright ? vertical.id : g.id, text: g.text, at: g.x, advance: upright ? vertical.advance : g.advance, wordStart: g.wordStart });
  }
  return { pieces, length: line.measure };
}

