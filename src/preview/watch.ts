/**
 * `paiban watch`: rebuilds an issue whenever its folder (issue file, copy, photos) or its
 * layouts change, and serves, on 127.0.0.1 only, a page with the current preview and fit
 * report that reloads itself through server-sent events.
 *
 * The server answers any request, however malformed, with a status or by closing the
 * connection, and never ends the process over one. It answers only requests addressed to it by
 * name (Host 127.0.0.1:PORT or localhost:PORT), so that a web page whose name is made to point
 * at 127.0.0.1 (DNS rebinding) cannot read the previews or the diagnostics.
 */
import { watch, mkdtempSync, rmSync, type FSWatcher } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
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
  /** Stops serving (open connections are cut), waits for a build under way, removes the temporary folder. */
  close(): Promise<void>;
  /** Stops at once without waiting for a build under way, and removes the temporary folder: before a forced exit. */
  abort(): void;
}

/** Changes closer together than this are one edit (editors write a file in several steps). */
const SETTLE_MS = 15;
/**
 * A client on this machine sends a request in microseconds; one that has not sent its headers
 * (or its whole request) by then is cut off (408), so that a half-sent request holds no socket.
 */
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** How often those timeouts are checked. */
const TIMEOUT_CHECK_MS = 500;

export async function watchIssue(issueFile: string, options: WatchOptions = {}): Promise<Watch> {
  const file = resolve(issueFile);
  const outDir = mkdtempSync(join(tmpdir(), 'paiban-watch-'));
  // However the process ends (a forced exit, an internal error), the temporary folder goes with it.
  const removeOutDir = () => rmSync(outDir, { recursive: true, force: true });
  process.on('exit', removeOutDir);
  const dpi = options.dpi ?? 72;
  let closed = false;
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
      dirs.push(build.issue.dir, ...build.layouts.flatMap((l) => l.files.map((f) => dirname(f))), ...build.issue.namedFiles.map((f) => dirname(f)));
      const failed = build.diagnostics.some((d) => d.severity === 'error');
      if (build.pdf) {
        const renderStart = performance.now();
        images = (await renderIssue(build, { dpi, proof: options.proof, format: 'jpeg' })).map((p) => p.image);
        renderMs = performance.now() - renderStart;
      }
      next = { ok: !failed, pages: build.pages.map((p) => `p${p.number}`), report: formatFitReport(build.fits), diagnostics: lines(build.diagnostics) };
    } catch (e) {
      // Bad input keeps the last good preview on the page, under the errors; so does a fault of
      // paiban's own, said as such on the page too, not only on the terminal.
      let said: string[];
      if (e instanceof InputError) said = lines(e.diagnostics);
      else {
        said = [`paiban: internal error: ${(e as Error).message}`];
        if (!closed) process.stderr.write(`${said[0]}\n`);
      }
      next = { ok: false, pages: state.pages, report: state.report, diagnostics: said };
    }
    if (closed) return;
    state = { ...next, version: state.version + 1, buildMs: performance.now() - start, renderMs };
    watchFolders(dirs);
    const event = `data: ${JSON.stringify(state)}\n\n`;
    for (const client of clients) if (!client.destroyed && !client.writableEnded) client.write(event);
    options.onBuild?.(state);
  }

  // One build at a time; changes during a build start one more when it ends.
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  function schedule(): void {
    clearTimeout(timer);
    if (closed) return;
    timer = setTimeout(() => {
      if (running) {
        again = true;
        return;
      }
      running = rebuild()
        .catch((e: Error) => {
          if (!closed) process.stderr.write(`paiban: internal error: ${e.message}\n`);
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
      // A folder that goes away is watched again when a build finds it.
      const watcher = watch(dir, schedule).on('error', () => {
        watcher.close();
        watchers.delete(dir);
      });
      watchers.set(dir, watcher);
    }
  }

  let port = options.port ?? 4180;
  const server = createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: TIMEOUT_CHECK_MS },
    (req, res) => {
      try {
        respond(req, res);
      } catch (e) {
        // Nothing a request holds should get here; if it does, that request fails, not the process.
        process.stderr.write(`paiban: internal error answering ${JSON.stringify(req.url)}: ${(e as Error).message}\n`);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      }
    },
  );
  // Requests too malformed for the parser, too large (431) or too slow (408) are answered by Node's
  // own handler for client errors, which closes the connection. Every socket is known, to be cut on close.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  function respond(req: IncomingMessage, res: ServerResponse): void {
    res.on('error', () => res.destroy());
    res.setHeader('x-content-type-options', 'nosniff');
    if (!hostAllowed(req, port)) return plain(res, 403, 'this server answers only to 127.0.0.1 and localhost with its port\n');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins(port).includes(origin)) return plain(res, 403, 'cross-origin requests are refused\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return plain(res, 405, 'only GET and HEAD\n');
    }
    // Origin-form targets only ("/path?query"): an absolute URI, an authority, "*" or "//…" is a bad request.
    const target = req.url ?? '';
    if (!target.startsWith('/') || target.startsWith('//')) return plain(res, 400, 'bad request target\n');
    const path = target.split('?', 1)[0];
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(WATCH_PAGE);
    } else if (path === '/state') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(state));
    } else if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      if (req.method === 'HEAD' || closed) return void res.end();
      res.write(`data: ${JSON.stringify(state)}\n\n`);
      clients.add(res);
      res.once('close', () => clients.delete(res));
    } else {
      const page = /^\/page\/(\d{1,6})\.jpg$/.exec(path);
      const image = page ? images[Number(page[1])] : undefined;
      if (image) res.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'no-store' }).end(image);
      else plain(res, 404, 'not found\n');
    }
  }

  /** Stops watching and serving: open connections, a half-sent request's included, are cut. */
  function shutDown(): void {
    closed = true;
    clearTimeout(timer);
    for (const w of watchers.values()) w.close();
    watchers.clear();
    for (const client of clients) client.destroy();
    clients.clear();
    server.close();
    for (const socket of sockets) socket.destroy();
  }

  try {
    running = rebuild().finally(() => (running = undefined));
    await running;
    await new Promise<void>((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', ok));
  } catch (e) {
    shutDown();
    removeOutDir();
    process.off('exit', removeOutDir);
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
    throw new InputError([{ severity: 'error', message: `cannot serve on 127.0.0.1:${port} (${code}); choose another port with --port` }]);
  }
  port = (server.address() as AddressInfo).port;
  // An error of the listening server after it started (none is expected) is reported, not thrown.
  server.on('error', (e) => process.stderr.write(`paiban: watch server: ${e.message}\n`));

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    get state() {
      return state;
    },
    close() {
      closing ??= (async () => {
        shutDown();
        await running?.catch(() => {});
        removeOutDir();
        process.off('exit', removeOutDir);
      })();
      return closing;
    },
    abort() {
      shutDown();
      removeOutDir();
      process.off('exit', removeOutDir);
    },
  };
}

/** Host values naming this server: 127.0.0.1 or localhost with its port (without it on port 80), in any case. */
function hostAllowed(req: IncomingMessage, port: number): boolean {
  const hosts = req.headersDistinct.host;
  if (hosts?.length !== 1) return false;
  const host = hosts[0].toLowerCase();
  return ['127.0.0.1', 'localhost'].some((name) => host === `${name}:${port}` || (port === 80 && host === name));
}

/** Origin values of the watch page itself. */
function allowedOrigins(port: number): string[] {
  return ['127.0.0.1', 'localhost'].flatMap((name) => [`http://${name}:${port}`, ...(port === 80 ? [`http://${name}`] : [])]);
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(text);
}

const lines = (diagnostics: readonly Diagnostic[]) => diagnostics.map(formatDiagnostic);
