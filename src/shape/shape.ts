/**
 * Stage 3: shaping. Turns a paragraph's text into clusters (one character with any marks
 * attached to it), each with its glyphs, advance and the blank parts of a full-width mark.
 * Fonts are chosen glyph by glyph through the style's fallback chain.
 */
import type { Face } from '../fonts/font-set.js';
import { classOf, emojiSequenceAt, isCjk, isCjkPunct, isEmoji, type CharClass } from '../chars/char-class.js';
import { EM_ASCENT, type Cmyk, type PunctWidth } from '../layout/model.js';
import { GB } from '../rules/gb.js';
import type { CompositionRules } from '../rules/rules.js';

export interface ShapedGlyph {
  face: Face;
  id: number;
  /** Advance in em. */
  advance: number;
  /** The text this glyph stands for, for the PDF's ToUnicode map. */
  text: string;
  /** Set in a character style: its size and colour (the advance above is already scaled). */
  look?: RunLook;
}

/** How a character style sets its glyphs: size as a share of the paragraph's, colour if its own. */
export interface RunLook {
  scale: number;
  color?: Cmyk;
  /** Above the line's baseline by this much, in em of the paragraph's size: an emoji centred in the Han character's cell. */
  rise?: number;
}

/**
 * A range [start, stop) of the text (UTF-16 offsets) in a character style: shaped with its own
 * faces, and measured at its size in em of the paragraph's, so that composition treats its
 * characters, marks and their blanks like any others.
 */
export interface ShapeSpan {
  start: number;
  stop: number;
  faces: ShapeFaces;
  look: RunLook;
}

export interface Cluster {
  /** Source text of the cluster: one character plus attached combining marks. */
  text: string;
  /** UTF-16 index of the cluster in the paragraph text. */
  start: number;
  cls: CharClass;
  glyphs: ShapedGlyph[];
  /** Natural advance in em, blanks included. */
  advance: number;
  /** Blank part of a full-width mark before and after its ink, in em. */
  blankBefore: number;
  blankAfter: number;
  /** Blank cut away before the ink by a half-width punctuation style: the glyph is drawn this much further left. */
  cutBefore: number;
  /** No font had a glyph for a character that prints (spaces without one are only blank). */
  missing?: boolean;
}

export interface ShapeFaces {
  face: Face;
  fallbacks: readonly Face[];
}

const NO_BLANK = { before: 0, after: 0 };

/** Marks that need the font's full-width form, because their default glyph is proportional. */
const FULL_WIDTH_FORM = new Set<CharClass>(['dash', 'ellipsis', 'middle']);

