/**
 * Tables set across several columns of an article's frame (跨栏表), as a newspaper sets a
 * statistical table a column cannot hold: the text before the table stands in the frame's
 * columns, each as deep as the text needs, the table across its columns under them (a line of
 * white between), and the text after the table goes on in the columns under it and beside it,
 * balanced as any text. A frame holding several such tables repeats this for each.
 *
 * A table that does not stand whole under the text before it breaks between rows: it goes on in
 * the next band of as many columns beside it (columns 3–4 after 1–2), then in the next part of
 * the frame, its header row repeated at the head of each piece, each piece closed by the table's
 * rule, never fewer than two rows of its body on either side of a break, its notes under the last.
 */
import { balancedFlow, type BalancedFlow } from './balance.js';
import { flowGroups, sumHeight, type FlowGroup, type FlowLine, type FlowResult, type Slot } from './flow.js';

/** Lines the text above a table may stand deeper than it needs, to leave no line alone at a column's head or foot. */
const DEEPER = 4;

/** Rows of a table's body that a break leaves at least on either side of it. */
const ROWS_AT_BREAK = 2;

/** The slots of parts before `part` whole, and those of `part` down to grid line `foot` of each column. */
const above = (slots: readonly Slot[], part: number, foot: (column: number) => number): Slot[] =>
  slots.flatMap((s) => {
    if (s.part !== part) return s.part < part ? [s] : [];
    const count = Math.min(s.count, foot(s.column) - s.line + 1);
    return count > 0 ? [{ ...s, count }] : [];
  });

/** The slots of `part` from grid line `from` of each column down (none where `from` is Infinity), and those of later parts whole. */
const below = (slots: readonly Slot[], part: number, from: (column: number) => number): Slot[] =>
  slots.flatMap((s) => {
    if (s.part !== part) return s.part > part ? [s] : [];
    const skip = Math.max(0, from(s.column) - s.line);
    return skip < s.count ? [{ ...s, line: s.line + skip, count: s.count - skip }] : [];
  });

/** Adds a later part of the flow to the flow so far; the groups of `part` start at group `offset`. */
function join(into: FlowResult, part: FlowResult, offset: number, last: boolean): void {
  into.blocks.push(...part.blocks);
  into.blockParts.push(...part.blockParts);
  into.emptyCells.push(...part.emptyCells);
  into.linesSet += part.linesSet;
  into.gapLines += part.gapLines + (last ? 0 : part.emptyLines);
  if (last) into.emptyLines += part.emptyLines;
  into.overflowLines += part.overflowLines;
  into.overflowChars += part.overflowChars;
  into.orphans += part.orphans;
  into.widows += part.widows;
  into.broken += part.broken;
  into.adjusted += part.adjusted;
  into.alone.push(...part.alone.map((g) => g + offset));
  into.aloneLines.push(...part.aloneLines.map((a) => ({ ...a, group: a.group + offset })));
}

/** N columns side by side in one part of the frame, where a table or a piece of it stands. */
interface Band {
  part: number;
  columns: number[];
}

/** The bands of `span` columns of a part, left to right, from its first column; columns left over, too few for a band, stand in none. */
function bandsOf(slots: readonly Slot[], part: number, span: number): Band[] {
  const columns = [...new Set(slots.filter((s) => s.part === part).map((s) => s.column))].sort((a, b) => a - b);
  const bands: Band[] = [];
  for (let k = 0; k + span <= columns.length; k += span) {
    const band = columns.slice(k, k + span);
    if (band.every((c, i) => c === band[0] + i)) bands.push({ part, columns: band });
  }
  return bands;
}

/** Grid lines free in every column of the band from `line` down (0 where one of them is taken there). */
function freeRun(slots: readonly Slot[], band: Band, line: number): number {
  let run = Infinity;
  for (const c of band.columns) {
    // Down through the slots that follow one another (the rectangles of a stepped frame).
    let end = line;
    for (let s = slots.find((x) => x.part === band.part && x.column === c && x.line <= end && end < x.line + x.count); s; s = slots.find((x) => x.part === band.part && x.column === c && x.line === end)) end = s.line + s.count;
    run = Math.min(run, end - line);
  }
  return run;
}

/** The slot across the band's columns from `line`, `count` lines deep. */
function bandSlot(slots: readonly Slot[], band: Band, line: number, count: number): Slot {
  const left = slots.find((s) => s.part === band.part && s.column === band.columns[0])!;
  const right = slots.find((s) => s.part === band.part && s.column === band.columns[band.columns.length - 1])!;
  return { ...left, width: right.x + right.width - left.x, line, count };
}

