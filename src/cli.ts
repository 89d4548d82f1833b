/** The `paiban` command line. */
import { formatDiagnostic, hasErrors, InputError, type Diagnostic } from './diagnostics.js';
import { parseShard, type Shard } from './archive/discover.js';
import { buildIssue } from './build.js';
import { checkFile, formatCheck } from './check/check.js';
import { fitStatus, formatFitReport } from './report/fit-report.js';
import type { BuildState } from './preview/watch.js';
import { PAIBAN_VERSION } from './version.js';
import { counted } from './wording.js';

const USAGE = `usage: paiban build ISSUE.yaml [-o DIR] [--json] [--strict] [--allow-outside] [--debug]
       paiban check ISSUE.yaml|PAGE.pdf [--json]
       paiban preview ISSUE.yaml|PAGE.pdf [-o DIR] [--dpi N] [--proof]
       paiban watch ISSUE.yaml [--port N] [--dpi N] [--proof]
       paiban export PATH... -o DIR [--shard K/N] [--jobs N]
       paiban --version

  build   set every page of an issue and write out/<issue name>/<issue name>.pdf
          (or DIR/<issue name>.pdf), then report for each article whether it fits its frame
  check   read a page back from its PDF (an issue is built first, to a temporary file):
          fonts, and the composition measured on the page — prohibited marks at line edges,
          split —— and ……, spacing in justified lines, punctuation pairs, lone characters,
          baselines on the grid
  preview render every page to PNG from the PDF (an issue is built first, into out/<name>/
          or DIR), plus a contact sheet when there are several pages
  watch   rebuild the issue whenever it, its copy, photos or layout change, and serve the
          preview and fit report on http://127.0.0.1:PORT/ (default 4180), reloading itself
  export  archive every issue file found under the paths: DIR/<issue>.pdf in PDF/A-2u, an ALTO
          file per page and DIR/manifest.json with every file's SHA-256; issues whose outputs
          were made from the same inputs (files, layouts, fonts, paiban itself) are skipped;
          exit 1 when any issue failed

  -o DIR           output folder
  --json           print the report as JSON on stdout
  --strict         overflowing text is an error (exit 1, no PDF written)
  --allow-outside  let body and photo files live outside the issue's folder
  --debug          print stack traces of internal errors
  --dpi N          preview resolution (default 100; watch 72)
  --proof          draw the grids, frames, article ids, overset text and empty lines over the page
  --port N         port for watch
  --shard K/N      export only the K-th of N shares of the issues (0 ≤ K < N), split by a hash
                   of each issue's path, so that N machines can share the work
  --jobs N         worker threads for export (default: one per core)`;

interface Args {
  command?: string;
  file?: string;
  outDir?: string;
  json: boolean;
  strict: boolean;
  allowOutside: boolean;
  debug: boolean;
  dpi?: number;
  proof: boolean;
  port?: number;
  /** Further paths, for export. */
  more: string[];
  shard?: Shard;
  jobs?: number;
}

