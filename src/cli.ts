/** The `paiban` command line. */
import { parseArgs } from 'node:util';
import { formatDiagnostic, hasErrors, InputError, type Diagnostic } from './diagnostics.js';
import { parseShard } from './archive/shard.js';
import { buildIssue } from './build.js';
import type { Issue } from './issue/model.js';
import { checkFile, formatCheck } from './check/check.js';
import { fitStatus, formatFitReport } from './report/fit-report.js';
import type { BuildState, Watch } from './preview/watch.js';
import { PAIBAN_VERSION } from './version.js';
import { counted } from './wording.js';

/** An option, declared once and taken by the commands that list it. */
interface OptionSpec {
  short?: string;
  /** Name of its value in the help, e.g. DIR; none for a flag. */
  value?: string;
  /** What its value must be, said when it is missing or wrong. */
  needs?: string;
  /** Reads the value; undefined when it is not one. */
  read?: (text: string) => unknown;
  help: string;
}

const wholeNumber = (min: number, max: number) => (text: string) => {
  const n = Number(text);
  return /^\d+$/.test(text) && n >= min && n <= max ? n : undefined;
};

const OPTIONS = {
  out: { short: 'o', value: 'DIR', needs: 'a folder', help: 'output folder' },
  pages: {
    value: 'PATTERN',
    needs: 'a file name pattern such as {date}-{page:02}.pdf',
    help: "name of each page's PDF: {name}, {date}, {yyyymmdd}, {section}, {page} or {page:02}\n(default: the layout's print.page_files, else {name}-{page:02}.pdf)",
  },
  edition: { help: 'also write the whole issue as one PDF, DIR/<issue name>.pdf' },
  json: { help: 'print the report as JSON on stdout' },
  strict: { help: 'overflowing text is an error (exit 1, no PDF written)' },
  'allow-outside': { help: "let body, photo and layout files lie outside the issue's folder (and, for layouts, paiban's layouts/)" },
  dpi: { value: 'N', needs: 'a whole number from 1 to 1200', read: wholeNumber(1, 1200), help: 'resolution of the page images (default 100; watch and diff 72)' },
  proof: { help: 'draw the grids, frames, article ids, overset text and empty lines over the page' },
  port: { value: 'N', needs: 'a whole number from 0 to 65535', read: wholeNumber(0, 65535), help: 'port for watch (default 4180; 0 picks a free one)' },
  shard: {
    value: 'K/N',
    needs: 'K/N with 0 ≤ K < N',
    read: parseShard,
    help: "export only the K-th of N shares of the issues (0 ≤ K < N), split by a hash\nof each issue's path, so that N machines can share the work",
  },
  'no-validate': { help: "write ALTO without checking it against paiban's ALTO schema (checked by default)" },
  jobs: { value: 'N', needs: 'a whole number of 1 or more', read: wholeNumber(1, Number.MAX_SAFE_INTEGER), help: 'worker threads for export (default: one per core)' },
  'time-limit': {
    value: 'S',
    needs: 'a number of seconds above 0',
    read: (text: string) => (/^\d+(\.\d+)?$/.test(text) && Number(text) > 0 ? Number(text) : undefined),
    help: 'longest one issue may take in export before it is stopped and failed (default 600)',
  },
  page: { value: 'N', needs: 'a page number from 1 to 999', read: wholeNumber(1, 999), help: 'the page to lay out' },
  write: { value: 'K', needs: 'a proposal number from 1 to 20', read: wholeNumber(1, 20), help: "write proposal K's frames and rules into the issue file" },
  preview: { value: 'DIR', needs: 'a folder', help: 'write each proposal as DIR/pN-proposal-K.png, the page built with its frames drawn over it and its score' },
  'exit-code': { help: 'exit 1 when any page changed (as git diff --exit-code)' },
  debug: { help: 'print stack traces of internal errors' },
  help: { short: 'h', help: 'print this help' },
} satisfies Record<string, OptionSpec>;

