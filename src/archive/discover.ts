/**
 * Finding the issues of an export, the share of them that falls to this machine, and
 * which of those are already done.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { readFilePrefix } from '../files.js';
import { archivedFileIfRegular, isAltoFileOf, pdfFile, type ArchivedFile, type IssueJob } from './export-issue.js';
import { fingerprint, readInputRecord, type FileHasher, type InputRecord } from './inputs.js';

export interface FoundIssue extends IssueJob {
  /** Where the outputs go, relative to the output folder, without extension: the same on every machine. */
  key: string;
}

const SKIPPED_DIRS = new Set(['node_modules']);

/** How much of a YAML file is read to tell whether it is an issue file. */
const ISSUE_PREFIX_BYTES = 64 * 1024;

/**
 * Every issue file under the paths, sorted by key. A file named `issue.yaml` is an issue; another
 * `.yaml`/`.yml` file is one when its first 64 KiB have an issue's required top-level keys,
 * `paper:` and `pages:`, each at the start of a line — told without parsing, so that layouts and
 * other YAML beside the issues (however large) are passed over, while a broken issue is still
 * reported. A path given as a file is taken as an issue whatever its name. Issue files are parsed
 * only when built (by a worker), with the 4 MiB limit applied as they are read: parsing a hundred
 * here took 245 ms of the main thread before the first worker started (measured).
 */
export function findIssues(paths: readonly string[], outDir: string): { issues: FoundIssue[]; diagnostics: Diagnostic[] } {
  const found: FoundIssue[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    const root = resolve(path);
    const stat = statSync(root, { throwIfNoEntry: false });
    if (!stat) diagnostics.push({ severity: 'error', message: 'no such file or folder', file: path });
    else if (stat.isFile()) found.push(foundIssue(root, dirname(root), outDir));
    else if (stat.isDirectory()) {
      for (const file of yamlFiles(root, diagnostics)) if (isIssueFile(file)) found.push(foundIssue(file, root, outDir));
    } else diagnostics.push({ severity: 'error', message: 'is neither a regular file nor a folder (a FIFO or a device is never read)', file: path });
  }
  // A name with a control character cannot stand in the ALTO file (XML refuses them) nor safely in a file name.
  for (const issue of found.splice(0)) {
    const control = /[\u0000-\u001f\u007f-\u009f]/u.exec(issue.key);
    if (!control) found.push(issue);
    else {
      const code = `U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      diagnostics.push({ severity: 'error', message: `its path holds the control character ${code}, which an archive's file names and ALTO files cannot hold; rename it`, file: JSON.stringify(issue.source).slice(1, -1) });
    }
  }
  found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // Two issues with the same key would overwrite each other's files: the second is refused.
  const issues = found.filter((issue, i) => {
    if (i === 0 || found[i - 1].key !== issue.key) return true;
    diagnostics.push({ severity: 'error', message: `would write the same files as ${found[i - 1].source} (${issue.key}.pdf); give the issue file another name`, file: issue.source });
    return false;
  });
  return { issues, diagnostics };
}

/** The YAML files under `dir`; one that is not a regular file (a FIFO, a device) is reported and never read. */
function yamlFiles(dir: string, diagnostics: Diagnostic[]): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) files.push(...yamlFiles(full, diagnostics));
    else if (/\.ya?ml$/.test(entry.name) && !entry.isSymbolicLink()) {
      if (entry.isFile()) files.push(full);
      else if (!entry.isDirectory()) diagnostics.push({ severity: 'error', message: `is ${entry.isFIFO() ? 'a FIFO (named pipe)' : 'a device or socket'}, not a regular file; passed over`, file: full });
    }
  }
  return files;
}

/** Whether a YAML file found in a folder is an issue file: see findIssues. */
export function isIssueFile(file: string): boolean {
  if (basename(file) === 'issue.yaml') return true;
  const prefix = readFilePrefix(file, ISSUE_PREFIX_BYTES);
  if (prefix === undefined) return false;
  const text = prefix.toString('utf8');
  return /^paper[ \t]*:/m.test(text) && /^pages[ \t]*:/m.test(text);
}

function foundIssue(file: string, root: string, outDir: string): FoundIssue {
  // An issue.yaml is named after its folder (as `paiban build` names it); other issue files after themselves.
  const stem = basename(file) === 'issue.yaml' ? basename(dirname(file)) : basename(file, extname(file));
  const relDir = relative(root, dirname(file));
  const key = [...(relDir ? relDir.split(sep) : []), stem].join('/');
  return { source: file, outDir: join(outDir, relDir), stem, key };
}

/**
 * The record of an issue whose outputs are all there, each with the SHA-256 recorded when it was
 * written (a file truncated or changed since is no output), and whose inputs are what they were
 * made from (the fingerprint over them is unchanged), with its outputs as they are; undefined when
 * the issue is to be exported.
 */
export function upToDate(issue: FoundIssue, hashOf: FileHasher): { record: InputRecord; files: ArchivedFile[]; pages: number } | undefined {
  const record = readInputRecord(issue);
  if (!record?.outputs || fingerprint(record.inputs, hashOf) !== record.fingerprint) return undefined;
  // The issue file is among the inputs fingerprinted: unchanged, it has the pages it had, so its
  // outputs are the files recorded — its PDF, then an ALTO file per page — and only such names.
  const names = Object.keys(record.outputs);
  const pdf = basename(pdfFile(issue));
  if (names[0] !== pdf || names.length < 2 || !names.slice(1).every((n) => isAltoFileOf(issue.stem, n))) return undefined;
  const files: ArchivedFile[] = [];
  for (const name of names) {
    const archived = archivedFileIfRegular(join(issue.outDir, name));
    if (!archived || record.outputs[name] !== archived.sha256) return undefined;
    files.push(archived);
  }
  return { record, files, pages: names.length - 1 };
}