/** Whether a table has rows enough to break: ROWS_AT_BREAK of its body on either side. */
const breakable = (table: FlowGroup) => table.lines.length - (table.repeat?.length ?? 0) - (table.keepLast ?? 0) >= 2 * ROWS_AT_BREAK;

/** A piece of a broken table: its first piece's header is the table's own, a later piece's a repeat that sets no character of the copy again. */
interface Piece {
  band: Band;
  line: number;
  group: FlowGroup;
}

/** A table's row lines made to close a piece: the table's rule under the last, over the first of a piece without a header. */
const ruled = (line: FlowLine, rule: 'top' | 'bottom'): FlowLine => (line.rules?.includes(rule) ? line : { ...line, rules: rule === 'top' ? [rule, ...(line.rules ?? [])] : [...(line.rules ?? []), rule] });

/**
 * The pieces of a table that does not stand whole in its first band: as many rows in each band
 * as its free lines hold from `startOf(band)`, a piece holding at least ROWS_AT_BREAK rows of the
 * body and leaving at least as many for the next, the notes with the last rows. The bands of a
 * part are filled left to right, the pieces level with the first; then again under them where
 * the frame goes on lower down in the same columns (a rectangle of the frame under another), a
 * line of white between; then those of the next part. Rows no band holds are left over.
 */
function breakTable(table: FlowGroup, slots: readonly Slot[], bands: readonly Band[], startOf: (band: Band) => number): { pieces: Piece[]; left: FlowLine[] } {
  const header = table.repeat ?? [];
  const notes = table.lines.slice(table.lines.length - (table.keepLast ?? 0));
  const body = table.lines.slice(header.length, table.lines.length - notes.length);
  const pieces: Piece[] = [];
  let next = 0;
  const head = () => (pieces.length ? header.map((h) => ({ ...h, chars: 0 })) : header);
  // Rows from `next` on that stand in `room` lines under the header, the notes with them when they are the last.
  const rowsIn = (room: number) => {
    let end = next;
    let depth = sumHeight(head());
    while (end < body.length && depth + body[end].height <= room) depth += body[end++].height;
    if (end === body.length && depth + sumHeight(notes) > room) end--;
    // Never one row alone on the other side of the break.
    if (end < body.length && body.length - end < ROWS_AT_BREAK) end = body.length - ROWS_AT_BREAK;
    return end - next >= ROWS_AT_BREAK ? end : next;
  };
  const place = (band: Band, from: number): boolean => {
    const bottom = Math.max(...slots.filter((s) => s.part === band.part && band.columns.includes(s.column)).map((s) => s.line + s.count - 1));
    let line = from;
    while (line <= bottom && rowsIn(freeRun(slots, band, line)) === next) line++;
    if (line > bottom) return false;
    const end = rowsIn(freeRun(slots, band, line));
    const rows = body.slice(next, end);
    const last = end === body.length;
    const top = head();
    const lines = [...top, ...rows.map((r, k) => (k === 0 && !top.length && pieces.length ? ruled(r, 'top') : k === rows.length - 1 && !last ? ruled(r, 'bottom') : r)), ...(last ? notes : [])];
    pieces.push({ band, line, group: { ...table, lines, repeat: undefined, keepLast: last ? table.keepLast : undefined } });
    next = end;
    return true;
  };
  for (const part of new Set(bands.map((b) => b.part))) {
    const own = bands.filter((b) => b.part === part);
    for (let placed = true; placed && next < body.length; ) {
      placed = false;
      // No piece above the first of its part: the text before stands in every column down to it.
      let level = Math.max(-Infinity, ...pieces.filter((p) => p.band.part === part).map((p) => p.line));
      for (const band of own) {
        if (next >= body.length) break;
        const above = pieces.filter((p) => p.band === band).at(-1);
        const from = Math.max(startOf(band), level, above ? above.line + sumHeight(above.group.lines) + 1 : -Infinity);
        if (place(band, from)) {
          placed = true;
          level = Math.max(level, pieces[pieces.length - 1].line);
        }
      }
    }
  }
  const left = next >= body.length ? [] : [...head(), ...body.slice(next), ...notes];
  return { pieces, left };
}

