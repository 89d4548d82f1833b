/**
 * `paiban watch`: rebuilds an issue whenever its folder (issue file, copy, photos) or its
 * layouts change, and serves, on 127.0.0.1 only, a page with the current preview and fit
 * report that reloads itself through server-sent events.
 */
import { watch, mkdtempSync, rmSync, type FSWatcher } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildIssue } from '../build.js';
import type { LoadOptions } from '../issue/load-issue.js';
import { BuildContext } from '../context.js';
import { formatDiagnostic, InputError, type Diagnostic } from '../diagnostics.js';
import { formatFitReport } from '../report/fit-report.js';
import { renderIssue } from './preview.js';
import { WATCH_PAGE } from './watch-page.js';

export interface WatchOptions extends LoadOptions {
  /** 0 picks a free port. */
  port?: number;
  dpi?: number;
  proof?: boolean;
  /** Told of every build, e.g. to print it. */
  onBuild?: (state: BuildState) => void;
}

/** What the page shows; sent to it after every build. */
export interface BuildState {
  version: number;
  ok: boolean;
  /** Page labels, one image each at /page/<index>.jpg?v=<version>. */
  pages: string[];
  report: string;
  diagnostics: string[];
  /** Milliseconds from the change seen to the preview ready, and of the render alone. */
  buildMs: number;
  renderMs: number;
}

export interface Watch {
  url: string;
  /** The state after the latest build. */
  readonly state: BuildState;
  close(): Promise<void>;
}

/** Changes closer together than this are one edit (editors write a file in several steps). */
const SETTLE_MS = 15;

export async function watchIssue(issueFile: string, options: WatchOptions = {}): Promise<Watch> {
  const file = resolve(issueFile);
  const outDir = mkdtempSync(join(tmpdir(), 'paiban-watch-'));
  const dpi = options.dpi ?? 72;
  let state: BuildState = { version: 0, ok: false, pages: [], report: '', diagnostics: [], buildMs: 0, renderMs: 0 };
  let images: Buffer[] = [];
  const clients = new Set<ServerResponse>();
  const watchers = new Map<string, FSWatcher>();
  // One context for the session: each rebuild reads again only the fonts and layouts that changed, and composes only the paragraphs that did.
  const context = new BuildContext();

  async function rebuild(): Promise<void> {
    const start = performance.now();
    let next: Omit<BuildState, 'version' | 'buildMs' | 'renderMs'>;
    let renderMs = 0;
    const dirs = [dirname(file)];
    try {
      const build = await buildIssue(file, { outDir, allowOutside: options.allowOutside, context });
      // A photo not found yet is watched for too: its folder sees it arrive.
      dirs.push(build.issue.dir, ...build.layouts.map((l) => dirname(l.file)), ...build.issue.namedFiles.map((f) => dirname(f)));
      const failed = build.diagnostics.some((d) => d.severity === 'error');
      if (build.pdf) {
        const renderStart = performance.now();
        images = (await renderIssue(build, { dpi, proof: options.proof, format: 'jpeg' })).map((p) => p.image);
        renderMs = performance.now() - renderStart;
      }
      next = { ok: !failed, pages: build.pages.map((p) => `p${p.number}`), report: formatFitReport(build.fits), diagnostics: lines(build.diagnostics) };
    } catch (e) {
      // Bad input keeps the last good preview on the page, under the errors.
      if (!(e instanceof InputError)) throw e;
      next = { ok: false, pages: state.pages, report: state.report, diagnostics: lines(e.diagnostics) };
    }
    state = { ...next, version: state.version + 1, buildMs: performance.now() - start, renderMs };
    watchFolders(dirs);
    const event = `data: ${JSON.stringify(state)}\n\n`;
    for (const client of clients) client.write(event);
    options.onBuild?.(state);
  }

  // One build at a time; changes during a build start one more when it ends.
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  function schedule(): void {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) {
        again = true;
        return;
      }
      running = rebuild()
        .catch((e: Error) => {
          process.stderr.write(`paiban: internal error: ${e.message}\n`);
        })
        .finally(() => {
          running = undefined;
          if (again) {
            again = false;
            schedule();
          }
        });
    }, SETTLE_MS);
  }

  function watchFolders(dirs: string[]): void {
    for (const dir of new Set(dirs)) {
      if (watchers.has(dir)) continue;
      // Each folder that holds an input, watched itself (not recursively): a save that writes a new
      // file and renames it over the old one is then still seen, as a rename in the folder.
      watchers.set(dir, watch(dir, schedule));
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(WATCH_PAGE);
    } else if (url.pathname === '/state') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state));
    } else if (url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`data: ${JSON.stringify(state)}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
    } else {
      const page = /^\/page\/(\d+)\.jpg$/.exec(url.pathname);
      const image = page && images[Number(page[1])];
      if (image) res.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'no-store' }).end(image);
      else res.writeHead(404).end();
    }
  });

  running = rebuild().finally(() => (running = undefined));
  await running;
  try {
    await new Promise<void>((ok, fail) => server.once('error', fail).listen(options.port ?? 4180, '127.0.0.1', ok));
  } catch (e) {
    clearTimeout(timer);
    for (const w of watchers.values()) w.close();
    rmSync(outDir, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
    throw new InputError([{ severity: 'error', message: `cannot serve on 127.0.0.1:${options.port ?? 4180} (${code}); choose another port with --port` }]);
  }
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    get state() {
      return state;
    },
    async close() {
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      for (const client of clients) client.end();
      await new Promise((ok) => server.close(ok));
      await running;
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

const lines = (diagnostics: readonly Diagnostic[]) => diagnostics.map(formatDiagnostic);
