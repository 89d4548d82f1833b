/** Files on disk: outputs that appear complete or not at all, and stamps that tell whether an input changed. */
import { chmodSync, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from './diagnostics.js';

/**
 * Writes through a temporary file (`NAME.PID.RANDOM.tmp`) and a rename: an interrupted run never
 * leaves a file that looks done. The temporary files that runs killed outright (kill -9, a lost
 * machine) left in the folder are removed first — those whose process no longer runs. A folder that
 * cannot be written is an InputError saying why in words. A file replaced keeps its mode (an issue
 * file of 640 is not opened to all); a symbolic link is written through, into the folder of the
 * file it points to, and stays a link.
 */
export function writeFileAtomically(given: string, data: Buffer | string): void {
  const file = linkTarget(given);
  makeFolderFor(file);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    removeStaleTemporaries(dirname(file));
    const replaced = statSync(file, { throwIfNoEntry: false });
    writeFileSync(tmp, data);
    // Set after writing: the mode given to writeFileSync would be narrowed by the umask.
    if (replaced?.isFile()) chmodSync(tmp, replaced.mode & 0o7777);
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The folder itself is the problem; there is nothing to remove.
    }
    throw notWritten(file, e);
  }
}

/** The file a path names: itself, or the file at the end of its symbolic links, which need not exist yet. */
function linkTarget(file: string): string {
  let link: boolean | undefined;
  try {
    link = lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink();
  } catch {
    return file; // a file where a folder must be: the write says so in words
  }
  if (!link) return file;
  try {
    return realpathSync(file);
  } catch {
    // A link to a file not there: the one it names (a link to a link to none, the next one).
    return resolve(dirname(file), readlinkSync(file));
  }
}

/** Makes the folder for `file` to be written into, or says in one line why it cannot be made (InputError). */
export function makeFolderFor(file: string): void {
  try {
    makeFolder(dirname(file));
  } catch (e) {
    throw notWritten(file, e);
  }
}

/** A file system's refusal to write `file` as an InputError saying why in words; anything else as it is. */
function notWritten(file: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  return code ? new InputError([{ severity: 'error', ...whyNotWritten(file, code) }]) : e;
}

/**
 * Makes a folder and those above it, one at a time: Node's recursive mkdir never returns where a
 * file system answers ENOENT for a folder it cannot make (under /proc, for one).
 */
function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !statSync(d, { throwIfNoEntry: false }); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw e;
    }
  }
}

/** Why `file` could not be written, in words: a file where a folder must be, a folder not writable, a full disk. */
function whyNotWritten(file: string, code: string): { message: string; file: string } {
  const name = basename(file);
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    // Some folder on the way is a file (often the -o given).
    for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
      let st;
      try {
        st = statSync(dir, { throwIfNoEntry: false });
      } catch {
        continue; // A file above it: found further up.
      }
      if (st && !st.isDirectory()) return { message: `cannot write ${name}: ${dir} is a file, not a folder`, file: dir };
    }
  }
  if (code === 'EISDIR') return { message: `cannot write ${name}: a folder of that name stands there`, file };
  const dir = dirname(file);
  const reason: Record<string, string> = {
    EACCES: 'the folder is not writable (permission denied)',
    EPERM: 'the folder is not writable (operation not permitted)',
    EROFS: 'the folder is on a read-only file system',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    ENOENT: 'a folder cannot be made there',
    ENAMETOOLONG: 'the name is too long',
  };
  return { message: `cannot write ${name} into ${dir}: ${reason[code] ?? 'the file system refused'} (${code})`, file: dir };
}

/**
 * A temporary file of writeFileAtomically: the final name — of a kind paiban writes, so that a
 * file of the same pattern that is not ours stays — the writing process's id, a random part.
 */
const TEMPORARY = /^.+\.(?:pdf|png|jpg|xml|json|md|yaml|yml)\.(\d+)\.[0-9a-z]+\.tmp$/;
const swept = new Set<string>();

/**
 * Removes from `dir` the temporary files left by runs that were killed while writing: those named
 * by writeFileAtomically whose process no longer runs (its id is in the name). Once per folder
 * and process.
 */