/** Blocks of one table in one part as one block: a broken table is one table in the page model, read piece after piece. */
function mergeTable(flow: FlowResult, from: number): void {
  for (let i = flow.blocks.length - 1; i > from; i--) {
    const [a, b] = [flow.blocks[i - 1], flow.blocks[i]];
    if (a.role === 'table' && b.role === 'table' && flow.blockParts[i - 1] === flow.blockParts[i]) {
      a.lines.push(...b.lines);
      flow.blocks.splice(i, 1);
      flow.blockParts.splice(i, 1);
    }
  }
}

/**
 * Flows groups some of which are tables across `span` columns (set that wide) through the
 * slots of the frame, their columns from each part's first. A table that does not stand whole
 * under the text before it breaks between rows into the bands beside it and the parts of the
 * frame after; rows that no band holds are overset.
 */
export function spannedFlow(groups: readonly FlowGroup[], slots: readonly Slot[], fill: boolean, balance: boolean): BalancedFlow {
  const set = flowAcross(groups, slots, fill, balance);
  if (!fill || set.flow.overflowLines === 0) return set;
  // Filling paragraphs moves where a table stands and may leave it less room: copyfitting never oversets what the copy's best setting holds.
  const best = flowAcross(groups, slots, false, balance);
  return best.flow.overflowLines < set.flow.overflowLines ? best : set;
}

