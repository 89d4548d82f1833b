/**
 * `paiban export`: every issue under the given paths to PDF/A-2u with an ALTO file per page,
 * built in parallel by a worker pool, resumable, shardable across machines, and described by
 * one manifest listing every file with its SHA-256.
 */
import { availableParallelism } from 'node:os';
import { writeFileAtomically } from '../files.js';
import { join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { ALTO_NS } from './alto.js';
import { findIssues, inShard, upToDate, type FoundIssue, type Shard } from './discover.js';
import { altoFile, archivedFile, pdfFile, type IssueOutcome } from './export-issue.js';
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
}

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
    const record = upToDate(issue, hashOf);
    if (!record) toBuild.push(issue);
    else {
      const files = [pdfFile(issue), ...issue.pageNumbers.map((n) => altoFile(issue, n))].map((f) => archivedFile(f));
      outcomes.set(issue.source, { source: issue.source, status: 'skipped', pages: issue.pageNumbers.length, files, diagnostics: [], ms: 0, fingerprint: record.fingerprint });
    }
  }
  if (outcomes.size) options.progress?.write(`${outcomes.size} of ${counted(mine.length, 'issue')} up to date, skipped\n`);

  const t0 = performance.now();
  const keys = new Map(toBuild.map((i) => [i.source, i.key]));
  const progress = options.progress && toBuild.length ? progressReporter(options.progress, toBuild.length) : undefined;
  const jobs = toBuild.map((i) => ({ ...i, validate: options.validate ?? true }));
  await runPool(jobs, options.jobs ?? availableParallelism(), (o) => {
    outcomes.set(o.source, o);
    progress?.done(o, keys.get(o.source)!);
  });
  progress?.finish();
  const seconds = (performance.now() - t0) / 1000;

  const run = mine.map((i) => ({ ...outcomes.get(i.source)!, key: i.key }));
  const manifest = join(outDir, options.shard ? `manifest-${options.shard.index}-of-${options.shard.count}.json` : 'manifest.json');
  writeManifest(manifest, outDir, run, options.shard);
  const pagesBuilt = run.filter((o) => o.status === 'built').reduce((n, o) => n + o.pages, 0);
  return { outcomes: run, diagnostics, manifest, pagesBuilt, seconds };
}

const posix = (p: string) => p.split(sep).join('/');

/** The run's manifest: each issue with its status, and every file written or kept, by path under the output folder. */
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
    })),
    files: run.flatMap((o) => o.files).map((f) => ({ path: rel(f.path), sha256: f.sha256, bytes: f.bytes })),
  };
  writeFileAtomically(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
