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
import { classOf, clusterClass, isCjkPunct, type CharClass } from '../chars/char-class.js';
import type { ComposedLine } from '../compose/paragraph.js';
import { EM_ASCENT, type Style } from '../layout/model.js';
import { shapeText, type Cluster, type RunLook, type ShapedGlyph } from '../shape/shape.js';
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
  /** An emoji across the column: its size as a share of the column's, and its rise above the cell's baseline, in em (shape.ts fits it in one em). */
  look?: RunLook;
}

/** One column of vertical text, in em: its pieces and its length down the column. */
export interface VerticalLine {
  pieces: VerticalPiece[];
  length: number;
}

/** Marks that are turned with the column when the font has no vertical form of them (they are drawn for horizontal text). */
const TURNED = new Set<CharClass>(['open', 'close', 'dash', 'ellipsis', 'connector']);
/** What lies on its side in a column: Latin letters, digits and Western punctuation. */
const LATIN_CLASSES = new Set<CharClass>(['letter', 'digit', 'western_open', 'western_close', 'western_punct', 'percent']);
/** Numbers of at most this many digits stand upright across the column; longer ones lie on their side with Latin text. */
const ACROSS_DIGITS = 2;

/**
 * The runs of `text` set upright across the column (纵中横), [start, stop) in UTF-16 offsets:
 * one or two ASCII digits, with no further digit and no Latin letter beside them (2024 and
 * A4 lie on their side with Latin text).
 */
export function acrossRuns(text: string): [number, number][] {
  const letterAt = (i: number) => i >= 0 && i < text.length && classOf(text.codePointAt(i)!) === 'letter';
  return [...text.matchAll(/[0-9]+/g)]
    .map((m): [number, number] => [m.index, m.index + m[0].length])
    .filter(([start, stop]) => stop - start <= ACROSS_DIGITS && !letterAt(start - 1) && !letterAt(stop));
}

/** Digits side by side across the column, fitted into one em, their cell starting `top` em down it. */
function acrossPiece(digits: readonly { face: Face; id: number; text: string; advance: number }[], top: number, wordStart: boolean | undefined): VerticalPiece {
  const width = digits.reduce((w, g) => w + g.advance, 0);
  const scale = Math.min(1, 1 / width);
  let x = (-width * scale) / 2;
  const piece: VerticalPiece = { orientation: 'across', glyphs: [], top, scale };
  digits.forEach((g, k) => {
    piece.glyphs.push({ face: g.face, id: g.id, text: g.text, at: x, advance: g.advance, ...(k === 0 && wordStart && { wordStart }) });
    x += g.advance * scale;
  });
  return piece;
}

/** An emoji stands upright in its cell as it does across a line: one glyph fitted to one em, centred on the Han cell. */
function emojiPiece(g: { face: Face; id: number; text: string; advance: number; look?: RunLook }, top: number, wordStart: boolean | undefined): VerticalPiece {
  const fit = g.look?.scale ?? 1;
  const glyph = { face: g.face, id: g.id, text: g.text, at: -g.advance / 2, advance: g.advance / fit, ...(wordStart && { wordStart }) };
  return { orientation: 'across', glyphs: [glyph], top, scale: 1, ...(g.look && { look: g.look }) };
}

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
  const across = new Map(acrossRuns(text));
  for (let i = 0; i < clusters.length; ) {
    const c = clusters[i];
    const acrossStop = across.get(c.start);
    if (acrossStop !== undefined) {
      let end = i;
      while (end < clusters.length && clusters[end].start < acrossStop) end++;
      pieces.push(acrossPiece(clusters.slice(i, end).flatMap((d) => d.glyphs), pen, starts()));
      pen += 1;
      openBlank = 0;
      i = end;
      continue;
    }
    if (c.cls === 'emoji') {
      pieces.push(emojiPiece(c.glyphs[0], pen, starts()));
      pen += c.advance;
      openBlank = 0;
      i++;
      continue;
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
          const rise = (piece.look?.rise ?? 0) * size;
          across = { face: g.face, size: size * (piece.look?.scale ?? 1), color: style.color, hScale: piece.scale!, baseline: top + (piece.top! + EM_ASCENT) * size, ...(rise && { rise }), glyphs: [] };
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
 * Copy to be composed for a column, with each run set across (纵中横) standing as one
 * character of one em, so that composition gives it a cell as it does a Han character (no
 * Han–Latin space around it, and a break before or after it as before or after Han).
 */
export interface AcrossCopy {
  /** The copy with a stand-in character for each run set across. */
  text: string;
  /** The digits each stand-in stands for, by its offset in `text`. */
  runs: Map<number, string>;
  /** The offset in the copy of an offset in `text`. */
  source(offset: number): number;
}

/** The stand-in for digits set across: a Han character of one em that every Chinese font has, paired back by place. */
const ACROSS_STAND_IN = '一';

export function acrossCopy(copy: string): AcrossCopy {
  let text = '';
  const runs = new Map<number, string>();
  const offsets: number[] = [];
  let from = 0;
  const keep = (to: number) => {
    for (let i = from; i < to; i++) offsets.push(i);
    text += copy.slice(from, to);
  };
  for (const [start, stop] of acrossRuns(copy)) {
    keep(start);
    runs.set(text.length, copy.slice(start, stop));
    offsets.push(start);
    text += ACROSS_STAND_IN;
    from = stop;
  }
  keep(copy.length);
  return { text, runs, source: (offset) => (offset < offsets.length ? offsets[offset] : copy.length) };
}

/**
 * A line composed across (its glyphs' places in em from its start, after prohibitions,
 * compression and justification) as a column of vertical text: the same places down the
 * column, Han characters and marks upright in their vertical forms, Latin and numbers on
 * their side, and the runs of `across` (composed as their stand-ins) upright across the
 * column in `digits`' glyphs.
 */
export function columnOfComposed(line: ComposedLine, across?: AcrossCopy, digits?: (text: string) => readonly ShapedGlyph[]): VerticalLine {
  const pieces: VerticalPiece[] = [];
  // The stand-ins of the line in order, paired with its glyphs of that character in order (one glyph each).
  const standIns: (string | undefined)[] = [];
  for (let i = line.start; across && i < line.stop; i++) if (across.text[i] === ACROSS_STAND_IN) standIns.push(across.runs.get(i));
  let standIn = 0;
  for (const g of line.glyphs) {
    if (across && g.text === ACROSS_STAND_IN) {
      const run = standIns[standIn++];
      if (run !== undefined && digits) {
        pieces.push(acrossPiece(digits(run), g.x, g.wordStart));
        continue;
      }
    }
    const cls = clusterClass(g.text);
    if (cls === 'emoji') {
      pieces.push(emojiPiece(g, g.x, g.wordStart));
      continue;
    }
    const vertical = g.face.verticalGlyph(g.id);
    const upright = !LATIN_CLASSES.has(cls) && (vertical.substituted || !TURNED.has(cls));
    const orientation = upright ? 'upright' : 'sideways';
    let piece = pieces[pieces.length - 1];
    if (!piece || piece.orientation !== orientation) pieces.push((piece = { orientation, glyphs: [] }));
    piece.glyphs.push({ face: g.face, id: upright ? vertical.id : g.id, text: g.text, at: g.x, advance: upright ? vertical.advance : g.advance, wordStart: g.wordStart });
  }
  return { pieces, length: line.measure };
}