type OptionName = keyof typeof OPTIONS;

/** The options of a command, read: flags true when given, values as their `read` gives them. */
type Options = {
  [K in OptionName]?: (typeof OPTIONS)[K] extends { read: (text: string) => infer T } ? Exclude<T, undefined> : (typeof OPTIONS)[K] extends { value: string } ? string : boolean;
};

interface Command {
  /** Its arguments as the usage line gives them; `...` takes one path or more. */
  args: string;
  options: OptionName[];
  /** Options it cannot do without. */
  required?: OptionName[];
  about: string;
  run: (paths: string[], options: Options, hooks: CommandHooks) => Promise<number>;
}

/** Every command takes these. */
const COMMON: OptionName[] = ['debug', 'help'];

const COMMANDS: Record<string, Command> = {
  build: {
    args: 'ISSUE.yaml',
    options: ['out', 'pages', 'edition', 'json', 'strict', 'allow-outside'],
    about: `set every page of an issue and write a PDF per page for the plant into
out/<issue name>/ (or DIR), named <issue name>-<page>.pdf unless --pages or the layout
says otherwise (and with --edition the whole issue as one PDF), then report for each
article whether it fits its frame`,
    run: ([file], o, hooks) => build(file, o, hooks),
  },
  check: {
    args: 'ISSUE.yaml|PAGE.pdf',
    options: ['json', 'allow-outside'],
    about: `read a page back from its PDF (an issue is built first, to a temporary file):
fonts, colour, photos, and the composition measured on the page — prohibited marks at
line edges, split —— and ……, spacing in justified lines, punctuation pairs, lone
characters, baselines on the grid; any error exits 1, as check is the plant's gate`,
    run: ([file], o, hooks) => check(file, o, hooks),
  },
  preview: {
    args: 'ISSUE.yaml|PAGE.pdf',
    options: ['out', 'dpi', 'proof', 'allow-outside'],
    about: `render every page to PNG from the PDF (an issue is built first, into out/<name>/
or DIR), plus a contact sheet when there are several pages`,
    run: ([file], o, hooks) => previewPages(file, o, hooks),
  },
  watch: {
    args: 'ISSUE.yaml',
    options: ['port', 'dpi', 'proof', 'allow-outside'],
    about: `rebuild the issue whenever it, its copy, photos or layout change, and serve the
editor's desk on http://127.0.0.1:PORT/ (default 4180): the pages, fit report and
diagnostics, kept current; frames and photos dragged there are written into the issue file`,
    run: ([file], o) => watchPages(file, o),
  },
  plan: {
    args: 'ISSUE.yaml',
    options: ['page', 'write', 'preview', 'json', 'allow-outside'],
    required: ['page'],
    about: `propose modular layouts for the page's articles on the grid — the lead at the top
across the widest frame, each story a rectangle, a stepped or an L-shaped frame in the
order of its priority, no holes — set each to measure it, and show the best with their
scores term by term; --preview DIR draws each as a PNG; --write K writes proposal K's
frames into the issue file, keeping its comments and formatting`,
    run: ([file], o) => planCommand(file, o),
  },
  diff: {
    args: 'BASE NEW',
    options: ['out', 'dpi', 'json', 'exit-code', 'allow-outside'],
    required: ['out'],
    about: `compare two builds — two PDFs, two folders of PDFs or two issue files (built
first) — page by page, matched by page number: DIR/report.md lists pages changed
(where, in points and grid terms, and what text), added and removed, with an image of
each changed page before and after (default 72 dpi)`,
    run: ([base, next], o) => diffPages(base, next, o),
  },
  export: {
    args: 'PATH...',
    options: ['out', 'shard', 'jobs', 'time-limit', 'no-validate'],
    required: ['out'],
    about: `archive every issue file found under the paths: DIR/<issue>.pdf in PDF/A-2u, an ALTO
file per page and DIR/manifest.json with every file's SHA-256; issues whose outputs
were made from the same inputs (files, layouts, fonts, paiban itself) are skipped;
every ALTO file is checked against schema/alto-v4-paiban.xsd before it is written,
and an issue whose ALTO fails it fails; exit 1 when any issue failed`,
    run: (paths, o) => exportArchive(paths, o),
  },
};

