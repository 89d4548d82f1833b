/**
 * What an exported issue is made from, and one SHA-256 over all of it: resume exports an issue
 * again exactly when this fingerprint changes. Each issue's inputs and fingerprint are recorded
 * beside its outputs, so that the next run can check them without building the issue.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { BuildResult } from '../build.js';
import type { Diagnostic } from '../diagnostics.js';
import { PAIBAN_VERSION, programHash } from '../version.js';
import { fileStamp, readFileCapped, readFileInPieces } from '../files.js';
import type { IssueJob } from './export-issue.js';

export interface IssueInputs {
  /** Files known by their content: the issue file, the copy, photos and advertisements it names (found or not), its layouts (and those they extend), their output profiles and logos. */
  files: string[];
  /**
   * Font files, known by path, size and modification time. A layout's fonts are 70 MB or more,
   * and hashing them took 114 ms per issue here, more than building a one-page issue; a stat
   * takes microseconds. Fonts are replaced, not edited, and a replaced file has a new time.
   */
  fonts: string[];
}

/** What the sidecar file records. */
export interface InputRecord {
  fingerprint: string;
  inputs: IssueInputs;
  /** SHA-256 of each output as written, by file name: an issue is skipped only while its outputs still have them. */
  outputs?: Record<string, string>;
  /** What the build warned of, said again when the issue is skipped as up to date. */
  warnings?: Diagnostic[];
}

/** The sidecar of an issue's outputs. */
export const inputsFile = (job: IssueJob) => join(job.outDir, `${job.stem}.inputs.json`);

export function issueInputs(build: BuildResult): IssueInputs {
  const unique = (list: string[]) => [...new Set(list)].sort();
  return {
    files: unique([build.issue.file, ...build.issue.namedFiles, ...build.layouts.flatMap((l) => [...l.files, l.print.profile, ...(l.masthead?.logo ? [l.masthead.logo] : [])])]),
    fonts: unique(build.layouts.flatMap((l) => [...l.styles.values()].flatMap((s) => [s.face.file, ...s.fallbacks.map((f) => f.file)]))),
  };
}

/** Content hash of a file, or `absent`. */
export type FileHasher = (file: string) => string;

/** Read in pieces, from a regular file only: a photo replaced by a FIFO is no input, and is not waited for. */
function hashFile(file: string): string {
  const hash = createHash('sha256');
  return readFileInPieces(file, (piece) => hash.update(piece)) ? hash.digest('hex') : 'absent';
}

/** A hasher that reads each file once: for checking many issues that share layouts and profiles, at one moment. */
export function rememberingHasher(): FileHasher {
  const known = new Map<string, string>();
  return (file) => {
    let hash = known.get(file);
    if (hash === undefined) {
      hash = hashFile(file);
      known.set(file, hash);
    }
    return hash;
  };
}

/**
 * SHA-256 over paiban (its version and its program), the fixed date builds take from
 * SOURCE_DATE_EPOCH if set, and each input: one line each, in a fixed order.
 */
export function fingerprint(inputs: IssueInputs, hashOf: FileHasher = hashFile): string {
  const lines = [`paiban ${PAIBAN_VERSION} ${programHash()}`, `date ${process.env.SOURCE_DATE_EPOCH ?? ''}`, ...inputs.files.map((f) => `file ${f} ${hashOf(f)}`), ...inputs.fonts.map((f) => `font ${f} ${fileStamp(f)}`)];
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** The record left by the issue's last export, if it is there and readable. */
export function readInputRecord(job: IssueJob): InputRecord | undefined {
  try {
    const read = readFileCapped(inputsFile(job), 16 * 1024 * 1024);
    if (!('bytes' in read)) return undefined;
    const record = JSON.parse(read.bytes.toString('utf8')) as InputRecord;
    return typeof record.fingerprint === 'string' && Array.isArray(record.inputs?.files) && Array.isArray(record.inputs?.fonts) ? record : undefined;
  } catch {
    return undefined;
  }
}