export function removeStaleTemporaries(dir: string): void {
  if (swept.has(dir)) return;
  swept.add(dir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMPORARY.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processRuns(pid)) continue;
    try {
      rmSync(join(dir, name), { force: true });
    } catch {
      // Not ours to remove after all (another user's); left alone.
    }
  }
}

/** Whether a process with this id runs (one of another user's counts: EPERM). */
function processRuns(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
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

/**
 * What stands at `file` when it is not a regular file, in words (`a FIFO (named pipe)`, `a folder`,
 * `a device`), or undefined for a regular file or nothing at all. Reading a FIFO blocks until
 * someone writes to it, and a device such as /dev/zero never ends: input is read from regular
 * files only. Symbolic links are followed.
 */
export function notRegularFile(file: string): string | undefined {
  let st;
  try {
    st = statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined; // Reading it will say why.
  }
  return st && !st.isFile() ? `is ${kindOf(st)}, not a regular file` : undefined;
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isDirectory()) return 'a folder';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Largest PDF read back (check, preview): an issue of many pages with photos is tens of MB. */
export const MAX_PDF_BYTES = 1024 * 1024 * 1024;

/** Why a file could not be read by readFileCapped. */
export type ReadProblem =
  | { problem: 'not found' }
  | { problem: 'not a file'; said: string }
  | { problem: 'too large'; size: number; exact: boolean }
  | { problem: 'unreadable'; code: string };

/**
 * The bytes of a regular file of at most `limit` bytes, read with the limit applied while
 * reading: a file over it (by its size, or by what it turns out to hold) is refused before more
 * than `limit` + 1 bytes are in memory — a 1.9 GB sparse file never is. The file is opened
 * without blocking and refused unless it is a regular file, so that a FIFO cannot hang the read.
 */
export function readFileCapped(file: string, limit: number): { bytes: Buffer } | ReadProblem {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT') return { problem: 'not found' };
    if (code === 'EISDIR') return { problem: 'not a file', said: 'is a folder, not a regular file' };
    return { problem: 'unreadable', code };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { problem: 'not a file', said: `is ${kindOf(st)}, not a regular file` };
    if (st.size > limit) return { problem: 'too large', size: st.size, exact: true };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(limit + 1 - total, 1 << 20) || 1);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      // The file grew while read: refused as it stands, with no more of it read.
      if (total > limit) return { problem: 'too large', size: total, exact: false };
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (e) {
    return { problem: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'EIO' };
  } finally {
    closeSync(fd);
  }
}

/** A read problem in words, after the file's description (`body file "a.md"`). */
export function readProblemText(what: string, r: ReadProblem, limit: number): string {
  switch (r.problem) {
    case 'not found':
      return `${what} not found`;
    case 'not a file':
      return `${what} ${r.said}`;
    case 'too large':
      return r.exact ? `${what} is ${r.size} bytes, more than the limit of ${limit}` : `${what} holds more than the limit of ${limit} bytes`;
    case 'unreadable':
      return `${what} cannot be read (${r.code})`;
  }
}

/**
 * What `read` makes of a regular file, opened without blocking (a FIFO is not waited for);
 * undefined when it is not a regular file or cannot be read. For reads that need no reason why.
 */
function readRegularFile<T>(file: string, read: (fd: number) => T): T | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    return fstatSync(fd).isFile() ? read(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The first `length` bytes of a regular file (fewer if it is shorter), or undefined when it is not one or cannot be read. */
export function readFilePrefix(file: string, length: number): Buffer | undefined {
  return readRegularFile(file, (fd) => {
    const buffer = Buffer.alloc(length);
    let done = 0;
    for (let n = -1; n !== 0 && done < length; done += n) n = readSync(fd, buffer, done, length - done, null);
    return buffer.subarray(0, done);
  });
}

/**
 * Feeds a regular file to `update` in pieces, never holding it whole; false when it is not a
 * regular file or cannot be read (a FIFO is not waited for).
 */
export function readFileInPieces(file: string, update: (piece: Buffer) => void): boolean {
  return (
    readRegularFile(file, (fd) => {
      const buffer = Buffer.allocUnsafe(1 << 20);
      for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) update(buffer.subarray(0, n));
      return true;
    }) ?? false
  );
}
