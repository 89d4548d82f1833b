/**
 * `paiban export`: every issue under the given paths to PDF/A-2u with an ALTO file per page,
 * built in parallel by a worker pool, resumable, shardable across machines, and described by
 * one manifest listing every file with its SHA-256.
 */
import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { readFileCapped, removeStaleTemporaries, writeFileAtomically } from '../files.js';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, type Diagnostic } from '../diagnostics.js';
import { ALTO_NS } from './alto.js';
import { findIssues, upToDate, type FoundIssue } from './discover.js';
import { inShard, type Shard } from './shard.js';
import { isOutputOf, removeOutputs, type IssueOutcome } from './export-issue.js';
import { rememberingHasher } from './inputs.js';
import { runPool } from './pool.js';
import { progressReporter } from './progress.js';
import { counted } from '../wording.js';

export interface ExportOptions {
  outDir: string;
  shard?: Shard;
  /** Worker threads; default one per core. */
  jobs?: number;
  /** Check every ALTO file against paiban's ALTO schema before it is written (default true; see validate.ts). */
  validate?: boolean;
  /** Where progress goes (a bar on a terminal, lines otherwise); none when absent. */
  progress?: NodeJS.WriteStream;
  /** Longest an issue may take, in ms, before its worker is stopped and the issue failed; default ISSUE_TIME_LIMIT_MS. */
  issueTimeLimitMs?: number;
}

/** What one worker may take at worst (a large edition with its fonts and photos): the pool never asks for more than the machine has. */
const WORKER_MEMORY = 512 * 1024 * 1024;

/** Most workers worth starting: beyond four per core they only wait, and each holds its own fonts and heap. */
export function mostWorkers(cores = availableParallelism(), memory = totalmem()): number {
  return Math.max(1, Math.min(4 * cores, Math.floor(memory / WORKER_MEMORY)));
}

/** Longest one issue may take: a one-page issue takes well under a second, a large edition a minute. */
export const ISSUE_TIME_LIMIT_MS = 10 * 60 * 1000;

export interface ExportRun {
  /** One per issue of this shard, in key order. */
  outcomes: (IssueOutcome & { key: string })[];
  /** Problems with the paths themselves (missing, clashing issue names). */
  diagnostics: Diagnostic[];
  manifest: string;
  /** Pages built and the time it took, for the throughput. */
  pagesBuilt: number;
  seconds: number;
}

export async function exportIssues(paths: readonly string[], options: ExportOptions): Promise<ExportRun> {
  const outDir = resolve(options.outDir);
  const { issues: all, diagnostics } = findIssues(paths, outDir);
  const mine = options.shard ? all.filter((i) => inShard(i.key, options.shard!)) : all;
  // Layouts and profiles shared by many issues are read once for the check.
  const hashOf = rememberingHasher();
  const outcomes = new Map<string, IssueOutcome>();
  const toBuild: FoundIssue[] = [];
  for (const issue of mine) {
    const done = upToDate(issue, hashOf);
    if (!done) toBuild.push(issue);
    else outcomes.set(issue.source, { source: issue.source, status: 'skipped', pages: done.pages, files: done.files, diagnostics: done.record.warnings ?? [], ms: 0, fingerprint: done.record.fingerprint });
  }
  if (outcomes.size) options.progress?.write(`${outcomes.size} of ${counted(mine.length, 'issue')} up to date, skipped\n`);

  // The manifest describes the files present at every moment it is written: files of an earlier run that
  // no longer belong (an issue gone from the tree, pages it no longer has, an issue to be exported again)
  // are removed first; then it is written, and written again after each issue.
  const manifest = join(outDir, options.shard ? `manifest-${options.shard.index}-of-${options.shard.count}.json` : 'manifest.json');
  removeStale(outDir, manifest, mine, toBuild, outcomes, options.shard);
  const pending = (i: FoundIssue): IssueOutcome => ({ source: i.source, status: 'pending', pages: 0, files: [], diagnostics: [], ms: 0 });
  const current = () => mine.map((i) => ({ ...(outcomes.get(i.source) ?? pending(i)), key: i.key }));
  writeManifest(manifest, outDir, current(), options.shard);

  const t0 = performance.now();
  const byKey = new Map(toBuild.map((i) => [i.source, i]));
  const progress = options.progress && toBuild.length ? progressReporter(options.progress, toBuild.length) : undefined;
  const jobs = toBuild.map((i) => ({ ...i, validate: options.validate ?? true }));
  let manifestError: InputError | undefined;
  const most = mostWorkers();
  if (options.jobs && options.jobs > most) options.progress?.write(`--jobs ${options.jobs}: using ${most} workers, the most this machine's cores and memory serve\n`);
  await runPool(
    jobs,
    Math.min(options.jobs ?? availableParallelism(), most),
    (o) => {
      const issue = byKey.get(o.source)!;
      // An issue whose worker was stopped (time limit, crash) may have left files: they are not its outputs.
      if (o.status === 'failed') removeOutputs(issue);
      outcomes.set(o.source, o);
      try {
        writeManifest(manifest, outDir, current(), options.shard);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        // The manifest on disk, written before, stays true once this issue's files are gone; a full
        // disk would fail every issue after it, so the run ends here.
        removeOutputs(issue);
        outcomes.set(o.source, { ...o, status: 'failed', files: [], diagnostics: e.diagnostics });
        manifestError ??= e;
        return 'stop';
      }
      progress?.done(o, issue.key);
    },
    options.issueTimeLimitMs ?? ISSUE_TIME_LIMIT_MS,
  );
  progress?.finish();
  if (manifestError) throw manifestError;
  const seconds = (performance.now() - t0) / 1000;

  const run = current();
  writeManifest(manifest, outDir, run, options.shard);
  const pagesBuilt = run.filter((o) => o.status === 'built').reduce((n, o) => n + o.pages, 0);
  return { outcomes: run, diagnostics, manifest, pagesBuilt, seconds };
}