function flowAcross(groups: readonly FlowGroup[], slots: readonly Slot[], fill: boolean, balance: boolean): BalancedFlow {
  const flow: FlowResult = { blocks: [], blockParts: [], emptyCells: [], linesSet: 0, gapLines: 0, emptyLines: 0, overflowLines: 0, overflowChars: 0, orphans: 0, widows: 0, adjusted: 0, broken: 0, alone: [], aloneLines: [] };
  let rest: Slot[] = [...slots];
  let start = 0;
  for (let gi = 0; gi < groups.length; gi++) {
    const table = groups[gi];
    if (!table.span) continue;
    if (!rest.length) break;
    const before = groups.slice(start, gi);
    const parts = [...new Set(rest.map((s) => s.part))];
    const topOf = (p: number) => Math.min(...rest.filter((s) => s.part === p).map((s) => s.line));
    const bottomOf = (p: number) => Math.max(...rest.filter((s) => s.part === p).map((s) => s.line + s.count - 1));
    const height = sumHeight(table.lines);
    const holds = (p: number, line: number) => flowGroups(before, above(rest, p, () => line), false).overflowLines === 0;
    // The part the text before ends in, and the least depth there that holds it at its best setting.
    const part = before.length && parts.length > 1 ? (parts.find((p) => holds(p, bottomOf(p))) ?? parts[parts.length - 1]) : parts[0];
    const top = topOf(part);
    const bottom = bottomOf(part);
    const bands = bandsOf(rest, part, table.span);
    const [first] = bands;
    // The first line from `from` where the table stands whole in the band, its columns free for its whole depth.
    const wholeFrom = (band: Band, from: number) => {
      for (let line = from; line + height - 1 <= bottom; line++) if (freeRun(rest, band, line) >= height) return line;
      return undefined;
    };
    let foot = top - 1;
    if (before.length) {
      let hi = bottom;
      while (foot < hi) {
        const mid = (foot + hi) >> 1;
        if (holds(part, mid)) hi = mid;
        else foot = mid + 1;
      }
      // A few lines deeper where that leaves fewer lines alone at a column's head or foot.
      const alone = (line: number) => {
        const r = flowGroups(before, above(rest, part, () => line), false);
        return r.overflowLines ? Infinity : r.orphans + r.widows;
      };
      // No deeper than leaves the table standing whole in one of its bands if it does under the
      // least depth, nor than leaves room for its first piece where it breaks anyway.
      const standsWhole = (line: number) => bands.some((b) => wholeFrom(b, line + 2) !== undefined);
      const piece = sumHeight(table.lines.slice(0, (table.repeat?.length ?? 0) + ROWS_AT_BREAK));
      const deeper = breakable(table) && !standsWhole(foot) ? (line: number) => line <= bottom - piece - 1 : (line: number) => line <= bottom - height - 1 && (!bands.length || standsWhole(line));
      let least = alone(foot);
      for (let line = foot + 1; least > 0 && line <= foot + DEEPER && deeper(line); line++) {
        const n = alone(line);
        if (n < least) [least, foot] = [n, line];
      }
    }
    // The table stands whole under a line of white in the first band whose columns are free for its
    // whole depth (beside the end of a table before it, say), rather than break.
    const head = before.length ? foot + 2 : top;
    const home = bands.map((band) => ({ band, line: wholeFrom(band, head) })).find((b) => b.line !== undefined);
    const later = parts.filter((p) => p > part).flatMap((p) => bandsOf(rest, p, table.span!));
    const broken = home || !first || !breakable(table) ? undefined : breakTable(table, rest, [...bands, ...later], (b) => (b.part === part ? head : topOf(b.part)));
    // A table that cannot break (too few rows) stands from under the text where the columns of its
    // first band are free deepest (an earlier table may stand in them), what does not fit overset;
    // nowhere if no line is free.
    let line = head;
    if (first && !home) for (let l = head; l <= bottom; l++) if (freeRun(rest, first, l) > freeRun(rest, first, line)) line = l;
    const stand = home ? { band: home.band, line: home.line! } : first && freeRun(rest, first, line) > 0 ? { band: first, line } : undefined;
    const pieces: Piece[] = broken?.pieces ?? (stand ? [{ ...stand, group: { ...table, repeat: undefined } }] : []);
    const left = broken ? broken.left : stand ? [] : table.lines;
    // Where the text before ends in each column of the part: it stands above the table, to the line of white over it.
    const ends = new Map<number, number>();
    const under = pieces[0]?.band.part === part ? pieces[0].line : undefined;
    if (before.length) {
      const set = flowGroups(before, above(rest, part, () => (under === undefined ? bottom : under - 2)), fill);
      join(flow, set, start, false);
      set.blocks.forEach((b, k) => {
        if (set.blockParts[k] === part) for (const l of b.lines) if (l.cell) ends.set(l.cell.column, Math.max(ends.get(l.cell.column) ?? 0, l.cell.line));
      });
    }
    const blocksFrom = flow.blocks.length;
    let cut = false;
    for (const piece of pieces) {
      // Only the lines free in every column of the band: a line never stands on one already set.
      const room = bandSlot(rest, piece.band, piece.line, Math.min(sumHeight(piece.group.lines), freeRun(rest, piece.band, piece.line)));
      cut ||= room.count < sumHeight(piece.group.lines);
      join(flow, flowGroups([piece.group], [room], false), gi, false);
    }
    if (left.length) join(flow, flowGroups([{ ...table, lines: left, repeat: undefined }], [], false), gi, false);
    mergeTable(flow, blocksFrom);
    const last = pieces[pieces.length - 1];
    if (!last || left.length || cut) {
      // The text after an overset table is overset after it.
      rest = [];
    } else {
      // The text after goes on under the table's last piece (a line of white between) and in the
      // columns after it, beside it; the lines under a piece it went on from, and those it passed
      // by, stay empty.
      const lastPart = last.band.part;
      const lastColumn = last.band.columns[last.band.columns.length - 1];
      const after = last.line + sumHeight(last.group.lines) + (table.spaceAfter ?? 0);
      // Beside a piece set under earlier ones (a lower rectangle of the frame), from its level.
      const level = pieces.some((p) => p.band.part === lastPart && p.line < last.line) ? last.line : -Infinity;
      const next = below(rest, lastPart, (c) =>
        last.band.columns.includes(c) ? after : c < lastColumn ? Infinity : Math.max(level, lastPart !== part ? topOf(lastPart) : ends.has(c) ? ends.get(c)! + 2 : top),
      );
      const covered = (list: readonly { part: number; columns: readonly number[]; line: number; count: number }[], p: number, c: number, l: number) =>
        list.some((x) => x.part === p && x.columns.includes(c) && x.line <= l && l < x.line + x.count);
      const taken = [
        ...pieces.map((x) => ({ part: x.band.part, columns: x.band.columns, line: x.line, count: sumHeight(x.group.lines) })),
        { part: lastPart, columns: last.band.columns, line: last.line, count: after - last.line },
        ...next.map((x) => ({ part: x.part, columns: [x.column], line: x.line, count: x.count })),
      ];
      for (const s of rest) {
        if (s.part < part || s.part > lastPart || (s.part === part && under === undefined)) continue;
        const from = s.part === part ? under! : topOf(s.part);
        for (let l = Math.max(s.line, from); l < s.line + s.count; l++) {
          if (covered(taken, s.part, s.column, l)) continue;
          flow.emptyCells.push({ part: s.part, column: s.column, line: l });
          flow.gapLines++;
        }
      }
      rest = next;
    }
    start = gi + 1;
  }
  const tail = balancedFlow(groups.slice(start), rest, fill, balance);
  join(flow, tail.flow, start, true);
  return { flow, ...(tail.foot && { foot: tail.foot }) };
}
