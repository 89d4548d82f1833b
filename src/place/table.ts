/**
 * Tables of the copy set as a newspaper sets them: ruled above and below, a thin rule under the
 * header row, the header in its own style (黑体 in the shipped layouts), columns as wide as their
 * content asks within the column of the frame, text flush left and figures flush right on their
 * decimal point. A row is one line of the flow, its cells in order, so that a table breaks
 * between columns at a row and oversets like text, and reads row by row, cell by cell.
 */
import { DiagnosticList, type Diagnostic } from '../diagnostics.js';
import type { ComposedLine, PlacedGlyph } from '../compose/paragraph.js';
import type { CellAlign, TableBlock } from '../issue/model.js';
import type { KinsokuLevel, Layout, Style } from '../layout/model.js';
import { style as styleOf } from '../layout/load-layout.js';
import { classOf } from '../chars/char-class.js';
import { wordBreakCosts } from '../compose/words.js';
import { GB } from '../rules/gb.js';
import { notAtLineEnd, notAtLineStart } from '../rules/rules.js';
import { gridHeight, type FlowLine, type TableRule } from './flow.js';
import { setText, type CompositionStore } from './typeset.js';

/** Blank between two columns, in em of the table's style: a full em, or half where the table is narrower than its cells want. */
const COLUMN_GAP = 1;
const TIGHT_COLUMN_GAP = 0.5;
/** Narrowest a column is made when the table must be narrowed, in em. */
const MIN_COLUMN = 2;

/** A figure as tables print it: 12,345.6, −3.5, +12%, 1.2万 (a sign, digits, marks inside, a unit sign after). */
const FIGURE = /^[-−+±]?[0-9０-９][0-9０-９,，.．]*\s*[%‰万亿]?$/u;

const isFigure = (cell: string) => FIGURE.test(cell);

/** A cell saying there is no figure, as statistical tables print it: a dash, an ellipsis or a solidus (—, －, …, /). */
const NO_FIGURE = /^(?:[-–—－/／]|——|…{1,2}|\.{3})$/u;

/** A hyphen typed for the sign of a negative figure. */
const TYPED_MINUS = /^-(?=[0-9０-９])/u;

/** Part of a figure from its decimal point on ('' for a whole number). */
const fraction = (cell: string) => /[.．][0-9０-９]+\s*[%‰万亿]?$/u.exec(cell)?.[0] ?? /[%‰万亿]$/u.exec(cell)?.[0] ?? '';

/** The table set at a width: its lines for the flow, and how it reads there. */
export interface SetTable {
  lines: FlowLine[];
  /** Lines of the header row, which a table broken between columns repeats at the head of the next. */
  header: number;
  /** Most lines any cell of the body wraps to. */
  cellLines: number;
  /** Lines of its notes, at the end of `lines`. */
  noteLines: number;
  /** Most lines a cell of the header row stands on. */
  headerLines: number;
  /** Cells that wrap: of the body, on more than one line; of the header, on more than two. */
  wrapped: number;
  /** Header cells parted inside a word, the table too narrow to hold their words whole. */
  partedWords: number;
}

/**
 * The table's lines for the flow: each row's cells set at their column's width, the row one line
 * of the flow as tall as its tallest cell, the rules on the rows they stand above or below, and
 * its notes under it in the style `table_note`.
 */
