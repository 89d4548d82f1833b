/**
 * Tables set across several columns of an article's frame (跨栏表), as a newspaper sets a
 * statistical table a column cannot hold: the text before the table stands in the frame's
 * columns, each as deep as the text needs, the table across its columns under them (a line of
 * white between), and the text after the table goes on in the columns under it and beside it,
 * balanced as any text. A frame holding several such tables repeats this for each.
 */
import { balancedFlow, type BalancedFlow } from './balance.js';
import { flowGroups, sumHeight, type FlowGroup, type FlowResult, type Slot } from './flow.js';

/** Lines the text above a table may stand deeper than it needs, to leave no line alone at a column's head or foot. */
const DEEPER = 4;

/** The slots down to grid line `foot` of each column. */
const above = (slots: readonly Slot[], foot: (column: number) => number): Slot[] =>
  slots.flatMap((s) => {
    const count = Math.min(s.count, foot(s.column) - s.line + 1);
    return count > 0 ? [{ ...s, count }] : [];
  });

/** The slots from grid line `from` of each column down. */
const below = (slots: readonly Slot[], from: (column: number) => number): Slot[] =>
  slots.flatMap((s) => {
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

/**
 * Flows groups some of which are tables across `span` columns (set that wide) through the
 * slots of one part of a frame, their columns from the frame's first. A table that cannot
 * stand whole in the frame under the text before it is overset from the row that does not fit.
 */
export function spannedFlow(groups: readonly FlowGroup[], slots: readonly Slot[], fill: boolean, balance: boolean): BalancedFlow {
  const flow: FlowResult = { blocks: [], blockParts: [], emptyCells: [], linesSet: 0, gapLines: 0, emptyLines: 0, overflowLines: 0, overflowChars: 0, orphans: 0, widows: 0, adjusted: 0, broken: 0, alone: [], aloneLines: [] };
  let rest: Slot[] = [...slots];
  let start = 0;
  for (let gi = 0; gi < groups.length; gi++) {
    const table = groups[gi];
    if (!table.span) continue;
    if (!rest.length) break;
    const before = groups.slice(start, gi);
    const columns = [...new Set(rest.map((s) => s.column))].sort((a, b) => a - b);
    const spanned = columns.slice(0, table.span);
    const top = Math.min(...rest.map((s) => s.line));
    const bottom = Math.max(...rest.map((s) => s.line + s.count - 1));
    const height = sumHeight(table.lines);
    // The least depth that holds the text before the table at its best setting.
    let foot = top - 1;
    if (before.length) {
      const holds = (line: number) => flowGroups(before, above(rest, () => line), false).overflowLines === 0;
      let hi = bottom;
      while (foot < hi) {
        const mid = (foot + hi) >> 1;
        if (holds(mid)) hi = mid;
        else foot = mid + 1;
      }
      // A few lines deeper where that leaves fewer lines alone at a column's head or foot.
      const alone = (line: number) => {
        const r = flowGroups(before, above(rest, () => line), false);
        return r.overflowLines ? Infinity : r.orphans + r.widows;
      };
      let least = alone(foot);
      for (let line = foot + 1; least > 0 && line <= Math.min(foot + DEEPER, bottom - height - 1); line++) {
        const n = alone(line);
        if (n < least) [least, foot] = [n, line];
      }
    }
    // The table's first line: under a line of white, where its columns are free for its whole depth.
    const free = (first: number) =>
      spanned.every((c, k) => c === spanned[0] + k && rest.some((s) => s.column === c && s.line <= first && s.line + s.count >= first + height));
    let first = before.length ? foot + 2 : top;
    while (first + height - 1 < bottom && !free(first)) first++;
    // Where the text before ends in each column: beside the table the text after goes on under it,
    // a line of white between, or from the column's head where the text before left it empty.
    const ends = new Map<number, number>();
    if (before.length) {
      const part = flowGroups(before, above(rest, () => first - 2), fill);
      join(flow, part, start, false);
      for (const l of part.blocks.flatMap((b) => b.lines)) if (l.cell) ends.set(l.cell.column, Math.max(ends.get(l.cell.column) ?? 0, l.cell.line));
    }
    const left = rest.find((s) => s.column === spanned[0])!;
    const right = rest.find((s) => s.column === spanned[spanned.length - 1])!;
    const slot: Slot = { ...left, width: right.x + right.width - left.x, line: first, count: Math.max(0, Math.min(height, bottom - first + 1)) };
    join(flow, flowGroups([table], slot.count ? [slot] : [], false), gi, false);
    // The text after goes on under the table (a line of white between) and beside it.
    const after = first + height + (table.spaceAfter ?? 0);
    rest = below(rest, (c) => (spanned.includes(c) ? after : ends.has(c) ? ends.get(c)! + 2 : top));
    start = gi + 1;
  }
  const tail = balancedFlow(groups.slice(start), rest, fill, balance);
  join(flow, tail.flow, start, true);
  return { flow, ...(tail.foot && { foot: tail.foot }) };
}
