/**
 * Flowing an article's body through its column slots on the baseline grid: every line
 * takes whole grid lines, column by column, skipping lines taken by photos. When the
 * text does not fill its columns exactly, paragraphs are set a line longer or shorter
 * (within the composition rules) until it does, as a make-up editor would.
 */
import type { ComposedLine } from '../compose/paragraph.js';
import type { Diagnostic } from '../diagnostics.js';
import { EM_ASCENT, type PageGrid, type Style } from '../layout/model.js';
import type { FlowRole, GridCell, RuleShape, TextBlock } from './page-model.js';
import { covers, type GridArea } from './grid-area.js';
import { placeLine } from './typeset.js';

/** A run of free grid lines in one column of an article's frame. */
export interface Slot {
  /** The page's grid, and which part of a jumping story's frame the slot is in (0 for the first page's). */
  grid: PageGrid;
  part: number;
  /** Column of the page grid. */
  column: number;
  x: number;
  width: number;
  /** First grid line and number of lines. */
  line: number;
  count: number;
}

export interface FlowLine {
  line: ComposedLine;
  style: Style;
  /** Grid lines this line takes (text larger than the pitch takes more). */
  height: number;
  role: FlowRole;
  /** Characters of the source that this line sets. */
  chars: number;
  /** A drop cap (首字下沉) standing beside this line and the `lines` − 1 under it, its baseline on the last one's. */
  dropCap?: { line: ComposedLine; style: Style; lines: number };
  /** A table's rules that stand over or under this line. */
  rules?: TableRule[];
}

/** Where a table's rules stand: over its first line, under its header, under its last line. */
export type TableRule = 'top' | 'under_header' | 'bottom';

/** Weight of each table rule, in points: the table's frame, and a hairline under the header. */
const TABLE_RULE_WEIGHT: Record<TableRule, number> = { top: 0.75, under_header: 0.25, bottom: 0.75 };

/** Lines that flow as a unit: a paragraph may break between columns, a heading may not. */
export interface FlowGroup {
  lines: FlowLine[];
  splittable: boolean;
  /** Lines at the start of a splittable group that stay in one column (those beside a drop cap). */
  keepFirst?: number;
  /** Empty grid lines before the group, dropped at the top of a column, and after it, dropped at the foot. */
  spaceBefore: number;
  spaceAfter?: number;
  /** Lines at the end of the group that stand in the column of the line before them (a table's notes, with its last row). */
  keepLast?: number;
  /** Lines of the following group that must stand in the same column. */
  keepWithNext: number;
  /** A table's header lines, set again at the head of each column the table goes on to. */
  repeat?: FlowLine[];
  /** A table set across this many columns of the frame (see span.ts). */
  span?: number;
  /** The group set `looseness` lines longer or shorter; null where the rules do not allow it. */
  variant?(looseness: number): FlowLine[] | null;
  /** The group's text and where it stands in the copy, for what is said about it. */
  text?: string;
  source?: Omit<Diagnostic, 'severity' | 'message'>;
}

export interface FlowResult {
  /** The copy as placed (only when drawn): a block per paragraph, byline, heading and heading subtitle, and per part of the frame it stands in. */
  blocks: TextBlock[];
  /** Part of the frame of each block. */
  blockParts: number[];
  /** The grid lines counted in `gapLines` and `emptyLines`, cell by cell (only when drawn). */
  emptyCells: PartCell[];
  linesSet: number;
  /** Grid lines left empty in the slots: inside the flow (before a heading that moved on) and after the text. */
  gapLines: number;
  emptyLines: number;
  overflowLines: number;
  overflowChars: number;
  /** A paragraph's first line alone at a column's foot, or its last line alone at a column's head. */
  orphans: number;
  widows: number;
  /** Paragraphs set longer or shorter than their best setting to make the text fit, weighed by `adjustment`. */
  adjusted: number;
  /** Groups to be kept whole (a short table with its notes) that no column held, and went on in the next. */
  broken: number;
  /** Groups whose first or last line stands alone at a column's head or foot. */
  alone: number[];
  /** Each line standing alone, where it stands (only when drawn). */
  aloneLines: AloneLine[];
}