const indent = (text: string, by: number) => text.replace(/\n/g, `\n${' '.repeat(by)}`);

/** An option as the usage line shows it (`-o DIR`), or with both its names as the help does (`-o, --out DIR`). */
function optionForm(o: OptionName, bothNames = false): string {
  const spec: OptionSpec = OPTIONS[o];
  const names = spec.short ? (bothNames ? `-${spec.short}, --${o}` : `-${spec.short}`) : `--${o}`;
  return `${names}${spec.value ? ` ${spec.value}` : ''}`;
}

function synopsis(name: string): string {
  const c = COMMANDS[name];
  const shown = c.options.map((o) => (c.required?.includes(o) ? optionForm(o) : `[${optionForm(o)}]`));
  return `paiban ${name} ${c.args} ${shown.join(' ')}`;
}

function optionHelp(names: readonly OptionName[]): string {
  return names
    .map((o) => `  ${optionForm(o, true).padEnd(18)} ${indent(OPTIONS[o].help, 21)}`)
    .join('\n');
}

const USAGE = [
  `usage: ${Object.keys(COMMANDS).map(synopsis).join('\n       ')}\n       paiban --version`,
  '',
  ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)}${indent(c.about, 10)}`),
  '',
  "  paiban COMMAND --help tells a command's options.",
].join('\n');

/** `paiban COMMAND --help`. */
function commandHelp(name: string): string {
  const c = COMMANDS[name];
  return `usage: ${synopsis(name)}\n\n${c.about}\n\n${optionHelp([...c.options, ...COMMON])}`;
}

/**
 * The options and paths of one command. parseArgs reads them; its strict checks are made here
 * on its tokens, so that a usage error names the option as typed, in one line.
 */
function parseCommand(c: Command, argv: readonly string[]): { paths: string[]; options: Options } | string {
  const taken = [...c.options, ...COMMON];
  const config = Object.fromEntries(taken.map((o) => {
    const spec: OptionSpec = OPTIONS[o];
    return [o, { type: spec.value ? ('string' as const) : ('boolean' as const), ...(spec.short && { short: spec.short }) }];
  }));
  const { positionals, tokens } = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  const options: Record<string, unknown> = {};
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (!taken.includes(t.name as OptionName)) return `unknown option ${t.rawName}`;
    const spec: OptionSpec = OPTIONS[t.name as OptionName];
    if (!spec.value) {
      if (t.value !== undefined) return `${t.rawName} takes no value`;
      options[t.name] = true;
      continue;
    }
    // A value that looks like an option is one forgotten: "-o --json".
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-'))) return `${t.rawName} needs ${spec.needs}`;
    const value = spec.read ? spec.read(t.value) : t.value;
    if (value === undefined) return `${t.rawName} needs ${spec.needs}`;
    options[t.name] = value;
  }
  if (options.help) return { paths: [], options: { help: true } };
  const missing = c.required?.find((o) => options[o] === undefined);
  if (missing) return `needs ${optionForm(missing)}`;
  const names = c.args.split(' ');
  if (positionals.length < names.length) return `needs ${names[positionals.length].replace('...', '')}`;
  if (positionals.length > names.length && !c.args.endsWith('...')) return `unexpected argument ${positionals[names.length]}`;
  return { paths: positionals, options: options as Options };
}

/** What the program running the command line (bin/paiban.js) is told as a command goes on. */
export interface CommandHooks {
  /** `build`, `check` or `preview` has read the issue and is about to set its pages. */
  issueLoaded?(pages: number): void;
}

export async function main(argv: readonly string[], hooks: CommandHooks = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' && !rest.length) {
    process.stdout.write(`paiban ${PAIBAN_VERSION}\n`);
    return 0;
  }
  if (name === '-h' || name === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const what = name === undefined ? '' : name.startsWith('-') ? `the command comes first, before ${name}` : `unknown command ${name}`;
    process.stderr.write(`${what ? `paiban: ${what}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const parsed = parseCommand(command, rest);
  if (typeof parsed === 'string') {
    process.stderr.write(`paiban ${name}: ${parsed}\n`);
    return 2;
  }
  const { paths, options } = parsed;
  if (options.help) {
    process.stdout.write(`${commandHelp(name)}\n`);
    return 0;
  }
  try {
    return await command.run(paths, options, hooks);
  } catch (e) {
    if (e instanceof InputError) {
      printDiagnostics(e.diagnostics);
      if (options.json) process.stdout.write(`${JSON.stringify({ issue: paths[0], pdf: null, ok: false, diagnostics: e.diagnostics }, null, 2)}\n`);
      return 1;
    }
    process.stderr.write(`paiban: internal error: ${(e as Error).message}\n`);
    if (options.debug) process.stderr.write(`${(e as Error).stack}\n`);
    else process.stderr.write('(run with --debug for details)\n');
    return 70;
  }
}

/** What a command that sets an issue tells the program once it has read it. */
const issueLoaded = (hooks: CommandHooks) => (issue: Issue) => hooks.issueLoaded?.(issue.pages.length);

async function build(file: string, o: Options, hooks: CommandHooks): Promise<number> {
  const result = await buildIssue(file, { outDir: o.out, pages: o.pages ?? true, edition: o.edition, strict: o.strict, allowOutside: o['allow-outside'], loaded: issueLoaded(hooks) });
  printDiagnostics(result.diagnostics);
  const failed = result.diagnostics.some((d) => d.severity === 'error');
  if (o.json) {
    const report = {
      issue: result.issue.file,
      pdf: result.pdf ?? null,
      pages: result.pageFiles ?? [],
      ok: !failed,
      articles: result.fits.map((f) => ({ ...f, status: fitStatus(f) })),
      makeup: result.makeups.map((plan) => ({ page: plan.issue.pages[plan.pageIndex].spec.number, proposal: plan.proposals[0] })),
      diagnostics: result.diagnostics,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    if (result.makeups.length) {
      const { formatMakeup } = await import('./plan/report.js');
      for (const plan of result.makeups) process.stdout.write(`${formatMakeup(plan)}\n`);
    }
    process.stdout.write(`${formatFitReport(result.fits)}\n`);
    for (const written of [...(result.pageFiles ?? []), ...(result.pdf ? [result.pdf] : [])]) process.stdout.write(`wrote ${written}\n`);
  }
  return failed ? 1 : 0;
}

async function planCommand(file: string, o: Options): Promise<number> {
  const { planPage } = await import('./plan/plan.js');
  const { formatPlan } = await import('./plan/report.js');
  const plan = planPage(file, o.page!, { allowOutside: o['allow-outside'] });
  if (o.json) process.stdout.write(`${JSON.stringify({ issue: plan.issue.file, page: o.page, proposals: plan.proposals }, null, 2)}\n`);
  else process.stdout.write(`${formatPlan(plan)}\n`);
  if (!plan.planned.length) {
    if (o.write !== undefined || o.preview !== undefined) process.stderr.write('paiban plan: nothing to lay out on the page: nothing was written\n');
    return 0;
  }
  if (o.preview !== undefined) {
    const { previewProposals } = await import('./preview/plan-previews.js');
    const files = await previewProposals(plan, o.preview, { allowOutside: o['allow-outside'] });
    if (!o.json) for (const f of files) process.stdout.write(`wrote ${f}\n`);
  }
  if (o.write !== undefined) {
    const { EditRefused, writeProposal } = await import('./plan/write.js');
    if (o.write > plan.proposals.length) {
      process.stderr.write(`paiban plan: there is no proposal ${o.write}; the plan has ${plan.proposals.length}\n`);
      return 2;
    }
    try {
      writeProposal(plan, o.write);
    } catch (e) {
      if (!(e instanceof EditRefused)) throw e;
      process.stderr.write(`paiban plan: ${e.message}; nothing was written\n`);
      return 1;
    }
    if (!o.json) process.stdout.write(`wrote proposal ${o.write} into ${plan.issue.file}\n`);
  }
  return plan.proposals.length ? 0 : 1;
}

async function check(file: string, o: Options, hooks: CommandHooks): Promise<number> {
  const report = await checkFile(file, { allowOutside: o['allow-outside'], loaded: issueLoaded(hooks) });
  printDiagnostics(report.diagnostics);
  if (o.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    process.stdout.write(`${formatCheck(report)}\n`);
    if (report.fits) process.stdout.write(`copyfit\n${formatFitReport(report.fits).replace(/^/gm, '  ')}\n`);
  }
  return report.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

// Rendering loads pdf.js and a canvas; only the commands that render load them.
async function previewPages(file: string, o: Options, hooks: CommandHooks): Promise<number> {
  const { preview } = await import('./preview/preview.js');
  const result = await preview(file, { outDir: o.out, dpi: o.dpi, proof: o.proof, allowOutside: o['allow-outside'], loaded: issueLoaded(hooks) });
  if (result.build) {
    printDiagnostics(result.build.diagnostics);
    process.stdout.write(`${formatFitReport(result.build.fits)}\n`);
  }
  for (const image of [...result.images, ...(result.sheet ? [result.sheet] : [])]) process.stdout.write(`wrote ${image}\n`);
  return result.images.length ? 0 : 1;
}

/**
 * Serves until interrupted. SIGINT (Ctrl-C) or SIGTERM stops it: connections are cut, a build under
 * way is let finish, the temporary folder is removed. A second signal exits at once, still
 * removing the folder (watch removes it as the process exits).
 */
async function watchPages(file: string, o: Options): Promise<number> {
  const onBuild = (s: BuildState) =>
    process.stderr.write(`build ${s.version}${s.ok ? '' : ' failed'} in ${Math.round(s.buildMs)} ms${s.diagnostics.map((d) => `\n  ${d.text}`).join('')}\n`);
  const { watchIssue } = await import('./preview/watch.js');
  let session: Watch | undefined;
  let stopping = false;
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  // Listening from the start, so that a signal during the first build stops it too.
  const stopped = new Promise<void>((stop) => {
    onSignal = (signal) => {
      if (stopping) {
        session?.abort();
        process.exit(signal === 'SIGTERM' ? 143 : 130);
      }
      stopping = true;
      stop();
    };
  });
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    session = await watchIssue(file, { port: o.port, dpi: o.dpi, proof: o.proof, allowOutside: o['allow-outside'], onBuild });
    process.stdout.write(`watching ${file}: open ${session.url}\n`);
    await stopped;
    await session.close();
    return 0;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

async function diffPages(base: string, next: string, o: Options): Promise<number> {
  const { diffBuilds } = await import('./diff/diff.js');
  const { textReport } = await import('./diff/report.js');
  const report = await diffBuilds(base, next, { outDir: o.out!, dpi: o.dpi, allowOutside: o['allow-outside'] });
  printDiagnostics(report.diagnostics);
  process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${textReport(report)}\nwrote ${o.out}/report.md\n`);
  return o['exit-code'] && report.changed ? 1 : 0;
}

async function exportArchive(paths: string[], o: Options): Promise<number> {
  const { exportIssues } = await import('./archive/export.js');
  const run = await exportIssues(paths, { outDir: o.out!, shard: o.shard, jobs: o.jobs, validate: !o['no-validate'], progress: process.stderr, issueTimeLimitMs: o['time-limit'] && o['time-limit'] * 1000 });
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
