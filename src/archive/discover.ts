/**
 * Finding the issues of an export, the share of them that falls to this machine, and
 * which of those are already done.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { altoFile, pdfFile, type IssueJob } from './export-issue.js';
import { fingerprint, readInputRecord, type FileHasher, type InputRecord } from './inputs.js';

export interface FoundIssue extends IssueJob {
  /** Where the outputs go, relative to the output folder, without extension: the same on every machine. */
  key: string;
  /** Printed page numbers, read from the issue file, to know its ALTO files before building it. */
  pageNumbers: number[];
}

export interface Shard {
  index: number;
  count: number;
}

/** `K/N` with 0 ≤ K < N, as a Kubernetes Indexed Job numbers its pods. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const [index, count] = [Number(m[1]), Number(m[2])];
  return count > 0 && index < count ? { index, count } : undefined;
}

/** The shard an issue belongs to, from a hash of its key: stable whatever the order or number of machines listing it. */
export function inShard(key: string, shard: Shard): boolean {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % shard.count === shard.index;
}

const SKIPPED_DIRS = new Set(['node_modules']);

/**
 * Every issue file under the paths, sorted by key. A file named `issue.yaml` is an issue; another
 * `.yaml`/`.yml` file is one when it has an issue's required fields (`paper` and `pages`), so that
 * layouts and other YAML beside the issues are passed over, while a broken issue is still reported.
 * A path given as a file is taken as an issue whatever its name.
 */
export function findIssues(paths: readonly string[], outDir: string): { issues: FoundIssue[]; diagnostics: Diagnostic[] } {
  const found: FoundIssue[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    const root = resolve(path);
    const stat = statSync(root, { throwIfNoEntry: false });
    if (!stat) diagnostics.push({ severity: 'error', message: 'no such file or folder', file: path });
    else if (stat.isFile()) found.push(foundIssue(root, dirname(root), outDir));
    else for (const file of yamlFiles(root)) if (isIssueFile(file)) found.push(foundIssue(file, root, outDir));
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

function yamlFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) files.push(...yamlFiles(full));
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) files.push(full);
  }
  return files;
}

function isIssueFile(file: string): boolean {
  if (basename(file) === 'issue.yaml') return true;
  const data = readYaml(file);
  return typeof data === 'object' && data !== null && 'paper' in data && 'pages' in data;
}

function readYaml(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function foundIssue(file: string, root: string, outDir: string): FoundIssue {
  // An issue.yaml is named after its folder (as `paiban build` names it); other issue files after themselves.
  const stem = basename(file) === 'issue.yaml' ? basename(dirname(file)) : basename(file, extname(file));
  const relDir = relative(root, dirname(file));
  const key = [...(relDir ? relDir.split(sep) : []), stem].join('/');
  const pages = (readYaml(file) as { pages?: { number?: unknown }[] } | undefined)?.pages;
  const pageNumbers = Array.isArray(pages) ? pages.map((p) => Number(p?.number)) : [];
  return { source: file, outDir: join(outDir, relDir), stem, key, pageNumbers };
}

/**
 * The record of an issue whose outputs are all there and whose inputs are what they were made
 * from (the fingerprint over them is unchanged); undefined when the issue is to be exported.
 */
export function upToDate(issue: FoundIssue, hashOf: FileHasher): InputRecord | undefined {
  if (!issue.pageNumbers.length || issue.pageNumbers.some((n) => !Number.isInteger(n))) return undefined;
  const record = readInputRecord(issue);
  const outputs = [pdfFile(issue), ...issue.pageNumbers.map((n) => altoFile(issue, n))];
  if (!record || !outputs.every((f) => existsSync(f))) return undefined;
  return fingerprint(record.inputs, hashOf) === record.fingerprint ? record : undefined;
}