/** A paragraph's first line alone at a column's foot (orphan), or its last alone at a column's head (widow). */
export interface AloneLine {
  group: number;
  kind: 'first' | 'last';
  cell: PartCell;
}

/** A grid cell in a part of a frame. */
export type PartCell = GridCell & { part: number };

export function gridHeight(style: Style, grid: PageGrid): number {
  return Math.max(1, Math.ceil((style.size * 1.05) / grid.pitch - 1e-9));
}

/** A table rule between grid lines: over `first`, or under `last`, midway in the line gap. */
function tableRule(at: TableRule, grid: PageGrid, first: number, last: number, x1: number, x2: number): RuleShape {
  const gap = grid.pitch - grid.bodySize;
  const y = at === 'top' ? grid.baseline(first) - EM_ASCENT * grid.bodySize - gap / 2 : grid.baseline(last) + (1 - EM_ASCENT) * grid.bodySize + gap / 2;
  return { kind: 'rule', x1, y1: y, x2, y2: y, lineWidth: TABLE_RULE_WEIGHT[at], color: [0, 0, 0, 1] };
}

export const sumHeight = (lines: readonly FlowLine[]) => lines.reduce((h, l) => h + l.height, 0);

/**
 * Where a measuring flow stood at the start of each group: slot, lines used in it, and the
 * counts so far (CHECKPOINT numbers a group), so that a trial changing groups from `gi` on
 * resumes there instead of flowing the groups before it again.
 */
interface Checkpoints {
  at: Float64Array;
  /** Groups with a line alone, as the flow recorded them. */
  alone: readonly number[];
  /** The counts at the flow's end. */
  end: FlowResult;
}
const CHECKPOINT = 9;

/**
 * Places the groups' lines into the slots in order; `draw` false only measures. With `keepAlone`
 * a paragraph's first two lines and its last two stand in one column (one of three lines or less
 * stands whole), the column before left a line short where need be. A measuring flow may resume
 * at group `from` from the checkpoints of a flow of the same groups but those from `from` to
 * `until`, and may record its own. Past `until`, where it stands where that flow stood, it goes
 * on as that flow did: its counts are that flow's end less what was counted there (a paragraph
 * set a line longer and one after it a line shorter mostly leave the rest of the flow in place).
 */
