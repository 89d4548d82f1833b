/**
 * Typographic measures of a page read back from its PDF: prohibited marks at line edges,
 * split unbreakables, lone characters on last lines, spacing in justified lines, compression
 * of adjacent marks, and the baseline grid. Works on any horizontal Chinese page, whoever set it.
 */
import { clusterClass, isCjk, isCjkPunct, noteReferenceAt, type CharClass } from '../chars/char-class.js';
import { MAX_STRETCH } from '../compose/gap.js';
import { wordBreakCosts } from '../compose/words.js';
import { listMarker } from '../issue/copy-text.js';
import { GB } from '../rules/gb.js';
import { isLoneCharacter, notAtLineEnd, notAtLineStart } from '../rules/rules.js';
import type { PdfGlyph, PdfPage } from './read-pdf.js';

export interface TextLine {
  page: number;
  /**
   * `spaced`: the PDF draws a space (a blank glyph whose text is a space) right before the glyph:
   * the copy typed one; `spacedAfter`, right after it, at the end of its run (a line broken there).
   */
  glyphs: (PdfGlyph & { cls: CharClass; font: string; size: number; spaced?: boolean; spacedAfter?: boolean })[];
  text: string;
  /** Left edge of the first glyph box, and right edge of the last glyph's ink cell, in points. */
  left: number;
  right: number;
  y: number;
  size: number;
}

export interface Example {
  page: number;
  y: number;
  x: number;
  text: string;
  detail?: string;
}

export interface TypographyFigures {
  bodySize: number;
  bodyLines: number;
  justifiedLines: number;
  paragraphEnds: number;
  kinsoku: { lineStart: number; lineEnd: number; splitPairs: number; examples: Example[] };
  /** Justified lines short of their column's right edge by more than 0.25 em. */
  shortLines: { count: number; examples: Example[] };
  /** Gaps between neighbouring Chinese characters in justified lines, in em. */
  gaps: { count: number; median: number; p95: number; max: number; over015: number; histogram: Record<string, number>; examples: Example[] };
  /** Adjacent punctuation pairs and how many are set at a full em or more. */
  punctPairs: { count: number; fullWidth: number; examples: Example[] };
  /** Paragraph last lines holding a single Han character (with or without marks). */
  orphans: { count: number; examples: Example[] };
  /**
   * Lines inside a paragraph (any line but its last: the first, after its indent, included)
   * holding a single Han character, with or without marks — a lone character before a piece
   * that could not break.
   */
  loneLines: { count: number; examples: Example[] };
  /**
   * Lines inside a paragraph whose ink fills less than half their column (a lone-character
   * line is one too): a near-empty line left before a piece that could not break.
   */
  nearEmptyLines: { count: number; examples: Example[] };
  /** Lines of display text (headlines, kickers, subtitles: 1.3 × the body size and more) broken inside a word, by the word model of composition. */
  displayBreaks: { count: number; examples: Example[] };
  /** `pitch` of the first page; `pitches`, each pitch the pages' grids have, in page order (two for an issue on a broadsheet and a tabloid). */
  grid: { pitch: number; pitches: number[]; onGrid: number; offGrid: Example[] };
}

const EDGE_BLANK = new Set<CharClass>(['close', 'stop', 'comma', 'colon', 'mark']);

