/** Files on disk: outputs that appear complete or not at all, and stamps that tell whether an input changed. */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes through a temporary file and a rename: an interrupted run never leaves a file that looks done. */
export function writeFileAtomically(file: string, data: Buffer | string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The folder itself is the problem; there is nothing to remove.
    }
    throw e;
  }
}

/** What identifies a file's contents without reading them: its size and modification time. */
export const stampOf = (st: { size: number; mtimeMs: number }): string => `${st.size} ${st.mtimeMs}`;

/** The stamp of the file at `file`, or `absent`. */
export function fileStamp(file: string): string {
  const st = statSync(file, { throwIfNoEntry: false });
  return st ? stampOf(st) : 'absent';
}

/**
 * Values made from files, kept while the files are as they were: each entry records the stamp
 * of every file it was made from, and is valid while every one of those files still has it.
 * The one rule by which a build context reuses fonts, layouts and subsets (context.ts).
 */
export class StampedCache<V> {
  private readonly entries = new Map<string, { value: V; stamps: readonly (readonly [file: string, stamp: string])[] }>();

  /** The value kept under `key`, if every file it was made from is unchanged; a stale one is dropped. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.stamps.every(([file, stamp]) => unchanged(file, stamp))) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Keeps `value` under `key`, made from the files given with the stamps they had when read. */
  set(key: string, value: V, stamps: Iterable<readonly [file: string, stamp: string]>): V {
    const byFile = new Map<string, string>();
    // A file read twice with different stamps changed while the value was made: it is stale at once.
    for (const [file, stamp] of stamps) byFile.set(file, byFile.has(file) && byFile.get(file) !== stamp ? 'changed while read' : stamp);
    this.entries.set(key, { value, stamps: [...byFile] });
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Whether `file` still has `stamp`; a file that cannot be looked at has changed (reading it again tells why). */
function unchanged(file: string, stamp: string): boolean {
  try {
    return fileStamp(file) === stamp;
  } catch {
    return false;
  }
}