function flowLines(
  groups: readonly FlowLine[][],
  meta: readonly FlowGroup[],
  slots: readonly Slot[],
  draw: boolean,
  keepAlone: boolean,
  resume?: { from: number; until: number; checkpoints: Checkpoints },
  record?: Float64Array,
): FlowResult {
  const r: FlowResult = { blocks: [], blockParts: [], emptyCells: [], linesSet: 0, gapLines: 0, emptyLines: 0, overflowLines: 0, overflowChars: 0, orphans: 0, widows: 0, adjusted: 0, broken: 0, alone: [], aloneLines: [] };
  let s = 0;
  let used = 0;
  let from = 0;
  if (resume && resume.from > 0) {
    from = resume.from;
    const at = resume.checkpoints.at;
    const k = from * CHECKPOINT;
    s = at[k];
    used = at[k + 1];
    r.linesSet = at[k + 2];
    r.gapLines = at[k + 3];
    r.overflowLines = at[k + 4];
    r.overflowChars = at[k + 5];
    r.orphans = at[k + 6];
    r.widows = at[k + 7];
    r.broken = at[k + 8];
    const alone = resume.checkpoints.alone;
    for (let i = 0; i < alone.length && alone[i] < from; i++) r.alone.push(alone[i]);
  }
  const remaining = () => (s < slots.length ? slots[s].count - used : 0);
  /** The rest of slot `k` from `from` lines down, left empty. */
  const leaveEmpty = (k: number, from: number) => {
    if (!draw) return;
    const slot = slots[k];
    for (let line = slot.line + from; line < slot.line + slot.count; line++) r.emptyCells.push({ part: slot.part, column: slot.column, line });
  };
  const nextSlot = () => {
    if (s < slots.length - 1) {
      r.gapLines += remaining();
      leaveEmpty(s, used);
    }
    s++;
    used = 0;
  };
  /** The block the line being placed belongs to: lines of one role in one group make one block. */
  let block: TextBlock | undefined;
  /** Where each line of the group being placed went (when drawn): undefined for a line that did not fit. */
  let cells: (PartCell | undefined)[] = [];
  /** The table row placed last, which closes the table's part in a column with a rule under it when the table goes on. */
  let lastRow: { placed: ReturnType<typeof placeLine>; grid: PageGrid; line: number; x: number; measure: number } | undefined;
  /** Places one line; returns the slot it went to, or -1 if it overflowed. */
  const place = (fl: FlowLine): number => {
    while (s < slots.length && remaining() < fl.height) nextSlot();
    if (s >= slots.length) {
      r.overflowLines += fl.height;
      r.overflowChars += fl.chars;
      cells.push(undefined);
      return -1;
    }
    const slot = slots[s];
    if (draw) {
      const line = slot.line + used + fl.height - 1;
      const measure = fl.line.measure * fl.style.size * fl.style.hScale;
      const cell = { column: slot.column, line };
      if (fl.dropCap) {
        // Its own block, before the paragraph's: the first character in reading order.
        const cap = fl.dropCap;
        // On its last line beside it: in a slot too short for them all (text that overflows anyway), the slot's last.
        const capLine = Math.min(line + cap.lines - 1, slot.line + slot.count - 1);
        r.blocks.push({ role: 'drop_cap', style: cap.style.name, lines: [placeLine(cap.line, cap.style, slot.x, slot.grid.baseline(capLine), { column: slot.column, line: capLine })] });
        r.blockParts.push(slot.part);
        block = undefined;
      }
      if (block?.role !== fl.role || r.blockParts.at(-1) !== slot.part) {
        r.blocks.push((block = { role: fl.role, style: fl.style.name, lines: [] }));
        r.blockParts.push(slot.part);
      }
      const x = slot.x + (slot.width - measure) / 2;
      const placed = placeLine(fl.line, fl.style, x, slot.grid.baseline(line), cell);
      if (fl.role === 'table') for (const run of placed.runs) run.table = true;
      if (fl.rules) placed.rules = fl.rules.map((at) => tableRule(at, slot.grid, line - fl.height + 1, line, x, x + measure));
      if (fl.role === 'table') lastRow = { placed, grid: slot.grid, line, x, measure };
      block.lines.push(placed);
      cells.push({ ...cell, part: slot.part });
    }
    used += fl.height;
    r.linesSet += fl.height;
    return s;
  };

  for (let gi = from; gi < groups.length; gi++) {
    const lines = groups[gi];
    const g = meta[gi];
    if (resume && gi > resume.until && resume.checkpoints.at[gi * CHECKPOINT] === s && resume.checkpoints.at[gi * CHECKPOINT + 1] === used) {
      return convergedAt(r, gi, resume.checkpoints);
    }
    if (record) {
      const k = gi * CHECKPOINT;
      record[k] = s;
      record[k + 1] = used;
      record[k + 2] = r.linesSet;
      record[k + 3] = r.gapLines;
      record[k + 4] = r.overflowLines;
      record[k + 5] = r.overflowChars;
      record[k + 6] = r.orphans;
      record[k + 7] = r.widows;
      record[k + 8] = r.broken;
    }
    block = undefined;
    if (cells.length) cells = [];
    // A paragraph (not a table, which repeats its header) whose lines are kept from standing alone.
    const kept = keepAlone && g.splittable && !g.repeat?.length && lines.length >= 2;
    if (s < slots.length && used > 0) {
      const next = groups[gi + 1];
      const keep = next ? sumHeight(next.slice(0, g.keepWithNext)) : 0;
      const head = kept ? (lines.length <= 3 ? lines.length : Math.max(2, g.keepFirst ?? 0)) : (g.keepFirst ?? 0);
      const need = g.spaceBefore + (g.splittable ? (head ? sumHeight(lines.slice(0, head)) : Math.min(sumHeight(lines), 1)) : sumHeight(lines)) + keep;
      if (remaining() < need) nextSlot();
      else used += g.spaceBefore;
    }
    // The slots of the first two lines and of the last two.
    let first = -2;
    let second = -2;
    let beforeLast = -2;
    let last = -2;
    const keepLast = Math.max(g.keepLast ?? 0, kept ? 1 : 0);
    const keptLast = keepLast ? lines.length - keepLast - 1 : -1;
    for (let li = 0; li < lines.length; li++) {
      const fl = lines[li];
      // What must stand in this column from this line on: the line, or it and the lines kept with it.
      const need = li === keptLast ? sumHeight(lines.slice(li)) : fl.height;
      // A table that goes on in the next column closes with its rule here and repeats its header there.
      if (li > 0 && g.repeat?.length && fl.role === 'table' && s < slots.length && remaining() < need) {
        if (lastRow) (lastRow.placed.rules ??= []).push(tableRule('bottom', lastRow.grid, lastRow.line, lastRow.line, lastRow.x, lastRow.x + lastRow.measure));
        const header = sumHeight(g.repeat);
        do nextSlot();
        while (s < slots.length && remaining() < header + need);
        for (const h of g.repeat) place({ ...h, chars: 0 });
      } else if (li === keptLast && li > 0 && s < slots.length && remaining() < need) nextSlot();
      const at = place(fl);
      if (li === 0) first = at;
      else if (li === 1) second = at;
      beforeLast = last;
      last = at;
    }
    if (g.spaceAfter && s < slots.length && gi < groups.length - 1) used = Math.min(slots[s].count, used + g.spaceAfter);
    if (!g.splittable && first >= 0 && last > first) r.broken++;
    if (g.splittable && lines.length >= 2) {
      const orphan = first !== second;
      const widow = last !== beforeLast;
      if (orphan) r.orphans++;
      if (widow) r.widows++;
      if (orphan || widow) r.alone.push(gi);
      // Where the line alone was placed; a paragraph cut short by the frame's end has no last line on the page.
      const firstCell = cells[0];
      const lastCell = cells[lines.length - 1];
      if (orphan && firstCell) r.aloneLines.push({ group: gi, kind: 'first', cell: firstCell });
      if (widow && lastCell) r.aloneLines.push({ group: gi, kind: 'last', cell: lastCell });
    }
  }
  r.emptyLines = s < slots.length ? remaining() : 0;
  if (s < slots.length) leaveEmpty(s, used);
  for (let k = s + 1; k < slots.length; k++) {
    r.emptyLines += slots[k].count;
    leaveEmpty(k, 0);
  }
  return r;
}