export function tableLines(
  context: CompositionStore,
  table: TableBlock,
  layout: Layout,
  width: number,
  diags: DiagnosticList,
  placeOf: (line: number) => Omit<Diagnostic, 'severity' | 'message'>,
): SetTable {
  const body = styleOf(layout, 'table');
  const head = styleOf(layout, 'table_header');
  const em = body.size * body.hScale;
  const measure = width / em;
  const columns = table.rows[0].length;
  const styleOfRow = (r: number) => (r === 0 && table.header ? head : body);
  // Natural width of a text in em of the table's style: set on one line as wide as need be (what it
  // lacks is reported where the cell is set).
  const natural = (text: string, style: Style) => {
    if (!text) return 0;
    const [line] = setText(context, text, style, 1e4 * em, new DiagnosticList(), {}, { indent: 0, align: 'left' }).lines;
    return ((line.right - line.left) * style.size * style.hScale) / em;
  };
  // A column of figures, where a cell may say there is none (set flush right like them).
  const bodyCells = (c: number) => table.rows.filter((_, r) => !(r === 0 && table.header)).map((row) => row[c]);
  const figures = Array.from({ length: columns }, (_, c) => bodyCells(c).every((cell) => !cell || isFigure(cell) || NO_FIGURE.test(cell)) && bodyCells(c).some(isFigure));
  // A negative figure prints with a minus sign (−), as wide as a figure, where the copy typed a hyphen.
  const rows = table.rows.map((row, r) => row.map((cell, c) => (figures[c] && !(r === 0 && table.header) ? cell.replace(TYPED_MINUS, '−') : cell)));
  const align = (c: number): CellAlign => table.align[c] ?? (figures[c] ? 'right' : 'left');
  // A figure column aligns on the decimal point: each figure padded on the right to the widest fraction.
  const fractionWidth = rows.map((row, r) => row.map((cell, c) => (figures[c] && !(r === 0 && table.header) && cell ? natural(fraction(cell), styleOfRow(r)) : 0)));
  const widestFraction = Array.from({ length: columns }, (_, c) => Math.max(0, ...fractionWidth.map((f) => f[c])));
  // A header wider than its column's cells stands on two lines rather than widen the column,
  // parted where an editor would part it (利润总额 / （亿元）, not 利润总额（亿 / 元）).
  const headerWant = (text: string) => {
    const whole = natural(text, head);
    const breaks = cellBreaks(text, head.kinsoku);
    if (!breaks.length) return whole;
    return Math.min(whole, ...breaks.map(({ at }) => Math.max(natural(text.slice(0, at).trim(), head), natural(text.slice(at).trim(), head))));
  };
  const wants = Array.from({ length: columns }, (_, c) =>
    Math.max(
      1,
      ...rows.map((row, r) => (r === 0 && table.header ? headerWant(row[c]) : natural(row[c], body) + (figures[c] ? widestFraction[c] - fractionWidth[r][c] : 0))),
    ),
  );
  // A figure never breaks (GB/T 15835): its column is never made narrower than its widest figure,
  // nor than the longest run of figures and letters in its header (1—11月).
  const unbroken = (cell: string, style: Style) => Math.max(0, ...(cell.match(/[0-9A-Za-z０-９.,%—–-]+/g) ?? []).map((run) => natural(run, style)));
  const least = Array.from({ length: columns }, (_, c) =>
    Math.max(table.header ? unbroken(rows[0][c], head) : 0, figures[c] ? Math.max(...rows.map((row, r) => (r === 0 && table.header ? 0 : natural(row[c], body)))) + widestFraction[c] : 0),
  );
  // Nor than the longest piece of its header that the word model does not part (排名, 积分, 同比增长):
  // a header word stands whole, the gaps tightened to ½ em first; only where even so the table is
  // wider than its column is a word parted, and that is reported.
  const words = Array.from({ length: columns }, (_, c) => (table.header ? Math.max(least[c], widestPiece(rows[0][c], head.kinsoku, (t) => natural(t, head))) : least[c]));
  const wanted = wants.map((w, c) => Math.max(w, words[c]));
  const gap = sum(wanted) + COLUMN_GAP * (columns - 1) <= measure ? COLUMN_GAP : TIGHT_COLUMN_GAP;
  const wordsFit = sum(words) + gap * (columns - 1) <= measure + 1e-6;
  const widths = columnWidths(wanted, wordsFit ? words : least, measure - gap * (columns - 1));
  const widest = sum(least) + gap * (columns - 1);
  if (widest > measure + 1e-6) {
    diags.error(`the table is at least ${widest.toFixed(1)} em wide (its figures and headers do not break) and the column ${measure.toFixed(1)} em: set it in a wider frame or shorten its cells`, placeOf(table.lines[0]));
  }
  const x: number[] = [];
  widths.reduce((at, w, c) => ((x[c] = at), at + w + gap), 0);

  const lines: FlowLine[] = [];
  let cellLines = 0;
  let headerLines = 0;
  let wrapped = 0;
  let partedWords = 0;
  rows.forEach((row, r) => {
    const style = styleOfRow(r);
    // The row's lines are in em of its own style (a header may be set larger).
    const lineEm = style.size * style.hScale;
    const cells = row.map((cell, c) => {
      const pad = figures[c] && !(r === 0 && table.header) && cell ? widestFraction[c] - fractionWidth[r][c] : 0;
      const cellAlign = r === 0 && table.header && figures[c] && !table.align[c] ? 'right' : align(c);
      const width = widths[c] - pad;
      const setPart = ([from, to]: readonly [number, number]) =>
        setText(context, cell.slice(from, to), style, width * em, diags, placeOf(table.lines[r]), { indent: 0, align: cellAlign, minLastLineChars: 0, display: r === 0 && table.header }).lines.map((l) =>
          from ? { ...l, start: l.start + from, stop: l.stop + from } : l,
        );
      const whole = cell ? setPart([0, cell.length]) : [];
      // A cell's lines part where an editor would part them, each set on its own: a header's
      // always, a text cell's where that takes no more lines than the composer's breaks.
      const parts = whole.length > 1 && !(figures[c] && !(r === 0 && table.header)) ? linesByWords(cell, cellBreaks(cell, style.kinsoku), width, (t) => natural(t, style)) : undefined;
      const lines = parts && ((r === 0 && table.header) || parts.length <= whole.length) ? parts.flatMap(setPart) : whole;
      return { text: cell, typed: table.rows[r][c], lines, dx: (x[c] * em) / lineEm };
    });
    // One line of the flow per row, its cells one after the other (so the row reads cell by cell),
    // a cell's later lines set a grid line lower each: a row never breaks between columns.
    const count = Math.max(1, ...cells.map((c) => c.lines.length));
    if (!(r === 0 && table.header)) {
      cellLines = Math.max(cellLines, count);
      wrapped += cells.filter((c) => c.lines.length > 1).length;
    } else {
      headerLines = count;
      wrapped += cells.filter((c) => c.lines.length > 2).length;
      cells.forEach((cell, c) => {
        if (cell.lines.length < 2 || widths[c] + 1e-6 >= words[c]) return;
        partedWords++;
        const parted = cell.lines.map((l) => cell.text.slice(l.start, l.stop)).join(' / ');
        diags.warn(`the header "${cell.text}" is parted inside a word (${parted}): the table is too wide for its column to hold its header words whole; set it in a wider frame or shorten the header`, placeOf(table.lines[0]));
      });
    }
    const step = gridHeight(style, layout.grid);
    const pitch = (step * layout.grid.pitch) / style.size;
    const glyphs: PlacedGlyph[] = [];
    let chars = 0;
    for (const cell of cells) {
      cell.lines.forEach((line, k) => {
        const dy = (k - (count - 1)) * pitch;
        line.glyphs.forEach((g, i) => {
          // The minus extracts as the copy has it.
          const text = k === 0 && i === 0 && g.text === '−' && cell.typed.startsWith('-') ? '-' : g.text;
          glyphs.push({ ...g, text, x: cell.dx + g.x, ...(dy && { dy }), ...(i === 0 && { wordStart: true }) });
        });
        chars += [...cell.text.slice(line.start, line.stop).replace(/\s/g, '')].length;
      });
    }
    const measureEm = width / lineEm;
    const composed: ComposedLine = { glyphs, measure: measureEm, left: 0, right: measureEm, start: 0, stop: 0, last: true };
    const rules: TableRule[] = [];
    if (r === 0) rules.push('top');
    if (r === 0 && table.header) rules.push('under_header');
    if (r === table.rows.length - 1) rules.push('bottom');
    lines.push({ line: composed, style, height: step * count, role: 'table', chars, ...(rules.length && { rules }) });
  });
  // Notes under the table, as wide as it, flush with its rules.
  const noteStyle = styleOf(layout, 'table_note');
  const rowLines = lines.length;
  for (const note of table.notes ?? []) {
    const set = setText(context, note.text, noteStyle, width, diags, placeOf(note.line), { indent: 0 });
    const height = gridHeight(noteStyle, layout.grid);
    for (const line of set.lines) lines.push({ line, style: noteStyle, height, role: 'table_note', chars: [...note.text.slice(line.start, line.stop).replace(/\s/g, '')].length });
  }
  return { lines, header: table.header ? 1 : 0, cellLines, noteLines: lines.length - rowLines, headerLines, wrapped, partedWords };
}

