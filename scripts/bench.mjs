// npm run bench: figures for the sample page, as medians. Run after `npm run build`.
//   peer   cold build of the sample page against Typst's, interleaved in one run
//          (../shared/bench/typst-peer/compare.sh, when that folder is there): the ratio is
//          the figure that holds on a shared machine, not either time alone
//   cold   whole process, start to PDF written (node bin/paiban.js build …)
//   warm   rebuild in a running process after a one-paragraph edit (the watch path), with
//          the page's characters unchanged and with a character new to the page
//   compose  shaping, composition and placement only, after a one-paragraph edit
// then the same for a 16-page edition (scripts/edition-fixture.mjs) built as the command does,
// a PDF per page; BENCH_ONLY=edition runs that part alone.
//   export   100 generated one-page issues with 2 workers, with and without the ALTO
//            validation (pages/s, and the CPU time of all threads per page), and the
//            validation itself per page; BENCH_ONLY=export runs that part alone.
//   render   the preview's renderer (PDFium) against the one it replaced (pdf.js on a canvas), one
//            process each (scripts/bench-render.mjs): the sample page at 100 dpi, warm, and every
//            page of a 200-page edition PDF, with each process's peak RSS; BENCH_ONLY=render runs
//            that part alone.
//   desk     `paiban watch` in process: from a frame's edge moved on the desk (the move POSTed,
//            written into the issue file) to the new image of the page on the desk fetched by a
//            client of the event stream, and, when a Chromium is found (PAIBAN_CHROMIUM or
//            /usr/bin/chromium), to the new image loaded in the desk's page; for the sample page
//            and page 6 of a 16-page edition. BENCH_ONLY=desk runs that part alone.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { setV8Flags, youngGenerationGrows } from '../bin/v8-flags.js';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'paiban-bench-'));
cpSync(join(root, 'issues/hongyan-weekly'), join(work, 'issue'), { recursive: true });
const issue = join(work, 'issue/issue.yaml');
const out = join(work, 'out');
const only = process.env.BENCH_ONLY;
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
console.log(`${new Date().toISOString()}, ${load()}`);
if (only === 'edition') {
  await editionBench();
  process.exit(0);
}
if (only === 'export') {
  await exportBench();
  process.exit(0);
}
if (only === 'render') {
  await renderBench();
  process.exit(0);
}
if (only === 'desk') {
  await deskBench();
  process.exit(0);
}