/** The counts of a measuring flow that stands at group `gi` where the flow of `checkpoints` stood, and goes on as it did. */
function convergedAt(r: FlowResult, gi: number, checkpoints: Checkpoints): FlowResult {
  const { at, end } = checkpoints;
  const k = gi * CHECKPOINT;
  r.linesSet += end.linesSet - at[k + 2];
  r.gapLines += end.gapLines - at[k + 3];
  r.overflowLines += end.overflowLines - at[k + 4];
  r.overflowChars += end.overflowChars - at[k + 5];
  r.orphans += end.orphans - at[k + 6];
  r.widows += end.widows - at[k + 7];
  r.broken += end.broken - at[k + 8];
  r.emptyLines = end.emptyLines;
  for (const g of checkpoints.alone) if (g >= gi) r.alone.push(g);
  return r;
}

/** Lower is better: text lost first, then unfilled lines, then a group kept whole broken, widows and orphans, then changes. */
const cost = (r: FlowResult) =>
  r.overflowLines * 1000 + (r.gapLines + r.emptyLines) * 10 + (r.orphans + r.widows + r.broken) * 3 + r.adjusted;

/**
 * What a paragraph set longer or shorter than its best counts: 1, and `PARTED_UNIT` more where that
 * setting parts a figure from its unit more often than the best one (GB/T 15835): worth it to keep a
 * line of text from being lost, not to fill lines of the frame or mend a line alone. Worked out
 * once per paragraph and setting (a variant's lines are made anew each time they are asked for).
 */