/** Lines of text: runs on one baseline, joined where a run follows on from the previous one. */
export function textLines(pages: readonly PdfPage[]): TextLine[] {
  const lines: TextLine[] = [];
  pages.forEach((page, pi) => {
    // The measures are of horizontal lines of text: columns of vertical text are left out, and a
    // table's cells, whose spacing and fill are the table's.
    const runs = page.runs.filter((r) => !r.vertical && !r.table).sort((a, b) => a.y - b.y || a.glyphs[0].x - b.glyphs[0].x);
    let current: TextLine | null = null;
    for (const run of runs) {
      // Marks, variation selectors (the VS16 of ❤️) and skin-tone modifiers are not characters of
      // the line: a modifier the emoji face draws as a swatch of its own width widens its emoji.
      const glyphs: TextLine['glyphs'] = [];
      let spaced = false;
      for (const g of run.glyphs) {
        const cls = clusterClass(g.text);
        const base = glyphs[glyphs.length - 1];
        if (cls === 'combining') {
          if (base) base.width = Math.max(base.width, g.x + g.width - base.x);
        } else if (g.text.trim()) {
          glyphs.push({ ...g, cls, font: run.font, size: run.size, ...(spaced && { spaced }) });
          spaced = false;
        } else spaced = glyphs.length > 0;
      }
      if (!glyphs.length) continue;
      if (spaced) glyphs[glyphs.length - 1].spacedAfter = true;
      const last = current?.glyphs[current.glyphs.length - 1];
      const gap = last ? glyphs[0].x - (last.x + last.width) : 0;
      // A closing mark's blank meeting an opening mark's, uncompressed across two runs, is a gutter: paiban
      // compresses such a pair inside a line, and trims both at the edges of two columns' lines.
      const full = (g: { width: number }) => g.width > 0.9 * run.size;
      const gutter = last && EDGE_BLANK.has(last.cls) && full(last) && glyphs[0].cls === 'open' && full(glyphs[0]) && gap > -0.25 * run.size;
      const continues =
        current && last && !gutter && Math.abs(current.y - run.y) < 0.1 && glyphs[0].x > last.x &&
        // A run on the same baseline goes on with the line: in another face or size (a character style,
        // Latin in a Han line) it may stand a Han–Latin space (up to ½ em) and a share of the spacing
        // away; in the same one (another colour, or a span of its own such as a hyphen set at a line end,
        // which extracts as nothing) within the line's spacing.
        (run.font !== last.font || Math.abs(run.size - last.size) > 0.03 * run.size ? gap < 0.7 * run.size : gap < 0.3 * run.size);
      if (continues && current) {
        current.glyphs.push(...glyphs);
      } else {
        current = { page: pi + 1, glyphs, text: '', left: 0, right: 0, y: run.y, size: run.size };
        lines.push(current);
      }
    }
  });
  for (const l of lines) {
    const last = l.glyphs[l.glyphs.length - 1];
    // The line's size is that of most of its glyphs: the paragraph's, not a character style's.
    l.size = mode(l.glyphs.map((g) => g.size), 0.01);
    l.text = l.glyphs.map((g) => g.text).join('');
    l.left = l.glyphs[0].x;
    // A full-width closing mark ends in half an em of blank: its ink cell ends earlier.
    l.right = last.x + last.width - (EDGE_BLANK.has(last.cls) && last.width > 0.9 * l.size ? 0.5 * l.size : 0);
  }
  return lines;
}