/** Shapes `text`; the ranges of `spans` (in order, not overlapping) in their character styles. */
export function shapeText(text: string, paragraphFaces: ShapeFaces, punct: PunctWidth = 'full', rules: CompositionRules = GB, spans: readonly ShapeSpan[] = []): Cluster[] {
  const clusters: Cluster[] = [];
  let index = 0;
  let joinNext = false;
  let spanAt = 0;
  // The end of an emoji sequence set as one cluster: its later characters are in it.
  let sequenceEnd = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const cls = classOf(cp);
    const start = index;
    index += ch.length;
    if (start < sequenceEnd) continue;
    while (spanAt < spans.length && spans[spanAt].stop <= start) spanAt++;
    const span = spans[spanAt] && spans[spanAt].start <= start ? spans[spanAt] : undefined;
    const faces = span?.faces ?? paragraphFaces;
    const prev = clusters[clusters.length - 1];
    const sequence = joinNext ? null : emojiSequenceAt(text, start);
    const emoji = sequence && emojiCluster(sequence, start, faces);
    if (emoji) {
      clusters.push(scaled(emoji, span?.look));
      sequenceEnd = start + sequence.length;
      continue;
    }
    if (joinNext) {
      // Second half of a —— already drawn as one glyph.
      joinNext = false;
      prev.text += ch;
      prev.glyphs[0].text += ch;
      continue;
    }
    if (cls === 'dash' && text.codePointAt(index) === cp) {
      const pair = faces.face.pairGlyph(cp);
      if (pair && Math.abs(pair.advance - 2) < 0.01) {
        clusters.push(scaled({ text: ch, start, cls, glyphs: [{ face: faces.face, id: pair.id, advance: 2, text: ch }], advance: 2, blankBefore: 0, blankAfter: 0, cutBefore: 0 }, span?.look));
        joinNext = true;
        continue;
      }
    }
    // After a space a mark stands alone (Unicode's way to show a bare accent): a space at a line's edge is dropped, and the mark must not go with it.
    if (cls === 'combining' && prev && prev.cls !== 'space') {
      // A mark is drawn with its own glyph (zero-width marks sit over the character before), so
      // that it maps back to itself: appended to the base glyph's text it would follow every
      // later use of that glyph in the PDF's ToUnicode map.
      prev.text += ch;
      const { face, glyph } = findGlyph(cp, faces, false);
      if (glyph) {
        const look = prev.glyphs[0]?.look;
        const advance = glyph.advance * (look?.scale ?? 1);
        prev.glyphs.push({ face, id: glyph.id, advance, text: ch, ...(look && { look }) });
        prev.advance += advance;
      } else prev.missing = true;
      continue;
    }
    const wantFull = FULL_WIDTH_FORM.has(cls) && cjkContext(text, start, ch.length);
    // A character followed by VS16 asks for its emoji form: from the first face that has the selector too (the emoji face).
    const emojiForm = text.codePointAt(start + ch.length) === VS16 ? findGlyph(cp, faces, wantFull, VS16) : null;
    const { face, glyph } = emojiForm?.glyph ? emojiForm : findGlyph(cp, faces, wantFull);
    const advance = glyph ? glyph.advance : 1;
    const cluster: Cluster = {
      text: ch,
      start,
      cls: cls === 'combining' ? 'ideograph' : cls,
      glyphs: cls === 'space' ? [] : [{ face, id: glyph?.id ?? 0, advance, text: ch }],
      advance: cls === 'space' && !glyph ? 0.25 : advance,
      blankBefore: 0,
      blankAfter: 0,
      cutBefore: 0,
    };
    if (!glyph && cls !== 'space') cluster.missing = true;
    if (isCjkPunct(cluster.cls) && glyph && advance >= 0.9) {
      const blank = face.punctBlank(glyph.id, cp, wantFull, rules.blank[cluster.cls] ?? NO_BLANK);
      const keep = rules.figureMarks.includes(ch) && betweenFigures(text, start, ch.length) ? 0 : (rules.keptBlank[punct][cluster.cls] ?? 0);
      cluster.blankBefore = blank.before;
      cluster.blankAfter = blank.after;
      if (keep < 1) {
        // 开明 and 半角 styles set these marks half width from the start.
        const cut = (blank.before + blank.after) * (1 - keep);
        cluster.advance -= cut;
        const shareBefore = blank.before / (blank.before + blank.after || 1);
        cluster.blankBefore -= cut * shareBefore;
        cluster.cutBefore = cut * shareBefore;
        cluster.blankAfter -= cut * (1 - shareBefore);
      }
    }
    clusters.push(scaled(cluster, span?.look));
  }
  return clusters;
}

/** A cluster in a character style: its widths in em of the paragraph's size, its glyphs marked with the style's look. */
function scaled(cluster: Cluster, look: RunLook | undefined): Cluster {
  if (!look) return cluster;
  const k = look.scale;
  for (const g of cluster.glyphs) {
    g.advance *= k;
    // An emoji fitted to its cell keeps its fit and rise, at the style's size.
    g.look = g.look ? { ...look, scale: g.look.scale * k, rise: (g.look.rise ?? 0) * k } : look;
  }
  cluster.advance *= k;
  cluster.blankBefore *= k;
  cluster.blankAfter *= k;
  cluster.cutBefore *= k;
  return cluster;
}

/** Whether the character at `start` stands between two digits (4：2, 19：30). */
function betweenFigures(text: string, start: number, length: number): boolean {
  const digit = (c: string | undefined) => c !== undefined && classOf(c.codePointAt(0)!) === 'digit';
  return digit(text[start - 1]) && digit(text[start + length]);
}

