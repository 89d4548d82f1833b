/**
 * `paiban watch`: rebuilds an issue whenever its folder (issue file, copy, photos) or its
 * layouts change, and serves, on 127.0.0.1 only, the editor's desk (src/desk/): the pages,
 * the fit report and the diagnostics, kept current through server-sent events, where frames
 * and photos are moved with the mouse and the moves written into the issue file. After a
 * change the page on the desk is drawn first and the others after it.
 *
 * The server answers any request, however malformed, with a status or by closing the
 * connection, and never ends the process over one. It answers only requests addressed to it by
 * name (Host 127.0.0.1:PORT or localhost:PORT), so that a web page whose name is made to point
 * at 127.0.0.1 (DNS rebinding) cannot read the previews or the diagnostics.
 */
import { watch, mkdtempSync, readFileSync, rmSync, type FSWatcher } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { buildIssue, type BuildResult } from '../build.js';
import type { LoadOptions } from '../issue/load-issue.js';
import { BuildContext } from '../context.js';
import { InputError, type Diagnostic } from '../diagnostics.js';
import { fileStamp } from '../files.js';
import { deskDiagnostics, deskPages, type DeskDiagnostic, type DeskPage } from '../desk/geometry.js';
import { DESK_PAGE } from '../desk/desk-page.js';
import { moveRequest, proposalRequest } from '../desk/request.js';
import { DeskSession, stampOfText, type WriteResult } from '../desk/session.js';
import { readIssueText } from '../source/yaml-source.js';
import { encodeRaster } from '../pdf/picture.js';
import { formatFitReport } from '../report/fit-report.js';
import { planLoadedPage, type PagePlan } from '../plan/plan.js';
import { formatPlan } from '../plan/report.js';
import { withProposal } from '../plan/write.js';
import type { Page } from '../issue/model.js';
import { renderIssue } from './preview.js';
import { PdfDocument } from './render.js';

export interface WatchOptions extends LoadOptions {
  /** 0 picks a free port. */
  port?: number;
  dpi?: number;
  proof?: boolean;
  /** Told of every build, e.g. to print it. */
  onBuild?: (state: BuildState) => void;
}

/** What the desk shows; sent to it as a build starts, when the page on the desk is drawn, and when all are. */
export interface BuildState {
  version: number;
  /** A build under way, pages being drawn (the one on the desk first), or all drawn. */
  phase: 'building' | 'drawing' | 'ready';
  ok: boolean;
  /** The issue file's stamp as built: the desk sends it back with each move. */
  stamp: string;
  /** What the desk draws over each page, from the page model. */
  pages: DeskPage[];
  /** For each page, the build its image shows, at /page/<index>.jpg?v=<that build>; 0 while none is drawn. */
  images: number[];
  /** The page drawn first: the one on the desk. */
  visible: number;
  /** Pixels per inch of the page images. */
  dpi: number;
  report: string;
  diagnostics: DeskDiagnostic[];
  /** plan's proposals for each page with articles it lays out (see `proposed`); those of the build before until they are made. */
  proposals: DeskProposals[];
  /** Milliseconds from the change seen to the build done, to the image of the page on the desk ready, and drawing all the pages. */
  buildMs: number;
  firstPageMs: number;
  renderMs: number;
}

