/**
 * The desk's writes to the issue file (a move, a proposal of plan's): each checked against the
 * page as built, written atomically, and kept as the texts before and after it for undo and redo. Every write first
 * checks that the file is still the one the editor was looking at (its stamp, a hash of its
 * text): a change made meanwhile in a text editor is never overwritten.
 */
import { createHash } from 'node:crypto';
import { writeFileAtomically } from '../files.js';
import { readIssueText } from '../source/yaml-source.js';
import { EditRefused } from '../plan/write.js';
import type { DeskPage } from './geometry.js';
import { movesOf, MoveRefused, refusal, withMoves, type DeskMove } from './edit.js';

export const stampOfText = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** What a write did: the file's new stamp, or why nothing was written (`stale`: the file is not the one the editor saw). */
export type WriteResult = { ok: true; stamp: string } | { ok: false; stale: boolean; reason: string };

interface Step {
  before: string;
  after: string;
}

const STALE = 'the issue file has changed since this page was built (edited elsewhere?): nothing was written; the desk shows the file as it is now once rebuilt';

export class DeskSession {
  private readonly undone: Step[] = [];
  private readonly done: Step[] = [];

  constructor(readonly file: string) {}

  /** Makes the move, if `stamp` is the file's and the page `built` from it allows it. */
  move(stamp: string, built: { stamp: string; pages: readonly DeskPage[] }, move: DeskMove): WriteResult {
    return this.write(stamp, built.stamp, (text) => {
      const page = built.pages[move.target.page];
      // The move names a page by its place in the build; the editor knows pages by their 版次.
      if (!page) return { refused: `the issue has no page at index ${move.target.page} (its pages are numbered ${built.pages.map((p) => p.number).join(', ')})` };
      const moves = movesOf(page, move);
      const why = refusal(page, moves);
      return why ? { refused: why } : withMoves(text, moves);
    });
  }

  /**
   * Writes what `change` makes of the file's text, if `stamp` is the file's and the one the desk
   * was built from (`built`); an undoable step.
   */
  write(stamp: string, built: string, change: (text: string) => string | { refused: string }): WriteResult {
    const read = readIssueText(this.file);
    if (!('text' in read)) return { ok: false, stale: false, reason: `${read.reason}: nothing was written` };
    const { text } = read;
    if (stamp !== stampOfText(text) || stamp !== built) return { ok: false, stale: true, reason: STALE };
    try {
      const after = change(text);
      if (typeof after !== 'string') return { ok: false, stale: false, reason: after.refused };
      if (after === text) return { ok: true, stamp };
      writeFileAtomically(this.file, after);
      this.done.push({ before: text, after });
      this.undone.length = 0;
      return { ok: true, stamp: stampOfText(after) };
    } catch (e) {
      if (e instanceof MoveRefused || e instanceof EditRefused) return { ok: false, stale: false, reason: e.message };
      throw e;
    }
  }

  undo(): WriteResult {
    return this.step(this.done, this.undone, 'before', 'nothing to undo');
  }

  redo(): WriteResult {
    return this.step(this.undone, this.done, 'after', 'nothing to redo');
  }

  /** Writes a step's text back, if the file is as the step left it. */
  private step(from: Step[], to: Step[], side: keyof Step, none: string): WriteResult {
    const step = from.at(-1);
    if (!step) return { ok: false, stale: false, reason: none };
    const expected = side === 'before' ? step.after : step.before;
    const read = readIssueText(this.file);
    if (!('text' in read)) return { ok: false, stale: false, reason: `${read.reason}: nothing was written` };
    if (read.text !== expected) {
      // The file was edited elsewhere since: the steps no longer describe it.
      from.length = 0;
      to.length = 0;
      return { ok: false, stale: true, reason: 'the issue file has been changed elsewhere since: undo and redo are cleared, nothing was written' };
    }
    writeFileAtomically(this.file, step[side]);
    to.push(from.pop()!);
    return { ok: true, stamp: stampOfText(step[side]) };
  }
}
