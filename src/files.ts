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