/** The widest piece of a text that the word model and the rules do not part (the whole text where nothing parts it). */
function widestPiece(text: string, kinsoku: KinsokuLevel, natural: (text: string) => number): number {
  const ends = [0, ...cellBreaks(text, kinsoku).map((b) => b.at), text.length];
  return Math.max(0, ...ends.slice(1).map((to, k) => natural(text.slice(ends[k], to).trim())));
}

/** A place where a cell's text may part: its offset, and what the word model says the break costs. */
interface CellBreak {
  at: number;
  cost: number;
}

/**
 * Where a cell's text may part: after a mark, at a space, between two words or beside a word of
 * one character — not inside a word, nor where the rules forbid a line to end or start.
 */
function cellBreaks(text: string, kinsoku: KinsokuLevel): CellBreak[] {
  const costs = wordBreakCosts(text, GB);
  const at: number[] = [];
  const chars: string[] = [];
  let offset = 0;
  for (const ch of text) {
    if (!/\s/u.test(ch)) (at.push(offset), chars.push(ch));
    offset += ch.length;
  }
  const cls = (k: number) => classOf(chars[k].codePointAt(0)!);
  const breaks: CellBreak[] = [];
  for (let k = 1; k < chars.length; k++) {
    if (costs[k] <= GB.breaks.words.single && !notAtLineStart(GB, cls(k), kinsoku) && !notAtLineEnd(GB, cls(k - 1), kinsoku)) breaks.push({ at: at[k], cost: costs[k] });
  }
  return breaks;
}