function adjustments(): (group: FlowGroup, to: number) => number {
  const known = new Map<FlowGroup, Map<number, number>>();
  const parted = (lines: readonly FlowLine[]) => lines.filter((l) => l.line.partsUnit).length;
  return (group, to) => {
    if (to === 0) return 0;
    let byTo = known.get(group);
    if (!byTo) known.set(group, (byTo = new Map()));
    let cost = byTo.get(to);
    if (cost === undefined) byTo.set(to, (cost = 1 + (parted(group.variant!(to)!) > parted(group.lines) ? PARTED_UNIT : 0)));
    return cost;
  };
}

const PARTED_UNIT = 100;

/** How many groups before and after a line left alone are tried in pairs to mend it. */
const PAIR_REACH = 6;

/** Most paragraph adjustments tried for one article. */
const MAX_ADJUSTMENTS = 24;

/**
 * Flows the groups into the slots. If the text overflows or leaves lines empty, it sets
 * paragraphs one line longer or shorter, one at a time, as long as that improves the fit.
 * `fill` false keeps every paragraph at its best setting (used to size auto-placed frames).
 * Where that leaves a paragraph line alone at a column's head or foot, the flow keeping such
 * lines with their paragraph is taken instead if it loses no text, leaves no more lines empty (a
 * frame with a line to spare, or paragraphs set a line longer or shorter) and fewer lines alone.
 */
export function flowGroups(groups: readonly FlowGroup[], slots: readonly Slot[], fill = true): FlowResult {
  const loose = settle(groups, slots, fill, false);
  if (loose.overflowLines > 0 || loose.orphans + loose.widows === 0) return loose;
  const kept = settle(groups, slots, fill, true);
  const empty = (r: FlowResult) => r.gapLines + r.emptyLines;
  return kept.overflowLines === 0 && kept.orphans + kept.widows < loose.orphans + loose.widows && empty(kept) <= empty(loose) ? kept : loose;
}