const mode = (xs: readonly number[], bin: number) => {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(Math.round(x / bin), (counts.get(Math.round(x / bin)) ?? 0) + 1);
  let best = 0;
  let n = -1;
  for (const [k, c] of counts) if (c > n) [best, n] = [k, c];
  return best * bin;
};
const quantile = (xs: readonly number[], q: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const example = (l: TextLine, detail?: string): Example => ({ page: l.page, y: +l.y.toFixed(2), x: +l.left.toFixed(2), text: l.text, detail });

interface Block {
  lines: TextLine[];
  left: number;
  right: number;
}

/**
 * Column blocks of body lines: lines that share a left edge (allowing for indents) and follow on the
 * grid. Columns are found page by page: pages of an issue on several layouts have their columns elsewhere.
 */
function columnBlocks(lines: readonly TextLine[], em: number, pitchOf: (page: number) => number): Block[] {
  const byLeft = [...lines].sort((a, b) => a.page - b.page || a.left - b.left);
  const families: TextLine[][] = [];
  for (const l of byLeft) {
    const f = families[families.length - 1];
    if (f && f[0].page === l.page && l.left - f[0].left < 2.6 * em) f.push(l);
    else families.push([l]);
  }
  const blocks: Block[] = [];
  for (const family of families) {
    family.sort((a, b) => a.page - b.page || a.y - b.y);
    let block: TextLine[] = [];
    const flush = () => {
      if (!block.length) return;
      // The column's left edge is its leftmost line (a column of one-line paragraphs is mostly indented),
      // not counting a line that opens with a bracket, whose blank may be trimmed to stand out of the column.
      const plain = block.filter((l) => l.glyphs[0].cls !== 'open');
      const left = Math.min(...(plain.length ? plain : block).map((l) => l.left));
      const right = block.length >= 3 ? mode(block.map((l) => l.right), 0.3) : Math.max(...block.map((l) => l.right));
      blocks.push({ lines: block, left, right });
      block = [];
    };
    for (const l of family) {
      const prev = block[block.length - 1];
      if (prev && (l.page !== prev.page || l.y - prev.y > 2.5 * pitchOf(l.page))) flush();
      block.push(l);
    }
    flush();
  }
  return blocks;
}

/** The page's baseline grid, when the layout is known: pitch, first baseline and the type area's top and bottom. */
export interface GridSpec {
  pitch: number;
  firstBaseline: number;
  top: number;
  bottom: number;
  /** Display texts as the issue gives them: a break the editor typed there (a line end or a space) is no break inside a word. */
  displayTexts?: readonly string[];
}

/**
 * The places an editor broke display texts: the text before the break and after it, their blanks
 * left out as in the lines read from a page.
 */
function typedBreaks(texts: readonly string[]): { before: string; after: string }[] {
  return texts.flatMap((text) => {
    const parts = text.split(/[\s\u3000]+/u).filter(Boolean);
    return parts.slice(1).map((_, i) => ({ before: parts.slice(0, i + 1).join(''), after: parts.slice(i + 1).join('') }));
  });
}

/**
 * The composition figures of `pages`, on the layout's grid if known: one for every page, or each
 * page's own (an issue whose pages are on several layouts).
 */
export function measureTypography(pages: readonly PdfPage[], grid?: GridSpec | readonly GridSpec[]): TypographyFigures {
  const all = textLines(pages);
  const bodySize = mode(all.flatMap((l) => l.glyphs.map(() => l.size)), 0.1);
  const em = bodySize;
  const body = all.filter((l) => Math.abs(l.size - bodySize) < 0.03 * bodySize);
  const grids: (GridSpec | undefined)[] = pages.map((_, i) => (isGridList(grid) ? grid[i] : grid));
  const estimate = grids.length && grids.every(Boolean) ? grids[0]!.pitch : estimatePitch(body);
  /** The line pitch of page `page` (from 1). */
  const pitchOf = (page: number) => grids[page - 1]?.pitch ?? estimate;
  const pitchEstimate = pitchOf(1);

  const kinsoku = { lineStart: 0, lineEnd: 0, splitPairs: 0, examples: [] as Example[] };
  for (const l of all) {
    const first = l.glyphs[0];
    const last = l.glyphs[l.glyphs.length - 1];
    // A list item's marker (• 1、 （一）) opens its line by right.
    if (notAtLineStart(GB, first.cls, 'gb') && first.cls !== 'western_close' && !markerLength(l)) {
      kinsoku.lineStart++;
      kinsoku.examples.push(example(l, `starts with ${first.text}`));
    }
    if (notAtLineEnd(GB, last.cls, 'gb') && last.cls !== 'western_open') {
      kinsoku.lineEnd++;
      kinsoku.examples.push(example(l, `ends with ${last.text}`));
    }
    // —— drawn as one glyph extracts as two dashes; a lone trailing dash or ellipsis is half a pair.
    const tail = /(—+|…+)$/.exec(l.text);
    // One dash after a figure is the 一字线 of a range (2023—2024), which may end a line (GB/T 15834 §5.1.6).
    const range = tail?.[1] === '—' && /[0-9０-９]—$/.test(l.text);
    if (tail && tail[1].length % 2 === 1 && l.glyphs.length > tail[1].length && !range) {
      kinsoku.splitPairs++;
      kinsoku.examples.push(example(l, `ends with half of ${tail[1][0].repeat(2)}`));
    }
  }

  const blocks = columnBlocks(body, em, pitchOf);
  let justifiedLines = 0;
  let paragraphEnds = 0;
  const short: Example[] = [];
  const gaps: number[] = [];
  const gapExamples: Example[] = [];
  let wideGaps = 0;
  const pairs: Example[] = [];
  let fullPairs = 0;
  const orphans: Example[] = [];
  const lone: Example[] = [];
  const nearEmpty: Example[] = [];
  for (const b of blocks) {
    // Where the text of the list item being read starts: its later lines hang there, under it.
    let hang: number | undefined;
    // Whether the line before ended a paragraph: this one opens the next (at a column's head, if it is indented).
    let opens = true;
    b.lines.forEach((l, i) => {
      if (i === 0) opens = l.left > b.left + 0.75 * em || markerLength(l) > 0;
      const next = b.lines[i + 1];
      const marker = markerLength(l);
      if (marker) hang = l.glyphs[marker]?.x;
      // A line at the hang is the item's text unless the text goes on at the column's edge after it: then it is
      // the first line of a paragraph indented as deep as the hang (一、 and a 2 em indent).
      const after = b.lines[i + 2];
      const pitch = pitchOf(l.page);
      const above = b.lines[i - 1];
      if (above && l.y - above.y < 1.5 * pitch && above.right >= b.right - 0.25 * em && carriesNoteReference(above, l)) {
        kinsoku.lineStart++;
        kinsoku.examples.push(example(l, `starts with the note reference ${l.text.slice(0, noteReferenceAt(l.text)!.length)} of the line above`));
      }
      const atEdge = (m: TextLine | undefined, above: TextLine) => m && m.y - above.y < 1.5 * pitch && m.left < b.left + 0.75 * em && !markerLength(m);
      const underText = hang !== undefined && next && Math.abs(next.left - hang) < 0.25 * em && !atEdge(after, next);
      // A paragraph goes on to the next line at the column's edge, in the font its line ended in: a line
      // that starts in another (the 黑体 lead-in of a brief without indent) starts a paragraph; so does
      // a list item's marker, whose later lines hang under its text.
      const continues =
        next && next.y - l.y < 1.5 * pitch && ((next.left < b.left + 0.75 * em && !markerLength(next) && next.glyphs[0].font === l.glyphs.at(-1)!.font) || underText);
      // Lines that go on at the column's edge are no list item's: its lines all hang.
      if (!continues || !underText) hang = undefined;
      const lineGaps: number[] = [];
      /** Gaps where the PDF draws a space the copy typed: a word space, not spacing, unless wider than an ideographic space with the line's spacing. */
      let typedGaps = 0;
      // The blank after a list item's marker is its hang, not spacing.
      for (let k = Math.max(1, marker + 1); k < l.glyphs.length; k++) {
        const [p, g] = [l.glyphs[k - 1], l.glyphs[k]];
        if (!isCjk(p.cls) || !isCjk(g.cls)) continue;
        const gap = (g.x - (p.x + p.width)) / em;
        if (g.spaced && gap <= IDEOGRAPHIC_SPACE + GB.letterStretch * MAX_STRETCH + 1e-3) typedGaps++;
        else lineGaps.push(gap);
      }
      // A space the copy has (记者 张三) stands out of the line's even spacing: a word space, up to ½ em, or an
      // ideographic space (协和印书馆　廿六年冬), one em — each with the line's spacing — not spacing between
      // characters. One in a line; more are letter-spacing. (Where the PDF draws the spaces it says which they are, above, and any number may stand.)
      const even = quantile(lineGaps, 0.5);
      const most = GB.letterStretch * MAX_STRETCH + 1e-3;
      const typed = (gap: number) => gap > even + TYPED_SPACE && (gap <= GB.wordSpace.max + most || Math.abs(gap - IDEOGRAPHIC_SPACE - even) <= most);
      const spacing = !typedGaps && lineGaps.filter(typed).length <= TYPED_SPACES_PER_LINE ? lineGaps.filter((gap) => !typed(gap)) : lineGaps;
      if (continues) {
        justifiedLines++;
        if (l.right < b.right - 0.25 * em) short.push(example(l, `${((b.right - l.right) / em).toFixed(2)} em short`));
        const filled = (l.right - b.left) / (b.right - b.left);
        if (isLoneCharacter(l.text)) lone.push(example(l, 'one character alone inside a paragraph'));
        if (filled < 0.5) nearEmpty.push(example(l, `${Math.round(filled * 100)} % of the column filled inside a paragraph`));
        gaps.push(...spacing);
        // One example per line, however many of its gaps are too wide.
        const wide = spacing.filter((gap) => gap > 0.15 + 1e-3);
        wideGaps += wide.length;
        if (wide.length) gapExamples.push(example(l, `${wide.length > 1 ? `${wide.length} gaps up to` : 'gap'} ${Math.max(...wide).toFixed(3)} em`));
      } else {
        paragraphEnds++;
        // A paragraph of one line (好。) has no line to pull a character down from: it is no 孤字.
        if (isLoneCharacter(l.text) && !opens) orphans.push(example(l));
      }
      opens = !continues;
      // The line's spacing, from its Han characters alone: the gaps beside its marks are their compression.
      const hanSpacing = quantile(hanGaps(l, em), 0.5);
      for (let k = 1; k < l.glyphs.length; k++) {
        const [p, g] = [l.glyphs[k - 1], l.glyphs[k]];
        if (!isCjkPunct(p.cls) || !isCjkPunct(g.cls) || ['dash', 'ellipsis', 'middle'].includes(p.cls)) continue;
        if (['dash', 'ellipsis', 'middle'].includes(g.cls)) continue;
        // As drawn: whether the marks' cells overlap (the blank between them taken out), and the blank between their inks.
        const cells = (g.x - (p.x + p.width)) / em - hanSpacing;
        const blank = (inkOf(g)[0] - inkOf(p)[1]) / em - hanSpacing;
        if (cells > -ADJACENT_CUT / 2 && blank >= HALF_EM) fullPairs++;
        pairs.push(example(l, `${p.text}${g.text} ${blank.toFixed(2)} em between the marks`));
      }
    });
  }

  const histogram: Record<string, number> = {};
  for (const g of gaps) {
    const bin = g <= 0.0005 ? '0' : g <= 0.05 ? '≤0.05' : g <= 0.1 ? '≤0.10' : g <= 0.15 + 1e-3 ? '≤0.15' : '>0.15';
    histogram[bin] = (histogram[bin] ?? 0) + 1;
  }

  // Baseline grid: each page's layout's, else the phase that holds most body lines.
  const phase = mode(body.map((l) => ((l.y % estimate) + estimate) % estimate), 0.05);
  const onPage = body.filter((l) => {
    const g = grids[l.page - 1];
    return !g || (l.y > g.top && l.y < g.bottom);
  });
  const offGrid = onPage.filter((l) => {
    const pitch = pitchOf(l.page);
    const k = (l.y - (grids[l.page - 1]?.firstBaseline ?? phase)) / pitch;
    return Math.abs(k - Math.round(k)) * pitch > 0.1;
  });

  const displayBreaks = brokenWords(all, bodySize, typedBreaks([...new Set(grids)].flatMap((g) => g?.displayTexts ?? [])));

  return {
    bodySize,
    bodyLines: body.length,
    justifiedLines,
    paragraphEnds,
    kinsoku,
    shortLines: { count: short.length, examples: short },
    gaps: {
      count: gaps.length,
      median: +quantile(gaps, 0.5).toFixed(3),
      p95: +quantile(gaps, 0.95).toFixed(3),
      max: +Math.max(0, ...gaps).toFixed(3),
      over015: wideGaps,
      histogram,
      examples: gapExamples,
    },
    punctPairs: { count: pairs.length, fullWidth: fullPairs, examples: pairs },
    orphans: { count: orphans.length, examples: orphans },
    loneLines: { count: lone.length, examples: lone },
    nearEmptyLines: { count: nearEmpty.length, examples: nearEmpty },
    displayBreaks: { count: displayBreaks.length, examples: displayBreaks },
    grid: { pitch: +pitchEstimate.toFixed(3), pitches: [...new Set(pages.map((_, i) => +pitchOf(i + 1).toFixed(3)))], onGrid: onPage.length ? +(1 - offGrid.length / onPage.length).toFixed(4) : 1, offGrid: offGrid.map((l) => example(l)) },
  };
}

const isGridList = (grid: GridSpec | readonly GridSpec[] | undefined): grid is readonly GridSpec[] => Array.isArray(grid);

/** Display text is what is set this much larger than the body, or more. */
const DISPLAY_SIZE = 1.3;

/**
 * Breaks inside a word between consecutive lines of display text: lines of one size, one under the
 * other at most 1.6 lines apart, centred on one axis or starting at one x (a block of headline lines),
 * and not broken where the editor typed a line end or a space.
 */
function brokenWords(lines: readonly TextLine[], bodySize: number, typed: readonly { before: string; after: string }[]): Example[] {
  const display = lines.filter((l) => l.size >= DISPLAY_SIZE * bodySize).sort((a, b) => a.page - b.page || a.y - b.y);
  const found: Example[] = [];
  for (const [i, l] of display.entries()) {
    const next = display.slice(i + 1).find((n) => n.page === l.page && Math.abs(n.size - l.size) < 0.03 * l.size && n.y > l.y && n.y - l.y <= 1.6 * l.size && (Math.abs((n.left + n.right) / 2 - (l.left + l.right) / 2) < 0.5 * l.size || Math.abs(n.left - l.left) < 0.1 * l.size));
    if (!next || l.glyphs[l.glyphs.length - 1].spacedAfter || typed.some((t) => t.before.endsWith(l.text) && t.after.startsWith(next.text))) continue;
    const cost = wordBreakCosts(l.text + next.text, GB)[[...l.text].length] ?? 0;
    if (cost >= GB.breaks.words.inside) found.push(example(l, `broken inside a word before "${next.text.slice(0, 4)}…"`));
  }
  return found;
}

/** How far above a line's even spacing a gap between Han characters is taken as a space of the copy, in em, and how many a line may hold. */
const TYPED_SPACE = 0.2;
const TYPED_SPACES_PER_LINE = 1;
/** Width of U+3000, the ideographic space, in em. */
const IDEOGRAPHIC_SPACE = 1;

/**
 * A pair of marks is set full width where both are drawn at their full advances and a half-em blank
 * or more stands between their inks (！！ at 1 em, 。” at 1.5 em uncompressed): two marks that face
 * each other across no blank (（）, “？) take their two cells by right, and cells drawn overlapping
 * by half the blank taken out of an adjacent pair are compressed (clreq: 2 em to 1.5).
 */
const HALF_EM = 0.5;
const ADJACENT_CUT = GB.compression.adjacent;

/** Where a glyph's ink lies: as drawn, else (a font pdf.js cannot draw) its cell less the blank the GB style gives its class. */
function inkOf(g: TextLine['glyphs'][number]): [number, number] {
  if (g.ink) return g.ink;
  const blank = GB.blank[g.cls] ?? { before: 0, after: 0 };
  return [g.x + blank.before * g.width, g.x + g.width - blank.after * g.width];
}

/** Gaps between the cells of neighbouring Han characters of a line, in em. */
function hanGaps(l: TextLine, em: number): number[] {
  const gaps: number[] = [];
  for (let k = 1; k < l.glyphs.length; k++) {
    const [p, g] = [l.glyphs[k - 1], l.glyphs[k]];
    if (p.cls === 'ideograph' && g.cls === 'ideograph') gaps.push((g.x - (p.x + p.width)) / em);
  }
  return gaps;
}

/** Classes a paragraph's line may end in only where the paragraph goes on: a word's, closing marks aside. */
const WORD_END = new Set<CharClass>(['ideograph', 'emoji', 'letter', 'digit', 'percent', 'western_close']);

/**
 * Whether `line` opens with a note's reference (①, [1]) carried from the full line `above`: a line
 * ending in a word goes on with its paragraph (a list item, whose marker is the same character,
 * follows a paragraph's end), and the reference reads as annotating that word (rules.breaks.noteReference).
 */
function carriesNoteReference(above: TextLine, line: TextLine): boolean {
  const ref = noteReferenceAt(line.text);
  if (!ref) return false;
  const last = above.glyphs[above.glyphs.length - 1].cls;
  const annotates = GB.breaks.noteReference.after[ref.kind];
  let k = above.glyphs.length - 1;
  while (k > 0 && above.glyphs[k].cls === 'close') k--;
  return (annotates === 'any' || annotates.includes(last)) && WORD_END.has(above.glyphs[k].cls);
}

/** Glyphs of the list marker the line opens with (0 if it opens none). */
function markerLength(l: TextLine): number {
  const marker = listMarker(l.text);
  return marker ? [...marker.trim()].length : 0;
}

/** The most common distance between consecutive body baselines. */
function estimatePitch(body: readonly TextLine[]): number {
  const ys = [...new Set(body.map((l) => +l.y.toFixed(2)))].sort((a, b) => a - b);
  const d = ys.slice(1).map((y, i) => y - ys[i]).filter((x) => x > 0.5);
  return d.length ? mode(d, 0.05) : 12;
}