function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = { json: false, strict: false, allowOutside: false, debug: false, proof: false, more: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-o' || a === '--out') {
      const v = argv[++i];
      if (!v) return `${a} needs a folder`;
      args.outDir = v;
    } else if (a === '--dpi' || a === '--port') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < (a === '--dpi' ? 1 : 0) || v > (a === '--dpi' ? 1200 : 65535)) return `${a} needs a whole number`;
      args[a === '--dpi' ? 'dpi' : 'port'] = v;
    } else if (a === '--shard') {
      args.shard = parseShard(argv[++i] ?? '');
      if (!args.shard) return '--shard needs K/N with 0 ≤ K < N';
    } else if (a === '--jobs') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) return '--jobs needs a whole number of 1 or more';
      args.jobs = v;
    } else if (a === '--proof') args.proof = true;
    else if (a === '--json') args.json = true;
    else if (a === '--strict') args.strict = true;
    else if (a === '--allow-outside') args.allowOutside = true;
    else if (a === '--debug') args.debug = true;
    else if (a === '-h' || a === '--help') return '';
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (!args.command) args.command = a;
    else if (!args.file) args.file = a;
    else if (args.command === 'export') args.more.push(a);
    else return `unexpected argument ${a}`;
  }
  return args;
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 1 && argv[0] === '--version') {
    process.stdout.write(`paiban ${PAIBAN_VERSION}\n`);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args) process.stderr.write(`paiban: ${args}\n`);
    process.stderr.write(`${USAGE}\n`);
    return args ? 2 : 0;
  }
  const known = ['build', 'check', 'preview', 'watch', 'export'].includes(args.command ?? '');
  if (!known || !args.file) {
    process.stderr.write(`${args.command && !known ? `paiban: unknown command ${args.command}\n` : ''}${USAGE}\n`);
    return 2;
  }
  try {
    if (args.command === 'check') return await check(args.file, args.json);
    if (args.command === 'preview') return await previewPages(args);
    if (args.command === 'watch') return await watchPages(args);
    if (args.command === 'export') return await exportArchive(args);
    const result = await buildIssue(args.file, { outDir: args.outDir, strict: args.strict, allowOutside: args.allowOutside });
    printDiagnostics(result.diagnostics);
    const failed = result.diagnostics.some((d) => d.severity === 'error');
    if (args.json) {
      const report = {
        issue: result.issue.file,
        pdf: result.pdf ?? null,
        ok: !failed,
        articles: result.fits.map((f) => ({ ...f, status: fitStatus(f) })),
        diagnostics: result.diagnostics,
      };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      process.stdout.write(`${formatFitReport(result.fits)}\n`);
      if (result.pdf) process.stdout.write(`wrote ${result.pdf}\n`);
    }
    return failed ? 1 : 0;
  } catch (e) {
    if (e instanceof InputError) {
      printDiagnostics(e.diagnostics);
      if (args.json) process.stdout.write(`${JSON.stringify({ issue: args.file, pdf: null, ok: false, diagnostics: e.diagnostics }, null, 2)}\n`);
      return 1;
    }
    process.stderr.write(`paiban: internal error: ${(e as Error).message}\n`);
    if (args.debug) process.stderr.write(`${(e as Error).stack}\n`);
    else process.stderr.write('(run with --debug for details)\n');
    return 70;
  }
}

async function check(file: string, json: boolean): Promise<number> {
  const report = await checkFile(file);
  printDiagnostics(report.diagnostics);
  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    process.stdout.write(`${formatCheck(report)}\n`);
    if (report.fits) process.stdout.write(`copyfit\n${formatFitReport(report.fits).replace(/^/gm, '  ')}\n`);
  }
  return report.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

// Rendering loads pdf.js and a canvas; only the commands that render load them.
async function previewPages(args: Args): Promise<number> {
  const { preview } = await import('./preview/preview.js');
  const result = await preview(args.file!, { outDir: args.outDir, dpi: args.dpi, proof: args.proof, allowOutside: args.allowOutside });
  if (result.build) {
    printDiagnostics(result.build.diagnostics);
    process.stdout.write(`${formatFitReport(result.build.fits)}\n`);
  }
  for (const image of [...result.images, ...(result.sheet ? [result.sheet] : [])]) process.stdout.write(`wrote ${image}\n`);
  return result.images.length ? 0 : 1;
}

/** Serves until interrupted. */
async function watchPages(args: Args): Promise<number> {
  const onBuild = (s: BuildState) =>
    process.stderr.write(`build ${s.version}${s.ok ? '' : ' failed'} in ${Math.round(s.buildMs)} ms${s.diagnostics.map((d) => `\n  ${d}`).join('')}\n`);
  const { watchIssue } = await import('./preview/watch.js');
  const session = await watchIssue(args.file!, { port: args.port, dpi: args.dpi, proof: args.proof, onBuild });
  process.stdout.write(`watching ${args.file}: open ${session.url}\n`);
  await new Promise<void>((stop) => process.once('SIGINT', stop));
  await session.close();
  return 0;
}

async function exportArchive(args: Args): Promise<number> {
  if (!args.outDir) {
    process.stderr.write('paiban: export needs an output folder: -o DIR\n');
    return 2;
  }
  const { exportIssues } = await import('./archive/export.js');
  const run = await exportIssues([args.file!, ...args.more], { outDir: args.outDir, shard: args.shard, jobs: args.jobs, progress: process.stderr });
  printDiagnostics(run.diagnostics);
  const count = (status: string) => run.outcomes.filter((o) => o.status === status).length;
  const failed = count('failed');
  process.stdout.write(
    `${count('built')} built (${counted(run.pagesBuilt, 'page')} in ${run.seconds.toFixed(1)} s), ${count('skipped')} up to date, ${failed} failed\nwrote ${run.manifest}\n`,
  );
  return failed || hasErrors(run.diagnostics) ? 1 : 0;
}

function printDiagnostics(diags: readonly Diagnostic[]): void {
  for (const d of diags) process.stderr.write(`${formatDiagnostic(d)}\n`);
}