function settle(groups: readonly FlowGroup[], slots: readonly Slot[], fill: boolean, keepAlone: boolean): FlowResult {
  const adjustment = adjustments();
  const chosen = groups.map((g) => g.lines);
  const state = groups.map(() => 0);
  // The flow of the settings chosen so far, with where it stood at each group: a trial flows
  // again only from the group before the first it changes (that group keeps lines with the next).
  const first = new Float64Array(groups.length * CHECKPOINT);
  let best = flowLines(chosen, groups, slots, false, keepAlone, undefined, first);
  let checkpoints: Checkpoints = { at: first, alone: best.alone, end: best };

  /** The fit with some groups set `to` lines longer or shorter; undefined if a setting does not exist. */
  const trial = (changes: readonly { gi: number; to: number }[]) => {
    const saved = changes.map(({ gi }) => chosen[gi]);
    for (const { gi, to } of changes) {
      const lines = Math.abs(to) <= 1 ? groups[gi].variant?.(to) : null;
      if (!lines) {
        changes.forEach(({ gi: g }, k) => (chosen[g] = saved[k]));
        return undefined;
      }
      chosen[gi] = lines;
    }
    let from = groups.length;
    let until = 0;
    for (const { gi } of changes) [from, until] = [Math.min(from, gi), Math.max(until, gi)];
    const result = flowLines(chosen, groups, slots, false, keepAlone, { from: Math.max(0, from - 1), until, checkpoints });
    result.adjusted = state.reduce((sum, v, i) => sum + adjustment(groups[i], changes.find((c) => c.gi === i)?.to ?? v), 0);
    changes.forEach(({ gi }, k) => (chosen[gi] = saved[k]));
    return result;
  };
  const apply = (changes: readonly { gi: number; to: number }[], result: FlowResult) => {
    for (const { gi, to } of changes) {
      chosen[gi] = groups[gi].variant!(to)!;
      state[gi] = to;
    }
    best = result;
    // The checkpoints of the new settings (the trial resumed from the old ones, and recorded none).
    const at = new Float64Array(groups.length * CHECKPOINT);
    checkpoints = { at, alone: best.alone, end: flowLines(chosen, groups, slots, false, keepAlone, undefined, at) };
  };

  for (let round = 0; fill && round < MAX_ADJUSTMENTS && cost(best) >= 3; round++) {
    // One paragraph a line longer or shorter, wherever that helps most; failing that, two
    // near a line left alone (one longer and one shorter keeps the rest of the flow in place).
    let move: { changes: { gi: number; to: number }[]; result: FlowResult } | null = null;
    const consider = (changes: { gi: number; to: number }[]) => {
      const result = trial(changes);
      if (result && cost(result) < (move ? cost(move.result) : cost(best))) move = { changes, result };
    };
    for (const gi of groups.keys()) for (const d of [-1, 1]) consider([{ gi, to: state[gi] + d }]);
    for (const p of move ? [] : best.alone) {
      for (let i = Math.max(0, p - PAIR_REACH); i <= p; i++) {
        for (let j = Math.max(i + 1, p); j <= Math.min(groups.length - 1, p + PAIR_REACH); j++) {
          for (const di of [-1, 1]) for (const dj of [-1, 1]) consider([{ gi: i, to: state[i] + di }, { gi: j, to: state[j] + dj }]);
        }
      }
    }
    if (!move) break;
    const chosenMove: { changes: { gi: number; to: number }[]; result: FlowResult } = move;
    apply(chosenMove.changes, chosenMove.result);
  }
  const result = flowLines(chosen, groups, slots, true, keepAlone);
  result.adjusted = state.reduce((sum, v, i) => sum + adjustment(groups[i], v), 0);
  return result;
}

/**
 * Width of the text columns of an area: the grid's own, or, inside a box whose rule takes
 * `inset` from each side, a whole number of characters (the leftover widens the gutters).
 */
export function columnWidth(grid: PageGrid, area: GridArea, inset: number, em: number): number {
  const n = area.columns[1] - area.columns[0] + 1;
  if (inset <= 0) return grid.columnWidth;
  const inner = grid.rect(area.columns[0], area.columns[1], 1, 1).width - 2 * inset;
  return Math.floor((inner - (n - 1) * grid.gutter) / n / em + 1e-9) * em;
}

/** Left edge of each text column of an area whose columns are `width` wide, `inset` from its sides. */
export function columnLeft(grid: PageGrid, area: GridArea, inset: number, width: number): (column: number) => number {
  const n = area.columns[1] - area.columns[0] + 1;
  const outer = grid.rect(area.columns[0], area.columns[1], 1, 1);
  const inner = outer.width - 2 * inset;
  const gutter = n > 1 ? (inner - n * width) / (n - 1) : 0;
  const left = outer.x + inset + (n > 1 ? 0 : (inner - width) / 2);
  return (column) => left + (column - area.columns[0]) * (width + gutter);
}

/** Columns of a grid rectangle, `width` wide, cut around the lines taken by pictures and headlines. */
export function slotsOf(grid: PageGrid, area: GridArea, taken: readonly GridArea[], inset: number, width = grid.columnWidth, part = 0): Slot[] {
  const slots: Slot[] = [];
  const leftOf = columnLeft(grid, area, inset, width);
  for (let c = area.columns[0]; c <= area.columns[1]; c++) {
    const x = leftOf(c);
    let start = area.lines[0];
    for (let l = area.lines[0]; l <= area.lines[1] + 1; l++) {
      const blocked = l > area.lines[1] || taken.some((t) => covers(t, c, l));
      if (blocked) {
        if (l > start) slots.push({ grid, part, column: c, x, width, line: start, count: l - start });
        start = l + 1;
      }
    }
  }
  return slots;
}
