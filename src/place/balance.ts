/**
 * Balanced columns: text that does not fill its frame is set in columns of equal depth — the
 * last as long as the first, within a line — rather than filling the first columns and leaving
 * the last ones short, as make-up editors set a story that runs short (clreq: balance
 * multi-column text). The balance applies to the last part of a story that jumps: the parts
 * before are filled.
 */
import { flowGroups, type FlowGroup, type FlowResult, type Slot } from './flow.js';

/** What a line alone at a column's head or foot costs the choice of a depth: more than the empty lines of any column. */
const ALONE_COST = 10_000;

/** Where the balanced columns end: the deepest column's last line, and the frame's. */
export interface BalancedFoot {
  /** Part of the frame that was balanced. */
  part: number;
  /** Last grid line the text may take in the deepest column, and the frame's last line. */
  line: number;
  frameLine: number;
}

export interface BalancedFlow {
  flow: FlowResult;
  /** Set when the columns were cut shorter than the frame; the lines under them are in the flow's `emptyLines` and `emptyCells`. */
  foot?: BalancedFoot;
}

/**
 * The slots of `part` cut at a foot for each column, the columns taken left to right: with
 * `depth` t and n columns, the first t mod n columns reach line top + ⌊t/n⌋ and the others one
 * line less, so each step of t adds one line to one column.
 */
function cutSlots(slots: readonly Slot[], part: number, columns: readonly number[], top: number, depth: number) {
  const n = columns.length;
  const row = Math.floor(depth / n);
  const longer = depth % n;
  const footOf = (column: number) => top - 1 + row + (columns.indexOf(column) < longer ? 1 : 0);
  const kept: Slot[] = [];
  const cut: Slot[] = [];
  for (const slot of slots) {
    if (slot.part !== part) {
      kept.push(slot);
      continue;
    }
    const count = Math.min(slot.count, Math.max(0, footOf(slot.column) - slot.line + 1));
    if (count > 0) kept.push({ ...slot, count });
    if (count < slot.count) cut.push({ ...slot, line: slot.line + count, count: slot.count - count });
  }
  return { kept, cut, foot: top - 1 + row + (longer > 0 ? 1 : 0) };
}

/**
 * Flows the groups into the slots, filling paragraphs as flowGroups does. When that leaves the
 * last column short by more than a line and cannot fill the frame, flows the text again into
 * the slots of the last part cut to the least even depth that holds it with each paragraph at
 * its best setting (or a line either side, if filling paragraphs there leaves fewer lines empty
 * or alone), and counts the lines under the cut as empty.
 */
export function balancedFlow(groups: readonly FlowGroup[], slots: readonly Slot[], fill: boolean, balance = true): BalancedFlow {
  const full = flowGroups(groups, slots, fill);
  if (!fill || !balance || full.overflowLines > 0 || full.emptyLines <= 1 || slots.length === 0) return { flow: full };
  const part = slots[slots.length - 1].part;
  const own = slots.filter((s) => s.part === part);
  const columns = [...new Set(own.map((s) => s.column))].sort((a, b) => a - b);
  const top = Math.min(...own.map((s) => s.line));
  const frameLine = Math.max(...own.map((s) => s.line + s.count - 1));
  const deepest = (frameLine - top + 1) * columns.length;
  // A depth holds the text when none of it is lost and no group to be kept whole (a short table) goes on in the next column.
  const holds = (depth: number) => {
    const r = flowGroups(groups, cutSlots(slots, part, columns, top, depth).kept, false);
    return r.overflowLines === 0 && r.broken <= full.broken;
  };
  if (!holds(deepest)) return { flow: full };
  // The least depth that holds the text at its best setting (a deeper cut never holds less).
  let least = 0;
  let hi = deepest;
  while (least < hi) {
    const mid = (least + hi) >> 1;
    if (holds(mid)) hi = mid;
    else least = mid + 1;
  }
  let found: { flow: FlowResult; cut: Slot[]; foot: number; cost: number } | undefined;
  for (let depth = Math.max(0, least - 1); depth < Math.min(deepest + 1, least + 2 * columns.length); depth++) {
    const { kept, cut, foot } = cutSlots(slots, part, columns, top, depth);
    const flow = flowGroups(groups, kept, true);
    if (flow.overflowLines > 0 || flow.broken > full.broken) continue;
    // A line alone at a column's head or foot is worse than any column a few lines shorter; then
    // a line left empty, then a paragraph changed; a last column a line short is balanced.
    const cost = (flow.orphans + flow.widows) * ALONE_COST + Math.max(0, flow.emptyLines + flow.gapLines - 1) * 10 + flow.adjusted;
    if (!found || cost < found.cost) found = { flow, cut, foot, cost };
  }
  if (!found) return { flow: full };
  const { flow, cut, foot } = found;
  flow.emptyLines += cut.reduce((n, slot) => n + slot.count, 0);
  // Balancing that leaves lines alone where filling did not (a story of a few lines) is no balance;
  // nor is it one when filling paragraphs leaves less than a line under each column.
  if (flow.orphans + flow.widows > full.orphans + full.widows) return { flow: full };
  if (full.emptyLines < columns.length && flow.emptyLines > full.emptyLines) return { flow: full };
  for (const slot of cut) {
    for (let line = slot.line; line < slot.line + slot.count; line++) flow.emptyCells.push({ part: slot.part, column: slot.column, line });
  }
  return { flow, foot: { part, line: foot, frameLine } };
}

/**
 * Whether a frame stays partly empty: the text leaves at least a line under every column of the
 * frame's last part (the foot of a balanced frame), or as many lines as it has columns — and
 * more than one line in all (a column a line short is balanced within a line).
 */
export function partlyEmpty(result: BalancedFlow, slots: readonly Slot[]): boolean {
  if (result.flow.overflowLines > 0 || result.flow.emptyLines <= 1 || slots.length === 0) return false;
  if (result.foot) return result.foot.line < result.foot.frameLine;
  const part = slots[slots.length - 1].part;
  return result.flow.emptyLines >= new Set(slots.filter((s) => s.part === part).map((s) => s.column)).size;
}