/** plan's proposals for a page, best first, as `paiban plan` prints each, and the stamp of the file they were made on. */
export interface DeskProposals {
  page: number;
  stamp: string;
  proposals: { score: number; unused: number; text: string }[];
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
/** Desks open at once (each holds an event stream); more are refused (503). */
const MAX_CLIENTS = 16;
/** The largest request body the desk sends (a move is about 150 bytes). */
const MAX_BODY_BYTES = 4096;

export async function watchIssue(issueFile: string, options: WatchOptions = {}): Promise<Watch> {
  const file = resolve(issueFile);
  const outDir = mkdtempSync(join(tmpdir(), 'paiban-watch-'));
  // However the process ends (a forced exit, an internal error), the temporary folder goes with it.
  const removeOutDir = () => rmSync(outDir, { recursive: true, force: true });
  process.on('exit', removeOutDir);
  const dpi = options.dpi ?? 72;
  let closed = false;
  let state: BuildState = { version: 0, phase: 'building', ok: false, stamp: '', pages: [], images: [], visible: 0, dpi, report: '', diagnostics: [], proposals: [], buildMs: 0, firstPageMs: 0, renderMs: 0 };
  /** The plans whose proposals the desk shows, by page index, and the stamp they were made on. */
  let plans = { stamp: '', byPage: new Map<number, PagePlan>() };
  /** The images served, by page. */
  let images: (Buffer | undefined)[] = [];
  /** Each page file's image, with the file's stamp and the build it was drawn in. */
  const drawn = new Map<string, { stamp: string; version: number; image: Buffer }>();
  let visible = 0;
  const clients = new Set<ServerResponse>();
  const watchers = new Map<string, FSWatcher>();
  // One context for the session: each rebuild reads again only the fonts and layouts that changed, and composes only the paragraphs that did.
  const context = new BuildContext();
  const desk = new DeskSession(file);
  /** When the change the next build is for was first seen. */
  let changeSeen: number | undefined;

  function publish(next: BuildState): void {
    state = next;
    const event = `data: ${JSON.stringify(state)}\n\n`;
    for (const client of clients) if (!client.destroyed && !client.writableEnded) client.write(event);
  }

  async function rebuild(): Promise<void> {
    const start = changeSeen ?? performance.now();
    changeSeen = undefined;
    if (state.version > 0) publish({ ...state, phase: 'building' });
    let next: Pick<BuildState, 'ok' | 'stamp' | 'pages' | 'report' | 'diagnostics'>;
    let pageFiles: string[] | undefined;
    let proof: BuildResult | undefined;
    let built: BuildResult | undefined;
    const dirs = [dirname(file)];
    try {
      const stamp = stampOfFile(file);
      // A PDF per page, each written again only when its page changed: only those are drawn again.
      // The proof is drawn over the issue's PDF, every page.
      const build = await buildIssue(file, { outDir, allowOutside: options.allowOutside, context, ...(options.proof ? {} : { pages: true, edition: false }) });
      // A photo not found yet is watched for too: its folder sees it arrive.
      dirs.push(build.issue.dir, ...build.layouts.flatMap((l) => l.files.map((f) => dirname(f))), ...build.issue.namedFiles.map((f) => dirname(f)));
      const pages = deskPages(build.issue, build.pages, build.layouts);
      pageFiles = build.pageFiles;
      built = build;
      if (options.proof && build.pdf) proof = build;
      next = { ok: !build.diagnostics.some((d) => d.severity === 'error'), stamp, pages, report: formatFitReport(build.fits), diagnostics: deskDiagnostics(build.diagnostics, pages) };
    } catch (e) {
      // Bad input keeps the last good preview on the page, under the errors; so does a fault of
      // paiban's own, said as such on the page too, not only on the terminal.
      let said: Diagnostic[];
      if (e instanceof InputError) said = e.diagnostics;
      else {
        said = [{ severity: 'error', message: `paiban: internal error: ${(e as Error).message}` }];
        if (!closed) process.stderr.write(`${said[0].message}\n`);
      }
      next = { ok: false, stamp: state.stamp, pages: state.pages, report: state.report, diagnostics: deskDiagnostics(said, state.pages) };
    }
    if (closed) return;
    watchFolders(dirs);
    const version = state.version + 1;
    const buildMs = performance.now() - start;
    const first = Math.min(visible, Math.max(0, next.pages.length - 1));
    const drawing = Boolean(pageFiles || proof);
    publish({ ...next, version, phase: drawing ? 'drawing' : 'ready', images: pageFiles ? shownOf(pageFiles) : state.images, visible: first, dpi, proposals: state.proposals, buildMs, firstPageMs: 0, renderMs: 0 });
    try {
      if (proof) await drawProof(proof, start);
      else if (pageFiles) await drawPages(pageFiles, first, start);
    } catch (e) {
      // A page that cannot be drawn keeps its last image; why is said on the desk.
      const said: Diagnostic[] = e instanceof InputError ? e.diagnostics : [{ severity: 'error', message: `paiban: internal error drawing the pages: ${(e as Error).message}` }];
      if (!closed) publish({ ...state, phase: 'ready', ok: false, diagnostics: [...state.diagnostics, ...deskDiagnostics(said, state.pages)] });
    }
    // The pages are shown first; plan's proposals (a second or so a page) follow them.
    if (built && !closed && changeSeen === undefined) {
      try {
        const proposals = proposed(built, state.stamp);
        if (proposals.length || state.proposals.length) publish({ ...state, proposals });
      } catch (e) {
        const said: Diagnostic[] = e instanceof InputError ? e.diagnostics : [{ severity: 'error', message: `paiban: internal error proposing layouts: ${(e as Error).message}` }];
        publish({ ...state, proposals: [], diagnostics: [...state.diagnostics, ...deskDiagnostics(said, state.pages)] });
      }
    }
    options.onBuild?.(state);
  }

  /** plan's proposals for each page that says `makeup: auto` or has an article without a frame (placed automatically), kept to be written. */
  function proposed(build: BuildResult, stamp: string): DeskProposals[] {
    const byPage = new Map<number, PagePlan>();
    build.issue.pages.forEach((page, i) => {
      if (plannable(page)) byPage.set(i, planLoadedPage(build.issue, i, build.layouts[i], { context }));
    });
    plans = { stamp, byPage };
    return [...byPage].map(([page, plan]) => {
      const texts = formatPlan(plan).split('\n\n');
      return { page, stamp, proposals: plan.proposals.map((p, k) => ({ score: p.score, unused: p.terms.unused, text: texts[k] })) };
    });
  }

  /** The build whose image each page file has, 0 for none yet. */
  const shownOf = (files: readonly string[]) => files.map((f) => drawn.get(f)?.version ?? 0);

  /**
   * Draws the pages whose files changed, the one on the desk first, and publishes it as soon as
   * it is ready. A change seen meanwhile stops the drawing: the build it starts draws the rest.
   */
  async function drawPages(files: string[], first: number, start: number): Promise<void> {
    const renderStart = performance.now();
    images = files.map((f) => drawn.get(f)?.image);
    let firstPageMs = 0;
    for (const i of [first, ...files.keys()].filter((i, k) => k === 0 || i !== first)) {
      if (closed || (i !== first && changeSeen !== undefined)) break;
      const stamp = fileStamp(files[i]);
      if (drawn.get(files[i])?.stamp !== stamp) {
        const doc = await PdfDocument.open(readFileSync(files[i]), files[i]);
        try {
          // Drawn as RGB: a JPEG has no alpha to copy out of PDFium and drop.
          const page = doc.draw(0, dpi, 3);
          drawn.set(files[i], { stamp, version: state.version, image: await encodeRaster(page.pixels, page.width, page.height, 'jpeg', page.bytesPerPixel) });
        } finally {
          doc.close();
        }
        images[i] = drawn.get(files[i])!.image;
      }
      if (i === first) {
        firstPageMs = performance.now() - start;
        if (files.length > 1) publish({ ...state, images: shownOf(files), firstPageMs });
      }
    }
    if (closed) return;
    for (const f of drawn.keys()) if (!files.includes(f)) drawn.delete(f);
    publish({ ...state, phase: 'ready', images: shownOf(files), firstPageMs, renderMs: performance.now() - renderStart });
  }

  /** The proof drawn over every page of the issue's PDF, in page order. */
  async function drawProof(build: BuildResult, start: number): Promise<void> {
    const renderStart = performance.now();
    images = (await renderIssue(build, { dpi, proof: true, format: 'jpeg' })).map((p) => p.image);
    if (closed) return;
    const now = performance.now();
    publish({ ...state, phase: 'ready', images: images.map(() => state.version), firstPageMs: now - start, renderMs: now - renderStart });
  }

  // One build at a time; changes during a build start one more when it ends.
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  function schedule(): void {
    clearTimeout(timer);
    if (closed) return;
    changeSeen ??= performance.now();
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
    // Origin-form targets only ("/path?query"): an absolute URI, an authority, "*" or "//…" is a bad request.
    const target = req.url ?? '';
    if (!target.startsWith('/') || target.startsWith('//')) return plain(res, 400, 'bad request target\n');
    const path = target.split('?', 1)[0];
    if (DESK_ACTIONS.has(path)) {
      if (req.method === 'POST') return void receive(req, res, path);
      res.setHeader('allow', 'POST');
      return plain(res, 405, 'only POST\n');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return plain(res, 405, 'only GET and HEAD\n');
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(DESK_PAGE);
    } else if (path === '/state') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(state));
    } else if (path === '/events') {
      if (clients.size >= MAX_CLIENTS) return plain(res, 503, `at most ${MAX_CLIENTS} desks at once\n`);
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

  /** Reads a desk action's JSON body (bounded) and answers it. */
  function receive(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (!/^application\/json(;|$)/i.test(req.headers['content-type'] ?? '')) return plain(res, 415, 'send JSON (content-type: application/json)\n');
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return plain(res, 413, `a request body may have at most ${MAX_BODY_BYTES} bytes\n`);
    const pieces: Buffer[] = [];
    let size = 0;
    req.on('data', (piece: Buffer) => {
      size += piece.length;
      if (size > MAX_BODY_BYTES) {
        plain(res, 413, `a request body may have at most ${MAX_BODY_BYTES} bytes\n`);
        req.destroy();
      } else pieces.push(piece);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      try {
        answer(res, path, Buffer.concat(pieces).toString('utf8'));
      } catch (e) {
        process.stderr.write(`paiban: internal error answering ${path}: ${(e as Error).message}\n`);
        if (!res.headersSent) res.writeHead(500).end();
      }
    });
  }

  function answer(res: ServerResponse, path: string, body: string): void {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return plain(res, 400, 'the body is not JSON\n');
    }
    if (path === '/view') {
      const page = (json as { page?: unknown })?.page;
      if (!Number.isInteger(page) || (page as number) < 0 || (page as number) >= Math.max(1, state.pages.length)) return plain(res, 400, 'page: the index of a page of the issue\n');
      visible = page as number;
      return void res.writeHead(204).end();
    }
    let result: WriteResult;
    if (path === '/move') {
      const move = moveRequest(json);
      if (typeof move === 'string') return plain(res, 400, `${move}\n`);
      visible = move.target.page;
      result = desk.move(move.stamp, state, move);
    } else if (path === '/plan') {
      const wanted = proposalRequest(json);
      if (typeof wanted === 'string') return plain(res, 400, `${wanted}\n`);
      const plan = plans.byPage.get(wanted.page);
      const proposal = plan?.proposals[wanted.proposal - 1];
      visible = wanted.page;
      result = desk.write(wanted.stamp, plans.stamp, (text) =>
        proposal ? withProposal(text, wanted.page, proposal) : { refused: plan ? `page ${wanted.page + 1} has ${plan.proposals.length} proposals` : `plan proposes nothing for page ${wanted.page + 1}: it has no article without a frame and does not say makeup: auto` },
      );
    } else result = path === '/undo' ? desk.undo() : desk.redo();
    // The write is seen by the folder's watcher too; the build starts without waiting for it.
    if (result.ok) schedule();
    const status = result.ok ? 200 : result.stale ? 409 : 422;
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(result));
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

/** The desk's actions, each a POST of JSON. */
const DESK_ACTIONS = new Set(['/move', '/plan', '/undo', '/redo', '/view']);

/** A page plan lays out on the desk: one that says `makeup: auto`, or with an article placed automatically (no frame, not fixed). */
const plannable = (page: Page) => page.spec.makeup === 'auto' || page.articles.some((a) => !a.spec.fixed && !a.spec.frame);

/** The stamp of the issue file's text; none when it cannot be read (the build says why). */
function stampOfFile(file: string): string {
  const read = readIssueText(file);
  return 'text' in read ? stampOfText(read.text) : '';
}