// The peer's script installs Typst's Node compiler once into a temporary folder and prints the
// median of the per-pair ratios of paiban's cold build to Typst's.
const peer = join(dirname(root), 'shared/bench/typst-peer/compare.sh');
if (statSync(peer, { throwIfNoEntry: false })) {
  const r = spawnSync(peer, [String(runs)], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${peer} failed`);
  console.log(`against Typst 0.14 (${peer}, ${runs} interleaved pairs)\n  ${r.stdout.trim()}\n  ${load()}`);
} else console.log(`against Typst: ${peer} is not there; no same-run ratio`);

const { cold, rss } = coldRuns(issue, out);
// The command writes a PDF per page: the sample's is page 6.
const pdf = join(out, 'hongyan-weekly-06.pdf');

// Warm: the same process rebuilds after each edit of one paragraph, with one build context, as
// `paiban watch` does; V8's flags as bin/paiban.js sets them for watch.
setV8Flags();
youngGenerationGrows();
const { buildIssue, composeIssue } = await import(join(root, 'dist/build.js'));
const { BuildContext } = await import(join(root, 'dist/context.js'));
const context = new BuildContext();
const copy = join(work, 'issue/main.md');
const original = readFileSync(copy, 'utf8');
// A watch session has rebuilt the page a few times before the edits that are timed. Every edit
// gives the paragraph a text it has not had before, so nothing of it is reused.
for (let i = 0; i < 5; i++) await buildIssue(issue, { outDir: out, context });
const pageChars = [...new Set(original.match(/\p{Script=Han}/gu))];
const edit = (i, added) => writeFileSync(copy, original.replace('濒临倒闭的小作坊', `濒临倒闭的小作坊${added}`));
const timed = async (work) => {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
};
const warm = [];
const warmNewGlyph = [];
const compose = [];
for (let i = 0; i < 3 * runs; i++) {
  // Characters already on the page: the embedded fonts' subsets stay as they were.
  edit(i, pageChars[i] + pageChars[i + 1]);
  warm.push(await timed(() => buildIssue(issue, { outDir: out, context })));
}
for (let i = 0; i < 3 * runs; i++) {
  // A character new to the page: the body font is cut down again.
  edit(i, String.fromCodePoint(0x9f98 - i));
  warmNewGlyph.push(await timed(() => buildIssue(issue, { outDir: out, context })));
}
for (let i = 0; i < 3 * runs; i++) {
  edit(i, pageChars[i + 2] + pageChars[i]);
  compose.push(await timed(async () => composeIssue(issue, { context })));
}

const f = (ms) => `${ms.toFixed(0)} ms`;
console.log(`sample page (issues/hongyan-weekly), medians of ${runs} cold runs and ${3 * runs} warm rebuilds`);
console.log(`  cold build (process start to PDF written)  ${f(median(cold))}`);
console.log(`  warm rebuild after a one-paragraph edit    ${f(median(warm))}`);
console.log(`    … when the edit adds a new character     ${f(median(warmNewGlyph))}`);
console.log(`  shape + compose + place after an edit      ${f(median(compose))}`);
console.log(`  peak RSS (cold process)                    ${median(rss).toFixed(0)} MiB`);
console.log(`  PDF size                                   ${(statSync(pdf).size / 1024).toFixed(0)} KiB`);

await exportBench();

await editionBench();
await renderBench();
await deskBench();

/**
 * Export: 100 generated one-page issues (a tabloid page of three stories, the copy rotated so
 * that no two pages are alike) archived by `paiban export` with its worker pool; then the ALTO
 * validation alone.
 */
async function exportBench() {
  const f = (ms) => `${ms.toFixed(0)} ms`;
  setV8Flags();
  youngGenerationGrows();
  const { exportIssues } = await import(join(root, 'dist/archive/export.js'));
  const { availableParallelism } = await import('node:os');
  const archive = join(work, 'archive');
  const paragraphs = ['main.md', 'zuzhi-bitan.md', 'hongyan-zhendang.md']
    .flatMap((f) => readFileSync(join(root, 'issues/hongyan-weekly', f), 'utf8').split('\n'))
    .filter((p) => p.trim() && !p.startsWith('#') && !p.startsWith('——'));
  const storyCopy = (from, n) => Array.from({ length: n }, (_, i) => `          ${paragraphs[(from + i) % paragraphs.length]}`).join('\n');
  for (let i = 0; i < 100; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    mkdirSync(join(archive, `issue-${i}`), { recursive: true });
    writeFileSync(
      join(archive, `issue-${i}`, 'issue.yaml'),
      `paper: 重庆日报
date: 2024-03-${day}
edition: 红岩周刊
layout: tabloid
pages:
  - number: ${(i % 8) + 1}
    section: 红岩周刊
    articles:
${[0, 1, 2]
  .map(
    (a) => `      - id: story-${a}
        headline: ${paragraphs[(i + a * 7) % paragraphs.length].slice(0, 12).replace(/[：:，,。“”]/g, '')}
        byline: □本报记者 陈国栋
        columns: ${a === 0 ? 6 : 3}
        body: |
${storyCopy(i * 3 + a * 11, a === 0 ? 8 : 5)}`,
  )
  .join('\n')}
`,
    );
  }
  // Two workers, as the goal is set, whatever the number of cores.
  const jobs = 2;
  // CPU time of every thread of the process (the workers are threads of it): on a machine shared
  // with other work the throughput follows the load, the CPU time per page much less.
  const cpuMs = (since) => {
    const c = process.cpuUsage(since);
    return (c.user + c.system) / 1000;
  };
  const exportCpu = process.cpuUsage();
  const exported = await exportIssues([archive], { outDir: join(work, 'archive-out'), jobs });
  const exportCpuMs = cpuMs(exportCpu);
  const failed = exported.outcomes.filter((o) => o.status === 'failed');
  if (failed.length) throw new Error(`export failed: ${JSON.stringify(failed[0].diagnostics)}`);
  console.log(`archive export, 100 one-page tabloid issues, ${jobs} workers (${availableParallelism()} cores), ${load()}`);
  console.log(`  PDF/A + ALTO + manifest                    ${(exported.pagesBuilt / exported.seconds).toFixed(1)} pages/s (${exported.seconds.toFixed(1)} s)`);
  console.log(`    CPU time of all threads                  ${f(exportCpuMs / exported.pagesBuilt)} a page (${(exportCpuMs / 1000).toFixed(1)} s)`);
  // Run again with nothing changed: every issue's inputs are fingerprinted again and found unchanged.
  const resumeStart = performance.now();
  const resumed = await exportIssues([archive], { outDir: join(work, 'archive-out'), jobs });
  if (resumed.outcomes.some((o) => o.status !== 'skipped')) throw new Error('resume rebuilt an unchanged issue');
  console.log(`  resume with nothing changed (100 skipped)  ${f(performance.now() - resumeStart)}`);
  const unchecked = await exportIssues([archive], { outDir: join(work, 'archive-unchecked'), validate: false, jobs });
  console.log(`  the same without ALTO validation           ${(unchecked.pagesBuilt / unchecked.seconds).toFixed(1)} pages/s (${unchecked.seconds.toFixed(1)} s)`);

  // ALTO validation as export does it: the schema compiled once per worker thread, then each page
  // checked in memory before it is written.
  const { loadSchemaValidation, schemaErrors, PAIBAN_ALTO_XSD } = await import(join(root, 'dist/archive/validate.js'));
  await loadSchemaValidation();
  const { altoXml } = await import(join(root, 'dist/archive/alto.js'));
  const altoOf = (pages) => pages.map((page, i) => ({ name: `p${i}.alto.xml`, text: altoXml(page, { pdfName: 'x.pdf', index: i + 1 }) }));
  const { composeIssue } = await import(join(root, 'dist/build.js'));
  const sampleAlto = altoOf(composeIssue(issue).pages);
  const archiveAlto = exported.outcomes.flatMap((o) => o.files.filter((x) => x.path.endsWith('.alto.xml')).map((x) => ({ name: x.path, text: readFileSync(x.path, 'utf8') })));
  const compileStart = performance.now();
  if (schemaErrors({ file: PAIBAN_ALTO_XSD }, sampleAlto)) throw new Error('the sample page\'s ALTO is not valid');
  const compileMs = performance.now() - compileStart;
  const perPage = (docs) => docs.map((d) => timedSync(() => schemaErrors({ file: PAIBAN_ALTO_XSD }, [d])));
  const timedSync = (work) => {
    const t0 = performance.now();
    if (work()) throw new Error('invalid ALTO');
    return performance.now() - t0;
  };
  const sampleMs = perPage(Array.from({ length: 3 * runs }, () => sampleAlto[0]));
  const archiveMs = perPage(archiveAlto);
  console.log(`ALTO validation against schema/alto-v4-paiban.xsd (libxml2-wasm), medians`);
  const row = (label, value) => console.log(`  ${label.padEnd(43)}${value}`);
  row(`the sample page (${(sampleAlto[0].text.length / 1024).toFixed(0)} KiB of ALTO)`, `${f(median(sampleMs))} a page`);
  row(`a generated one-page issue`, `${f(median(archiveMs))} a page`);
  row(`once per worker: compiling the schema`, f(compileMs - median(sampleMs)));
}

/**
 * The renderers, interleaved run by run: page 1 of the sample (built here) drawn and encoded warm,
 * and a 200-page edition (the evening edition fifty times, one PDF) drawn page by page to PNGs.
 */
async function renderBench() {
  const sampleOut = join(work, 'render-sample');
  const build = (file, dir, ...more) => {
    const r = spawnSync(process.execPath, [join(root, 'bin/paiban.js'), 'build', file, '-o', dir, ...more], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build of ${file} failed: ${r.stderr}`);
  };
  build(issue, sampleOut);
  const { makeEdition } = await import(join(root, 'scripts/edition-fixture.mjs'));
  const dir = join(work, 'render-edition');
  mkdirSync(dir, { recursive: true });
  const editionOut = join(work, 'render-edition-out');
  build(makeEdition(dir, { copies: 50 }), editionOut, '--edition', '--pages', '{page}.pdf');
  const bench = (renderer, ...args) => {
    const r = spawnSync(process.execPath, [join(root, 'scripts/bench-render.mjs'), renderer, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`${renderer} ${args.join(' ')} failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const page = { pdfium: [], pdfjs: [] };
  const pageCpu = { pdfium: [], pdfjs: [] };
  const pageRss = { pdfium: [], pdfjs: [] };
  for (let i = 0; i < 3; i++) {
    for (const renderer of ['pdfium', 'pdfjs']) {
      const r = bench(renderer, 'page', join(sampleOut, 'hongyan-weekly-06.pdf'), String(runs));
      page[renderer].push(...r.times);
      pageCpu[renderer].push(...r.cpuTimes);
      pageRss[renderer].push(r.rss);
    }
  }
  const edition = readdirSync(editionOut).find((f) => !/^\d+\.pdf$/.test(f));
  const all = {};
  for (const renderer of ['pdfium', 'pdfjs']) {
    const pngs = join(work, `render-${renderer}`);
    mkdirSync(pngs, { recursive: true });
    all[renderer] = bench(renderer, 'all', join(editionOut, edition), pngs);
  }
  const row = (label, a, b) => console.log(`  ${label.padEnd(44)}${a.padEnd(12)}${b}`);
  console.log(`preview renderer, 100 dpi: PDFium (now) against pdf.js on a canvas (before), medians of ${3 * runs} warm runs`);
  row('', 'PDFium', 'pdf.js');
  row('sample page, drawn and encoded (warm)', `${median(page.pdfium).toFixed(0)} ms`, `${median(page.pdfjs).toFixed(0)} ms`);
  row('  CPU time of the process for it', `${median(pageCpu.pdfium).toFixed(0)} ms`, `${median(pageCpu.pdfjs).toFixed(0)} ms`);
  row('  peak RSS of that process', `${median(pageRss.pdfium).toFixed(0)} MiB`, `${median(pageRss.pdfjs).toFixed(0)} MiB`);
  row(`${all.pdfium.pages}-page edition, every page to PNG`, `${(all.pdfium.ms / all.pdfium.pages).toFixed(0)} ms/page`, `${(all.pdfjs.ms / all.pdfjs.pages).toFixed(0)} ms/page`);
  row('  CPU time of the process for it', `${(all.pdfium.cpuMs / all.pdfium.pages).toFixed(0)} ms/page`, `${(all.pdfjs.cpuMs / all.pdfjs.pages).toFixed(0)} ms/page`);
  row('  peak RSS of that process', `${all.pdfium.rss.toFixed(0)} MiB`, `${all.pdfjs.rss.toFixed(0)} MiB`);
}

/**
 * A 16-page edition (the evening edition four times, with a jumping lead in each four), built as
 * the command builds it: a PDF per page. Cold: the whole process. Warm: one context, rebuilt
 * after an edit of one paragraph on one page (page 10's interview), with characters of the
 * edition and with a character new to it; and after an edit of the page-1 lead that jumps.
 */
async function editionBench() {
  const { makeEdition } = await import(join(root, 'scripts/edition-fixture.mjs'));
  const dir = join(work, 'edition');
  mkdirSync(dir, { recursive: true });
  const file = makeEdition(dir);
  const eout = join(work, 'edition-out');
  const { cold, rss } = coldRuns(file, eout);
  setV8Flags();
  youngGenerationGrows();
  setFlagsFromString('--expose-gc');
  const gc = (await import('node:vm')).runInNewContext('gc');
  const { buildIssue } = await import(join(root, 'dist/build.js'));
  const { BuildContext } = await import(join(root, 'dist/context.js'));
  const context = new BuildContext();
  const build = () => buildIssue(file, { outDir: eout, context, pages: true });
  for (let i = 0; i < 3; i++) await build();
  const copy = join(dir, 'interview-3.md');
  const original = readFileSync(copy, 'utf8');
  const lead = join(dir, 'lead-economy.md');
  const leadOriginal = readFileSync(lead, 'utf8');
  const chars = [...new Set(original.match(/\p{Script=Han}/gu))];
  const anchor = [...original.split('\n').find((l) => [...l].length > 40)].slice(0, 8).join('');
  const edit = (added) => writeFileSync(copy, original.replace(anchor, `${anchor}${added}`));
  const timed = async (work) => {
    const t0 = performance.now();
    await work();
    return performance.now() - t0;
  };
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const warm = [];
  const warmNew = [];
  const warmLead = [];
  for (let i = 0; i < 3 * runs; i++) {
    edit(chars[i] + chars[i + 1]);
    warm.push(await timed(build));
  }
  for (let i = 0; i < 3 * runs; i++) {
    edit(String.fromCodePoint(0x9f98 - i));
    warmNew.push(await timed(build));
  }
  const leadAnchor = '前三季度';
  for (let i = 0; i < 3 * runs; i++) {
    writeFileSync(lead, leadOriginal.replace(leadAnchor, `${leadAnchor}${chars[i + 3]}`));
    warmLead.push(await timed(build));
  }
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const f = (ms) => `${ms.toFixed(0)} ms`;
  const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  console.log(`16-page edition (evening edition ×4, a PDF per page), medians of ${runs} cold runs and ${3 * runs} rebuilds`);
  console.log(`  cold build (process start to 16 PDFs written)      ${f(median(cold))}`);
  console.log(`  peak RSS (cold process)                             ${median(rss).toFixed(0)} MiB`);
  console.log(`  rebuild after a one-paragraph edit on page 10       ${f(median(warm))}`);
  console.log(`    … when the edit adds a character new to the edition ${f(median(warmNew))}`);
  console.log(`  rebuild after an edit of the lead that jumps 1 → 3  ${f(median(warmLead))}`);
  console.log(`  heap after ${9 * runs} rebuilds (after GC)           ${mib(heapAfter)} (${mib(heapBefore)} before them), RSS ${mib(process.memoryUsage().rss)}`);
}

/**
 * Cold builds: a fresh process each time, running the command itself (bin/paiban.js, which sets
 * V8's flags); a module given to --import reports the process's peak RSS (MiB) as it exits.
 */
function coldRuns(issueFile, outDir) {
  const reportRss = `process.on('exit', () => process.stderr.write('RSS ' + process.resourceUsage().maxRSS + '\\n'));`;
  const command = ['--import', `data:text/javascript,${encodeURIComponent(reportRss)}`, join(root, 'bin/paiban.js'), 'build', issueFile, '-o', outDir, '--json'];
  const cold = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, command, { encoding: 'utf8' });
    cold.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`build of ${issueFile} failed: ${r.stderr}`);
    rss.push(Number(/RSS (\d+)/.exec(r.stderr)[1]) / 1024);
  }
  return { cold, rss };
}

/**
 * The desk's latency: a running watch session (in this process) on the sample page and on a
 * 16-page edition, an edge of a frame on the page being looked at moved by one line and back,
 * each move POSTed as the desk does. Timed from the POST to the new image of that page fetched
 * after the event that announced it, and, with a browser, to it loaded in the desk's page.
 */
async function deskBench() {
  setFlagsFromString('--liftoff-only');
  const { watchIssue } = await import(join(root, 'dist/preview/watch.js'));
  const { makeEdition } = await import(join(root, 'scripts/edition-fixture.mjs'));
  const chromiumPath = [process.env.PAIBAN_CHROMIUM, '/usr/bin/chromium'].find((p) => p && statSync(p, { throwIfNoEntry: false }));
  const browser = chromiumPath && (await (await import('playwright-core')).chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] }));
  const editionDir = join(work, 'desk-edition');
  mkdirSync(editionDir, { recursive: true });
  const cases = [
    ['the sample page', issue, 0],
    ['16-page edition, page 6', makeEdition(editionDir), 5],
  ];
  console.log(`desk: a frame's edge moved a line, to the new image of the page on the desk (72 dpi), medians of ${2 * runs}, ${load()}`);
  for (const [label, file, visible] of cases) {
    const session = await watchIssue(file, { port: 0 });
    const states = eventStream(session.url);
    const post = (path, body) => fetch(new URL(path, session.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('/view', { page: visible });
    const ready = (version) => states.until((s) => s.version > version && s.phase === 'ready');
    // The view asked for is drawn first from the next build on.
    const page = session.state.pages[visible];
    const article = page.articles.find((a) => a.path && a.frames.some((f) => f.rectIndex !== undefined));
    const frame = article.frames.find((f) => f.rectIndex !== undefined);
    const move = (lines) => post('/move', { stamp: session.state.stamp, target: { kind: 'frame', ...article.path, rect: frame.rectIndex }, area: { columns: frame.area.columns, lines } });
    const moves = [[frame.area.lines[0], frame.area.lines[1] - 1], frame.area.lines];
    /** One move there and back, timed to the image fetched; `shown` waits for the browser too. */
    const timedMove = async (i, shown) => {
      const version = session.state.version;
      const t0 = performance.now();
      const answer = await move(moves[i % 2]);
      if (answer.status !== 200) throw new Error(`the desk refused the move: ${await answer.text()}`);
      const state = await states.until((s) => s.version > version && s.images[visible] > version);
      await (await fetch(new URL(`/page/${visible}.jpg?v=${state.images[visible]}`, session.url))).arrayBuffer();
      const server = performance.now() - t0;
      const browserMs = shown ? (await shown(version), performance.now() - t0) : undefined;
      await ready(version);
      return { server, browserMs, build: session.state.buildMs, first: session.state.firstPageMs };
    };
    for (let i = 0; i < 2; i++) await timedMove(i);
    let shown;
    let desk;
    if (browser) {
      desk = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await desk.goto(session.url);
      await desk.waitForFunction((v) => Number(document.body.dataset.version) >= v, session.state.images[visible]);
      shown = (version) => desk.waitForFunction((v) => Number(document.body.dataset.version) > v, version, { polling: 'raf' });
    }
    const timings = [];
    for (let i = 0; i < 2 * runs; i++) timings.push(await timedMove(i, shown));
    await desk?.close();
    states.close();
    await session.close();
    const m = (k) => `${median(timings.map((t) => t[k])).toFixed(0)} ms`;
    console.log(`  ${label.padEnd(26)}image fetched ${m('server')}${browser ? `, in the browser ${m('browserMs')}` : ''} (build ${m('build')}, page drawn ${m('first')} after the change was seen)`);
  }
  await browser?.close();
  if (!browser) console.log('  no Chromium found (PAIBAN_CHROMIUM or /usr/bin/chromium): the browser figure is left out');
}

/** The states a watch session sends, as a client of its event stream; `until` waits for one that `test` accepts. */
function eventStream(url) {
  let latest;
  const waiting = [];
  const controller = new AbortController();
  (async () => {
    const response = await fetch(new URL('/events', url), { signal: controller.signal });
    let buffer = '';
    for await (const piece of response.body.pipeThrough(new TextDecoderStream())) {
      buffer += piece;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        latest = JSON.parse(buffer.slice(buffer.indexOf('data: ') + 6, end));
        buffer = buffer.slice(end + 2);
        for (const w of [...waiting]) if (w.test(latest)) waiting.splice(waiting.indexOf(w), 1), w.done(latest);
      }
    }
  })().catch(() => {});
  return {
    until: (test) => new Promise((done) => (latest && test(latest) ? done(latest) : waiting.push({ test, done }))),
    close: () => controller.abort(),
  };
}