/**
 * Removes the files of an earlier export that no longer belong, and only files paiban wrote: those
 * its previous manifest (of this shard) lists, and those named after one of this shard's issues in
 * its folder (its PDF, ALTO files, record of inputs and their temporary files), inside the output
 * folder — unless they are the current outputs of an issue skipped as up to date. Files of issues to
 * be exported go too, so that the manifest never lists a file as other than it is; and temporary
 * files of runs that were killed.
 */
function removeStale(outDir: string, manifest: string, mine: readonly FoundIssue[], toBuild: readonly FoundIssue[], skipped: ReadonlyMap<string, IssueOutcome>, shard: Shard | undefined): void {
  const keep = new Set<string>();
  for (const issue of mine) {
    const done = skipped.get(issue.source);
    if (!done) continue;
    for (const f of done.files) keep.add(f.path);
    keep.add(join(issue.outDir, `${issue.stem}.inputs.json`));
  }
  const inside = (p: string) => {
    const rel = relative(outDir, p);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  const emptied = new Set<string>();
  const remove = (p: string) => {
    if (inside(p) && !keep.has(p)) {
      rmSync(p, { force: true });
      emptied.add(dirname(p));
    }
  };
  // Files the previous manifest listed, where they still have paiban's names (whatever issue they were of).
  for (const path of previousFiles(manifest)) {
    const full = resolve(outDir, path);
    const stem = /^(.*?)(\.pdf|-p\d{3,}\.alto\.xml)$/.exec(basename(full))?.[1];
    const key = posix(relative(outDir, join(dirname(full), stem ?? '')));
    if (stem !== undefined && isOutputOf(stem, basename(full)) && (!shard || inShard(key, shard))) {
      remove(full);
      remove(join(dirname(full), `${stem}.inputs.json`));
    }
  }
  // Files named after this shard's issues.
  const folders = new Set<string>();
  for (const issue of mine) {
    folders.add(issue.outDir);
    if (!skipped.has(issue.source)) continue;
    let names: string[];
    try {
      names = readdirSync(issue.outDir);
    } catch {
      continue;
    }
    for (const name of names) if (isOutputOf(issue.stem, name)) remove(join(issue.outDir, name));
  }
  for (const issue of toBuild) removeOutputs(issue);
  for (const dir of folders) removeStaleTemporaries(dir);
  // The folder of an issue gone from the tree, left empty, goes too (and those above it, up to the output folder).
  for (let dir of emptied) {
    while (inside(dir) && !folders.has(dir) && isEmptyFolder(dir)) {
      rmdirSync(dir);
      dir = dirname(dir);
    }
  }
}

function isEmptyFolder(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}

/** The paths (under the output folder) that the manifest left by the last run lists. */
function previousFiles(manifest: string): string[] {
  const read = readFileCapped(manifest, 256 * 1024 * 1024);
  if (!('bytes' in read)) return [];
  try {
    const files = (JSON.parse(read.bytes.toString('utf8')) as { files?: { path?: unknown }[] }).files;
    return Array.isArray(files) ? files.map((f) => f?.path).filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

const posix = (p: string) => p.split(sep).join('/');

/**
 * The run's manifest, written atomically: each issue with its status (`pending` until its turn
 * comes), and every file written or kept, by path under the output folder.
 */
function writeManifest(file: string, outDir: string, run: ExportRun['outcomes'], shard: Shard | undefined): void {
  const rel = (p: string) => posix(relative(outDir, p));
  const manifest = {
    generator: 'paiban export',
    formats: { pdf: 'PDF/A-2u', alto: ALTO_NS },
    shard: shard ? `${shard.index}/${shard.count}` : null,
    issues: run.map((o) => ({
      key: o.key,
      source: posix(relative(process.cwd(), o.source)),
      status: o.status,
      pages: o.pages,
      files: o.files.map((f) => rel(f.path)),
      fingerprint: o.fingerprint ?? null,
      errors: o.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      warnings: o.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message),
    })),
    files: run.flatMap((o) => o.files).map((f) => ({ path: rel(f.path), sha256: f.sha256, bytes: f.bytes })),
  };
  writeFileAtomically(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