/**
 * A cell's text in lines no wider than `width` (em), parted only at `breaks`, as [from, to) in
 * the text without the blanks at a part's edges: the fewest lines, then the cheapest breaks, then
 * the narrowest widest line. Undefined where a piece between two breaks is wider (the composer
 * then breaks it where it finds best).
 */
function linesByWords(text: string, breaks: readonly CellBreak[], width: number, natural: (text: string) => number): [number, number][] | undefined {
  const ends = [{ at: 0, cost: 0 }, ...breaks, { at: text.length, cost: 0 }];
  const trimmed = (from: number, to: number): [number, number] => {
    while (from < to && /\s/u.test(text[from])) from++;
    while (to > from && /\s/u.test(text[to - 1])) to--;
    return [from, to];
  };
  // best[j]: the best lines for the text up to ends[j]: how many, their breaks' cost, the widest, where the last starts.
  const best: ({ lines: number; cost: number; widest: number; from: number } | undefined)[] = [{ lines: 0, cost: 0, widest: 0, from: -1 }];
  const better = (a: NonNullable<(typeof best)[number]>, b: (typeof best)[number]) =>
    !b || a.lines < b.lines || (a.lines === b.lines && (a.cost < b.cost || (a.cost === b.cost && a.widest < b.widest)));
  for (let j = 1; j < ends.length; j++) {
    // Lines ending at ends[j], from the shortest back: once one is too wide, every longer one is.
    for (let i = j - 1; i >= 0; i--) {
      const w = natural(text.slice(...trimmed(ends[i].at, ends[j].at)));
      if (w > width + 1e-6) break;
      const before = best[i];
      if (!before) continue;
      const option = { lines: before.lines + 1, cost: before.cost + ends[j].cost, widest: Math.max(before.widest, w), from: i };
      if (better(option, best[j])) best[j] = option;
    }
  }
  if (!best[ends.length - 1]) return undefined;
  const lines: [number, number][] = [];
  for (let j = ends.length - 1; j > 0; j = best[j]!.from) lines.unshift(trimmed(ends[best[j]!.from].at, ends[j].at));
  return lines;
}

const sum = (xs: readonly number[]) => xs.reduce((s, w) => s + w, 0);

/**
 * Column widths from what the cells want: the room left shared out evenly when they fit, else
 * the columns narrowed in proportion to what they want beyond their least (`least`, and never
 * under MIN_COLUMN, unless the room is narrower than that), their cells wrapping. Columns whose least is more than the room overrun it:
 * their lines are reported as too wide.
 */
export function columnWidths(wants: readonly number[], least: readonly number[], room: number): number[] {
  const total = sum(wants);
  if (total <= room) return wants.map((w) => w + (room - total) / wants.length);
  const atLeast = wants.map((w, c) => Math.max(least[c], Math.min(w, MIN_COLUMN)));
  // Floors that would overrun the room give way toward the least, in proportion: the table stays in its column.
  const sumLeast = sum(least);
  const sumAtLeast = sum(atLeast);
  const give = sumAtLeast > room && sumAtLeast > sumLeast ? Math.max(0, room - sumLeast) / (sumAtLeast - sumLeast) : 1;
  const floor = atLeast.map((f, c) => (give < 1 ? least[c] + (f - least[c]) * give : f));
  const over = wants.map((w, c) => w - floor[c]);
  const spare = Math.max(0, room - sum(floor));
  const sumOver = sum(over);
  return floor.map((f, c) => f + (sumOver > 0 ? (over[c] * spare) / sumOver : 0));
}