/** Whether a dash, ellipsis or interpunct stands among Chinese text (and so takes a full cell). */
function cjkContext(text: string, start: number, length: number): boolean {
  const near = (cp: number | undefined) => cp !== undefined && isCjk(classOf(cp));
  let before: number | undefined;
  for (let i = start - 1; i >= 0; i--) {
    const c = text.codePointAt(i)!;
    if (c >= 0xdc00 && c <= 0xdfff) continue;
    const cls = classOf(c);
    if (cls === 'dash' || cls === 'ellipsis' || cls === 'middle') continue;
    before = c;
    break;
  }
  let after: number | undefined;
  for (let i = start + length; i < text.length; ) {
    const c = text.codePointAt(i)!;
    const cls = classOf(c);
    i += c > 0xffff ? 2 : 1;
    if (cls === 'dash' || cls === 'ellipsis' || cls === 'middle') continue;
    after = c;
    break;
  }
  return near(before) || near(after) || (before === undefined && after === undefined);
}

/**
 * An emoji sequence (or a pictograph alone) as one cluster of one glyph standing for all of its
 * text, fitted to one em and centred on the Han character's cell; null for a pictograph in its
 * text form that a face sets no wider than an em (☀ in the body face): it is set as it is. The
 * face is the first of the chain that draws the whole sequence as one glyph (its ligature; with
 * VS16, only a face that has VS16 too); where none does, the sequence prints as its first emoji
 * (👩🏽 of 👩🏽‍🍕, its modifier dropped where that has no ligature either) and still stands for
 * all of its text; null too when no face has even that (the character is reported missing).
 */
function emojiCluster(sequence: string, start: number, faces: ShapeFaces): Cluster | null {
  const cps = [...sequence].map((c) => c.codePointAt(0)!);
  const chain = [faces.face, ...faces.fallbacks];
  const emojiForm = (f: Face) => !cps.includes(VS16) || !!f.glyph(VS16);
  const drawn = (part: readonly number[]) => {
    for (const face of chain) {
      const glyph = emojiForm(face) ? (part.length === 1 ? face.glyph(part[0]) : face.sequenceGlyph(part)) : null;
      if (glyph) return { face, glyph };
    }
    return null;
  };
  const zwj = cps.indexOf(ZWJ);
  const first = zwj > 0 ? cps.slice(0, zwj) : cps;
  const found = drawn(cps) ?? drawn(first) ?? drawn([cps[0]]) ?? findGlyph(cps[0], faces, false);
  if (!found.glyph) return null;
  const { face, glyph } = found;
  if (!isEmoji(sequence) && glyph.advance <= 1 + FIT_TOLERANCE) return null;
  // Wider than the cell, the glyph is scaled down to it; a narrower one (a font's own emoji of less than an em) keeps its width.
  const fit = glyph.advance > 1 + FIT_TOLERANCE ? 1 / glyph.advance : 1;
  // The Han cell's middle stands EM_ASCENT − ½ em above the baseline; the glyph's, its face's design centre scaled.
  const look: RunLook | undefined = fit === 1 ? undefined : { scale: fit, rise: EM_ASCENT - 0.5 - face.designCentre * fit };
  return {
    text: sequence,
    start,
    cls: 'emoji',
    glyphs: [{ face, id: glyph.id, advance: glyph.advance * fit, text: sequence, ...(look && { look }) }],
    advance: glyph.advance * fit,
    blankBefore: 0,
    blankAfter: 0,
    cutBefore: 0,
  };
}

/** A glyph this close to one em is set as it is. */
const FIT_TOLERANCE = 1e-3;
const ZWJ = 0x200d;

/** Variation selector 16: emoji presentation. */
const VS16 = 0xfe0f;

/** The glyph of `cp` from the first face of the chain that has it (and `also`, if given). */
function findGlyph(cp: number, faces: ShapeFaces, fullWidth: boolean, also?: number) {
  for (const f of [faces.face, ...faces.fallbacks]) {
    const g = f.glyph(cp, fullWidth);
    if (g && (also === undefined || f.glyph(also, false))) return { face: f, glyph: g };
  }
  return { face: faces.face, glyph: null };
}
